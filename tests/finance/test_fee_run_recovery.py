"""A killed worker never blocks a year: fee runs keep a heartbeat, a stale run is taken over and
continues from what is already issued, its counts come from the database, and at most one run per
year is active (a database constraint). The real SIGKILL over Redis is in tests/wego/test_worker_kill.py."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from finance import fees, services
from finance.models import CountryEconomy, FeeRun, Invoice
from finance.services import fee_runs
from tests.factories import MemberFactory
from wego import runs
from wego.models import AuditEntry

YEAR = 2026
MEMBERS = 7
_ORIGINAL_QUOTE = fees.quote


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the run catches it or gives the run back."""


@pytest.fixture
def world(db):
    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    return [MemberFactory(name=f"City {i}", country="KR", population=1_000_000 + i) for i in range(MEMBERS)]


def die_on_quote(monkeypatch, *, call: int, exc: BaseException):
    """Make the `call`-th member priced raise `exc` (mid-chunk, after earlier chunks committed)."""
    original = fees.quote
    calls = {"n": 0}

    def quote(**kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise exc
        return original(**kwargs)

    monkeypatch.setattr(fees, "quote", quote)
    return monkeypatch


def make_stale(run: FeeRun) -> None:
    FeeRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - 2 * runs.stale_after())


def killed_run(monkeypatch) -> FeeRun:
    """A run whose worker died after two chunks of two members (the third chunk rolled back)."""
    monkeypatch.setattr(fee_runs, "CHUNK", 2)
    patch = die_on_quote(monkeypatch, call=5, exc=WorkerKilled())
    run = FeeRun.objects.create(year=YEAR)
    with pytest.raises(WorkerKilled):
        services.fee_run_execute(run=run, notify=False)
    patch.setattr(fees, "quote", _ORIGINAL_QUOTE)  # the next worker prices normally
    run.refresh_from_db()
    return run


def assert_complete_and_true(run: FeeRun, world) -> None:
    run.refresh_from_db()
    assert run.status == FeeRun.Status.DONE
    assert run.worker == ""
    per_member = sorted(Invoice.objects.values_list("member_id", flat=True))
    assert per_member == sorted(m.pk for m in world)  # exactly one invoice per member
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, len(world) + 1))
    issued_by_run = Invoice.objects.filter(fee_run=run).count()
    assert run.created_count == issued_by_run == len(world)
    assert run.unchanged_count == 0
    assert (run.processed, run.total) == (len(world), len(world))


# --- The heartbeat helper ---------------------------------------------------------------------------


def test_claim_leaves_a_live_worker_alone_and_takes_over_a_stale_one(db):
    run = FeeRun.objects.create(year=YEAR)
    qs = FeeRun.objects.filter(pk=run.pk)
    waiting = runs.Q(status="queued")
    assert runs.claim(qs, token="a", waiting=waiting) is True
    assert runs.claim(qs, token="b", waiting=waiting) is False  # a beats: fresh
    assert qs.get().worker == "a"
    assert runs.beat(qs, token="a", processed=10) is True
    make_stale(run)
    assert qs.get().is_stale
    assert runs.claim(qs, token="b", waiting=waiting) is True
    run.refresh_from_db()
    assert (run.worker, run.status, run.is_stale) == ("b", "running", False)
    assert runs.beat(qs, token="a", processed=99) is False  # a lost it and writes nothing
    assert qs.get().processed == 10
    with transaction.atomic(), pytest.raises(runs.RunLost):
        runs.hold(qs, token="a")


def test_stale_after_comes_from_the_settings(settings):
    settings.RUNS_STALE_AFTER = 7
    assert runs.stale_after() == dt.timedelta(seconds=7)


# --- A killed fee run -------------------------------------------------------------------------------


def test_a_killed_run_keeps_what_it_committed_and_blocks_nothing_once_stale(world, monkeypatch):
    run = killed_run(monkeypatch)
    assert (run.status, run.processed, run.total) == ("running", 4, MEMBERS)
    assert run.created_count == Invoice.objects.filter(fee_run=run).count() == 4
    # While it looks alive a duplicate delivery does nothing …
    assert services.fee_run_execute(run=run, notify=False).processed == 4
    assert Invoice.objects.count() == 4
    # … and a second start for the year is refused, naming the way out once the worker is silent.
    with pytest.raises(ValidationError, match="already being computed"):
        services.fee_run_start(year=YEAR, by=None)
    make_stale(run)
    with pytest.raises(ValidationError, match="resume run"):
        services.fee_run_start(year=YEAR, by=None)


def test_the_next_worker_takes_a_stale_run_over_and_its_counts_stay_true(world, monkeypatch):
    run = killed_run(monkeypatch)
    make_stale(run)
    services.fee_run_execute(run=run, notify=False)  # e.g. the message delivered again
    assert_complete_and_true(run, world)
    run.refresh_from_db()
    assert run.attempts == 2
    took = AuditEntry.objects.get(action="members.fee_run.taken_over")
    assert took.data["processed"] == 4


