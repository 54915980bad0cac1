"""Fee schedules: the example schedule, a copy for next year, adoption and the Secretariat's edits."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import CountryTier, FeeAmount, FeeSchedule, PopulationBand

__all__ = [
    "EXAMPLE_AMOUNTS",
    "EXAMPLE_BANDS",
    "EXAMPLE_TIERS",
    "fee_schedule_adopt",
    "fee_schedule_copy",
    "fee_schedule_create_example",
    "fee_schedule_grid_save",
    "fee_schedule_save",
]

EXAMPLE_TIERS = [
    ("T1", "Lower income", Decimal("0")),
    ("T2", "Lower-middle income", Decimal("10000")),
    ("T3", "Upper-middle income", Decimal("25000")),
    ("T4", "High income", Decimal("50000")),
]
EXAMPLE_BANDS = [
    ("B1", "Under 500,000", 0),
    ("B2", "500,000 to 1 million", 500_000),
    ("B3", "1 to 5 million", 1_000_000),
    ("B4", "5 million and more", 5_000_000),
]
EXAMPLE_AMOUNTS = {
    "T1": [1000, 1500, 2000, 3000],
    "T2": [2000, 3000, 4000, 5000],
    "T3": [3000, 4500, 6000, 8000],
    "T4": [5000, 7000, 10000, 15000],
}


@transaction.atomic
def fee_schedule_create_example(*, year: int, by=None) -> FeeSchedule:
    """Create the example schedule for `year` (labelled as an example until the adopted one is entered)."""
    if FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("A fee schedule for %(year)s already exists.") % {"year": year})
    schedule = FeeSchedule.objects.create(
        year=year,
        status=FeeSchedule.Status.EXAMPLE,
        notes=_("Example schedule shipped with the portal. Replace the figures with the adopted schedule."),
        associate_rule=FeeSchedule.AssociateRule.PERCENT,
        associate_percent=Decimal("50"),
        friendship_fee=Decimal("2000"),
        corporate_fee=Decimal("5000"),
        institution_fee=Decimal("2000"),
    )
    tiers = [CountryTier.objects.create(schedule=schedule, code=c, name=n, min_gdp_ppp=m) for c, n, m in EXAMPLE_TIERS]
    bands = [PopulationBand.objects.create(schedule=schedule, code=c, name=n, min_population=m) for c, n, m in EXAMPLE_BANDS]
    FeeAmount.objects.bulk_create(
        FeeAmount(schedule=schedule, tier=tier, band=band, amount=Decimal(EXAMPLE_AMOUNTS[tier.code][i]))
        for tier in tiers
        for i, band in enumerate(bands)
    )
    audit_record(actor=by, action="members.fee_schedule.created", target=schedule, data={"example": True})
    return schedule


@transaction.atomic
def fee_schedule_copy(*, source: FeeSchedule, year: int, by=None) -> FeeSchedule:
    """Start next year's schedule from an existing one (same grid, marked as an example until adopted)."""
    if FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("A fee schedule for %(year)s already exists.") % {"year": year})
    fields = ["associate_rule", "associate_percent", "friendship_fee", "corporate_fee", "institution_fee",
              "pro_rata", "payment_days", "notes"]
    schedule = FeeSchedule.objects.create(year=year, status=FeeSchedule.Status.EXAMPLE,
                                          **{f: getattr(source, f) for f in fields})
    tier_map = {t.pk: CountryTier.objects.create(schedule=schedule, code=t.code, name=t.name, min_gdp_ppp=t.min_gdp_ppp)
                for t in source.tiers.all()}
    band_map = {b.pk: PopulationBand.objects.create(schedule=schedule, code=b.code, name=b.name,
                                                    min_population=b.min_population) for b in source.bands.all()}
    FeeAmount.objects.bulk_create(
        FeeAmount(schedule=schedule, tier=tier_map[a.tier_id], band=band_map[a.band_id], amount=a.amount)
        for a in source.amounts.all()
    )
    audit_record(actor=by, action="members.fee_schedule.copied", target=schedule, data={"from": source.year})
    return schedule


@transaction.atomic
def fee_schedule_adopt(*, schedule: FeeSchedule, by) -> FeeSchedule:
    """Mark a schedule as the adopted one (it stops carrying the 'example' label)."""
    if schedule.status == FeeSchedule.Status.ADOPTED:
        raise ValidationError(_("This schedule is already adopted."))
    missing = schedule.tiers.count() * schedule.bands.count() - schedule.amounts.count()
    if missing:
        raise ValidationError(_("Fill in every amount of the grid first (%(n)s missing).") % {"n": missing})
    schedule.status = FeeSchedule.Status.ADOPTED
    schedule.save(update_fields=["status"])
    audit_record(actor=by, action="members.fee_schedule.adopted", target=schedule)
    return schedule


@transaction.atomic
def fee_schedule_save(*, schedule: FeeSchedule, by, changed: list[str]) -> FeeSchedule:
    """Save the Secretariat's edits of a schedule's own fields (validated by their form), audited.
    Its status changes only by fee_schedule_adopt."""
    schedule.save()
    audit_record(actor=by, action="members.fee_schedule.saved", target=schedule, data={"changed": list(changed)})
    return schedule


@transaction.atomic
def fee_schedule_grid_save(*, schedule: FeeSchedule, saved=(), deleted=(), by) -> FeeSchedule:
    """Save edited rows of a schedule's grid (tiers, population bands, amounts) and delete removed ones, audited."""
    saved, deleted = list(saved), list(deleted)
    if any(row.schedule_id != schedule.pk for row in [*saved, *deleted]):
        raise ValidationError(_("Edit the rows of this schedule only."))
    for row in deleted:
        row.delete()
    for row in saved:
        row.full_clean()
        row.save()
    if saved or deleted:
        audit_record(actor=by, action="members.fee_schedule.saved", target=schedule, data={"grid": {
            "saved": [f"{type(row).__name__} {row}" for row in saved],
            "deleted": [f"{type(row).__name__} {row}" for row in deleted],
        }})
    return schedule
