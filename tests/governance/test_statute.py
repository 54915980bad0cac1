"""The governance rules that follow a sentence of the WeGO Statute (issue 20, points 3, 4 and 5).

Each test quotes, in its docstring, the sentence it follows.
"""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services
from governance.models import Election, ElectionLogEntry, HostBid, Meeting, OfficeTerm
from governance.statute import QUORUM_SENTENCE
from governance.verification import verify_election
from members.models import Member
from tests.factories.governance import (
    GeneralAssemblyFactory,
    MeetingFactory,
    close_and_tally,
    file_candidates,
    voters,
    window,
)
from tests.factories.members import MemberFactory
from tests.governance.conftest import unpaid_invoice, vote_all

pytestmark = pytest.mark.django_db

PART_V = "A quorum of WeGO shall consist of more than one-third of the total members, which each full member city shall have one vote."


@pytest.fixture
def membership():
    """6 Full members in good standing with delegates (the roll); 1 Full member with fees due unpaid; 2 Associate
    members, 1 Friendship and 1 Corporate member, active; and members that are not counted at all: a withdrawn
    Full member, a suspended Associate and an applicant.

    Counts: all members 11, in good standing 10, Full members 7, Full members on the roll 6."""
    rows = voters(6, prefix="Roll City")
    unpaid = MemberFactory(name="Unpaid Full City")
    unpaid_invoice(unpaid)
    for i in range(2):
        MemberFactory(name=f"Associate City {i}", category=Member.Category.ASSOCIATE)
    MemberFactory(name="Friendship Association", kind=Member.Kind.ASSOCIATION, category=Member.Category.FRIENDSHIP)
    MemberFactory(name="Corporate Partner", kind=Member.Kind.COMPANY, category=Member.Category.CORPORATE)
    MemberFactory(name="Withdrawn City", status=Member.Status.WITHDRAWN)
    MemberFactory(name="Suspended City", category=Member.Category.ASSOCIATE, status=Member.Status.SUSPENDED)
    MemberFactory(name="Applicant City", category="", status=Member.Status.APPLICANT)
    return rows


def _election(staff, rows, **fields):
    opens, closes = window()
    election = services.election_create(title="Executive Committee 2027", kind=Election.Kind.EXECUTIVE_COMMITTEE, by=staff,
                                        seats=1, voting_opens_at=opens, voting_closes_at=closes, **fields)
    services.election_open_nominations(election=election, by=staff)
    file_candidates(election, [rows[0][0], rows[1][0]], by=staff)
    return election


def _freeze_and_open(election, staff):
    services.election_freeze_roll(election=election, by=staff)
    services.election_open_voting(election=election, by=staff)
    election.refresh_from_db()
    return election


def _logged(election, action):
    return ElectionLogEntry.objects.filter(election=election, action=action).order_by("-seq").first()


# --- 3. the quorum's base ----------------------------------------------------------------------------


def test_the_sentence_shown_is_the_statute_s():
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." — the constant the pages and the API show is that sentence, word for word."""
    assert QUORUM_SENTENCE == PART_V


