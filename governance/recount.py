"""A fresh recount of a vote, and its comparison with every stored result field.

The recount reads only what cannot change without showing: the counted ballots (sealed by the ballots
digest at the close), the frozen roll (sealed by the roll hash) and the rules, options and seed written
in the hash-chained log (at the roll freeze and when lots are drawn). It never reads the stored result
columns (`quorum_met`, `outcome`, `result`, …): those are what it checks. Certification decides on it
(services.voting.election_certify) and `election_verify` reports each field that disagrees. Read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import integrity, tally
from .ballots import counted_ballots, options_of
from .models import Election, ElectionLogEntry, RollEntry

NO_SEED = "no-seed"

# Stored result keys → the name a mismatch is reported under.
RESULT_FIELDS = {
    "quorum": "quorum",
    "elected": "winners",
    "seats": "seats",
    "counts": "counts",
    "ballots": "counts",
    "blank": "counts",
    "invalid": "counts",
    "votes_cast": "counts",
    "tie": "lots",
    "runoff": "runoff",
    "threshold": "threshold",
    "outcome": "outcome",
    "kind": "kind",
}


@dataclass
class Recount:
    rules: dict
    result: dict
    result_hash: str
    mismatches: list[tuple[str, str]] = field(default_factory=list)  # (field, sentence)

    @property
    def fields(self) -> list[str]:
        """The names of the stored fields that disagree with the recount, each once, in order."""
        return list(dict.fromkeys(name for name, _sentence in self.mismatches))


def _last_entry(election: Election, action: str) -> dict | None:
    entry = ElectionLogEntry.objects.filter(election=election, action=action).order_by("-seq").only("data").first()
    return entry.data if entry else None


def frozen_rules(election: Election) -> dict:
    """The rules the vote is counted under, as frozen with the roll and written in the log.

    For a vote frozen before these were logged, the election row's rules are used (and the comparison
    below then checks nothing about them)."""
    frozen = _last_entry(election, "roll_frozen") or {}
    created = _last_entry(election, "created") or {}
    # The quorum base (Statute Part V, "more than one-third of the total members"; see governance.statute):
    # the rule and the counts written at the freeze, never the row's current value.
    quorum_rule = frozen.get("quorum_rule", election.quorum_base_rule)
    roll_count = RollEntry.objects.filter(election=election).count()
    if quorum_rule == Election.QuorumBase.FULL_MEMBERS:
        base = frozen.get("full_members", election.full_members_at_freeze or 0)
    elif quorum_rule == Election.QuorumBase.ALL_MEMBERS:
        base = frozen.get("members", election.members_at_freeze or 0)
    elif quorum_rule == Election.QuorumBase.GOOD_STANDING:
        base = frozen.get("members_in_good_standing", election.members_in_good_standing_at_freeze or 0)
    else:
        base = roll_count
    threshold = ""
    if election.is_motion:
        threshold = frozen.get("threshold") or created.get("threshold") or election.motion.threshold
    lots = _last_entry(election, "lots_drawn")
    return {
        "kind": frozen.get("kind", election.kind),
        "seats": frozen.get("seats", election.seats),
        "tie_rule": frozen.get("tie_rule", election.tie_rule),
        "threshold": threshold,
        "quorum_rule": quorum_rule,
        "quorum_base": base,
        # Votes frozen before the majority base was logged counted an absolute majority on the quorum base.
        "majority_base": roll_count if "majority_base" in frozen else None,
        "options": [str(o) for o in (frozen["options"] if "options" in frozen else options_of(election))],
        "seed": (lots or {}).get("seed") or NO_SEED,
    }


def count(election: Election, *, rules: dict, seed: str) -> dict:
    """The tally of the stored counted ballots under `rules` (pure: same ballots, same result)."""
    return integrity.json_safe(tally.compute(
        kind=rules["kind"], seats=rules["seats"], options=rules["options"],
        ballots=[choices for *_rest, choices in counted_ballots(election)],
        quorum_base=rules["quorum_base"], tie_rule=rules["tie_rule"], seed=seed, threshold=rules["threshold"],
        majority_base=rules.get("majority_base"),
    ))


def _short(value) -> str:
    text = integrity.canonical(value)
    return text if len(text) <= 120 else text[:117] + "…"


def recount(election: Election) -> Recount:
    """Recount `election` afresh and list every stored result field that disagrees with it."""
    rules = frozen_rules(election)
    result = count(election, rules=rules, seed=rules["seed"])
    found = Recount(rules=rules, result=result, result_hash=integrity.sha256(result))

    def differ(name: str, stored, recounted, what: str | None = None) -> None:
        if stored != recounted:
            found.mismatches.append((name, f"tally: stored {what or name} {_short(stored)} differs from the recount "
                                           f"{_short(recounted)} ({name})"))

    differ("seats", election.seats, rules["seats"], "seats of the election")
    differ("tie_rule", election.tie_rule, rules["tie_rule"], "tie rule")
    differ("quorum_rule", election.quorum_base_rule, rules["quorum_rule"], "quorum base (quorum_base_rule)")
    differ("quorum", election.quorum_base, rules["quorum_base"], "quorum denominator (quorum_base)")
    differ("voters", election.voters_count, result["quorum"]["voters"], "voters_count")
    differ("quorum_met", election.quorum_met, result["quorum"]["met"])
    differ("outcome", election.outcome, result["outcome"])
    lots_drawn = bool(result["tie"] and result["tie"]["settled_by"] == "lots")
    differ("lots", election.tie_seed, rules["seed"] if lots_drawn else "", "seed of the drawing of lots (tie_seed)")
    stored = election.result or {}
    for key in sorted(set(stored) | set(result)):
        differ(RESULT_FIELDS.get(key, key), stored.get(key), result.get(key), f"result.{key}")
    if found.result_hash != election.result_hash:
        found.mismatches.append(("result_hash", "tally: a recount of the stored ballots gives a different result "
                                                "from the stored one (result_hash)"))
    logged = _last_entry(election, "tallied")
    if not logged or logged.get("result_hash") != found.result_hash:
        found.mismatches.append(("result_hash", "tally: the result hash logged at the tally differs from the recount"))
    return found
