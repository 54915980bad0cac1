"""Celery tasks of the members app: thin — ids in, a service called."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def fee_run_task(self, run_id: int) -> None:
    """Compute the fees of a fee run. Safe to run twice: it never issues a second invoice."""
    from .finance.services import fee_run_execute
    from .models import FeeRun

    run = FeeRun.objects.filter(pk=run_id).first()
    if run is not None:
        fee_run_execute(run=run)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=60)
def invoice_notify_task(self, invoice_ids: list[int]) -> int:
    """Tell focal points about new invoices."""
    from .finance.services import invoices_notify

    return invoices_notify(invoice_ids=invoice_ids)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def invoice_reminders_task(self) -> int:
    """Weekly-at-most reminders of overdue invoices (scheduled daily by beat)."""
    from .finance.services import invoice_reminders_send

    return invoice_reminders_send()
