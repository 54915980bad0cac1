"""Demo data of the feasibility app. Idempotent: each block is skipped when its records exist.

- The 2015 call on Civic Participation-based Systems (CPS): Hanoi and San Fernando La Union
  selected; six-month studies; the CPS later delivered to Quezon City, Pokhara and Bharatpur
  (recorded as project outcomes); both studies published in the library.
- The thematic priorities survey of early 2016, won by m-Government, and the 2016 m-Government
  call it set; KEXIM (MOU of March 2016) funds the 2016 study. The 2016 applicants, scores and the
  economic figures are illustrative demo data, not historical records.
- An open 2026 call (Spatial Data Infrastructure) and an open survey for 2027, to try the flows.

Historical records (2015/2016 letters and dates) are written directly: the services rightly
refuse letters after a call's deadline. Everything that can go through the services does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Affiliation, Member, Partner, User
from wego.demo import aware

from . import services
from .models import (
    Call,
    Deliverable,
    ImplementationReport,
    LetterOfIntent,
    Project,
    ProjectConsultant,
    Review,
    Theme,
    ThemeSurvey,
)

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
SECRETARIAT_EMAIL = "secretariat@example.org"
CPS_2015 = "F/S Project 2015: Civic Participation-based Systems"
MGOV_2016 = "F/S Project 2016: m-Government System"
SDI_2026 = "F/S Project 2026: Spatial Data Infrastructure"
SURVEY_2016 = "Thematic priorities 2016"
SURVEY_2027 = "Thematic priorities 2027"

THEMES = {
    "cps": ("Civic Participation-based Systems",
            "Systems that collect and manage citizens' complaints and proposals and let them follow the answers."),
    "mgov": ("m-Government", "Public services and information delivered on mobile phones."),
    "sdi": ("Spatial Data Infrastructure",
            "Shared spatial data on urban facilities such as networks, pipelines and electricity."),
    "open_data": ("Open data platforms", "Publishing the city's data for re-use by citizens and businesses."),
}


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _user(email: str, name: str) -> User:
    from members.demo import demo_user

    return demo_user(email, name)[0]


def _focal(member: Member) -> User | None:
    affiliation = member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).select_related("user").first()
    return affiliation.user if affiliation else None


def _members(*names: str) -> dict[str, Member]:
    found = {m.name: m for m in Member.objects.filter(name__in=names)}
    return {name: found[name] for name in names if name in found}


def _themes() -> dict[str, Theme]:
    return {
        key: Theme.objects.get_or_create(name=name, defaults={"description": description})[0]
        for key, (name, description) in THEMES.items()
    }


ANSWERS = {
    "commitment": "{city} has adopted an e-Government master plan that puts every resident, including the poor, "
                  "the elderly and people with disabilities, at the centre of its digital services.",
    "alignment": "The project follows the national ICT strategy and the city's own digital transformation "
                 "programme approved by the city council.",
    "partnership": "A task force of officials from the ICT department and the service departments will work with "
                   "the consultants, arrange interviews and surveys and provide office space and data.",
    "sustainability": "Operating costs are planned in the city's budget and trained staff will run the system "
                      "after the study.",
    "implementation": "The mayor commits to implement the study's recommendations and to report on them to WeGO.",
}


def _historic_letter(call: Call, member: Member, submitted: str) -> LetterOfIntent:
    letter, _created = LetterOfIntent.objects.get_or_create(
        call=call, member=member,
        defaults={
            **{k: v.format(city=member.name) for k, v in ANSWERS.items()},
            "status": LetterOfIntent.Status.SUBMITTED,
            "submitted_at": aware(submitted),
            "submitted_by": _focal(member),
            "created_by": _focal(member),
            "contact_name": getattr(_focal(member), "name", ""),
            "contact_email": getattr(_focal(member), "email", ""),
            "signed_letter": _pdf(f"letter-{member.slug}-{call.year}.pdf"),
        },
    )
    return letter


def _score(review: Review, values: tuple[int, ...], comment: str) -> None:
    codes = ["commitment", "alignment", "partnership", "sustainability", "implementation"]
    services.review_save(
        review=review, by=review.reviewer.user, scores=dict(zip(codes, values, strict=True)),
        overall_comment=comment, submit=True,
    )


def _run_study(project: Project, *, secretariat: User, lead: User, start: dt.date, final: bool) -> Project:
    """Drive a project through its lifecycle with the services (start → draft → final report)."""
    project = services.project_plan(project=project, starts_on=start, by=secretariat)
    services.consultant_add(project=project, user=lead, role=ProjectConsultant.Role.LEAD, by=secretariat)
    project = services.project_start(project=project, by=lead)
    for deliverable in project.deliverables.all():
        services.deliverable_update(
            deliverable=deliverable, by=lead, owner=lead, status=Deliverable.Status.IN_REVIEW,
            due_on=start + dt.timedelta(days=120),
        )
    if not final:
        return project
    project = services.project_deliver_draft_report(project=project, by=lead)
    for deliverable in project.deliverables.all():
        services.deliverable_update(deliverable=deliverable, by=lead, status=Deliverable.Status.ACCEPTED)
    return services.project_deliver_final_report(
        project=project, by=lead, report=_pdf(f"fs-{project.beneficiary.slug}-final-report.pdf")
    )


def _seed_2015(themes, secretariat, consultant, reviewer) -> int:
    if Call.objects.filter(year=2015, title=CPS_2015).exists():
        return 0
    cities = _members("Hanoi", "San Fernando La Union", "Quezon City", "Pokhara", "Bharatpur")
    if "Hanoi" not in cities or "San Fernando La Union" not in cities:
        return 0
    call = services.call_create(
        year=2015, title=CPS_2015, theme=themes["cps"], cities_to_select=2, by=secretariat,
        opens_at=aware("2015-02-02T09:00"), closes_at=aware("2015-03-31T18:00"),
        description=(
            "WeGO offers its member cities a six-month feasibility study of adopting a Civic Participation-based "
            "System (CPS), with a focus on efficiently collecting and managing citizens' complaints. "
            "Interested members send a letter of intent showing their interest, readiness and willingness."
        ),
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLISHED, published_at=aware("2015-02-02T09:00"))
    call.refresh_from_db()
    letters = [
        _historic_letter(call, cities["Hanoi"], "2015-03-20T10:00"),
        _historic_letter(call, cities["San Fernando La Union"], "2015-03-27T15:30"),
    ]
    services.reviewer_add(call=call, user=secretariat, by=secretariat)
    services.reviewer_add(call=call, user=reviewer, country="KR", by=secretariat)
    services.reviews_assign_automatically(call=call, by=secretariat)
    scores = {("Hanoi", secretariat.pk): (5, 5, 4, 4, 5), ("Hanoi", reviewer.pk): (4, 5, 5, 4, 4),
              ("San Fernando La Union", secretariat.pk): (5, 4, 5, 4, 4),
              ("San Fernando La Union", reviewer.pk): (4, 4, 5, 5, 4)}
    for review in Review.objects.filter(letter__call=call).select_related("letter__member", "reviewer__user"):
        _score(review, scores[(review.letter.member.name, review.reviewer.user_id)], "Strong commitment.")
    projects = []
    for letter in letters:
        projects.append(services.letter_select(
            letter=letter, by=secretariat,
            message="Congratulations: your city is a main beneficiary of the WeGO F/S Project 2015.",
        ))
    services.call_decide(call=call, by=secretariat)
    Call.objects.filter(pk=call.pk).update(decided_at=aware("2015-04-20T10:00"))
    LetterOfIntent.objects.filter(call=call).update(decided_at=aware("2015-04-20T10:00"))

    finished = []
    for project in projects:
        project = _run_study(project, secretariat=secretariat, lead=consultant, start=dt.date(2015, 5, 4), final=True)
        project = services.project_begin_follow_up(project=project, by=secretariat)
        member = project.beneficiary
        services.outcome_record(
            project=project, member=member, by=secretariat, delivered_on=dt.date(2015, 12, 15),
            title="Civic Participation-based System (demo version) delivered",
            description="WeGO's IT consultants developed a demo version of the CPS and delivered it to the city.",
        )
        focal = _focal(member)
        if focal:
            for report in project.implementation_reports.all():
                services.implementation_report_submit(
                    report=report, by=focal,
                    progress="The CPS collects citizens' complaints city-wide; answers are tracked by department.",
                    next_steps="Extend the system to the districts and publish response times.",
                )
            services.project_give_consent(project=project, by=focal)
            project = services.project_close(project=project, by=secretariat)
            project = services.project_publish(
                project=project, by=secretariat,
                outcome_summary=(
                    f"A six-month consultation on adopting a Civic Participation-based System in {member.name}, "
                    "focused on collecting and managing citizens' complaints. The 2015 project was WeGO's first "
                    "feasibility study with practical outcomes: an actual system was delivered."
                ),
            )
            Project.objects.filter(pk=project.pk).update(
                closed_at=aware("2017-12-20T09:00"), consent_at=aware("2016-01-15T09:00"),
                published_at=aware("2016-02-01T09:00"),
            )
        Project.objects.filter(pk=project.pk).update(
            started_at=aware("2015-05-04T09:00"), draft_report_at=aware("2015-09-15T09:00"),
            final_report_at=aware("2015-11-30T09:00"),
        )
        for year in (1, 2):
            ImplementationReport.objects.filter(project=project, year_number=year).update(
                due_on=dt.date(2015 + year, 11, 30), submitted_at=aware(f"{2015 + year}-11-25T09:00")
            )
        finished.append(project)
    projects = finished

    hanoi_project = next(p for p in projects if p.beneficiary.name == "Hanoi")
    for name in ("Quezon City", "Pokhara", "Bharatpur"):
        if name in cities:
            services.outcome_record(
                project=hanoi_project, member=cities[name], by=secretariat, delivered_on=dt.date(2016, 6, 30),
                title="Civic Participation-based System delivered",
                description="The actual CPS developed in the 2015 project, provided to a further WeGO member.",
            )
    services.economics_save(
        project=hanoi_project, by=consultant, discount_rate=Decimal("8"), start_year=2016, currency="USD",
        notes="Illustrative figures (demo): development in year 0; operation and savings in complaint handling after.",
        years=[{"cost": 400_000, "benefit": 0, "note": "Development and roll-out"},
               {"cost": 90_000, "benefit": 150_000}, {"cost": 60_000, "benefit": 260_000},
               *[{"cost": 60_000, "benefit": 300_000} for _ in range(5)]],
    )
    return len(projects)


def _seed_2016(themes, secretariat, consultant, reviewer) -> int:
    if Call.objects.filter(year=2016, title=MGOV_2016).exists():
        return 0
    survey = ThemeSurvey.objects.filter(title=SURVEY_2016).first()
    if survey is None:
        survey = services.survey_create(
            title=SURVEY_2016, year=2016, themes=[themes["cps"], themes["mgov"], themes["sdi"]], by=secretariat,
            description="Which theme should the 2016 feasibility study take? Rank the themes for your city.",
        )
        survey = services.survey_open(survey=survey, by=secretariat)
        orders = {
            "mgov": ["mgov", "cps", "sdi"], "sdi": ["sdi", "mgov", "cps"], "cps": ["cps", "mgov", "sdi"],
        }
        ballots = [
            ("Hanoi", "mgov"), ("Quezon City", "mgov"), ("Tashkent", "mgov"), ("Dhaka South", "mgov"),
            ("Ulaanbaatar", "mgov"), ("Phnom Penh", "mgov"), ("Jakarta", "sdi"), ("Chengdu", "sdi"),
            ("Makati", "cps"), ("Colombo", "cps"),
        ]
        members = _members(*[name for name, _first in ballots])
        for name, first in ballots:
            member = members.get(name)
            focal = _focal(member) if member else None
            if focal and member.status == Member.Status.ACTIVE:
                services.ranking_submit(survey=survey, member=member, by=focal,
                                        ordered_themes=[themes[k] for k in orders[first]])
        services.survey_close(survey=survey, by=secretariat)
        services.survey_choose_theme(survey=survey, theme=themes["mgov"], by=secretariat)
        ThemeSurvey.objects.filter(pk=survey.pk).update(
            created_at=aware("2016-01-11T09:00"), opened_at=aware("2016-01-11T09:00"),
            closes_at=aware("2016-02-29T18:00"), decided_at=aware("2016-03-07T09:00"),
        )
        survey.refresh_from_db()
    call = services.call_create(
        year=2016, title=MGOV_2016, theme=themes["mgov"], survey=survey, cities_to_select=1, by=secretariat,
        opens_at=aware("2016-04-04T09:00"), closes_at=aware("2016-05-31T18:00"),
        description=(
            "In 2016 WeGO studies the feasibility of implementing an m-Government System in member cities, the "
            "theme chosen from the thematic priorities the members ranked early in 2016. Additional studies are "
            "funded under the MOU with the Export-Import Bank of Korea (KEXIM)."
        ),
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLISHED, published_at=aware("2016-04-04T09:00"))
    call.refresh_from_db()
    applicants = _members("Ulaanbaatar", "Dhaka North", "Phnom Penh")
    letters = {name: _historic_letter(call, member, "2016-05-20T11:00") for name, member in applicants.items()}
    if not letters:
        return 0
    services.reviewer_add(call=call, user=secretariat, by=secretariat)
    services.reviewer_add(call=call, user=reviewer, country="KR", by=secretariat)
    services.reviews_assign_automatically(call=call, by=secretariat)
    values = {"Ulaanbaatar": [(5, 5, 4, 5, 5), (4, 5, 4, 4, 5)], "Dhaka North": [(4, 4, 3, 3, 4), (3, 4, 4, 3, 3)],
              "Phnom Penh": [(4, 3, 4, 3, 3), (2, 3, 3, 3, 2)]}
    for name, letter in letters.items():
        for review, scores in zip(letter.reviews.order_by("reviewer__user__email"), values[name], strict=False):
            _score(review, scores, "Illustrative demo score.")
    chosen = "Ulaanbaatar" if "Ulaanbaatar" in letters else next(iter(letters))
    project = services.letter_select(letter=letters[chosen], by=secretariat,
                                     message="Your city is selected for the 2016 m-Government feasibility study.")
    for name, letter in letters.items():
        if name != chosen:
            services.letter_reject(
                letter=letter, by=secretariat,
                message="Thank you for your strong letter. WeGO could select only one city this year; "
                        "please apply again to the next call.",
            )
    services.call_decide(call=call, by=secretariat)
    kexim = Partner.objects.filter(acronym="KEXIM").first()
    if kexim:
        services.project_set_funding(project=project, partner=kexim, agreement="WeGO–KEXIM MOU of March 2016 (demo)",
                                     agreement_on=dt.date(2016, 3, 24), by=secretariat)
    project = _run_study(project, secretariat=secretariat, lead=consultant, start=dt.date(2016, 7, 1), final=False)
    services.economics_save(
        project=project, by=consultant, discount_rate=Decimal("8"), start_year=2017, currency="USD",
        notes="Illustrative figures (demo): platform and apps in year 0; savings in counter services and travel after.",
        years=[{"cost": 850_000, "benefit": 0, "note": "Platform, apps, training"},
               {"cost": 180_000, "benefit": 220_000}, {"cost": 120_000, "benefit": 380_000},
               {"cost": 120_000, "benefit": 460_000}, {"cost": 130_000, "benefit": 500_000},
               {"cost": 130_000, "benefit": 520_000},
               *[{"cost": 140_000, "benefit": 530_000} for _ in range(4)]],
    )
    return 1


def _seed_open(themes, secretariat) -> int:
    created = 0
    now = timezone.now()
    if not Call.objects.filter(title=SDI_2026).exists():
        call = services.call_create(
            year=now.year, title=SDI_2026, theme=themes["sdi"], cities_to_select=2, by=secretariat,
            opens_at=now - dt.timedelta(days=7), closes_at=now + dt.timedelta(days=60),
            description="A feasibility study on Spatial Data Infrastructure: discovering and sharing data on urban "
                        "facilities such as networks, pipelines and electricity. Open to active WeGO members.",
        )
        services.call_document_add(call=call, title="Terms of reference", file=_pdf("sdi-terms-of-reference.pdf"),
                                   by=secretariat)
        services.call_publish(call=call, by=secretariat)
        tashkent = _members("Tashkent").get("Tashkent")
        focal = _focal(tashkent) if tashkent else None
        if focal:
            services.letter_save_draft(call=call, member=tashkent, by=focal,
                                       data={"commitment": ANSWERS["commitment"].format(city="Tashkent")})
        created += 1
    if not ThemeSurvey.objects.filter(title=SURVEY_2027).exists():
        survey = services.survey_create(
            title=SURVEY_2027, year=now.year + 1, by=secretariat,
            themes=[themes["mgov"], themes["sdi"], themes["open_data"], themes["cps"]],
            closes_at=now + dt.timedelta(days=45),
            description="Rank the themes your city most wants WeGO to study next year.",
        )
        services.survey_open(survey=survey, by=secretariat)
        created += 1
    return created


def seed(*, stdout) -> str:
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is None:
        return "skipped (no Secretariat account: seed members first)"
    consultant = _user("consultant@example.org", "Lee Jae-won (WeGO IT consultant, demo)")
    reviewer = _user("reviewer@example.org", "Dr. Anna Weber (external reviewer, demo)")
    themes = _themes()
    projects_2015 = _seed_2015(themes, secretariat, consultant, reviewer)
    projects_2016 = _seed_2016(themes, secretariat, consultant, reviewer)
    opened = _seed_open(themes, secretariat)
    return (
        f"{projects_2015} projects of 2015, {projects_2016} of 2016, {opened} open call/survey created; "
        "consultant@example.org (consultant) and reviewer@example.org (external reviewer) use the demo password"
    )
