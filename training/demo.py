"""Demo data of the training app. Idempotent: a second run changes nothing.

The content is in training/demo/*.json: the programmes (programs.json) and their sessions
(sessions.json): from the background document, the 2016 Seoul Program, the 2015 eGovFrame training of
Addis Ababa's officials in Seoul, the 2016 Jeju Workshop, the Chengdu programs of the Asia Regional
Office, the World Bank Institute "Smart Cities" webinars and the Europe Regional Office's open-data
webinar; then upcoming sessions open for applications (dates relative to today). Past records
(applications of 2014–2016) are written directly, since their deadlines have passed; attendance,
certificates, feedback, support and upcoming applications go through the services. Programs carry
topics of the portal's vocabulary (seeded before, by wego.demo.seed_topics), their sessions the
program's unless a row names its own; a database seeded before topics existed gets them once.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from members.models import Affiliation, Member, Partner, RegionalOffice, User
from members.services import affiliation_add
from wego.demo import SECRETARIAT_EMAIL, aware, demo_data, demo_user, staff_mfa

from . import services
from .models import AgendaItem, Application, Certificate, Program, Session, SupportRequest, TrainingRequest
from .permissions import SUPPORT_GROUP

A = Application.Status
_date = dt.date.fromisoformat
PROGRAMS = demo_data(__file__, "programs")["programs"]
SESSIONS = demo_data(__file__, "sessions")
# Keys of a session's row in sessions.json that are not the session's own fields.
NOT_FIELDS = {"program", "request", "participants", "feedback", "developers", "support", "applications", "agenda",
              "starts_on", "ends_on", "starts_in", "ends_in", "deadline_in", "topics"}


def _aware(day: dt.date, hour: int = 18) -> dt.datetime:
    return aware(day, hour)


def _partner(acronym: str = "", name: str = "") -> Partner | None:
    qs = Partner.objects.all()
    return (qs.filter(acronym=acronym).first() if acronym else None) or (qs.filter(name__icontains=name).first() if name else None)


def _office(host: str) -> RegionalOffice | None:
    return RegionalOffice.objects.filter(host__icontains=host).first()


def _member(name: str) -> Member | None:
    return Member.objects.filter(name=name).first()


def _official(member_name: str, role: str = Affiliation.Role.OFFICIAL) -> tuple[User, Member] | None:
    member = _member(member_name)
    if member is None:
        return None
    affiliations = Affiliation.objects.focal_points() if role == Affiliation.Role.FOCAL_POINT else Affiliation.objects.filter(role=role)
    affiliation = affiliations.of(member).select_related("user").order_by("pk").first()
    return (affiliation.user, member) if affiliation else None


def _seed_programs() -> tuple[dict[str, Program], int]:
    programs, created = {}, 0
    for row in PROGRAMS:
        row = dict(row)
        partners = row.pop("partners", [])
        office = row.pop("office", None)
        topics = row.pop("topics", [])
        row.update(kind=Program.Kind(row["kind"]), format=Program.Format(row["format"]),
                   eligibility=Program.Eligibility(row["eligibility"]))
        program = Program.objects.filter(slug=row["slug"]).first()
        if program is None:
            program = Program(**row, regional_office=_office(office) if office else None)
            services.program_save(program=program, topics=topics, by=None)
            program.partners.set([p for p in (_partner(x["acronym"], x["name"]) for x in partners) if p])
            created += 1
        elif topics and not program.topics.exists():  # seeded before programs had topics
            services.program_save(program=program, topics=topics, by=None)
        programs[row["slug"]] = program
    return programs, created


def _session_fields(row: dict, today: dt.date) -> dict:
    """A session's row of sessions.json as the fields of `_session`: past rows have dates, upcoming rows
    days from today (and '{year}' in the title, the year the session starts)."""
    fields = {k: v for k, v in row.items() if k not in NOT_FIELDS}
    if "starts_in" in row:
        fields["starts_on"] = today + dt.timedelta(days=row["starts_in"])
        fields["ends_on"] = today + dt.timedelta(days=row["ends_in"])
        fields["application_deadline"] = _aware(today + dt.timedelta(days=row["deadline_in"]))
        fields["title"] = row["title"].format(year=fields["starts_on"].year)
    else:
        fields["starts_on"], fields["ends_on"] = _date(row["starts_on"]), _date(row["ends_on"])
    for key in ("host_member", "reserved_for"):
        if key in fields:
            fields[key] = _member(fields[key])
    if "mode" in fields:
        fields["mode"] = Session.Mode(fields["mode"])
    fields["agenda"] = row.get("agenda", ())
    fields["topics"] = row.get("topics", ())
    return fields


def _session(program: Program, *, title: str, starts_on: dt.date, ends_on: dt.date, agenda=(), topics=(),
             **fields) -> tuple[Session, bool]:
    session = Session.objects.filter(program=program, title=title).first()
    if session:
        if topics and not session.topics.exists():  # seeded before sessions had topics
            services.session_save(session=session, topics=topics, by=None)
        return session, False
    fields.setdefault("application_deadline", _aware(starts_on - dt.timedelta(days=21)))
    fields.setdefault("status", Session.Status.PUBLISHED)
    session = Session(program=program, title=title, starts_on=starts_on, ends_on=ends_on, **fields)
    services.session_save(session=session, topics=topics or None, by=None)
    for item in agenda:
        AgendaItem.objects.create(
            session=session, day=starts_on + dt.timedelta(days=item["day"]), kind=AgendaItem.Kind(item["kind"]),
            title=item["title"], place=item["place"],
            starts_at=dt.time.fromisoformat(item["from"]) if item["from"] else None,
            ends_at=dt.time.fromisoformat(item["to"]) if item["to"] else None,
        )
    return session, True


def _past_participants(session: Session, people: list[tuple[User, Member | None]], *, secretariat, feedback=()) -> None:
    """Record a past session's participants, their attendance (all present but one day for the last),
    certificates and feedback. Runs once per session (when it has no participant yet)."""
    if session.applications.exists():
        return
    defaults = SESSIONS["past_application"]
    now_ish = _aware(session.starts_on - dt.timedelta(days=30))
    for user, member in people:
        Application.objects.create(
            session=session, applicant=user, member=member, motivation=defaults["motivation"],
            prerequisites_confirmed=True, status=A.ACCEPTED, submitted_at=now_ish, nominated_at=now_ish,
            decided_at=now_ish, accepted_at=now_ish, decided_by=secretariat, job_title="",
            organisation="" if member else defaults["guest_organisation"],
        )
    Session.objects.filter(pk=session.pk).update(seats_taken=len(people))
    session.refresh_from_db()
    ids = list(session.applications.order_by("pk").values_list("pk", flat=True))
    for index, day in enumerate(session.days()):
        present = ids[:-1] if (index == 1 and len(ids) > 2) else ids
        services.attendance_record(session=session, day=day, present_ids=present, by=secretariat)
    services.certificates_issue(session=session, by=secretariat)
    Certificate.objects.filter(application__session=session).update(issued_at=_aware(session.ends_on, 17))
    for app, ratings in zip(session.applications.order_by("pk"), feedback, strict=False):
        services.feedback_submit(application=app, by=app.applicant, **ratings)


def _people(names: list[str]) -> list[tuple[User, Member | None]]:
    return [p for p in (_official(n) for n in names) if p]


def _team_user():
    Group.objects.get_or_create(name=SUPPORT_GROUP)
    team = SESSIONS["support_team"]
    user, new = demo_user(team["email"], team["name"], is_staff=True, group=SUPPORT_GROUP)
    staff_mfa(user)
    return user, new


def _developers(row: dict, member: Member) -> list[tuple[User, Member | None]]:
    """The member's official (the request's participants) and its developers, given accounts and roles."""
    people = _people(row["participants"])
    for developer in row["developers"]:
        user, _new = demo_user(developer["email"], developer["name"])
        if not Affiliation.objects.filter(user=user, member=member).exists():
            affiliation_add(member=member, user=user, role=Affiliation.Role.OFFICIAL, title=developer["title"])
        people.append((user, member))
    return people


def _past_request(row: dict, program: Program, session, *, secretariat, team) -> None:
    """A training asked for by a city (the 2015 eGovFrame training of Addis Ababa, in Seoul): the request,
    scheduled as a session reserved for the city, its participants and their questions to the team."""
    member = _member(row["reserved_for"])
    if member is None or TrainingRequest.objects.filter(program=program, member=member).exists():
        return
    focal = _official(member.name, Affiliation.Role.FOCAL_POINT)
    if not (focal and secretariat):
        return
    spec = row["request"]
    req = TrainingRequest.objects.create(
        program=program, member=member, requested_by=focal[0], location=TrainingRequest.Location(spec["location"]),
        venue=spec["venue"], preferred_start=_date(spec["preferred_start"]), preferred_end=_date(spec["preferred_end"]),
        participants_expected=spec["participants_expected"], language=spec["language"], notes=spec["notes"],
        status=TrainingRequest.Status(spec["status"]), decided_by=secretariat,
        decided_at=_aware(_date(spec["decided_on"])), created_at=_aware(_date(spec["created_on"])),
    )
    reserved, _created = session(row)
    TrainingRequest.objects.filter(pk=req.pk).update(session=reserved)
    _past_participants(reserved, _developers(row, member), secretariat=secretariat, feedback=row.get("feedback", ()))
    _seed_support(reserved, team=team, spec=row["support"])


def seed(*, stdout) -> str:
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    programs, new_programs = _seed_programs()
    team, _new = _team_user()
    today = timezone.localdate()
    new_sessions = 0

    def session(row):
        nonlocal new_sessions
        obj, created = _session(programs[row["program"]], **_session_fields(row, today))
        new_sessions += created
        return obj, created

    for row in SESSIONS["past"]:
        if "request" in row:
            _past_request(row, programs[row["program"]], session, secretariat=secretariat, team=team)
            continue
        past, created = session(row)
        if created and secretariat:
            _past_participants(past, _people(row["participants"]), secretariat=secretariat, feedback=row.get("feedback", ()))

    for row in SESSIONS["upcoming"]:
        upcoming, created = session(row)
        if "applications" in row and created and secretariat:
            _upcoming_applications(upcoming, row["applications"], secretariat=secretariat)
    _upcoming_requests(programs["egovframe-technical-training"], secretariat=secretariat, today=today)
    return f"{new_programs} programs, {new_sessions} sessions created"


def _upcoming_applications(session: Session, spec: dict, *, secretariat) -> None:
    """Applications to the next Seoul Program in every state: seats taken, a waiting list, nominations to make."""
    def apply(member_name: str) -> Application | None:
        person = _official(member_name)
        if person is None:
            return None
        return services.application_submit(session=session, applicant=person[0], member=person[1],
                                           data={"motivation": spec["motivation"], "job_title": "",
                                                 "dietary_needs": "", "visa_needed": False})

    def nominate(app: Application | None) -> Application | None:
        if app is None or app.member is None:
            return None
        focal = _official(app.member.name, Affiliation.Role.FOCAL_POINT)
        return services.application_nominate(application=app, by=focal[0]) if focal else None

    for name in spec["nominated"]:
        nominate(apply(name))
    services.session_allocate(session=session, by=secretariat)  # the seats are taken, the last one waits
    for name in spec["nominated_after_allocation"]:
        nominate(apply(name))  # nominated, waiting for the organiser
    for name in spec["waiting_for_nomination"]:
        apply(name)  # waiting for the member's focal point


def _upcoming_requests(program: Program, *, secretariat, today: dt.date) -> None:
    """Trainings asked for by cities: one scheduled at home, one waiting for the Secretariat."""
    for row in SESSIONS["requests"]:
        member = _member(row["member"])
        if member is None or ("schedule" in row and not secretariat):
            continue
        if TrainingRequest.objects.filter(program=program, member=member).exists():
            continue
        focal = _official(member.name, Affiliation.Role.FOCAL_POINT)
        if not focal:
            continue
        start = today + dt.timedelta(days=row["preferred_start_in"])
        end = today + dt.timedelta(days=row["preferred_end_in"])
        req = services.training_request_submit(program=program, member=member, by=focal[0], data={
            "location": TrainingRequest.Location(row["location"]), "venue": row["venue"], "preferred_start": start,
            "preferred_end": end, "participants_expected": row["participants_expected"], "language": row["language"],
            "notes": row["notes"],
        })
        if "schedule" in row:
            services.training_request_schedule(request=req, by=secretariat, starts_on=start, ends_on=end, **row["schedule"])


def _seed_support(session: Session, *, team, spec: dict) -> None:
    """Two questions of the alumni: one answered after a day, one still open."""
    alumni = list(session.applications.filter(status=A.ACCEPTED).select_related("applicant").order_by("pk"))
    if len(alumni) < 2 or SupportRequest.objects.filter(session=session).exists():
        return
    answered_spec, open_spec = spec["answered"], spec["open"]
    first = services.support_request_open(
        requester=alumni[0].applicant, session=session, subject=answered_spec["subject"],
        question=answered_spec["question"],
    )
    services.support_reply(request=first, by=team, body=answered_spec["answer"])
    services.support_reply(request=first, by=alumni[0].applicant, body=answered_spec["thanks"])
    services.support_close(request=first, by=alumni[0].applicant)
    opened = _aware(session.ends_on + dt.timedelta(days=answered_spec["opened_days_after_session"]), 10)
    answered = opened + dt.timedelta(hours=answered_spec["answered_after_hours"])
    thanked = opened + dt.timedelta(days=answered_spec["closed_after_days"])
    SupportRequest.objects.filter(pk=first.pk).update(created_at=opened, first_response_at=answered,
                                                      last_activity_at=thanked, closed_at=thanked)
    question, answer, thanks = first.messages.order_by("pk")
    for message, when in ((question, opened), (answer, answered), (thanks, thanked)):
        type(message).objects.filter(pk=message.pk).update(created_at=when)
    services.support_request_open(
        requester=alumni[1].applicant, session=session, subject=open_spec["subject"], question=open_spec["question"],
    )
