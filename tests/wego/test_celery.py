"""A task runs on a real Celery worker over Redis (skipped where no Redis answers; CI has one)."""

import os
import socket

import pytest
from django.core import mail

REDIS_URL = os.environ.get("REDIS_TEST_URL") or os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_task_runs_on_a_real_worker_over_redis(settings):
    if not _redis_up():
        pytest.skip(f"no Redis reachable at {REDIS_URL}")
    import time

    from celery.contrib.testing.worker import start_worker

    from wego.celery import app
    from wego.tasks import send_email_task

    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with app.connection_for_write() as connection:
                send_email_task.apply_async(
                    ("Worker check", "Sent by a real worker.", ["someone@example.org"]), connection=connection
                )
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.update(task_always_eager=True)
    assert [m.subject for m in mail.outbox] == ["Worker check"]


def test_celery_defaults_are_safe():
    from wego.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_soft_time_limit and app.conf.task_time_limit > app.conf.task_soft_time_limit
