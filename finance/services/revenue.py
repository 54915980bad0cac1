"""Donations and other revenue: recorded and corrected by the Secretariat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from wego.audit import audit_record

from ..models import Donation, OtherRevenue

__all__ = ["donation_record", "donation_update", "other_revenue_record", "other_revenue_update"]


@transaction.atomic
def donation_record(*, by, purpose: str, amount: Decimal, currency: str, amount_usd: Decimal, received_on: dt.date,
                    donor_member=None, donor_partner=None, donor_name: str = "", notes: str = "") -> Donation:
    """Record a voluntary donation (from a member, a partner or another donor)."""
    donation = Donation(donor_member=donor_member, donor_partner=donor_partner, donor_name=donor_name.strip(),
                        purpose=purpose, amount=amount, currency=currency.upper(), amount_usd=amount_usd,
                        received_on=received_on, notes=notes)
    donation.full_clean()
    donation.save()
    audit_record(actor=by, action="members.donation.recorded", target=donation, data={"amount_usd": amount_usd})
    return donation


@transaction.atomic
def other_revenue_record(*, by, description: str, amount_usd: Decimal, received_on: dt.date, source: str = "") -> OtherRevenue:
    revenue = OtherRevenue(description=description, amount_usd=amount_usd, received_on=received_on, source=source)
    revenue.full_clean()
    revenue.save()
    audit_record(actor=by, action="members.revenue.recorded", target=revenue, data={"amount_usd": amount_usd})
    return revenue


@transaction.atomic
def donation_update(*, donation: Donation, by, changed: list[str]) -> Donation:
    """Save a correction of a recorded donation (validated by the Secretariat's form), audited."""
    donation.full_clean()
    donation.save()
    audit_record(actor=by, action="members.donation.edited", target=donation, data={"changed": list(changed)})
    return donation


@transaction.atomic
def other_revenue_update(*, revenue: OtherRevenue, by, changed: list[str]) -> OtherRevenue:
    """Save a correction of recorded other revenue, audited."""
    revenue.full_clean()
    revenue.save()
    audit_record(actor=by, action="members.revenue.edited", target=revenue, data={"changed": list(changed)})
    return revenue
