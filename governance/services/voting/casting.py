"""Voting: opening, ballots (open or secret, with receipts; a new ballot replaces the member's earlier one), closing."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_delegate
from wego.audit import audit_record

from ... import integrity, tally
from ...ballots import ballots_digest, counted_ballots, options_of
from ...models import (
    Election,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
from ...workflows import ELECTION, when
from .log import S, _lock, _phase_notice, _record, log_append

__all__ = [
    "election_open_voting",
    "election_vote_cast",
    "election_close_voting",
]

# --- voting ----------------------------------------------------------------------------------------


@transaction.atomic
def election_open_voting(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Open the ballot box for the voting window (ballots are accepted only inside it)."""
    now = now or timezone.now()
    election = _lock(election)
    ELECTION.check(election, "open_voting", now=now)  # a window is set, and has not ended
    election.status = S.VOTING
    if election.is_secret:
        election.ballot_key = secrets.token_hex(32)
    election.save(update_fields=["status", "ballot_key"])
    _record(election, by=by, action="voting_opened", data={"opens_at": election.voting_opens_at, "closes_at": election.voting_closes_at,
                                                             "secrecy": election.secrecy})
    _phase_notice(election)
    return election


def _clean_choices(election: Election, choices) -> list[str]:
    marks = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if len(set(marks)) != len(marks):
        raise ValidationError(_("Each candidate can be marked only once."))
    if not marks:
        if election.is_motion:
            raise ValidationError(_("Choose yes, no or abstain."))
        raise ValidationError(_("Choose at least one candidate."))
    limit = election.max_choices
    if len(marks) > limit:
        if limit == 1:
            raise ValidationError(_("Choose one candidate only; you chose %(n)s.") % {"n": len(marks)})
        raise ValidationError(_("Choose at most %(limit)s candidates; you chose %(n)s.") % {"limit": limit, "n": len(marks)})
    options = set(options_of(election))
    for mark in marks:
        if mark not in options:
            if election.is_motion:
                raise ValidationError(_("“%(choice)s” is not a possible answer: choose yes, no or abstain.") % {"choice": mark})
            raise ValidationError(_("Your choice “%(choice)s” is not a candidate in this election.") % {"choice": mark})
    return sorted(marks, key=tally._sort_key)


@transaction.atomic
def election_vote_cast(
    *, election: Election, member: Member, by, choices, now: dt.datetime | None = None
) -> str:
    """Cast `member`'s ballot, by one of its delegates, inside the voting window; return the receipt code.

    A member may vote again until the close: the new ballot replaces the previous one (the last counts).
    Open vote: the ballot names the member. Secret vote: the ballot holds only the election, the choices
    and the receipt; the member's VoterRecord keeps an HMAC of the receipt (see VoterRecord) with which the
    previous ballot is found and superseded. Refusals raise ValidationError and count nothing.
    """
    now = now or timezone.now()
    election = _lock(election)  # serialises the ballots of one election: no double count, no race with the close
    ELECTION.check(election, "cast_vote", now=now)  # voting is open, inside its window
    if not is_delegate(by, member):
        raise ValidationError(_("Only a delegate of %(member)s can cast its vote.") % {"member": member.name})
    if not RollEntry.objects.filter(election=election, member=member).exists():
        raise ValidationError(
            _("%(member)s is not on the roll of this vote: the roll frozen on %(when)s lists the active Full members "
              "in good standing.") % {"member": member.name, "when": when(election.roll_frozen_at)}
        )
    marks = _clean_choices(election, choices)

    record = VoterRecord.objects.select_for_update().filter(election=election, member=member).first()
    ballot: SecretBallot | OpenBallot
    if election.is_secret:
        if record is not None:
            _supersede_secret(election, record.receipt_hash)
        ballot = SecretBallot.objects.create(election=election, choices=marks)
        receipt = ballot.receipt
        receipt_hash = integrity.receipt_hmac(key=election.ballot_key, receipt=receipt)
    else:
        if record is not None:
            OpenBallot.objects.filter(election=election, member=member, counted=True).update(counted=False)
        ballot = OpenBallot.objects.create(election=election, member=member, cast_by=by, cast_at=now, choices=marks)
        receipt = ballot.receipt
        receipt_hash = ""
    if record is None:
        try:
            with transaction.atomic():
                record = VoterRecord.objects.create(
                    election=election, member=member, cast_by=by, voted_at=now, ballot_version=1, receipt_hash=receipt_hash
                )
        except IntegrityError:
            raise ValidationError(
                _("Another ballot of %(member)s was recorded at the same moment; nothing was counted from this one. "
                  "Reload the page: you may vote again to replace it.") % {"member": member.name}
            )
    else:
        record.voted_at = now
        record.cast_by = by
        record.ballot_version += 1
        record.receipt_hash = receipt_hash
        record.save(update_fields=["voted_at", "cast_by", "ballot_version", "receipt_hash"])
    if not election.is_secret:
        log_append(election=election, action="ballot_cast", by=by, data={
            "member": member.pk, "member_name": member.name, "receipt": receipt, "choices": marks,
            "version": record.ballot_version,
        })
    audit_record(actor=by, action="governance.ballot.cast", target=election,
                 data={"member": member.pk, "version": record.ballot_version})
    return receipt


