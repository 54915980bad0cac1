"""Celery tasks of the finance app: thin — ids in, a service called.

They were members.tasks.*; migration finance 0003 renames the beat schedules stored in
django-celery-beat (PeriodicTask.task) to these names."""

from celery import shared_task

from .models import FeeRun
from .services import (
    fee_run_execute,
    fee_run_mark_failed,
    fee_runs_resume_stale,
    invoice_reminders_send,
    invoices_notify,
)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, default_retry_delay=30)
def fee_run_task(self, run_id: int) -> None:
    """Compute the fees of a fee run. Safe to deliver twice or after a dead worker: the run is claimed
    (a live worker's run is left alone) and continues after the last committed chunk. Hitting the
    soft time limit gives the run back and retries, so a long run goes on where it stopped."""
    run = FeeRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    try:
        fee_run_execute(run=run)
    except Exception as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            fee_run_mark_failed(run_id=run_id, error=str(exc) or exc.__class__.__name__)
            raise
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, acks_late=True, max_retries=0)
def fee_runs_resume_stale_task(self) -> int:
    """Queue again the fee runs whose worker died (scheduled every minute by beat)."""
    return fee_runs_resume_stale()


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def invoice_notify_task(self, invoice_ids: list[int]) -> int:
    """Tell focal points about new invoices."""
    return invoices_notify(invoice_ids=invoice_ids)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def invoice_reminders_task(self) -> int:
    """Weekly-at-most reminders of overdue invoices (scheduled daily by beat)."""
    return invoice_reminders_send()
