"""Invoice numbers (a gapless sequence per year), the language of a member's invoices, the fee a member
would pay, and issuing one member's invoice outside a fee run."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from wego.audit import audit_record

from .. import fees
from ..models import Invoice, InvoiceSequence
from .notifications import _notify_new_invoices

__all__ = [
    "invoice_issue",
    "invoice_number",
    "invoice_numbers_take",
    "invoice_sequence_lock",
    "member_quote",
]

# --- Invoice numbers -----------------------------------------------------------------------------


def invoice_sequence_lock(*, year: int) -> InvoiceSequence:
    """Lock the invoice sequence of `year` until the current transaction ends (creating it if needed).

    Whoever issues invoices takes this lock first, then looks at what exists: two concurrent issuers
    are serialised, and the second sees what the first committed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the invoice sequence can only be locked inside a transaction")
    try:
        with transaction.atomic():
            InvoiceSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created concurrently: it exists now
    return InvoiceSequence.objects.select_for_update().get(year=year)


def invoice_numbers_take(*, year: int, count: int) -> list[int]:
    """Take `count` consecutive numbers of `year`. Call inside the transaction that creates the
    invoices: the sequence row stays locked until it commits, and a rollback gives the numbers back,
    so numbers never have gaps, also under concurrent creation."""
    if count <= 0:
        return []
    sequence = invoice_sequence_lock(year=year)
    start = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return list(range(start, start + count))


def invoice_number(year: int, sequence: int) -> str:
    return f"WEGO-{year}-{sequence:05d}"


def _member_language(member_id: int, focal_languages: dict[int, str]) -> str:
    return focal_languages.get(member_id, "en")


def _focal_languages(member_ids) -> dict[int, str]:
    """The preferred language of each member's first focal point (one query)."""
    rows = (
        Affiliation.objects.focal_points().of(list(member_ids))
        .order_by("member_id", "created_at")
        .values_list("member_id", "user__preferred_language")
    )
    languages: dict[int, str] = {}
    for member_id, language in rows:
        languages.setdefault(member_id, language or "en")
    return languages


# --- Single invoices -----------------------------------------------------------------------------


def member_quote(*, member: Member, year: int) -> fees.Quote:
    """The fee `member` would pay for `year` under that year's schedule (raises NoSchedule)."""
    schedule = fees.load_schedule(year)
    economy = fees.economy_for_year(year=year, countries=[str(member.country)])
    return fees.quote(
        schedule=schedule, kind=member.kind, category=member.category, country=str(member.country),
        population=member.population, population_year=member.population_year, joined_on=member.joined_on,
        economy=economy.get(str(member.country)),
        under_verification=Member.objects.filter(pk=member.pk).filter(
            fees.under_verification(today=timezone.localdate())
        ).exists(),
    )


@transaction.atomic
def invoice_issue(*, member: Member, fee_year: int, by) -> Invoice:
    """Issue the fee invoice of one member for one year (e.g. a member accepted after the run)."""
    try:
        q = member_quote(member=member, year=fee_year)
    except fees.NoSchedule:
        raise ValidationError(_("There is no fee schedule for %(year)s.") % {"year": fee_year})
    if q.problem:
        raise ValidationError(str(fees.PROBLEM_LABELS[q.problem]))
    if not q.billable:
        raise ValidationError(str(fees.NO_FEE_LABELS.get(q.no_fee, _("No fee is due."))))
    invoice_sequence_lock(year=timezone.localdate().year)
    if Invoice.objects.filter(member=member, fee_year=fee_year, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED).exists():
        raise ValidationError(_("%(member)s already has an invoice for %(year)s.") % {"member": member.name, "year": fee_year})
    invoice = _create_invoice(member=member, fee_year=fee_year, amount=q.amount, explanation=q.explanation,
                              payment_days=fees.load_schedule(fee_year).payment_days)
    audit_record(actor=by, action="members.invoice.issued", target=invoice, data={"amount": invoice.amount})
    _notify_new_invoices([invoice.pk])
    return invoice


def _create_invoice(*, member, fee_year, amount, explanation, payment_days, kind=Invoice.Kind.INVOICE, credits=None):
    today = timezone.localdate()
    (number,) = invoice_numbers_take(year=today.year, count=1)
    languages = _focal_languages([member.pk])
    try:
        with transaction.atomic():
            return Invoice.objects.create(
                number=invoice_number(today.year, number), year=today.year, sequence=number, member=member,
                fee_year=fee_year, amount=amount, issued_on=today, due_on=today + dt.timedelta(days=payment_days),
                explanation=explanation, kind=kind, credits=credits, language=languages.get(member.pk, "en"),
            )
    except IntegrityError:
        raise ValidationError(_("%(member)s already has an invoice for %(year)s.") % {"member": member.name, "year": fee_year})
