"""Mails to members' focal points: new invoices and reminders of overdue ones."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation
from wego.audit import audit_record
from wego.celery import enqueue
from wego.mail import absolute_url, queue_templated_email

from ..models import Invoice
from ..selectors import invoice_list_overdue

__all__ = ["invoice_reminders_send", "invoices_notify"]


def _notify_new_invoices(invoice_ids: list[int]) -> None:
    enqueue("finance.tasks.invoice_notify_task", list(invoice_ids))


def _focal_points_of(member_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The (email, preferred language) of each member's focal points (one query)."""
    focal: dict[int, list[tuple[str, str]]] = {}
    rows = Affiliation.objects.focal_points().of(member_ids).values_list("member_id", "user__email", "user__preferred_language")
    for member_id, email, language in rows:
        focal.setdefault(member_id, []).append((email, language))
    return focal


def invoices_notify(*, invoice_ids: list[int]) -> int:
    """Tell each member's focal points about their new invoice (one mail per invoice)."""
    invoices = Invoice.objects.filter(pk__in=invoice_ids, kind=Invoice.Kind.INVOICE).select_related("member")
    focal = _focal_points_of([i.member_id for i in invoices])
    sent = 0
    for invoice in invoices:
        for email, language in focal.get(invoice.member_id, []):
            queue_templated_email(
                to=[email], template="finance/email/invoice_new",
                context={"invoice": invoice, "url": absolute_url(reverse("finance:invoices"))}, language=language,
            )
            sent += 1
    return sent


def invoice_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind focal points of overdue invoices, at most once a week per invoice."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - dt.timedelta(days=7)
    sent = 0
    with transaction.atomic():
        due_ids = list(invoice_list_overdue(today=today).exclude(last_reminder_at__gt=week_ago).values_list("pk", flat=True))
        overdue = list(Invoice.objects.select_for_update(skip_locked=True).filter(pk__in=due_ids).select_related("member"))
        if not overdue:
            return 0
        focal = _focal_points_of([i.member_id for i in overdue])
        for invoice in overdue:
            for email, language in focal.get(invoice.member_id, []):
                queue_templated_email(to=[email], template="finance/email/invoice_reminder",
                                      context={"invoice": invoice}, language=language)
                sent += 1
        Invoice.objects.filter(pk__in=[i.pk for i in overdue]).update(last_reminder_at=timezone.now())
        audit_record(action="members.invoice.reminders_sent", data={"invoices": len(overdue), "mails": sent})
    return sent
