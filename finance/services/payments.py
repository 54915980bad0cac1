"""Payments received against invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import Invoice, Payment

__all__ = ["payment_record"]


@transaction.atomic
def payment_record(*, invoice: Invoice, amount: Decimal, paid_on: dt.date, by, method: str = Payment.Method.BANK_TRANSFER,
                   reference: str = "") -> Payment:
    """Record a payment (full or partial) received against an invoice. Overpayment is refused."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(_("Payments can only be recorded against an issued invoice."))
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    balance = invoice.amount - paid
    if amount > balance:
        raise ValidationError(
            _("%(amount)s USD is more than the %(balance)s USD still due on invoice %(number)s.")
            % {"amount": amount, "balance": balance, "number": invoice.number}
        )
    payment = Payment.objects.create(invoice=invoice, amount=amount, paid_on=paid_on, method=method,
                                     reference=reference, recorded_by=by)
    audit_record(actor=by, action="members.payment.recorded", target=invoice,
                 data={"amount": amount, "paid_on": paid_on, "balance_after": balance - amount})
    return payment
