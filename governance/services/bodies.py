"""Writes about bodies, offices and terms, meetings and decisions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_delegate, is_focal_point
from wego.audit import audit_record

from ..audit import AuditAction
from ..models import (
    AgendaItem,
    Attendance,
    Decision,
    ExecutiveCommitteeSeat,
    GeneralAssembly,
    HostBid,
    Meeting,
    MeetingDocument,
    Motion,
    OfficeTerm,
)
from ..workflows import HOST_BID

__all__ = [
    "EXECUTIVE_COMMITTEE_MAX",
    "attendance_record",
    "committee_seat_record",
    "decision_record",
    "host_bid_confirm",
    "host_bid_submit",
    "office_term_end",
    "office_term_record",
    "record_save",
    "vice_president_appoint",
]

EXECUTIVE_COMMITTEE_MAX = 20  # "twenty or fewer cities, including the President and Vice Presidents"


# The plain records record_save accepts, and the audit actions it records for them.
RECORD_CREATED: dict[type, AuditAction] = {
    GeneralAssembly: AuditAction.GENERAL_ASSEMBLY_CREATED,
    HostBid: AuditAction.HOST_BID_CREATED,
    OfficeTerm: AuditAction.OFFICE_TERM_CREATED,
    ExecutiveCommitteeSeat: AuditAction.EXECUTIVE_COMMITTEE_SEAT_CREATED,
    Meeting: AuditAction.MEETING_CREATED,
    AgendaItem: AuditAction.AGENDA_ITEM_CREATED,
    MeetingDocument: AuditAction.MEETING_DOCUMENT_CREATED,
    Attendance: AuditAction.ATTENDANCE_CREATED,
    Decision: AuditAction.DECISION_CREATED,
}
RECORD_CHANGED: dict[type, AuditAction] = {
    GeneralAssembly: AuditAction.GENERAL_ASSEMBLY_CHANGED,
    HostBid: AuditAction.HOST_BID_CHANGED,
    OfficeTerm: AuditAction.OFFICE_TERM_CHANGED,
    ExecutiveCommitteeSeat: AuditAction.EXECUTIVE_COMMITTEE_SEAT_CHANGED,
    Meeting: AuditAction.MEETING_CHANGED,
    AgendaItem: AuditAction.AGENDA_ITEM_CHANGED,
    MeetingDocument: AuditAction.MEETING_DOCUMENT_CHANGED,
    Attendance: AuditAction.ATTENDANCE_CHANGED,
    Decision: AuditAction.DECISION_CHANGED,
}


@transaction.atomic
def record_save(*, instance, by, changed: list[str] | None = None):
    """Validate and save a plain governance record entered by the Secretariat (a General Assembly's
    dates, a meeting, an agenda item, a document, a seat typed in from the archives) with an audit entry.
    State changes (host confirmation, elections) have their own services and do not come here."""
    adding = instance._state.adding
    if type(instance) not in RECORD_CREATED:
        raise ValueError(f"record_save has no audit action for a {type(instance).__name__}: add it to RECORD_CREATED/CHANGED")
    instance.full_clean()
    instance.save()
    audit_record(
        actor=by,
        action=(RECORD_CREATED if adding else RECORD_CHANGED)[type(instance)],
        target=instance,
        data={"fields": changed or []},
    )
    return instance


def _refuse_non_full(member: Member, what: str) -> None:
    if member.category != Member.Category.FULL or member.status != Member.Status.ACTIVE:
        raise ValidationError(
            _("%(member)s cannot %(what)s: only active Full members can.") % {"member": member.name, "what": what}
        )


@transaction.atomic
def host_bid_submit(*, general_assembly: GeneralAssembly, member: Member, by, proposal: str = "") -> HostBid:
    """A Full member bids to host a General Assembly."""
    _refuse_non_full(member, _("bid to host a General Assembly"))
    if general_assembly.host_id:
        raise ValidationError(_("The host of this General Assembly is already confirmed."))
    if HostBid.objects.filter(general_assembly=general_assembly, member=member).exists():
        raise ValidationError(_("%(member)s has already bid for this General Assembly.") % {"member": member.name})
    bid = HostBid.objects.create(general_assembly=general_assembly, member=member, proposal=proposal)
    audit_record(actor=by, action="governance.host_bid.submitted", target=bid, data={"member": member.pk})
    return bid


def _end_open_terms(*, office: str, before: dt.date) -> list[OfficeTerm]:
    """End the running terms of a single-holder office the day before `before`."""
    ended = []
    qs = OfficeTerm.objects.select_for_update().filter(office=office, term_start__lt=before).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=before)
    )
    for term in qs:
        term.term_end = max(term.term_start, before - dt.timedelta(days=1))
        term.save(update_fields=["term_end"])
        ended.append(term)
    return ended


@transaction.atomic
def office_term_record(
    *, office: str, member: Member, basis: str, term_start: dt.date, by, term_end: dt.date | None = None,
    general_assembly=None, election=None, host_bid=None, nomination_reference: str = "",
    appointment_reference: str = "", appointed_on: dt.date | None = None,
) -> OfficeTerm:
    """Record a member's term in an office. For the President and the Executive Vice President (one
    holder at a time) the running term of the previous holder ends the day before."""
    if term_end and term_end < term_start:
        raise ValidationError(_("A term cannot end before it starts."))
    if office in (OfficeTerm.Office.PRESIDENT, OfficeTerm.Office.EXECUTIVE_VICE_PRESIDENT):
        _end_open_terms(office=office, before=term_start)
        if OfficeTerm.objects.filter(office=office, term_start=term_start).exists():
            raise ValidationError(_("Another member's term in this office starts on the same day."))
    elif OfficeTerm.objects.filter(office=office, member=member, term_end__isnull=True).exists():
        raise ValidationError(_("%(member)s already holds this office.") % {"member": member.name})
    term = OfficeTerm(
        office=office, member=member, basis=basis, term_start=term_start, term_end=term_end,
        general_assembly=general_assembly, election=election, host_bid=host_bid,
        nomination_reference=nomination_reference, appointment_reference=appointment_reference, appointed_on=appointed_on,
    )
    term.full_clean()
    term.save()
    audit_record(
        actor=by, action="governance.office_term.recorded", target=term,
        data={"office": office, "member": member.pk, "basis": basis, "term_start": term_start, "term_end": term_end},
    )
    return term


@transaction.atomic
def vice_president_appoint(
    *, member: Member, by, term_start: dt.date, term_end: dt.date | None, nomination_reference: str,
    appointment_reference: str, appointed_on: dt.date | None = None,
) -> OfficeTerm:
    """Appoint a Vice President City: nominated by the Executive Committee, appointed by the President City."""
    _refuse_non_full(member, _("be appointed Vice President City"))
    if not nomination_reference.strip():
        raise ValidationError(_("Give the Executive Committee decision that nominated this Vice President City."))
    if not appointment_reference.strip():
        raise ValidationError(_("Give the President City's appointment (letter or decision)."))
    return office_term_record(
        office=OfficeTerm.Office.VICE_PRESIDENT, member=member, basis=OfficeTerm.Basis.APPOINTED, term_start=term_start,
        term_end=term_end, by=by, nomination_reference=nomination_reference.strip(),
        appointment_reference=appointment_reference.strip(), appointed_on=appointed_on or term_start,
    )


@transaction.atomic
def office_term_end(*, term: OfficeTerm, by, ended_on: dt.date) -> OfficeTerm:
    """End a term early (a resignation, a withdrawal from WeGO)."""
    term = OfficeTerm.objects.select_for_update().get(pk=term.pk)
    if ended_on < term.term_start:
        raise ValidationError(_("A term cannot end before it starts."))
    if term.term_end and term.term_end < ended_on:
        raise ValidationError(_("This term has already ended."))
    term.term_end = ended_on
    term.save(update_fields=["term_end"])
    audit_record(actor=by, action="governance.office_term.ended", target=term, data={"ended_on": ended_on})
    return term


@transaction.atomic
def host_bid_confirm(*, bid: HostBid, by, decided_on: dt.date | None = None, source=None) -> HostBid:
    """Confirm the host of a General Assembly: the bidder becomes its host and, automatically, the
    Executive Vice President City until that General Assembly; the other bids are not retained.

    "The host of the next General Assembly is automatically appointed as the Executive Vice President City."
    The term records its source: the host bid, and the vote that confirmed it when `source` is the accepted
    motion (a confirmation entered by the Secretariat has the bid only)."""
    bid = HostBid.objects.select_for_update().select_related("member").get(pk=bid.pk)
    decided_on = decided_on or timezone.localdate()
    # The General Assembly is read under its lock before the table asks whether it has a host.
    bid.general_assembly = GeneralAssembly.objects.select_for_update().get(pk=bid.general_assembly_id)
    HOST_BID.check(bid, "confirm")  # a submitted bid, for a General Assembly with no host yet
    ga = bid.general_assembly
    bid.status = HostBid.Status.CONFIRMED
    bid.decided_on = decided_on
    bid.save(update_fields=["status", "decided_on"])
    HostBid.objects.filter(general_assembly=ga, status=HostBid.Status.SUBMITTED).update(
        status=HostBid.Status.NOT_RETAINED, decided_on=decided_on
    )
    ga.host = bid.member
    if not ga.place:
        ga.place = bid.member.name
    ga.save(update_fields=["host", "place"])
    term_end = ga.ends_on if ga.ends_on and ga.ends_on >= decided_on else None
    confirming_vote = getattr(source, "election", None) if isinstance(source, Motion) else None
    office_term_record(
        office=OfficeTerm.Office.EXECUTIVE_VICE_PRESIDENT, member=bid.member, basis=OfficeTerm.Basis.HOST,
        term_start=decided_on, term_end=term_end, by=by, general_assembly=ga, host_bid=bid, election=confirming_vote,
    )
    audit_record(
        actor=by, action="governance.host_bid.confirmed", target=bid,
        data={"member": bid.member_id, "general_assembly": ga.number, "source": str(source) if source else "secretariat"},
    )
    return bid


@transaction.atomic
def committee_seat_record(
    *, member: Member, term_start: dt.date, by, term_end: dt.date | None = None, general_assembly=None, election=None,
    note: str = "",
) -> ExecutiveCommitteeSeat:
    """Give a member a seat on the Executive Committee; refuses a 21st seat for the same term."""
    if term_end and term_end < term_start:
        raise ValidationError(_("A term cannot end before it starts."))
    # Serialise seat counting: lock the seats of the overlapping terms.
    overlapping = ExecutiveCommitteeSeat.objects.select_for_update().filter(term_start__lte=term_end or dt.date.max).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=term_start)
    )
    seats = list(overlapping)
    if any(s.member_id == member.pk for s in seats):
        raise ValidationError(_("%(member)s already has a seat on the Executive Committee for this term.") % {"member": member.name})
    if len(seats) >= EXECUTIVE_COMMITTEE_MAX:
        raise ValidationError(
            _("The Executive Committee has %(max)s seats at most, and %(count)s are taken for this term.")
            % {"max": EXECUTIVE_COMMITTEE_MAX, "count": len(seats)}
        )
    seat = ExecutiveCommitteeSeat(
        member=member, term_start=term_start, term_end=term_end, general_assembly=general_assembly, election=election, note=note
    )
    seat.full_clean()
    seat.save()
    audit_record(actor=by, action="governance.committee_seat.recorded", target=seat,
                 data={"member": member.pk, "term_start": term_start, "term_end": term_end})
    return seat


@transaction.atomic
def attendance_record(*, meeting: Meeting, member: Member, by, delegate=None, delegate_name: str = "") -> Attendance:
    """Record that a member attended a meeting, through which delegate."""
    if delegate is not None:
        if not (is_delegate(delegate, member) or is_focal_point(delegate, member)):
            raise ValidationError(
                _("%(user)s does not represent %(member)s: choose one of its delegates.") % {"user": delegate, "member": member.name}
            )
        delegate_name = delegate_name or str(delegate)
    attendance, created = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults={"delegate": delegate, "delegate_name": delegate_name}
    )
    audit_record(actor=by, action="governance.attendance.recorded", target=attendance,
                 data={"member": member.pk, "delegate": getattr(delegate, "pk", None), "created": created})
    return attendance


@transaction.atomic
def decision_record(
    *, meeting: Meeting, text: str, decided_on: dt.date, by, agenda_item=None, motion=None
) -> Decision:
    """Record a decision of a meeting under the next number of that meeting."""
    if not text.strip():
        raise ValidationError(_("Write the text of the decision."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("The agenda item belongs to another meeting."))
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    number = (Decision.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision.objects.create(
        meeting=meeting, number=number, agenda_item=agenda_item, text=text.strip(), decided_on=decided_on, motion=motion
    )
    audit_record(actor=by, action="governance.decision.recorded", target=decision,
                 data={"number": number, "agenda_item": getattr(agenda_item, "pk", None), "motion": getattr(motion, "pk", None)})
    return decision
