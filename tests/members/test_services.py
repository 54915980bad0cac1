"""Membership transitions, allowed and refused, each with its audit entry."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import services
from members.models import Affiliation, Member, MembershipApplication, MembershipDecision, WithdrawalRequest
from members.regions import region_for_country
from tests.factories import AffiliationFactory, MemberFactory, RegionalOfficeFactory, UserFactory
from tests.helpers import pdf_file
from wego.models import AuditEntry

from .conftest import APPLICATION_DATA

pytestmark = pytest.mark.django_db


def audited(action: str) -> bool:
    return AuditEntry.objects.filter(action=action).exists()


# --- applications -------------------------------------------------------------------------------

def test_submit_needs_the_signed_letter(applicant):
    app = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA))
    assert app.status == MembershipApplication.Status.DRAFT
    with pytest.raises(ValidationError, match="signed application letter"):
        services.application_submit(application=app, by=applicant)


def test_submit_notifies_the_secretariat(applicant, secretariat, django_capture_on_commit_callbacks):
    app = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA), letter=pdf_file())
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(application=app, by=applicant)
    # A city is an Associate member from its submission, under verification (issue 20, point 1).
    assert app.status == MembershipApplication.Status.VERIFYING
    assert audited("members.application.submitted")
    assert any(secretariat.email in m.to for m in mail.outbox)


def test_second_open_application_for_the_same_organisation_is_refused(submitted_application):
    other = UserFactory()
    data = dict(APPLICATION_DATA, name="  da   NANG ")
    with pytest.raises(ValidationError, match="already open"):
        services.application_save_draft(applicant=other, data=data)


def test_database_refuses_two_open_applications_for_one_organisation(submitted_application):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipApplication.objects.create(
            applicant=UserFactory(), name="Da Nang", name_key="da nang", country="VN",
            contact_name="x", contact_email="x@example.org", status="submitted",
        )


def test_submission_makes_an_associate_member_with_the_applicant_as_focal_point(
    applicant, secretariat, django_capture_on_commit_callbacks
):
    # Was "accept makes an associate": since issue 20 a city is an Associate from its submission.
    office = RegionalOfficeFactory(regions=["asia"])
    app = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA), letter=pdf_file())
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(application=app, by=applicant)
    member = app.member
    assert member.status == Member.Status.ACTIVE
    assert member.category == Member.Category.ASSOCIATE
    assert member.region == "asia"
    assert member.regional_office == office
    assert member.joined_on == timezone.localdate() or member.joined_on == timezone.now().date()
    assert Affiliation.objects.get(member=member, user=app.applicant).role == Affiliation.Role.FOCAL_POINT
    assert audited("members.application.submitted") and audited("members.member.created")
    assert any("Welcome to WeGO" in m.subject for m in mail.outbox)


def test_accepting_twice_is_refused(applicant, secretariat):
    # An association's application: a city's is no longer accepted (it is an Associate on submission).
    association = services.application_save_draft(
        applicant=applicant, data=dict(APPLICATION_DATA, name="League of Cities", kind="association"),
        letter=pdf_file(),
    )
    submitted = services.application_submit(application=association, by=applicant)
    services.application_accept(application=submitted, by=secretariat)
    with pytest.raises(ValidationError, match="Only a submitted application"):
        services.application_accept(application=submitted, by=secretariat)


def test_reject_needs_a_reason_that_the_applicant_sees(submitted_application, secretariat, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="reason"):
        services.application_reject(application=submitted_application, by=secretariat, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_reject(application=submitted_application, by=secretariat, reason="Letter unsigned.")
    assert app.status == MembershipApplication.Status.REJECTED
    assert "Letter unsigned." in mail.outbox[-1].body
    # After a rejection the organisation may apply again.
    services.application_save_draft(applicant=app.applicant, data=dict(APPLICATION_DATA))


def test_company_becomes_corporate_and_association_waits_for_the_committee(applicant, secretariat):
    company = services.application_save_draft(
        applicant=applicant, data=dict(APPLICATION_DATA, name="Hanbit Soft", kind="company"), letter=pdf_file()
    )
    services.application_submit(application=company, by=applicant)
    member = services.application_accept(application=company, by=secretariat).member
    assert (member.status, member.category) == ("active", "corporate")

    association = services.application_save_draft(
        applicant=UserFactory(), data=dict(APPLICATION_DATA, name="League of Cities", kind="association"),
        letter=pdf_file(),
    )
    services.application_submit(application=association, by=association.applicant)
    member = services.application_accept(application=association, by=secretariat).member
    assert (member.status, member.category) == ("applicant", "friendship")
    member = services.member_record_committee_approval(
        member=member, reference="EC-2026-03", decided_on=dt.date(2026, 6, 1), by=secretariat
    )
    assert (member.status, member.category) == ("active", "friendship")
    assert member.joined_on == dt.date(2026, 6, 1)


# --- committee approval and other transitions ------------------------------------------------------

def test_committee_approval_turns_an_associate_into_a_full_member(secretariat):
    member = MemberFactory(category=Member.Category.ASSOCIATE)
    services.member_record_committee_approval(
        member=member, reference="EC-2026-07", decided_on=dt.date(2026, 10, 2), by=secretariat
    )
    member.refresh_from_db()
    assert member.category == Member.Category.FULL
    decision = MembershipDecision.objects.get(member=member)
    assert (decision.kind, decision.reference) == ("full_membership", "EC-2026-07")
    assert audited("members.member.full_membership")


@pytest.mark.parametrize(
    ("status", "category"),
    [("withdrawn", "associate"), ("suspended", "associate"), ("active", "full"), ("active", "corporate")],
)
def test_committee_approval_is_refused_outside_the_allowed_states(secretariat, status, category):
    member = MemberFactory(status=status, category=category)
    with pytest.raises(ValidationError, match="cannot receive an Executive Committee approval"):
        services.member_record_committee_approval(
            member=member, reference="EC-1", decided_on=dt.date(2026, 1, 1), by=secretariat
        )
    member.refresh_from_db()
    assert (member.status, member.category) == (status, category)


def test_committee_approval_needs_reference_and_past_date(secretariat):
    member = MemberFactory(category="associate")
    with pytest.raises(ValidationError, match="reference"):
        services.member_record_committee_approval(member=member, reference="", decided_on=dt.date(2026, 1, 1), by=secretariat)
    with pytest.raises(ValidationError, match="future"):
        services.member_record_committee_approval(
            member=member, reference="EC", decided_on=timezone.now().date() + dt.timedelta(days=3), by=secretariat
        )


def test_suspend_and_reinstate(secretariat):
    member = MemberFactory()
    services.member_suspend(member=member, by=secretariat, reason="Fees unpaid for three years.")
    member.refresh_from_db()
    assert member.status == "suspended"
    with pytest.raises(ValidationError):
        services.member_suspend(member=member, by=secretariat, reason="again")
    services.member_reinstate(member=member, by=secretariat)
    member.refresh_from_db()
    assert member.status == "active"
    with pytest.raises(ValidationError):
        services.member_reinstate(member=member, by=secretariat)


def test_region_is_derived_from_the_country_and_can_be_overridden(secretariat):
    member = services.member_create(name="Istanbul", country="TR", kind="city")
    assert member.region == region_for_country("TR") == "middle_east"
    services.member_set_region(member=member, region="europe", by=secretariat)
    assert (member.region, member.region_overridden) == ("europe", True)
    services.member_set_region(member=member, region="", by=secretariat)
    assert (member.region, member.region_overridden) == ("middle_east", False)


# --- withdrawal ------------------------------------------------------------------------------------

def test_withdrawal_request_and_confirmation(member, focal_point, secretariat):
    effective = timezone.now().date() + dt.timedelta(days=30)
    request = services.withdrawal_request_submit(member=member, by=focal_point, reason="Budget cuts.", effective_on=effective)
    with pytest.raises(ValidationError, match="already pending"):
        services.withdrawal_request_submit(member=member, by=focal_point, reason="again", effective_on=effective)
    services.withdrawal_confirm(request=request, by=secretariat)
    member.refresh_from_db()
    assert member.status == "withdrawn"
    assert member.withdrawn_on == effective
    assert Affiliation.objects.filter(member=member).exists()  # history stays
    assert audited("members.member.withdrawn")
    with pytest.raises(ValidationError):
        services.withdrawal_confirm(request=request, by=secretariat)


def test_only_focal_points_request_withdrawal(member, official):
    with pytest.raises(ValidationError, match="Only a focal point"):
        services.withdrawal_request_submit(
            member=member, by=official, reason="x", effective_on=timezone.now().date()
        )


def test_withdrawal_cannot_be_dated_in_the_past(member, focal_point):
    with pytest.raises(ValidationError, match="past"):
        services.withdrawal_request_submit(
            member=member, by=focal_point, reason="x", effective_on=timezone.now().date() - dt.timedelta(days=1)
        )


def test_cancelled_withdrawal_leaves_the_member_active(member, focal_point):
    request = services.withdrawal_request_submit(
        member=member, by=focal_point, reason="x", effective_on=timezone.now().date()
    )
    services.withdrawal_cancel(request=request, by=focal_point)
    assert request.status == WithdrawalRequest.Status.CANCELLED
    member.refresh_from_db()
    assert member.status == "active"


# --- officials, roles, invitations -----------------------------------------------------------------

def test_invitation_flow_works_once(member, focal_point, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, link = services.invitation_send(
            member=member, email="Colleague@Seoul.example.org", role="delegate", by=focal_point
        )
    assert invitation.email == "colleague@seoul.example.org"
    assert link in mail.outbox[-1].body
    token = link.rstrip("/").rsplit("/", 1)[-1]
    colleague = UserFactory(email="colleague@seoul.example.org")
    affiliation = services.invitation_accept(token=token, user=colleague)
    assert (affiliation.member, affiliation.role) == (member, "delegate")
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(token=token, user=colleague)


def test_invitation_is_for_the_invited_address_only(member, focal_point):
    _inv, link = services.invitation_send(member=member, email="a@example.org", role="official", by=focal_point)
    with pytest.raises(ValidationError, match="was sent to a@example.org"):
        services.invitation_accept(token=link.rstrip("/").rsplit("/", 1)[-1], user=UserFactory(email="b@example.org"))


def test_invitation_expires_after_14_days(member, focal_point):
    invitation, link = services.invitation_send(member=member, email="a@example.org", role="official", by=focal_point)
    assert (invitation.expires_at - invitation.created_at).days == 14
    invitation.expires_at = timezone.now() - dt.timedelta(seconds=1)
    invitation.save()
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(token=link.rstrip("/").rsplit("/", 1)[-1], user=UserFactory(email="a@example.org"))


def test_unknown_or_revoked_invitation(member, focal_point):
    with pytest.raises(ValidationError, match="not valid"):
        services.invitation_accept(token="nope", user=focal_point)
    invitation, link = services.invitation_send(member=member, email="a@example.org", role="official", by=focal_point)
    services.invitation_revoke(invitation=invitation, by=focal_point)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.invitation_accept(token=link.rstrip("/").rsplit("/", 1)[-1], user=UserFactory(email="a@example.org"))


def test_only_focal_points_invite(member, official):
    with pytest.raises(ValidationError, match="Only a focal point"):
        services.invitation_send(member=member, email="a@example.org", role="official", by=official)


def test_a_member_keeps_at_least_one_focal_point(member, focal_point, official):
    focal = Affiliation.objects.get(user=focal_point, member=member)
    with pytest.raises(ValidationError, match="at least one focal point"):
        services.affiliation_set_role(affiliation=focal, role="official", by=focal_point)
    with pytest.raises(ValidationError, match="at least one focal point"):
        services.affiliation_remove(affiliation=focal, by=focal_point)
    other = Affiliation.objects.get(user=official, member=member)
    services.affiliation_set_role(affiliation=other, role="focal_point", by=focal_point)
    services.affiliation_set_role(affiliation=focal, role="official", by=focal_point)
    assert set(member.affiliations.values_list("role", flat=True)) == {"official", "focal_point"}


def test_officials_cannot_change_roles(member, official):
    target = AffiliationFactory(member=member)
    with pytest.raises(ValidationError, match="Only a focal point"):
        services.affiliation_set_role(affiliation=target, role="delegate", by=official)


def test_member_slugs_never_shadow_portal_paths():
    for name in ("My", "Fees", "Finance"):
        member = services.member_create(name=name, country="KR", kind="city")
        assert member.slug not in services.RESERVED_SLUGS
