"""Elections and motions: the state machine, the ballots and the hash-chained election log.

    draft → nominations → roll_frozen → voting → closed → tallied → certified → published
    (a motion goes from draft straight to the roll freeze; anything before certification may be cancelled)

Every transition locks the election row (`select_for_update`), so that a ballot, a close and a tally
never interleave, and appends an entry to the election's log (each entry holds the previous one's hash).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from finance.selectors import member_in_good_standing, members_in_good_standing
from members.models import Member
from wego.audit import audit_record

from .. import integrity, recount, tally
from ..models import (
    Candidacy,
    Election,
    ElectionLogEntry,
    HostBid,
    Motion,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
from ..statute import quorum_base_phrase

__all__ = [
    "PRESIDENT_CANDIDACY_DAYS",
    "ballots_digest",
    "candidacy_eligibility_problems",
    "candidacy_file",
    "candidacy_withdraw",
    "election_cancel",
    "election_certify",
    "election_close_voting",
    "election_create",
    "election_freeze_roll",
    "election_open_nominations",
    "election_open_voting",
    "election_publish",
    "election_recount",
    "election_set_quorum_base",
    "election_set_window",
    "election_tally",
    "election_update",
    "election_vote_cast",
    "elections_close_due",
    "log_append",
    "motion_create",
    "options_of",
]

PRESIDENT_CANDIDACY_DAYS = 30  # "notify the Secretariat in writing at least one month before the General Assembly"
S = Election.Status


# --- helpers ---------------------------------------------------------------------------------------


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i T") if value else "—"


def _actor_label(by) -> str:
    if by is None:
        return "system"
    return (getattr(by, "email", "") or str(by))[:200]


def _refuse_status(election: Election, allowed: tuple, action: str) -> None:
    if election.status not in allowed:
        raise ValidationError(
            _("“%(title)s” is %(status)s: it cannot %(action)s now.")
            % {"title": election.title, "status": election.get_status_display().lower(), "action": action}
        )


def log_append(*, election: Election, action: str, by=None, data: dict | None = None) -> ElectionLogEntry:
    """Append an entry to the election's hash chain. The caller holds the election's row lock, which
    serialises appends (and the unique (election, seq) constraint refuses a fork).

    The new entry continues the head recorded on the election row, not merely the last entry found: if
    entries were deleted from the end, appending is refused, so that the gap is never papered over."""
    last = ElectionLogEntry.objects.filter(election=election).order_by("-seq").only("seq", "entry_hash").first()
    length, head = Election.objects.filter(pk=election.pk).values_list("log_length", "log_head_hash").get()
    if (last.seq if last else 0, last.entry_hash if last else "") != (length, head):
        raise ValidationError(
            _("The log of “%(title)s” does not end where the election records it should (entry #%(n)s): nothing more "
              "can be recorded. Run election_verify %(id)s and call the Secretariat's technical team.")
            % {"title": election.title, "n": length, "id": election.pk}
        )
    seq = length + 1
    prev = head or integrity.GENESIS
    created_at = timezone.now()
    data = integrity.json_safe(data or {})
    actor = _actor_label(by)
    entry_hash = integrity.log_entry_hash(
        election_id=election.pk, seq=seq, created_at=created_at, action=action, actor=actor, data=data, prev_hash=prev
    )
    entry = ElectionLogEntry.objects.create(
        election=election, seq=seq, created_at=created_at, action=action, actor_label=actor, data=data,
        prev_hash=prev, entry_hash=entry_hash,
    )
    # The row keeps the end of the chain: deleting the last entries then shows (election_verify).
    Election.objects.filter(pk=election.pk).update(log_length=seq, log_head_hash=entry_hash)
    election.log_length, election.log_head_hash = seq, entry_hash
    return entry


def _record(election: Election, *, by, action: str, data: dict | None = None) -> None:
    """Log in the election chain and in the portal's audit log."""
    log_append(election=election, action=action, by=by, data=data)
    audit_record(actor=by, action=f"governance.election.{action}", target=election, data=data)


