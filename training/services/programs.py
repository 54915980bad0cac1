"""Programs and sessions (publish, cancel), and the cities' requests for an eGovFrame training."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.audit import audit_record
from wego.models import Topic
from wego.topics import topic_codes_check

from ..models import (
    Application,
    Program,
    Session,
    TrainingRequest,
)
from ..workflows import SESSION, TRAINING_REQUEST
from .applications import _offer_free_seats
from .base import S, _lock_session, _notify, _require_organiser

__all__ = [
    "program_save",
    "session_save",
    "session_agenda_save",
    "session_publish",
    "session_cancel",
    "training_request_submit",
    "training_request_schedule",
    "training_request_decline",
    "training_request_withdraw",
    "TRAINING_REQUEST_EDITABLE",
    "training_request_update",
]

# --- Programs and sessions -------------------------------------------------------------------------------


def _topic_codes(topics: Iterable[Topic | str]) -> list[str]:
    """Topic codes from codes or Topic rows, refused with the vocabulary's message if one is unknown."""
    return topic_codes_check(t if isinstance(t, str) else t.code for t in topics)


def _topics_set(obj: Program | Session, codes: list[str], *, created: bool) -> dict:
    """Link `obj` to the topics of `codes`; the audit data of the change (empty if none)."""
    before = [] if created else sorted(obj.topics.values_list("code", flat=True))
    obj.topics.set(Topic.objects.filter(code__in=codes))
    after = sorted(codes)
    return {"topics": after, "topics_before": before} if after != before else {}


@transaction.atomic
def program_save(
    *, program: Program, by, partners=None, topics: Iterable[Topic | str] | None = None
) -> Program:
    """Create or change a program (admin). `partners`, when given, become the program's partners, and
    `topics` (codes or wego.Topic rows of the portal's vocabulary; an unknown code is refused) its
    topics; the audit entry names what changed. What is not given is left as it is."""
    codes = _topic_codes(topics) if topics is not None else None
    created = program.pk is None
    program.full_clean()
    program.save()
    data: dict = {}
    if codes is not None:
        data.update(_topics_set(program, codes, created=created))
    if partners is not None:
        before = set(program.partners.values_list("pk", flat=True)) if not created else set()
        program.partners.set(partners)
        after = set(program.partners.values_list("pk", flat=True))
        if after != before:
            data.update({"partners": sorted(after), "partners_before": sorted(before)})
    audit_record(actor=by, action="training.program.created" if created else "training.program.changed", target=program,
                 data=data)
    return program


@transaction.atomic
def session_save(*, session: Session, by, topics: Iterable[Topic | str] | None = None) -> Session:
    """Create or change a session. The capacity cannot drop below the seats already given; a larger
    capacity offers the new seats to the waiting list at once. `topics`, when given (codes or
    wego.Topic rows; an unknown code is refused), become the session's own topics: none means it
    teaches its program's."""
    codes = _topic_codes(topics) if topics is not None else None
    created = session.pk is None
    offered: list[Application] = []
    if not created:
        current = _lock_session(session)
        if session.capacity < current.seats_taken:
            raise ValidationError(
                _("%(taken)s seats are already taken: the capacity cannot be lower.") % {"taken": current.seats_taken}
            )
        session.seats_taken = current.seats_taken
    session.full_clean()
    session.save()
    topic_data = _topics_set(session, codes, created=created) if codes is not None else {}
    if not created:
        offered = _offer_free_seats(session=session, by=by)
    audit_record(
        actor=by,
        action="training.session.created" if created else "training.session.changed",
        target=session,
        data={"capacity": session.capacity, "status": session.status, "offered": [a.pk for a in offered],
              **topic_data},
    )
    return session


@transaction.atomic
def session_agenda_save(*, session: Session, saved=(), deleted=(), by) -> Session:
    """Save new and changed points of a session's agenda and delete removed ones, in one audit entry."""
    saved, deleted = list(saved), list(deleted)
    if any(item.session_id != session.pk for item in [*saved, *deleted]):
        raise ValidationError(_("Edit the agenda of this session only."))
    if not (saved or deleted):
        return session
    for item in deleted:
        item.delete()
    for item in saved:
        item.full_clean()
        item.save()
    audit_record(actor=by, action="training.session.agenda_changed", target=session,
                 data={"saved": [str(item) for item in saved], "deleted": [str(item) for item in deleted]})
    return session


@transaction.atomic
def session_publish(*, session: Session, by) -> Session:
    """Show a draft session in the catalogue and open it for applications."""
    session = _lock_session(session)
    _require_organiser(by, session)
    SESSION.check(session, "publish")
    session.status = Session.Status.PUBLISHED
    session.save(update_fields=["status"])
    offered = _offer_free_seats(session=session, by=by)  # seats freed while it was a draft
    audit_record(actor=by, action="training.session.published", target=session, data={"offered": [a.pk for a in offered]})
    return session


@transaction.atomic
def session_cancel(*, session: Session, by, reason: str) -> Session:
    """Cancel a session that has not ended; every open application is closed and its applicant told."""
    session = _lock_session(session)
    _require_organiser(by, session)
    SESSION.check(session, "cancel")
    now = timezone.now()
    open_apps = list(session.applications.filter(status__in=Application.ACTIVE_STATUSES).select_related("applicant"))
    Application.objects.filter(pk__in=[a.pk for a in open_apps]).update(
        status=S.CANCELLED, closed_at=now, waitlist_position=None, nomination_rank=None,
        reason=_("The session was cancelled: %(reason)s") % {"reason": reason},
    )
    session.status = Session.Status.CANCELLED
    session.seats_taken = 0
    session.save(update_fields=["status", "seats_taken"])
    for app in open_apps:
        _notify(app.applicant, "session_cancelled", {"session": session, "reason": reason})
    audit_record(actor=by, action="training.session.cancelled", target=session, data={"reason": reason, "applications": len(open_apps)})
    return session


