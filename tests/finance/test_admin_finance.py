"""The Secretariat's finance admin: schedules, fee runs with progress, invoices, payments, donations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from finance import services
from finance.models import CountryEconomy, Donation, FeeRun, FeeSchedule, Invoice, Payment
from tests.factories import MemberFactory
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


@pytest.fixture
def invoiced(db):
    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    seoul = MemberFactory(name="Seoul", country="KR", population=9_400_000, category="full")
    services.fee_run_execute(run=FeeRun.objects.create(year=YEAR), notify=False)
    return Invoice.objects.get(member=seoul)


def test_fee_run_started_from_the_admin(admin_client, django_capture_on_commit_callbacks):
    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    MemberFactory(name="Seoul", country="KR", population=9_400_000)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/finance/feerun/add/", {"year": YEAR})
    assert response.status_code == 302
    run = FeeRun.objects.get()
    assert (run.status, run.created_count) == ("done", 1)
    page = admin_client.get(f"/admin/finance/feerun/{run.pk}/change/").content.decode()
    assert "1 / 1" in page
    listing = admin_client.get("/admin/finance/feerun/").content.decode()
    assert "<progress" in listing


def test_fee_run_for_a_year_without_schedule_says_so(admin_client):
    response = admin_client.post("/admin/finance/feerun/add/", {"year": 2031}, follow=True)
    assert "Enter the fee schedule of 2031" in response.content.decode()
    assert not FeeRun.objects.exists()


def test_running_fee_run_page_refreshes_itself(admin_client):
    run = FeeRun.objects.create(year=YEAR, status="running", total=1000, processed=412)
    page = admin_client.get(f"/admin/finance/feerun/{run.pk}/change/").content.decode()
    assert 'http-equiv="refresh"' in page
    assert "412 / 1,000" in page


def test_invoice_list_shows_balances_with_constant_queries(admin_client, invoiced, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        page = admin_client.get("/admin/finance/invoice/")
    assert invoiced.number in page.content.decode()
    for i in range(20):
        MemberFactory(name=f"City {i}", country="KR", population=200_000)
    services.fee_run_execute(run=FeeRun.objects.create(year=YEAR), notify=False)
    with CaptureQueriesContext(connection) as second:
        admin_client.get("/admin/finance/invoice/")
    assert len(second.captured_queries) == len(first.captured_queries)


def test_record_payment_action(admin_client, invoiced):
    url = "/admin/finance/invoice/"
    data = {"action": "record_payment", ACTION_CHECKBOX_NAME: [invoiced.pk]}
    page = admin_client.post(url, data)
    assert b"Record a payment" in page.content
    response = admin_client.post(url, {**data, "apply": "1", "amount": "5000", "paid_on": timezone.localdate().isoformat(),
                                       "method": "bank_transfer", "reference": "SWIFT 123"}, follow=True)
    assert "Payment recorded" in response.content.decode()
    assert Payment.objects.get().amount == Decimal("5000")
    # Overpaying is refused with the reason.
    response = admin_client.post(url, {**data, "apply": "1", "amount": "20000", "paid_on": timezone.localdate().isoformat(),
                                       "method": "bank_transfer"}, follow=True)
    assert "still due" in response.content.decode()
    assert Payment.objects.count() == 1


def test_reissue_action(admin_client, invoiced):
    from members.models import Member

    Member.objects.filter(pk=invoiced.member_id).update(population=700_000)
    url = "/admin/finance/invoice/"
    admin_client.post(url, {"action": "reissue", ACTION_CHECKBOX_NAME: [invoiced.pk], "apply": "1"})
    invoiced.refresh_from_db()
    assert invoiced.status == "credited"
    assert Invoice.objects.filter(kind="credit_note", credits=invoiced).exists()
    assert Invoice.objects.get(member_id=invoiced.member_id, status="issued", kind="invoice").amount == Decimal("7000.00")


def test_schedule_adopt_and_copy_actions(admin_client):
    schedule = services.fee_schedule_create_example(year=YEAR)
    url = "/admin/finance/feeschedule/"
    admin_client.post(url, {"action": "adopt", ACTION_CHECKBOX_NAME: [schedule.pk]})
    schedule.refresh_from_db()
    assert schedule.status == FeeSchedule.Status.ADOPTED
    admin_client.post(url, {"action": "copy_to_year", ACTION_CHECKBOX_NAME: [schedule.pk], "apply": "1", "year": YEAR + 1})
    assert FeeSchedule.objects.get(year=YEAR + 1).amounts.count() == 16
    assert admin_client.get(f"/admin/finance/feeschedule/{schedule.pk}/change/").status_code == 200


def test_donation_added_through_the_service(admin_client):
    member = MemberFactory()
    response = admin_client.post("/admin/finance/donation/add/", {
        "donor_member": member.pk, "purpose": "Seoul Program scholarships", "amount": "10000", "currency": "usd",
        "amount_usd": "10000", "received_on": dt.date(2026, 3, 1).isoformat(), "notes": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    donation = Donation.objects.get()
    assert donation.currency == "USD"
    assert AuditEntry.objects.filter(action="members.donation.recorded").exists()


def test_donation_needs_a_donor(admin_client):
    response = admin_client.post("/admin/finance/donation/add/", {
        "purpose": "x", "amount": "10", "currency": "USD", "amount_usd": "10", "received_on": "2026-03-01",
    })
    assert response.status_code == 200
    assert "Name the donor" in response.content.decode()


def test_issue_invoice_action_on_members(admin_client):
    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    member = MemberFactory(name="Newcomer", country="KR", population=600_000, category="associate")
    no_data = MemberFactory(name="No Population", country="KR", population=None)
    url = "/admin/members/member/"
    data = {"action": "issue_invoice", ACTION_CHECKBOX_NAME: [member.pk, no_data.pk]}
    assert b"Issue fee invoices" in admin_client.post(url, data).content
    response = admin_client.post(url, {**data, "apply": "1", "fee_year": YEAR}, follow=True)
    page = response.content.decode()
    assert "1 invoice issued" in page
    assert "No population recorded" in page
    assert Invoice.objects.get(member=member).amount == Decimal("3500.00")  # T4/B2 7000 × 50 %
