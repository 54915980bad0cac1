"""Celery tasks of the ceds app: thin, ids in, a service called.

Services are looked up on the package at call time (`services.reports_compute`), so what a test
patches there is what runs.
"""

from __future__ import annotations

from celery import shared_task

from wego.runs import RunLost, new_token

from . import services
from .models import Investigation


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, default_retry_delay=30)
def compute_reports_task(self, investigation_id: int) -> None:
    """Compute reports I–III. Safe to run twice: it replaces the reports of that investigation. The
    computation is claimed first (wego.runs): a second delivery while a live worker computes it does
    nothing, and one whose worker died is taken over."""
    investigation = Investigation.objects.filter(pk=investigation_id).first()
    if investigation is None:
        return
    token = new_token()
    if not services.reports_claim(investigation_id=investigation_id, token=token):
        return
    try:
        services.reports_compute(investigation=investigation, token=token)
    except RunLost:
        return
    except Exception as exc:
        if self.request.retries >= self.max_retries or self.request.is_eager:
            services.reports_mark_failed(investigation_id=investigation_id, error=str(exc), token=token)
            raise
        services.reports_release(investigation_id=investigation_id, token=token)
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, acks_late=True, max_retries=0)
def reports_resume_stale_task(self) -> int:
    """Queue again the report computations whose worker died (scheduled every minute by beat)."""
    return services.reports_resume_stale()


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def import_award_winners_task(self) -> int:
    """Offer newly published WeGO Awards winners as best-practice modules (idempotent)."""
    return services.modules_import_award_winners()
