"""Demo data of the training app. Idempotent: a second run changes nothing.

From the background document: the 2016 Seoul Program (May; Big Data, IoT, ITS, Cybersecurity; technical
tours and cultural visits), the 2015 eGovFrame training of Addis Ababa's officials in Seoul, the 2016
Jeju Workshop (WeGO, ADB and NIA's Global Academy), the Chengdu programs of the Asia Regional Office
(May 2014, July 2015), the World Bank Institute "Smart Cities" webinars of June and December 2014, the
Europe Regional Office's open-data webinars; then upcoming sessions open for applications (dates
relative to today). Exact days, capacities, agenda times, participants and their feedback are invented
for the demonstration. Past records (applications of 2014–2016) are written directly, since their
deadlines have passed; attendance, certificates, feedback, support and upcoming applications go
through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from members.models import Affiliation, Member, Partner, RegionalOffice, User
from wego.demo import aware

from . import services
from .models import AgendaItem, Application, Certificate, Program, Session, SupportRequest, TrainingRequest
from .permissions import SUPPORT_GROUP

D = dt.date
A = Application.Status
K = AgendaItem.Kind


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
    affiliation = member.affiliations.filter(role=role).select_related("user").order_by("pk").first()
    return (affiliation.user, member) if affiliation else None


PROGRAMS = [
    {
        "name": "Seoul Program",
        "slug": "seoul-program",
        "kind": Program.Kind.SEOUL_PROGRAM,
        "summary": "WeGO's yearly e-Government training in Seoul: lectures, discussions, site visits and cultural excursions.",
        "description": (
            "Since 2011 WeGO has offered the Seoul Program every year with the Seoul Human Resource Development "
            "Center. Experts from Seoul and the private sector introduce e-Government practices and policies; "
            "participants present their own cities' e-Government technologies and learn from each other; technical "
            "tours visit Seoul's e-Government facilities, and cultural excursions show the city."
        ),
        "topics": "Big Data\nInternet of Things (IoT)\nIntelligent Transportation Systems (ITS)\nCybersecurity\n"
                  "Citizen communication through social media\nPaperless office and service efficiency\n"
                  "Information security and privacy protection\ne-Government and administrative reform\n"
                  "Civil applications such as e-Tax\nICT infrastructure",
        "format": Program.Format.IN_PERSON,
        "organiser": "WeGO Secretariat and the Seoul Human Resource Development Center",
        "partners": [("SHRDC", "Seoul Human Resource Development Center")],
        "eligibility": Program.Eligibility.MEMBERS_ONLY,
        "target_participants": "e-Government officials of member cities",
        "languages": "English",
        "duration_days": 5,
        "cost_note": "No tuition fee.",
        "location_note": "Seoul, Korea",
    },
    {
        "name": "WeGO eGovFrame Technical Training and Service Program",
        "slug": "egovframe-technical-training",
        "kind": Program.Kind.EGOVFRAME,
        "summary": "A complimentary four-day training on the WeGO e-Government Framework, for member cities' software developers.",
        "description": (
            "With its Technical Partner, NIA, WeGO trains member cities' developers to build web and mobile "
            "e-Government applications on the WeGO eGovFrame, an open-source standard framework (development, "
            "runtime, operation and management environments, and hundreds of reusable common components). "
            "The training takes place in the participants' home country or in Korea, at dates agreed between the "
            "city, NIA and the Secretariat; afterwards, alumni can ask the eGovFrame team for remote technical support."
        ),
        "topics": "eGovFrame development environment\nRuntime environment and common components\n"
                  "Mobile web UX and device API\nOperation and management environments\nHands-on: building an e-Government service",
        "format": Program.Format.IN_PERSON,
        "organiser": "WeGO Secretariat and NIA (eGovFrame Center)",
        "partners": [("NIA", "National Information Society Agency")],
        "eligibility": Program.Eligibility.MEMBERS_ONLY,
        "prerequisites": "Intermediate knowledge of Java programming and web programming. Knowing Spring, iBatis/MyBatis, "
                         "Struts or Spring MVC helps.",
        "target_participants": "Software developers of member cities planning new e-Government applications",
        "languages": "English, Korean",
        "duration_days": 4,
        "cost_note": "Complimentary.",
        "location_note": "The participants' home country or Korea, at dates agreed with the city.",
        "accepts_city_requests": True,
        "offers_remote_support": True,
    },
    {
        "name": "Jeju Workshop on Smart City and e-Government",
        "slug": "jeju-workshop",
        "kind": Program.Kind.PARTNER_WORKSHOP,
        "summary": "A workshop of WeGO, the Asian Development Bank and NIA's Global Academy on Jeju Island.",
        "description": (
            "Success stories of building a Smart City in Korea and abroad, the relation between e-Government and "
            "Smart City, and their place in the Sustainable Development Goals, led by experts from international "
            "organisations and finance institutions, national entities of Korea, local governments, academia and "
            "the private sector. Participants also attend the Jeju Forum for Peace and Prosperity and visit "
            "technical facilities of the island."
        ),
        "topics": "Smart City success stories\ne-Government and Smart City\nSustainable Development Goals",
        "format": Program.Format.IN_PERSON,
        "organiser": "WeGO, the Asian Development Bank and NIA's Global Academy",
        "partners": [("ADB", "Asian Development Bank"), ("NIA", "National Information Society Agency")],
        "eligibility": Program.Eligibility.OPEN,
        "languages": "English",
        "duration_days": 4,
        "cost_note": "No fee; ask the organisers about travel support.",
        "location_note": "Jeju Island, Korea",
    },
    {
        "name": "Asia Regional Office e-Government Training in Chengdu",
        "slug": "chengdu-e-government-training",
        "kind": Program.Kind.REGIONAL_OFFICE,
        "summary": "The Asia Regional Office's training for members and non-members, hosted by Chengdu.",
        "description": (
            "Chengdu's e-Government programs, an adoptable framework for a digital smart city, leadership "
            "education and, from 2015, information security."
        ),
        "topics": "Leadership for e-Government\nChengdu's e-Government programs\nDigital smart city framework\nInformation security",
        "format": Program.Format.IN_PERSON,
        "organiser": "WeGO Asia Regional Office (Chengdu)",
        "office": "Chengdu",
        "eligibility": Program.Eligibility.OPEN,
        "languages": "English, Chinese",
        "duration_days": 5,
        "location_note": "Chengdu, China",
    },
    {
        "name": "Europe Regional Office webinars",
        "slug": "europe-regional-office-webinars",
        "kind": Program.Kind.REGIONAL_OFFICE,
        "summary": "Webinars of the Europe Regional Office on open data and transparent government.",
        "description": "How the Ulyanovsk Region made government more transparent with open data, in public utilities, healthcare and more.",
        "topics": "Open data\nTransparency of public utilities\nHealthcare data",
        "format": Program.Format.ONLINE,
        "organiser": "WeGO Europe Regional Office (Ulyanovsk Region)",
        "office": "Ulyanovsk",
        "eligibility": Program.Eligibility.OPEN,
        "languages": "English, Russian",
        "duration_days": 1,
        "location_note": "Online",
    },
    {
        "name": "Smart Cities webinars with the World Bank",
        "slug": "smart-cities-webinars",
        "kind": Program.Kind.WEBINAR,
        "summary": "WeGO's webinars in the World Bank Institute's Smart Cities series.",
        "description": "Online sessions with the World Bank on data-driven city management and WeGO's tools.",
        "topics": "Analytics in city management\nBig data from citizens\nThe CeDS self-assessment",
        "format": Program.Format.ONLINE,
        "organiser": "WeGO Secretariat and the World Bank Institute",
        "partners": [("WB", "World Bank")],
        "eligibility": Program.Eligibility.OPEN,
        "languages": "English",
        "duration_days": 1,
        "location_note": "Online",
    },
]


def _seed_programs() -> tuple[dict[str, Program], int]:
    programs, created = {}, 0
    for row in PROGRAMS:
        row = dict(row)
        partners = row.pop("partners", [])
        office = row.pop("office", None)
        program = Program.objects.filter(slug=row["slug"]).first()
        if program is None:
            program = Program(**row, regional_office=_office(office) if office else None)
            services.program_save(program=program, by=None)
            program.partners.set([p for p in (_partner(acr, name) for acr, name in partners) if p])
            created += 1
        programs[row["slug"]] = program
    return programs, created


def _session(program: Program, *, title: str, starts_on: dt.date, ends_on: dt.date, agenda=(), **fields) -> tuple[Session, bool]:
    session = Session.objects.filter(program=program, title=title).first()
    if session:
        return session, False
    fields.setdefault("application_deadline", _aware(starts_on - dt.timedelta(days=21)))
    fields.setdefault("status", Session.Status.PUBLISHED)
    session = Session(program=program, title=title, starts_on=starts_on, ends_on=ends_on, **fields)
    services.session_save(session=session, by=None)
    for day_offset, start, end, kind, item_title, place in agenda:
        AgendaItem.objects.create(
            session=session, day=starts_on + dt.timedelta(days=day_offset), kind=kind, title=item_title, place=place,
            starts_at=dt.time(*start) if start else None, ends_at=dt.time(*end) if end else None,
        )
    return session, True


def _past_participants(session: Session, people: list[tuple[User, Member | None]], *, secretariat, feedback=()) -> None:
    """Record a past session's participants, their attendance (all present but one day for the last),
    certificates and feedback. Runs once per session (when it has no participant yet)."""
    if session.applications.exists():
        return
    now_ish = _aware(session.starts_on - dt.timedelta(days=30))
    for user, member in people:
        Application.objects.create(
            session=session, applicant=user, member=member, motivation="Demo: to learn from Seoul and other cities.",
            prerequisites_confirmed=True, status=A.ACCEPTED, submitted_at=now_ish, nominated_at=now_ish,
            decided_at=now_ish, accepted_at=now_ish, decided_by=secretariat, job_title="",
            organisation="" if member else "Guest participant",
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
        overall, content, speakers, organisation, comment = ratings
        services.feedback_submit(application=app, by=app.applicant, overall=overall, content=content,
                                 speakers=speakers, organisation=organisation, comment=comment)


def _people(names: list[str]) -> list[tuple[User, Member]]:
    return [p for p in (_official(n) for n in names) if p]


def _team_user():
    from django.contrib.auth.models import Group

    from members.demo import _staff_mfa, demo_user

    Group.objects.get_or_create(name=SUPPORT_GROUP)
    user, new = demo_user("egovframe.team@example.org", "eGovFrame Center (demo)", is_staff=True, group=SUPPORT_GROUP)
    _staff_mfa(user)
    return user, new


def _addis_developers() -> list[tuple[User, Member]]:
    from members.demo import demo_user
    from members.services import affiliation_add

    addis = _member("Addis Ababa")
    if addis is None:
        return []
    people = _people(["Addis Ababa"])
    for email, name, title in [
        ("addis-ababa.developer1@example.org", "Hirut Alemu", "Java Developer"),
        ("addis-ababa.developer2@example.org", "Yonas Tesfaye", "Web Developer"),
    ]:
        user, _new = demo_user(email, name)
        if not Affiliation.objects.filter(user=user, member=addis).exists():
            affiliation_add(member=addis, user=user, role=Affiliation.Role.OFFICIAL, title=title)
        people.append((user, addis))
    return people


def seed(*, stdout) -> str:
    from members.demo import SECRETARIAT_EMAIL

    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    programs, new_programs = _seed_programs()
    team, _new = _team_user()
    new_sessions = 0

    def session(slug, **kwargs):
        nonlocal new_sessions
        obj, created = _session(programs[slug], **kwargs)
        new_sessions += created
        return obj, created

    # --- The 2016 Seoul Program (May) -------------------------------------------------------------------
    s2016, created = session(
        "seoul-program", title="Seoul Program 2016: Big Data, IoT, ITS and Cybersecurity",
        starts_on=D(2016, 5, 23), ends_on=D(2016, 5, 27), venue="Seoul Human Resource Development Center",
        city="Seoul", country="KR", host_member=_member("Seoul"), capacity=20, language="English",
        description="Based on the best practices of WeGO President City Seoul.",
        agenda=[
            (0, (9, 30), (10, 30), K.CEREMONY, "Opening and introduction of the participants", "SHRDC"),
            (0, (10, 30), (12, 30), K.LECTURE, "Big Data in Seoul's city management", "SHRDC"),
            (0, (14, 0), (17, 0), K.PRESENTATION, "Participants present their cities' e-Government", "SHRDC"),
            (1, (9, 30), (12, 0), K.LECTURE, "The Internet of Things for city services", "SHRDC"),
            (1, (14, 0), (17, 0), K.SITE_VISIT, "Bukchon IoT Living Lab", "Bukchon, Jongno-gu"),
            (2, (9, 30), (12, 0), K.LECTURE, "Intelligent Transportation Systems", "SHRDC"),
            (2, (14, 0), (16, 30), K.SITE_VISIT, "Seoul Transport Operation and Information Service (TOPIS)", "Seoul City Hall"),
            (3, (9, 30), (12, 0), K.LECTURE, "Cybersecurity for local governments", "SHRDC"),
            (3, (13, 30), (15, 0), K.SITE_VISIT, "Seoul Data Center", "Seoul"),
            (3, (15, 30), (17, 0), K.SITE_VISIT, "S-PLEXCENTER", "Sangam-dong, Mapo-gu"),
            (3, (18, 30), (20, 30), K.EXCURSION, "Han River cruise", "Yeouido"),
            (4, (9, 30), (11, 30), K.DISCUSSION, "Discussion: applying Seoul's practices at home", "SHRDC"),
            (4, (13, 30), (15, 30), K.EXCURSION, "Bukchon Hanok Museum", "Bukchon, Jongno-gu"),
            (4, (16, 0), (17, 0), K.CEREMONY, "Closing and certificates", "SHRDC"),
        ],
    )
    if created and secretariat:
        _past_participants(
            s2016, _people(["Hanoi", "Quezon City", "Tashkent", "Dhaka South", "Ulaanbaatar", "Nairobi", "Khartoum State", "Hebron"]),
            secretariat=secretariat,
            feedback=[(5, 5, 4, 5, "The TOPIS visit was the highlight."), (4, 5, 4, 4, ""), (5, 4, 5, 5, "Please add more on open data."),
                      (4, 4, 4, 3, "A tight schedule."), (5, 5, 5, 4, "")],
        )

    # --- The 2015 eGovFrame training of Addis Ababa (in Seoul) ------------------------------------------
    egov = programs["egovframe-technical-training"]
    addis = _member("Addis Ababa")
    if addis and not TrainingRequest.objects.filter(program=egov, member=addis).exists():
        focal = _official("Addis Ababa", Affiliation.Role.FOCAL_POINT)
        if focal and secretariat:
            req = TrainingRequest.objects.create(
                program=egov, member=addis, requested_by=focal[0], location=TrainingRequest.Location.KOREA,
                venue="eGovFrame Center, Seoul", preferred_start=D(2015, 10, 12), preferred_end=D(2015, 10, 15),
                participants_expected=3, language="English", notes="We are applying the eGovFrame to our city's services.",
                status=TrainingRequest.Status.SCHEDULED, decided_by=secretariat, decided_at=_aware(D(2015, 8, 3)),
                created_at=_aware(D(2015, 7, 1)),
            )
            s_addis, _c = session(
                "egovframe-technical-training", title="eGovFrame Technical Training — Addis Ababa 2015",
                starts_on=D(2015, 10, 12), ends_on=D(2015, 10, 15), venue="eGovFrame Center", city="Seoul", country="KR",
                reserved_for=addis, capacity=3, language="English",
                agenda=[
                    (0, (9, 30), (17, 0), K.LECTURE, "The eGovFrame and its development environment", "eGovFrame Center"),
                    (1, (9, 30), (17, 0), K.HANDS_ON, "Runtime environment and common components", "eGovFrame Center"),
                    (2, (9, 30), (17, 0), K.HANDS_ON, "Mobile web UX and device API", "eGovFrame Center"),
                    (3, (9, 30), (15, 0), K.HANDS_ON, "Building a service end to end; operation environment", "eGovFrame Center"),
                    (3, (15, 30), (16, 30), K.CEREMONY, "Closing", "eGovFrame Center"),
                ],
            )
            TrainingRequest.objects.filter(pk=req.pk).update(session=s_addis)
            _past_participants(s_addis, _addis_developers(), secretariat=secretariat,
                               feedback=[(5, 5, 5, 4, "Exactly what our team needed."), (4, 5, 4, 4, "")])
            _seed_support(s_addis, team=team)

    # --- The 2016 Jeju Workshop (May) -------------------------------------------------------------------
    jeju, created = session(
        "jeju-workshop", title="Jeju Workshop 2016: Smart City and e-Government",
        starts_on=D(2016, 5, 24), ends_on=D(2016, 5, 27), venue="International Convention Center Jeju", city="Seogwipo",
        country="KR", capacity=30, language="English",
        agenda=[
            (0, (9, 0), (17, 0), K.LECTURE, "Smart City success stories in Korea and abroad", "ICC Jeju"),
            (1, (9, 0), (12, 0), K.DISCUSSION, "e-Government, Smart City and the Sustainable Development Goals", "ICC Jeju"),
            (1, (14, 0), (18, 0), K.LECTURE, "Jeju Forum for Peace and Prosperity", "ICC Jeju"),
            (2, (9, 0), (17, 0), K.SITE_VISIT, "Technical facilities of Jeju Island", "Jeju"),
            (3, (9, 0), (12, 0), K.EXCURSION, "Major attractions of Jeju Island", "Jeju"),
        ],
    )
    if created and secretariat:
        _past_participants(jeju, _people(["Jakarta", "Phnom Penh", "Seberang Perai", "Makati"]), secretariat=secretariat,
                           feedback=[(5, 4, 5, 4, "Great mix of speakers.")])

    # --- The Chengdu programs of the Asia Regional Office (2014, 2015) ---------------------------------
    c2014, created = session(
        "chengdu-e-government-training", title="e-Government Training Program in Chengdu 2014",
        starts_on=D(2014, 5, 26), ends_on=D(2014, 5, 30), venue="Nordic International Management Institute",
        city="Chengdu", country="CN", host_member=_member("Chengdu"), capacity=20, language="English",
        description="An intensive course on leadership education; Chengdu's e-Government programs and a framework for a digital smart city.",
    )
    if created and secretariat:
        _past_participants(c2014, _people(["Ulaanbaatar", "Phnom Penh"]), secretariat=secretariat)
    c2015, created = session(
        "chengdu-e-government-training", title="e-Government Training Program in Chengdu 2015",
        starts_on=D(2015, 7, 13), ends_on=D(2015, 7, 17), city="Chengdu", country="CN", host_member=_member("Chengdu"),
        capacity=30, language="English", description="A larger program, with a focus on information security.",
    )
    if created and secretariat:
        _past_participants(c2015, _people(["Bishkek", "Almaty", "Seberang Perai", "Bangkok", "Phnom Penh"]), secretariat=secretariat)

    # --- Webinars of 2014 with the World Bank (June, December) -----------------------------------------
    w1, created = session(
        "smart-cities-webinars", title="Webinar: the importance of analytics in city management",
        starts_on=D(2014, 6, 18), ends_on=D(2014, 6, 18), mode=Session.Mode.ONLINE, capacity=100, language="English",
        description="Collecting big data from citizens helps city leaders understand their people, deliver services and shape policy.",
    )
    if created and secretariat:
        _past_participants(w1, _people(["Quito", "Lima", "Kampala"]), secretariat=secretariat)
    w2, created = session(
        "smart-cities-webinars", title="Webinar: using the CeDS self-assessment, with advisers of the Ulyanovsk Region",
        starts_on=D(2014, 12, 10), ends_on=D(2014, 12, 10), mode=Session.Mode.ONLINE, capacity=100, language="English",
        description="Organised with advisers of the Ulyanovsk Region (Russia): how to use WeGO's CeDS self-assessment tool.",
    )
    if created and secretariat:
        _past_participants(w2, _people(["Kazan", "Ulyanovsk Region", "Bishkek"]), secretariat=secretariat)
    ero, created = session(
        "europe-regional-office-webinars", title="Open data and transparent government in the Ulyanovsk Region",
        starts_on=D(2015, 4, 15), ends_on=D(2015, 4, 15), mode=Session.Mode.ONLINE, capacity=100, language="English",
    )
    if created and secretariat:
        _past_participants(ero, _people(["Kazan", "Barcelona"]), secretariat=secretariat)

    # --- Upcoming sessions, open for applications ------------------------------------------------------
    today = timezone.localdate()

    def upcoming(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    seoul_next, created = session(
        "seoul-program", title=f"Seoul Program {upcoming(60).year}", starts_on=upcoming(60), ends_on=upcoming(64),
        venue="Seoul Human Resource Development Center", city="Seoul", country="KR", host_member=_member("Seoul"),
        capacity=4, language="English", application_deadline=_aware(upcoming(30)), nominations_per_member=2,
        agenda=[
            (0, (9, 30), (12, 30), K.LECTURE, "Data-driven city management", "SHRDC"),
            (1, (14, 0), (17, 0), K.SITE_VISIT, "Seoul Transport Operation and Information Service (TOPIS)", "Seoul City Hall"),
            (2, (9, 30), (12, 0), K.DISCUSSION, "Participants' e-Government projects", "SHRDC"),
            (3, (18, 30), (20, 30), K.EXCURSION, "Han River cruise", "Yeouido"),
            (4, (9, 30), (11, 30), K.CEREMONY, "Closing", "SHRDC"),
        ],
    )
    if created and secretariat:
        _upcoming_applications(seoul_next, secretariat=secretariat)
    session("jeju-workshop", title=f"Jeju Workshop {upcoming(90).year}", starts_on=upcoming(90), ends_on=upcoming(93),
            venue="International Convention Center Jeju", city="Seogwipo", country="KR", capacity=30,
            application_deadline=_aware(upcoming(50)))
    session("chengdu-e-government-training", title=f"e-Government Training Program in Chengdu {upcoming(120).year}",
            starts_on=upcoming(120), ends_on=upcoming(124), city="Chengdu", country="CN", host_member=_member("Chengdu"),
            capacity=25, application_deadline=_aware(upcoming(80)))
    session("smart-cities-webinars", title="Webinar: digital public services after the pandemic", starts_on=upcoming(30),
            ends_on=upcoming(30), mode=Session.Mode.ONLINE, online_url="https://meet.example.org/wego-smart-cities",
            capacity=200, application_deadline=_aware(upcoming(28)))
    session("europe-regional-office-webinars", title="Webinar: open data portals for regions", starts_on=upcoming(20),
            ends_on=upcoming(20), mode=Session.Mode.ONLINE, online_url="https://meet.example.org/wego-ero",
            capacity=100, application_deadline=_aware(upcoming(18)))
    _upcoming_egovframe(egov, secretariat=secretariat, upcoming=upcoming)

    summary = f"{new_programs} programs, {new_sessions} sessions created"
    return summary


def _upcoming_applications(session: Session, *, secretariat) -> None:
    """Applications to the next Seoul Program in every state: seats taken, a waiting list, nominations to make."""
    def apply(member_name: str) -> Application | None:
        person = _official(member_name)
        if person is None:
            return None
        return services.application_submit(session=session, applicant=person[0], member=person[1],
                                           data={"motivation": "Demo: to learn from Seoul's practices.", "job_title": "",
                                                 "dietary_needs": "", "visa_needed": False})

    def nominate(app: Application | None) -> Application | None:
        if app is None:
            return None
        focal = _official(app.member.name, Affiliation.Role.FOCAL_POINT)
        return services.application_nominate(application=app, by=focal[0]) if focal else None

    for name in ["Jakarta", "Tashkent", "Nairobi", "Dhaka South", "Makati"]:
        nominate(apply(name))
    services.session_allocate(session=session, by=secretariat)  # four seats, Makati waits
    nominate(apply("Quezon City"))  # nominated, waiting for the organiser
    apply("Hanoi")  # waiting for Hanoi's focal point


def _upcoming_egovframe(egov: Program, *, secretariat, upcoming) -> None:
    """Ulaanbaatar's request, scheduled at home; Nairobi's request, waiting for the Secretariat."""
    ub = _member("Ulaanbaatar")
    if ub and secretariat and not TrainingRequest.objects.filter(program=egov, member=ub).exists():
        focal = _official("Ulaanbaatar", Affiliation.Role.FOCAL_POINT)
        if focal:
            req = services.training_request_submit(program=egov, member=ub, by=focal[0], data={
                "location": TrainingRequest.Location.HOME, "venue": "Ulaanbaatar City Hall training room",
                "preferred_start": upcoming(45), "preferred_end": upcoming(48), "participants_expected": 8,
                "language": "English", "notes": "Our developers will rebuild the city's permit services.",
            })
            services.training_request_schedule(request=req, by=secretariat, starts_on=upcoming(45), ends_on=upcoming(48),
                                               capacity=8, city="Ulaanbaatar", country="MN")
    nairobi = _member("Nairobi")
    if nairobi and not TrainingRequest.objects.filter(program=egov, member=nairobi).exists():
        focal = _official("Nairobi", Affiliation.Role.FOCAL_POINT)
        if focal:
            services.training_request_submit(program=egov, member=nairobi, by=focal[0], data={
                "location": TrainingRequest.Location.KOREA, "venue": "", "preferred_start": upcoming(100),
                "preferred_end": upcoming(103), "participants_expected": 5, "language": "English",
                "notes": "We plan a county e-services portal on the eGovFrame.",
            })


def _seed_support(session: Session, *, team) -> None:
    """Two questions of Addis Ababa's alumni: one answered after a day, one still open."""
    alumni = list(session.applications.filter(status=A.ACCEPTED).select_related("applicant").order_by("pk"))
    if len(alumni) < 2 or SupportRequest.objects.filter(session=session).exists():
        return
    first = services.support_request_open(
        requester=alumni[0].applicant, session=session, subject="Common component for login with the national ID",
        question="Which common component should we extend to log citizens in with the national ID card? We use eGovFrame 3.5.",
    )
    services.support_reply(request=first, by=team, body="Extend the login common component (com.login); see the guide "
                           "on the eGovFrame portal, section 'Authentication'. We can schedule a call next week.")
    services.support_reply(request=first, by=alumni[0].applicant, body="Thank you, it works.")
    services.support_close(request=first, by=alumni[0].applicant)
    opened = _aware(session.ends_on + dt.timedelta(days=40), 10)
    answered = opened + dt.timedelta(hours=26)
    thanked = opened + dt.timedelta(days=2)
    SupportRequest.objects.filter(pk=first.pk).update(created_at=opened, first_response_at=answered,
                                                      last_activity_at=thanked, closed_at=thanked)
    question, answer, thanks = first.messages.order_by("pk")
    for message, when in ((question, opened), (answer, answered), (thanks, thanked)):
        type(message).objects.filter(pk=message.pk).update(created_at=when)
    services.support_request_open(
        requester=alumni[1].applicant, session=session, subject="Deploying on Tomcat 9",
        question="Our build deploys, but the batch module fails to start on Tomcat 9. The log is below.\n\nSEVERE: ...",
    )

