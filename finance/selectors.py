"""Reads of membership finance: balances, overdue invoices, good standing, the fee grid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from members.models import Member, MemberQuerySet

from .models import FeeSchedule, Invoice, Payment

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _paid_subquery():
    return Coalesce(
        Subquery(
            Payment.objects.filter(invoice=OuterRef("pk"))
            .order_by()
            .values("invoice")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        ZERO,
    )


def invoice_list_with_balance() -> QuerySet[Invoice]:
    """Invoices with `paid` and `balance` computed in SQL (no GROUP BY, so they stay lockable)."""
    return (
        Invoice.objects.select_related("member")
        .annotate(paid=_paid_subquery())
        .annotate(balance=F("amount") - F("paid"))
    )


def invoice_list_live() -> QuerySet[Invoice]:
    """Issued fee invoices (not credit notes, not cancelled ones) with their balances."""
    return invoice_list_with_balance().filter(kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)


def invoice_list_overdue(*, today: dt.date) -> QuerySet[Invoice]:
    return invoice_list_live().filter(due_on__lt=today, balance__gt=0)  # type: ignore[misc]  # annotated


def invoice_list_for_member(*, member: Member) -> QuerySet[Invoice]:
    """A member's invoices and credit notes, newest first, with balances."""
    return invoice_list_with_balance().filter(member=member).order_by("-fee_year", "-year", "-sequence")


def member_balance(*, member: Member) -> Decimal:
    total = invoice_list_live().filter(member=member).aggregate(total=Sum("balance"))["total"]
    return total or Decimal("0")


def _unpaid_before(year: int) -> QuerySet[Invoice]:
    return invoice_list_live().filter(due_on__lt=dt.date(year, 1, 1), balance__gt=0)  # type: ignore[misc]  # annotated


def members_in_good_standing(*, year: int) -> MemberQuerySet:
    """Members with no invoice due before `year` left unpaid. Governance uses this for voting rights
    and candidacies; it is one query however many members there are."""
    return Member.objects.exclude(pk__in=_unpaid_before(year).values("member_id"))


def member_in_good_standing(*, member: Member, year: int) -> bool:
    return not _unpaid_before(year).filter(member=member).exists()


def fee_schedule_grid(*, year: int) -> dict | None:
    """The whole grid of a year's schedule for the page and the API: tiers × bands with amounts."""
    schedule = FeeSchedule.objects.filter(year=year).first()
    if schedule is None:
        return None
    tiers = list(schedule.tiers.order_by("min_gdp_ppp"))
    bands = list(schedule.bands.order_by("min_population"))
    amounts = {(a.tier_id, a.band_id): a.amount for a in schedule.amounts.all()}
    rows = []
    for i, tier in enumerate(tiers):
        upper = tiers[i + 1].min_gdp_ppp if i + 1 < len(tiers) else None
        rows.append({"tier": tier, "upper": upper, "cells": [amounts.get((tier.pk, band.pk)) for band in bands]})
    band_ranges = [
        {"band": band, "upper": bands[i + 1].min_population if i + 1 < len(bands) else None}
        for i, band in enumerate(bands)
    ]
    return {"schedule": schedule, "rows": rows, "bands": band_ranges}


def fee_schedule_years() -> list[int]:
    return list(FeeSchedule.objects.order_by("-year").values_list("year", flat=True))


__all__ = [
    "fee_schedule_grid",
    "fee_schedule_years",
    "invoice_list_for_member",
    "invoice_list_live",
    "invoice_list_overdue",
    "invoice_list_with_balance",
    "member_balance",
    "member_in_good_standing",
    "members_in_good_standing",
]
