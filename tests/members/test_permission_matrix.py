"""Who may open which membership page or endpoint: one table, every role."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, RegionalOfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "official_a", "official_b", "focal_point_a", "secretariat", "regional_own", "regional_other", "partner"]


@pytest.fixture
def world(secretariat, partner_key):
    a = MemberFactory(name="Seoul", country="KR")
    b = MemberFactory(name="Hanoi", country="VN")
    asia = RegionalOfficeFactory(name="Asia office", regions=["asia"])
    europe = RegionalOfficeFactory(name="Europe office", regions=["europe"])
    users = {
        "official_a": AffiliationFactory(member=a, role=Affiliation.Role.OFFICIAL).user,
        "official_b": AffiliationFactory(member=b, role=Affiliation.Role.OFFICIAL).user,
        "focal_point_a": AffiliationFactory(member=a, role=Affiliation.Role.FOCAL_POINT).user,
        "secretariat": secretariat,
        "regional_own": UserFactory(is_staff=True, regional_office=asia),
        "regional_other": UserFactory(is_staff=True, regional_office=europe),
    }
    from django.contrib.auth.models import Group

    from members.services import REGIONAL_OFFICE_GROUP

    for key in ("secretariat", "regional_own", "regional_other"):
        TOTP.activate(users[key], generate_totp_secret())
    for key in ("regional_own", "regional_other"):
        users[key].groups.add(Group.objects.get(name=REGIONAL_OFFICE_GROUP))
    return {"a": a, "b": b, "users": users, "partner_key": partner_key}


def client_for(role, world):
    client = APIClient()
    if role == "partner":
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world['partner_key']}")
    elif role != "visitor":
        client.force_login(world["users"][role])
    return client


# expected status per role, in ROLES order
MATRIX = [
    ("GET", "/members/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/members/{a_slug}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/partners/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/members/my/", [302, 200, 200, 200, 200, 200, 200, 302]),
    ("POST", "/members/my/{a_id}/invite/", [302, 403, 404, 302, 404, 404, 404, 302]),
    ("GET", "/staff/members/", [302, 403, 403, 403, 200, 200, 200, 302]),
    ("GET", "/staff/members/{a_id}/", [302, 403, 403, 403, 200, 200, 404, 302]),
    ("GET", "/admin/members/member/", [302, 302, 302, 302, 200, 200, 200, 302]),
    ("GET", "/admin/members/member/{a_id}/change/", [302, 302, 302, 302, 200, 200, 302, 302]),
    ("GET", "/api/v1/members/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/members/{a_id}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/me/", [401, 200, 200, 200, 200, 200, 200, 200]),
]


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _e in MATRIX])
def test_permission_matrix(world, method, path, expected):
    url = path.format(a_slug=world["a"].slug, a_id=world["a"].pk)
    got = []
    for role in ROLES:
        client = client_for(role, world)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {"email": "new@example.org", "role": "official"})
        got.append(response.status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))
