"""Celery tasks of the awards app: thin, ids in, a service called."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services
from .models import Edition

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def editions_advance_task(self) -> int:
    """Daily: move every edition in progress to the phases whose dates have come.

    Idempotent: a phase already taken is not taken again. A phase whose conditions are not met
    (unscreened entries, unpublished shortlists, undecided winners) waits and is logged for the Secretariat.
    """
    ids = list(Edition.objects.exclude(status=Edition.Status.ANNOUNCED).values_list("pk", flat=True))
    for edition_id in ids:
        edition_advance_task.delay(edition_id)
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def edition_advance_task(self, edition_id: int) -> list[str]:
    """Advance one edition by date (see services.edition_advance_by_date)."""
    edition = Edition.objects.get(pk=edition_id)
    taken, blocked = services.edition_advance_by_date(edition=edition)
    if blocked:
        logger.warning("Awards %s waits: %s", edition.year, blocked)
    return taken
