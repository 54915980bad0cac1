"""Thematic priorities: one ranking per member, Borda count, the chosen theme sets the call."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from feasibility import selectors, services
from feasibility.models import ThemeRanking, ThemeSurvey
from members.models import Affiliation, Member
from tests.factories.feasibility import ThemeFactory, ThemeSurveyFactory
from tests.factories.members import AffiliationFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return [ThemeFactory(name=n) for n in ("Civic participation", "m-Government", "Spatial data infrastructure")]


@pytest.fixture
def survey(themes, secretariat):
    survey = services.survey_create(title="Priorities 2016", year=2016, themes=themes, by=secretariat)
    return services.survey_open(survey=survey, by=secretariat)


def focal(member):
    return AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user


def test_survey_needs_two_themes(secretariat):
    survey = services.survey_create(title="One", year=2016, themes=[ThemeFactory()], by=secretariat)
    with pytest.raises(ValidationError, match="at least two themes"):
        services.survey_open(survey=survey, by=secretariat)


def test_borda_count_against_hand_computed_points(survey, themes):
    a, b, c = themes
    # n = 3 themes: 1st → 2 points, 2nd → 1, 3rd → 0.
    # [A, B, C], [B, A, C], [B, C, A]  →  A = 2+1+0 = 3, B = 1+2+2 = 5, C = 0+0+1 = 1
    for order in ([a, b, c], [b, a, c], [b, c, a]):
        member = MemberFactory()
        services.ranking_submit(survey=survey, member=member, ordered_themes=order, by=focal(member))
    results = list(selectors.survey_results(survey=survey))
    assert [(t.name, t.points, t.first_places) for t in results] == [
        ("m-Government", 5, 2),
        ("Civic participation", 3, 1),
        ("Spatial data infrastructure", 1, 0),
    ]
    assert results[0].mean_position == pytest.approx(4 / 3)


def test_results_of_a_survey_without_rankings_are_zero(survey):
    assert {t.points for t in selectors.survey_results(survey=survey)} == {0}


def test_borda_counts_only_this_surveys_rankings(survey, themes, secretariat):
    other = services.survey_open(
        survey=services.survey_create(title="Other", year=2017, themes=themes, by=secretariat), by=secretariat
    )
    member = MemberFactory()
    user = focal(member)
    services.ranking_submit(survey=other, member=member, ordered_themes=themes, by=user)
    assert {t.points for t in selectors.survey_results(survey=survey)} == {0}


def test_each_member_ranks_once(survey, themes):
    member = MemberFactory()
    user = focal(member)
    services.ranking_submit(survey=survey, member=member, ordered_themes=themes, by=user)
    with pytest.raises(ValidationError, match="already ranked"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=list(reversed(themes)), by=user)


def test_the_database_refuses_a_second_ranking(survey):
    member = MemberFactory()
    ThemeRanking.objects.create(survey=survey, member=member)
    with pytest.raises(IntegrityError):
        ThemeRanking.objects.create(survey=survey, member=member)


def test_only_the_focal_point_ranks(survey, themes):
    member = MemberFactory()
    official = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    with pytest.raises(ValidationError, match="Only the focal point"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=themes, by=official)
    other_focal = focal(MemberFactory())
    with pytest.raises(ValidationError, match="Only the focal point"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=themes, by=other_focal)


def test_only_active_members_rank(survey, themes):
    member = MemberFactory(status=Member.Status.SUSPENDED)
    with pytest.raises(ValidationError, match="active members"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=themes, by=focal(member))


@pytest.mark.parametrize("order", ["missing", "duplicate"])
def test_every_theme_is_ranked_exactly_once(survey, themes, order):
    member = MemberFactory()
    ordered = themes[:2] if order == "missing" else [themes[0], themes[0], themes[1]]
    with pytest.raises(ValidationError, match="exactly once"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=ordered, by=focal(member))


def test_closed_or_expired_survey_refuses_rankings(survey, themes, secretariat):
    member = MemberFactory()
    ThemeSurvey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="not open"):
        services.ranking_submit(survey=survey, member=member, ordered_themes=themes, by=focal(member))


def test_chosen_theme_sets_the_call(survey, themes, secretariat):
    with pytest.raises(ValidationError, match="Close the survey"):
        services.survey_choose_theme(survey=survey, theme=themes[1], by=secretariat)
    services.survey_close(survey=survey, by=secretariat)
    services.survey_choose_theme(survey=survey, theme=themes[1], by=secretariat)
    survey.refresh_from_db()
    assert survey.status == "decided" and survey.chosen_theme == themes[1]
    now = timezone.now()
    with pytest.raises(ValidationError, match="must take up that theme"):
        services.call_create(
            year=2016, title="F/S 2016", theme=themes[0], description="d", opens_at=now,
            closes_at=now + dt.timedelta(days=30), survey=survey, by=secretariat,
        )
    call = services.call_create(
        year=2016, title="F/S 2016", theme=themes[1], description="d", opens_at=now,
        closes_at=now + dt.timedelta(days=30), survey=survey, by=secretariat,
    )
    assert call.theme == themes[1] and call.survey == survey


def test_theme_outside_the_survey_cannot_be_chosen(survey, secretariat):
    services.survey_close(survey=survey, by=secretariat)
    with pytest.raises(ValidationError, match="not one of this survey"):
        services.survey_choose_theme(survey=survey, theme=ThemeFactory(name="Other"), by=secretariat)


def test_survey_factory_defaults(db):
    assert ThemeSurveyFactory().themes.count() == 3
