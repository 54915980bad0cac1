"""Judging: recusal (own city and country never assigned, never visible), conflicts, scores, the ranking."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards import selectors, services
from awards.models import Assignment, Edition, Entry, Judge, Score
from tests.factories import MemberFactory, UserFactory
from tests.factories.awards import assign, make_edition, make_entry, make_judge, score_entry

pytestmark = pytest.mark.django_db
S = Edition.Status


@pytest.fixture
def edition():
    return make_edition(status=S.JUDGING)


@pytest.fixture
def services_cat(edition):
    return edition.categories.get(code="services")


# --- recusal -------------------------------------------------------------------------------------

def test_own_country_is_never_assigned_by_hand(edition, services_cat, secretariat):
    judge = make_judge(edition=edition, country="KR")
    korean = make_entry(edition=edition, category=services_cat, country="KR")
    with pytest.raises(ValidationError, match="own country"):
        services.assignment_create(judge=judge, entry=korean, by=secretariat)
    assert not Assignment.objects.exists()


def test_own_city_is_never_assigned_even_across_a_border_change(edition, services_cat, secretariat):
    seoul = MemberFactory(name="Seoul", country="KR")
    judge = make_judge(edition=edition, country="JP", member=seoul)  # e.g. a Seoul official seconded abroad
    entry = make_entry(edition=edition, category=services_cat, member=seoul)
    with pytest.raises(ValidationError, match="own city"):
        services.assignment_create(judge=judge, entry=entry, by=secretariat)
    by_name = make_judge(edition=edition, country="JP", city="Da Nang")
    danang = make_entry(edition=edition, category=services_cat, organisation_name="Da  Nang", country="VN")
    with pytest.raises(ValidationError, match="own city"):
        services.assignment_create(judge=by_name, entry=danang, by=secretariat)


def test_the_database_refuses_an_own_country_assignment(edition, services_cat):
    judge = make_judge(edition=edition, country="KR")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(judge=judge, entry=entry, judge_country="KR", entry_country="KR")


def test_spread_is_even_and_never_gives_own_city_or_country(edition, services_cat, secretariat):
    seoul = MemberFactory(name="Seoul", country="KR")
    judges = [
        make_judge(edition=edition, country="KR", categories=[services_cat]),
        make_judge(edition=edition, country="VN", categories=[services_cat]),
        make_judge(edition=edition, country="PH", categories=[services_cat]),
        make_judge(edition=edition, country="ES", categories=[services_cat]),
    ]
    entries = [
        make_entry(edition=edition, category=services_cat, country=c)
        for c in ["KR", "KR", "VN", "PH", "ES", "UZ", "KE", "ID"]
    ]
    entries.append(make_entry(edition=edition, category=services_cat, member=seoul))
    make_entry(edition=edition, category=services_cat, country="KR", status=Entry.Status.INELIGIBLE)
    result = services.assignments_spread(category=services_cat, per_entry=2, by=secretariat)
    assert result == {"created": 18, "short": []}
    for a in Assignment.objects.select_related("judge", "entry"):
        assert str(a.judge.country) != str(a.entry.country)
        assert services.judge_conflict(a.judge, a.entry) == ""
    loads = sorted(Assignment.objects.filter(judge__in=judges).values_list("judge_id", flat=True))
    counts = sorted(loads.count(j.pk) for j in judges)
    assert counts[-1] - counts[0] <= 1  # even: 18 over 4 judges → 4 or 5 each
    # Running again creates nothing; raising the number per entry tops up.
    assert services.assignments_spread(category=services_cat, per_entry=2, by=secretariat)["created"] == 0
    again = services.assignments_spread(category=services_cat, per_entry=4, by=secretariat)
    # Entries from KR (3), VN, PH and ES can get 3 judges at most (their compatriot is excluded): 6 short.
    assert len(again["short"]) == 6
    assert Assignment.objects.count() == 18 + 6 * 1 + 3 * 2


def test_spread_reports_entries_without_enough_judges(edition, services_cat, secretariat):
    make_judge(edition=edition, country="KR", categories=[services_cat])
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    result = services.assignments_spread(category=services_cat, per_entry=1, by=secretariat)
    assert result == {"created": 0, "short": [entry.pk]}


def test_own_country_entries_are_never_visible_even_if_an_assignment_exists(edition, services_cat):
    judge = make_judge(edition=edition, country="VN")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    assignment = assign(judge, entry)
    assert selectors.assignment_list_for_judge(user=judge.user) == [assignment]
    # The judge's profile is corrected afterwards: they come from Korea after all.
    Judge.objects.filter(pk=judge.pk).update(country="KR")
    assert selectors.assignment_list_for_judge(user=judge.user) == []
    with pytest.raises(Assignment.DoesNotExist):
        selectors.assignment_get_for_judge(user=judge.user, pk=assignment.pk)
    judge.refresh_from_db()
    with pytest.raises(ValidationError, match="own city or country"):
        services.scores_save(assignment=assignment, values={}, by=judge.user)


def test_own_city_entries_are_never_visible(edition, services_cat):
    seoul = MemberFactory(name="Seoul", country="KR")
    judge = make_judge(edition=edition, country="JP", member=seoul)
    entry = make_entry(edition=edition, category=services_cat, member=seoul)
    Assignment.objects.create(judge=judge, entry=entry, judge_country="JP", entry_country="KR")
    assert selectors.assignment_list_for_judge(user=judge.user) == []


def test_a_judge_declares_a_conflict(edition, services_cat):
    judge = make_judge(edition=edition, country="VN")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    assignment = assign(judge, entry)
    criterion = edition.criteria.first()
    services.scores_save(assignment=assignment, values={criterion.pk: (7, "")}, by=judge.user)
    with pytest.raises(ValidationError, match="Say briefly"):
        services.assignment_declare_conflict(assignment=assignment, reason=" ", by=judge.user)
    with pytest.raises(ValidationError, match="Only the judge"):
        services.assignment_declare_conflict(assignment=assignment, reason="x", by=UserFactory())
    services.assignment_declare_conflict(assignment=assignment, reason="I advised this project.", by=judge.user)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECUSED
    assert not Score.objects.filter(judge=judge).exists()
    assert selectors.assignment_list_for_judge(user=judge.user) == []


# --- scores ---------------------------------------------------------------------------------------

def test_scores_save_draft_then_submit_then_frozen(edition, services_cat):
    judge = make_judge(edition=edition, country="VN")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    assignment = assign(judge, entry)
    criteria = list(edition.criteria.order_by("order"))
    services.scores_save(assignment=assignment, values={criteria[0].pk: (8, "Good")}, by=judge.user)
    with pytest.raises(ValidationError, match="Score every criterion"):
        services.scores_save(assignment=assignment, values={}, by=judge.user, submit=True)
    with pytest.raises(ValidationError, match="between 1"):
        services.scores_save(assignment=assignment, values={criteria[1].pk: (11, "")}, by=judge.user)
    with pytest.raises(ValidationError, match="between 1"):
        services.scores_save(assignment=assignment, values={criteria[1].pk: (0, "")}, by=judge.user)
    values = {c.pk: (v, f"comment {v}") for c, v in zip(criteria, [8, 7, 9, 6, 10], strict=True)}
    services.scores_save(assignment=assignment, values=values, by=judge.user, submit=True)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SUBMITTED
    assert Score.objects.filter(judge=judge, entry=entry, submitted_at__isnull=False).count() == 5
    with pytest.raises(ValidationError, match="can no longer change"):
        services.scores_save(assignment=assignment, values=values, by=judge.user)


def test_only_the_assigned_judge_scores_and_only_while_judging(services_cat, edition):
    judge = make_judge(edition=edition, country="VN")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    assignment = assign(judge, entry)
    with pytest.raises(ValidationError, match="Only the assigned judge"):
        services.scores_save(assignment=assignment, values={}, by=UserFactory())
    Edition.objects.filter(pk=edition.pk).update(status=S.SHORTLIST)
    with pytest.raises(ValidationError, match="closed"):
        services.scores_save(assignment=assignment, values={}, by=judge.user)


def test_the_database_allows_one_score_per_judge_entry_criterion_within_1_to_10(edition, services_cat):
    judge = make_judge(edition=edition, country="VN")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    criterion = edition.criteria.first()
    Score.objects.create(judge=judge, entry=entry, criterion=criterion, score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(judge=judge, entry=entry, criterion=criterion, score=6)
    other = edition.criteria.last()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(judge=judge, entry=entry, criterion=other, score=11)


def test_other_judges_scores_are_hidden_until_submission(edition, services_cat):
    a, b = make_judge(edition=edition, country="VN"), make_judge(edition=edition, country="PH")
    entry = make_entry(edition=edition, category=services_cat, country="KR")
    score_entry(a, entry, 9)
    mine = assign(b, entry)
    assert selectors.criterion_means_after_submission(assignment=mine) == {}
    criteria = list(edition.criteria.all())
    services.scores_save(assignment=mine, values={c.pk: (5, "") for c in criteria}, by=b.user, submit=True)
    mine.refresh_from_db()
    means = selectors.criterion_means_after_submission(assignment=mine)
    assert set(means.values()) == {7.0}


# --- ranking from the database: the hand-computed table of test_scoring -------------------------

def test_category_ranking_matches_the_hand_computed_table(edition, services_cat):
    """Judges A (lenient), B (harsh), C (flat) as in test_scoring; E1…E4 scored through criteria means."""
    A = make_judge(edition=edition, country="US")
    B = make_judge(edition=edition, country="GB")
    C = make_judge(edition=edition, country="FR")
    e1, e2, e3, e4 = (make_entry(edition=edition, category=services_cat, country="KR", title=t) for t in "ABCD")
    score_entry(A, e1, [10, 10, 10, 10, 10])
    score_entry(A, e2, [8, 7, 9, 8, 8])  # mean 8
    score_entry(B, e1, [4, 4, 5, 3, 4])  # mean 4
    score_entry(B, e2, [2, 2, 2, 2, 2])
    score_entry(B, e3, [4, 4, 4, 4, 4])
    score_entry(B, e4, [2, 1, 3, 2, 2])  # mean 2
    score_entry(C, e3, [6, 6, 6, 6, 6])
    score_entry(C, e4, [6, 6, 6, 6, 6])
    # A draft (unsubmitted) score never counts:
    D = make_judge(edition=edition, country="DE")
    score_entry(D, e4, [10, 10, 10, 10, 10], submitted=False)

    ranking = selectors.category_ranking(category=services_cat, method="normalised")
    got = {r.entry.title: (r.position, round(r.stats.mean, 4), r.stats.median, r.stats.spread,
                           round(r.stats.normalised, 4)) for r in ranking.rows}
    assert got == {
        "A": (1, 7.0, 7.0, 3.0, 7.0),
        "C": (2, 5.0, 5.0, 1.0, 6.25),
        "D": (3, 4.0, 4.0, 2.0, 4.75),
        "B": (4, 5.0, 5.0, 3.0, 4.0),
    }
    first = next(r for r in ranking.rows if r.entry.title == "A")
    assert first.criterion_means == [7.0, 7.0, 7.5, 6.5, 7.0]
    raw = selectors.category_ranking(category=services_cat, method="raw_mean")
    assert [(r.position, r.entry.title) for r in raw.rows] == [(1, "A"), (2, "B"), (2, "C"), (4, "D")]


def test_ranking_query_count_does_not_grow(edition, services_cat, django_assert_max_num_queries):
    judges = [make_judge(edition=edition, country=c) for c in ("US", "GB", "FR")]
    for i in range(12):
        entry = make_entry(edition=edition, category=services_cat, country="KR")
        for j, judge in enumerate(judges):
            score_entry(judge, entry, (i + j) % 10 + 1)
    with django_assert_max_num_queries(4):
        ranking = selectors.category_ranking(category=services_cat)
    assert len(ranking.rows_ranked) == 12
