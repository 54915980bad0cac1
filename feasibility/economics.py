"""The economic analysis of a feasibility study (component FA): pure functions, no database.

Cash flows are given per year of the horizon, year 0 first: a cost and a benefit for each year.
Year 0 is not discounted; year t is divided by (1 + r)^t.

- NPV at a discount rate r: Σ (benefit_t − cost_t) / (1 + r)^t.
- Benefit/cost ratio: PV(benefits) / PV(costs) at r (none when the costs are nil).
- IRR: the rate where the NPV of the net flows is zero, searched over its whole domain, from just
  above −100 % (1 + r = 1e-12, i.e. −99.9999999999 %) to 100,000,000 %. The search works on the
  growth factor g = 1 + r: the NPV is a polynomial in 1/g, evaluated scaled by a positive power of g
  where g < 1 (so that no power overflows near −100 % and the sign, hence every root, is kept). The
  grid steps 0.1 point from −99 % to 100 %, 5 points up to 1,000 %, and 20 steps per factor of ten
  of g on both tails; every bracket where the NPV changes sign is narrowed by bisection to 1e-12 (relative
  to g below g = 1). No sign change in the flows means no IRR (a clear message); more than one sign change
  means there may be several IRRs or none (a warning, and every root found is listed). Two roots
  closer than one step are not told apart. A rate is rounded to 1e-8, and near −100 % (g < 0.01)
  to 8 significant digits of g, so that −99.999 % is not rounded to −100 %.
- Payback year: the first year whose cumulative net flow is ≥ 0 (undiscounted); the discounted
  payback year uses the discounted net flows.
- Sensitivity: the same figures with the discount rate ±2 points, benefits −20 % and costs +20 %.

Money is Decimal throughout (28 significant digits); the IRR search works in floats (it is an
iterative root search whose result is rounded to 1e-8 and returned as a Decimal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

ZERO = Decimal("0")
ONE = Decimal("1")
# Sensitivity scenarios (issue 7): discount rate ±2 points, benefits −20 %, costs +20 %.
RATE_SHIFT = Decimal("0.02")
BENEFIT_CUT = Decimal("0.80")
COST_RISE = Decimal("1.20")
# The IRR search range, as growth factors g = 1 + r: from just above −100 % (g = 1e-12, a rate of
# −99.9999999999 %) to a rate of 1e6 (100,000,000 %).
IRR_GROWTH_MIN = 1e-12
IRR_SEARCH_LIMIT = 1e6
IRR_STEPS_PER_DECADE = 20
IRR_TOLERANCE = 1e-12  # on g: absolute from g = 1 up (as far as floats go), relative below
IRR_DECIMALS = Decimal("0.00000001")
IRR_NEAR_MINUS_100 = Decimal("0.01")  # below this g, keep significant digits of g rather than 1e-8


def _dec(value) -> Decimal:
    """A Decimal from an int, a str, a Decimal or a float (via its shortest repr, not its binary value)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


@dataclass(frozen=True)
class YearFlow:
    """One year of the horizon: index 0 is the first (undiscounted) year."""

    year: int
    cost: Decimal
    benefit: Decimal

    @property
    def net(self) -> Decimal:
        return self.benefit - self.cost


def flows_from(costs: Sequence, benefits: Sequence) -> list[YearFlow]:
    """Pair yearly costs and benefits (year 0 first); the shorter list is padded with zeros."""
    length = max(len(costs), len(benefits))
    padded_costs = list(costs) + [0] * (length - len(costs))
    padded_benefits = list(benefits) + [0] * (length - len(benefits))
    for value in padded_costs + padded_benefits:
        if _dec(value) < 0:
            raise ValueError(_("Costs and benefits are amounts of zero or more; enter a saving as a benefit."))
    return [
        YearFlow(year=t, cost=_dec(c), benefit=_dec(b))
        for t, (c, b) in enumerate(zip(padded_costs, padded_benefits, strict=True))
    ]


def _check_rate(rate: Decimal) -> Decimal:
    rate = _dec(rate)
    if rate <= -ONE:
        raise ValueError(_("A discount rate must be above −100 %."))
    return rate


def discount_factor(rate, year: int) -> Decimal:
    """1 / (1 + rate)^year; year 0 gives exactly 1."""
    rate = _check_rate(rate)
    with localcontext() as ctx:
        ctx.prec = 28
        return ONE / (ONE + rate) ** year