def test_the_default_base_is_all_members_and_the_roll_stays_the_full_members_in_good_standing(membership, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." The default counts the total members (every active member, any category) while only
    the Full members in good standing are on the roll; the choice is written in the log at creation and the freeze."""
    election = _election(staff, membership)
    assert election.quorum_base_rule == Election.QuorumBase.ALL_MEMBERS
    assert _logged(election, "created").data["quorum_rule"] == "all_members"
    election = _freeze_and_open(election, staff)
    assert election.roll_size == 6
    assert election.members_at_freeze == 11
    assert election.quorum_base == 11
    frozen = _logged(election, "roll_frozen").data
    assert frozen["quorum_rule"] == "all_members" and frozen["quorum_base"] == 11 and frozen["members"] == 11
    assert election.quorum_line == "Quorum: 4 of 11 members (more than one third of all members, statute Part V)"


@pytest.mark.parametrize(("rule", "base", "met_with_4"), [
    ("all_members", 11, True),      # 4 × 3 = 12 > 11
    ("good_standing", 10, True),    # 12 > 10
    ("full_members", 7, True),
    ("roll", 6, True),
])
def test_each_base_counts_its_members_at_the_freeze(membership, staff, rule, base, met_with_4):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." Each reading, chosen on the election, is counted on the members at the freeze."""
    election = _freeze_and_open(_election(staff, membership, quorum_base_rule=rule), staff)
    assert (election.roll_size, election.quorum_base) == (6, base)
    assert (election.members_at_freeze, election.members_in_good_standing_at_freeze, election.full_members_at_freeze) == (
        11, 10, 7,
    )
    vote_all(election, membership[:4])
    election = close_and_tally(election, by=staff)
    assert election.result["quorum"] == {"base": base, "voters": 4, "needed": base // 3 + 1, "met": met_with_4}


@pytest.mark.parametrize(("rule", "met_with_3"), [
    ("all_members", False),   # 3 of 11: 9 is not more than 11
    ("good_standing", False),  # 9 is not more than 10
    ("full_members", True),   # 9 > 7
    ("roll", True),           # 9 > 6
])
def test_the_base_decides_whether_three_voters_make_a_quorum(membership, staff, rule, met_with_3):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." Three of the six Full members on the roll vote: a quorum of the Full members, not
    of the total members."""
    election = _freeze_and_open(_election(staff, membership, quorum_base_rule=rule), staff)
    vote_all(election, membership[:3])
    election = close_and_tally(election, by=staff)
    assert election.quorum_met is met_with_3
    assert (election.outcome == "no_quorum") is (not met_with_3)
    assert verify_election(election) == []


def test_an_absolute_majority_is_counted_on_the_roll_whatever_the_quorum_base(membership, staff):
    """Part V: "… which each full member city shall have one vote": an absolute majority of the members is a
    majority of the Full members on the roll (6 here: 4 yes carry it), not of the total members (11)."""
    opens, closes = window()
    motion = services.motion_create(title="Amend the Statute", text="Amend Part V.", by=staff, kind="statute_amendment",
                                    threshold="absolute_members", voting_opens_at=opens, voting_closes_at=closes)
    election = _freeze_and_open(motion.election, staff)
    assert election.quorum_base == 11
    vote_all(election, membership[:4], lambda i, k: ["yes"])
    election = close_and_tally(election, by=staff)
    assert election.result["threshold"]["needed"] == 4
    assert election.outcome == "accepted"
    assert verify_election(election) == []


def test_changing_the_base_before_the_freeze_is_logged_and_audited(membership, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." The base is an explicit choice: each change before the freeze is in the election
    log and the audit log, with its reason; the freeze then uses the chosen base."""
    from wego.models import AuditEntry

    election = _election(staff, membership)
    services.election_set_quorum_base(election=election, by=staff, rule="full_members", reason="Decision EC 2027/3")
    entry = _logged(election, "quorum_base_set")
    assert entry.data == {"from": "all_members", "to": "full_members", "reason": "Decision EC 2027/3"}
    assert AuditEntry.objects.filter(action="governance.election.quorum_base_set", actor=staff).count() == 1
    election = _freeze_and_open(election, staff)
    assert election.quorum_base == 7 and _logged(election, "roll_frozen").data["quorum_rule"] == "full_members"


def test_a_draft_s_base_changed_through_the_admin_path_is_logged_too(membership, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, …" A draft's settings
    changed with election_update (the admin's save) log the base change as its own entry."""
    opens, closes = window()
    election = services.election_create(title="Draft", kind="executive_committee", by=staff, seats=2,
                                        voting_opens_at=opens, voting_closes_at=closes)
    services.election_update(election=election, by=staff, quorum_base_rule="roll", seats=3)
    assert _logged(election, "quorum_base_set").data == {"from": "all_members", "to": "roll", "reason": ""}
    assert _logged(election, "updated").data == {"seats": 3}


def test_the_base_is_fixed_with_the_roll_and_a_later_change_is_refused_plainly(membership, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, …" The base is fixed
    when the roll is frozen: a later change is refused in plain words, and nothing is written."""
    election = _freeze_and_open(_election(staff, membership), staff)
    length = election.log_length
    with pytest.raises(ValidationError, match="fixed with the roll and can no longer be changed"):
        services.election_set_quorum_base(election=election, by=staff, rule="roll", reason="late")
    election.refresh_from_db()
    assert election.quorum_base_rule == "all_members" and election.quorum_base == 11 and election.log_length == length


def test_the_console_offers_the_choice_with_the_sentence_and_refuses_it_after_the_freeze(client, membership, staff_with_mfa):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." The Secretariat's forms show the sentence beside the choice; after the freeze the
    console says plainly that the base is fixed."""
    client.force_login(staff_with_mfa)
    form_page = client.get(reverse("governance_staff:election_new")).content.decode()
    assert PART_V in form_page and "All members: every active member of WeGO" in form_page
    election = _election(staff_with_mfa, membership)
    page = client.get(reverse("governance_staff:election", args=[election.pk])).content.decode()
    assert "Set the quorum base" in page and PART_V in page
    response = client.post(reverse("governance_staff:election_action", args=[election.pk, "quorum_base"]),
                           {"quorum_base_rule": "good_standing", "reason": "Secretariat's reading"}, follow=True)
    assert "The quorum base is set." in response.content.decode()
    election.refresh_from_db()
    assert election.quorum_base_rule == "good_standing"
    _freeze_and_open(election, staff_with_mfa)
    response = client.post(reverse("governance_staff:election_action", args=[election.pk, "quorum_base"]),
                           {"quorum_base_rule": "roll"}, follow=True)
    assert response.status_code == 200
    assert "fixed with the roll and can no longer be changed" in response.content.decode()
    election.refresh_from_db()
    assert election.quorum_base_rule == "good_standing"


@pytest.fixture
def certified_all_members(membership, staff):
    election = _freeze_and_open(_election(staff, membership), staff)
    vote_all(election, membership[:5])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    election.refresh_from_db()
    return election


def test_the_result_page_and_the_election_page_state_the_base_with_its_count(client, certified_all_members):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, which each full member
    city shall have one vote." The result states the base it used, with its count, beside the sentence."""
    election = certified_all_members
    for url in (reverse("governance:results", args=[election.pk]), reverse("governance:election", args=[election.pk])):
        body = client.get(url).content.decode()
        assert "Quorum: 4 of 11 members (more than one third of all members, statute Part V)" in body
        assert PART_V in body
        assert "11 active members of every category at the roll freeze" in body
        assert "5 of 11 members voted" in body


def test_the_api_result_states_the_base(client, certified_all_members):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, …" — the API's result
    names the base, its count and the sentence."""
    election = certified_all_members
    data = client.get(f"/api/v1/elections/{election.pk}/results/").json()
    assert data["quorum"]["base"] == 11 and data["quorum"]["base_rule"] == "all_members"
    assert data["quorum"]["statement"] == "Quorum: 4 of 11 members (more than one third of all members, statute Part V)"
    assert data["quorum"]["statute"] == PART_V
    assert data["quorum"]["base_rule_label"].startswith("All members")
    listed = client.get("/api/v1/elections/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["quorum_base_rule"] for r in rows if r["id"] == election.pk] == ["all_members"]


def test_the_recount_reads_the_base_from_the_log_and_verify_names_a_changed_rule(certified_all_members, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, …" The recount counts
    on the base and the count written at the freeze: members joining later change nothing, and a rule altered on
    the row is named by verify."""
    from governance import recount

    election = certified_all_members
    for i in range(30):
        MemberFactory(name=f"Late Member {i}")
    fresh = recount.recount(election)
    assert fresh.rules["quorum_rule"] == "all_members" and fresh.rules["quorum_base"] == 11
    assert fresh.mismatches == []
    matches, _result = services.election_recount(election=election, by=staff)
    assert matches is True
    Election.objects.filter(pk=election.pk).update(quorum_base_rule="roll")
    problems = verify_election(election)
    assert any("(quorum_base_rule)" in p for p in problems)
    assert recount.recount(election).rules["quorum_rule"] == "all_members"


def test_certification_decides_the_quorum_on_the_logged_base(membership, staff):
    """Part V: "A quorum of WeGO shall consist of more than one-third of the total members, …" Three Full members of
    eleven members vote: no quorum on the default base, and certification says of which members."""
    election = _freeze_and_open(_election(staff, membership), staff)
    vote_all(election, membership[:3])
    election = close_and_tally(election, by=staff)
    with pytest.raises(ValidationError, match="3 of 11 members voted; more than one third of all members"):
        services.election_certify(election=election, by=staff)


# --- 4. the Executive Vice President ----------------------------------------------------------------


def test_a_host_confirmed_by_vote_becomes_executive_vice_president_with_the_vote_as_source(staff):
    """Part III: "The host of the next General Assembly is automatically appointed as the Executive Vice President
    City." The term records its source: the host bid and the vote that confirmed it."""
    from tests.factories.governance import motion_in_voting

    rows = voters(3)
    ga = GeneralAssemblyFactory(number=8, year=2026)
    bid = services.host_bid_submit(general_assembly=ga, member=rows[0][0], by=staff)
    election = motion_in_voting(by=staff, kind="host_confirmation", host_bid=bid, title="Host of the 8th GA")
    vote_all(election, rows, lambda i, k: ["yes"])
    services.election_certify(election=close_and_tally(election, by=staff), by=staff)
    term = OfficeTerm.objects.get(office="executive_vice_president")
    assert (term.member, term.basis, term.host_bid, term.election, term.general_assembly) == (
        rows[0][0], "host", bid, election, ga,
    )


def test_the_demo_fills_the_executive_vice_president_through_the_host_confirmation(client, settings):
    """Part III: "The host of the next General Assembly is automatically appointed as the Executive Vice President
    City." The demo's office is filled by a confirmed host bid (voted at the 4th General Assembly and certified), not
    typed in; the 2017 host held it from its own confirmation until then. Part V: the demo's votes count their quorum
    on the default base and verify."""
    from governance import demo as governance_demo
    from governance import selectors
    from members import demo as members_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    members_demo.seed(stdout=io.StringIO())
    governance_demo.seed(stdout=io.StringIO())
    evp = selectors.officers_current()["executive_vice_president"]
    assert evp is not None and evp.basis == "host"
    assert evp.host_bid.status == HostBid.Status.CONFIRMED and evp.general_assembly.number == 5
    assert evp.general_assembly.host == evp.member == evp.host_bid.member
    vote = evp.election
    assert vote.is_motion and vote.motion.kind == "host_confirmation" and vote.motion.host_bid == evp.host_bid
    assert vote.status == "published" and vote.quorum_base_rule == "all_members" and verify_election(vote) == []
    assert vote.motion.decision.meeting.general_assembly.number == 4
    ulyanovsk = OfficeTerm.objects.get(office="executive_vice_president", member__name="Ulyanovsk Region")
    assert ulyanovsk.host_bid.general_assembly.number == 4 and ulyanovsk.term_end == evp.term_start - dt.timedelta(days=1)
    for election in Election.objects.exclude(roll_frozen_at=None):
        assert election.quorum_base == election.members_at_freeze  # the default base
    page = client.get(reverse("governance:index")).content.decode()
    row = page.split("Executive Vice President City</th>", 1)[1].split("</tr>", 1)[0]
    assert evp.member.name in row and "Vacant" not in row and "Host of the next General Assembly" in row
    assert "Special meeting" in page


# --- 5. special meetings -----------------------------------------------------------------------------


def test_a_special_meeting_is_shown_as_special_on_the_governance_and_meeting_pages(client):
    """Part III: "The committee may call for special meetings instead of the annual regular meetings." A meeting
    is regular or special, and the pages say which."""
    special = MeetingFactory(title="Extraordinary session on the budget", kind=Meeting.Kind.SPECIAL,
                             date=dt.date(2026, 3, 2))
    regular = MeetingFactory(title="Annual meeting 2026", date=dt.date(2026, 10, 5))
    assert regular.kind == "regular" and special.is_special
    index = client.get(reverse("governance:index")).content.decode()
    line = index.split("Extraordinary session on the budget", 1)[1].split("</li>", 1)[0]
    assert "Special meeting" in line
    assert "Regular meeting" in index.split("Annual meeting 2026", 1)[1].split("</li>", 1)[0]
    page = client.get(reverse("governance:meeting", args=[special.pk])).content.decode()
    assert "Special meeting" in page
    assert "The committee may call for special meetings instead of the annual regular meetings." in page
    listing = client.get(reverse("governance:meetings")).content.decode()
    assert "Special meeting" in listing.split("Extraordinary session on the budget", 1)[1].split("</tr>", 1)[0]
    assert "Regular meeting" in client.get(reverse("governance:meeting", args=[regular.pk])).content.decode()


def test_the_admin_filters_meetings_by_regular_or_special(client, staff_with_mfa):
    """Part III: "The committee may call for special meetings instead of the annual regular meetings." The
    Secretariat finds the special meetings with the admin's filter."""
    MeetingFactory(title="Special session A", kind=Meeting.Kind.SPECIAL)
    MeetingFactory(title="Regular session B")
    client.force_login(staff_with_mfa)
    url = reverse("admin:governance_meeting_changelist")
    body = client.get(url, {"kind__exact": "special"}).content.decode()
    assert "Special session A" in body and "Regular session B" not in body
    assert "Regular or special" in client.get(url).content.decode()


def test_a_meeting_kind_is_regular_or_special_in_the_database():
    """Part III: "… special meetings instead of the annual regular meetings": no third kind can be stored."""
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(kind="annual")
