"""Reads of the training app, with their joins built in and their aggregates computed in SQL."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest, TruncMonth
from django.http import Http404
from django.utils import timezone

from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.topics import topics_active

from .certificates import certificate_code_normalise
from .models import (
    AgendaItem,
    Application,
    Certificate,
    Feedback,
    Program,
    Session,
    SupportMessage,
    SupportRequest,
    TrainingRequest,
)
from .permissions import can_organise, can_view_application, can_view_support_request

S = Application.Status


def topics_prefetch(path: str = "topics") -> Prefetch:
    """The active topics of programs or sessions (a retired topic keeps its links but is shown and
    matched no more), in the vocabulary's order."""
    return Prefetch(path, queryset=topics_active())


SESSION_TOPICS = (topics_prefetch("topics"), topics_prefetch("program__topics"))


# --- Catalogue, sessions, calendar ----------------------------------------------------------------------


def _with_seats_left(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.annotate(
        seats_left_db=Greatest(F("capacity") - F("seats_taken"), Value(0), output_field=IntegerField())
    )


def _accepting_applications(qs: QuerySet[Session], now: dt.datetime) -> QuerySet[Session]:
    """The sessions `Session.accepts_applications(now)` is true of, in SQL, with a seat left."""
    return _with_seats_left(
        qs.filter(
            status=Session.Status.PUBLISHED, program__is_published=True, application_deadline__gte=now,
            starts_on__gte=timezone.localdate(now), seats_taken__lt=F("capacity"),
        )
    )


def program_list_public() -> QuerySet[Program]:
    """Published programs with their partners, organising office and count of upcoming sessions."""
    today = timezone.localdate()
    return (
        Program.objects.filter(is_published=True)
        .select_related("regional_office")
        .prefetch_related("partners", topics_prefetch())
        .annotate(
            upcoming_count=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.PUBLISHED, sessions__ends_on__gte=today),
            ),
            next_starts_on=Min(
                "sessions__starts_on",
                filter=Q(sessions__status=Session.Status.PUBLISHED, sessions__starts_on__gte=today),
            ),
        )
        .order_by("name")
    )


def program_get_public(*, slug: str) -> Program:
    program = program_list_public().filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def session_list_public(*, from_date: dt.date | None = None, program: Program | None = None) -> QuerySet[Session]:
    """Published sessions of published programs (from a date if given), with seats left, soonest first."""
    qs = (
        Session.objects.filter(status=Session.Status.PUBLISHED, program__is_published=True)
        .select_related("program", "program__regional_office", "host_member", "reserved_for")
        .prefetch_related(*SESSION_TOPICS)
    )
    if from_date is not None:
        qs = qs.filter(ends_on__gte=from_date)
    if program is not None:
        qs = qs.filter(program=program)
    return _with_seats_left(qs).order_by("starts_on", "pk")


def session_list_upcoming(*, program: Program | None = None) -> QuerySet[Session]:
    return session_list_public(from_date=timezone.localdate(), program=program)


def session_list_past(*, program: Program | None = None) -> QuerySet[Session]:
    qs = Session.objects.filter(
        status=Session.Status.PUBLISHED, program__is_published=True, ends_on__lt=timezone.localdate()
    ).select_related("program")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-starts_on")


