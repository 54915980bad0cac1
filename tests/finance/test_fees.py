"""The fee formula against hand-computed cases, the fee run, invoice numbering, payments, good standing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from finance import fees, selectors, services
from finance.models import CountryEconomy, FeeRun, FeeSchedule, Invoice
from finance.services import fee_runs
from members.models import Member
from tests.factories import AffiliationFactory, MemberFactory

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def schedule():
    return services.fee_schedule_create_example(year=YEAR)


@pytest.fixture
def loaded(schedule):
    return fees.load_schedule(YEAR)


def city_quote(loaded, *, gdp, population, category="full", joined_on=None, gdp_year=YEAR - 1):
    return fees.quote(
        schedule=loaded, kind="city", category=category, country="KR", population=population,
        joined_on=joined_on, economy=fees.EconomyFigure(gdp_year, Decimal(gdp)),
    )


# Tiers start at 0 / 10,000 / 25,000 / 50,000; bands at 0 / 500,000 / 1,000,000 / 5,000,000.
# Full amounts: T1 1000 1500 2000 3000 · T2 2000 3000 4000 5000 · T3 3000 4500 6000 8000 · T4 5000 7000 10000 15000
@pytest.mark.parametrize(
    ("gdp", "expected_tier"),
    [("9999.99", "T1"), ("10000", "T2"), ("10000.01", "T2"), ("24999.99", "T2"), ("25000", "T3"),
     ("25000.01", "T3"), ("49999.99", "T3"), ("50000", "T4"), ("50000.01", "T4"), ("0", "T1")],
)
def test_tier_boundaries(loaded, gdp, expected_tier):
    q = city_quote(loaded, gdp=gdp, population=100_000)
    assert q.explanation["tier"]["code"] == expected_tier


@pytest.mark.parametrize(
    ("population", "expected_band"),
    [(499_999, "B1"), (500_000, "B2"), (500_001, "B2"), (999_999, "B2"), (1_000_000, "B3"), (1_000_001, "B3"),
     (4_999_999, "B3"), (5_000_000, "B4"), (5_000_001, "B4"), (0, "B1")],
)
def test_band_boundaries(loaded, population, expected_band):
    q = city_quote(loaded, gdp="30000", population=population)
    assert q.explanation["band"]["code"] == expected_band


@pytest.mark.parametrize(
    ("gdp", "population", "amount"),
    [("9999.99", 499_999, "1000.00"), ("10000", 500_000, "3000.00"), ("25000", 1_000_000, "6000.00"),
     ("50000", 5_000_000, "15000.00"), ("49999.99", 4_999_999, "6000.00"), ("50000.01", 999_999, "7000.00"),
     ("10000.01", 5_000_001, "5000.00"), ("24999.99", 1_000_001, "4000.00")],
)
def test_full_member_amounts(loaded, gdp, population, amount):
    q = city_quote(loaded, gdp=gdp, population=population)
    assert q.amount == Decimal(amount)
    assert q.explanation["rule"] == "tier_band"


def test_associate_rule_percent_same_and_none(schedule):
    q = city_quote(fees.load_schedule(YEAR), gdp="50000", population=1_000_000, category="associate")
    assert q.amount == Decimal("5000.00")  # 50 % of 10,000
    schedule.associate_rule = FeeSchedule.AssociateRule.SAME
    schedule.save()
    assert city_quote(fees.load_schedule(YEAR), gdp="50000", population=1_000_000, category="associate").amount == Decimal("10000.00")
    schedule.associate_rule = FeeSchedule.AssociateRule.PERCENT
    schedule.associate_percent = Decimal("33.33")
    schedule.save()
    # 1,500 × 33.33 % = 499.95
    assert city_quote(fees.load_schedule(YEAR), gdp="5000", population=600_000, category="associate").amount == Decimal("499.95")
    schedule.associate_rule = FeeSchedule.AssociateRule.NONE
    schedule.save()
    q = city_quote(fees.load_schedule(YEAR), gdp="50000", population=1_000_000, category="associate")
    assert (q.amount, q.no_fee, q.billable) == (Decimal("0"), "associate_rule", False)


@pytest.mark.parametrize(
    ("joined_on", "months", "amount"),
    [(dt.date(YEAR - 3, 5, 1), None, "6000.00"), (dt.date(YEAR, 1, 15), None, "6000.00"),
     (dt.date(YEAR, 2, 1), 11, "5500.00"), (dt.date(YEAR, 7, 31), 6, "3000.00"), (dt.date(YEAR, 12, 1), 1, "500.00")],
)
def test_pro_rata_by_month(loaded, joined_on, months, amount):
    q = city_quote(loaded, gdp="30000", population=2_000_000, joined_on=joined_on)
    assert q.amount == Decimal(amount)
    assert q.explanation.get("months") == months


def test_joining_after_the_year_means_no_fee(loaded):
    q = city_quote(loaded, gdp="30000", population=2_000_000, joined_on=dt.date(YEAR + 1, 1, 1))
    assert q.no_fee == "joins_later"


def test_pro_rata_can_be_switched_off(schedule):
    schedule.pro_rata = False
    schedule.save()
    q = city_quote(fees.load_schedule(YEAR), gdp="30000", population=2_000_000, joined_on=dt.date(YEAR, 7, 1))
    assert q.amount == Decimal("6000.00")


def test_flat_fees(loaded):
    assert fees.quote(schedule=loaded, kind="association", category="friendship", country="VN", population=None,
                      joined_on=None, economy=None).amount == Decimal("2000.00")
    assert fees.quote(schedule=loaded, kind="company", category="corporate", country="KR", population=None,
                      joined_on=None, economy=None).amount == Decimal("5000.00")
    assert fees.quote(schedule=loaded, kind="institution", category="associate", country="UG", population=None,
                      joined_on=None, economy=None).amount == Decimal("2000.00")


def test_missing_data_paths(loaded):
    no_population = fees.quote(schedule=loaded, kind="city", category="full", country="KR", population=None,
                               joined_on=None, economy=fees.EconomyFigure(2025, Decimal("50000")))
    assert (no_population.amount, no_population.problem) == (None, "no_population")
    no_gdp = fees.quote(schedule=loaded, kind="city", category="full", country="KR", population=10,
                        joined_on=None, economy=None)
    assert no_gdp.problem == "no_gdp"


def test_economy_uses_the_latest_year_at_or_before_year_minus_one():
    CountryEconomy.objects.create(country="KR", year=YEAR - 3, gdp_ppp_per_capita=Decimal("40000"), source="a")
    CountryEconomy.objects.create(country="KR", year=YEAR - 2, gdp_ppp_per_capita=Decimal("45000"), source="a")
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=None, population_millions=51, source="a")
    CountryEconomy.objects.create(country="KR", year=YEAR, gdp_ppp_per_capita=Decimal("60000"), source="a")
    CountryEconomy.objects.create(country="VN", year=YEAR - 1, gdp_ppp_per_capita=Decimal("15000"), source="a")
    figures = fees.economy_for_year(year=YEAR)
    assert figures["KR"] == fees.EconomyFigure(YEAR - 2, Decimal("45000.000"))
    assert figures["VN"].year == YEAR - 1


def test_explanation_reads_as_sentences(loaded):
    q = city_quote(loaded, gdp="52000", population=9_400_000, category="associate", joined_on=dt.date(YEAR, 10, 1))
    text = " ".join(fees.explain(q.explanation))
    assert "52,000" in text and "T4" in text and "9,400,000" in text and "B4" in text
    assert "50% of the Full fee" in text and "3 of 12 months" in text and "example schedule" in text
    assert q.amount == Decimal("1875.00")  # 15,000 × 50 % × 3/12


# --- The fee run -------------------------------------------------------------------------------------

@pytest.fixture
def priced_world(schedule):
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    CountryEconomy.objects.create(country="VN", year=YEAR - 1, gdp_ppp_per_capita=Decimal("14000"), source="t")
    seoul = MemberFactory(name="Seoul", country="KR", population=9_400_000, category="full", joined_on=dt.date(2010, 9, 7))
    hanoi = MemberFactory(name="Hanoi", country="VN", population=8_400_000, category="associate", joined_on=dt.date(2015, 1, 1))
    nowhere = MemberFactory(name="No Data City", country="MN", population=1_600_000)
    no_population = MemberFactory(name="Unknown Size", country="KR", population=None)
    MemberFactory(name="Gone", country="KR", status="withdrawn")
    AffiliationFactory(member=seoul, role="focal_point", user__preferred_language="ko")
    return {"seoul": seoul, "hanoi": hanoi, "nowhere": nowhere, "no_population": no_population}


def run_fees(year=YEAR):
    run = FeeRun.objects.create(year=year)
    return services.fee_run_execute(run=run, notify=False)


def test_fee_run_prices_active_members_and_lists_the_unpriced(priced_world):
    run = run_fees()
    assert run.status == FeeRun.Status.DONE
    assert (run.total, run.processed, run.created_count) == (4, 4, 2)
    assert {u["name"]: u["reason"] for u in run.unpriced} == {"No Data City": "no_gdp", "Unknown Size": "no_population"}
    seoul = Invoice.objects.get(member=priced_world["seoul"])
    assert seoul.amount == Decimal("15000.00")
    assert seoul.language == "ko"
    assert seoul.explanation["gdp_year"] == YEAR - 1
    assert Invoice.objects.get(member=priced_world["hanoi"]).amount == Decimal("2500.00")  # T2/B4 5000 × 50 %
    assert seoul.due_on == seoul.issued_on + dt.timedelta(days=90)


def test_fee_run_is_idempotent_and_lists_changed_inputs(priced_world):
    run_fees()
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    second = run_fees()
    assert second.created_count == 0
    assert second.unchanged_count == 2
    assert sorted(Invoice.objects.values_list("number", flat=True)) == numbers
    assert second.differences == []
    Member.objects.filter(pk=priced_world["seoul"].pk).update(population=800_000)
    third = run_fees()
    assert third.created_count == 0
    assert [(d["name"], d["invoiced"], d["now"]) for d in third.differences] == [("Seoul", "15000.00", "7000.00")]
    # Only the explicit reissue changes the invoice: a credit note and a new invoice.
    old = Invoice.objects.get(member=priced_world["seoul"], status="issued")
    credit, new = services.invoice_reissue(invoice=old, by=None)
    old.refresh_from_db()
    assert old.status == "credited"
    assert (credit.kind, credit.amount, credit.credits) == ("credit_note", Decimal("15000.00"), old)
    assert new.amount == Decimal("7000.00")
    assert run_fees().differences == []


def test_fee_run_without_schedule_fails_cleanly(db):
    run = run_fees(year=2031)
    assert run.status == FeeRun.Status.FAILED
    assert "no fee schedule for 2031" in run.error


def test_fee_run_records_its_progress_in_chunks(priced_world, monkeypatch):
    monkeypatch.setattr(fee_runs, "CHUNK", 1)
    seen = []
    original = fee_runs.invoice_numbers_take

    def spy(**kwargs):
        seen.append(FeeRun.objects.values_list("processed", flat=True).get())
        return original(**kwargs)

    monkeypatch.setattr(fee_runs, "invoice_numbers_take", spy)
    run = run_fees()
    assert seen == [0, 1, 2, 3]
    assert str(run) == f"{YEAR}: 4 / 4 (Done)"


def test_fee_run_task_is_queued_on_commit(schedule, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.fee_run_start(year=YEAR, by=secretariat)
    run.refresh_from_db()
    assert run.status == FeeRun.Status.DONE
    with pytest.raises(ValidationError, match="Enter the fee schedule of 2031"):
        services.fee_run_start(year=2031, by=secretariat)


def test_fee_run_query_count_does_not_grow_with_members(priced_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_fees()  # warm-up: the invoice sequence of the year exists and content types are cached

    def measured_run():
        with CaptureQueriesContext(connection) as ctx:
            run_fees()
        # SQLite splits one bulk insert into batches of its variable limit: leave the inserts out.
        return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith('INSERT INTO "members_invoice"')]

    for i in range(20):
        MemberFactory(name=f"Bulk {i}", country="KR", population=100_000 + i)
    small = measured_run()
    for i in range(300):
        MemberFactory(name=f"More {i}", country="VN", population=200_000 + i)
    large = measured_run()
    assert len(large) == len(small)


# --- Numbers, payments, good standing ------------------------------------------------------------------

def test_invoice_numbers_are_consecutive_per_year(priced_world):
    run_fees()
    invoices = Invoice.objects.order_by("sequence")
    year = timezone.localdate().year
    assert [i.number for i in invoices] == [f"WEGO-{year}-00001", f"WEGO-{year}-00002"]


def test_numbers_taken_in_a_rolled_back_transaction_are_reused(db):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.invoice_numbers_take(year=2026, count=3)
        raise RuntimeError("boom")
    with transaction.atomic():
        assert services.invoice_numbers_take(year=2026, count=2) == [1, 2]


@pytest.fixture
def seoul_invoice(priced_world):
    run_fees()
    return Invoice.objects.get(member=priced_world["seoul"])


def test_partial_and_several_payments(seoul_invoice, secretariat):
    services.payment_record(invoice=seoul_invoice, amount=Decimal("5000"), paid_on=timezone.localdate(), by=secretariat)
    services.payment_record(invoice=seoul_invoice, amount=Decimal("4000.50"), paid_on=timezone.localdate(), by=secretariat)
    row = selectors.invoice_list_with_balance().get(pk=seoul_invoice.pk)
    assert (row.paid, row.balance) == (Decimal("9000.50"), Decimal("5999.50"))
    with pytest.raises(ValidationError, match="more than the 5999.50 USD still due"):
        services.payment_record(invoice=seoul_invoice, amount=Decimal("6000"), paid_on=timezone.localdate(), by=secretariat)
    services.payment_record(invoice=seoul_invoice, amount=Decimal("5999.50"), paid_on=timezone.localdate(), by=secretariat)
    assert selectors.invoice_list_with_balance().get(pk=seoul_invoice.pk).balance == Decimal("0")


def test_bad_payments_are_refused(seoul_invoice, secretariat):
    with pytest.raises(ValidationError, match="more than zero"):
        services.payment_record(invoice=seoul_invoice, amount=Decimal("0"), paid_on=timezone.localdate(), by=secretariat)
    with pytest.raises(ValidationError, match="future"):
        services.payment_record(invoice=seoul_invoice, amount=Decimal("1"),
                                paid_on=timezone.localdate() + dt.timedelta(days=2), by=secretariat)


def test_good_standing(seoul_invoice, priced_world, secretariat):
    seoul = priced_world["seoul"]
    due_year = seoul_invoice.due_on.year
    assert selectors.member_in_good_standing(member=seoul, year=due_year)  # not yet due
    assert not selectors.member_in_good_standing(member=seoul, year=due_year + 1)  # due before, unpaid
    assert seoul not in selectors.members_in_good_standing(year=due_year + 1)
    assert priced_world["nowhere"] in selectors.members_in_good_standing(year=due_year + 1)
    services.payment_record(invoice=seoul_invoice, amount=Decimal("14000"), paid_on=timezone.localdate(), by=secretariat)
    assert not selectors.member_in_good_standing(member=seoul, year=due_year + 1)  # partially paid
    services.payment_record(invoice=seoul_invoice, amount=Decimal("1000"), paid_on=timezone.localdate(), by=secretariat)
    assert selectors.member_in_good_standing(member=seoul, year=due_year + 1)


def test_overdue_reminders_at_most_weekly(seoul_invoice, django_capture_on_commit_callbacks):
    from django.core import mail

    Invoice.objects.filter(pk=seoul_invoice.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invoice_reminders_send() == 1
    # Seoul's focal point reads Korean: the reminder is in Korean.
    assert mail.outbox[-1].subject == f"[WeGO Portal] 알림: 청구서 {seoul_invoice.number}의 납부 기한이 지났습니다"
    assert services.invoice_reminders_send() == 0  # same week
    Invoice.objects.filter(pk=seoul_invoice.pk).update(last_reminder_at=timezone.now() - dt.timedelta(days=8))
    assert services.invoice_reminders_send() == 1


def test_schedule_adopt_needs_a_full_grid(schedule, secretariat):
    schedule.amounts.first().delete()
    with pytest.raises(ValidationError, match="1 missing"):
        services.fee_schedule_adopt(schedule=schedule, by=secretariat)


def test_schedule_copy(schedule, secretariat):
    copy = services.fee_schedule_copy(source=schedule, year=YEAR + 1, by=secretariat)
    assert copy.amounts.count() == 16
    assert fees.load_schedule(YEAR + 1).amounts == {
        (k[0], k[1]): v for k, v in fees.load_schedule(YEAR + 1).amounts.items()
    }
