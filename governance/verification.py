"""Check an election end to end: the log's hash chain, the roll, the sealed ballots and the tally.

Used by `manage.py election_verify ID`, the staff console and the tests. Read-only.
"""

from __future__ import annotations

from . import integrity
from .models import Election, ElectionLogEntry, RollEntry, VoterRecord

AFTER_CLOSE = (Election.Status.CLOSED, Election.Status.TALLIED, Election.Status.CERTIFIED, Election.Status.PUBLISHED)
AFTER_TALLY = (Election.Status.TALLIED, Election.Status.CERTIFIED, Election.Status.PUBLISHED)


def verify_chain(election: Election) -> list[str]:
    problems = []
    prev = integrity.GENESIS
    expected_seq = 1
    for entry in ElectionLogEntry.objects.filter(election=election).order_by("seq"):
        if entry.seq != expected_seq:
            problems.append(f"log: entry #{expected_seq} is missing (found #{entry.seq} next)")
        if entry.prev_hash != prev:
            problems.append(f"log: entry #{entry.seq} does not point to the hash of the entry before it")
        recomputed = integrity.log_entry_hash(
            election_id=election.pk, seq=entry.seq, created_at=entry.created_at, action=entry.action,
            actor=entry.actor_label, data=entry.data, prev_hash=entry.prev_hash,
        )
        if recomputed != entry.entry_hash:
            problems.append(f"log: entry #{entry.seq} ({entry.action}) was altered: its hash does not match its content")
        prev = entry.entry_hash
        expected_seq = entry.seq + 1
    return problems


def _logged(election: Election, action: str) -> dict | None:
    entry = ElectionLogEntry.objects.filter(election=election, action=action).order_by("-seq").first()
    return entry.data if entry else None


def verify_election(election: Election) -> list[str]:
    """Every mismatch found, as sentences; an empty list means the election checks out."""
    from .services.voting import ballots_digest, compute_result, counted_ballots

    election = Election.objects.get(pk=election.pk)
    problems = verify_chain(election)
    if election.roll_frozen_at:
        entries = RollEntry.objects.filter(election=election).values_list("member_id", "member_name", "region")
        recomputed = integrity.roll_hash(election_id=election.pk, entries=list(entries))
        if recomputed != election.roll_hash:
            problems.append("roll: the stored roll does not match the hash recorded at the freeze")
        logged = _logged(election, "roll_frozen")
        if not logged or logged.get("roll_hash") != election.roll_hash:
            problems.append("roll: the roll hash in the log differs from the election's")
    if election.status in AFTER_CLOSE or election.closed_at:
        digest = ballots_digest(election)
        if digest != election.ballots_digest:
            problems.append("ballots: the stored counted ballots differ from those sealed at the close")
        logged = _logged(election, "voting_closed")
        if not logged or logged.get("ballots_digest") != election.ballots_digest:
            problems.append("ballots: the ballot digest in the log differs from the election's")
        voters = VoterRecord.objects.filter(election=election).count()
        counted = len(counted_ballots(election))
        if voters != counted:
            problems.append(f"ballots: {counted} counted ballots for {voters} members who voted")
    if election.status in AFTER_TALLY:
        result = integrity.json_safe(compute_result(election, seed=election.tie_seed or "no-seed"))
        result_hash = integrity.sha256(result)
        if result_hash != election.result_hash:
            problems.append("tally: a recount of the stored ballots gives a different result from the stored one")
        if integrity.sha256(election.result) != election.result_hash:
            problems.append("tally: the stored result was altered after the tally")
        logged = _logged(election, "tallied")
        if not logged or logged.get("result_hash") != election.result_hash:
            problems.append("tally: the result hash in the log differs from the election's")
    return problems
