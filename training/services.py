"""Every write of the training app: keyword-only arguments, atomic, audited.

Seats. Accepted applications and open offers hold a seat. Every change of who holds a seat locks the
session row (`select_for_update`) and moves `Session.seats_taken` with a conditional `F()` update; a
check constraint (`seats_taken <= capacity`) makes the database itself refuse a seat too many, so the
last seat can never be given twice, whatever the interleaving.

Waiting list. Nobody waits while a seat is free. When a seat is freed (a cancellation, a decline by the
organiser, an offer declined or lapsed, a larger capacity, a draft session published again) or an
applicant is put on the list while a seat is free, the first applicant on the waiting list is offered it
with a deadline (`Session.offer_hours`, else the TRAINING_OFFER_HOURS setting, 48 hours by default);
the beat task `training.tasks.expire_offers_task` lapses offers past their deadline and offers the seat
to the next. tests/training/test_waitlist_invariant.py checks this over random sequences of services.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.audit import audit_record

from .models import (
    Application,
    Attendance,
    Certificate,
    Feedback,
    Program,
    Session,
    SupportAttachment,
    SupportMessage,
    SupportRequest,
    TrainingRequest,
)
from .permissions import can_nominate, can_organise, is_support_team

S = Application.Status

# --- Helpers ---------------------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    """Lock the session row for this transaction and return it fresh (with its program)."""
    return Session.objects.select_for_update(of=("self",)).select_related("program").get(pk=session.pk)


def _lock_application(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("member").get(pk=application.pk)


def _take_seat(session: Session) -> None:
    """Give one seat away, or refuse when none is left. Call with the session row locked.

    The count of seat-holding applications is checked first for a clear message; the conditional
    update and the check constraint on `seats_taken` are the database's own guard.
    """
    holding = Application.objects.filter(session=session, status__in=Application.SEAT_STATUSES).count()
    if holding >= session.capacity:
        raise ValidationError(_("No seat is left in %(session)s.") % {"session": session.title})
    try:
        with transaction.atomic():
            updated = Session.objects.filter(pk=session.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            )
    except IntegrityError:
        updated = 0
    if not updated:
        raise ValidationError(_("No seat is left in %(session)s.") % {"session": session.title})
    session.seats_taken += 1


def _release_seat(session: Session) -> None:
    Session.objects.filter(pk=session.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    session.seats_taken = max(0, session.seats_taken - 1)


def _refuse(application: Application, allowed: Iterable[str], message: str) -> None:
    if application.status not in allowed:
        raise ValidationError(message % {"status": application.get_status_display().lower()})


def _require_organiser(by, session: Session) -> None:
    if by is not None and not can_organise(by, session):
        raise PermissionDenied(_("Only the organiser of this session may do this."))


def _base_url() -> str:
    return getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")


def _notify(user, template: str, context: dict) -> None:
    """Mail `user` (in their language) once the transaction commits."""
    from wego.mail import queue_templated_email

    if user is None or not getattr(user, "email", ""):
        return
    queue_templated_email(
        to=[user.email],
        template=f"training/email/{template}",
        context={"user": user, "base_url": _base_url(), **context},
        language=getattr(user, "preferred_language", None),
    )


# --- Programs and sessions -------------------------------------------------------------------------------


@transaction.atomic
def program_save(*, program: Program, by) -> Program:
    """Create or change a program (admin). Partners are saved by the caller after this."""
    created = program.pk is None
    program.full_clean()
    program.save()
    audit_record(actor=by, action="training.program.created" if created else "training.program.changed", target=program)
    return program


@transaction.atomic
def session_save(*, session: Session, by) -> Session:
    """Create or change a session. The capacity cannot drop below the seats already given; a larger
    capacity offers the new seats to the waiting list at once."""
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
    if not created:
        offered = _offer_free_seats(session=session, by=by)
    audit_record(
        actor=by,
        action="training.session.created" if created else "training.session.changed",
        target=session,
        data={"capacity": session.capacity, "status": session.status, "offered": [a.pk for a in offered]},
    )
    return session


@transaction.atomic
def session_publish(*, session: Session, by) -> Session:
    """Show a draft session in the catalogue and open it for applications."""
    session = _lock_session(session)
    _require_organiser(by, session)
    if session.status != Session.Status.DRAFT:
        raise ValidationError(_("Only a draft session can be published."))
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
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("This session is already cancelled."))
    if session.has_ended():
        raise ValidationError(_("A session that has ended cannot be cancelled."))
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


# --- Applications ----------------------------------------------------------------------------------------


def eligibility_error(*, session: Session, user, member: Member | None) -> str | None:
    """Why `user` (acting for `member`, or for no member) may not apply to `session`; None if they may."""
    program = session.program
    if member is not None and not Affiliation.objects.filter(user=user, member=member).exists():
        return _("You do not act for %(member)s.") % {"member": member.name}
    if program.members_only:
        if member is None:
            return _(
                "%(program)s is open to WeGO members only, and you do not act for a WeGO member. "
                "If your city is a member, ask its focal point to add you as an official; if it is not, "
                "it can apply for membership."
            ) % {"program": program.name}
        if member.status != Member.Status.ACTIVE:
            return _(
                "%(program)s is open to WeGO members only, and the membership of %(member)s is %(status)s."
            ) % {"program": program.name, "member": member.name, "status": member.get_status_display().lower()}
    if session.reserved_for_id and (member is None or member.pk != session.reserved_for_id):
        return _("This session is reserved for the officials of %(member)s.") % {"member": session.reserved_for.name}
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
    if member is None and Affiliation.objects.filter(user=applicant, member__status=Member.Status.ACTIVE).exists():
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
        for focal in member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).select_related("user"):
            if focal.user_id != applicant.pk:
                _notify(focal.user, "nomination_needed", {"application": application, "session": session, "member": member})
    return application


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
    application = _lock_application(application)
    if not can_nominate(by, application):
        raise PermissionDenied(_("Only the focal point of the applicant's member may nominate."))
    _refuse(application, [S.SUBMITTED, S.NOT_NOMINATED], _("An application that is %(status)s cannot be nominated."))
    if session.status != Session.Status.PUBLISHED or session.has_started():
        raise ValidationError(_("Nominations for %(session)s are closed.") % {"session": session.title})
    quota = session.nominations_per_member
    if quota and _nominations_used(session, application.member) >= quota:
        raise ValidationError(
            _("%(member)s may nominate at most %(quota)s applicants for this session.")
            % {"member": application.member.name, "quota": quota}
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
    application = _lock_application(application)
    if not can_nominate(by, application):
        raise PermissionDenied(_("Only the focal point of the applicant's member may nominate."))
    _refuse(application, [S.SUBMITTED, S.NOMINATED], _("An application that is %(status)s cannot be turned down by the focal point."))
    if application.member_id is None:
        raise ValidationError(_("This applicant does not need a nomination."))
    application.status = S.NOT_NOMINATED
    application.nomination_rank = None
    application.reason = reason
    application.save(update_fields=["status", "nomination_rank", "reason"])
    _renumber_ranks(session, application.member)
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
    if not (is_secretariat(by) or Affiliation.objects.filter(user=by, member=member, role=Affiliation.Role.FOCAL_POINT).exists()):
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
    application = _lock_application(application)
    _refuse(application, [S.NOMINATED, S.WAITLISTED], _("An application that is %(status)s cannot be accepted."))
    if session.status != Session.Status.PUBLISHED or session.has_ended():
        raise ValidationError(_("%(session)s takes no more participants.") % {"session": session.title})
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
    application = _lock_application(application)
    _refuse(application, [S.NOMINATED], _("An application that is %(status)s cannot go on the waiting list."))
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
    application = _lock_application(application)
    _refuse(application, [S.NOMINATED, S.WAITLISTED, S.OFFERED, S.ACCEPTED],
            _("An application that is %(status)s cannot be declined."))
    if session.has_ended():
        raise ValidationError(_("The session has ended."))
    _close_with_seat(session=session, application=application, status=S.DECLINED, by=by, reason=reason,
                     action="training.application.declined")
    if application.member_id:
        _renumber_ranks(session, application.member)
    _notify(application.applicant, "declined", {"application": application, "session": session, "reason": reason})
    return application


@transaction.atomic
def application_cancel(*, application: Application, by, reason: str = "") -> Application:
    """The applicant withdraws (until the session ends); a seat they held goes to the waiting list."""
    session = _lock_session(application.session)
    application = _lock_application(application)
    if by is not None and by.pk != application.applicant_id and not is_secretariat(by):
        raise PermissionDenied(_("Only the applicant may cancel this application."))
    _refuse(application, Application.ACTIVE_STATUSES, _("An application that is %(status)s cannot be cancelled."))
    if session.has_ended():
        raise ValidationError(_("The session has ended."))
    _close_with_seat(session=session, application=application, status=S.CANCELLED, by=by, reason=reason,
                     action="training.application.cancelled")
    if application.member_id:
        _renumber_ranks(session, application.member)
    return application


@transaction.atomic
def offer_accept(*, application: Application, by) -> Application:
    """The applicant takes the seat offered to them, before the offer's deadline."""
    session = _lock_session(application.session)
    application = _lock_application(application)
    if by is not None and by.pk != application.applicant_id:
        raise PermissionDenied(_("Only the applicant may answer this offer."))
    _refuse(application, [S.OFFERED], _("There is no open offer: the application is %(status)s."))
    now = timezone.now()
    if application.offer_expires_at <= now:
        raise ValidationError(_("This offer lapsed on %(when)s.") % {"when": timezone.localtime(application.offer_expires_at).strftime("%Y-%m-%d %H:%M")})
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
    application = _lock_application(application)
    if by is not None and by.pk != application.applicant_id:
        raise PermissionDenied(_("Only the applicant may answer this offer."))
    _refuse(application, [S.OFFERED], _("There is no open offer: the application is %(status)s."))
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
    application = _lock_application(application)
    if application.status != S.OFFERED or application.offer_expires_at > now:
        return False
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


