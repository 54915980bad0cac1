"""Celery tasks of the feasibility app: thin — ids in, a service called."""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def implementation_reminders_task(self) -> int:
    """Remind beneficiary cities of implementation reports due soon or overdue (beat: daily)."""
    return services.implementation_reminders_send()
