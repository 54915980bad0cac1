"""Associate membership on submission (issue 20, point 1).

The background (section "Organizational Function of WeGO"): "Cities and local governments
automatically become associate Members when they submit their application forms and acquire Full
Member-status when their membership application is formally approved by the Executive Committee."

So a city's submission (with the signed letter) makes it an active Associate member at once, with its
officials' access; the Secretariat verifies and may reject within MEMBERSHIP_VERIFICATION_DAYS, which
withdraws the membership; Full membership only through the Executive Committee approval service;
Friendship applications (associations) keep their confirmation step.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ceds.permissions import is_member_official
from finance import fees
from finance import services as finance
from finance.models import CountryEconomy, FeeRun, Invoice
from members import services
from members.models import Affiliation, Member, MembershipApplication, MembershipDecision
from tests.factories import UserFactory
from tests.helpers import pdf_file
from wego.models import AuditEntry

from .conftest import APPLICATION_DATA

pytestmark = pytest.mark.django_db


def submit(applicant, **overrides):
    draft = services.application_save_draft(
        applicant=applicant, data=dict(APPLICATION_DATA, **overrides), letter=pdf_file()
    )
    return services.application_submit(application=draft, by=applicant)


def later(monkeypatch, days: int) -> None:
    """Let `days` days pass for the membership services."""
    moved = timezone.now() + dt.timedelta(days=days)
    monkeypatch.setattr(services.clock, "timezone_now", lambda: moved)


# --- submission makes an Associate at once ------------------------------------------------------------


def test_submitting_makes_the_city_an_associate_at_once_with_its_officials_access(
    client, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    draft = client.post(reverse("members:apply-new"), {**APPLICATION_DATA, "save": "1"})
    assert draft.status_code == 302
    application = MembershipApplication.objects.get(applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:apply-edit", args=[application.pk]),
            {**APPLICATION_DATA, "submit": "1", "letter": pdf_file()},
        )
    application.refresh_from_db()
    member = application.member
    # An active Associate member from the day of submission, no Secretariat step in between.
    assert application.status == MembershipApplication.Status.VERIFYING
    assert (member.status, member.category, member.kind) == ("active", "associate", "city")
    assert member.joined_on == timezone.now().date()
    assert application.verification_due_on == member.joined_on + dt.timedelta(days=30)
    # The applicant is the focal point of the new member and lands on its member home.
    assert Affiliation.objects.get(member=member, user=applicant).role == Affiliation.Role.FOCAL_POINT
    assert response.status_code == 302 and response["Location"] == f"{reverse('members:my')}?member={member.pk}"
    home = client.get(response["Location"]).content.decode()
    assert "Da Nang" in home and "Associate" in home and "Invite a colleague" in home
    assert "The Secretariat verifies the application until" in home
    # CeDS and the other member services are open to its officials.
    assert is_member_official(applicant)
    assert client.get(reverse("ceds:forum")).status_code == 200
    assert client.get(reverse("members:detail", args=[member.slug])).status_code == 200  # in the directory
    # The confirmation mail says so, with the verification period.
    welcome = next(m for m in mail.outbox if applicant.email in m.to)
    assert "Da Nang is now an Associate member" in welcome.subject
    assert "within 30 days" in welcome.body
    assert "Executive Committee" in welcome.body
    audit = AuditEntry.objects.get(action="members.application.submitted")
    assert audit.data["status"] == "verifying" and audit.data["member"] == member.pk


def test_the_application_pages_state_the_verification_period(client, applicant):
    client.force_login(applicant)
    with override_settings(MEMBERSHIP_VERIFICATION_DAYS=45):
        assert "within 45 days" in client.get(reverse("members:apply")).content.decode()
        assert "within 45 days" in client.get(reverse("members:apply-new")).content.decode()
        application = submit(applicant)
        assert application.verification_due_on == timezone.now().date() + dt.timedelta(days=45)
        page = client.get(reverse("members:apply-edit", args=[application.pk])).content.decode()
    assert "within 45 days of the submission" in page
    assert "Associate member, under verification" in page


def test_a_national_institution_is_also_an_associate_on_submission_but_a_company_is_not(applicant):
    institution = submit(applicant, name="National ICT Agency", kind="institution", population=None)
    assert institution.status == MembershipApplication.Status.VERIFYING
    assert institution.member.category == Member.Category.ASSOCIATE
    company = submit(UserFactory(), name="Hanbit Soft", kind="company", population=None)
    assert company.status == MembershipApplication.Status.SUBMITTED and company.member is None


def test_submission_without_the_letter_makes_no_member(applicant):
    draft = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA))
    with pytest.raises(ValidationError, match="signed application letter"):
        services.application_submit(application=draft, by=applicant)
    assert not Member.objects.exists()


def test_an_associate_under_verification_cannot_cancel_its_application_nor_apply_twice(applicant):
    application = submit(applicant)
    with pytest.raises(ValidationError, match="already an Associate member.*withdrawal"):
        services.application_cancel(application=application, by=applicant)
    with pytest.raises(ValidationError, match="already open: Da Nang is an Associate member"):
        services.application_save_draft(applicant=UserFactory(), data=dict(APPLICATION_DATA))


# --- Full only through the Executive Committee ----------------------------------------------------------


def test_full_membership_only_through_the_executive_committee_approval(applicant, secretariat):
    application = submit(applicant)
    member = application.member
    # The Secretariat cannot "accept" a city into anything: it verifies.
    with pytest.raises(ValidationError, match="Record the verification instead"):
        services.application_accept(application=application, by=secretariat)
    # No Executive Committee approval before the Secretariat's check.
    with pytest.raises(ValidationError, match="has not verified the application"):
        services.member_record_committee_approval(
            member=member, reference="EC-2026-09", decided_on=timezone.now().date(), by=secretariat
        )
    services.application_verify(application=application, by=secretariat, note="Letter checked.")
    member.refresh_from_db()
    assert member.category == Member.Category.ASSOCIATE  # verification does not make a Full member
    assert not MembershipDecision.objects.exists()
    services.member_record_committee_approval(
        member=member, reference="EC-2026-09", decided_on=timezone.now().date(), by=secretariat
    )
    member.refresh_from_db()
    assert member.category == Member.Category.FULL
    decision = MembershipDecision.objects.get(member=member)
    assert (decision.kind, decision.reference) == ("full_membership", "EC-2026-09")
    application.refresh_from_db()
    assert (application.status, application.verified_by, application.verification_note) == (
        "verified", secretariat, "Letter checked."
    )
    assert AuditEntry.objects.filter(action="members.application.verified").exists()


# --- verification rejection ---------------------------------------------------------------------------


def test_rejection_within_the_period_withdraws_the_associate_membership(
    client, applicant, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    application = submit(applicant)
    member = application.member
    later(monkeypatch, 30)  # the last day of the period
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(application=application, by=secretariat, reason="The letter is not signed.")
    member.refresh_from_db()
    application.refresh_from_db()
    assert member.status == Member.Status.WITHDRAWN
    assert "The letter is not signed." in member.status_reason
    assert member.withdrawn_on == timezone.now().date() + dt.timedelta(days=30)
    assert (application.status, application.rejection_reason, application.decided_by) == (
        "rejected", "The letter is not signed.", secretariat
    )
    withdrawn = AuditEntry.objects.get(action="members.member.withdrawn")
    assert withdrawn.data["source"] == "verification_rejection" and withdrawn.actor == secretariat
    assert AuditEntry.objects.get(action="members.application.rejected").data["in_verification"] is True
    # The focal point is told why.
    told = [m for m in mail.outbox if applicant.email in m.to]
    assert len(told) == 1
    assert "withdrawn" in told[0].subject and "The letter is not signed." in told[0].body
    # Its officials lose the member services; the city may apply again.
    assert not is_member_official(applicant)
    client.force_login(applicant)
    assert client.get(reverse("ceds:forum")).status_code == 404
    assert services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA)).status == "draft"


def test_rejection_after_the_period_is_refused_and_says_what_to_do(
    client, applicant, secretariat, staff_with_mfa, monkeypatch
):
    application = submit(applicant)
    later(monkeypatch, 31)
    with pytest.raises(ValidationError) as refused:
        services.application_reject(application=application, by=secretariat, reason="Too late.")
    message = refused.value.messages[0]
    assert "verification period of Da Nang ended on" in message
    assert "suspend the member" in message and "request withdrawal" in message
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.VERIFYING
    assert application.member.status == Member.Status.ACTIVE
    # The console page (which reads today's date) offers no rejection once the period has ended, and
    # says what to do instead.
    MembershipApplication.objects.filter(pk=application.pk).update(
        verification_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(staff_with_mfa)
    page = client.get(reverse("members_staff:application", args=[application.pk])).content.decode()
    assert "Reject and withdraw the membership" not in page
    assert "suspend the member" in page
    # The ordinary suspension still works.
    services.member_suspend(member=application.member, by=secretariat, reason="Letter never signed.")
    assert Member.objects.get(pk=application.member_id).status == Member.Status.SUSPENDED


def test_staff_console_lists_verifications_and_rejects_within_the_period(client, applicant, staff_with_mfa):
    application = submit(applicant)
    client.force_login(staff_with_mfa)
    console = client.get(reverse("members_staff:console")).content.decode()
    assert "Associate members under verification" in console and "Da Nang" in console
    url = reverse("members_staff:application", args=[application.pk])
    assert "Reject and withdraw the membership" in client.get(url).content.decode()
    response = client.post(url, {"reject": "1", "reason": "Not a local government."}, follow=True)
    assert "Associate membership withdrawn" in response.content.decode()
    assert Member.objects.get(pk=application.member_id).status == Member.Status.WITHDRAWN


def test_admin_action_verifies(client, applicant, staff_with_mfa):
    application = submit(applicant)
    client.force_login(staff_with_mfa)
    response = client.post(
        "/admin/members/membershipapplication/",
        {"action": "verify_applications", "_selected_action": [str(application.pk)], "apply": "1"},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.VERIFIED
    assert application.verified_by == staff_with_mfa


# --- Friendship keeps its confirmation step ---------------------------------------------------------------


def test_friendship_applications_still_wait_for_confirmation(client, applicant, secretariat):
    association = submit(applicant, name="League of Cities", kind="association", population=None)
    # Submission makes no member: the Secretariat reviews it first.
    assert association.status == MembershipApplication.Status.SUBMITTED
    assert association.member is None and not Member.objects.exists()
    assert not is_member_official(applicant)
    client.force_login(applicant)
    assert "Friendship members) keep a confirmation step" in client.get(reverse("members:apply")).content.decode()
    # Accepted: a Friendship applicant, still without the member services.
    member = services.application_accept(application=association, by=secretariat).member
    assert (member.status, member.category) == ("applicant", "friendship")
    assert not is_member_official(applicant)
    # The Executive Committee's confirmation makes it an active Friendship member.
    services.member_record_committee_approval(
        member=member, reference="EC-2026-10", decided_on=timezone.now().date(), by=secretariat
    )
    member.refresh_from_db()
    assert (member.status, member.category) == ("active", "friendship")


# --- the fee run --------------------------------------------------------------------------------------------


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_fee_run_bills_an_associate_only_once_verified_from_its_submission_month(applicant, secretariat):
    year = timezone.localdate().year
    finance.fee_schedule_create_example(year=year)  # Associates pay 50 % of the Full fee, pro rata by month
    CountryEconomy.objects.create(country="VN", year=year - 1, gdp_ppp_per_capita=Decimal("14000"), source="t")
    application = submit(applicant)
    member = application.member

    first = finance.fee_run_execute(run=FeeRun.objects.create(year=year), notify=False)
    assert first.created_count == 0
    assert [(n["name"], n["reason"]) for n in first.not_billed] == [("Da Nang", "under_verification")]
    assert finance.member_quote(member=member, year=year).no_fee == "under_verification"

    services.application_verify(application=application, by=secretariat)
    second = finance.fee_run_execute(run=FeeRun.objects.create(year=year), notify=False)
    assert second.created_count == 1
    invoice = Invoice.objects.get(member=member)
    # VN 14,000 → tier T2; 1,230,000 people → band B3: Full 4,000, Associate 50 % = 2,000, from the month of submission.
    months = 13 - member.joined_on.month
    assert invoice.amount == _money(Decimal(2000) * months / Decimal(12))
    assert invoice.explanation["rule"] == "associate_percent"


def test_fee_run_bills_an_associate_whose_period_ended_unverified(applicant):
    year = timezone.localdate().year
    finance.fee_schedule_create_example(year=year)
    CountryEconomy.objects.create(country="VN", year=year - 1, gdp_ppp_per_capita=Decimal("14000"), source="t")
    application = submit(applicant)
    MembershipApplication.objects.filter(pk=application.pk).update(
        verification_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    run = finance.fee_run_execute(run=FeeRun.objects.create(year=year), notify=False)
    assert run.created_count == 1 and run.not_billed == []


def test_quote_of_an_associate_under_verification_is_no_fee():
    year = timezone.localdate().year
    finance.fee_schedule_create_example(year=year)
    loaded = fees.load_schedule(year)
    common = {"schedule": loaded, "kind": "city", "country": "VN", "population": 1_230_000, "joined_on": None,
              "economy": fees.EconomyFigure(year - 1, Decimal("14000"))}
    assert fees.quote(category="associate", under_verification=True, **common).no_fee == "under_verification"
    assert fees.quote(category="associate", **common).amount == Decimal("2000.00")
    # Only Associates are held back: the flag means nothing for other categories.
    assert fees.quote(category="full", under_verification=True, **common).amount == Decimal("4000.00")


# --- the demo -------------------------------------------------------------------------------------------------


def test_demo_shows_an_associate_under_verification_and_a_friendship_application_waiting():
    import io

    from members import demo

    demo.seed(stdout=io.StringIO())
    colombo = MembershipApplication.objects.get(name="Colombo")
    assert colombo.status == MembershipApplication.Status.VERIFYING
    assert (colombo.member.status, colombo.member.category) == ("active", "associate")
    assert colombo.member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT, user=colombo.applicant).exists()
    montevideo = MembershipApplication.objects.get(name="Montevideo")
    assert montevideo.status == MembershipApplication.Status.VERIFIED
    friendship = MembershipApplication.objects.get(kind="association")
    assert friendship.status == MembershipApplication.Status.SUBMITTED and friendship.member is None
    counts = (MembershipApplication.objects.count(), Member.objects.count(), AuditEntry.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (MembershipApplication.objects.count(), Member.objects.count(), AuditEntry.objects.count()) == counts