def _supersede_secret(election: Election, receipt_hash: str) -> None:
    """Mark as no longer counted the secret ballot whose receipt has this HMAC (needs the election key)."""
    for pk, receipt in SecretBallot.objects.filter(election=election, counted=True).values_list("pk", "receipt"):
        if receipt_hash and integrity.receipt_hmac(key=election.ballot_key, receipt=receipt) == receipt_hash:
            SecretBallot.objects.filter(pk=pk).update(counted=False)
            return
    # Never count two ballots of one member: refuse rather than guess.
    raise ValidationError(_("Your member's earlier ballot could not be found, so it cannot be replaced; nothing was "
                            "counted from this one. Please contact the Secretariat."))


def _reshuffle_secret_ballots(election: Election) -> None:
    """Rewrite the secret ballots in a random order, in the closing transaction.

    The database itself remembers the order in which rows were written (SQLite's hidden rowid,
    PostgreSQL's physical position and the id of the writing transaction, which a ballot would share
    with its member's VoterRecord and audit entry). Deleting and re-inserting every ballot, unchanged,
    in random order at the close leaves only the closing transaction's traces on them. Residual: until
    PostgreSQL vacuums the dead row versions, and in its write-ahead log, the old versions remain —
    readable by the database superuser, who is trusted during voting anyway (see VoterRecord).
    """
    rows = list(SecretBallot.objects.filter(election=election).values("id", "receipt", "choices", "counted"))
    secrets.SystemRandom().shuffle(rows)
    SecretBallot.objects.filter(election=election).delete()
    for row in rows:  # one INSERT each, in the shuffled order
        SecretBallot.objects.create(election=election, **row)


@transaction.atomic
def election_close_voting(*, election: Election, by, now: dt.datetime | None = None, reason: str = "") -> Election:
    """Close the ballot box. Before the end of the window only with a reason (e.g. the General Assembly's
    chair declared the vote closed). The counted ballots are hashed into the log; for a secret vote the
    receipt key and the voters' receipt HMACs are erased, so that no link to a ballot remains."""
    return close_voting(election=election, by=by, now=now, reason=reason, step="close_voting")


def close_voting(*, election: Election, by, now: dt.datetime | None, reason: str = "", step: str) -> Election:
    """The close, as the table's `step`: "close_voting" (the Secretariat) or "close_due" (the portal at the
    end of the window). The caller holds a transaction."""
    now = now or timezone.now()
    election = _lock(election)
    ELECTION.check(election, step, now=now)
    early = now < cast(dt.datetime, election.voting_closes_at)
    if early and not reason.strip():
        raise ValidationError(
            _("Voting runs until %(when)s. To close it earlier, give the reason (e.g. the chair's declaration).")
            % {"when": when(election.voting_closes_at)}
        )
    if election.is_secret:
        _reshuffle_secret_ballots(election)
    election.ballots_digest = ballots_digest(election)
    counted = len(counted_ballots(election))
    voters = VoterRecord.objects.filter(election=election).count()
    election.status = S.CLOSED
    election.closed_at = now
    election.ballot_key = ""
    election.save(update_fields=["ballots_digest", "status", "closed_at", "ballot_key"])
    VoterRecord.objects.filter(election=election).exclude(receipt_hash="").update(receipt_hash="")
    _record(election, by=by, action="voting_closed", data={
        "ballots_digest": election.ballots_digest, "counted_ballots": counted, "voters": voters,
        "early": early, "reason": reason.strip(),
    })
    _phase_notice(election)
    return election
