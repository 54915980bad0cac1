"""Review: conflicts of interest, scores, hidden scores, ranking with spread, selection."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from feasibility import selectors, services
from feasibility.models import Call, LetterOfIntent, Project, Review
from members.models import Affiliation
from tests.factories.feasibility import ReviewerFactory, SubmittedLetterFactory
from tests.factories.members import AffiliationFactory, MemberFactory, UserFactory

from .conftest import close_call

pytestmark = pytest.mark.django_db

ALL_FIVE = {"commitment": 5, "alignment": 4, "partnership": 4, "sustainability": 5, "implementation": 2}


def scores(*values):
    return dict(zip(["commitment", "alignment", "partnership", "sustainability", "implementation"], values, strict=True))


@pytest.fixture
def letters(call, hanoi, manila, hanoi_focal):
    a = SubmittedLetterFactory(call=call, member=hanoi, submitted_by=hanoi_focal)
    b = SubmittedLetterFactory(call=call, member=manila, contact_email="ict@sanfernando.example.org")
    close_call(call)
    return a, b


def test_automatic_assignment_skips_the_applicants_city_and_country(call, letters, hanoi, secretariat):
    a, b = letters
    neutral = ReviewerFactory(call=call, country="DE")
    from_vietnam = ReviewerFactory(call=call, country="VN")
    hanoi_staff = ReviewerFactory(call=call, country="", user=AffiliationFactory(member=hanoi).user)
    danang = MemberFactory(name="Da Nang", country="VN")
    danang_staff = ReviewerFactory(call=call, country="", user=AffiliationFactory(member=danang).user)
    result = services.reviews_assign_automatically(call=call, by=secretariat)
    pairs = set(Review.objects.values_list("reviewer_id", "letter_id"))
    assert pairs == {
        (neutral.pk, a.pk), (neutral.pk, b.pk),
        (from_vietnam.pk, b.pk), (hanoi_staff.pk, b.pk), (danang_staff.pk, b.pk),
    }
    assert result["created"] == 5 and len(result["skipped"]) == 3
    reasons = " ".join(reason for _r, _l, reason in result["skipped"])
    assert "acts for Hanoi" in reasons and "Vietnam" in reasons
    # Safe to run again: nothing new.
    assert services.reviews_assign_automatically(call=call, by=secretariat)["created"] == 0


def test_manual_assignment_of_a_conflicted_reviewer_is_refused(call, letters, hanoi, secretariat):
    a, _b = letters
    with pytest.raises(ValidationError, match="Conflict of interest"):
        services.review_assign(reviewer=ReviewerFactory(call=call, country="VN"), letter=a, by=secretariat)
    with pytest.raises(ValidationError, match="acts for Hanoi"):
        services.review_assign(
            reviewer=ReviewerFactory(call=call, country="", user=AffiliationFactory(member=hanoi).user),
            letter=a, by=secretariat,
        )
    review = services.review_assign(reviewer=ReviewerFactory(call=call), letter=a, by=secretariat)
    with pytest.raises(ValidationError, match="already assigned"):
        services.review_assign(reviewer=review.reviewer, letter=a, by=secretariat)


def test_no_assignment_while_the_call_is_open(theme, hanoi, secretariat):
    from tests.factories.feasibility import CallFactory

    call = CallFactory(theme=theme)
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    with pytest.raises(ValidationError, match="when the call has closed"):
        services.review_assign(reviewer=ReviewerFactory(call=call), letter=letter, by=secretariat)
    with pytest.raises(ValidationError, match="when the call has closed"):
        services.reviews_assign_automatically(call=call, by=secretariat)


def test_reviewer_kind_follows_the_user(call, secretariat):
    assert services.reviewer_add(call=call, user=secretariat, by=secretariat).kind == "secretariat"
    assert services.reviewer_add(call=call, user=UserFactory(), country="DE", by=secretariat).kind == "external"
    with pytest.raises(ValidationError, match="already on the panel"):
        services.reviewer_add(call=call, user=secretariat, by=secretariat)


def test_any_reviewer_can_declare_a_conflict_with_a_reason(call, letters, secretariat):
    a, _b = letters
    review = services.review_assign(reviewer=ReviewerFactory(call=call), letter=a, by=secretariat)
    user = review.reviewer.user
    with pytest.raises(ValidationError, match="Say what the conflict"):
        services.review_declare_conflict(review=review, by=user, reason="  ")
    with pytest.raises(ValidationError, match="Only the reviewer"):
        services.review_declare_conflict(review=review, by=UserFactory(), reason="x")
    review = services.review_declare_conflict(review=review, by=user, reason="I advised Hanoi in 2014.")
    assert review.status == "conflict" and review.conflict_reason == "I advised Hanoi in 2014."
    with pytest.raises(ValidationError, match="can no longer change"):
        services.review_save(review=review, by=user, scores=ALL_FIVE, submit=True)


def test_scores_are_1_to_5_and_all_five_before_submitting(call, letters, secretariat):
    a, _b = letters
    review = services.review_assign(reviewer=ReviewerFactory(call=call), letter=a, by=secretariat)
    user = review.reviewer.user
    with pytest.raises(ValidationError) as exc:
        services.review_save(review=review, by=user, scores={**ALL_FIVE, "alignment": 6})
    assert "score_alignment" in exc.value.message_dict
    review = services.review_save(review=review, by=user, scores={"commitment": 3}, comments={"commitment": "Fair"})
    assert review.status == "assigned" and review.score_commitment == 3
    with pytest.raises(ValidationError) as exc:
        services.review_save(review=review, by=user, scores={"commitment": 3}, submit=True)
    assert set(exc.value.message_dict) == {"score_alignment", "score_partnership", "score_sustainability",
                                           "score_implementation"}
    with pytest.raises(ValidationError, match="Only the assigned reviewer"):
        services.review_save(review=review, by=UserFactory(), scores=ALL_FIVE, submit=True)
    review = services.review_save(review=review, by=user, scores=ALL_FIVE, submit=True)
    assert review.status == "submitted" and review.mean == 4.0
    with pytest.raises(ValidationError, match="can no longer change"):
        services.review_save(review=review, by=user, scores=ALL_FIVE, submit=True)


def test_others_scores_stay_hidden_until_ones_own_is_submitted(call, letters, secretariat):
    a, _b = letters
    first = services.review_assign(reviewer=ReviewerFactory(call=call), letter=a, by=secretariat)
    second = services.review_assign(reviewer=ReviewerFactory(call=call), letter=a, by=secretariat)
    services.review_save(review=first, by=first.reviewer.user, scores=ALL_FIVE, submit=True)
    assert selectors.reviews_visible_to(user=second.reviewer.user, letter=a) == []
    services.review_save(review=second, by=second.reviewer.user, scores=scores(2, 2, 2, 2, 2), submit=True)
    visible = selectors.reviews_visible_to(user=second.reviewer.user, letter=a)
    assert {r.pk for r in visible} == {first.pk, second.pk}
    assert len(selectors.reviews_visible_to(user=secretariat, letter=a)) == 2


def test_ranking_shows_mean_spread_and_every_score(call, letters, secretariat):
    a, b = letters
    r1, r2 = ReviewerFactory(call=call), ReviewerFactory(call=call)
    r3 = ReviewerFactory(call=call)
    # Letter A: reviewer means 4.0 (5,4,4,5,2) and 3.0 (3,3,3,3,3) → mean 3.5, population SD 0.5, range 3–4.
    # Letter B: one reviewer mean 4.0 → mean 4.0, SD 0; a pending review and a conflict do not count.
    for reviewer, letter, values in ((r1, a, (5, 4, 4, 5, 2)), (r2, a, (3, 3, 3, 3, 3)), (r1, b, (4, 4, 4, 4, 4))):
        review = services.review_assign(reviewer=reviewer, letter=letter, by=secretariat)
        services.review_save(review=review, by=reviewer.user, scores=scores(*values), submit=True)
    services.review_assign(reviewer=r2, letter=b, by=secretariat)
    conflict = services.review_assign(reviewer=r3, letter=b, by=secretariat)
    services.review_declare_conflict(review=conflict, by=r3.user, reason="Former colleague")
    ranking = list(selectors.call_ranking(call=call))
    assert [letter.pk for letter in ranking] == [b.pk, a.pk]
    top, second = ranking
    assert top.mean_score == pytest.approx(4.0) and top.spread_sd == pytest.approx(0.0)
    assert (top.review_count, top.pending_count, top.conflict_count) == (1, 1, 1)
    assert second.mean_score == pytest.approx(3.5)
    assert second.spread_sd == pytest.approx(0.5)
    assert (second.lowest, second.highest) == (pytest.approx(3.0), pytest.approx(4.0))
    assert second.mean_commitment == pytest.approx(4.0) and second.mean_implementation == pytest.approx(2.5)
    assert sorted(r.scores() for r in second.submitted_reviews) == [[3, 3, 3, 3, 3], [5, 4, 4, 5, 2]]


def test_selection_creates_the_project_and_tells_the_city(
    call, letters, secretariat, hanoi_focal, django_capture_on_commit_callbacks
):
    a, b = letters
    with pytest.raises(ValidationError, match="Tell the city why"):
        services.letter_reject(letter=b, by=secretariat, message="")
    with django_capture_on_commit_callbacks(execute=True):
        project = services.letter_select(letter=a, by=secretariat, message="Congratulations.")
    a.refresh_from_db()
    assert a.status == "selected" and project.beneficiary == a.member
    assert project.deliverables.count() == 21
    # This call selects one city.
    with pytest.raises(ValidationError, match="one city and it is already selected"):
        services.letter_select(letter=b, by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_reject(letter=b, by=secretariat, message="Please apply again next year.")
    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) == 2
    assert hanoi_focal.email in mail.outbox[0].to
    assert "selected" in subjects[0].lower()
    assert "Please apply again next year." in mail.outbox[1].body
    decided = services.call_decide(call=call, by=secretariat)
    assert decided.status == Call.Status.DECIDED
    with pytest.raises(ValidationError, match="selection of this call is closed"):
        services.letter_reject(letter=LetterOfIntent.objects.get(pk=b.pk), by=secretariat, message="x")


def test_no_decision_before_the_deadline(theme, hanoi, secretariat):
    from tests.factories.feasibility import CallFactory

    letter = SubmittedLetterFactory(call=CallFactory(theme=theme), member=hanoi)
    with pytest.raises(ValidationError, match="after the call closes"):
        services.letter_select(letter=letter, by=secretariat)
    assert not Project.objects.exists()


def test_drafts_are_never_decided_and_decide_needs_every_letter(call, letters, hanoi, secretariat):
    other = MemberFactory(country="TH")
    late = LetterOfIntent.objects.create(call=call, member=other)
    with pytest.raises(ValidationError, match="Only a submitted letter"):
        services.letter_select(letter=late, by=secretariat)
    with pytest.raises(ValidationError, match="still wait for a decision"):
        services.call_decide(call=call, by=secretariat)


def test_focal_point_role_is_not_needed_to_apply(call, hanoi):
    # Any official of the member may write and submit.
    user = AffiliationFactory(member=hanoi, role=Affiliation.Role.OFFICIAL).user
    assert user.affiliations.get().role == "official"
