"""Finance pages: officials' invoices and their PDFs, the public fee grid, the Secretariat's annual
finance report (figures against a hand-built world, query count, CSV and PDF exports)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import services
from finance.models import CountryEconomy, Invoice
from finance.report import finance_report
from members.models import Affiliation, Member
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.helpers import assert_pdf, count_queries

pytestmark = pytest.mark.django_db
YEAR = 2026
D = Decimal


# --- A priced world ------------------------------------------------------------------------------------
# Example schedule 2026 · KR GDP 52,000 (2025) → T4 · PT GDP 45,000 (2025) → T3.
# Seoul   Full, Asia,      9.4 M → T4/B4 15,000; pays 10,000 (partial)  → outstanding 5,000
# Busan   Associate, Asia, 3.4 M → T4/B3 10,000 × 50 % = 5,000; pays in full
# Lisbon  Full, Europe,  545,000 → T3/B2 4,500; reissued after its population became 400,000:
#         the 4,500 invoice is cancelled by a 4,500 credit note, the new one is T3/B1 3,000, unpaid.
# Billed 23,000 · collected 15,000 · outstanding 8,000; donations 1,200; other revenue 800.


@pytest.fixture
def schedule(db):
    return services.fee_schedule_create_example(year=YEAR)


@pytest.fixture
def world(schedule, secretariat):
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=D("52000"), source="t")
    CountryEconomy.objects.create(country="PT", year=YEAR - 1, gdp_ppp_per_capita=D("45000"), source="t")
    joined = dt.date(2012, 5, 1)
    seoul = MemberFactory(name="Seoul", name_local="서울특별시", country="KR", population=9_400_000,
                          category="full", joined_on=joined)
    busan = MemberFactory(name="Busan", country="KR", population=3_400_000, category="associate", joined_on=joined)
    lisbon = MemberFactory(name="Lisbon", country="PT", population=545_000, category="full", joined_on=joined)
    assert (seoul.region, busan.region, lisbon.region) == ("asia", "asia", "europe")
    invoices = {m.name: services.invoice_issue(member=m, fee_year=YEAR, by=secretariat) for m in (seoul, busan, lisbon)}
    today = timezone.localdate()
    services.payment_record(invoice=invoices["Seoul"], amount=D("10000"), paid_on=today, by=secretariat)
    services.payment_record(invoice=invoices["Busan"], amount=D("5000"), paid_on=today, by=secretariat)
    Member.objects.filter(pk=lisbon.pk).update(population=400_000)
    lisbon.refresh_from_db()
    credit, new_lisbon = services.invoice_reissue(invoice=invoices["Lisbon"], by=secretariat)
    services.donation_record(by=secretariat, purpose="Smart city training", amount=D("1500000"), currency="KRW",
                             amount_usd=D("1200"), received_on=dt.date(YEAR, 3, 1), donor_name="=Seoul Foundation")
    services.donation_record(by=secretariat, purpose="Last year", amount=D("99"), currency="USD",
                             amount_usd=D("99"), received_on=dt.date(YEAR - 1, 12, 31), donor_member=busan)
    services.other_revenue_record(by=secretariat, description="Sponsorship of the General Assembly",
                                  amount_usd=D("800"), received_on=dt.date(YEAR, 6, 1), source="ACME")
    services.other_revenue_record(by=secretariat, description="Next year", amount_usd=D("55"),
                                  received_on=dt.date(YEAR + 1, 1, 2))
    return {"seoul": seoul, "busan": busan, "lisbon": lisbon, "invoices": invoices, "credit": credit,
            "new_lisbon": new_lisbon}


@pytest.fixture
def seoul_official(world):
    return AffiliationFactory(member=world["seoul"], role=Affiliation.Role.OFFICIAL).user


# --- Officials' invoices ------------------------------------------------------------------------------


def test_official_sees_invoices_with_balance_and_explanation(client, world, seoul_official):
    Invoice.objects.filter(pk=world["invoices"]["Seoul"].pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(seoul_official)
    response = client.get(reverse("finance:invoices"))
    assert response.status_code == 200
    html = response.content.decode()
    number = world["invoices"]["Seoul"].number
    assert number in html
    assert "15,000.00" in html and "10,000.00" in html and "5,000.00" in html  # amount, paid, balance
    assert response.context["balance"] == D("5000.00")
    assert "52,000" in html and "T4" in html and "9,400,000" in html and "B4" in html  # the explanation
    assert "Overdue" in html and response.context["overdue_count"] == 1
    assert reverse("finance:invoice-pdf", args=[world["invoices"]["Seoul"].pk]) in html
    # Nothing of another member's invoices.
    assert world["new_lisbon"].number not in html and world["invoices"]["Busan"].number not in html


def test_official_of_several_members_chooses_one_and_others_are_ignored(client, world, seoul_official):
    AffiliationFactory(member=world["lisbon"], user=seoul_official)
    client.force_login(seoul_official)
    html = client.get(reverse("finance:invoices"), {"member": world["lisbon"].pk}).content.decode()
    assert world["new_lisbon"].number in html and world["credit"].number in html  # credit notes are listed
    assert "Credit note" in html and "Cancelled" in html
    # A member the user does not act for falls back to the first own member.
    html = client.get(reverse("finance:invoices"), {"member": world["busan"].pk}).content.decode()
    assert world["invoices"]["Busan"].number not in html


def test_invoices_page_needs_sign_in_and_handles_users_without_member(client, world):
    response = client.get(reverse("finance:invoices"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    response = client.get(reverse("finance:invoices"))
    assert response.status_code == 200
    assert "does not act for a WeGO member" in response.content.decode()


def test_invoice_pdf_of_own_member(client, world, seoul_official):
    invoice = world["invoices"]["Seoul"]
    client.force_login(seoul_official)
    response = client.get(reverse("finance:invoice-pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert_pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="{invoice.number}.pdf"'


def test_other_members_invoice_pdf_is_404(client, world, seoul_official):
    client.force_login(seoul_official)
    assert client.get(reverse("finance:invoice-pdf", args=[world["new_lisbon"].pk])).status_code == 404
    assert client.get(reverse("finance:invoice-pdf", args=[999_999])).status_code == 404
    client.logout()
    response = client.get(reverse("finance:invoice-pdf", args=[world["new_lisbon"].pk]))
    assert response.status_code == 302  # to sign in


def test_invoice_pdf_in_korean(client, world, seoul_official, monkeypatch):
    from wego import pdf

    invoice = world["invoices"]["Seoul"]
    Invoice.objects.filter(pk=invoice.pk).update(language="ko")
    rendered = {}
    real = pdf.html_to_pdf

    def capture(html):
        rendered["html"] = html
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", capture)
    client.force_login(seoul_official)
    response = client.get(reverse("finance:invoice-pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert_pdf(response)
    html = rendered["html"]
    assert '<html lang="ko">' in html
    assert "서울특별시" in html and invoice.number in html
    assert "Noto Sans CJK KR" in html
    assert "example schedule" in html or "예시" in html  # the example notice, in whichever language exists
    assert "10,000.00" in html and "5,000.00" in html  # payments received and balance


def test_credit_note_pdf(client, world, staff_with_mfa):
    client.force_login(staff_with_mfa)
    response = client.get(reverse("finance:invoice-pdf", args=[world["credit"].pk]))
    assert response.status_code == 200
    assert_pdf(response)


def test_secretariat_opens_any_invoice_pdf_with_two_factor_on(client, world, secretariat):
    url = reverse("finance:invoice-pdf", args=[world["new_lisbon"].pk])
    client.force_login(secretariat)
    response = client.get(url)
    # Without two-factor the Secretariat is an ordinary user: another city's invoice is not found.
    assert response.status_code == 404
    assert "only after two-factor authentication" in response.content.decode()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(secretariat, generate_totp_secret())
    client.force_login(secretariat)  # signs in again, now with the authenticator's code
    response = client.get(url)
    assert response.status_code == 200
    assert_pdf(response)


def test_plain_staff_cannot_open_other_invoices(client, world):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("finance:invoice-pdf", args=[world["new_lisbon"].pk])).status_code == 404


# --- The public fee grid ------------------------------------------------------------------------------


def test_fee_grid_shows_the_whole_example_schedule(client, schedule):
    response = client.get(reverse("finance:fee-grid"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example schedule — not the adopted one" in html
    assert response.context["year"] == YEAR
    for text in ("T1", "T4", "B1", "B4", "15,000", "1,000", "50,000 and more", "5,000,000 and more",
                 "10,000 to under 25,000", "50% of the Full member", "A flat fee of 2,000 USD",
                 "A flat fee of 5,000 USD", "pay by the month", "90 days"):
        assert text in html, text
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html


def test_fee_grid_year_selector_and_unknown_year(client, schedule, secretariat):
    services.fee_schedule_copy(source=schedule, year=YEAR + 1, by=secretariat)
    services.fee_schedule_adopt(schedule=schedule, by=secretariat)
    assert client.get(reverse("finance:fee-grid")).context["year"] == YEAR + 1  # latest by default
    response = client.get(reverse("finance:fee-grid"), {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == reverse("finance:fee-grid-year", args=[YEAR])
    response = client.get(reverse("finance:fee-grid-year", args=[YEAR]))
    html = response.content.decode()
    assert "not the adopted one" not in html and "adopted fee schedule of 2026" in html
    assert client.get(reverse("finance:fee-grid-year", args=[1999])).status_code == 404
    assert client.get(reverse("finance:fee-grid-year", args=[99999])).status_code == 404


def test_fee_grid_without_any_schedule(client, db):
    response = client.get(reverse("finance:fee-grid"))
    assert response.status_code == 200
    assert "No fee schedule has been entered yet" in response.content.decode()


# --- The annual finance report -------------------------------------------------------------------------


def _lines(lines):
    return {line.code: (line.invoices, line.billed, line.collected, line.outstanding) for line in lines}


def test_report_figures_match_the_hand_built_world(world):
    r = finance_report(year=YEAR)
    assert (r.total.invoices, r.total.billed, r.total.collected, r.total.outstanding) == (
        3, D("23000"), D("15000"), D("8000"))
    by_region = _lines(r.by_region)
    assert by_region["asia"] == (2, D("20000"), D("15000"), D("5000"))
    assert by_region["europe"] == (1, D("3000"), D("0"), D("3000"))
    assert by_region["africa"] == (0, D("0"), D("0"), D("0"))  # every region is listed
    by_category = _lines(r.by_category)
    assert by_category["full"] == (2, D("18000"), D("10000"), D("8000"))
    assert by_category["associate"] == (1, D("5000"), D("5000"), D("0"))
    assert (r.credited_invoices, r.credited_amount, r.credit_notes, r.credit_notes_amount) == (
        1, D("4500"), 1, D("4500"))
    assert [d.purpose for d in r.donations] == ["Smart city training"]
    assert r.donations_total == D("1200")
    assert [o.description for o in r.other_revenue] == ["Sponsorship of the General Assembly"]
    assert r.other_revenue_total == D("800")
    assert r.revenue_total == D("17000")
    assert finance_report(year=timezone.localdate().year).payments_received_in_year == D("15000")
    empty = finance_report(year=YEAR + 5)
    assert (empty.total.billed, empty.revenue_total) == (0, 0)


def test_report_page_for_the_secretariat(client, world, staff_with_mfa):
    client.force_login(staff_with_mfa)
    response = client.get(reverse("finance:finance-report", args=[YEAR]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("23,000.00", "15,000.00", "8,000.00", "20,000.00", "1,200.00", "800.00", "17,000.00",
                 "Smart city training", "Sponsorship of the General Assembly", "ACME"):
        assert text in html, text
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 5
    assert "<caption>" in html
    assert reverse("finance:finance-report-csv", args=[YEAR]) in html
    assert reverse("finance:finance-report-pdf", args=[YEAR]) in html


def test_report_index_goes_to_the_latest_fee_year(client, world, staff_with_mfa):
    client.force_login(staff_with_mfa)
    response = client.get(reverse("finance:finance-report"))
    assert response.status_code == 302 and response["Location"] == reverse("finance:finance-report", args=[YEAR])
    response = client.get(reverse("finance:finance-report"), {"year": YEAR - 1})
    assert response["Location"] == reverse("finance:finance-report", args=[YEAR - 1])
    assert client.get(reverse("finance:finance-report", args=[12])).status_code == 404


def test_report_is_for_the_secretariat_only(client, world, seoul_official, secretariat):
    urls = [reverse("finance:finance-report", args=[YEAR]), reverse("finance:finance-report-csv", args=[YEAR]),
            reverse("finance:finance-report-pdf", args=[YEAR])]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to sign in
    client.force_login(seoul_official)
    for url in urls:
        assert client.get(url).status_code == 403
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    other_staff = UserFactory(is_staff=True)  # staff with two-factor, but not in the Secretariat group
    TOTP.activate(other_staff, generate_totp_secret())
    client.force_login(other_staff)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(secretariat)  # Secretariat without two-factor authentication: an ordinary user
    for url in urls:
        assert client.get(url).status_code == 403


def _add_members(n, *, by, start=0):
    for i in range(start, start + n):
        member = MemberFactory(name=f"Bulk {i}", country="KR" if i % 2 else "PT", population=100_000 + i,
                               category="full" if i % 3 else "associate", joined_on=dt.date(2015, 1, 1))
        invoice = services.invoice_issue(member=member, fee_year=YEAR, by=by)
        if i % 2:
            services.payment_record(invoice=invoice, amount=D("100"), paid_on=timezone.localdate(), by=by)
        services.donation_record(by=by, purpose=f"Gift {i}", amount=D("10"), currency="USD", amount_usd=D("10"),
                                 received_on=dt.date(YEAR, 2, 1), donor_member=member)


def test_report_query_count_does_not_grow_with_members(client, schedule, staff_with_mfa):
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=D("52000"), source="t")
    CountryEconomy.objects.create(country="PT", year=YEAR - 1, gdp_ppp_per_capita=D("45000"), source="t")
    client.force_login(staff_with_mfa)
    url = reverse("finance:finance-report", args=[YEAR])

    def measured():
        return count_queries(client, url)

    _add_members(3, by=staff_with_mfa)
    small = measured()
    _add_members(27, by=staff_with_mfa, start=3)
    large = measured()
    assert large == small
    assert finance_report(year=YEAR).total.invoices == 30


def test_report_csv_export(client, world, staff_with_mfa):
    client.force_login(staff_with_mfa)
    response = client.get(reverse("finance:finance-report-csv", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="wego-finance-{YEAR}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "code", "label", "count", "billed_usd", "collected_usd", "outstanding_usd",
                       "revenue_usd", "date"]
    by_key = {(row[0], row[1]): row for row in rows[1:]}
    assert by_key[("fees_total", "")][3:7] == ["3", "23000.00", "15000.00", "8000.00"]
    assert by_key[("fees_by_region", "asia")][3:7] == ["2", "20000.00", "15000.00", "5000.00"]
    assert by_key[("fees_by_category", "associate")][3:7] == ["1", "5000.00", "5000.00", "0.00"]
    assert by_key[("credited_invoices", "")][3:5] == ["1", "4500.00"]
    assert by_key[("revenue_total", "")][7] == "17000.00"
    donation = by_key[("donation", "KRW")]
    assert donation[2].startswith("'=Seoul Foundation")  # a formula-looking donor name is neutralised
    assert donation[7:] == ["1200.00", f"{YEAR}-03-01"]


def test_report_pdf_export(client, world, staff_with_mfa):
    client.force_login(staff_with_mfa)
    response = client.get(reverse("finance:finance-report-pdf", args=[YEAR]))
    assert response.status_code == 200
    assert_pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="wego-finance-{YEAR}.pdf"'