def test_beat_requeues_stale_runs_only_and_the_run_completes(world, monkeypatch, django_capture_on_commit_callbacks):
    run = killed_run(monkeypatch)
    assert services.fee_runs_resume_stale() == 0  # its heartbeat is still fresh
    make_stale(run)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fee_runs_resume_stale() == 1
    assert_complete_and_true(run, world)
    assert AuditEntry.objects.filter(action="members.fee_run.requeued").count() == 1
    assert services.fee_runs_resume_stale() == 0


def test_the_beat_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"finance.tasks.fee_runs_resume_stale_task", "ceds.tasks.reports_resume_stale_task"} <= tasks


def test_a_worker_that_lost_its_run_rolls_its_chunk_back(world, monkeypatch):
    monkeypatch.setattr(fee_runs, "CHUNK", 3)
    original = fees.quote
    calls = {"n": 0}

    def quote(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:  # while the second chunk is priced, another worker takes the run
            FeeRun.objects.filter(pk=run.pk).update(worker="someone-else")
        return original(**kwargs)

    monkeypatch.setattr(fees, "quote", quote)
    run = FeeRun.objects.create(year=YEAR)
    services.fee_run_execute(run=run, notify=False)
    run.refresh_from_db()
    # (On one SQLite connection the simulated takeover is rolled back with the chunk; what counts is
    # that the chunk priced after the run was lost wrote nothing.)
    assert (run.status, run.processed, run.last_member_id) == ("running", 3, world[2].pk)
    assert Invoice.objects.count() == 3 == Invoice.objects.filter(fee_run=run).count()
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_an_error_gives_the_run_back_and_a_retry_continues(world, monkeypatch):
    monkeypatch.setattr(fee_runs, "CHUNK", 2)
    die_on_quote(monkeypatch, call=3, exc=RuntimeError("database went away"))
    run = FeeRun.objects.create(year=YEAR)
    with pytest.raises(RuntimeError):
        services.fee_run_execute(run=run, notify=False)
    run.refresh_from_db()
    assert (run.status, run.worker, run.processed) == ("queued", "", 2)
    monkeypatch.setattr(fees, "quote", _ORIGINAL_QUOTE)
    services.fee_run_execute(run=run, notify=False)
    assert_complete_and_true(run, world)


# --- One active run per year ------------------------------------------------------------------------


def test_one_active_run_per_year_is_a_database_constraint(db):
    FeeRun.objects.create(year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeRun.objects.create(year=YEAR, status="running")
    FeeRun.objects.create(year=YEAR + 1)  # another year
    FeeRun.objects.create(year=YEAR, status="done")  # finished runs do not count
    FeeRun.objects.create(year=YEAR, status="failed")
    assert FeeRun.objects.filter(year=YEAR, status__in=FeeRun.ACTIVE).count() == 1


def test_concurrent_starts_give_one_run_on_postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (CI runs it)")
    services.fee_schedule_create_example(year=YEAR)
    errors, barrier = [], threading.Barrier(4)
    original_create = FeeRun.objects.create

    def slow_create(**kwargs):  # both starts have passed the existence check before either inserts
        barrier.wait(timeout=10)
        return original_create(**kwargs)

    def start():
        try:
            services.fee_run_start(year=YEAR, by=None)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    FeeRun.objects.create = slow_create
    try:
        threads = [threading.Thread(target=start) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        FeeRun.objects.create = original_create
    assert FeeRun.objects.filter(year=YEAR).count() == 1
    assert len(errors) == 3
    assert all("already being computed" in " ".join(e.messages) for e in errors)


# --- The staff action -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def resume(admin_client, run):
    return admin_client.post("/admin/finance/feerun/", {"action": "resume", ACTION_CHECKBOX_NAME: [run.pk]},
                             follow=True)


def test_staff_resume_a_stale_run_from_the_admin(world, monkeypatch, admin_client, staff_with_mfa,
                                                 django_capture_on_commit_callbacks):
    run = killed_run(monkeypatch)
    refused = resume(admin_client, run).content.decode()
    assert "still running on a live worker" in refused
    make_stale(run)
    page = admin_client.get(f"/admin/finance/feerun/{run.pk}/change/").content.decode()
    assert "stopped reporting" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = resume(admin_client, run).content.decode()
    assert "1 fee run queued again." in done
    assert_complete_and_true(run, world)
    entry = AuditEntry.objects.get(action="members.fee_run.resumed")
    assert entry.actor == staff_with_mfa and entry.data["processed"] == 4
    assert "nothing to resume" in resume(admin_client, run).content.decode()


def test_a_failed_run_can_be_resumed_unless_another_run_is_active(world, staff_with_mfa):
    failed = FeeRun.objects.create(year=YEAR, status="failed", error="boom")
    FeeRun.objects.create(year=YEAR)
    with pytest.raises(ValidationError, match="already queued or running"):
        services.fee_run_resume(run=failed, by=staff_with_mfa)
    failed.refresh_from_db()
    assert failed.status == "failed"
