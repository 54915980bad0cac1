"""The demo data: the 2015 CPS call, the 2016 survey and m-Government call, KEXIM; idempotent."""

import io

import pytest

from feasibility.models import (
    Call,
    LetterOfIntent,
    Project,
    ProjectOutcome,
    Review,
    ThemeRanking,
    ThemeSurvey,
)

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Call, LetterOfIntent, Project, ProjectOutcome, Review, ThemeRanking, ThemeSurvey)]


def test_demo_seed_is_complete_and_idempotent(django_capture_on_commit_callbacks, settings):
    from feasibility import demo
    from feasibility.selectors import survey_results
    from members import demo as members_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        members_demo.seed(stdout=out)
        demo.seed(stdout=out)
    first = counts()

    cps = Call.objects.get(year=2015)
    assert cps.status == "decided" and cps.theme.name == "Civic Participation-based Systems"
    assert sorted(cps.letters.filter(status="selected").values_list("member__name", flat=True)) == [
        "Hanoi", "San Fernando La Union"]
    receivers = set(ProjectOutcome.objects.filter(project__letter__call=cps).values_list("member__name", flat=True))
    assert {"Quezon City", "Pokhara", "Bharatpur", "Hanoi", "San Fernando La Union"} <= receivers
    assert Project.objects.filter(letter__call=cps, published_at__isnull=False).count() == 2

    survey = ThemeSurvey.objects.get(year=2016)
    assert survey.chosen_theme.name == "m-Government"
    assert next(iter(survey_results(survey=survey))).name == "m-Government"
    mgov = Call.objects.get(year=2016)
    assert mgov.survey == survey and mgov.theme.name == "m-Government"
    funded = Project.objects.get(letter__call=mgov)
    assert funded.funding_partner.acronym == "KEXIM"
    assert funded.economic_analysis.years.count() == 10

    assert Call.objects.get(title__contains="Spatial Data").phase == "open"

    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=out)
    assert counts() == first
