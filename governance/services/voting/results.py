"""The count and what follows: tally, run-offs, recount, certification on a fresh recount, the outcome applied, publication, cancellation, closing due votes."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.services import member_record_committee_approval

from ... import integrity, recount
from ...ballots import ballots_digest
from ...models import (
    Candidacy,
    Election,
    ExecutiveCommitteeSeat,
    HostBid,
    Meeting,
    Motion,
    OfficeTerm,
    VoterRecord,
)
from ...statute import quorum_base_phrase
from ...verification import verify_election
from ...workflows import ELECTION
from ..bodies import (
    committee_seat_record,
    decision_record,
    host_bid_confirm,
    office_term_record,
)
from .casting import close_voting
from .log import S, _lock, _phase_notice, _record

__all__ = [
    "compute_result",
    "election_tally",
    "election_recount",
    "election_certify",
    "election_publish",
    "election_cancel",
    "elections_close_due",
]

# --- count -----------------------------------------------------------------------------------------


def compute_result(election: Election, *, seed: str) -> dict:
    """The tally of the stored counted ballots under the rules frozen with the roll (pure: same ballots,
    same result). See governance.recount."""
    return recount.count(election, rules=recount.frozen_rules(election), seed=seed)


@transaction.atomic
def election_tally(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Count the closed vote. Quorum, threshold and ties are decided here and logged; a tie for the last
    seat or a place in a run-off is settled by the election's rule (a run-off election is created, or
    lots are drawn with a random seed that is stored and logged)."""
    return _tally(election=election, by=by, now=now, step="tally")


def _tally(*, election: Election, by, now: dt.datetime | None, step: str) -> Election:
    """The count, as the table's `step`: "tally" (the Secretariat) or "tally_due" (the portal at the end
    of the window). The caller holds a transaction."""
    now = now or timezone.now()
    election = _lock(election)
    ELECTION.check(election, step, now=now)
    if ballots_digest(election) != election.ballots_digest:
        raise ValidationError(_("The stored ballots differ from those sealed at the close: the tally is refused. "
                                "Run election_verify and call the Secretariat's technical team."))
    seed = secrets.token_hex(16)
    result = compute_result(election, seed=seed)
    election.result = integrity.json_safe(result)
    election.result_hash = integrity.sha256(election.result)
    election.outcome = result["outcome"]
    election.voters_count = result["quorum"]["voters"]
    election.quorum_met = result["quorum"]["met"]
    if result["tie"] and result["tie"]["settled_by"] == "lots":
        election.tie_seed = seed
    election.status = S.TALLIED
    election.tallied_at = now
    election.save(update_fields=["result", "result_hash", "outcome", "voters_count", "quorum_met", "tie_seed", "status", "tallied_at"])
    if not result["quorum"]["met"]:
        _record(election, by=by, action="quorum_failed", data=result["quorum"])
    tie = result["tie"]
    if tie:
        _record(election, by=by, action="tie_detected", data={"between": tie["between"], "votes": tie["votes"], "position": tie["position"]})
        if tie["settled_by"] == "lots":
            _record(election, by=by, action="lots_drawn", data={"seed": tie["seed"], "drawn": tie["drawn"], "places": tie["places"]})
    _record(election, by=by, action="tallied", data={"result_hash": election.result_hash, "outcome": election.outcome,
                                                       "voters": election.voters_count, "quorum": result["quorum"]})
    if result["runoff"] and result["quorum"]["met"]:
        _create_runoff(election, result["runoff"], by=by)
    _phase_notice(election)
    return election


def _create_runoff(election: Election, runoff: dict, *, by) -> Election:
    """Create and record the run-off: the same kind of vote between the candidates named by the tally."""
    count = election.runoffs.count()
    second = Election(
        title=_("%(title)s — run-off") % {"title": election.title} if count == 0 else
        _("%(title)s — run-off %(n)s") % {"title": election.title, "n": count + 1},
        kind=election.kind, office_name=election.office_name, description=election.description,
        general_assembly=election.general_assembly, meeting=election.meeting, seats=runoff["seats"],
        secrecy=election.secrecy, tie_rule=election.tie_rule, quorum_base_rule=election.quorum_base_rule,
        term_start=election.term_start, term_end=election.term_end, runoff_of=election, created_by=by,
        status=S.NOMINATIONS,
    )
    second.full_clean()
    second.save()
    originals = {str(c.pk): c for c in election.candidacies.select_related("member")}
    for key in runoff["candidates"]:
        first = originals[key]
        Candidacy.objects.create(election=second, member=first.member, statement=first.statement, filed_by=first.filed_by,
                                 filed_at=first.filed_at, carried_from=first)
    _record(second, by=by, action="created", data={"title": second.title, "kind": second.kind, "seats": second.seats,
                                                     "quorum_rule": second.quorum_base_rule, "runoff_of": election.pk,
                                                     "candidates": runoff["candidates"]})
    _record(election, by=by, action="runoff_created", data={"runoff": second.pk, "candidates": runoff["candidates"],
                                                              "seats": runoff["seats"]})
    return second


