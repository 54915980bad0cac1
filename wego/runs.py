"""Long runs that survive a killed worker: a heartbeat on the model, claims by conditional UPDATE.

A run (a fee run, a CeDS report computation, any long task) carries `heartbeat_at` and `worker`.
The worker that executes it first *claims* it with one conditional UPDATE (only a waiting run, or a
running one whose heartbeat is older than `RUNS_STALE_AFTER` seconds, can be claimed), then *beats*
as it goes, each beat conditional on still holding the claim. A worker killed with SIGKILL simply
stops beating: the next worker (re-queued by the beat task or a staff "Resume") claims the stale run
and continues from what was committed; the killed worker's uncommitted chunk was rolled back by the
database. Two deliveries of the same task cannot both hold a run: the second claim updates no row.

The shared floor imports no app: the apps give their model, status field and statuses.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_STALE_AFTER = 120


class RunLost(Exception):
    """The run was taken over by another worker (our heartbeat went stale): stop, write nothing."""


class HeartbeatFields(models.Model):
    """The heartbeat of a long run: when its worker last reported, and which worker holds it."""

    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True,
                              help_text=_("The worker that holds the run while it is running."))

    class Meta:
        abstract = True


def stale_after() -> dt.timedelta:
    """How long a running run may go without a heartbeat before another worker may take it over."""
    return dt.timedelta(seconds=getattr(settings, "RUNS_STALE_AFTER", DEFAULT_STALE_AFTER))


def new_token() -> str:
    """A name for one execution of a run: host, process and a random part (two executions differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"[:200]


def stale_q(*, status_field: str = "status", running: str = "running", now: dt.datetime | None = None) -> Q:
    """Running, and no heartbeat for longer than `stale_after()`."""
    cutoff = (now or timezone.now()) - stale_after()
    return Q(**{status_field: running}) & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))


def is_stale(obj, *, status_field: str = "status", running: str = "running", now: dt.datetime | None = None) -> bool:
    """The Python twin of `stale_q` for one loaded row."""
    if getattr(obj, status_field) != running:
        return False
    return obj.heartbeat_at is None or obj.heartbeat_at < (now or timezone.now()) - stale_after()


def claim(queryset: QuerySet, *, token: str, waiting: Q, status_field: str = "status", running: str = "running",
          **fields) -> bool:
    """Take the run(s) of `queryset` for `token`: one conditional UPDATE, true when this call took it.

    Claimable are the rows matching `waiting` and the running rows whose heartbeat is stale; a
    running row with a fresh heartbeat belongs to a live worker and is left alone."""
    now = timezone.now()
    updated = queryset.filter(waiting | stale_q(status_field=status_field, running=running, now=now)).update(
        **{status_field: running}, worker=token, heartbeat_at=now, **fields
    )
    return updated > 0


def beat(queryset: QuerySet, *, token: str, **fields) -> bool:
    """Record a heartbeat (and `fields`) if `token` still holds the run; false when it was taken over."""
    return queryset.filter(worker=token).update(heartbeat_at=timezone.now(), **fields) > 0


def release(queryset: QuerySet, *, token: str, **fields) -> bool:
    """Give the run up (e.g. with its status back to waiting, or finished): clears the worker."""
    return queryset.filter(worker=token).update(worker="", heartbeat_at=timezone.now(), **fields) > 0


def hold(queryset: QuerySet, *, token: str) -> None:
    """Lock the run's row for the current transaction if `token` still holds it, else raise RunLost.

    A chunk of work starts with this: a takeover then waits for the chunk to commit, and a worker that
    lost the run writes nothing."""
    if not queryset.select_for_update().filter(worker=token).values_list("pk", flat=True).first():
        raise RunLost
