"""The Celery application of the portal: tasks are autodiscovered in each app's tasks.py.

Every task of the portal is a `TransactionAwareTask`: `.delay()` or `.apply_async()` called inside an
atomic block is sent when that block's transaction commits (and not at all if it rolls back), so a
worker never looks for a row that is not committed yet. Services do not import tasks: they queue
work by the task's name with `enqueue("ceds.tasks.compute_reports_task", investigation.pk)`.
Acknowledgement (acks_late, reject_on_worker_lost) stays as configured in settings.
"""

from __future__ import annotations

import functools
import importlib
import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wego.settings")


def in_atomic_block(using: str | None = None) -> bool:
    """Whether the code runs inside an atomic block, so a commit is still to come.

    The blocks a Django test case opens around each test are not counted (as Django does for
    `atomic(durable=True)`): they never commit, and what a test calls directly runs as it would
    in autocommit.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    return not all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class TransactionAwareTask(DjangoTask):
    """A task that waits for the caller's transaction: sent on commit when called inside an atomic block.

    Outside an atomic block it is sent at once, as usual. Deferred, it returns None instead of an
    AsyncResult. A task re-sending itself from its own body (a retry) is sent at once: that is the
    worker's business, not the caller's transaction.
    """

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None,
                    shadow=None, **options):
        send = functools.partial(
            super().apply_async, args, kwargs, task_id=task_id, producer=producer, link=link,
            link_error=link_error, shadow=shadow, **options,
        )
        if self.request.called_directly and in_atomic_block():
            transaction.on_commit(send)
            return None
        return send()


app = Celery("wego", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def registered_task(name: str) -> Any:
    """The task registered under `name` (`app.tasks.module_task`), importing its module if needed."""
    if name not in app.tasks:
        module, _, _function = name.rpartition(".")
        importlib.import_module(module)
    try:
        return app.tasks[name]
    except KeyError:
        raise LookupError(f"No Celery task is registered as {name!r}.") from None


def _send(name: str, args: tuple, kwargs: dict) -> None:
    if app.conf.task_always_eager:  # no broker (tests, `make run`): run it here, as .delay() would
        registered_task(name).apply_async(args, kwargs)
    else:
        app.send_task(name, args, kwargs)


def enqueue(name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task registered as `name` once the current transaction commits (at once outside one).

    Arguments are sent as JSON: ids, not model instances. The name is checked at once, so a typo
    fails where it is written, not later in a worker.
    """
    registered_task(name)
    transaction.on_commit(functools.partial(_send, name, args, kwargs))
