"""Applications: submission, nomination by the focal point, acceptance, the waiting list and timed seat offers."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.audit import audit_record

from ..models import (
    Application,
    Program,
    Session,
)
from ..permissions import can_cancel_application, can_nominate, is_applicant
from ..workflows import APPLICATION
from .base import (
    S,
    _lock_application,
    _lock_session,
    _notify,
    _release_seat,
    _require_organiser,
    _take_seat,
)

__all__ = [
    "eligibility_error",
    "member_eligibility_error",
    "program_eligibility_error",
    "application_submit",
    "APPLICATION_EDITABLE",
    "application_update",
    "application_nominate",
    "application_not_nominate",
    "nominations_rank",
    "application_accept",
    "application_waitlist",
    "session_allocate",
    "application_decline",
    "application_cancel",
    "offer_accept",
    "offer_decline",
    "offer_lapse",
    "offers_expire",
]

# --- Applications ----------------------------------------------------------------------------------------


def eligibility_error(*, session: Session, user, member: Member | None) -> str | None:
    """Why `user` (acting for `member`, or for no member) may not apply to `session`; None if they may."""
    if member is not None and not Affiliation.objects.of(member).filter(user=user).exists():
        return _("You do not act for %(member)s.") % {"member": member.name}
    return member_eligibility_error(session=session, member=member)


def member_eligibility_error(*, session: Session, member: Member | None) -> str | None:
    """Why the officials of `member` (None: someone acting for no member) may not apply to `session`,
    whoever they are; None if they may. Reads no row beyond the session's program and reserved city, so
    a list of sessions (the help offered for a CeDS gap) is checked without a query per session."""
    problem = program_eligibility_error(program=session.program, member=member)
    if problem:
        return problem
    if session.reserved_for_id and (member is None or member.pk != session.reserved_for_id):
        return _("This session is reserved for the officials of %(member)s.") % {"member": cast(Member, session.reserved_for).name}
    return None


def program_eligibility_error(*, program: Program, member: Member | None) -> str | None:
    """Why the officials of `member` (None: someone acting for no member) may not join `program`
    (members only); None if they may. Reads no row."""
    if program.members_only:
        if member is None:
            return _(
                "%(program)s is open to WeGO members only, and you do not act for a WeGO member. "
                "If your city is a member, ask its focal point to add you as an official; if it is not, "
                "it can apply for membership."
            ) % {"program": program.name}
        if not member.is_active_member:
            return _(
                "%(program)s is open to WeGO members only, and the membership of %(member)s is %(status)s."
            ) % {"program": program.name, "member": member.name, "status": member.get_status_display().lower()}
    return None


@transaction.atomic
def application_submit(*, session: Session, applicant, member: Member | None = None, data: dict) -> Application:
    """An official applies to a session. A member's applicant then waits for the focal point's nomination;
    a non-member's application to an open program goes straight to the organiser."""
    session = Session.objects.select_related("program", "reserved_for").get(pk=session.pk)
    if not session.accepts_applications():
        raise ValidationError(_("Applications to %(session)s are closed.") % {"session": session.title})
    problem = eligibility_error(session=session, user=applicant, member=member)
    if problem:
        raise ValidationError(problem, code="not_eligible")
    if member is None and Affiliation.objects.filter(user=applicant, member__in=Member.objects.active()).exists():
        raise ValidationError(
            _("Apply for the member organisation you work for, so that its focal point can nominate you."),
            code="member_required",
        )
    if session.program.prerequisites and not data.get("prerequisites_confirmed"):
        raise ValidationError(
            _("Please confirm that you meet the prerequisites: %(prerequisites)s")
            % {"prerequisites": session.program.prerequisites}
        )
    if Application.objects.filter(session=session, applicant=applicant).exists():
        raise ValidationError(_("You have already applied to this session."), code="duplicate")
    fields = {
        k: data.get(k) for k in ("job_title", "motivation", "organisation", "prerequisites_confirmed") if k in data
    }
    if session.is_in_person:
        fields.update(
            {
                k: data[k]
                for k in ("dietary_needs", "accessibility_needs", "visa_needed", "nationality", "passport_name",
                          "arrival_on", "departure_on")
                if k in data and data[k] is not None
            }
        )
    now = timezone.now()
    application = Application(session=session, applicant=applicant, member=member, submitted_at=now, **fields)
    if member is None:
        application.status = S.NOMINATED
        application.nominated_at = now
        application.organisation = application.organisation or applicant.get_full_name()
    application.full_clean(exclude=["session", "applicant"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("You have already applied to this session."), code="duplicate")
    audit_record(actor=applicant, action="training.application.submitted", target=application,
                 data={"session": session.pk, "member": member.pk if member else None})
    if member is not None:
        for focal in Affiliation.objects.focal_points().of(member).select_related("user"):
            if focal.user_id != applicant.pk:
                _notify(focal.user, "nomination_needed", {"application": application, "session": session, "member": member})
    return application


APPLICATION_EDITABLE = (
    "organisation", "job_title", "motivation", "prerequisites_confirmed", "dietary_needs", "accessibility_needs",
    "visa_needed", "nationality", "passport_name", "arrival_on", "departure_on",
)


@transaction.atomic
def application_update(*, application: Application, by, **fields) -> Application:
    """Correct what an applicant wrote (the Secretariat, in the admin): job, motivation, travel and visa
    details. The status and the seats change only through the transitions."""
    unknown = set(fields) - set(APPLICATION_EDITABLE)
    if unknown:
        raise ValidationError(_("These details cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    application = _lock_application(application)
    changed = {name: value for name, value in fields.items() if getattr(application, name) != value}
    if not changed:
        return application
    old = {name: _plain(getattr(application, name)) for name in changed}
    for name, value in changed.items():
        setattr(application, name, value)
    others = [f.name for f in Application._meta.get_fields() if f.concrete and f.name not in changed]
    application.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    application.save(update_fields=list(changed))
    audit_record(actor=by, action="training.application.changed", target=application,
                 data={"fields": sorted(changed), "old": old, "new": {k: _plain(v) for k, v in changed.items()}})
    return application


def _plain(value):
    """A value for the audit entry's JSON: a country by its code."""
    code = getattr(value, "code", None)
    return code if code is not None else value


def _nominations_used(session: Session, member: Member) -> int:
    return Application.objects.filter(
        session=session, member=member, status__in=[S.NOMINATED, S.WAITLISTED, S.OFFERED, S.ACCEPTED]
    ).count()


@transaction.atomic
def application_nominate(*, application: Application, by) -> Application:
    """The member's focal point nominates an applicant (placed last in the member's ranking).

    Refused for another member's applicant, after the session has started, or beyond the session's
    nominations per member.
    """
    session = _lock_session(application.session)
    application = _lock_application(application, session=session)
    if not can_nominate(by, application):
        raise PermissionDenied(_("Only the focal point of the applicant's member may nominate."))
    APPLICATION.check(application, "nominate")
    # The quota counts the member's other nominations: the service checks it, under the session's lock.
    quota = session.nominations_per_member
    member = cast(Member, application.member)  # can_nominate: the applicant acts for a member
    if quota and _nominations_used(session, member) >= quota:
        raise ValidationError(
            _("%(member)s may nominate at most %(quota)s applicants for this session.")
            % {"member": member.name, "quota": quota}
        )
    last = Application.objects.filter(session=session, member=application.member, status=S.NOMINATED).aggregate(
        m=Max("nomination_rank")
    )["m"]
    application.status = S.NOMINATED
    application.nomination_rank = (last or 0) + 1
    application.nominated_at = timezone.now()
    application.nominated_by = by
    application.reason = ""
    application.save(update_fields=["status", "nomination_rank", "nominated_at", "nominated_by", "reason"])
    audit_record(actor=by, action="training.application.nominated", target=application, data={"rank": application.nomination_rank})
    _notify(application.applicant, "nominated", {"application": application, "session": session})
    return application


@transaction.atomic
def application_not_nominate(*, application: Application, by, reason: str = "") -> Application:
    """The focal point does not nominate an applicant (or withdraws a nomination the organiser has not decided)."""
    session = _lock_session(application.session)
    application = _lock_application(application, session=session)
    if not can_nominate(by, application):
        raise PermissionDenied(_("Only the focal point of the applicant's member may nominate."))
    APPLICATION.check(application, "not_nominate")
    application.status = S.NOT_NOMINATED
    application.nomination_rank = None
    application.reason = reason
    application.save(update_fields=["status", "nomination_rank", "reason"])
    _renumber_ranks(session, cast(Member, application.member))
    audit_record(actor=by, action="training.application.not_nominated", target=application, data={"reason": reason})
    _notify(application.applicant, "not_nominated", {"application": application, "session": session, "reason": reason})
    return application


def _renumber_ranks(session: Session, member: Member, order: list[int] | None = None) -> None:
    """Rank the member's nominated applicants 1..n (in `order` if given, else keeping their order)."""
    nominated = list(
        Application.objects.filter(session=session, member=member, status=S.NOMINATED).order_by(
            F("nomination_rank").asc(nulls_last=True), "nominated_at", "pk"
        )
    )
    if order is not None:
        position = {pk: i for i, pk in enumerate(order)}
        nominated.sort(key=lambda a: position[a.pk])
    Application.objects.filter(pk__in=[a.pk for a in nominated]).update(nomination_rank=None)
    for rank, app in enumerate(nominated, start=1):
        Application.objects.filter(pk=app.pk).update(nomination_rank=rank)


@transaction.atomic
def nominations_rank(*, session: Session, member: Member, order: list[int], by) -> None:
    """The focal point orders the member's nominated applicants (`order`: their ids, first = preferred)."""
    session = _lock_session(session)
    if not (is_secretariat(by) or Affiliation.objects.focal_points().of(member).filter(user=by).exists()):
        raise PermissionDenied(_("Only the focal point of %(member)s may rank its applicants.") % {"member": member.name})
    nominated = set(Application.objects.filter(session=session, member=member, status=S.NOMINATED).values_list("pk", flat=True))
    if set(order) != nominated or len(order) != len(nominated):
        raise ValidationError(_("Rank every nominated applicant of %(member)s exactly once.") % {"member": member.name})
    _renumber_ranks(session, member, order=list(order))
    audit_record(actor=by, action="training.nominations.ranked", target=session, data={"member": member.pk, "order": list(order)})


@transaction.atomic
def application_accept(*, application: Application, by) -> Application:
    """The organiser gives a nominated (or waiting) applicant a seat; refused when none is left."""
    session = _lock_session(application.session)
    _require_organiser(by, session)
    application = _lock_application(application, session=session)
    APPLICATION.check(application, "accept")
    _take_seat(session)
    now = timezone.now()
    application.status = S.ACCEPTED
    application.waitlist_position = None
    application.decided_at = application.accepted_at = now
    application.decided_by = by
    application.save(update_fields=["status", "waitlist_position", "decided_at", "accepted_at", "decided_by"])
    audit_record(actor=by, action="training.application.accepted", target=application, data={"seats_taken": session.seats_taken})
    _notify(application.applicant, "accepted", {"application": application, "session": session})
    return application


def _next_waitlist_position(session: Session) -> int:
    last = Application.objects.filter(session=session, status=S.WAITLISTED).aggregate(m=Max("waitlist_position"))["m"]
    return (last or 0) + 1


@transaction.atomic
def application_waitlist(*, application: Application, by) -> Application:
    """The organiser puts a nominated applicant at the end of the waiting list.

    Nobody waits while a seat is free: if one is, it is offered to the head of the list at once (that is
    this applicant, since a free seat leaves nobody else waiting), who then gets the offer, not a place.
    """
    session = _lock_session(application.session)
    _require_organiser(by, session)
    application = _lock_application(application, session=session)
    APPLICATION.check(application, "waitlist")
    application.status = S.WAITLISTED
    application.waitlist_position = _next_waitlist_position(session)
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "waitlist_position", "decided_at", "decided_by"])
    audit_record(actor=by, action="training.application.waitlisted", target=application, data={"position": application.waitlist_position})
    offered = _offer_free_seats(session=session, by=by)
    for head in offered:
        if head.pk == application.pk:
            return head
    _notify(application.applicant, "waitlisted", {"application": application, "session": session})
    return application


@transaction.atomic
def session_allocate(*, session: Session, by) -> dict[str, int]:
    """Accept nominated applicants up to the capacity and put the rest on the waiting list, in order:
    every member's first choice before any second choice, then by nomination time."""
    session = _lock_session(session)
    _require_organiser(by, session)
    nominated = list(
        Application.objects.filter(session=session, status=S.NOMINATED)
        .select_related("applicant")
        .order_by(F("nomination_rank").asc(nulls_first=True), "nominated_at", "pk")
    )
    accepted = waitlisted = 0
    for app in nominated:
        if session.seats_taken < session.capacity:
            application_accept(application=app, by=by)
            session.seats_taken += 1
            accepted += 1
        else:
            application_waitlist(application=app, by=by)
            waitlisted += 1
    audit_record(actor=by, action="training.session.allocated", target=session, data={"accepted": accepted, "waitlisted": waitlisted})
    return {"accepted": accepted, "waitlisted": waitlisted}


def _offer_deadline(session: Session, now: dt.datetime) -> dt.datetime:
    """Now plus the session's offer hours, but no later than the session's first morning (when that
    leaves at least an hour to answer): an offer must be answered before the training begins."""
    deadline = now + dt.timedelta(hours=session.effective_offer_hours)
    first_morning = timezone.make_aware(dt.datetime.combine(session.starts_on, dt.time(0, 0)))
    if now + dt.timedelta(hours=1) <= first_morning < deadline:
        return first_morning
    return deadline


def _offer_free_seats(*, session: Session, by=None) -> list[Application]:
    """Offer every free seat to the head of the waiting list. Call with the session row locked."""
    offered: list[Application] = []
    if session.status != Session.Status.PUBLISHED or session.has_ended():
        return offered
    while session.seats_taken < session.capacity:
        head = (
            Application.objects.select_for_update(of=("self",))
            .filter(session=session, status=S.WAITLISTED)
            .select_related("applicant")
            .order_by("waitlist_position", "pk")
            .first()
        )
        if head is None:
            break
        _take_seat(session)
        now = timezone.now()
        head.status = S.OFFERED
        head.waitlist_position = None
        head.offered_at = now
        head.offer_expires_at = _offer_deadline(session, now)
        head.save(update_fields=["status", "waitlist_position", "offered_at", "offer_expires_at"])
        audit_record(actor=by, action="training.application.offered", target=head,
                     data={"expires_at": head.offer_expires_at})
        _notify(head.applicant, "offer", {"application": head, "session": session})
        offered.append(head)
    return offered


def _close_with_seat(*, session: Session, application: Application, status: str, by, reason: str, action: str) -> list[Application]:
    """Move `application` to a closing status, free its seat if it held one, offer seats to the waiting list."""
    held = application.holds_seat
    application.status = status
    application.reason = reason
    application.closed_at = timezone.now()
    application.waitlist_position = None
    application.nomination_rank = None
    application.save(update_fields=["status", "reason", "closed_at", "waitlist_position", "nomination_rank"])
    offered: list[Application] = []
    if held:
        _release_seat(session)
        offered = _offer_free_seats(session=session, by=by)
    audit_record(actor=by, action=action, target=application,
                 data={"reason": reason, "freed_seat": held, "offered": [a.pk for a in offered]})
    return offered


@transaction.atomic
def application_decline(*, application: Application, by, reason: str = "") -> Application:
    """The organiser declines an application; a seat it held goes to the waiting list."""
    session = _lock_session(application.session)
    _require_organiser(by, session)
    application = _lock_application(application, session=session)
    APPLICATION.check(application, "decline")
    _close_with_seat(session=session, application=application, status=S.DECLINED, by=by, reason=reason,
                     action="training.application.declined")
    if application.member_id:
        _renumber_ranks(session, cast(Member, application.member))
    _notify(application.applicant, "declined", {"application": application, "session": session, "reason": reason})
    return application


@transaction.atomic
def application_cancel(*, application: Application, by, reason: str = "") -> Application:
    """The applicant withdraws (until the session ends); a seat they held goes to the waiting list."""
    session = _lock_session(application.session)
    application = _lock_application(application, session=session)
    if by is not None and not can_cancel_application(by, application):
        raise PermissionDenied(_("Only the applicant may cancel this application."))
    APPLICATION.check(application, "cancel")
    _close_with_seat(session=session, application=application, status=S.CANCELLED, by=by, reason=reason,
                     action="training.application.cancelled")
    if application.member_id:
        _renumber_ranks(session, cast(Member, application.member))
    return application


@transaction.atomic
def offer_accept(*, application: Application, by) -> Application:
    """The applicant takes the seat offered to them, before the offer's deadline."""
    session = _lock_session(application.session)
    application = _lock_application(application, session=session)
    if by is not None and not is_applicant(by, application):
        raise PermissionDenied(_("Only the applicant may answer this offer."))
    now = timezone.now()
    APPLICATION.check(application, "offer_accept", now=now)
    application.status = S.ACCEPTED
    application.accepted_at = now
    application.save(update_fields=["status", "accepted_at"])
    audit_record(actor=by, action="training.offer.accepted", target=application)
    _notify(application.applicant, "accepted", {"application": application, "session": session})
    return application


@transaction.atomic
def offer_decline(*, application: Application, by) -> Application:
    """The applicant turns the offered seat down; it goes to the next on the waiting list."""
    session = _lock_session(application.session)
    application = _lock_application(application, session=session)
    if by is not None and not is_applicant(by, application):
        raise PermissionDenied(_("Only the applicant may answer this offer."))
    APPLICATION.check(application, "offer_decline")
    _close_with_seat(session=session, application=application, status=S.OFFER_DECLINED, by=by, reason="",
                     action="training.offer.declined")
    return application


@transaction.atomic
def offer_lapse(*, application_id: int, now: dt.datetime | None = None) -> bool:
    """Lapse one offer past its deadline and offer the seat to the next. Idempotent: an offer already
    answered, lapsed or still open is left alone (returns False)."""
    now = now or timezone.now()
    application = Application.objects.filter(pk=application_id).only("session_id").first()
    if application is None:
        return False
    session = _lock_session(Session(pk=application.session_id))
    application = _lock_application(application, session=session)
    try:
        APPLICATION.check(application, "offer_lapse", now=now)
    except ValidationError:
        return False  # answered, lapsed already, or still open
    _close_with_seat(session=session, application=application, status=S.OFFER_LAPSED, by=None,
                     reason=_("No answer before the offer's deadline."), action="training.offer.lapsed")
    _notify(application.applicant, "offer_lapsed", {"application": application, "session": session})
    return True


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Lapse every offer past its deadline, each in its own transaction. Returns how many lapsed."""
    now = now or timezone.now()
    ids = list(
        Application.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in ids if offer_lapse(application_id=pk, now=now))
