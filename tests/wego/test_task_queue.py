"""Tasks wait for the caller's transaction, and services queue them by name (issue 13, point 4).

`wego.celery.TransactionAwareTask` is the default task class: `.delay()` inside an atomic block is
sent when it commits, never when it rolls back. `wego.celery.enqueue(name, ...)` queues a task by
its registered name once the transaction commits: with a broker it sends by name, without one
(tests, `make run`) it runs the registered task in-process, as `.delay()` would.
"""

from __future__ import annotations

import importlib
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery import shared_task
from django.core import mail
from django.db import transaction
from kombu import pools as kombu_pools

from wego.celery import TransactionAwareTask, app, enqueue, in_atomic_block, registered_task

RAN: list[str] = []
APPS_WITH_TASKS = ("wego", "members", "finance", "governance", "ceds", "feasibility", "awards", "training")
ROOT = Path(__file__).resolve().parents[2]


@shared_task(bind=True)
def note_task(self, word: str) -> str:
    RAN.append(word)
    return word


NOTE = note_task.name


@pytest.fixture(autouse=True)
def _fresh_notes():
    RAN.clear()
    yield
    RAN.clear()


def test_the_portal_tasks_are_transaction_aware_and_still_acknowledged_late():
    for label in APPS_WITH_TASKS:
        if (ROOT / label / "tasks.py").exists():
            importlib.import_module(f"{label}.tasks")
    portal = {name: task for name, task in app.tasks.items() if name.split(".")[0] in APPS_WITH_TASKS}
    assert "ceds.tasks.compute_reports_task" in portal and "wego.tasks.send_email_task" in portal
    for name, task in portal.items():
        assert isinstance(task, TransactionAwareTask), name
        assert task.acks_late is True, name
    assert registered_task("ceds.tasks.compute_reports_task").reject_on_worker_lost is True
    assert app.conf.task_acks_late is True and app.conf.task_reject_on_worker_lost is True


@pytest.mark.django_db
def test_delay_inside_an_atomic_block_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert in_atomic_block()
        assert note_task.delay("inside") is None  # deferred: no result yet
        assert RAN == []  # nothing ran before the commit
    assert len(callbacks) == 1
    assert RAN == ["inside"]


@pytest.mark.django_db
def test_delay_inside_a_block_that_rolls_back_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        note_task.delay("rolled back")
        raise RuntimeError("the write failed")
    assert callbacks == [] and RAN == []


@pytest.mark.django_db
def test_delay_outside_an_atomic_block_runs_at_once():
    assert not in_atomic_block()  # the test case's own transaction does not count
    assert note_task.delay("outside").get() == "outside"
    assert RAN == ["outside"]


@pytest.mark.django_db
def test_enqueue_by_name_runs_the_registered_task_after_the_commit_without_a_broker(django_capture_on_commit_callbacks):
    assert app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            enqueue(NOTE, "by name")
        assert RAN == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert RAN == ["by name"]


@pytest.mark.django_db
def test_enqueue_sends_by_name_when_a_broker_is_configured(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args, kwargs: sent.append((name, args, kwargs)))
    app.conf.update(task_always_eager=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue("ceds.tasks.compute_reports_task", 42)
            assert sent == []
    finally:
        app.conf.update(task_always_eager=True)
    assert sent == [("ceds.tasks.compute_reports_task", (42,), {})]
    assert RAN == []


def test_enqueue_refuses_a_name_no_task_has():
    with pytest.raises(LookupError, match="ceds.tasks.no_such_task"):
        enqueue("ceds.tasks.no_such_task", 1)
    with pytest.raises(ModuleNotFoundError):
        enqueue("nowhere.tasks.compute", 1)


REDIS_URL = os.environ.get("REDIS_TEST_URL") or os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _forget_broker_connections() -> None:
    """Earlier eager runs opened a producer pool on memory://; the next sends open one on the new broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_enqueue_by_name_reaches_a_real_worker_over_redis():
    if not _redis_up():
        pytest.skip(f"no Redis reachable at {REDIS_URL}")
    from celery.contrib.testing.worker import start_worker

    broker_before = app.conf.broker_url
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _forget_broker_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():
                enqueue("wego.tasks.send_email_task", "Queued by name", "Sent after the commit.", ["someone@example.org"])
                time.sleep(0.5)
                assert mail.outbox == []  # not sent before the commit
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.update(broker_url=broker_before, task_always_eager=True)
        _forget_broker_connections()
    assert [m.subject for m in mail.outbox] == ["Queued by name"]