def _standing_year(election: Election, now: dt.datetime) -> int:
    return timezone.localtime(election.voting_opens_at or now).year


def options_of(election: Election) -> list[str]:
    """The keys a ballot may mark: the filed candidacies' ids, or yes / no / abstain for a motion."""
    if election.is_motion:
        return list(tally.MOTION_OPTIONS)
    return [str(pk) for pk in election.candidacies.filter(status=Candidacy.Status.FILED).values_list("pk", flat=True)]


# --- creation --------------------------------------------------------------------------------------

ELECTION_FIELDS = (
    "office_name", "description", "general_assembly", "meeting", "seats", "secrecy", "tie_rule", "quorum_base_rule",
    "voting_opens_at", "voting_closes_at", "term_start", "term_end",
)


@transaction.atomic
def election_create(*, title: str, kind: str, by, **fields) -> Election:
    """Create an election in draft. A President election has one seat; the Executive Committee at most 20."""
    unknown = set(fields) - set(ELECTION_FIELDS) - {"runoff_of"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if kind == Election.Kind.MOTION:
        raise ValidationError(_("Create a motion with its text and threshold (motion_create)."))
    if kind == Election.Kind.PRESIDENT:
        fields["seats"] = 1
    from .bodies import EXECUTIVE_COMMITTEE_MAX

    if kind == Election.Kind.EXECUTIVE_COMMITTEE and not 1 <= fields.get("seats", 1) <= EXECUTIVE_COMMITTEE_MAX:
        raise ValidationError(_("The Executive Committee has between 1 and %(max)s seats.") % {"max": EXECUTIVE_COMMITTEE_MAX})
    if kind == Election.Kind.OFFICE and not fields.get("office_name"):
        raise ValidationError(_("Name the office to be filled."))
    election = Election(title=title.strip(), kind=kind, created_by=by, **fields)
    election.full_clean()
    election.save()
    _record(election, by=by, action="created", data={"title": election.title, "kind": kind, "seats": election.seats,
                                                       "secrecy": election.secrecy, "tie_rule": election.tie_rule,
                                                       "quorum_rule": election.quorum_base_rule,
                                                       "runoff_of": election.runoff_of_id})
    return election


@transaction.atomic
def motion_create(
    *, title: str, text: str, by, kind: str = Motion.Kind.OTHER, threshold: str = Motion.Threshold.SIMPLE,
    subject_member: Member | None = None, host_bid: HostBid | None = None, agenda_item=None, **fields,
) -> Motion:
    """Put a decision to a vote. "Approve the Full membership of X" needs an active Associate city (or
    national institution); "confirm the next host city" needs a submitted host bid."""
    if not text.strip():
        raise ValidationError(_("Write the text of the motion."))
    if kind == Motion.Kind.FULL_MEMBERSHIP:
        if subject_member is None:
            raise ValidationError(_("Choose the member whose Full membership is proposed."))
        if not (
            subject_member.status == Member.Status.ACTIVE
            and subject_member.category == Member.Category.ASSOCIATE
            and subject_member.kind in (Member.Kind.CITY, Member.Kind.INSTITUTION)
        ):
            raise ValidationError(
                _("%(member)s is not an active Associate city or institution: its Full membership cannot be proposed.")
                % {"member": subject_member.name}
            )
    if kind == Motion.Kind.HOST_CONFIRMATION:
        if host_bid is None or host_bid.status != HostBid.Status.SUBMITTED:
            raise ValidationError(_("Choose the submitted host bid that the motion confirms."))
        subject_member = host_bid.member
    if agenda_item is not None:
        fields.setdefault("meeting", agenda_item.meeting)
    unknown = set(fields) - set(ELECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields["seats"] = 1
    fields.setdefault("secrecy", Election.Secrecy.OPEN)
    election = Election(title=title.strip(), kind=Election.Kind.MOTION, created_by=by, **fields)
    election.full_clean()
    election.save()
    motion = Motion.objects.create(
        election=election, kind=kind, text=text.strip(), threshold=threshold, subject_member=subject_member,
        host_bid=host_bid, agenda_item=agenda_item,
    )
    _record(election, by=by, action="created", data={"title": election.title, "kind": "motion", "motion_kind": kind,
                                                       "threshold": threshold, "text": motion.text,
                                                       "subject_member": getattr(subject_member, "pk", None),
                                                       "secrecy": election.secrecy, "quorum_rule": election.quorum_base_rule})
    return motion


@transaction.atomic
def election_set_window(*, election: Election, by, opens_at: dt.datetime, closes_at: dt.datetime) -> Election:
    """Set the voting window; possible until voting opens."""
    election = _lock(election)
    _refuse_status(election, (S.DRAFT, S.NOMINATIONS, S.ROLL_FROZEN), _("change its voting window"))
    if closes_at <= opens_at:
        raise ValidationError(_("Voting must close after it opens."))
    election.voting_opens_at, election.voting_closes_at = opens_at, closes_at
    election.save(update_fields=["voting_opens_at", "voting_closes_at"])
    _record(election, by=by, action="window_set", data={"opens_at": opens_at, "closes_at": closes_at})
    return election


@transaction.atomic
def election_update(*, election: Election, by, **fields) -> Election:
    """Change a draft election's settings (kind, seats, secrecy, rules, dates); logged with the changes."""
    unknown = set(fields) - set(ELECTION_FIELDS) - {"title", "kind"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    election = _lock(election)
    _refuse_status(election, (S.DRAFT,), _("have its settings changed (only a draft can)"))
    if Election.Kind.MOTION in (election.kind, fields.get("kind")) and fields.get("kind", election.kind) != election.kind:
        raise ValidationError(_("A motion cannot become an election, nor an election a motion."))
    if "quorum_base_rule" in fields:
        _set_quorum_rule(election, by=by, rule=fields.pop("quorum_base_rule"))
    changed = {}
    for name, value in fields.items():
        if getattr(election, name) != value:
            setattr(election, name, value)
            changed[name] = value.pk if hasattr(value, "pk") else value
    if election.kind == Election.Kind.PRESIDENT:
        election.seats = 1
    election.full_clean()
    election.save()
    if changed:
        _record(election, by=by, action="updated", data=changed)
    return election


def _quorum_rule_refusal(election: Election) -> str:
    return (
        _("The roll of “%(title)s” was frozen on %(when)s with the quorum counted on %(base)s: the quorum base is fixed "
          "with the roll and can no longer be changed.")
        % {"title": election.title, "when": _when(election.roll_frozen_at),
           "base": election.get_quorum_base_rule_display()}
        if election.roll_frozen_at else
        _("“%(title)s” is %(status)s: its quorum base can no longer be changed.")
        % {"title": election.title, "status": election.get_status_display().lower()}
    )


def _set_quorum_rule(election: Election, *, by, rule: str, reason: str = "") -> bool:
    """Change the locked election's quorum base before the freeze; logged and audited. False if unchanged."""
    if election.quorum_base_frozen:
        raise ValidationError(_quorum_rule_refusal(election))
    if rule not in Election.QuorumBase.values:
        raise ValidationError(
            _("“%(rule)s” is not a quorum base: choose one of %(choices)s.")
            % {"rule": rule, "choices": ", ".join(Election.QuorumBase.values)}
        )
    previous = election.quorum_base_rule
    if rule == previous:
        return False
    election.quorum_base_rule = rule
    election.save(update_fields=["quorum_base_rule"])
    _record(election, by=by, action="quorum_base_set", data={"from": previous, "to": rule, "reason": reason.strip()})
    return True


@transaction.atomic
def election_set_quorum_base(*, election: Election, by, rule: str, reason: str = "") -> Election:
    """Choose whom the quorum counts ("more than one-third of the total members", Statute Part V; the readings
    are in governance.statute). Possible until the roll is frozen: the freeze fixes it, writes it and the
    count into the log, and the recount reads it there. Every change is logged and audited with its reason."""
    election = _lock(election)
    _set_quorum_rule(election, by=by, rule=rule, reason=reason)
    return election


# --- nominations -----------------------------------------------------------------------------------


@transaction.atomic
def election_open_nominations(*, election: Election, by) -> Election:
    election = _lock(election)
    if election.is_motion:
        raise ValidationError(_("A motion has no candidates: freeze its roll to put it to the vote."))
    _refuse_status(election, (S.DRAFT,), _("open nominations"))
    election.status = S.NOMINATIONS
    election.save(update_fields=["status"])
    _record(election, by=by, action="nominations_opened")
    return election


def candidacy_eligibility_problems(*, election: Election, member: Member, now: dt.datetime | None = None) -> list[str]:
    """Why `member` may not stand in `election` (empty when it may)."""
    now = now or timezone.now()
    problems = []
    if member.category != Member.Category.FULL:
        problems.append(_("%(member)s is not a Full member.") % {"member": member.name})
    if member.status != Member.Status.ACTIVE:
        problems.append(_("%(member)s is not an active member.") % {"member": member.name})
    year = _standing_year(election, now)
    if not member_in_good_standing(member=member, year=year):
        problems.append(
            _("%(member)s has membership fees due before %(year)s still unpaid: a candidate must be in good standing.")
            % {"member": member.name, "year": year}
        )
    if election.kind == Election.Kind.PRESIDENT:
        ga = election.general_assembly
        if ga is None or ga.starts_on is None:
            problems.append(_("The General Assembly of this election has no date yet, so the deadline is unknown."))
        else:
            deadline = ga.starts_on - dt.timedelta(days=PRESIDENT_CANDIDACY_DAYS)
            if timezone.localdate(now) > deadline:
                problems.append(
                    _("Candidacies for President City must reach the Secretariat at least %(days)s days before the "
                      "General Assembly, that is by %(deadline)s.")
                    % {"days": PRESIDENT_CANDIDACY_DAYS, "deadline": formats.date_format(deadline, "DATE_FORMAT")}
                )
    return problems


@transaction.atomic
def candidacy_file(*, election: Election, member: Member, by, statement: str, now: dt.datetime | None = None) -> Candidacy:
    """A member's focal point files its candidacy with a statement (the Secretariat may record one received
    in writing). Eligibility: active Full member in good standing; for President, 30 days before the GA."""
    from members.permissions import is_focal_point, is_secretariat

    now = now or timezone.now()
    election = _lock(election)
    if election.runoff_of_id:
        raise ValidationError(_("A run-off takes the candidates of the first round; no new candidacy can be filed."))
    _refuse_status(election, (S.NOMINATIONS,), _("take candidacies"))
    if not (is_focal_point(by, member) or is_secretariat(by)):
        raise ValidationError(_("Only the focal point of %(member)s can file its candidacy.") % {"member": member.name})
    if not statement or not statement.strip():
        raise ValidationError(_("Write the candidate's statement."))
    problems = candidacy_eligibility_problems(election=election, member=member, now=now)
    if problems:
        raise ValidationError(problems)
    if Candidacy.objects.filter(election=election, member=member).exists():
        raise ValidationError(_("%(member)s is already a candidate in this election.") % {"member": member.name})
    candidacy = Candidacy.objects.create(election=election, member=member, statement=statement.strip(), filed_by=by, filed_at=now)
    _record(election, by=by, action="candidacy_filed", data={"candidacy": candidacy.pk, "member": member.pk, "member_name": member.name})
    return candidacy


@transaction.atomic
def candidacy_withdraw(*, candidacy: Candidacy, by) -> Candidacy:
    from members.permissions import is_focal_point, is_secretariat

    election = _lock(candidacy.election)
    _refuse_status(election, (S.NOMINATIONS,), _("take a candidacy back"))
    if not (is_focal_point(by, candidacy.member) or is_secretariat(by)):
        raise ValidationError(_("Only the focal point of %(member)s can withdraw its candidacy.") % {"member": candidacy.member.name})
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.status != Candidacy.Status.FILED:
        raise ValidationError(_("This candidacy is already withdrawn."))
    candidacy.status = Candidacy.Status.WITHDRAWN
    candidacy.save(update_fields=["status"])
    _record(election, by=by, action="candidacy_withdrawn", data={"candidacy": candidacy.pk, "member": candidacy.member_id})
    return candidacy


# --- roll ------------------------------------------------------------------------------------------


def eligible_voters(*, year: int):
    """Voters: active Full members in good standing for `year` (one query)."""
    return members_in_good_standing(year=year).filter(category=Member.Category.FULL, status=Member.Status.ACTIVE)


def quorum_bases(*, year: int, roll_size: int) -> dict[str, int]:
    """The count of each quorum base (Election.QuorumBase) now, for the standing year `year`: one query each."""
    active = Member.objects.filter(status=Member.Status.ACTIVE)
    return {
        Election.QuorumBase.ALL_MEMBERS: active.count(),
        Election.QuorumBase.GOOD_STANDING: members_in_good_standing(year=year).filter(status=Member.Status.ACTIVE).count(),
        Election.QuorumBase.FULL_MEMBERS: active.filter(category=Member.Category.FULL).count(),
        Election.QuorumBase.ROLL: roll_size,
    }


@transaction.atomic
def election_freeze_roll(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Close nominations and freeze the roll: a snapshot of the active Full members in good standing,
    hashed (SHA-256) into the election row and the log. The roll never changes afterwards.

    The quorum base chosen on the election is fixed here: every base is counted and logged, and the chosen
    one becomes the quorum denominator (`quorum_base`), which the recount reads from the log."""
    now = now or timezone.now()
    election = _lock(election)
    allowed = (S.DRAFT,) if election.is_motion else (S.NOMINATIONS,)
    _refuse_status(election, allowed, _("have its roll frozen"))
    if not election.is_motion:
        filed = election.candidacies.filter(status=Candidacy.Status.FILED).count()
        if filed == 0:
            raise ValidationError(_("No candidacy has been filed: there is nobody to vote for."))
    if RollEntry.objects.filter(election=election).exists():
        raise ValidationError(_("The roll of this vote is already frozen."))
    year = _standing_year(election, now)
    voters = list(eligible_voters(year=year).order_by("pk").values_list("pk", "name", "region"))
    if not voters:
        raise ValidationError(_("No Full member in good standing: nobody could vote."))
    RollEntry.objects.bulk_create(
        [RollEntry(election=election, member_id=pk, member_name=name, region=region or "") for pk, name, region in voters]
    )
    bases = quorum_bases(year=year, roll_size=len(voters))
    full_total = bases[Election.QuorumBase.FULL_MEMBERS]
    election.roll_hash = integrity.roll_hash(election_id=election.pk, entries=voters)
    election.roll_size = len(voters)
    election.full_members_at_freeze = full_total
    election.members_at_freeze = bases[Election.QuorumBase.ALL_MEMBERS]
    election.members_in_good_standing_at_freeze = bases[Election.QuorumBase.GOOD_STANDING]
    election.quorum_base = bases[election.quorum_base_rule]
    election.standing_year = year
    election.roll_frozen_at = now
    election.status = S.ROLL_FROZEN
    election.save(update_fields=["roll_hash", "roll_size", "full_members_at_freeze", "members_at_freeze",
                                 "members_in_good_standing_at_freeze", "quorum_base", "standing_year", "roll_frozen_at",
                                 "status"])
    _record(election, by=by, action="roll_frozen", data={
        "roll_hash": election.roll_hash, "roll_size": election.roll_size, "full_members": full_total,
        "members": election.members_at_freeze, "members_in_good_standing": election.members_in_good_standing_at_freeze,
        "quorum_base": election.quorum_base, "quorum_rule": election.quorum_base_rule, "standing_year": year,
        # "Absolute majority of the members": of the members on the roll, who hold the votes, whatever the quorum base.
        "majority_base": election.roll_size,
        "options": options_of(election),
        # The rules of the count, frozen with the roll: the recount reads them here, not from the row.
        "kind": election.kind, "seats": election.seats, "tie_rule": election.tie_rule, "secrecy": election.secrecy,
        "threshold": election.motion.threshold if election.is_motion else "",
    })
    _phase_notice(election)
    return election


# --- voting ----------------------------------------------------------------------------------------


@transaction.atomic
def election_open_voting(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Open the ballot box for the voting window (ballots are accepted only inside it)."""
    now = now or timezone.now()
    election = _lock(election)
    _refuse_status(election, (S.ROLL_FROZEN,), _("open voting"))
    if not (election.voting_opens_at and election.voting_closes_at):
        raise ValidationError(_("Set the voting window (opening and closing times) first."))
    if election.voting_closes_at <= now:
        raise ValidationError(_("The voting window closed on %(when)s: set a new one.") % {"when": _when(election.voting_closes_at)})
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
    from members.permissions import is_delegate

    now = now or timezone.now()
    election = _lock(election)  # serialises the ballots of one election: no double count, no race with the close
    if election.status != S.VOTING:
        raise ValidationError(_("Voting on “%(title)s” is not open (%(status)s).")
                              % {"title": election.title, "status": election.get_status_display().lower()})
    if now < election.voting_opens_at:
        raise ValidationError(_("Voting on “%(title)s” opens on %(when)s.") % {"title": election.title, "when": _when(election.voting_opens_at)})
    if now >= election.voting_closes_at:
        raise ValidationError(_("Voting on “%(title)s” closed on %(when)s.") % {"title": election.title, "when": _when(election.voting_closes_at)})
    if not is_delegate(by, member):
        raise ValidationError(_("Only a delegate of %(member)s can cast its vote.") % {"member": member.name})
    if not RollEntry.objects.filter(election=election, member=member).exists():
        raise ValidationError(
            _("%(member)s is not on the roll of this vote: the roll frozen on %(when)s lists the active Full members "
              "in good standing.") % {"member": member.name, "when": _when(election.roll_frozen_at)}
        )
    marks = _clean_choices(election, choices)

    record = VoterRecord.objects.select_for_update().filter(election=election, member=member).first()
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


def counted_ballots(election: Election) -> list[tuple]:
    """The counted ballots as tuples for the digest: (receipt, choices) or (member id, receipt, choices)."""
    if election.is_secret:
        return list(SecretBallot.objects.filter(election=election, counted=True).values_list("receipt", "choices"))
    return list(OpenBallot.objects.filter(election=election, counted=True).values_list("member_id", "receipt", "choices"))


def ballots_digest(election: Election) -> str:
    return integrity.ballots_digest(election_id=election.pk, secret=election.is_secret, ballots=counted_ballots(election))


@transaction.atomic
def election_close_voting(*, election: Election, by, now: dt.datetime | None = None, reason: str = "") -> Election:
    """Close the ballot box. Before the end of the window only with a reason (e.g. the General Assembly's
    chair declared the vote closed). The counted ballots are hashed into the log; for a secret vote the
    receipt key and the voters' receipt HMACs are erased, so that no link to a ballot remains."""
    now = now or timezone.now()
    election = _lock(election)
    _refuse_status(election, (S.VOTING,), _("be closed"))
    early = now < election.voting_closes_at
    if early and not reason.strip():
        raise ValidationError(
            _("Voting runs until %(when)s. To close it earlier, give the reason (e.g. the chair's declaration).")
            % {"when": _when(election.voting_closes_at)}
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
    now = now or timezone.now()
    election = _lock(election)
    _refuse_status(election, (S.CLOSED,), _("be tallied"))
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
    _refuse_status(election, (S.TALLIED, S.CERTIFIED, S.PUBLISHED), _("be recounted"))
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
    from members.permissions import is_secretariat

    from ..verification import verify_election

    now = now or timezone.now()
    if not is_secretariat(by):
        raise ValidationError(_("Only the Secretariat can certify a result."))
    election = _lock(election)
    _refuse_status(election, (S.TALLIED,), _("be certified"))
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
    from members.services import member_record_committee_approval

    from ..models import OfficeTerm
    from .bodies import committee_seat_record, decision_record, host_bid_confirm, office_term_record

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
            from ..models import ExecutiveCommitteeSeat

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
                host_bid_confirm(bid=motion.host_bid, by=by, decided_on=on, source=motion)
                applied["host_confirmed"] = motion.host_bid_id
        if election.meeting_id:
            verdict = _("accepted") if result["outcome"] == Election.Outcome.ACCEPTED else _("rejected")
            decision = decision_record(
                meeting=election.meeting, agenda_item=motion.agenda_item, decided_on=on, by=by, motion=motion,
                text=_("Motion %(verdict)s: %(text)s") % {"verdict": verdict, "text": motion.text},
            )
            applied["decision"] = decision.pk
    return applied


@transaction.atomic
def election_publish(*, election: Election, by, now: dt.datetime | None = None) -> Election:
    """Announce the certified result: mark it published and tell the focal points of the members on the roll."""
    now = now or timezone.now()
    election = _lock(election)
    _refuse_status(election, (S.CERTIFIED,), _("be published"))
    election.status = S.PUBLISHED
    election.published_at = now
    election.save(update_fields=["status", "published_at"])
    _record(election, by=by, action="published")
    _phase_notice(election, template="governance/email/result_published")
    return election


def _phase_notice(election: Election, *, template: str = "governance/email/phase_changed") -> None:
    """Tell the focal points of the members on the roll that the vote changed phase, with the log's length
    and head hash at that moment. Whoever keeps the mail can later hold the portal to that head: a log
    whose end was cut off no longer contains it (`election_verify ID --head HASH`). Called last in the
    transition, after every entry of that transition is appended."""
    from django.urls import reverse

    from members.models import Affiliation
    from wego.mail import absolute_url, queue_templated_email

    focal = (
        Affiliation.objects.filter(role=Affiliation.Role.FOCAL_POINT, member__roll_entries__election=election)
        .select_related("user").order_by("user__email").distinct()
    )
    context = {
        "election": election, "status": election.status, "log_length": election.log_length,
        "log_head_hash": election.log_head_hash, "url": absolute_url(reverse("governance:election", args=[election.pk])),
        "results_url": absolute_url(reverse("governance:results", args=[election.pk])),
    }
    for affiliation in focal:
        queue_templated_email(to=[affiliation.user.email], template=template, context=context,
                              language=affiliation.user.preferred_language)


@transaction.atomic
def election_cancel(*, election: Election, by, reason: str) -> Election:
    """Cancel a vote before certification (it stays in the history with its log)."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for cancelling this vote."))
    election = _lock(election)
    _refuse_status(election, (S.DRAFT, S.NOMINATIONS, S.ROLL_FROZEN, S.VOTING, S.CLOSED, S.TALLIED), _("be cancelled"))
    election.status = S.CANCELLED
    election.ballot_key = ""
    election.save(update_fields=["status", "ballot_key"])
    VoterRecord.objects.filter(election=election).exclude(receipt_hash="").update(receipt_hash="")
    _record(election, by=by, action="cancelled", data={"reason": reason.strip()})
    _phase_notice(election)
    return election


def elections_close_due(*, now: dt.datetime | None = None) -> list[int]:
    """Close and tally every vote whose window has ended (the Celery beat task). Safe to run twice: an
    election already closed or tallied is left as it is. Returns the ids handled."""
    now = now or timezone.now()
    handled = []
    due = Election.objects.filter(status__in=[S.VOTING, S.CLOSED], voting_closes_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            election = Election.objects.select_for_update().get(pk=pk)
            if election.status == S.VOTING:
                election_close_voting(election=election, by=None, now=now)
                election.refresh_from_db()
            if election.status == S.CLOSED:
                election_tally(election=election, by=None, now=now)
                handled.append(pk)
    return handled