@transaction.atomic
def election_recount(*, election: Election, by) -> tuple[bool, dict]:
    """Recount afresh from the stored ballots, the frozen roll and the logged rules and seed, and compare
    every stored result field with it. Changes nothing but the log; returns (matches, recomputed result)."""
    election = _lock(election)
    ELECTION.check(election, "recount")
    fresh = recount.recount(election)
    matches = not fresh.mismatches and ballots_digest(election) == election.ballots_digest
    _record(election, by=by, action="recounted", data={"result_hash": fresh.result_hash, "matches": matches,
                                                         "mismatched_fields": fresh.fields})
    return matches, fresh.result


# --- certification, publication --------------------------------------------------------------------


@transaction.atomic
def election_certify(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """The Secretariat certifies the tallied result, which makes it public and applies it: the President's
    term, the Executive Committee seats, an accepted motion's effect (Full membership through the members
    services, the host's confirmation) and the meeting's numbered decision.

    Decided on a fresh recount (governance.recount) from the stored ballots, the frozen roll and the log,
    never on the stored result columns: refused when the log, the roll or the ballots fail verification,
    when any stored result field differs from the recount, or when the recount finds no quorum."""
    now = now or timezone.now()
    certify = ELECTION.transition("certify")
    if certify.who is None or not certify.who(by, election):
        raise ValidationError(_("Only the Secretariat can certify a result."))
    election = _lock(election)
    ELECTION.check(election, "certify")
    fresh = recount.recount(election)
    problems = verify_election(election, fresh=fresh)
    if problems:
        raise ValidationError(
            _("Certification is refused: a fresh recount of the stored ballots and the frozen roll does not agree "
              "with what is stored (%(fields)s). Run election_verify %(id)s and call the Secretariat's technical team.")
            % {"fields": "; ".join(problems), "id": election.pk}
        )
    quorum = fresh.result["quorum"]
    if not quorum["met"]:
        raise ValidationError(
            _("The quorum was not reached (%(voters)s of %(base)s members voted; more than one third of %(of)s is "
              "needed): this vote is recorded as without quorum and cannot be certified.")
            % {"voters": quorum["voters"], "base": quorum["base"],
               "of": quorum_base_phrase(fresh.rules["quorum_rule"])}
        )
    election.status = S.CERTIFIED
    election.certified_at = now
    election.certified_by = by
    election.save(update_fields=["status", "certified_at", "certified_by"])
    _record(election, by=by, action="certified", data={"result_hash": fresh.result_hash, "outcome": fresh.result["outcome"],
                                                         "elected": fresh.result["elected"]})
    applied = _apply_outcome(election, fresh.result, by=by, on=timezone.localdate(now))
    election.outcome_applied_at = now
    election.save(update_fields=["outcome_applied_at"])
    if applied:
        _record(election, by=by, action="outcome_applied", data=applied)
    _phase_notice(election, template="governance/email/result_certified")
    return election


def _apply_outcome(election: Election, result: dict, *, by, on: dt.date) -> dict:
    """Apply the recounted `result` (not the stored columns)."""
    applied: dict = {}
    start = election.term_start or on
    end = election.term_end
    if election.kind == Election.Kind.PRESIDENT and result.get("elected"):
        candidacy = election.candidacies.select_related("member").get(pk=int(result["elected"][0]))
        term = office_term_record(
            office=OfficeTerm.Office.PRESIDENT, member=candidacy.member, basis=OfficeTerm.Basis.ELECTED, term_start=start,
            term_end=end, by=by, general_assembly=election.general_assembly, election=election,
        )
        applied["office_term"] = term.pk
    elif election.kind == Election.Kind.EXECUTIVE_COMMITTEE and result.get("elected"):
        ids = [int(k) for k in result["elected"]]
        seats = []
        if not election.runoff_of_id:
            # A new committee: the seats of the previous one end the day before its term starts.
            ending = list(ExecutiveCommitteeSeat.objects.select_for_update().filter(term_start__lt=start).filter(
                Q(term_end__isnull=True) | Q(term_end__gte=start)
            ))
            for seat in ending:
                seat.term_end = start - dt.timedelta(days=1)
                seat.save(update_fields=["term_end"])
            applied["committee_seats_ended"] = [s.pk for s in ending]
        for candidacy in election.candidacies.select_related("member").filter(pk__in=ids).order_by("member__name"):
            seat = committee_seat_record(
                member=candidacy.member, term_start=start, term_end=end, by=by,
                general_assembly=election.general_assembly, election=election,
            )
            seats.append(seat.pk)
        applied["committee_seats"] = seats
    elif election.is_motion:
        motion = election.motion
        reference = _("Motion “%(title)s” (vote %(id)s)") % {"title": election.title, "id": election.pk}
        if result["outcome"] == Election.Outcome.ACCEPTED:
            if motion.kind == Motion.Kind.FULL_MEMBERSHIP and motion.subject_member_id:
                member_record_committee_approval(
                    member=motion.subject_member, reference=reference[:100], decided_on=on, by=by, source=motion
                )
                applied["full_membership"] = motion.subject_member_id
            elif motion.kind == Motion.Kind.HOST_CONFIRMATION and motion.host_bid_id:
                host_bid_confirm(bid=cast(HostBid, motion.host_bid), by=by, decided_on=on, source=motion)
                applied["host_confirmed"] = motion.host_bid_id
        if election.meeting_id:
            verdict = _("accepted") if result["outcome"] == Election.Outcome.ACCEPTED else _("rejected")
            decision = decision_record(
                meeting=cast(Meeting, election.meeting), agenda_item=motion.agenda_item, decided_on=on, by=by, motion=motion,
                text=_("Motion %(verdict)s: %(text)s") % {"verdict": verdict, "text": motion.text},
            )
            applied["decision"] = decision.pk
    return applied


@transaction.atomic
def election_publish(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Announce the certified result: mark it published and tell the focal points of the members on the roll."""
    now = now or timezone.now()
    election = _lock(election)
    ELECTION.check(election, "publish")
    election.status = S.PUBLISHED
    election.published_at = now
    election.save(update_fields=["status", "published_at"])
    _record(election, by=by, action="published")
    _phase_notice(election, template="governance/email/result_published")
    return election


@transaction.atomic
def election_cancel(*, election: Election, by, reason: str) -> Election:
    """Cancel a vote before certification (it stays in the history with its log)."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for cancelling this vote."))
    election = _lock(election)
    ELECTION.check(election, "cancel")
    election.status = S.CANCELLED
    election.ballot_key = ""
    election.save(update_fields=["status", "ballot_key"])
    VoterRecord.objects.filter(election=election).exclude(receipt_hash="").update(receipt_hash="")
    _record(election, by=by, action="cancelled", data={"reason": reason.strip()})
    _phase_notice(election)
    return election


def elections_close_due(*, now: dt.datetime | None = None) -> list[int]:
    """Close and tally every vote whose window has ended (the Celery beat task): the table's "close_due"
    and "tally_due", taken by the portal (no user). Safe to run twice: an election already closed or
    tallied is left as it is. Returns the ids handled."""
    now = now or timezone.now()
    close_due, tally_due = ELECTION.transition("close_due"), ELECTION.transition("tally_due")
    handled = []
    due = Election.objects.filter(
        status__in=[*close_due.sources, *tally_due.sources], voting_closes_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            election = Election.objects.select_for_update().get(pk=pk)
            if _may(election, "close_due", now=now):
                close_voting(election=election, by=None, now=now, step="close_due")
                election.refresh_from_db()
            if _may(election, "tally_due", now=now):
                _tally(election=election, by=None, now=now, step="tally_due")
                handled.append(pk)
    return handled


def _may(election: Election, name: str, *, now: dt.datetime) -> bool:
    """Whether the portal's step `name` starts from the election's state and has what it requires at `now`."""
    return election.status in ELECTION.transition(name).sources and not ELECTION.unmet(election, name, now=now)