# --- Attendance and certificates -------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, session: Session, day: dt.date, present_ids: Iterable[int], by) -> int:
    """Record who of the accepted participants attended `day` (everyone else is absent that day)."""
    session = _lock_session(session)
    _require_organiser(by, session)
    if day not in session.days():
        raise ValidationError(_("%(day)s is not a day of this session.") % {"day": day.isoformat()})
    if day > timezone.localdate():
        raise ValidationError(_("Attendance cannot be recorded for a day still to come."))
    participants = list(session.applications.filter(status=S.ACCEPTED).values_list("pk", flat=True))
    present = set(present_ids)
    unknown = present - set(participants)
    if unknown:
        raise ValidationError(_("Only accepted participants can be marked present."))
    now = timezone.now()
    rows = [Attendance(application_id=pk, day=day, present=pk in present, recorded_by=by, recorded_at=now) for pk in participants]
    Attendance.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["application", "day"], update_fields=["present", "recorded_by", "recorded_at"]
    )
    audit_record(actor=by, action="training.attendance.recorded", target=session,
                 data={"day": day, "present": len(present), "participants": len(participants)})
    return len(present)


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed in from paper


def certificate_code_new() -> str:
    """A random code such as 'K7QM-2XPA-9HTD' (60 bits: guessing one is hopeless)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_code_normalise(code: str) -> str:
    """'k7qm 2xpa9htd' → 'K7QM-2XPA-9HTD'; anything else comes back cleaned but unchanged in shape."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) == 12:
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    return raw[:20]


