"""A killed worker never blocks a year, checked with real Celery workers over Redis.

A fee run over 3,000 members runs on `celery -A wego worker --pool=solo` (a subprocess that sees the
test's PostgreSQL database); the worker is killed with SIGKILL once the run is under way, a second
start for the year is refused while the run is active, a second worker is started and the beat task
that re-queues stale runs is sent: the run completes with one invoice per member, gap-free numbers and
created == the invoices the run issued. Skipped without PostgreSQL or Redis (CI has both).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from kombu import pools as kombu_pools

# A Redis database of its own (the test's number + 2): an in-process test worker started earlier in the
# session (tests/wego/test_task_queue.py) may still hold a consumer on the shared test database.
_BASE_REDIS = urlparse(os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/13")
REDIS_URL = _BASE_REDIS._replace(path=f"/{(int((_BASE_REDIS.path or '/0').strip('/') or 0) + 2) % 16}").geturl()
ROOT = Path(__file__).resolve().parents[2]
YEAR = 2026
MEMBERS = 3000
CHUNK = 20
STALE_AFTER = 3


def _redis_up() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(name: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wego.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "FEE_RUN_CHUNK": str(CHUNK),
        "RUNS_STALE_AFTER": str(STALE_AFTER),
        "EMAIL_URL": "dummymail://",
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "celery", "-A", "wego", "worker", "--pool=solo", "--loglevel=info",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def _wait_for(predicate, *, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


@pytest.fixture
def world(transactional_db):
    from finance import services
    from finance.models import CountryEconomy
    from members.models import Member
    from members.regions import region_for_country

    services.fee_schedule_create_example(year=YEAR)
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")
    Member.objects.bulk_create(
        Member(name=f"Kill City {i}", slug=f"kill-city-{i}", kind=Member.Kind.CITY, country="KR",
               region=region_for_country("KR"), population=1_000_000 + i, population_year=2023,
               category=Member.Category.FULL, status=Member.Status.ACTIVE, joined_on=dt.date(2020, 1, 1))
        for i in range(MEMBERS)
    )
    return list(Member.objects.order_by("pk").values_list("pk", flat=True))


@pytest.fixture
def broker(settings, monkeypatch):
    """Tasks of this test go to Redis (not run in-process); the Redis database is emptied around it."""
    import redis

    from wego.celery import app

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    # Celery's broker_url prefers the CELERY_BROKER_URL environment variable (CI sets it) to the config.
    monkeypatch.setenv("CELERY_BROKER_URL", REDIS_URL)
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _reset_pools(app)
    try:
        yield app
    finally:
        app.conf.update(**saved)
        _reset_pools(app)
        client.flushdb()


def _reset_pools(app) -> None:
    """Forget the connection and producer pools built from an earlier broker_url (as after a fork)."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # An in-process test worker (celery.contrib.testing, earlier in the session) leaves its queues and
    # routes on app.amqp: start from a fresh one.
    app.__dict__.pop("amqp", None)
    kombu_pools.reset()


@pytest.mark.redis
@pytest.mark.postgres
def test_a_fee_run_survives_a_worker_killed_with_sigkill(world, broker, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocess needs a database it can share: PostgreSQL (CI runs it)")
    if not _redis_up():
        pytest.skip(f"no Redis reachable at {REDIS_URL}")
    from finance import services
    from finance.models import FeeRun, Invoice

    settings.RUNS_STALE_AFTER = STALE_AFTER
    from wego.celery import app

    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)  # whatever earlier tests left
    _reset_pools(app)
    assert app.conf.broker_url == REDIS_URL and not app.conf.task_always_eager
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    run = services.fee_run_start(year=YEAR, by=None)  # queued on commit: the message is in Redis now

    def progress():
        return FeeRun.objects.values_list("status", "processed", "total", "worker", "heartbeat_at").get(pk=run.pk)

    first = _start_worker("kill-a", logs[0])
    second = None
    try:
        _wait_for(lambda: progress()[1] >= MEMBERS // 10, timeout=120, what="a tenth of the run", logs=logs)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        status, processed, total, dead_worker, _beat = progress()
        assert status == "running" and 0 < processed < total == MEMBERS, (status, processed, total)
        assert Invoice.objects.filter(fee_run=run).count() == FeeRun.objects.get(pk=run.pk).created_count

        # The year stays blocked for new runs while this one is active: by the service and by the database.
        with pytest.raises(ValidationError, match="already being computed"):
            services.fee_run_start(year=YEAR, by=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            FeeRun.objects.create(year=YEAR)

        # A second worker and the beat task: the stale run is re-queued, taken and finished.
        second = _start_worker("kill-b", logs[1])
        _wait_for(lambda: FeeRun.objects.get(pk=run.pk).is_stale, timeout=STALE_AFTER + 10,
                  what="a stale heartbeat", logs=logs)
        from finance.tasks import fee_runs_resume_stale_task  # what beat sends every minute

        fee_runs_resume_stale_task.apply_async()
        _wait_for(lambda: progress()[0] == "done", timeout=120, what="the run to finish", logs=logs)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)

    run.refresh_from_db()
    invoices = Invoice.objects.filter(fee_year=YEAR, kind="invoice")
    assert sorted(invoices.values_list("member_id", flat=True)) == world  # exactly one per member
    assert sorted(invoices.values_list("sequence", flat=True)) == list(range(1, MEMBERS + 1))  # no gaps
    assert run.created_count == Invoice.objects.filter(fee_run=run).count() == MEMBERS
    assert (run.processed, run.total, run.unchanged_count) == (MEMBERS, MEMBERS, 0)
    assert run.attempts == 2 and run.worker == ""
    assert dead_worker  # the killed worker held it


def test_celery_limits_are_consistent():
    """A running task is never handed to a second worker by Redis, and a dead run is taken over long
    before Redis would deliver its message again."""
    from wego.celery import app

    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility
    assert visibility > settings.RUNS_STALE_AFTER
    assert visibility <= 900  # not the hour a killed worker used to block a year


def test_inconsistent_limits_refuse_to_start():
    env = {**os.environ, "CELERY_VISIBILITY_TIMEOUT": "60", "DJANGO_SETTINGS_MODULE": "wego.settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "visibility timeout" in result.stderr
