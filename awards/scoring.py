"""The arithmetic of the WeGO Awards, kept pure (no database) so that it can be checked by hand.

Vocabulary
----------
- A judge scores every criterion of an entry from 1 (lowest) to 10 (highest).
- **The judge's score** of an entry is the mean of that judge's criterion scores (still on 1–10).
- Per entry, over the judges who submitted: the **mean**, the **median** and the **spread**
  (standard deviation, population formula: divided by n, so one judge has a spread of 0).
- **Normalised score.** Judges differ: some give 8–10 to everything, others 2–5. For each judge,
  their scores over all the entries they scored in the category are turned into z-scores
  (z = (score − judge's mean) / judge's standard deviation, population formula). Each z is
  rescaled to the 1–10 scale with

      rescaled = 5.5 + 1.5 · z, clipped to [1, 10]

  so a judge's average entry lands in the middle of the scale (5.5) and ±3 standard deviations
  span the whole scale (1 … 10); only z beyond ±3 is clipped, which also caps how far one judge
  alone can move an entry. The entry's normalised score is the mean of its judges' rescaled
  scores. Harsh and lenient judges thereby weigh the same.
- **A judge with zero variance** (all their scores equal, or only one entry scored) expresses no
  preference between entries: all their z-scores are 0 (rescaled 5.5). This is explicit, not a
  division by zero.
- Ties are compared after rounding to `PRECISION` decimals, so that floating-point noise never
  separates two entries that are equal on paper, and never joins two that are not.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean, median

SCALE_MIN = 1.0
SCALE_MAX = 10.0
SCALE_MID = 5.5  # (1 + 10) / 2
Z_SCALE = 1.5  # 3 standard deviations = 4.5 points = half the scale
PRECISION = 6

RAW_MEAN = "raw_mean"
NORMALISED = "normalised"


def _round(value: float) -> float:
    return round(value, PRECISION)


def population_stdev(values: Sequence[float]) -> float:
    """Standard deviation with the population formula (divide by n); 0 for zero or one value."""
    if len(values) < 2:
        return 0.0
    mu = fmean(values)
    return math.sqrt(sum((v - mu) ** 2 for v in values) / len(values))


def judge_score(criterion_scores: Iterable[float]) -> float:
    """A judge's score of one entry: the mean of their criterion scores (1–10)."""
    values = [float(v) for v in criterion_scores]
    if not values:
        raise ValueError("A judge's score needs at least one criterion score.")
    return fmean(values)


def rescale(z: float) -> float:
    """Map a z-score onto 1–10: 5.5 + 1.5·z, clipped to [1, 10]."""
    return min(SCALE_MAX, max(SCALE_MIN, SCALE_MID + Z_SCALE * z))


