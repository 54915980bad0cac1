"""The Secretariat's membership admin: lists, transition actions, regional scoping, import and export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.admin import MemberAdmin, MembershipApplicationAdmin, WithdrawalRequestAdmin
from members.models import (
    Affiliation,
    Invitation,
    Member,
    MembershipApplication,
    MembershipDecision,
    PartnerMOU,
    RegionalOffice,
    WithdrawalRequest,
    normalise_name,
)
from members.services import REGIONAL_OFFICE_GROUP, roles_sync
from tests.factories import (
    AffiliationFactory,
    MemberFactory,
    PartnerFactory,
    RegionalOfficeFactory,
    UserFactory,
)
from wego.models import AuditEntry

CHANGELIST = "/admin/members/{}/"


@pytest.fixture
def secretariat_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


@pytest.fixture
def asia_office(db):
    return RegionalOfficeFactory(name="Asia Regional Office", host="Chengdu", regions=["asia"])


@pytest.fixture
def regional_staff(asia_office):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    roles_sync()
    staff = UserFactory(is_staff=True, email="asia-office@example.org", regional_office=asia_office)
    staff.groups.add(Group.objects.get(name=REGIONAL_OFFICE_GROUP))
    TOTP.activate(staff, generate_totp_secret())
    return staff


@pytest.fixture
def regional_client(client, regional_staff):
    client.force_login(regional_staff)
    return client


def make_application(name="Da Nang", country="VN", kind=Member.Kind.CITY, applicant=None):
    return MembershipApplication.objects.create(
        applicant=applicant or UserFactory(),
        name=name,
        name_key=normalise_name(name),
        country=country,
        kind=kind,
        population=1_200_000,
        contact_name="Nguyen Van A",
        contact_title="Director of ICT",
        contact_email="ict@example.org",
        status=MembershipApplication.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def run_action(client, model: str, action: str, objects, **data):
    """POST an admin action as the changelist does, then (with `apply`) its intermediate page."""
    payload = {"action": action, "_selected_action": [str(o.pk) for o in objects], **data}
    return client.post(CHANGELIST.format(model), payload, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Lists ----------------------------------------------------------------------------------------


def make_rows(start: int, stop: int) -> None:
    """One row of each membership model per i, so that every list grows together."""
    for i in range(start, stop):
        office = RegionalOfficeFactory(name=f"Office {i}", regions=["asia"])
        member = MemberFactory(name=f"Member {i}", country="KR", regional_office=office)
        user = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
        make_application(name=f"Applicant city {i}", applicant=user)
        MembershipDecision.objects.create(
            member=member, kind=MembershipDecision.Kind.FULL_MEMBERSHIP, reference=f"EC-{i}",
            decided_on=date(2024, 1, 1), recorded_by=user,
        )
        WithdrawalRequest.objects.create(
            member=member, requested_by=user, reason="Budget", effective_on=date.today() + timedelta(days=30)
        )
        Invitation.objects.create(
            member=member, email=f"colleague{i}@example.org", token_hash=f"{i:064d}", invited_by=user,
            expires_at=timezone.now() + timedelta(days=14),
        )
        partner = PartnerFactory(name=f"Partner org {i}")
        PartnerMOU.objects.create(partner=partner, signed_on=date(2020, 5, 1), title="Cooperation")


LISTS = [
    "member", "membershipapplication", "membershipdecision", "withdrawalrequest", "invitation", "affiliation",
    "regionaloffice", "partner", "user",
]


@pytest.mark.django_db
def test_each_list_loads_with_the_same_number_of_queries_at_5_and_50_rows(secretariat_client):
    make_rows(0, 5)
    counts_small = {}
    for name in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            response = secretariat_client.get(CHANGELIST.format(name))
        assert response.status_code == 200, name
        counts_small[name] = len(ctx.captured_queries)

    make_rows(5, 50)
    counts_large = {}
    for name in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            response = secretariat_client.get(CHANGELIST.format(name))
        assert response.status_code == 200, name
        counts_large[name] = len(ctx.captured_queries)
    assert Member.objects.count() == 50
    assert counts_large == counts_small


@pytest.mark.django_db
def test_lists_filter_and_search(secretariat_client):
    MemberFactory(name="Seoul", country="KR")
    MemberFactory(name="Paris", country="FR", status=Member.Status.SUSPENDED)
    response = secretariat_client.get(CHANGELIST.format("member"), {"q": "seo"})
    assert "Seoul" in response.text and "Paris" not in response.text
    response = secretariat_client.get(CHANGELIST.format("member"), {"status__exact": "suspended"})
    assert "Paris" in response.text and "Seoul" not in response.text
    response = secretariat_client.get(CHANGELIST.format("member"), {"country": "FR"})
    assert "Paris" in response.text and "Seoul" not in response.text


@pytest.mark.django_db
def test_regional_office_list_counts_members(secretariat_client, asia_office):
    MemberFactory.create_batch(3, regional_office=asia_office)
    response = secretariat_client.get(CHANGELIST.format("regionaloffice"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == asia_office.pk)
    assert row.member_total == 3


@pytest.mark.django_db
def test_partner_page_has_mou_inline(secretariat_client):
    partner = PartnerFactory(name="World Bank")
    PartnerMOU.objects.create(partner=partner, signed_on=date(2019, 3, 4), title="Smart cities")
    response = secretariat_client.get(f"/admin/members/partner/{partner.pk}/change/")
    assert response.status_code == 200
    assert "Smart cities" in response.text


@pytest.mark.django_db
def test_every_admin_page_of_the_membership_app_opens(secretariat_client):
    make_rows(0, 1)
    member = Member.objects.get()
    pages = [
        "/admin/members/member/add/", f"/admin/members/member/{member.pk}/change/",
        "/admin/members/member/import/", "/admin/members/member/export/",
        f"/admin/members/membershipapplication/{MembershipApplication.objects.get().pk}/change/",
        f"/admin/members/membershipdecision/{MembershipDecision.objects.get().pk}/change/",
        f"/admin/members/withdrawalrequest/{WithdrawalRequest.objects.get().pk}/change/",
        f"/admin/members/invitation/{Invitation.objects.get().pk}/change/",
        f"/admin/members/affiliation/{Affiliation.objects.get().pk}/change/",
        f"/admin/members/regionaloffice/{member.regional_office_id}/change/", "/admin/members/regionaloffice/add/",
        "/admin/members/partner/add/",
    ]
    for url in pages:
        assert secretariat_client.get(url).status_code == 200, url
    # History is not edited by hand.
    assert secretariat_client.get("/admin/members/membershipapplication/add/").status_code == 403
    assert secretariat_client.get("/admin/members/withdrawalrequest/add/").status_code == 403


@pytest.mark.django_db
def test_regional_office_regions_are_chosen_from_the_wego_regions(secretariat_client):
    response = secretariat_client.post(
        "/admin/members/regionaloffice/add/",
        {"name": "Europe Regional Office", "host": "Ulyanovsk Region", "regions": ["europe", "middle_east"],
         "contact_email": "", "contact_phone": "", "address": "", "opened_on": "2019-10-01"},
    )
    assert response.status_code == 302
    office = RegionalOffice.objects.get(name="Europe Regional Office")
    assert office.regions == ["europe", "middle_east"]


# --- The member form --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_and_category_are_read_only_on_change_but_editable_on_add(secretariat_client, member):
    change = secretariat_client.get(f"/admin/members/member/{member.pk}/change/")
    assert change.status_code == 200
    assert 'name="status"' not in change.text and 'name="category"' not in change.text
    add = secretariat_client.get("/admin/members/member/add/")
    assert 'name="status"' in add.text and 'name="category"' in add.text


def member_form_data(member: Member, **changes) -> dict:
    data = {
        "name": member.name, "name_local": member.name_local, "slug": member.slug, "kind": member.kind,
        "description": member.description, "country": str(member.country), "region": member.region,
        "regional_office": member.regional_office_id or "", "population": member.population or "",
        "population_year": member.population_year or "", "population_source": member.population_source,
        "website": member.website, "official_languages": member.official_languages,
        "joined_on": member.joined_on.isoformat() if member.joined_on else "",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
        "affiliations-MIN_NUM_FORMS": "0", "affiliations-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_adding_a_member_goes_through_the_service(secretariat_client):
    data = member_form_data(
        Member(name="Ulaanbaatar", kind=Member.Kind.CITY, country="MN", population=1_600_000), slug="", region=""
    )
    data.update(category="associate", status="active")
    response = secretariat_client.post("/admin/members/member/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    created = Member.objects.get(name="Ulaanbaatar")
    assert created.slug == "ulaanbaatar" and created.region == "asia" and not created.region_overridden
    assert created.status == Member.Status.ACTIVE and created.category == Member.Category.ASSOCIATE
    assert AuditEntry.objects.filter(action="members.member.created", target_id=str(created.pk)).exists()


@pytest.mark.django_db
def test_changing_the_region_goes_through_the_service(secretariat_client, member):
    response = secretariat_client.post(
        f"/admin/members/member/{member.pk}/change/", member_form_data(member, region="oceania")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.region == "oceania" and member.region_overridden
    entry = AuditEntry.objects.get(action="members.member.region_set", target_id=str(member.pk))
    assert entry.data == {"from": "asia", "to": "oceania"}


@pytest.mark.django_db
def test_the_last_focal_point_cannot_be_removed_in_the_inline(secretariat_client, member, focal_point):
    affiliation = Affiliation.objects.get(member=member, user=focal_point)
    data = member_form_data(member)
    data.update({
        "affiliations-TOTAL_FORMS": "1", "affiliations-INITIAL_FORMS": "1",
        "affiliations-0-id": str(affiliation.pk), "affiliations-0-member": str(member.pk),
        "affiliations-0-user": str(focal_point.pk), "affiliations-0-role": "official",
        "affiliations-0-title": "",
    })
    response = secretariat_client.post(f"/admin/members/member/{member.pk}/change/", data)
    assert response.status_code == 200
    assert "must keep at least one focal point" in response.text
    affiliation.refresh_from_db()
    assert affiliation.role == Affiliation.Role.FOCAL_POINT


@pytest.mark.django_db
def test_officials_added_in_the_inline_go_through_the_service(secretariat_client, member, focal_point):
    affiliation = Affiliation.objects.get(member=member, user=focal_point)
    colleague = UserFactory()
    data = member_form_data(member)
    data.update({
        "affiliations-TOTAL_FORMS": "2", "affiliations-INITIAL_FORMS": "1",
        "affiliations-0-id": str(affiliation.pk), "affiliations-0-member": str(member.pk),
        "affiliations-0-user": str(focal_point.pk), "affiliations-0-role": "focal_point",
        "affiliations-0-title": "",
        "affiliations-1-member": str(member.pk), "affiliations-1-user": str(colleague.pk),
        "affiliations-1-role": "delegate", "affiliations-1-title": "Deputy mayor",
    })
    response = secretariat_client.post(f"/admin/members/member/{member.pk}/change/", data)
    assert response.status_code == 302
    added = Affiliation.objects.get(member=member, user=colleague)
    assert added.role == Affiliation.Role.DELEGATE and added.title == "Deputy mayor"
    assert AuditEntry.objects.filter(action="members.affiliation.added", target_id=str(member.pk)).exists()


# --- Transitions ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_accept_shows_a_confirmation_then_makes_an_associate_with_the_applicant_as_focal_point(
    secretariat_client, staff_with_mfa
):
    application = make_application()
    page = run_action(secretariat_client, "membershipapplication", "accept_applications", [application])
    assert page.status_code == 200
    assert "Accept applications" in page.text and "Da Nang" in page.text
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED  # nothing happens before confirming

    response = run_action(
        secretariat_client, "membershipapplication", "accept_applications", [application], apply="1"
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ACCEPTED
    member = application.member
    assert member.category == Member.Category.ASSOCIATE and member.status == Member.Status.ACTIVE
    assert member.region == "asia"
    assert Affiliation.objects.get(member=member, user=application.applicant).role == Affiliation.Role.FOCAL_POINT
    assert application.decided_by == staff_with_mfa
    assert "1 application accepted." in messages_of(response)


@pytest.mark.django_db
def test_accepting_twice_is_refused_per_object_and_the_others_go_on(secretariat_client):
    done = make_application(name="Hue")
    done.status = MembershipApplication.Status.ACCEPTED
    done.save()
    fresh = make_application(name="Can Tho")
    response = run_action(
        secretariat_client, "membershipapplication", "accept_applications", [done, fresh], apply="1"
    )
    msgs = messages_of(response)
    assert any("Hue" in m and "Only a submitted application can be accepted" in m for m in msgs)
    assert "1 application accepted." in msgs
    fresh.refresh_from_db()
    assert fresh.status == MembershipApplication.Status.ACCEPTED
    assert Member.objects.filter(name="Hue").count() == 0


@pytest.mark.django_db
def test_reject_requires_a_reason(secretariat_client):
    application = make_application()
    response = run_action(
        secretariat_client, "membershipapplication", "reject_applications", [application], apply="1", reason="  "
    )
    assert response.status_code == 200
    assert "Give the reason for the rejection" in response.text
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED

    response = run_action(
        secretariat_client, "membershipapplication", "reject_applications", [application], apply="1",
        reason="WeGO members are local governments; a ministry may join as a national institution.",
    )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert application.rejection_reason.startswith("WeGO members are local governments")
    assert "1 application rejected." in messages_of(response)


@pytest.mark.django_db
def test_committee_approval_makes_an_associate_full(secretariat_client):
    member = MemberFactory(name="Manila", country="PH", category=Member.Category.ASSOCIATE)
    page = run_action(secretariat_client, "member", "record_committee_approval", [member])
    assert "Decision reference" in page.text

    response = run_action(
        secretariat_client, "member", "record_committee_approval", [member], apply="1",
        reference="EC-2025-03", decided_on="2025-03-14",
    )
    member.refresh_from_db()
    assert member.category == Member.Category.FULL
    decision = MembershipDecision.objects.get(member=member)
    assert decision.reference == "EC-2025-03" and decision.decided_on == date(2025, 3, 14)
    assert "Executive Committee approval recorded for 1 member." in messages_of(response)


@pytest.mark.django_db
def test_committee_approval_needs_a_reference_and_a_past_date(secretariat_client):
    member = MemberFactory(category=Member.Category.ASSOCIATE)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = run_action(
        secretariat_client, "member", "record_committee_approval", [member], apply="1", reference="",
        decided_on=tomorrow,
    )
    assert "Give the reference of the Executive Committee decision." in response.text
    assert "cannot be in the future" in response.text
    member.refresh_from_db()
    assert member.category == Member.Category.ASSOCIATE


@pytest.mark.django_db
def test_illegal_transition_withdrawn_to_full_shows_the_error_and_changes_nothing(secretariat_client):
    withdrawn = MemberFactory(name="Oldtown", category=Member.Category.ASSOCIATE, status=Member.Status.WITHDRAWN)
    response = run_action(
        secretariat_client, "member", "record_committee_approval", [withdrawn], apply="1",
        reference="EC-2025-04", decided_on="2025-04-01",
    )
    assert response.status_code == 200
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert len(errors) == 1 and "Oldtown cannot receive an Executive Committee approval" in str(errors[0])
    withdrawn.refresh_from_db()
    assert withdrawn.status == Member.Status.WITHDRAWN and withdrawn.category == Member.Category.ASSOCIATE
    assert not MembershipDecision.objects.filter(member=withdrawn).exists()


@pytest.mark.django_db
def test_suspend_and_reinstate(secretariat_client):
    member = MemberFactory(name="Kazan")
    response = run_action(secretariat_client, "member", "suspend_members", [member], apply="1", reason="")
    assert "Give the reason for the suspension." in response.text
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE

    response = run_action(
        secretariat_client, "member", "suspend_members", [member], apply="1", reason="Fees unpaid for 3 years"
    )
    member.refresh_from_db()
    assert member.status == Member.Status.SUSPENDED and member.status_reason == "Fees unpaid for 3 years"
    assert "1 member suspended." in messages_of(response)

    response = run_action(secretariat_client, "member", "suspend_members", [member], apply="1", reason="Again")
    assert any("Kazan cannot be suspended" in m for m in messages_of(response))

    response = run_action(secretariat_client, "member", "reinstate_members", [member], apply="1")
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and member.status_reason == ""
    assert "1 member reinstated." in messages_of(response)


@pytest.mark.django_db
def test_confirm_withdrawal_withdraws_the_member(secretariat_client, member, focal_point):
    request = WithdrawalRequest.objects.create(
        member=member, requested_by=focal_point, reason="Merged with the province", effective_on=date.today()
    )
    response = run_action(secretariat_client, "withdrawalrequest", "confirm_withdrawals", [request], apply="1")
    request.refresh_from_db()
    member.refresh_from_db()
    assert request.status == WithdrawalRequest.Status.CONFIRMED
    assert member.status == Member.Status.WITHDRAWN and member.withdrawn_on == date.today()
    assert "1 withdrawal confirmed." in messages_of(response)

    response = run_action(secretariat_client, "withdrawalrequest", "cancel_withdrawals", [request], apply="1")
    assert any("already been decided" in m or "Only a pending request" in m for m in messages_of(response))


@pytest.mark.django_db
def test_cancel_withdrawal_keeps_the_member(secretariat_client, member, focal_point):
    request = WithdrawalRequest.objects.create(
        member=member, requested_by=focal_point, reason="Budget", effective_on=date.today()
    )
    run_action(secretariat_client, "withdrawalrequest", "cancel_withdrawals", [request], apply="1")
    request.refresh_from_db()
    member.refresh_from_db()
    assert request.status == WithdrawalRequest.Status.CANCELLED
    assert member.status == Member.Status.ACTIVE


@pytest.mark.django_db
def test_secretariat_can_withdraw_an_invitation(secretariat_client, member, focal_point):
    invitation = Invitation.objects.create(
        member=member, email="new@example.org", token_hash="a" * 64, invited_by=focal_point,
        expires_at=timezone.now() + timedelta(days=14),
    )
    response = run_action(secretariat_client, "invitation", "revoke_invitations", [invitation])
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "1 invitation withdrawn." in messages_of(response)


# --- Regional-office staff ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_regional_staff_see_only_their_region(regional_client):
    seoul = MemberFactory(name="Seoul", country="KR")
    paris = MemberFactory(name="Paris", country="FR")
    response = regional_client.get(CHANGELIST.format("member"))
    assert response.status_code == 200
    shown = {m.pk for m in response.context["cl"].result_list}
    assert shown == {seoul.pk}
    assert regional_client.get(f"/admin/members/member/{seoul.pk}/change/").status_code == 200
    other = regional_client.get(f"/admin/members/member/{paris.pk}/change/")
    assert other.status_code in (302, 404)
    assert "Paris" not in regional_client.get(other.url).text if other.status_code == 302 else True
    seoul_official = AffiliationFactory(member=seoul).user
    AffiliationFactory(member=paris)
    listed = regional_client.get(CHANGELIST.format("affiliation")).context["cl"].result_list
    assert [a.user for a in listed] == [seoul_official]


@pytest.mark.django_db
def test_regional_staff_cannot_move_a_member_out_of_their_region(regional_client, asia_office):
    seoul = MemberFactory(name="Seoul", country="KR", regional_office=asia_office)
    response = regional_client.post(
        f"/admin/members/member/{seoul.pk}/change/", member_form_data(seoul, region="europe")
    )
    assert response.status_code == 200
    seoul.refresh_from_db()
    assert seoul.region == "asia"
    response = regional_client.post(
        f"/admin/members/member/{seoul.pk}/change/", member_form_data(seoul, country="FR")
    )
    assert response.status_code == 200
    assert "Your regional office manages members in Asia only" in response.text
    seoul.refresh_from_db()
    assert str(seoul.country) == "KR"
    # Within the region, edits go through.
    response = regional_client.post(
        f"/admin/members/member/{seoul.pk}/change/", member_form_data(seoul, population="9400000")
    )
    assert response.status_code == 302
    seoul.refresh_from_db()
    assert seoul.population == 9_400_000


@pytest.mark.django_db
def test_regional_staff_have_no_transition_actions_and_no_import(regional_client):
    response = regional_client.get(CHANGELIST.format("member"))
    action_form = response.context["action_form"]
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert "suspend_members" not in actions and "record_committee_approval" not in actions
    assert regional_client.get("/admin/members/member/import/").status_code == 403


@pytest.mark.django_db
def test_regional_scope_of_applications_and_withdrawals(regional_staff):
    asia_app = make_application(name="Da Nang", country="VN")
    make_application(name="Lyon", country="FR")
    seoul = MemberFactory(name="Seoul", country="KR")
    paris = MemberFactory(name="Paris", country="FR")
    user = UserFactory()
    asia_wr = WithdrawalRequest.objects.create(member=seoul, requested_by=user, reason="x", effective_on=date.today())
    WithdrawalRequest.objects.create(member=paris, requested_by=user, reason="x", effective_on=date.today())
    request = RequestFactory().get("/admin/")
    request.user = regional_staff
    apps = MembershipApplicationAdmin(MembershipApplication, admin.site).get_queryset(request)
    assert list(apps) == [asia_app]
    withdrawals = WithdrawalRequestAdmin(WithdrawalRequest, admin.site).get_queryset(request)
    assert list(withdrawals) == [asia_wr]


@pytest.mark.django_db
def test_staff_without_office_outside_the_secretariat_see_no_member(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    roles_sync()
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=REGIONAL_OFFICE_GROUP))
    TOTP.activate(staff, generate_totp_secret())
    MemberFactory(name="Seoul")
    client.force_login(staff)
    response = client.get(CHANGELIST.format("member"))
    assert list(response.context["cl"].result_list) == []


# --- Import and export ---------------------------------------------------------------------------------


def csv_file(rows: list[dict], name="members.csv") -> SimpleUploadedFile:
    header = [
        "slug", "name", "name_local", "kind", "country", "region", "population", "population_year",
        "population_source", "website", "official_languages", "joined_on", "category", "status", "regional_office",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in header})
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def format_index(title: str) -> str:
    formats = MemberAdmin(Member, admin.site).get_import_formats()
    return str(next(i for i, f in enumerate(formats) if f().get_title() == title))


def upload(client, file) -> object:
    return client.post(
        "/admin/members/member/import/", {"import_file": file, "format": format_index(file.name.rsplit(".")[-1]),
                                          "resource": "0"}
    )


GOOD_ROWS = [
    {"name": "Ulaanbaatar", "kind": "city", "country": "MN", "population": "1600000", "population_year": "2023",
     "joined_on": "2015-06-01", "category": "Associate", "status": "active", "regional_office": "Asia Regional Office"},
    {"name": "Kigali", "kind": "City or local government", "country": "rw", "population": "1,745,555",
     "category": "full", "status": "active", "website": "https://www.kigalicity.gov.rw"},
    {"name": "Seoul", "kind": "city", "country": "KR", "region": "oceania", "category": "full", "status": "active"},
]


@pytest.mark.django_db
def test_import_dry_run_reports_each_bad_row_and_writes_nothing(secretariat_client, asia_office):
    before = Member.objects.count()
    rows = [
        GOOD_ROWS[0],
        {"name": "Atlantis", "kind": "city", "country": "XX", "category": "full", "status": "active"},
        {"name": "Smallville", "kind": "village", "country": "US", "population": "-5", "status": "active"},
        {"name": "Neverland", "kind": "city", "country": "GB", "joined_on": "2020-13-45", "category": "gold"},
        {"name": "Eastwick", "kind": "city", "country": "US", "regional_office": "Moon Office"},
    ]
    response = upload(secretariat_client, csv_file(rows))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert not response.context.get("confirm_form")
    assert 'name="confirm"' not in response.text
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5}
    assert "Unknown country code 'XX'" in " ".join(invalid[2]["country"])
    assert "Unknown kind 'village'" in " ".join(invalid[3]["kind"])
    assert "cannot be negative" in " ".join(invalid[3]["population"])
    assert "is not a date" in " ".join(invalid[4]["joined_on"])
    assert "Unknown category 'gold'" in " ".join(invalid[4]["category"])
    assert "Unknown regional office 'Moon Office'" in " ".join(invalid[5]["regional_office"])
    for text in ("Unknown country code", "Unknown kind", "cannot be negative", "is not a date"):
        assert text in response.text
    assert Member.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="members.member.").exists()


@pytest.mark.django_db
def test_import_of_a_clean_file_previews_then_imports_on_confirm_with_audit(
    secretariat_client, staff_with_mfa, asia_office
):
    seoul = MemberFactory(name="Seoul", country="KR", population=9_000_000)
    preview = upload(secretariat_client, csv_file(GOOD_ROWS))
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    confirm_form = preview.context["confirm_form"]
    assert 'name="confirm"' in preview.text
    assert not Member.objects.filter(name__in=["Ulaanbaatar", "Kigali"]).exists()  # the dry run wrote nothing

    response = secretariat_client.post(
        "/admin/members/member/process_import/", {**confirm_form.initial, "confirm": "Confirm import"}
    )
    assert response.status_code == 302
    ulaanbaatar = Member.objects.get(name="Ulaanbaatar")
    assert ulaanbaatar.slug == "ulaanbaatar" and ulaanbaatar.region == "asia"
    assert ulaanbaatar.category == Member.Category.ASSOCIATE and ulaanbaatar.status == Member.Status.ACTIVE
    assert ulaanbaatar.regional_office == asia_office and ulaanbaatar.joined_on == date(2015, 6, 1)
    kigali = Member.objects.get(name="Kigali")
    assert str(kigali.country) == "RW" and kigali.region == "africa" and kigali.population == 1_745_555
    seoul.refresh_from_db()
    assert Member.objects.filter(name="Seoul").count() == 1  # matched by name and country
    assert seoul.region == "oceania" and seoul.region_overridden

    created = AuditEntry.objects.filter(action="members.member.created", actor=staff_with_mfa)
    assert {e.target_repr for e in created} == {"Ulaanbaatar", "Kigali"}
    assert all(e.data["source"] == "import" for e in created)
    updated = AuditEntry.objects.get(action="members.member.updated", target_id=str(seoul.pk))
    assert updated.actor == staff_with_mfa and updated.data["changed"]["region"] == ["asia", "oceania"]
    assert "Import finished" in " ".join(messages_of(secretariat_client.get(CHANGELIST.format("member"))))


@pytest.mark.django_db
def test_import_matches_by_slug_and_does_not_change_status(secretariat_client):
    seoul = MemberFactory(name="Seoul", slug="seoul", country="KR", status=Member.Status.ACTIVE)
    rows = [{"slug": "seoul", "name": "Seoul Metropolitan Government", "kind": "city", "country": "KR",
             "category": "full", "status": "suspended"}]
    result = upload(secretariat_client, csv_file(rows)).context["result"]
    errors = result.invalid_rows[0].error_dict
    assert "does not change the status" in " ".join(errors["status"])
    assert "suspend" in " ".join(errors["status"])

    rows[0]["status"] = "active"
    preview = upload(secretariat_client, csv_file(rows))
    assert not preview.context["result"].has_validation_errors()
    secretariat_client.post("/admin/members/member/process_import/", preview.context["confirm_form"].initial)
    seoul.refresh_from_db()
    assert seoul.name == "Seoul Metropolitan Government" and seoul.status == Member.Status.ACTIVE
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_import_asks_for_the_slug_when_name_and_country_are_ambiguous(secretariat_client):
    MemberFactory(name="Springfield", slug="springfield", country="US", status=Member.Status.WITHDRAWN)
    MemberFactory(name="Springfield", slug="springfield-2", country="US")
    rows = [{"name": "springfield", "kind": "city", "country": "US", "category": "full", "status": "active"}]
    result = upload(secretariat_client, csv_file(rows)).context["result"]
    assert "give the slug" in " ".join(result.invalid_rows[0].error_dict["slug"])
    rows[0]["slug"] = "springfield-2"
    assert not upload(secretariat_client, csv_file(rows)).context["result"].has_validation_errors()


@pytest.mark.django_db
def test_import_refuses_the_same_member_twice_in_a_file(secretariat_client, asia_office):
    rows = [GOOD_ROWS[0], {**GOOD_ROWS[0], "name": "ulaanbaatar "}]
    result = upload(secretariat_client, csv_file(rows)).context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert "same member as row 1" in " ".join(result.invalid_rows[0].error_dict["name"])


@pytest.mark.django_db
def test_import_of_an_excel_file(secretariat_client, asia_office):
    import tablib

    dataset = tablib.Dataset(headers=["name", "kind", "country", "population", "joined_on", "category", "status"])
    dataset.append(["Tbilisi", "city", "GE", 1_200_000, date(2012, 9, 1), "associate", "active"])
    file = SimpleUploadedFile("members.xlsx", dataset.export("xlsx"))
    preview = upload(secretariat_client, file)
    assert not preview.context["result"].has_validation_errors(), preview.context["result"].invalid_rows
    secretariat_client.post("/admin/members/member/process_import/", preview.context["confirm_form"].initial)
    tbilisi = Member.objects.get(name="Tbilisi")
    assert tbilisi.region == "europe" and tbilisi.joined_on == date(2012, 9, 1) and tbilisi.population == 1_200_000


@pytest.mark.django_db
def test_export_csv_contains_the_members(secretariat_client, asia_office):
    MemberFactory(name="Seoul", country="KR", regional_office=asia_office)
    MemberFactory(name="Paris", country="FR")
    from members.resources import MemberResource

    fields = {f"memberresource_{name}": "on" for name in MemberResource().get_export_order()}
    response = secretariat_client.post("/admin/members/member/export/", {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["name"] for r in rows} == {"Seoul", "Paris"}
    seoul = next(r for r in rows if r["name"] == "Seoul")
    assert seoul["country"] == "KR" and seoul["region"] == "asia" and seoul["regional_office"] == "Asia Regional Office"


@pytest.mark.django_db
def test_export_xlsx(secretariat_client):
    MemberFactory(name="Seoul")
    from members.resources import MemberResource

    fields = {f"memberresource_{name}": "on" for name in MemberResource().get_export_order()}
    response = secretariat_client.post("/admin/members/member/export/", {"format": "1", "resource": "0", **fields})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_regional_staff_export_only_their_members(regional_client):
    MemberFactory(name="Seoul", country="KR")
    MemberFactory(name="Paris", country="FR")
    from members.resources import MemberResource

    fields = {f"memberresource_{name}": "on" for name in MemberResource().get_export_order()}
    response = regional_client.post("/admin/members/member/export/", {"format": "0", "resource": "0", **fields})
    names = {r["name"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert names == {"Seoul"}


@pytest.mark.django_db
def test_an_exported_file_imports_back_unchanged(secretariat_client, asia_office):
    MemberFactory(name="Seoul", country="KR", regional_office=asia_office, website="https://seoul.go.kr")
    MemberFactory(name="Kazan", country="RU", region="asia", population=None, category=Member.Category.ASSOCIATE)
    from members.resources import MemberResource

    fields = {f"memberresource_{name}": "on" for name in MemberResource().get_export_order()}
    exported = secretariat_client.post("/admin/members/member/export/", {"format": "0", "resource": "0", **fields})
    file = SimpleUploadedFile("members.csv", exported.content, content_type="text/csv")
    result = upload(secretariat_client, file).context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 2 and result.totals["new"] == 0 and result.totals["update"] == 0
