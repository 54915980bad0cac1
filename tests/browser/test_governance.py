"""A delegate votes in a secret election and finds their receipt in the list of counted ballots."""

import pytest

from governance import services
from governance.models import Election, SecretBallot, VoterRecord
from tests.factories.governance import election_in_voting, staff_user, voters

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def open_election(transactional_db):
    staff = staff_user()
    rows = voters(4, prefix="Browser City")
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=[m for m, _ in rows[:3]], by=staff,
                                  seats=2, title="Executive Committee 2026")
    return staff, rows, election


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_delegate_votes_and_finds_the_receipt_without_javascript(browser, live_server, open_election):
    staff, rows, election = open_election
    _member, delegate = rows[3]
    context = browser.new_context(java_script_enabled=False)  # the whole flow works without JavaScript
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, live_server.url, delegate.email)
        page.goto(f"{live_server.url}/governance/votes/")
        page.get_by_role("link", name="Vote: Executive Committee 2026").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Executive Committee 2026"
        # Three candidates marked: refused with a clear message, nothing counted.
        for name in (rows[0][0].name, rows[1][0].name, rows[2][0].name):
            page.get_by_label(name).check()
        page.get_by_role("button", name="Cast the vote").click()
        assert "Choose at most 2 candidates; you chose 3." in page.content()
        assert not VoterRecord.objects.filter(election=election).exists()
        page.get_by_label(rows[2][0].name).uncheck()
        page.get_by_role("button", name="Cast the vote").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Your vote is recorded"
        receipt = page.locator("#receipt-code").inner_text().strip()
        assert SecretBallot.objects.get(election=election).receipt == receipt

        # Voting closes; the delegate looks the receipt up in the published list of counted ballots.
        services.election_close_voting(election=election, by=staff, reason="The chair closed the vote.")
        page.goto(f"{live_server.url}/governance/elections/{election.pk}/ballots/")
        assert page.get_by_role("cell", name=receipt).is_visible()
        page.get_by_label("Your receipt code").fill(receipt)
        page.get_by_role("button", name="Find my ballot").click()
        assert "Found: this ballot is counted." in page.content()
    finally:
        context.close()


def test_governance_pages_are_accessible_and_fit_a_narrow_screen(browser, live_server, open_election):
    staff, rows, election = open_election
    member, delegate = rows[3]
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, live_server.url, delegate.email)
        ballot = f"/governance/votes/{election.pk}/{member.pk}/"
        for path in ("/governance/", "/governance/vice-presidents/", "/governance/elections/",
                     f"/governance/elections/{election.pk}/", "/governance/votes/", ballot):
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
            assert_accessible(page)
        page.goto(f"{live_server.url}{ballot}")
        page.get_by_label(rows[0][0].name).check()
        page.get_by_role("button", name="Cast the vote").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Your vote is recorded"
        assert_accessible(page)
        keys = [str(c.pk) for c in election.candidacies.all()]
        for other, other_delegate in rows[:2]:
            services.election_vote_cast(election=election, member=other, by=other_delegate, choices=keys[:1])
        services.election_close_voting(election=election, by=staff, reason="test")
        services.election_tally(election=election, by=staff)
        services.election_certify(election=election, by=staff)
        for path in (f"/governance/elections/{election.pk}/results/", f"/governance/elections/{election.pk}/ballots/"):
            page.goto(f"{live_server.url}{path}")
            assert_accessible(page)
    finally:
        context.close()
