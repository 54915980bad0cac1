"""A judge scores an entry and a visitor votes, in the browser (no JavaScript needed); axe finds nothing grave."""

import pytest

from awards.models import Assignment, Edition, Score, Vote
from tests.factories import UserFactory
from tests.factories.awards import assign, make_edition, make_entry, make_finalists, make_judge

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_judge_scores_an_entry(browser, live_server, transactional_db):
    edition = make_edition(status=Edition.Status.JUDGING)
    judge = make_judge(edition=edition, country="GB", user=UserFactory(email="judge@example.net", name="Helen Carter"))
    entry = make_entry(edition=edition, country="KR", title="Seoul Open Data Plaza")
    own = make_entry(edition=edition, country="GB", title="London Datastore")
    assignment = assign(judge, entry)
    criteria = list(edition.criteria.order_by("order"))

    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, judge.user.email)
    page.goto(f"{live_server.url}/awards/judge/")
    assert own.title not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Seoul Open Data Plaza").click()
    assert axe_violations(page) == []
    for criterion, value in zip(criteria, ["8", "7", "9", "6", "10"], strict=True):
        page.get_by_label(f"Score (1 lowest – 10 highest) — {criterion.name}").select_option(value)
    page.get_by_label(f"Comment — {criteria[0].name}").fill("A clear, tested approach.")
    page.get_by_role("button", name="Save draft").click()
    assert "Scores saved as a draft" in page.content()
    page.get_by_role("button", name="Submit my scores").click()
    assert "are submitted" in page.content()
    ctx.close()

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SUBMITTED
    assert sorted(Score.objects.filter(judge=judge).values_list("score", flat=True)) == [6, 7, 8, 9, 10]
    assert Score.objects.get(judge=judge, criterion=criteria[0]).comment == "A clear, tested approach."


def test_a_visitor_signs_in_and_votes(browser, live_server, transactional_db):
    edition = make_edition(status=Edition.Status.VOTING)
    finalists = make_finalists(edition=edition, category=edition.categories.get(code="open-city"))
    voter = UserFactory(email="citizen@example.net")
    chosen = finalists[3].entry

    ctx = browser.new_context(viewport={"width": 320, "height": 800})
    page = ctx.new_page()
    page.goto(f"{live_server.url}/awards/vote/")
    assert "Sign in" in page.content()
    assert axe_violations(page) == []
    sign_in(page, live_server.url, voter.email)
    page.goto(f"{live_server.url}/awards/vote/")
    page.get_by_label(f"{chosen.title} — {chosen.organisation_name}").check()
    page.get_by_role("button", name="Vote in Open City").click()
    assert "your vote for" in page.content()
    assert f"You voted for “{chosen.title}”" in page.content()
    assert page.get_by_role("button", name="Vote in Open City").count() == 0
    assert axe_violations(page) == []
    # The page fits 320 px: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    ctx.close()
    assert list(Vote.objects.values_list("user__email", "entry_id")) == [(voter.email, chosen.pk)]
