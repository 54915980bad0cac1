"""The economic analysis of a feasibility study (component FA): pure functions, no database.

Cash flows are given per year of the horizon, year 0 first: a cost and a benefit for each year.
Year 0 is not discounted; year t is divided by (1 + r)^t.

- NPV at a discount rate r: Σ (benefit_t − cost_t) / (1 + r)^t.
- Benefit/cost ratio: PV(benefits) / PV(costs) at r (none when the costs are nil).
- IRR: the rate where the NPV of the net flows is zero. The net flows are scanned over a grid of
  rates from −99.99 % to 1,000 % (and beyond when Descartes' rule promises a root there); every
  bracket where the NPV changes sign is narrowed by bisection to 1e-12. No sign change in the
  flows means no IRR (a clear message); more than one sign change means there may be several
  IRRs or none (a warning, and every root found is listed). The grid steps 0.1 point up to 100 %
  and 5 points above: two roots closer than one step are not told apart.
- Payback year: the first year whose cumulative net flow is ≥ 0 (undiscounted); the discounted
  payback year uses the discounted net flows.
- Sensitivity: the same figures with the discount rate ±2 points, benefits −20 % and costs +20 %.

Money is Decimal throughout (28 significant digits); the IRR search works in floats (it is an
iterative root search whose result is rounded to 1e-8 and returned as a Decimal).
"""

from __future__ import annotations

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
# The IRR search range: rates (as fractions) from just above −100 % to this upper bound, extended
# when the flows promise exactly one root that the grid did not meet.
IRR_GRID_MAX = 10.0
IRR_SEARCH_LIMIT = 1e6
IRR_TOLERANCE = 1e-12
IRR_DECIMALS = Decimal("0.00000001")


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


def _npv_float(net: Sequence[float], rate: float) -> float:
    # Horner on x = 1 / (1 + r): Σ net_t x^t, stable for large t.
    x = 1.0 / (1.0 + rate)
    total = 0.0
    for value in reversed(net):
        total = total * x + value
    return total


def _bisect(net: Sequence[float], low: float, high: float, f_low: float) -> float:
    for _step in range(400):
        mid = (low + high) / 2
        f_mid = _npv_float(net, mid)
        if f_mid == 0 or (high - low) / 2 < IRR_TOLERANCE:
            return mid
        if (f_mid < 0) == (f_low < 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return (low + high) / 2


def _irr_grid() -> list[float]:
    grid = [-0.9999, -0.999, -0.995]
    grid += [round(-0.99 + i * 0.001, 6) for i in range(0, 1991)]  # −99 % … 100 %, step 0.1 point
    grid += [round(1.0 + i * 0.05, 6) for i in range(1, int((IRR_GRID_MAX - 1.0) / 0.05) + 1)]  # … 1,000 %
    return sorted(set(grid))


def _to_rate(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(IRR_DECIMALS)


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

    net = [float(v) for v in net_dec]
    roots: list[float] = []
    grid = _irr_grid()
    previous_rate, previous_value = grid[0], _npv_float(net, grid[0])
    if previous_value == 0:
        roots.append(previous_rate)
    for rate in grid[1:]:
        value = _npv_float(net, rate)
        if value == 0:
            roots.append(rate)
        elif previous_value != 0 and (value < 0) != (previous_value < 0):
            roots.append(_bisect(net, previous_rate, rate, previous_value))
        previous_rate, previous_value = rate, value

    if not roots and changes == 1:
        # Exactly one root exists (Descartes): it lies beyond the grid. Widen until it is bracketed.
        low, f_low = grid[-1], _npv_float(net, grid[-1])
        high = low * 2
        while high <= IRR_SEARCH_LIMIT:
            f_high = _npv_float(net, high)
            if f_high == 0:
                roots.append(high)
                break
            if (f_high < 0) != (f_low < 0):
                roots.append(_bisect(net, low, high, f_low))
                break
            low, f_low, high = high, f_high, high * 2

    found = tuple(_to_rate(r) for r in sorted(roots))
    found = tuple(dict.fromkeys(found))  # two grid brackets can meet the same root
    if not found:
        if changes == 1:
            message = _("There is no IRR below %(limit)s %%: the flows only break even at an extreme rate.") % {
                "limit": f"{IRR_SEARCH_LIMIT * 100:,.0f}"
            }
        else:
            message = _(
                "There is no IRR: the net cash flows change sign %(n)d times but the NPV never reaches zero "
                "between −99.99 %% and 1,000 %%."
            ) % {"n": changes}
        return IrrResult(rate=None, sign_changes=changes, message=message)
    warning = ""
    if changes > 1:
        shown = ", ".join(f"{(r * 100).quantize(Decimal('0.01'))} %" for r in found)
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