@transaction.atomic
def certificates_issue(*, session: Session, by) -> list[Certificate]:
    """Issue a certificate to every accepted participant whose attendance reaches the session's threshold.
    Safe to run again: participants who have one keep it; nobody gets two."""
    from .selectors import participants_with_attendance

    session = _lock_session(session)
    _require_organiser(by, session)
    if not session.has_started() or session.ends_on > timezone.localdate():
        raise ValidationError(_("Certificates are issued from the last day of the session."))
    issued = []
    for app in participants_with_attendance(session=session):
        if not app.eligible or app.has_certificate:
            continue
        certificate = Certificate.objects.create(
            application=app,
            code=_unique_code(),
            participant_name=app.applicant.get_full_name(),
            organisation=app.organisation_name,
            program_name=session.program.name,
            session_title=session.title,
            starts_on=session.starts_on,
            ends_on=session.ends_on,
            days_attended=app.days_present,
            days_total=session.day_count,
            issued_by=by,
        )
        issued.append(certificate)
        audit_record(actor=by, action="training.certificate.issued", target=certificate, data={"application": app.pk})
        _notify(app.applicant, "certificate", {"certificate": certificate, "session": session})
    return issued


def _unique_code() -> str:
    while True:
        code = certificate_code_new()
        if not Certificate.objects.filter(code=code).exists():
            return code


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate (issued in error): the public check then says it is not valid."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError(_("Say why the certificate is revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(actor=by, action="training.certificate.revoked", target=certificate, data={"reason": reason})
    return certificate


# --- Feedback --------------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, application: Application, by, overall: int, content: int, speakers: int, organisation: int,
                    comment: str = "") -> Feedback:
    """A participant answers the short survey, once, from the session's last day."""
    if by is None or by.pk != application.applicant_id:
        raise PermissionDenied(_("Only the participant may give this feedback."))
    if application.status != S.ACCEPTED:
        raise ValidationError(_("Only participants of the session can give feedback."))
    if application.session.ends_on > timezone.localdate():
        raise ValidationError(_("The survey opens on the last day of the session."))
    feedback = Feedback(application=application, overall=overall, content=content, speakers=speakers,
                        organisation=organisation, comment=comment)
    feedback.full_clean(exclude=["application"])
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise ValidationError(_("You have already given your feedback on this session."))
    audit_record(actor=by, action="training.feedback.submitted", target=application, data={"overall": overall})
    return feedback


