"""Who may open which feasibility page or endpoint: one table, every role."""

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from feasibility import services
from members.models import Affiliation
from tests.factories.feasibility import (
    CallFactory,
    ReviewerFactory,
    SubmittedLetterFactory,
    ThemeSurveyFactory,
)
from tests.factories.members import AffiliationFactory, MemberFactory, UserFactory

from .conftest import close_call

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "official_a", "official_b", "focal_point_a", "reviewer", "consultant", "secretariat", "partner"]


@pytest.fixture
def world(secretariat, partner_key):
    a = MemberFactory(name="Hanoi", country="VN")
    b = MemberFactory(name="San Fernando La Union", country="PH")
    users = {
        "official_a": AffiliationFactory(member=a, role=Affiliation.Role.OFFICIAL).user,
        "official_b": AffiliationFactory(member=b, role=Affiliation.Role.OFFICIAL).user,
        "focal_point_a": AffiliationFactory(member=a, role=Affiliation.Role.FOCAL_POINT).user,
        "reviewer": UserFactory(),
        "consultant": UserFactory(),
        "secretariat": secretariat,
    }
    TOTP.activate(secretariat, generate_totp_secret())
    call = CallFactory(cities_to_select=2)
    letter_a = SubmittedLetterFactory(call=call, member=a)
    letter_b = SubmittedLetterFactory(call=call, member=b)
    close_call(call)
    review = services.review_assign(
        reviewer=ReviewerFactory(call=call, user=users["reviewer"], country="DE"), letter=letter_a, by=secretariat
    )
    project = services.letter_select(letter=letter_a, by=secretariat)
    services.consultant_add(project=project, user=users["consultant"], by=secretariat)
    services.economics_save(project=project, by=secretariat, discount_rate=Decimal(8), start_year=2026,
                            years=[{"cost": 10, "benefit": 0}, {"cost": 0, "benefit": 12}])
    survey = ThemeSurveyFactory()
    ids = {
        "call": call.pk, "letter_a": letter_a.pk, "letter_b": letter_b.pk, "a": a.pk, "review": review.pk,
        "project": project.pk, "deliverable": project.deliverables.first().pk, "survey": survey.pk,
    }
    return {"users": users, "partner_key": partner_key, "ids": ids}


def client_for(role, world):
    client = APIClient()
    if role == "partner":
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world['partner_key']}")
    elif role != "visitor":
        client.force_login(world["users"][role])
    return client


# expected status per role, in ROLES order
MATRIX = [
    ("GET", "/feasibility/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/feasibility/calls/{call}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/feasibility/library/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/feasibility/my/", [302, 200, 200, 200, 200, 200, 200, 302]),
    ("GET", "/feasibility/letters/{letter_a}/", [302, 200, 404, 200, 200, 404, 200, 302]),
    ("GET", "/feasibility/letters/{letter_b}/", [302, 404, 200, 404, 404, 404, 200, 302]),
    ("GET", "/feasibility/letters/{letter_a}/signed-letter.pdf", [302, 200, 404, 200, 200, 404, 200, 302]),
    ("GET", "/feasibility/calls/{call}/letter/{a}/", [302, 302, 404, 302, 404, 404, 404, 302]),
    ("GET", "/feasibility/surveys/{survey}/rank/{a}/", [302, 403, 404, 200, 404, 404, 404, 302]),
    ("GET", "/feasibility/reviews/", [302, 200, 200, 200, 200, 200, 200, 302]),
    ("GET", "/feasibility/reviews/{review}/", [302, 404, 404, 404, 200, 404, 404, 302]),
    ("GET", "/feasibility/workspace/", [302, 200, 200, 200, 200, 200, 200, 302]),
    ("GET", "/feasibility/projects/{project}/", [302, 200, 404, 200, 404, 200, 200, 302]),
    ("GET", "/feasibility/projects/{project}/economics/", [302, 200, 404, 200, 404, 200, 200, 302]),
    ("GET", "/feasibility/projects/{project}/economics.xlsx", [302, 200, 404, 200, 404, 200, 200, 302]),
    ("POST", "/feasibility/projects/{project}/economics/", [302, 403, 404, 403, 404, 200, 200, 302]),
    ("GET", "/feasibility/projects/{project}/deliverables/{deliverable}/", [302, 200, 404, 200, 404, 200, 200, 302]),
    ("POST", "/feasibility/projects/{project}/transition/", [302, 403, 404, 403, 404, 403, 403, 302]),
    ("GET", "/staff/feasibility/", [302, 403, 403, 403, 403, 403, 200, 302]),
    ("GET", "/staff/feasibility/calls/{call}/", [302, 403, 403, 403, 403, 403, 200, 302]),
    ("GET", "/staff/feasibility/projects/{project}/", [302, 403, 403, 403, 403, 403, 200, 302]),
    ("GET", "/admin/feasibility/letterofintent/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/admin/feasibility/project/{project}/change/", [302, 302, 302, 302, 302, 302, 200, 302]),
    ("GET", "/api/v1/feasibility/calls/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/feasibility/projects/", [200, 200, 200, 200, 200, 200, 200, 200]),
]


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_permission_matrix(world, method, path, expected):
    url = path.format(**world["ids"])
    got = []
    for role in ROLES:
        client = client_for(role, world)
        response = client.get(url) if method == "GET" else client.post(url, {"transition": "follow_up"})
        got.append(response.status_code)
    assert got == expected, dict(zip(ROLES, got, strict=True))
