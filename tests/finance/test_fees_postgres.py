"""Invoice numbers and fee runs under concurrency, on PostgreSQL (skipped on SQLite)."""

from decimal import Decimal

import pytest

from finance import services
from finance.models import CountryEconomy, FeeRun, Invoice
from tests.factories import MemberFactory
from tests.helpers import needs_postgres, run_in_threads

pytestmark = needs_postgres

YEAR = 2026


@pytest.fixture
def world(transactional_db):
    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    return [MemberFactory(name=f"City {i}", country="KR", population=1_000_000 + i) for i in range(8)]


@pytest.mark.postgres
def test_concurrent_invoices_get_gap_free_numbers(world):
    _, errors = run_in_threads(lambda m: services.invoice_issue(member=m, fee_year=YEAR, by=None), [(m,) for m in world])
    assert errors == []
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(world) + 1))


@pytest.mark.postgres
def test_two_concurrent_fee_runs_issue_one_invoice_per_member(world):
    # Two active runs of one year can no longer exist (a constraint, see test_fee_run_recovery.py):
    # the concurrent case is now the same run delivered to two workers at once.
    run = FeeRun.objects.create(year=YEAR)
    _, errors = run_in_threads(lambda r: services.fee_run_execute(run=r, notify=False), [(run,), (run,)])
    assert errors == []
    assert Invoice.objects.count() == len(world)
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, len(world) + 1))
    run.refresh_from_db()
    assert (run.status, run.created_count) == ("done", len(world))


@pytest.mark.postgres
def test_concurrent_issue_of_the_same_invoice_happens_once(world):
    member = world[0]
    _, errors = run_in_threads(lambda _i: services.invoice_issue(member=member, fee_year=YEAR, by=None), [(1,), (2,), (3,)])
    assert Invoice.objects.filter(member=member).count() == 1
    assert len(errors) == 2
    assert all("already has an invoice" in str(e) for e in errors)
    assert list(Invoice.objects.values_list("sequence", flat=True)) == [1]