# --- City requests for an eGovFrame training -------------------------------------------------------------


@transaction.atomic
def training_request_submit(*, program: Program, member: Member, by, data: dict) -> TrainingRequest:
    """A member city (its focal point) asks for a training at its own place and dates."""
    if not program.accepts_city_requests:
        raise ValidationError(_("%(program)s is not run on request.") % {"program": program.name})
    if not (is_secretariat(by) or Affiliation.objects.filter(user=by, member=member, role=Affiliation.Role.FOCAL_POINT).exists()):
        raise PermissionDenied(_("Only the focal point of %(member)s may request a training.") % {"member": member.name})
    if program.members_only and member.status != Member.Status.ACTIVE:
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
    if request.status != TrainingRequest.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be scheduled (this one is %(status)s).")
                              % {"status": request.get_status_display().lower()})
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
    if request.status != TrainingRequest.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be declined."))
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
    if request.status != TrainingRequest.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be withdrawn."))
    request.status = TrainingRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    audit_record(actor=by, action="training.request.withdrawn", target=request)
    return request


# --- Remote technical support ----------------------------------------------------------------------------


def support_sessions_for(*, user) -> list[Session]:
    """The ended sessions with remote support that `user` took part in (what makes them alumni)."""
    return list(
        Session.objects.filter(
            program__offers_remote_support=True,
            ends_on__lte=timezone.localdate(),
            applications__applicant=user,
            applications__status=S.ACCEPTED,
        ).select_related("program").distinct().order_by("-starts_on")
    )


def _attach(message: SupportMessage, files) -> None:
    from .validators import SUPPORT_MAX_FILES, validate_support_attachment

    files = [f for f in (files or []) if f]
    if len(files) > SUPPORT_MAX_FILES:
        raise ValidationError(_("Send at most %(n)s files with one message.") % {"n": SUPPORT_MAX_FILES})
    for upload in files:
        validate_support_attachment(upload)
        SupportAttachment.objects.create(message=message, file=upload, name=str(upload.name)[:200], size=upload.size)


@transaction.atomic
def support_request_open(*, requester, session: Session, subject: str, question: str, files=None) -> SupportRequest:
    """An alumnus of a training with remote support asks the eGovFrame team a question."""
    if session.pk not in {s.pk for s in support_sessions_for(user=requester)}:
        raise ValidationError(_("Remote support is for participants of an eGovFrame training that has taken place."))
    application = session.applications.filter(applicant=requester, status=S.ACCEPTED).first()
    now = timezone.now()
    request = SupportRequest.objects.create(
        requester=requester, member=application.member if application else None, session=session,
        subject=subject.strip(), created_at=now, last_activity_at=now,
    )
    message = SupportMessage.objects.create(request=request, author=requester, body=question, created_at=now)
    _attach(message, files)
    audit_record(actor=requester, action="training.support.opened", target=request)
    return request


@transaction.atomic
def support_reply(*, request: SupportRequest, by, body: str, files=None) -> SupportMessage:
    """Add a message to a thread. A team answer marks the request answered (and times the first answer);
    the alumnus's follow-up opens it again. A closed request takes no more messages."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    from_team = bool(is_support_team(by)) and by.pk != request.requester_id
    if not from_team and by.pk != request.requester_id:
        raise PermissionDenied(_("Only the requester and the eGovFrame team may write here."))
    if request.status == SupportRequest.Status.CLOSED:
        raise ValidationError(_("This request is closed; open a new one if you need more help."))
    if not body.strip():
        raise ValidationError(_("Write a message."))
    now = timezone.now()
    message = SupportMessage.objects.create(request=request, author=by, body=body, from_team=from_team, created_at=now)
    _attach(message, files)
    request.last_activity_at = now
    if from_team:
        request.status = SupportRequest.Status.ANSWERED
        if request.first_response_at is None:
            request.first_response_at = now
        _notify(request.requester, "support_answer", {"request": request})
    else:
        request.status = SupportRequest.Status.OPEN
    request.save(update_fields=["status", "first_response_at", "last_activity_at"])
    audit_record(actor=by, action="training.support.replied", target=request, data={"from_team": from_team})
    return message


@transaction.atomic
def support_close(*, request: SupportRequest, by) -> SupportRequest:
    """Close a request (the alumnus or the team)."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if by.pk != request.requester_id and not is_support_team(by):
        raise PermissionDenied(_("Only the requester and the eGovFrame team may close this request."))
    if request.status == SupportRequest.Status.CLOSED:
        raise ValidationError(_("This request is already closed."))
    request.status = SupportRequest.Status.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="training.support.closed", target=request)
    return request

