"""The fee formula: pure functions over a loaded schedule, so a run over 10,000 members needs no
per-member query.

A city's fee is the amount of its country's tier (GDP per capita at PPP, from the latest IMF figure
at or before year − 1) and its population band. Associates pay by the schedule's Associate rule;
Friendship, Corporate and national-institution members pay flat fees; members who join during the
year pay by the month.

Who is billed as an Associate: a city becomes an Associate member when it submits its application
(``joined_on`` is the submission date). While the Secretariat may still reject the application (its
verification period, ``MEMBERSHIP_VERIFICATION_DAYS``) the member is not billed: a rejection then
withdraws a membership that never received an invoice, so nothing has to be credited. Once the
application is verified, or the period has ended, the member is billed under the Associate rule,
pro rata from the month of its submission like any member joining during the year.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as t
from django.utils.translation import gettext_lazy as _

from members.models import Member, MembershipApplication

from .models import CountryEconomy, FeeAmount, FeeSchedule

CENT = Decimal("0.01")


class NoSchedule(Exception):
    """No fee schedule exists for the year asked."""


@dataclass(frozen=True)
class Step:
    """A tier or a band: from `minimum` (inclusive) up to the next step."""

    id: int
    code: str
    name: str
    minimum: Decimal


@dataclass(frozen=True)
class Schedule:
    year: int
    status: str
    tiers: tuple[Step, ...]
    bands: tuple[Step, ...]
    amounts: dict[tuple[int, int], Decimal]
    associate_rule: str
    associate_percent: Decimal
    friendship_fee: Decimal
    corporate_fee: Decimal
    institution_fee: Decimal
    pro_rata: bool
    payment_days: int

    def tier_for(self, gdp: Decimal) -> Step | None:
        return _step_for(self.tiers, gdp)

    def band_for(self, population: int) -> Step | None:
        return _step_for(self.bands, Decimal(population))


def _step_for(steps: tuple[Step, ...], value: Decimal) -> Step | None:
    """The step whose range holds `value`: a value exactly on a threshold belongs to the step it starts."""
    index = bisect_right([s.minimum for s in steps], value) - 1
    return steps[index] if index >= 0 else None


@dataclass(frozen=True)
class EconomyFigure:
    year: int
    gdp_ppp_per_capita: Decimal


@dataclass
class Quote:
    """The fee of one member for one year, or why it has none."""

    amount: Decimal | None
    explanation: dict = field(default_factory=dict)
    problem: str = ""  # "no_population", "no_gdp", "no_tier", "no_band", "no_amount": cannot be priced
    no_fee: str = ""  # "associate_rule", "joins_later", "under_verification": priced at nothing, no invoice

    @property
    def billable(self) -> bool:
        return self.amount is not None and self.amount > 0 and not self.problem


PROBLEM_LABELS = {
    "no_population": _("No population recorded for this member."),
    "no_gdp": _("No IMF GDP-PPP figure for this country at or before the year before."),
    "no_tier": _("The GDP figure is below the lowest country tier."),
    "no_band": _("The population is below the lowest population band."),
    "no_amount": _("The fee schedule has no amount for this tier and band."),
}
NO_FEE_LABELS = {
    "associate_rule": _("Associate members pay no fee under this year's schedule."),
    "joins_later": _("The member joined after this year."),
    "under_verification": _(
        "Associate member whose application the Secretariat is still verifying: billed once verified or once the "
        "verification period ends, from the month of its submission."
    ),
}


def under_verification(*, today: dt.date):
    """An expression for a member queryset: is the member an Associate whose application is still in
    its verification period on `today`? (One subquery, no per-member query.)"""
    return Exists(
        MembershipApplication.objects.filter(
            member=OuterRef("pk"),
            status=MembershipApplication.Status.VERIFYING,
            verification_due_on__gte=today,
        )
    )


def load_schedule(year: int) -> Schedule:
    """The schedule of `year` with its tiers, bands and amounts (three queries)."""
    schedule = FeeSchedule.objects.filter(year=year).first()
    if schedule is None:
        raise NoSchedule(year)
    tiers = tuple(Step(t.id, t.code, t.name, t.min_gdp_ppp) for t in schedule.tiers.order_by("min_gdp_ppp"))
    bands = tuple(
        Step(b.id, b.code, b.name, Decimal(b.min_population)) for b in schedule.bands.order_by("min_population")
    )
    amounts = {
        (a["tier_id"], a["band_id"]): a["amount"]
        for a in FeeAmount.objects.filter(schedule=schedule).values("tier_id", "band_id", "amount")
    }
    return Schedule(
        year=schedule.year,
        status=schedule.status,
        tiers=tiers,
        bands=bands,
        amounts=amounts,
        associate_rule=schedule.associate_rule,
        associate_percent=schedule.associate_percent,
        friendship_fee=schedule.friendship_fee,
        corporate_fee=schedule.corporate_fee,
        institution_fee=schedule.institution_fee,
        pro_rata=schedule.pro_rata,
        payment_days=schedule.payment_days,
    )


def economy_for_year(*, year: int, countries: list[str] | None = None) -> dict[str, EconomyFigure]:
    """For each country, the latest GDP-PPP per capita at or before `year` − 1 (one query)."""
    base = CountryEconomy.objects.filter(year__lte=year - 1, gdp_ppp_per_capita__isnull=False)
    latest_year = (
        base.filter(country=OuterRef("country")).order_by("-year").values("year")[:1]
    )
    rows = base.filter(year=Subquery(latest_year))
    if countries is not None:
        rows = rows.filter(country__in=countries)
    return {
        str(r["country"]): EconomyFigure(r["year"], r["gdp_ppp_per_capita"])
        for r in rows.values("country", "year", "gdp_ppp_per_capita")
    }


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def months_billed(*, joined_on: dt.date | None, year: int) -> int:
    """Months of `year` a member is billed for: 12, or from its joining month on."""
    if joined_on is None or joined_on.year < year:
        return 12
    if joined_on.year > year:
        return 0
    return 13 - joined_on.month


def quote(
    *,
    schedule: Schedule,
    kind: str,
    category: str,
    country: str,
    population: int | None,
    population_year: int | None = None,
    joined_on: dt.date | None,
    economy: EconomyFigure | None,
    under_verification: bool = False,
) -> Quote:
    """Price one member for the schedule's year, explaining every step.

    `under_verification`: the member is an Associate whose application is still in its verification
    period (see `under_verification()`); it is not billed yet.
    """
    year = schedule.year
    explanation: dict = {
        "schedule_year": year,
        "schedule_status": schedule.status,
        "kind": kind,
        "category": category,
        "country": country,
    }
    months = months_billed(joined_on=joined_on, year=year)
    if months and not schedule.pro_rata:
        months = 12
    if months == 0:
        return Quote(amount=Decimal("0"), explanation=explanation, no_fee="joins_later")
    if under_verification and category == Member.Category.ASSOCIATE:
        explanation["rule"] = "associate_under_verification"
        return Quote(amount=Decimal("0"), explanation=explanation, no_fee="under_verification")

    flat = {
        Member.Category.FRIENDSHIP: ("friendship_flat", schedule.friendship_fee),
        Member.Category.CORPORATE: ("corporate_flat", schedule.corporate_fee),
    }.get(category)
    if flat is None and kind == Member.Kind.INSTITUTION:
        flat = ("institution_flat", schedule.institution_fee)
    if flat is not None:
        rule, base = flat
        explanation["rule"] = rule
    else:
        if population is None:
            return Quote(amount=None, explanation=explanation, problem="no_population")
        if economy is None:
            return Quote(amount=None, explanation=explanation, problem="no_gdp")
        tier = schedule.tier_for(economy.gdp_ppp_per_capita)
        band = schedule.band_for(population)
        explanation.update(
            gdp_ppp_per_capita=str(economy.gdp_ppp_per_capita),
            gdp_year=economy.year,
            population=population,
            population_year=population_year,
        )
        if tier is None:
            return Quote(amount=None, explanation=explanation, problem="no_tier")
        if band is None:
            return Quote(amount=None, explanation=explanation, problem="no_band")
        explanation["tier"] = {"code": tier.code, "name": tier.name, "from": str(tier.minimum)}
        explanation["band"] = {"code": band.code, "name": band.name, "from": int(band.minimum)}
        base = schedule.amounts.get((tier.id, band.id))
        if base is None:
            return Quote(amount=None, explanation=explanation, problem="no_amount")
        rule = "tier_band"
        if category == Member.Category.ASSOCIATE:
            if schedule.associate_rule == FeeSchedule.AssociateRule.NONE:
                explanation["rule"] = "associate_none"
                return Quote(amount=Decimal("0"), explanation=explanation, no_fee="associate_rule")
            if schedule.associate_rule == FeeSchedule.AssociateRule.PERCENT:
                rule = "associate_percent"
                explanation["full_amount"] = str(base)
                explanation["associate_percent"] = str(schedule.associate_percent)
                base = base * schedule.associate_percent / Decimal(100)
            else:
                rule = "associate_same"
        explanation["rule"] = rule
    base = _money(base)
    explanation["base_amount"] = str(base)
    amount = base
    if months < 12:
        amount = _money(base * months / Decimal(12))
        explanation["months"] = months
    explanation["amount"] = str(amount)
    return Quote(amount=amount, explanation=explanation)


def explain(explanation: dict) -> list[str]:
    """The explanation of an invoice as sentences for people (shown on invoices and quotes)."""
    lines = []
    rule = explanation.get("rule")
    if "tier" in explanation:
        lines.append(
            t("GDP per capita at PPP of %(gdp)s international dollars (IMF, %(year)s) places the country in tier %(tier)s.")
            % {
                "gdp": f"{Decimal(explanation['gdp_ppp_per_capita']):,.0f}",
                "year": explanation["gdp_year"],
                "tier": f"{explanation['tier']['code']} ({explanation['tier']['name']})",
            }
        )
        population_year = explanation.get("population_year")
        lines.append(
            t("A population of %(population)s%(year)s places the member in band %(band)s.")
            % {
                "population": f"{explanation['population']:,}",
                "year": f" ({population_year})" if population_year else "",
                "band": f"{explanation['band']['code']} ({explanation['band']['name']})",
            }
        )
    if rule == "associate_percent":
        lines.append(
            t("Associate members pay %(percent)s%% of the Full fee of %(full)s USD.")
            % {"percent": explanation["associate_percent"].rstrip("0").rstrip("."), "full": explanation["full_amount"]}
        )
    elif rule == "associate_same":
        lines.append(t("Associate members pay the same fee as Full members."))
    elif rule == "friendship_flat":
        lines.append(t("Friendship members pay a flat fee."))
    elif rule == "corporate_flat":
        lines.append(t("Corporate members pay a flat fee."))
    elif rule == "institution_flat":
        lines.append(t("National institutions pay a flat fee."))
    if "months" in explanation:
        lines.append(
            t("Joined during the year: %(months)s of 12 months of %(base)s USD.")
            % {"months": explanation["months"], "base": explanation["base_amount"]}
        )
    if explanation.get("schedule_status") == "example":
        lines.append(t("Computed with the example schedule: the adopted schedule has not been entered yet."))
    return lines


def comparable(explanation: dict) -> dict:
    """The inputs of an explanation that, if changed, change what the member should pay."""
    keys = ("rule", "gdp_ppp_per_capita", "gdp_year", "population", "tier", "band", "months", "amount", "category")
    return {k: explanation.get(k) for k in keys}
