"""Check an election end to end: the log's hash chain and its end, the roll, the sealed ballots and a
fresh recount compared with every stored result field.

Used by `manage.py election_verify ID`, the certification (services.voting.election_certify), the staff
console and the tests. Read-only.
"""

from __future__ import annotations

from . import integrity
from . import recount as recounting
from .ballots import ballots_digest, counted_ballots
from .models import Election, ElectionLogEntry, RollEntry, VoterRecord

S = Election.Status
AFTER_CLOSE = (S.CLOSED, S.TALLIED, S.CERTIFIED, S.PUBLISHED)
AFTER_TALLY = (S.TALLIED, S.CERTIFIED, S.PUBLISHED)

# The log entry that puts an election in each status: the last of these in the log must match the status.
PHASE_ACTIONS = {
    S.DRAFT: "created", S.NOMINATIONS: "nominations_opened", S.ROLL_FROZEN: "roll_frozen", S.VOTING: "voting_opened",
    S.CLOSED: "voting_closed", S.TALLIED: "tallied", S.CERTIFIED: "certified", S.PUBLISHED: "published",
    S.CANCELLED: "cancelled",
}


def verify_chain(election: Election, *, head: str = "") -> list[str]:
    """The chain entry by entry, then its end against the head and length kept on the election row (and
    against `head`, a hash someone kept from an earlier page or mail, when given)."""
    problems = []
    prev = integrity.GENESIS
    expected_seq = 1
    entries = list(ElectionLogEntry.objects.filter(election=election).order_by("seq"))
    for entry in entries:
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
    last = entries[-1] if entries else None
    if len(entries) != election.log_length or (last.seq if last else 0) != election.log_length:
        problems.append(
            f"log: the election records {election.log_length} entries but the log holds {len(entries)}"
            + (f" ending at #{last.seq}" if last else "") + " (entries were deleted from its end)"
        )
    if (last.entry_hash if last else "") != election.log_head_hash:
        problems.append(
            f"log: the last entry's hash is not the head recorded on the election ({election.log_head_hash[:12] or '—'}…)"
        )
    phases = [e.action for e in entries if e.action in PHASE_ACTIONS.values()]
    expected = PHASE_ACTIONS.get(election.status)
    accepted = {expected, "created"} if election.status == S.NOMINATIONS and election.runoff_of_id else {expected}
    if phases and phases[-1] not in accepted:
        problems.append(f"log: the election is {election.status} but the last phase entry of its log is {phases[-1]}")
    elif not phases:
        problems.append("log: the log has no entry")
    if head and head not in {e.entry_hash for e in entries}:
        problems.append(f"log: the head {head[:12]}… you kept is not in the log (entries were removed or rewritten)")
    return problems


def _logged(election: Election, action: str) -> dict | None:
    entry = ElectionLogEntry.objects.filter(election=election, action=action).order_by("-seq").first()
    return entry.data if entry else None


def verify_election(election: Election, *, head: str = "", fresh: recounting.Recount | None = None) -> list[str]:
    """Every mismatch found, as sentences; an empty list means the election checks out. `head`: a log
    head kept by a reader, which the log must still contain. `fresh`: a recount already made."""
    election = Election.objects.get(pk=election.pk)
    problems = verify_chain(election, head=head)
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
        fresh = fresh or recounting.recount(election)
        problems += [sentence for _field, sentence in fresh.mismatches]
        if integrity.sha256(election.result) != election.result_hash:
            problems.append("tally: the stored result was altered after the tally")
        logged = _logged(election, "tallied")
        if not logged or logged.get("result_hash") != election.result_hash:
            problems.append("tally: the result hash in the log differs from the election's")
    return problems