def session_get_public(*, pk: int) -> Session:
    """A published or cancelled session with its agenda (drafts are 404 to the public)."""
    session = (
        _with_seats_left(Session.objects.exclude(status=Session.Status.DRAFT).filter(program__is_published=True))
        .select_related("program", "program__regional_office", "host_member", "reserved_for")
        .prefetch_related("program__partners", *SESSION_TOPICS,
                          Prefetch("agenda", queryset=AgendaItem.objects.order_by("day", "starts_at", "pk")))
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def calendar_sessions(*, program: Program | None = None) -> QuerySet[Session]:
    """Sessions for the iCalendar feed: published and cancelled ones from a year back onwards (a
    cancelled one stays in the feed so that calendar apps remove it)."""
    since = timezone.localdate() - dt.timedelta(days=365)
    qs = Session.objects.filter(
        status__in=[Session.Status.PUBLISHED, Session.Status.CANCELLED], program__is_published=True, ends_on__gte=since
    ).select_related("program")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("starts_on", "pk")


# --- Help for a city's gap (training.help) ---------------------------------------------------------------


def session_list_for_topics(*, codes, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Sessions open for applications with a seat left whose topics (their own, else their program's)
    include an active topic of `codes`; soonest first, their topics prefetched, in three queries."""
    now = now or timezone.now()
    codes = list(codes)
    own = Session.topics.through.objects.filter(session=OuterRef("pk"), topic__is_active=True)
    program_topics = Program.topics.through.objects.filter(program=OuterRef("program_id"), topic__code__in=codes,
                                                           topic__is_active=True)
    matching = Q(Exists(own.filter(topic__code__in=codes))) | (~Q(Exists(own)) & Q(Exists(program_topics)))
    return (
        _accepting_applications(Session.objects.filter(matching), now)
        .select_related("program", "reserved_for")
        .prefetch_related(*SESSION_TOPICS)
        .order_by("starts_on", "pk")
    )


def egovframe_program_list(*, member: Member | None, now: dt.datetime | None = None) -> QuerySet[Program]:
    """Published eGovFrame programs with, as `open_sessions` and `next_starts_on`, their sessions open for
    applications that `member`'s officials are not kept out of (a session reserved for another city),
    and their topics prefetched: two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    open_session = Q(
        sessions__status=Session.Status.PUBLISHED, sessions__application_deadline__gte=now,
        sessions__starts_on__gte=today, sessions__seats_taken__lt=F("sessions__capacity"),
    ) & (Q(sessions__reserved_for__isnull=True) | Q(sessions__reserved_for=member))
    return (
        Program.objects.filter(is_published=True, kind=Program.Kind.EGOVFRAME)
        .annotate(open_sessions=Count("sessions", filter=open_session),
                  next_starts_on=Min("sessions__starts_on", filter=open_session))
        .prefetch_related(topics_prefetch())
        .order_by("name")
    )


def application_map_for_user(*, user, sessions) -> dict[int, Application]:
    """The user's applications to `sessions`, by session id (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {a.session_id: a for a in Application.objects.filter(applicant=user, session__in=list(sessions))}


# --- Applications ----------------------------------------------------------------------------------------


def application_list_for_user(*, user) -> QuerySet[Application]:
    """The user's own applications, newest session first, with what each page row needs."""
    certificate = Certificate.objects.filter(application=OuterRef("pk"), revoked_at__isnull=True).values("pk")[:1]
    feedback = Feedback.objects.filter(application=OuterRef("pk"))
    return (
        Application.objects.filter(applicant=user)
        .select_related("session", "session__program", "member")
        .annotate(certificate_pk=Subquery(certificate), has_feedback=Exists(feedback))
        .order_by("-session__starts_on", "-pk")
    )


def application_get_for_user(*, user, pk: int) -> Application:
    """One application the user may see (their own, their member's as focal point, or as organiser); else 404."""
    application = (
        Application.objects.select_related("session", "session__program", "member", "applicant").filter(pk=pk).first()
    )
    if application is None or not can_view_application(user, application):
        raise Http404
    return application


def focal_point_members(*, user) -> list[Member]:
    """The members `user` is the focal point of (the Secretariat nominates through the console)."""
    return [
        a.member
        for a in Affiliation.objects.focal_points().filter(user=user).select_related("member").order_by("member__name")
    ]


def nominations_for_member(*, member: Member) -> list[tuple[Session, list[Application]]]:
    """The member's applications to sessions that have not started, grouped by session, ranked."""
    today = timezone.localdate()
    apps = (
        Application.objects.filter(member=member, session__starts_on__gt=today)
        .exclude(status=S.CANCELLED)
        .select_related("session", "session__program", "applicant", "member")
        .order_by(
            "session__starts_on",
            "session_id",
            Case(When(status=S.NOMINATED, then=Value(0)), When(status=S.SUBMITTED, then=Value(1)), default=Value(2)),
            F("nomination_rank").asc(nulls_last=True),
            "submitted_at",
        )
    )
    grouped: dict[int, tuple[Session, list[Application]]] = {}
    for app in apps:
        grouped.setdefault(app.session_id, (app.session, []))[1].append(app)
    return list(grouped.values())


def nominations_waiting_count(*, member: Member) -> int:
    return Application.objects.filter(
        member=member, status=S.SUBMITTED, session__starts_on__gt=timezone.localdate(),
        session__status=Session.Status.PUBLISHED,
    ).count()


# --- Organiser's console ---------------------------------------------------------------------------------


def session_list_for_organiser(*, user) -> QuerySet[Session]:
    """Sessions the user organises (all for the Secretariat), with counts per status in one query."""
    qs = Session.objects.select_related("program", "reserved_for")
    if not is_secretariat(user):
        office = getattr(user, "regional_office_id", None)
        qs = qs.filter(program__regional_office_id=office) if office else qs.none()
    return _with_seats_left(qs).annotate(
        submitted_count=Count("applications", filter=Q(applications__status=S.SUBMITTED)),
        nominated_count=Count("applications", filter=Q(applications__status=S.NOMINATED)),
        waitlisted_count=Count("applications", filter=Q(applications__status=S.WAITLISTED)),
        offered_count=Count("applications", filter=Q(applications__status=S.OFFERED)),
        accepted_count=Count("applications", filter=Q(applications__status=S.ACCEPTED)),
    ).order_by("-starts_on", "-pk")


def session_get_for_organiser(*, user, pk: int) -> Session:
    session = Session.objects.select_related("program", "program__regional_office", "reserved_for", "host_member").filter(pk=pk).first()
    if session is None or not can_organise(user, session):
        raise Http404
    return session


def session_applications(*, session: Session) -> QuerySet[Application]:
    """Every application to a session for the organiser: seat holders, then the waiting list in order,
    then nominations (first choices first), then the rest."""
    order = Case(
        When(status=S.ACCEPTED, then=Value(0)),
        When(status=S.OFFERED, then=Value(1)),
        When(status=S.WAITLISTED, then=Value(2)),
        When(status=S.NOMINATED, then=Value(3)),
        When(status=S.SUBMITTED, then=Value(4)),
        default=Value(5),
    )
    return (
        session.applications.select_related("applicant", "member")
        .annotate(status_order=order)
        .order_by("status_order", "waitlist_position", F("nomination_rank").asc(nulls_last=True), "nominated_at", "submitted_at", "pk")
    )


def participants_with_attendance(*, session: Session) -> QuerySet[Application]:
    """Accepted participants with `days_present`, `eligible` (attendance ≥ the session's threshold)
    and `has_certificate`, all computed in SQL; their attendance rows prefetched."""
    needed = math.ceil(session.attendance_threshold * session.day_count / 100)
    return (
        session.applications.filter(status=S.ACCEPTED)
        .select_related("applicant", "member")
        .prefetch_related("attendance")
        .annotate(
            days_present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            has_certificate=Exists(Certificate.objects.filter(application=OuterRef("pk"))),
        )
        .annotate(
            eligible=Case(When(days_present__gte=needed, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("applicant__name", "applicant__email")
    )


def certificate_list_for_session(*, session: Session) -> QuerySet[Certificate]:
    return Certificate.objects.filter(application__session=session).select_related("application__applicant").order_by("participant_name")


def certificate_get_for_user(*, user, pk: int) -> Certificate:
    certificate = Certificate.objects.select_related("application", "application__session", "application__session__program").filter(pk=pk).first()
    if certificate is None or not (
        certificate.application.applicant_id == getattr(user, "pk", None) or can_organise(user, certificate.application.session)
    ):
        raise Http404
    return certificate


def certificate_verify(*, code: str) -> Certificate | None:
    """The certificate with this code, valid or revoked; None if no such code."""
    normalised = certificate_code_normalise(code)
    if not normalised:
        return None
    return Certificate.objects.filter(code=normalised).first()


# --- Feedback --------------------------------------------------------------------------------------------


def feedback_results(*, session: Session) -> dict:
    """Average rating per question and how often each overall rating was given, in two queries."""
    questions = [name for name, _label in Feedback.QUESTIONS]
    qs = Feedback.objects.filter(application__session=session)
    averages = qs.aggregate(count=Count("pk"), **{f"avg_{q}": Avg(q) for q in questions})
    distribution = dict(qs.values_list("overall").annotate(n=Count("pk")).order_by("overall"))
    return {
        "count": averages["count"],
        "averages": [(label, averages[f"avg_{name}"]) for name, label in Feedback.QUESTIONS],
        "distribution": [(score, distribution.get(score, 0)) for score in range(1, 6)],
        "participants": session.applications.filter(status=S.ACCEPTED).count(),
    }


def feedback_comments(*, session: Session) -> QuerySet[Feedback]:
    return Feedback.objects.filter(application__session=session).exclude(comment="").order_by("-submitted_at")


# --- Training requests -----------------------------------------------------------------------------------


def training_request_list_for_member(*, member: Member) -> QuerySet[TrainingRequest]:
    return member.training_requests.select_related("program", "session").order_by("-created_at")


def training_request_list_for_staff(*, status: str | None = None) -> QuerySet[TrainingRequest]:
    qs = TrainingRequest.objects.select_related("program", "member", "requested_by", "session").order_by(
        Case(When(status=TrainingRequest.Status.SUBMITTED, then=Value(0)), default=Value(1)), "-created_at"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


# --- Remote support --------------------------------------------------------------------------------------


def support_request_list_for_user(*, user) -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(requester=user)
        .select_related("session", "session__program")
        .annotate(message_count=Count("messages"))
        .order_by("-last_activity_at")
    )


def support_request_list_for_team(*, status: str | None = None) -> QuerySet[SupportRequest]:
    qs = (
        SupportRequest.objects.select_related("requester", "member", "session", "session__program")
        .annotate(message_count=Count("messages"))
        .order_by(Case(When(status=SupportRequest.Status.OPEN, then=Value(0)), default=Value(1)), "created_at")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def support_request_get(*, user, pk: int) -> SupportRequest:
    request = (
        SupportRequest.objects.select_related("requester", "member", "session", "session__program")
        .prefetch_related(Prefetch("messages", queryset=SupportMessage.objects.select_related("author").prefetch_related("attachments")))
        .filter(pk=pk)
        .first()
    )
    if request is None or not can_view_support_request(user, request):
        raise Http404
    return request


FIRST_ANSWER_DELAY = ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())


def support_response_times() -> dict:
    """Response times for the Secretariat, computed in SQL: overall and by month of the question."""
    qs = SupportRequest.objects.all()
    overall = qs.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        waiting=Count("pk", filter=Q(status=SupportRequest.Status.OPEN, first_response_at__isnull=True)),
        average=Avg(FIRST_ANSWER_DELAY, filter=Q(first_response_at__isnull=False)),
        longest=Max(FIRST_ANSWER_DELAY, filter=Q(first_response_at__isnull=False)),
        oldest_unanswered=Min("created_at", filter=Q(first_response_at__isnull=True, status=SupportRequest.Status.OPEN)),
    )
    by_month = list(
        qs.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(first_response_at__isnull=False)),
            average=Avg(FIRST_ANSWER_DELAY, filter=Q(first_response_at__isnull=False)),
        )
        .order_by("-month")[:12]
    )
    return {**overall, "by_month": by_month}


# --- Alumni ----------------------------------------------------------------------------------------------


def alumni_per_member() -> QuerySet[Member]:
    """Members with the number of their officials who took part in a training that has ended, and certificates."""
    today = timezone.localdate()
    took_part = Q(training_applications__status=S.ACCEPTED, training_applications__session__ends_on__lt=today)
    return (
        Member.objects.annotate(
            alumni=Count("training_applications__applicant", filter=took_part, distinct=True),
            sessions_attended=Count("training_applications__session", filter=took_part, distinct=True),
            certificates=Count("training_applications__certificate", filter=took_part, distinct=True),
        )
        .filter(alumni__gt=0)
        .order_by("-alumni", "name")
    )


def alumni_list(*, member: Member | None = None) -> QuerySet[Application]:
    """Participants of ended sessions (for the staff), by city then session."""
    qs = (
        Application.objects.filter(status=S.ACCEPTED, session__ends_on__lt=timezone.localdate())
        .select_related("applicant", "member", "session", "session__program")
        .annotate(has_certificate=Exists(Certificate.objects.filter(application=OuterRef("pk"))))
        .order_by("member__name", "-session__starts_on", "applicant__name")
    )
    if member is not None:
        qs = qs.filter(member=member)
    return qs


def open_offer_for_user(*, user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user, status=S.OFFERED).select_related("session")
