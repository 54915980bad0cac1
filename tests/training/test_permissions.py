"""Who may do what, per role: the rules predicates and the pages that use them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from members.models import Affiliation
from tests.factories import AffiliationFactory, RegionalOfficeFactory, UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from training.models import Application
from training.permissions import (
    SUPPORT_GROUP,
    can_nominate,
    can_organise,
    can_view_application,
    is_support_team,
    is_training_staff,
)


@pytest.fixture
def roles(member, hanoi, secretariat):
    office = RegionalOfficeFactory(name="Asia Regional Office")
    support = UserFactory(is_staff=True)
    support.groups.add(Group.objects.get_or_create(name=SUPPORT_GROUP)[0])
    return {
        "visitor": AnonymousUser(),
        "applicant": AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user,
        "colleague": AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user,
        "focal_point": AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user,
        "delegate": AffiliationFactory(member=member, role=Affiliation.Role.DELEGATE).user,
        "other_focal_point": AffiliationFactory(member=hanoi, role=Affiliation.Role.FOCAL_POINT).user,
        "secretariat": secretariat,
        "regional_staff": UserFactory(is_staff=True, regional_office=office),
        "support_team": support,
        "office": office,
    }


EXPECTED = {
    #                     nominate, view application, organise Seoul session, organise office session, console, support team
    "visitor":           (False, False, False, False, False, False),
    "applicant":         (False, True, False, False, False, False),
    "colleague":         (False, False, False, False, False, False),
    "focal_point":       (True, True, False, False, False, False),
    "delegate":          (False, False, False, False, False, False),
    "other_focal_point": (False, False, False, False, False, False),
    "secretariat":       (True, True, True, True, True, True),
    "regional_staff":    (False, False, False, True, True, False),
    "support_team":      (False, False, False, False, True, True),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(roles, session, member, role):
    user = roles[role]
    app = Application.objects.create(session=session, applicant=roles["applicant"], member=member, motivation="m")
    office_session = SessionFactory(program=ProgramFactory(regional_office=roles["office"]))
    got = (
        bool(can_nominate(user, app)),
        bool(can_view_application(user, app)),
        bool(can_organise(user, session)),
        bool(can_organise(user, office_session)),
        bool(is_training_staff(user)),
        bool(is_support_team(user)),
    )
    assert got == EXPECTED[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", 302), ("applicant", 403), ("focal_point", 200), ("other_focal_point", 404), ("delegate", 403)],
)
def test_nominations_page_per_role(client, roles, member, role, status):
    user = roles[role]
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(reverse("training:nominations"), {"member": member.pk}).status_code == status
