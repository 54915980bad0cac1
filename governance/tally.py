"""The count of a vote: a pure function of the counted ballots and the election's rules.

Given the same ballots, seats, rules and seed it returns the same result, byte for byte, which is what
makes a recount (and `election_verify`) possible. Labels are not part of the result: options are keys
(a candidacy id as a string, or "yes" / "no" / "abstain" for a motion), names are attached for display.

Rules
- Quorum: more than one third of `quorum_base` members must have voted (a blank ballot counts as voting).
- President City: one seat; elected with an absolute majority of the votes cast (blank ballots are not
  votes cast). Otherwise a run-off between the two leading candidates. Ties follow one rule: a tie for
  first place (the seat itself: two candidates level, or the top two of three) and a tie for a place in
  the run-off are settled by the election's tie rule (a run-off among all the tied, or lots), and the tie
  is recorded in the result.
- Executive Committee / other office: each ballot marks up to `seats` candidates; the `seats` candidates
  with most votes are elected (a candidate needs at least one vote). A tie for the last seat is settled
  by the tie rule: a run-off among the tied candidates for the remaining seats, or lots.
- Motion: yes / no / abstain; abstentions are not votes cast. Thresholds: simple majority of the votes
  cast (yes > no; an equality of votes means the motion is not carried), two thirds of the votes cast
  (yes ≥ 2/3 of yes + no), absolute majority of the members (yes > half of `majority_base`, the members on the
  roll; `quorum_base` when not given, as for votes frozen before it was recorded).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

MOTION_OPTIONS = ("yes", "no", "abstain")


def quorum_needed(base: int) -> int:
    """The smallest number of voters that is more than one third of `base`."""
    return base // 3 + 1


def draw_lots(keys: Sequence[str], places: int, seed: str) -> list[str]:
    """Draw `places` of `keys` with a seeded generator: the same seed always draws the same keys."""
    pool = sorted(keys, key=_sort_key)
    rng = random.Random(seed)  # noqa: S311 — reproducibility, not secrecy, is wanted; the seed is random
    rng.shuffle(pool)
    return sorted(pool[:places], key=_sort_key)


def _sort_key(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def _select_top(ranked: list[tuple[str, int]], k: int):
    """Split the ranked (key, votes) list at k: (sure, tied, places left for the tied)."""
    if len(ranked) <= k:
        return [key for key, _v in ranked], [], 0
    boundary = ranked[k - 1][1]
    if ranked[k][1] != boundary:
        return [key for key, _v in ranked[:k]], [], 0
    sure = [key for key, v in ranked if v > boundary]
    tied = [key for key, v in ranked if v == boundary]
    return sure, tied, k - len(sure)


def compute(
    *,
    kind: str,
    seats: int,
    options: Sequence[str],
    ballots: Sequence[Sequence[str]],
    quorum_base: int,
    tie_rule: str = "runoff",
    seed: str = "",
    threshold: str = "",
    majority_base: int | None = None,
) -> dict:
    """Count `ballots` (lists of option keys) and apply the rules. Returns a JSON-safe dict."""
    options = sorted({str(o) for o in options}, key=_sort_key)
    valid_options = set(options)
    max_choices = 1 if kind in ("president", "motion") else seats
    counts = dict.fromkeys(options, 0)
    blank = invalid = 0
    valid_ballots = 0
    for ballot in ballots:
        marks = [str(m) for m in ballot]
        if len(set(marks)) != len(marks) or len(marks) > max_choices or not set(marks) <= valid_options:
            invalid += 1
            continue
        if not marks:
            blank += 1
            continue
        valid_ballots += 1
        for mark in marks:
            counts[mark] += 1
    voters = len(ballots)
    result: dict = {
        "kind": kind,
        "seats": seats,
        "quorum": {"base": quorum_base, "voters": voters, "needed": quorum_needed(quorum_base),
                   "met": voters * 3 > quorum_base},
        "ballots": voters,
        "blank": blank,
        "invalid": invalid,
        "votes_cast": valid_ballots,
        "counts": [{"key": k, "votes": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], _sort_key(kv[0])))],
        "elected": [],
        "tie": None,
        "runoff": None,
        "threshold": None,
        "outcome": "",
    }
    ranked = [(row["key"], row["votes"]) for row in result["counts"]]

    if kind == "motion":
        yes, no, abstain = counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0)
        cast = yes + no
        result["votes_cast"] = cast
        if threshold == "two_thirds":
            needed = -(-2 * cast // 3) if cast else 1  # ceil(2/3 of cast)
            carried = cast > 0 and yes * 3 >= 2 * cast
        elif threshold == "absolute_members":
            members = quorum_base if majority_base is None else majority_base
            needed = members // 2 + 1
            carried = yes * 2 > members
        else:
            threshold = "simple"
            needed = no + 1
            carried = yes > no
            if yes == no and cast:
                result["tie"] = {"between": ["yes", "no"], "votes": yes, "position": "majority",
                                 "settled_by": "not_carried", "seed": "", "drawn": []}
        result["threshold"] = {"rule": threshold, "yes": yes, "no": no, "abstain": abstain, "needed": needed}
        if not result["quorum"]["met"]:
            result["outcome"] = "no_quorum"
        else:
            result["outcome"] = "accepted" if carried else "rejected"
        return result

    if not result["quorum"]["met"]:
        result["outcome"] = "no_quorum"
        return result
    with_votes = [(k, v) for k, v in ranked if v > 0]
    if not with_votes:
        result["outcome"] = "not_elected"
        return result

    if kind == "president":
        top_key, top_votes = with_votes[0]
        if top_votes * 2 > valid_ballots:
            result["elected"] = [top_key]
            result["outcome"] = "elected"
            return result
        leaders = [k for k, v in with_votes if v == top_votes]
        if len(leaders) > 1:
            # A tie for first place, that is for the one seat, however many candidates stood (two, or three of
            # whom the top two tie): the tie rule settles it, as for the last seat of a committee.
            tied = sorted(leaders, key=_sort_key)
            tie = {"between": tied, "votes": top_votes, "position": "first_place", "places": 1,
                   "settled_by": tie_rule, "seed": "", "drawn": []}
            result["tie"] = tie
            if tie_rule == "lots":
                tie["seed"] = seed
                tie["drawn"] = draw_lots(tied, 1, seed)
                result["elected"] = tie["drawn"]
                result["outcome"] = "elected"
            else:
                result["runoff"] = {"candidates": sorted(tied, key=_sort_key), "seats": 1}
                result["outcome"] = "runoff"
            return result
        sure, tied, places = _select_top(with_votes, 2)
        finalists = list(sure)
        if tied:
            tie = {"between": tied, "votes": dict(with_votes)[tied[0]], "position": "runoff_place", "places": places,
                   "settled_by": tie_rule, "seed": "", "drawn": []}
            result["tie"] = tie
            if tie_rule == "lots":
                tie["seed"] = seed
                tie["drawn"] = draw_lots(tied, places, seed)
                finalists += tie["drawn"]
            else:
                finalists += tied
        result["runoff"] = {"candidates": sorted(finalists, key=_sort_key), "seats": 1}
        result["outcome"] = "runoff"
        return result

    # Executive Committee and other offices: plurality for `seats` seats.
    sure, tied, places = _select_top(with_votes, seats)
    result["elected"] = sorted(sure, key=_sort_key)
    result["outcome"] = "elected"
    if tied:
        tie = {"between": sorted(tied, key=_sort_key), "votes": dict(with_votes)[tied[0]],
               "position": "first_place" if not sure and seats == 1 else "last_seat", "places": places,
               "settled_by": tie_rule, "seed": "", "drawn": []}
        result["tie"] = tie
        if tie_rule == "lots":
            tie["seed"] = seed
            tie["drawn"] = draw_lots(tied, places, seed)
            result["elected"] = sorted(sure + tie["drawn"], key=_sort_key)
        else:
            result["runoff"] = {"candidates": sorted(tied, key=_sort_key), "seats": places}
            result["outcome"] = "runoff"
    return result
