"""Celery tasks of the training app: thin — ids in, a service called.

Beat schedule to add to settings.CELERY_BEAT_SCHEDULE (the lead owns the settings):
    "training-expire-offers": {"task": "training.tasks.expire_offers_task", "schedule": 15 * 60},
"""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def expire_offers_task(self) -> int:
    """Lapse seat offers past their deadline and offer each seat to the next on the waiting list.
    Idempotent: an offer is lapsed once (under a lock), answered or open offers are left alone."""
    return services.offers_expire()


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def offer_lapse_task(self, application_id: int) -> bool:
    """Lapse one offer if it is past its deadline (safe to run at any time, any number of times)."""
    return services.offer_lapse(application_id=application_id)