# --- City requests for an eGovFrame training -------------------------------------------------------------


@transaction.atomic
def training_request_submit(*, program: Program, member: Member, by, data: dict) -> TrainingRequest:
    """A member city (its focal point) asks for a training at its own place and dates."""
    if not program.accepts_city_requests:
        raise ValidationError(_("%(program)s is not run on request.") % {"program": program.name})
    if not (is_secretariat(by) or Affiliation.objects.focal_points().of(member).filter(user=by).exists()):
        raise PermissionDenied(_("Only the focal point of %(member)s may request a training.") % {"member": member.name})
    if program.members_only and not member.is_active_member:
        raise ValidationError(_("%(program)s is open to WeGO members only.") % {"program": program.name})
    if TrainingRequest.objects.filter(program=program, member=member, status=TrainingRequest.Status.SUBMITTED).exists():
        raise ValidationError(_("Your city already has an open request for this program."))
    request = TrainingRequest(program=program, member=member, requested_by=by, **data)
    request.full_clean(exclude=["program", "member", "requested_by"])
    request.save()
    audit_record(actor=by, action="training.request.submitted", target=request, data={"member": member.pk})
    return request


@transaction.atomic
def training_request_schedule(
    *, request: TrainingRequest, by, starts_on: dt.date, ends_on: dt.date, capacity: int,
    application_deadline: dt.datetime | None = None, venue: str = "", city: str = "", country: str = "",
    language: str = "", publish: bool = True,
) -> Session:
    """The Secretariat turns a city's request into a session at the agreed place and dates, reserved
    for the city's officials (and published unless told otherwise)."""
    request = TrainingRequest.objects.select_for_update().select_related("program", "member").get(pk=request.pk)
    if not is_secretariat(by) and by is not None:
        raise PermissionDenied(_("Only the Secretariat schedules requested trainings."))
    TRAINING_REQUEST.check(request, "schedule")
    member = request.member
    at_home = request.location == TrainingRequest.Location.HOME
    deadline = application_deadline or timezone.make_aware(
        dt.datetime.combine(starts_on - dt.timedelta(days=7), dt.time(23, 59))
    )
    session = Session(
        program=request.program,
        title=_("%(program)s — %(member)s %(year)s") % {"program": request.program.name, "member": member.name, "year": starts_on.year},
        starts_on=starts_on,
        ends_on=ends_on,
        mode=Session.Mode.IN_PERSON,
        venue=venue or request.venue,
        city=city or (member.name if at_home else "Seoul"),
        country=country or (str(member.country) if at_home else "KR"),
        host_member=member if at_home else None,
        reserved_for=member,
        language=language or request.language,
        capacity=capacity,
        application_deadline=deadline,
        status=Session.Status.PUBLISHED if publish else Session.Status.DRAFT,
    )
    session.full_clean()
    session.save()
    request.status = TrainingRequest.Status.SCHEDULED
    request.session = session
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "session", "decided_by", "decided_at"])
    audit_record(actor=by, action="training.request.scheduled", target=request, data={"session": session.pk})
    _notify(request.requested_by, "request_scheduled", {"request": request, "session": session})
    return session


@transaction.atomic
def training_request_decline(*, request: TrainingRequest, by, note: str) -> TrainingRequest:
    """The Secretariat declines a request, telling the city why."""
    request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    TRAINING_REQUEST.check(request, "decline")
    request.status = TrainingRequest.Status.DECLINED
    request.decision_note = note
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit_record(actor=by, action="training.request.declined", target=request, data={"note": note})
    _notify(request.requested_by, "request_declined", {"request": request})
    return request


@transaction.atomic
def training_request_withdraw(*, request: TrainingRequest, by) -> TrainingRequest:
    """The city withdraws its request before the Secretariat decides."""
    request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    TRAINING_REQUEST.check(request, "withdraw")
    request.status = TrainingRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    audit_record(actor=by, action="training.request.withdrawn", target=request)
    return request


TRAINING_REQUEST_EDITABLE = (
    "location", "venue", "preferred_start", "preferred_end", "participants_expected", "language", "notes",
    "decision_note",
)


@transaction.atomic
def training_request_update(*, request: TrainingRequest, by, **fields) -> TrainingRequest:
    """Correct a city's request (the Secretariat, in the admin): place, dates, developers, language,
    notes, the note to the city. Its status changes only through schedule, decline and withdraw."""
    unknown = set(fields) - set(TRAINING_REQUEST_EDITABLE)
    if unknown:
        raise ValidationError(_("These details cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
    changed = {name: value for name, value in fields.items() if getattr(request, name) != value}
    if not changed:
        return request
    old = {name: getattr(request, name) for name in changed}
    for name, value in changed.items():
        setattr(request, name, value)
    request.full_clean(validate_unique=False)
    request.save(update_fields=list(changed))
    audit_record(actor=by, action="training.request.changed", target=request,
                 data={"fields": sorted(changed), "old": old, "new": changed})
    return request
