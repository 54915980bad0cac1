"""Celery tasks of the ceds app: thin, ids in, a service called."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def compute_reports_task(self, investigation_id: int) -> None:
    """Compute reports I–III. Safe to run twice: it replaces the reports of that investigation."""
    from .models import Investigation
    from .services import reports_compute, reports_mark_failed, reports_mark_running

    investigation = Investigation.objects.filter(pk=investigation_id).first()
    if investigation is None:
        return
    reports_mark_running(investigation_id=investigation_id)
    try:
        reports_compute(investigation=investigation)
    except Exception as exc:
        if self.request.retries >= self.max_retries or self.request.is_eager:
            reports_mark_failed(investigation_id=investigation_id, error=str(exc))
            raise
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def import_award_winners_task(self) -> int:
    """Offer newly published WeGO Awards winners as best-practice modules (idempotent)."""
    from .services import modules_import_award_winners

    return modules_import_award_winners()
