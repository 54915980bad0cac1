"""Elections and motions from creation to the frozen roll: windows, the quorum base, nominations and candidacies, the roll."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from finance.selectors import member_in_good_standing, members_in_good_standing
from members.models import Member
from members.permissions import is_focal_point, is_secretariat

from ... import integrity
from ...ballots import options_of
from ...models import (
    Candidacy,
    Election,
    HostBid,
    Motion,
    RollEntry,
)
from ...workflows import CANDIDACY, ELECTION, HOST_BID
from ..bodies import (
    EXECUTIVE_COMMITTEE_MAX,
)
from .log import S, _lock, _phase_notice, _record, _standing_year

__all__ = [
    "PRESIDENT_CANDIDACY_DAYS",
    "ELECTION_FIELDS",
    "election_create",
    "motion_create",
    "election_set_window",
    "election_update",
    "election_set_quorum_base",
    "election_open_nominations",
    "candidacy_eligibility_problems",
    "candidacy_file",
    "candidacy_withdraw",
    "eligible_voters",
    "quorum_bases",
    "election_freeze_roll",
]

PRESIDENT_CANDIDACY_DAYS = 30  # "notify the Secretariat in writing at least one month before the General Assembly"
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
        if host_bid is None or host_bid.status not in HOST_BID.transition("confirm").sources:  # a bid still to confirm
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
    ELECTION.check(election, "set_window")
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
    ELECTION.check(election, "update")
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


def _set_quorum_rule(election: Election, *, by, rule: str, reason: str = "") -> bool:
    """Change the locked election's quorum base before the freeze; logged and audited. False if unchanged."""
    ELECTION.check(election, "set_quorum_base")
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
    ELECTION.check(election, "open_nominations")  # a motion has no candidates: refused whatever its state
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
    now = now or timezone.now()
    election = _lock(election)
    ELECTION.check(election, "file_candidacy")  # a run-off takes no candidacy, whatever its state
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
    election = _lock(candidacy.election)
    ELECTION.check(election, "withdraw_candidacy")
    withdraw = CANDIDACY.transition("withdraw")
    if withdraw.who is None or not withdraw.who(by, candidacy):
        raise ValidationError(_("Only the focal point of %(member)s can withdraw its candidacy.") % {"member": candidacy.member.name})
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    CANDIDACY.check(candidacy, "withdraw")
    candidacy.status = Candidacy.Status.WITHDRAWN
    candidacy.save(update_fields=["status"])
    _record(election, by=by, action="candidacy_withdrawn", data={"candidacy": candidacy.pk, "member": candidacy.member_id})
    return candidacy


# --- roll ------------------------------------------------------------------------------------------


def eligible_voters(*, year: int):
    """Voters: active Full members in good standing for `year` (one query)."""
    return Member.objects.active_full() & members_in_good_standing(year=year)


def quorum_bases(*, year: int, roll_size: int) -> dict[str, int]:
    """The count of each quorum base (Election.QuorumBase) now, for the standing year `year`: one query each."""
    return {
        Election.QuorumBase.ALL_MEMBERS: Member.objects.active().count(),
        Election.QuorumBase.GOOD_STANDING: (Member.objects.active() & members_in_good_standing(year=year)).count(),
        Election.QuorumBase.FULL_MEMBERS: Member.objects.active_full().count(),
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
    ELECTION.check(election, "freeze_roll")  # a motion from its draft; an election with a candidacy, from nominations
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
