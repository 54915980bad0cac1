"""Demo data of the feasibility app. Idempotent: each block is skipped when its records exist.

- The 2015 call on Civic Participation-based Systems (CPS): Hanoi and San Fernando La Union
  selected; six-month studies; the CPS later delivered to Quezon City, Pokhara and Bharatpur
  (recorded as project outcomes); both studies published in the library.
- The thematic priorities survey of early 2016, won by m-Government, and the 2016 m-Government
  call it set; KEXIM (MOU of March 2016) funds the 2016 study. The 2016 applicants, scores and the
  economic figures are illustrative demo data, not historical records.
- An open call (Spatial Data Infrastructure) and an open survey for next year, to try the flows.
- Topics (wego.Topic) on the themes and the three calls, set through the services where a theme or
  call has none yet (so a second seed, or the Secretariat's own choice, is left alone).

The content (calls, letters, scores, messages, dates, economic figures) is in
feasibility/demo/feasibility.json. Historical records (2015/2016 letters and dates) are written
directly: the services rightly refuse letters after a call's deadline. Everything that can go through
the services does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Affiliation, Member, Partner, User
from wego.demo import SECRETARIAT_EMAIL, aware, demo_data, demo_user, iso_date
from wego.models import Topic

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
DATA = demo_data(__file__, "feasibility")
ANSWERS = DATA["answers"]
CALL_2015, SURVEY_2016, CALL_2016 = DATA["call_2015"], DATA["survey_2016"], DATA["call_2016"]
OPEN_CALL, OPEN_SURVEY = DATA["open_call"], DATA["open_survey"]
SCORE_CODES = ["commitment", "alignment", "partnership", "sustainability", "implementation"]


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _user(email: str, name: str) -> User:
    return demo_user(email, name)[0]


def _focal(member: Member) -> User | None:
    affiliation = Affiliation.objects.focal_points().of(member).select_related("user").first()
    return affiliation.user if affiliation else None


def _members(*names: str) -> dict[str, Member]:
    found = {m.name: m for m in Member.objects.filter(name__in=names)}
    return {name: found[name] for name in names if name in found}


def _themes() -> dict[str, Theme]:
    return {
        key: Theme.objects.get_or_create(name=row["name"], defaults={"description": row["description"]})[0]
        for key, row in DATA["themes"].items()
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


def _score(review: Review, values: list[int], comment: str) -> None:
    services.review_save(
        review=review, by=review.reviewer.user, scores=dict(zip(SCORE_CODES, values, strict=True)),
        overall_comment=comment, submit=True,
    )


def _economics(project: Project, spec: dict, *, by: User) -> None:
    services.economics_save(
        project=project, by=by, discount_rate=Decimal(spec["discount_rate"]), start_year=spec["start_year"],
        currency=spec["currency"], notes=spec["notes"], years=[dict(year) for year in spec["years"]],
    )


def _publish_call(spec: dict, themes, secretariat: User, **extra) -> Call:
    """A past call, created through the service and published at its historic date."""
    call = services.call_create(
        year=spec["year"], title=spec["title"], theme=themes[spec["theme"]], cities_to_select=spec["cities_to_select"],
        by=secretariat, opens_at=aware(spec["opens_at"]), closes_at=aware(spec["closes_at"]),
        description=spec["description"], **extra,
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.PUBLISHED, published_at=aware(spec["opens_at"]))
    call.refresh_from_db()
    return call


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


def _follow_up_2015(project: Project, *, secretariat: User) -> Project:
    """A 2015 study after its final report: outcome, implementation reports, consent, closing, publication."""
    spec = CALL_2015
    project = services.project_begin_follow_up(project=project, by=secretariat)
    member = project.beneficiary
    outcome = spec["outcome"]
    services.outcome_record(
        project=project, member=member, by=secretariat, delivered_on=iso_date(outcome["delivered_on"]),
        title=outcome["title"], description=outcome["description"],
    )
    focal = _focal(member)
    dates = {name: aware(value) for name, value in spec["dates"].items()}
    if focal:
        for report in project.implementation_reports.all():
            services.implementation_report_submit(report=report, by=focal, **spec["implementation_report"])
        services.project_give_consent(project=project, by=focal)
        project = services.project_close(project=project, by=secretariat)
        project = services.project_publish(
            project=project, by=secretariat, outcome_summary=spec["outcome_summary"].format(city=member.name),
        )
        Project.objects.filter(pk=project.pk).update(
            closed_at=dates["closed_at"], consent_at=dates["consent_at"], published_at=dates["published_at"],
        )
    Project.objects.filter(pk=project.pk).update(
        started_at=dates["started_at"], draft_report_at=dates["draft_report_at"],
        final_report_at=dates["final_report_at"],
    )
    reports = spec["implementation_reports"]
    for year in (1, 2):
        when = str(spec["year"] + year)
        ImplementationReport.objects.filter(project=project, year_number=year).update(
            due_on=iso_date(reports["due"].format(year=when)), submitted_at=aware(reports["submitted_at"].format(year=when))
        )
    return project


def _seed_2015(themes, secretariat, consultant, reviewer) -> int:
    spec = CALL_2015
    if Call.objects.filter(year=spec["year"], title=spec["title"]).exists():
        return 0
    further = spec["further_outcomes"]
    cities = _members(*[row["member"] for row in spec["letters"]], *further["members"])
    if any(row["member"] not in cities for row in spec["letters"]):
        return 0
    call = _publish_call(spec, themes, secretariat)
    letters = [_historic_letter(call, cities[row["member"]], row["submitted_at"]) for row in spec["letters"]]
    services.reviewer_add(call=call, user=secretariat, by=secretariat)
    services.reviewer_add(call=call, user=reviewer, country=DATA["reviewer"]["country"], by=secretariat)
    services.reviews_assign_automatically(call=call, by=secretariat)
    who = {secretariat.pk: "secretariat", reviewer.pk: "reviewer"}
    for review in Review.objects.filter(letter__call=call).select_related("letter__member", "reviewer__user"):
        values = spec["scores"][review.letter.member.name][who[review.reviewer.user_id]]
        _score(review, values, spec["review_comment"])
    projects = []
    for letter in letters:
        projects.append(services.letter_select(letter=letter, by=secretariat, message=spec["selection_message"]))
    services.call_decide(call=call, by=secretariat)
    Call.objects.filter(pk=call.pk).update(decided_at=aware(spec["decided_at"]))
    LetterOfIntent.objects.filter(call=call).update(decided_at=aware(spec["decided_at"]))

    finished = []
    for project in projects:
        project = _run_study(project, secretariat=secretariat, lead=consultant, start=dt.date.fromisoformat(spec["study_start"]),
                             final=True)
        finished.append(_follow_up_2015(project, secretariat=secretariat))
    projects = finished

    source = next(p for p in projects if p.beneficiary.name == further["project_of"])
    for name in further["members"]:
        if name in cities:
            services.outcome_record(
                project=source, member=cities[name], by=secretariat, delivered_on=iso_date(further["delivered_on"]),
                title=further["title"], description=further["description"],
            )
    economics = spec["economics"]
    _economics(next(p for p in projects if p.beneficiary.name == economics["project_of"]), economics, by=consultant)
    return len(projects)


def _seed_survey_2016(themes, secretariat) -> ThemeSurvey:
    spec = SURVEY_2016
    survey = services.survey_create(
        title=spec["title"], year=spec["year"], themes=[themes[k] for k in spec["themes"]], by=secretariat,
        description=spec["description"],
    )
    survey = services.survey_open(survey=survey, by=secretariat)
    members = _members(*[name for name, _first in spec["ballots"]])
    for name, first in spec["ballots"]:
        member = members.get(name)
        focal = _focal(member) if member else None
        if member and focal and member.status == Member.Status.ACTIVE:
            services.ranking_submit(survey=survey, member=member, by=focal,
                                    ordered_themes=[themes[k] for k in spec["orders"][first]])
    services.survey_close(survey=survey, by=secretariat)
    services.survey_choose_theme(survey=survey, theme=themes[spec["chosen"]], by=secretariat)
    ThemeSurvey.objects.filter(pk=survey.pk).update(**{name: aware(value) for name, value in spec["dates"].items()})
    survey.refresh_from_db()
    return survey


def _seed_2016(themes, secretariat, consultant, reviewer) -> int:
    spec = CALL_2016
    if Call.objects.filter(year=spec["year"], title=spec["title"]).exists():
        return 0
    survey = ThemeSurvey.objects.filter(title=SURVEY_2016["title"]).first() or _seed_survey_2016(themes, secretariat)
    call = _publish_call(spec, themes, secretariat, survey=survey)
    applicants = _members(*spec["letters"])
    letters = {name: _historic_letter(call, member, spec["submitted_at"]) for name, member in applicants.items()}
    if not letters:
        return 0
    services.reviewer_add(call=call, user=secretariat, by=secretariat)
    services.reviewer_add(call=call, user=reviewer, country=DATA["reviewer"]["country"], by=secretariat)
    services.reviews_assign_automatically(call=call, by=secretariat)
    for name, letter in letters.items():
        for review, scores in zip(letter.reviews.order_by("reviewer__user__email"), spec["scores"][name], strict=False):
            _score(review, scores, spec["review_comment"])
    chosen = spec["chosen"] if spec["chosen"] in letters else next(iter(letters))
    project = services.letter_select(letter=letters[chosen], by=secretariat, message=spec["selection_message"])
    for name, letter in letters.items():
        if name != chosen:
            services.letter_reject(letter=letter, by=secretariat, message=spec["rejection_message"])
    services.call_decide(call=call, by=secretariat)
    funding = spec["funding"]
    funder = Partner.objects.filter(acronym=funding["partner"]).first()
    if funder:
        services.project_set_funding(project=project, partner=funder, agreement=funding["agreement"],
                                     agreement_on=iso_date(funding["agreement_on"]), by=secretariat)
    project = _run_study(project, secretariat=secretariat, lead=consultant, start=dt.date.fromisoformat(spec["study_start"]),
                         final=False)
    _economics(project, spec["economics"], by=consultant)
    return 1


def _seed_open(themes, secretariat) -> int:
    created = 0
    now = timezone.now()
    spec = OPEN_CALL
    if not Call.objects.filter(title=spec["title"]).exists():
        call = services.call_create(
            year=now.year, title=spec["title"], theme=themes[spec["theme"]], cities_to_select=spec["cities_to_select"],
            by=secretariat, opens_at=now - dt.timedelta(days=spec["opened_days_ago"]),
            closes_at=now + dt.timedelta(days=spec["closes_in_days"]), description=spec["description"],
        )
        document = spec["document"]
        services.call_document_add(call=call, title=document["title"], file=_pdf(document["file"]), by=secretariat)
        services.call_publish(call=call, by=secretariat)
        name = spec["draft_letter_of"]
        member = _members(name).get(name)
        focal = _focal(member) if member else None
        if member and focal:
            services.letter_save_draft(call=call, member=member, by=focal,
                                       data={"commitment": ANSWERS["commitment"].format(city=name)})
        created += 1
    spec = OPEN_SURVEY
    if not ThemeSurvey.objects.filter(title=spec["title"]).exists():
        survey = services.survey_create(
            title=spec["title"], year=now.year + 1, by=secretariat, themes=[themes[k] for k in spec["themes"]],
            closes_at=now + dt.timedelta(days=spec["closes_in_days"]), description=spec["description"],
        )
        services.survey_open(survey=survey, by=secretariat)
        created += 1
    return created


def _known(codes: list[str]) -> list[str]:
    """The codes of topics in the vocabulary (seeded before this app by wego.demo.seed_topics)."""
    have = set(Topic.objects.filter(code__in=codes).values_list("code", flat=True))
    return [code for code in codes if code in have]


def _seed_topics(themes: dict[str, Theme], secretariat: User) -> int:
    """Give the demo themes and calls their topics where they have none yet; the number tagged."""
    tagged = 0
    for key, theme in themes.items():
        codes = _known(DATA["themes"][key].get("topics", []))
        if codes and not theme.topics.exists():
            services.theme_update(theme=theme, name=theme.name, description=theme.description, topics=codes,
                                  by=secretariat)
            tagged += 1
    for spec in (CALL_2015, CALL_2016, OPEN_CALL):
        codes = _known(spec.get("topics", []))
        call = Call.objects.filter(title=spec["title"]).first()
        if codes and call is not None and not call.topics.exists():
            services.call_update(call=call, topics=codes, by=secretariat)
            tagged += 1
    return tagged


def seed(*, stdout) -> str:
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is None:
        return "skipped (no Secretariat account: seed members first)"
    consultant = _user(DATA["consultant"]["email"], DATA["consultant"]["name"])
    reviewer = _user(DATA["reviewer"]["email"], DATA["reviewer"]["name"])
    themes = _themes()
    projects_2015 = _seed_2015(themes, secretariat, consultant, reviewer)
    projects_2016 = _seed_2016(themes, secretariat, consultant, reviewer)
    opened = _seed_open(themes, secretariat)
    tagged = _seed_topics(themes, secretariat)
    return (
        f"{projects_2015} projects of 2015, {projects_2016} of 2016, {opened} open call/survey created; "
        f"topics set on {tagged} themes and calls; "
        f"{consultant.email} (consultant) and {reviewer.email} (external reviewer) use the demo password"
    )