def judge_zscores(scores: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """z-scores of each judge over the entries that judge scored.

    `scores` maps (judge_id, entry_id) to the judge's score of the entry. A judge whose scores
    have zero variance (including a judge with a single entry) gets z = 0 for every entry.
    """
    by_judge: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (judge_id, entry_id), value in scores.items():
        by_judge[judge_id].append((entry_id, float(value)))
    result: dict[tuple[int, int], float] = {}
    for judge_id, rows in by_judge.items():
        values = [v for _e, v in rows]
        mu = fmean(values)
        sigma = population_stdev(values)
        for entry_id, value in rows:
            result[(judge_id, entry_id)] = 0.0 if sigma < 1e-12 else (value - mu) / sigma
    return result


@dataclass(frozen=True)
class EntryStats:
    """What the Secretariat sees per entry."""

    entry_id: int
    judges: int
    mean: float
    median: float
    spread: float
    normalised: float
    judge_scores: tuple[float, ...] = field(default=(), compare=False)

    def value(self, method: str) -> float:
        """The score the edition ranks by."""
        return self.normalised if method == NORMALISED else self.mean


def entry_statistics(rows: Iterable[tuple[int, int, float]]) -> dict[int, EntryStats]:
    """Per entry mean, median, spread and normalised score.

    `rows` are (entry_id, judge_id, judge's score) — one per judge who submitted for the entry,
    all from one category of one edition (z-scores are taken over these rows per judge).
    """
    scores: dict[tuple[int, int], float] = {}
    for entry_id, judge_id, value in rows:
        scores[(judge_id, entry_id)] = float(value)
    z = judge_zscores(scores)
    raw: dict[int, list[float]] = defaultdict(list)
    rescaled: dict[int, list[float]] = defaultdict(list)
    for (judge_id, entry_id), value in scores.items():
        raw[entry_id].append(value)
        rescaled[entry_id].append(rescale(z[(judge_id, entry_id)]))
    return {
        entry_id: EntryStats(
            entry_id=entry_id,
            judges=len(values),
            mean=fmean(values),
            median=float(median(values)),
            spread=population_stdev(values),
            normalised=fmean(rescaled[entry_id]),
            judge_scores=tuple(sorted(values)),
        )
        for entry_id, values in raw.items()
    }


@dataclass(frozen=True)
class Ranked:
    """An entry's place in a ranking: tied entries share the same `position` (1, 2, 2, 4 …)."""

    position: int
    entry_id: int
    value: float


def rank(values: Mapping[int, float], *, tiebreak: Mapping[int, object] | None = None) -> list[Ranked]:
    """Rank entries by value, highest first. Equal values (at PRECISION) share a position.

    `tiebreak` only orders tied entries for display (e.g. by title); it does not separate them.
    """
    keys = tiebreak or {}
    ordered = sorted(values.items(), key=lambda item: (-_round(item[1]), keys.get(item[0], item[0])))
    ranked: list[Ranked] = []
    previous: float | None = None
    position = 0
    for index, (entry_id, value) in enumerate(ordered, start=1):
        if previous is None or _round(value) != previous:
            position = index
            previous = _round(value)
        ranked.append(Ranked(position=position, entry_id=entry_id, value=value))
    return ranked


@dataclass(frozen=True)
class Boundary:
    """Who advances when `slots` places are open.

    `advancing` are certain (strictly above the boundary); `tied` compete for `open_slots` places
    at the boundary score; when `tied` is empty, exactly the `advancing` entries advance.
    """

    advancing: tuple[int, ...]
    tied: tuple[int, ...]
    open_slots: int
    boundary_value: float | None

    @property
    def has_tie(self) -> bool:
        return bool(self.tied)


def shortlist_boundary(ranked: Sequence[Ranked], *, slots: int = 5) -> Boundary:
    """Split a ranking into the sure finalists and the group tied at the last place, if any.

    A tie only matters when it straddles the boundary: ties within the top places do not change
    who advances. With fewer entries than slots, everyone advances.
    """
    if len(ranked) <= slots:
        return Boundary(tuple(r.entry_id for r in ranked), (), 0, None)
    boundary_value = _round(ranked[slots - 1].value)
    if _round(ranked[slots].value) != boundary_value:
        return Boundary(tuple(r.entry_id for r in ranked[:slots]), (), 0, boundary_value)
    above = tuple(r.entry_id for r in ranked if _round(r.value) > boundary_value)
    tied = tuple(r.entry_id for r in ranked if _round(r.value) == boundary_value)
    return Boundary(above, tied, slots - len(above), boundary_value)


# --- Public voting: Best and Outstanding prizes ----------------------------------------------------

TIE_RULE_JUDGING = "judging"
TIE_RULE_SUBMISSION = "submission"


@dataclass(frozen=True)
class Placed:
    """A finalist in the vote order, with why it stands above a finalist it tied with."""

    entry_id: int
    votes: int
    place: int
    tied_with: tuple[int, ...] = ()

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)


def vote_order(
    votes: Mapping[int, int],
    *,
    judging_position: Mapping[int, int],
    submitted_order: Mapping[int, float],
    rule: str = TIE_RULE_JUDGING,
) -> list[Placed]:
    """Order finalists by votes, most first; equal votes are settled by the edition's recorded rule.

    - TIE_RULE_JUDGING: the finalist placed higher by the judges (lower shortlist position) wins
      the tie; if that is equal too, the earlier submission.
    - TIE_RULE_SUBMISSION: the earlier submitted entry wins the tie.
    Every finalist that tied with others lists them in `tied_with`, so the decision is recorded.
    """
    if rule == TIE_RULE_JUDGING:
        def key(entry_id):
            return (-votes[entry_id], judging_position.get(entry_id, 10**6), submitted_order.get(entry_id, 10**9))
    elif rule == TIE_RULE_SUBMISSION:
        def key(entry_id):
            return (-votes[entry_id], submitted_order.get(entry_id, 10**9), entry_id)
    else:
        raise ValueError(f"Unknown tie rule {rule!r}")
    ordered = sorted(votes, key=key)
    placed = []
    for index, entry_id in enumerate(ordered, start=1):
        tied_with = tuple(other for other in ordered if other != entry_id and votes[other] == votes[entry_id])
        placed.append(Placed(entry_id=entry_id, votes=votes[entry_id], place=index, tied_with=tied_with))
    return placed
