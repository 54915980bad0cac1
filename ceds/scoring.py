"""Pure score arithmetic of the diagnostic reports (no database): easy to check by hand.

- A maturity score is the weighted mean of the levels, scaled to 0–100: Σ wᵢ·levelᵢ / (4·Σ wᵢ) × 100.
  The overall score uses every indicator, a side (internal / external) its three dimensions' indicators,
  a dimension its own. Unanswered indicators count as 0 (submission requires every answer anyway).
- A systems score is the same with values 0–3: Σ wᵢ·valueᵢ / (3·Σ wᵢ) × 100.
- A system "exists" at value 2 (in place) or 3 (in use and integrated); "next to build" are the missing
  systems whose `requires` all exist (the Progressive Systems Map), by stage then weight.
- The stage comes from bands of the overall score: [0, 20) Initial, [20, 40) Developing,
  [40, 60) Defined, [60, 80) Managed, [80, 100] Optimised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

MATURITY_MAX = 4
SYSTEM_MAX = 3
EXISTS_AT = 2
TWO_PLACES = Decimal("0.01")

STAGES = [
    (Decimal(20), "initial", _("Initial")),
    (Decimal(40), "developing", _("Developing")),
    (Decimal(60), "defined", _("Defined")),
    (Decimal(80), "managed", _("Managed")),
    (Decimal(1000), "optimised", _("Optimised")),
]
STAGE_LABELS = {code: label for _upper, code, label in STAGES}
SIZE_CLASSES = [
    (500_000, "small", _("under 500,000 inhabitants")),
    (1_000_000, "medium", _("500,000 to 1 million")),
    (5_000_000, "large", _("1 to 5 million")),
    (10**12, "very_large", _("5 million and more")),
]
SIZE_LABELS = {code: label for _upper, code, label in SIZE_CLASSES} | {"unknown": _("population unknown")}


def size_class(population: int | None) -> str:
    """The population class used to compare cities of similar size."""
    if not population:
        return "unknown"
    for upper, code, _label in SIZE_CLASSES:
        if population < upper:
            return code
    return SIZE_CLASSES[-1][1]


def quantise(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_score(pairs: Iterable[tuple[Decimal, int]], scale_max: int) -> Decimal:
    """Σ w·v / (scale_max·Σ w) × 100, rounded to two decimals; 0 when the weights add up to nothing."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for weight, value in pairs:
        weight = Decimal(weight)
        total_weight += weight
        total += weight * Decimal(value)
    if total_weight == 0:
        return Decimal("0.00")
    return quantise(total * 100 / (total_weight * scale_max))


def stage_for(score: Decimal) -> str:
    for upper, code, _label in STAGES:
        if Decimal(score) < upper:
            return code
    return STAGES[-1][1]


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    dimension: str
    side: str
    weight: Decimal
    title: str = ""


@dataclass(frozen=True)
class DimensionDef:
    code: str
    name: str
    side: str


@dataclass(frozen=True)
class GroupDef:
    code: str
    name: str


@dataclass(frozen=True)
class SystemDef:
    code: str
    group: str
    name: str
    weight: Decimal
    stage: int
    requires: tuple[str, ...] = ()


@dataclass
class Framework:
    """A framework version reduced to what the arithmetic needs."""

    dimensions: list[DimensionDef]
    indicators: list[IndicatorDef]
    groups: list[GroupDef]
    systems: list[SystemDef]


@dataclass
class Result:
    overall: Decimal
    stage: str
    sides: dict[str, Decimal]
    dimensions: dict[str, Decimal]
    systems: Decimal
    groups: dict[str, Decimal]
    present: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    next_to_build: dict[str, list[str]] = field(default_factory=dict)

    def score_rows(self) -> list[tuple[str, str, Decimal]]:
        """(kind, code, score) rows as stored in ceds.Score."""
        rows = [("overall", "", self.overall), ("systems", "", self.systems)]
        rows += [("side", code, value) for code, value in self.sides.items()]
        rows += [("dimension", code, value) for code, value in self.dimensions.items()]
        rows += [("group", code, value) for code, value in self.groups.items()]
        return rows


def compute(framework: Framework, maturity: dict[str, int], systems: dict[str, int]) -> Result:
    """Every score of reports I–III from the answers (code → level / value)."""
    level = {i.code: int(maturity.get(i.code, 0)) for i in framework.indicators}
    overall = weighted_score(((i.weight, level[i.code]) for i in framework.indicators), MATURITY_MAX)
    sides = {
        side: weighted_score(((i.weight, level[i.code]) for i in framework.indicators if i.side == side), MATURITY_MAX)
        for side in ("internal", "external")
    }
    dimensions = {
        d.code: weighted_score(
            ((i.weight, level[i.code]) for i in framework.indicators if i.dimension == d.code), MATURITY_MAX
        )
        for d in framework.dimensions
    }
    value = {s.code: int(systems.get(s.code, 0)) for s in framework.systems}
    systems_score = weighted_score(((s.weight, value[s.code]) for s in framework.systems), SYSTEM_MAX)
    groups = {
        g.code: weighted_score(((s.weight, value[s.code]) for s in framework.systems if s.group == g.code), SYSTEM_MAX)
        for g in framework.groups
    }
    exists = {code for code, v in value.items() if v >= EXISTS_AT}
    present: dict[str, list[str]] = {g.code: [] for g in framework.groups}
    missing: dict[str, list[str]] = {g.code: [] for g in framework.groups}
    candidates: dict[str, list[SystemDef]] = {g.code: [] for g in framework.groups}
    for s in framework.systems:
        if s.code in exists:
            present[s.group].append(s.code)
        else:
            missing[s.group].append(s.code)
            if all(r in exists for r in s.requires):
                candidates[s.group].append(s)
    next_to_build = {
        group: [s.code for s in sorted(items, key=lambda s: (s.stage, -s.weight, s.code))]
        for group, items in candidates.items()
    }
    return Result(
        overall=overall,
        stage=stage_for(overall),
        sides=sides,
        dimensions=dimensions,
        systems=systems_score,
        groups=groups,
        present=present,
        missing=missing,
        next_to_build=next_to_build,
    )


def action_gaps(
    framework: Framework, maturity: dict[str, int], systems: dict[str, int], *, limit: int = 10
) -> list[tuple[str, int, int, Decimal]]:
    """The largest weighted gaps: (code, current level, scale max, gap) sorted by gap, largest first.

    gap = weight × (max − level) / max. Maturity indicators below the top level and the systems the map
    says come next are candidates.
    """
    rows: list[tuple[str, int, int, Decimal]] = []
    for i in framework.indicators:
        current = int(maturity.get(i.code, 0))
        if current < MATURITY_MAX:
            rows.append((i.code, current, MATURITY_MAX, quantise(i.weight * (MATURITY_MAX - current) / MATURITY_MAX)))
    result = compute(framework, maturity, systems)
    next_codes = {code for codes in result.next_to_build.values() for code in codes}
    for s in framework.systems:
        if s.code in next_codes:
            current = int(systems.get(s.code, 0))
            rows.append((s.code, current, SYSTEM_MAX, quantise(s.weight * (SYSTEM_MAX - current) / SYSTEM_MAX)))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows[:limit]
