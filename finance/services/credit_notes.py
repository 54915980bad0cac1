"""Credit notes: an issued invoice is cancelled by a credit note and issued again from the current inputs."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from wego.audit import audit_record

from .. import fees
from ..models import Invoice
from .invoices import _create_invoice, member_quote
from .notifications import _notify_new_invoices

__all__ = ["invoice_reissue"]


@transaction.atomic
def invoice_reissue(*, invoice: Invoice, by) -> tuple[Invoice, Invoice | None]:
    """Cancel an invoice with a credit note and issue a new one from the current inputs.

    The Secretariat does this explicitly when a fee run lists the invoice as changed."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(_("Only an issued invoice can be reissued."))
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if paid:
        raise ValidationError(_("Invoice %(number)s has payments; record a refund before reissuing it.")
                              % {"number": invoice.number})
    q = member_quote(member=invoice.member, year=invoice.fee_year)
    if q.problem:
        raise ValidationError(str(fees.PROBLEM_LABELS[q.problem]))
    invoice.status = Invoice.Status.CREDITED
    invoice.save(update_fields=["status"])
    schedule = fees.load_schedule(invoice.fee_year)
    credit = _create_invoice(member=invoice.member, fee_year=invoice.fee_year, amount=invoice.amount,
                             explanation={"credits": invoice.number}, payment_days=0,
                             kind=Invoice.Kind.CREDIT_NOTE, credits=invoice)
    new = None
    if q.billable:
        new = _create_invoice(member=invoice.member, fee_year=invoice.fee_year, amount=q.amount,
                              explanation=q.explanation, payment_days=schedule.payment_days)
    audit_record(actor=by, action="members.invoice.reissued", target=invoice,
                 data={"credit_note": credit.number, "new_invoice": new.number if new else None,
                       "old_amount": invoice.amount, "new_amount": new.amount if new else 0})
    if new:
        _notify_new_invoices([new.pk])
    return credit, new