def present_value(values: Sequence, rate) -> Decimal:
    """Σ value_t / (1 + rate)^t for t = 0, 1, …"""
    rate = _check_rate(rate)
    with localcontext() as ctx:
        ctx.prec = 28
        base = ONE + rate
        return sum((_dec(v) / base**t for t, v in enumerate(values)), ZERO)


def npv(net_flows: Sequence, rate) -> Decimal:
    """The net present value of net flows (year 0 first) at `rate` (a fraction: 0.08 for 8 %)."""
    return present_value(net_flows, rate)


def benefit_cost_ratio(costs: Sequence, benefits: Sequence, rate) -> Decimal | None:
    """PV(benefits) / PV(costs) at `rate`; None when the present value of the costs is zero."""
    pv_costs = present_value(costs, rate)
    if pv_costs == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return present_value(benefits, rate) / pv_costs


def sign_changes(values: Sequence) -> int:
    """How often the sign changes along the values, zeros skipped (Descartes' rule counts these)."""
    signs = [1 if v > 0 else -1 for v in (_dec(x) for x in values) if v != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


@dataclass(frozen=True)
class IrrResult:
    """The IRR (None when there is none), every root found, and what to tell the reader."""

    rate: Decimal | None
    roots: tuple[Decimal, ...] = ()
    sign_changes: int = 0
    message: str = ""  # why there is no IRR
    warning: str = ""  # why the IRR shown may not be the only one

    @property
    def exists(self) -> bool:
        return self.rate is not None


def _scaled_npv(net: Sequence[float], growth: float) -> float:
    """The NPV at r = growth − 1, times a positive factor: same sign and same roots, no overflow.

    For growth ≥ 1 it is Σ net_t x^t with x = 1/growth ≤ 1 (Horner from the last year). For growth < 1
    the powers of 1/growth would overflow near −100 %, so it is growth^n · NPV = Σ net_t growth^(n−t)
    (Horner from year 0), whose powers of growth stay below 1. Both agree at growth = 1.
    """
    total = 0.0
    if growth >= 1.0:
        x = 1.0 / growth
        for value in reversed(net):
            total = total * x + value
    else:
        for value in net:
            total = total * growth + value
    return total


def _bisect(net: Sequence[float], low: float, high: float, f_low: float) -> float:
    for _step in range(400):
        mid = (low + high) / 2
        if not low < mid < high:  # no float left between them
            return mid
        f_mid = _scaled_npv(net, mid)
        if f_mid == 0 or (high - low) / 2 < IRR_TOLERANCE * min(low, 1.0):
            return mid
        if (f_mid < 0) == (f_low < 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return (low + high) / 2


def _irr_grid() -> list[float]:
    """Growth factors g = 1 + r to scan, ascending, from IRR_GROWTH_MIN to 1 + IRR_SEARCH_LIMIT."""
    grid = {round(0.01 + i * 0.001, 6) for i in range(0, 1991)}  # −99 % … 100 %, step 0.1 point
    grid |= {round(2.0 + i * 0.05, 6) for i in range(1, 181)}  # … 1,000 %, step 5 points
    low_decades = round(-math.log10(IRR_GROWTH_MIN)) - 2  # g from 0.01 down to IRR_GROWTH_MIN
    grid |= {10.0 ** (-2 - k / IRR_STEPS_PER_DECADE) for k in range(1, low_decades * IRR_STEPS_PER_DECADE + 1)}
    top = 1.0 + IRR_SEARCH_LIMIT
    k = 1
    while (g := 11.0 * 10.0 ** (k / IRR_STEPS_PER_DECADE)) < top:  # above 1,000 %
        grid.add(g)
        k += 1
    grid.add(top)
    return sorted(grid)


def _to_rate(growth: float) -> Decimal:
    """The rate r = growth − 1 as a Decimal: to 1e-8, or near −100 % to 8 significant digits of growth."""
    g = Decimal(repr(growth))
    if g >= IRR_NEAR_MINUS_100:
        return (g - ONE).quantize(IRR_DECIMALS)
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(f"{growth:.7e}") - ONE


def _trim_zeros(values: list[float]) -> list[float]:
    """Leading and trailing zero flows change no root (they scale the NPV by a power of g): drop them."""
    first = next(i for i, v in enumerate(values) if v != 0)
    last = max(i for i, v in enumerate(values) if v != 0)
    return values[first : last + 1]


def rate_places(fraction, places: int = 2) -> int:
    """How many decimals a rate shown in per cent needs: `places`, or more for a rate just above
    −100 % that would otherwise show as −100 % (−0.99999 → 3: '−99.999 %')."""
    if fraction is None:
        return places
    value = _dec(fraction)
    if not -ONE < value < ZERO:
        return places
    with localcontext() as ctx:
        ctx.prec = 60
        percent = value * 100
        while places < 30 and round(percent, places) <= -100:
            places += 1
    return places


def _search_floor_label() -> str:
    """The lowest rate searched, in per cent: '−99.9999999999'."""
    floor = _to_rate(IRR_GROWTH_MIN) * 100
    return f"{floor:f}".replace("-", "−").rstrip("0")


def irr(net_flows: Sequence) -> IrrResult:
    """The internal rate of return of net flows (year 0 first), found by bracketing and bisection."""
    net_dec = [_dec(v) for v in net_flows]
    changes = sign_changes(net_dec)
    if changes == 0:
        if not any(net_dec):
            message = _("There is no IRR: every net cash flow is zero.")
        elif all(v >= 0 for v in net_dec):
            message = _(
                "There is no IRR: the net cash flows are never negative, so the NPV stays above zero at every rate."
            )
        else:
            message = _(
                "There is no IRR: the net cash flows are never positive, so the NPV stays below zero at every rate."
            )
        return IrrResult(rate=None, sign_changes=0, message=message)

    net = _trim_zeros([float(v) for v in net_dec])
    roots: list[float] = []
    grid = _irr_grid()
    previous_growth, previous_value = grid[0], _scaled_npv(net, grid[0])
    if previous_value == 0:
        roots.append(previous_growth)
    for growth in grid[1:]:
        value = _scaled_npv(net, growth)
        if value == 0:
            roots.append(growth)
        elif previous_value != 0 and (value < 0) != (previous_value < 0):
            roots.append(_bisect(net, previous_growth, growth, previous_value))
        previous_growth, previous_value = growth, value

    found = tuple(_to_rate(r) for r in sorted(roots))
    found = tuple(dict.fromkeys(found))  # two grid brackets can meet the same root
    if not found:
        bounds = {"low": _search_floor_label(), "high": f"{IRR_SEARCH_LIMIT * 100:,.0f}"}
        if changes == 1:
            message = _(
                "There is no IRR between %(low)s %% and %(high)s %%: the flows only break even at an extreme rate."
            ) % bounds
        else:
            message = _(
                "There is no IRR: the net cash flows change sign %(n)d times but the NPV never reaches zero "
                "between %(low)s %% and %(high)s %%."
            ) % {"n": changes, **bounds}
        return IrrResult(rate=None, sign_changes=changes, message=message)
    warning = ""
    if changes > 1:
        shown = ", ".join(f"{(r * 100).quantize(Decimal(1).scaleb(-rate_places(r)))} %" for r in found)
        warning = _(
            "The net cash flows change sign %(n)d times, so the IRR may not be unique (rates found: %(rates)s). "
            "Judge the project by its NPV at the discount rate."
        ) % {"n": changes, "rates": shown}
    return IrrResult(rate=found[0], roots=found, sign_changes=changes, warning=warning)


def payback_year(net_flows: Sequence) -> int | None:
    """The first year (index) whose cumulative net flow is zero or more; None if it never is."""
    total = ZERO
    for year, value in enumerate(net_flows):
        total += _dec(value)
        if total >= 0:
            return year
    return None


def discounted_payback_year(net_flows: Sequence, rate) -> int | None:
    """The first year whose cumulative discounted net flow is zero or more; None if it never is."""
    rate = _check_rate(rate)
    total = ZERO
    with localcontext() as ctx:
        ctx.prec = 28
        for year, value in enumerate(net_flows):
            total += _dec(value) / (ONE + rate) ** year
            if total >= 0:
                return year
    return None


def cumulative(values: Sequence) -> list[Decimal]:
    """The running total of the values."""
    total, out = ZERO, []
    for value in values:
        total += _dec(value)
        out.append(total)
    return out


@dataclass(frozen=True)
class Figures:
    """NPV, B/C ratio, IRR and payback of one scenario."""

    rate: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal
    bcr: Decimal | None
    irr: IrrResult
    payback_year: int | None
    discounted_payback_year: int | None


def figures(flows: Sequence[YearFlow], rate) -> Figures:
    """Every summary figure of the flows at `rate`."""
    rate = _check_rate(rate)
    costs = [f.cost for f in flows]
    benefits = [f.benefit for f in flows]
    net = [f.net for f in flows]
    pv_costs = present_value(costs, rate)
    pv_benefits = present_value(benefits, rate)
    return Figures(
        rate=rate,
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=pv_benefits - pv_costs,
        bcr=benefit_cost_ratio(costs, benefits, rate),
        irr=irr(net),
        payback_year=payback_year(net),
        discounted_payback_year=discounted_payback_year(net, rate),
    )


@dataclass(frozen=True)
class SensitivityRow:
    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class YearRow:
    """One line of the yearly table: flows, discount factor, present values, cumulative net."""

    year: int
    cost: Decimal
    benefit: Decimal
    net: Decimal
    factor: Decimal
    discounted_net: Decimal
    cumulative_net: Decimal
    cumulative_discounted_net: Decimal


@dataclass(frozen=True)
class Analysis:
    """The complete analysis: base figures, the yearly table and the sensitivity table."""

    flows: list[YearFlow]
    base: Figures
    years: list[YearRow] = field(default_factory=list)
    sensitivity: list[SensitivityRow] = field(default_factory=list)


def _scaled(flows: Sequence[YearFlow], *, cost_factor=ONE, benefit_factor=ONE) -> list[YearFlow]:
    return [YearFlow(year=f.year, cost=f.cost * cost_factor, benefit=f.benefit * benefit_factor) for f in flows]


def sensitivity(flows: Sequence[YearFlow], rate) -> list[SensitivityRow]:
    """The base case and the four scenarios of the issue, plus both adverse changes together."""
    rate = _check_rate(rate)
    points = lambda d: f"{(d * 100).normalize():f}"  # noqa: E731 — 0.02 → "2"
    rows = [SensitivityRow("base", _("Base case (%(rate)s %%)") % {"rate": points(rate)}, figures(flows, rate))]
    lower = rate - RATE_SHIFT
    if lower > -ONE:
        rows.append(
            SensitivityRow(
                "rate_down",
                _("Discount rate −%(shift)s points (%(rate)s %%)") % {"shift": points(RATE_SHIFT), "rate": points(lower)},
                figures(flows, lower),
            )
        )
    rows.append(
        SensitivityRow(
            "rate_up",
            _("Discount rate +%(shift)s points (%(rate)s %%)")
            % {"shift": points(RATE_SHIFT), "rate": points(rate + RATE_SHIFT)},
            figures(flows, rate + RATE_SHIFT),
        )
    )
    rows.append(
        SensitivityRow("benefits_down", _("Benefits −20 %"), figures(_scaled(flows, benefit_factor=BENEFIT_CUT), rate))
    )
    rows.append(SensitivityRow("costs_up", _("Costs +20 %"), figures(_scaled(flows, cost_factor=COST_RISE), rate)))
    rows.append(
        SensitivityRow(
            "both",
            _("Benefits −20 % and costs +20 %"),
            figures(_scaled(flows, cost_factor=COST_RISE, benefit_factor=BENEFIT_CUT), rate),
        )
    )
    return rows


def analyse(costs: Sequence, benefits: Sequence, rate) -> Analysis:
    """Analyse yearly costs and benefits (year 0 first) at a discount rate given as a fraction."""
    rate = _check_rate(rate)
    flows = flows_from(costs, benefits)
    years: list[YearRow] = []
    running = ZERO
    running_discounted = ZERO
    for f in flows:
        factor = discount_factor(rate, f.year)
        discounted = f.net * factor
        running += f.net
        running_discounted += discounted
        years.append(
            YearRow(
                year=f.year,
                cost=f.cost,
                benefit=f.benefit,
                net=f.net,
                factor=factor,
                discounted_net=discounted,
                cumulative_net=running,
                cumulative_discounted_net=running_discounted,
            )
        )
    return Analysis(flows=flows, base=figures(flows, rate), years=years, sensitivity=sensitivity(flows, rate))
