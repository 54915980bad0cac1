"""Celery tasks of the governance app (thin: they call services)."""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def close_due_elections_task(self) -> list[int]:
    """Close and tally every vote whose voting window has ended. Idempotent: a vote already closed and
    tallied is left alone, so beat may run it as often as wanted (every few minutes)."""
    return services.elections_close_due()
