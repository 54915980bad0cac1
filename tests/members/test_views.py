"""Membership pages for applicants, officials, focal points and staff."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, Invitation, Member, MembershipApplication, WithdrawalRequest
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.helpers import PDF_BYTES, pdf_file

from .conftest import APPLICATION_DATA

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = dict(APPLICATION_DATA)
    data.update(overrides)
    return data


# --- applying --------------------------------------------------------------------------------------

def test_apply_save_draft_then_submit(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("members:apply-new"), form_data(save="1"))
    app = MembershipApplication.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert app.status == "draft"
    # Submitting without the letter says what is missing and keeps the typed data.
    response = client.post(reverse("members:apply-edit", args=[app.pk]), form_data(submit="1"))
    assert response.status_code == 200
    assert "Attach the signed application letter" in response.content.decode()
    response = client.post(
        reverse("members:apply-edit", args=[app.pk]), {**form_data(submit="1"), "letter": pdf_file()}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "verifying"  # a city is an Associate from its submission (issue 20, point 1)
    assert client.get(reverse("members:apply")).status_code == 200


def test_upload_that_is_not_a_pdf_is_refused(client, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(applicant)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(reverse("members:apply-new"), {**form_data(submit="1"), "letter": fake})
    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_upload_over_10_mb_is_refused(client, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(applicant)
    big = SimpleUploadedFile("letter.pdf", PDF_BYTES[:-6] + b"0" * (10 * 1024 * 1024) + b"%%EOF\n")
    response = client.post(reverse("members:apply-new"), {**form_data(submit="1"), "letter": big})
    assert response.status_code == 200
    assert "the limit is 10 MB" in response.content.decode()


def test_missing_fields_are_named(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("members:apply-new"), {"save": "1", "kind": "city"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in body
    assert "Give the population" in body


def test_second_application_for_the_same_organisation_is_refused(client, submitted_application):
    client.force_login(UserFactory())
    response = client.post(reverse("members:apply-new"), form_data(save="1"))
    assert response.status_code == 200
    assert "already open" in response.content.decode()


def test_applicant_sees_the_rejection_reason(client, submitted_application, secretariat):
    from members import services

    services.application_reject(application=submitted_application, by=secretariat, reason="The letter is not signed.")
    client.force_login(submitted_application.applicant)
    assert "The letter is not signed." in client.get(reverse("members:apply")).content.decode()


def test_someone_elses_application_is_404(client, submitted_application):
    client.force_login(UserFactory())
    assert client.get(reverse("members:apply-edit", args=[submitted_application.pk])).status_code == 404


# --- the member home -------------------------------------------------------------------------------

def test_focal_point_invites_a_colleague(client, member, focal_point, django_capture_on_commit_callbacks):
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:invite", args=[member.pk]), {"email": "new@seoul.example.org", "role": "delegate"}
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(member=member, email="new@seoul.example.org").exists()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/members/invitations/" in line).strip()
    colleague = UserFactory(email="new@seoul.example.org")
    client.force_login(colleague)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert Affiliation.objects.get(user=colleague).role == "delegate"
    # The link works once.
    response = client.post(path)
    assert "already been used" in response.content.decode()


def test_officials_cannot_invite(client, member, official):
    client.force_login(official)
    response = client.post(reverse("members:invite", args=[member.pk]), {"email": "x@example.org", "role": "official"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_official_of_another_member_gets_404(client, member, other_member):
    outsider = AffiliationFactory(member=other_member, role="focal_point").user
    client.force_login(outsider)
    assert client.post(reverse("members:invite", args=[member.pk]), {"email": "x@example.org", "role": "official"}).status_code == 404
    target = AffiliationFactory(member=member)
    assert client.post(reverse("members:set-role", args=[target.pk]), {"role": "delegate"}).status_code == 404
    assert client.post(reverse("members:remove-official", args=[target.pk])).status_code == 404
    assert client.post(reverse("members:withdraw", args=[member.pk]), {"reason": "x", "effective_on": "2099-01-01"}).status_code == 404
    # The member switch cannot reach another member either.
    page = client.get(f"{reverse('members:my')}?member={member.pk}").content.decode()
    assert other_member.name in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Seoul" not in main


def test_focal_point_changes_a_role_and_the_last_focal_point_is_kept(client, member, focal_point):
    target = AffiliationFactory(member=member)
    client.force_login(focal_point)
    client.post(reverse("members:set-role", args=[target.pk]), {"role": "delegate"})
    target.refresh_from_db()
    assert target.role == "delegate"
    own = Affiliation.objects.get(user=focal_point)
    response = client.post(reverse("members:set-role", args=[own.pk]), {"role": "official"}, follow=True)
    assert "at least one focal point" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "focal_point"


def test_withdrawal_request_from_the_member_home(client, member, focal_point):
    client.force_login(focal_point)
    effective = (timezone.now().date() + dt.timedelta(days=10)).isoformat()
    response = client.post(reverse("members:withdraw", args=[member.pk]), {"reason": "Merger.", "effective_on": effective}, follow=True)
    assert "sent to the Secretariat" in response.content.decode()
    assert WithdrawalRequest.objects.filter(member=member, status="pending").exists()
    assert "waiting for the Secretariat" in response.content.decode()


def test_member_home_lists_open_tasks(client, focal_point, member):
    client.force_login(focal_point)
    page = client.get(reverse("members:my")).content.decode()
    assert "Name a delegate" in page  # a Full member without a delegate


# --- staff console ---------------------------------------------------------------------------------

def test_staff_console_accepts_and_rejects(client, staff_with_mfa, submitted_application):
    client.force_login(staff_with_mfa)
    assert submitted_application.name in client.get(reverse("members_staff:console")).content.decode()
    url = reverse("members_staff:application", args=[submitted_application.pk])
    response = client.post(url, {"reject": "1", "reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    # A city is an Associate from its submission: the console verifies it (issue 20, point 1).
    assert Member.objects.get(name="Da Nang").category == "associate"
    response = client.post(url, {"verify": "1", "note": "Letter checked."})
    assert response.status_code == 302
    submitted_application.refresh_from_db()
    assert submitted_application.status == MembershipApplication.Status.VERIFIED
    assert Member.objects.get(name="Da Nang").category == "associate"


def test_staff_console_records_committee_approval_and_refuses_illegal_ones(client, staff_with_mfa):
    member = MemberFactory(category="associate")
    client.force_login(staff_with_mfa)
    url = reverse("members_staff:member", args=[member.pk])
    response = client.post(url, {"approve": "1", "reference": "EC-2026-07", "decided_on": "2026-10-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.category == "full"
    withdrawn = MemberFactory(status="withdrawn", category="associate")
    response = client.post(
        reverse("members_staff:member", args=[withdrawn.pk]),
        {"approve": "1", "reference": "EC-2026-08", "decided_on": "2026-10-01"},
    )
    assert "cannot receive an Executive Committee approval" in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.category == "associate"


def test_staff_console_confirms_a_withdrawal(client, staff_with_mfa, member, focal_point):
    from members import services

    request = services.withdrawal_request_submit(member=member, by=focal_point, reason="x", effective_on=timezone.now().date())
    client.force_login(staff_with_mfa)
    client.post(reverse("members_staff:withdrawal", args=[request.pk]), {"confirm": "1"})
    member.refresh_from_db()
    assert member.status == "withdrawn"


def test_staff_console_needs_staff(client, official):
    client.force_login(official)
    assert client.get(reverse("members_staff:console")).status_code == 403


def test_regional_staff_manage_their_region_only(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import RegionalOfficeFactory

    office = RegionalOfficeFactory(regions=["europe"])
    staff = UserFactory(is_staff=True, regional_office=office)
    TOTP.activate(staff, generate_totp_secret())
    mine = MemberFactory(name="Barcelona", country="ES")
    theirs = MemberFactory(name="Jakarta", country="ID")
    client.force_login(staff)
    page = client.get(reverse("members_staff:members")).content.decode()
    assert "Barcelona" in page and "Jakarta" not in page
    assert client.get(reverse("members_staff:member", args=[mine.pk])).status_code == 200
    assert client.get(reverse("members_staff:member", args=[theirs.pk])).status_code == 404
    # Regional staff may not record Executive Committee approvals (the Secretariat does).
    mine.category = "associate"
    mine.save()
    response = client.post(reverse("members_staff:member", args=[mine.pk]), {"approve": "1", "reference": "EC", "decided_on": "2026-01-01"})
    assert response.status_code == 403
