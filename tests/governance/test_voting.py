"""Elections and motions through the services: phases, eligibility, refusals, ties, run-offs, quorum."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import services
from governance.models import (
    Candidacy,
    Election,
    ElectionLogEntry,
    ExecutiveCommitteeSeat,
    OfficeTerm,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
from governance.verification import verify_election
from members.models import Affiliation, Member
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.governance import (
    GeneralAssemblyFactory,
    close_and_tally,
    election_in_voting,
    motion_in_voting,
    voter,
    voters,
    window,
)

from .conftest import unpaid_invoice

pytestmark = pytest.mark.django_db


def cast_many(election, rows, plan):
    """plan: list of (how many voters, choices) applied in order to rows of (member, delegate)."""
    i = 0
    for count, choices in plan:
        for member, delegate in rows[i : i + count]:
            services.election_vote_cast(election=election, member=member, by=delegate, choices=choices)
        i += count
    return i


def keys(election):
    return {c.member.name: str(c.pk) for c in election.candidacies.select_related("member")}


# --- President City: 100 voting members, a run-off ----------------------------------------------------


def test_president_election_with_100_members_and_a_runoff(staff):
    rows = voters(100)
    a, b, c = (rows[0][0], rows[1][0], rows[2][0])
    ga = GeneralAssemblyFactory(starts_on=timezone.localdate() + dt.timedelta(days=45))
    election = election_in_voting(kind=Election.Kind.PRESIDENT, candidates=[a, b, c], by=staff, general_assembly=ga,
                                  title="President City 2026", term_start=ga.starts_on)
    assert election.roll_size == 100 and election.quorum_base == 100
    k = keys(election)
    # 40 + 35 + 15 = 90 votes cast: nobody has more than 45.
    cast_many(election, rows, [(40, [k[a.name]]), (35, [k[b.name]]), (15, [k[c.name]])])
    election = close_and_tally(election, by=staff)
    assert election.outcome == "runoff" and election.quorum_met
    assert election.result["quorum"] == {"base": 100, "voters": 90, "needed": 34, "met": True}
    runoff = Election.objects.get(runoff_of=election)
    assert sorted(runoff.candidacies.values_list("member__name", flat=True)) == sorted([a.name, b.name])
    assert ElectionLogEntry.objects.filter(election=election, action="runoff_created").exists()

    # The first round is certified (it decides the run-off); nothing is applied.
    services.election_certify(election=election, by=staff)
    assert not OfficeTerm.objects.exists()

    runoff.voting_opens_at, runoff.voting_closes_at = window()
    runoff.save()
    services.election_freeze_roll(election=runoff, by=staff)
    services.election_open_voting(election=runoff, by=staff)
    k2 = keys(runoff)
    cast_many(runoff, rows, [(52, [k2[a.name]]), (40, [k2[b.name]])])
    runoff = close_and_tally(runoff, by=staff)
    assert runoff.outcome == "elected" and runoff.result["elected"] == [k2[a.name]]
    services.election_certify(election=runoff, by=staff)
    term = OfficeTerm.objects.get(office="president")
    assert term.member == a and term.election == runoff and term.term_start == ga.starts_on
    assert verify_election(election) == [] and verify_election(runoff) == []


# --- Executive Committee: 20 seats, 100 voters, a tie for the last seat --------------------------------


def ec_world(staff, tie_rule):
    rows = voters(100)
    candidates = [m for m, _d in rows[:24]]
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=candidates, by=staff, seats=20,
                                  tie_rule=tie_rule, title=f"Executive Committee ({tie_rule})")
    k = keys(election)
    ids = [k[m.name] for m in candidates]
    # Voters 0–59 mark candidates 0–18 (19 names); voters 60–79 mark candidate 19 and 20; voters 80–99 mark
    # 21 and 19 … so that 19 and 20 tie for the 20th seat.
    plan = [(60, ids[:19]), (20, [ids[19], ids[20]]), (10, [ids[21]]), (10, [ids[22]])]
    cast_many(election, rows, plan)
    return rows, candidates, election, ids


def test_executive_committee_20_seats_tie_for_last_seat_goes_to_a_runoff(staff):
    rows, candidates, election, ids = ec_world(staff, "runoff")
    election = close_and_tally(election, by=staff)
    result = election.result
    assert result["seats"] == 20 and result["votes_cast"] == 100
    assert len(result["elected"]) == 19 and set(result["elected"]) == set(ids[:19])
    assert result["tie"]["between"] == sorted([ids[19], ids[20]], key=int)
    assert result["tie"]["position"] == "last_seat" and result["tie"]["settled_by"] == "runoff"
    assert election.outcome == "runoff"
    runoff = Election.objects.get(runoff_of=election)
    assert runoff.seats == 1 and runoff.candidacies.count() == 2
    actions = list(election.log.values_list("action", flat=True))
    assert "tie_detected" in actions and "runoff_created" in actions
    services.election_certify(election=election, by=staff)
    assert ExecutiveCommitteeSeat.objects.filter(election=election).count() == 19


def test_executive_committee_tie_settled_by_lots_with_a_recorded_seed(staff):
    rows, candidates, election, ids = ec_world(staff, "lots")
    election = close_and_tally(election, by=staff)
    assert election.outcome == "elected" and len(election.result["elected"]) == 20
    assert election.tie_seed and election.result["tie"]["seed"] == election.tie_seed
    drawn = election.result["tie"]["drawn"]
    assert len(drawn) == 1 and drawn[0] in (ids[19], ids[20])
    lots = election.log.get(action="lots_drawn")
    assert lots.data["seed"] == election.tie_seed and lots.data["drawn"] == drawn
    matches, recount = services.election_recount(election=election, by=staff)
    assert matches and recount == election.result
    services.election_certify(election=election, by=staff)
    assert ExecutiveCommitteeSeat.objects.filter(election=election).count() == 20


# --- Motions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "yes", "no", "abstain", "outcome"),
    [
        ("simple", 16, 15, 5, "accepted"),
        ("simple", 15, 15, 6, "rejected"),
        ("two_thirds", 20, 10, 6, "accepted"),
        ("two_thirds", 19, 10, 7, "rejected"),
        ("absolute_members", 20, 0, 16, "accepted"),  # 20 of 39 members: more than half
        ("absolute_members", 19, 1, 16, "rejected"),
    ],
)
def test_motion_thresholds(staff, threshold, yes, no, abstain, outcome):
    rows = voters(39)
    election = motion_in_voting(by=staff, threshold=threshold)
    cast_many(election, rows, [(yes, ["yes"]), (no, ["no"]), (abstain, ["abstain"])])
    election = close_and_tally(election, by=staff)
    assert election.outcome == outcome
    assert election.result["threshold"]["rule"] == threshold
    assert election.quorum_base == 39


def test_accepted_full_membership_motion_updates_the_member_through_the_members_services(staff):
    from members.models import MembershipDecision

    rows = voters(6)
    associate = MemberFactory(name="Da Nang", country="VN", category=Member.Category.ASSOCIATE)
    meeting_election = motion_in_voting(
        by=staff, kind="full_membership", subject_member=associate, title="Full membership of Da Nang",
        text="The Executive Committee approves the Full membership of Da Nang.",
    )
    cast_many(meeting_election, rows, [(5, ["yes"]), (1, ["no"])])
    election = close_and_tally(meeting_election, by=staff)
    services.election_certify(election=election, by=staff)
    associate.refresh_from_db()
    assert associate.category == Member.Category.FULL
    decision = MembershipDecision.objects.get(member=associate)
    assert "Full membership of Da Nang" in decision.reference and decision.recorded_by == staff


def test_full_membership_motion_needs_an_active_associate(staff):
    full = MemberFactory()
    with pytest.raises(ValidationError, match="not an active Associate"):
        services.motion_create(title="x", text="x", by=staff, kind="full_membership", subject_member=full)


def test_accepted_host_motion_confirms_the_host_who_becomes_executive_vice_president(staff):
    from governance.models import HostBid

    rows = voters(4)
    ga = GeneralAssemblyFactory(number=9, year=2029)
    bidder = rows[0][0]
    bid = services.host_bid_submit(general_assembly=ga, member=bidder, by=staff, proposal="We would be honoured.")
    election = motion_in_voting(by=staff, kind="host_confirmation", host_bid=bid, title="Host of the 9th GA")
    cast_many(election, rows, [(4, ["yes"])])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    ga.refresh_from_db()
    assert ga.host == bidder
    assert HostBid.objects.get(pk=bid.pk).status == "confirmed"
    evp = OfficeTerm.objects.get(office="executive_vice_president")
    assert evp.member == bidder and evp.basis == "host"


def test_motion_linked_to_a_meeting_records_a_numbered_decision(staff):
    from governance.models import AgendaItem, Decision
    from tests.factories.governance import MeetingFactory

    rows = voters(3)
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, number=4, title="Budget 2027")
    election = motion_in_voting(by=staff, agenda_item=item, text="Approve the budget 2027.", kind="budget")
    cast_many(election, rows, [(3, ["yes"])])
    services.election_certify(election=close_and_tally(election, by=staff), by=staff)
    decision = Decision.objects.get(meeting=meeting)
    assert decision.number == 1 and decision.agenda_item == item and decision.motion.election == election
    assert "accepted" in decision.text


# --- Quorum --------------------------------------------------------------------------------------------


def test_failed_quorum_is_recorded_and_cannot_be_certified(staff):
    rows = voters(30)
    election = motion_in_voting(by=staff)
    cast_many(election, rows, [(10, ["yes"])])  # 10 of 30: exactly one third, not more
    election = close_and_tally(election, by=staff)
    assert election.quorum_met is False and election.outcome == "no_quorum"
    assert election.log.filter(action="quorum_failed").exists()
    with pytest.raises(ValidationError, match="quorum was not reached .*10 of 30"):
        services.election_certify(election=election, by=staff)
    election.refresh_from_db()
    assert election.status == "tallied"


def test_quorum_base_can_count_all_full_members(staff):
    rows = voters(9)
    unpaid_invoice(rows[0][0])
    opens, closes = window()
    motion = services.motion_create(title="m", text="t", by=staff, quorum_base_rule="full_members",
                                    voting_opens_at=opens, voting_closes_at=closes)
    election = services.election_freeze_roll(election=motion.election, by=staff)
    assert election.roll_size == 8 and election.full_members_at_freeze == 9 and election.quorum_base == 9


# --- Roll and eligibility ------------------------------------------------------------------------------


def test_roll_lists_full_active_members_in_good_standing_only(staff):
    rows = voters(4)
    unpaid_invoice(rows[3][0])
    MemberFactory(category=Member.Category.ASSOCIATE)
    MemberFactory(status=Member.Status.SUSPENDED)
    election = motion_in_voting(by=staff)
    on_roll = set(RollEntry.objects.filter(election=election).values_list("member_id", flat=True))
    assert on_roll == {m.pk for m, _d in rows[:3]}
    assert len(election.roll_hash) == 64
    with pytest.raises(ValidationError, match="roll cannot change"):
        RollEntry.objects.filter(election=election).first().delete()
    entry = RollEntry.objects.filter(election=election).first()
    entry.member_name = "changed"
    with pytest.raises(ValidationError, match="roll cannot change"):
        entry.save()
    with pytest.raises(ValidationError, match="roll_frozen|Roll frozen|roll frozen"):
        services.election_freeze_roll(election=election, by=staff)


def test_candidacy_eligibility(staff):
    ga = GeneralAssemblyFactory(starts_on=timezone.localdate() + dt.timedelta(days=20))
    election = services.election_create(title="President", kind="president", by=staff, general_assembly=ga)
    services.election_open_nominations(election=election, by=staff)
    member, _delegate = voter("Hanoi", country="VN")
    focal = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    with pytest.raises(ValidationError, match="at least 30 days before"):
        services.candidacy_file(election=election, member=member, by=focal, statement="We stand.")
    ga.starts_on = timezone.localdate() + dt.timedelta(days=30)
    ga.ends_on = ga.starts_on
    ga.save()
    associate = MemberFactory(category=Member.Category.ASSOCIATE)
    with pytest.raises(ValidationError, match="not a Full member"):
        services.candidacy_file(election=election, member=associate, by=staff, statement="x")
    unpaid = MemberFactory()
    unpaid_invoice(unpaid)
    with pytest.raises(ValidationError, match="still unpaid"):
        services.candidacy_file(election=election, member=unpaid, by=staff, statement="x")
    official = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    with pytest.raises(ValidationError, match="Only the focal point"):
        services.candidacy_file(election=election, member=member, by=official, statement="x")
    candidacy = services.candidacy_file(election=election, member=member, by=focal, statement="We stand.")
    assert candidacy.filed_by == focal
    with pytest.raises(ValidationError, match="already a candidate"):
        services.candidacy_file(election=election, member=member, by=focal, statement="Again.")


# --- Refused votes: nothing counted --------------------------------------------------------------------


@pytest.fixture
def voting(staff):
    rows = voters(5)
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=[m for m, _ in rows[:3]], by=staff,
                                  seats=2)
    return election, rows


def nothing_counted(election):
    return not VoterRecord.objects.filter(election=election).exists() and not SecretBallot.objects.filter(
        election=election
    ).exists()


def test_vote_outside_the_window_is_refused(voting):
    election, rows = voting
    member, delegate = rows[0]
    k = list(keys(election).values())
    with pytest.raises(ValidationError, match="closed on"):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=k[:1],
                                    now=election.voting_closes_at)
    with pytest.raises(ValidationError, match="opens on"):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=k[:1],
                                    now=election.voting_opens_at - dt.timedelta(seconds=1))
    assert nothing_counted(election)


def test_vote_by_someone_who_is_not_the_delegate_is_refused(voting):
    election, rows = voting
    member, _delegate = rows[0]
    focal = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    other_delegate = rows[1][1]
    for user in (focal, other_delegate):
        with pytest.raises(ValidationError, match=f"Only a delegate of {member.name}"):
            services.election_vote_cast(election=election, member=member, by=user, choices=list(keys(election).values())[:1])
    assert nothing_counted(election)


def test_vote_by_a_member_not_on_the_roll_is_refused(voting):
    election, _rows = voting
    late, delegate = voter("Latecomer City")  # became Full after the freeze
    with pytest.raises(ValidationError, match="not on the roll"):
        services.election_vote_cast(election=election, member=late, by=delegate, choices=list(keys(election).values())[:1])
    assert nothing_counted(election)


def test_too_many_choices_and_non_candidates_are_refused(voting):
    election, rows = voting
    member, delegate = rows[0]
    k = list(keys(election).values())
    with pytest.raises(ValidationError, match="at most 2 candidates; you chose 3"):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=k)
    outsider = MemberFactory()
    with pytest.raises(ValidationError, match="not a candidate"):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=[str(outsider.pk + 10_000)])
    with pytest.raises(ValidationError, match="at least one"):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=[])
    assert nothing_counted(election)


def test_vote_when_voting_is_not_open_is_refused(staff):
    rows = voters(2)
    opens, closes = window()
    motion = services.motion_create(title="m", text="t", by=staff, voting_opens_at=opens, voting_closes_at=closes)
    services.election_freeze_roll(election=motion.election, by=staff)
    with pytest.raises(ValidationError, match="is not open"):
        services.election_vote_cast(election=motion.election, member=rows[0][0], by=rows[0][1], choices=["yes"])


# --- Changing one's vote: the last ballot counts -------------------------------------------------------


def test_secret_vote_can_be_changed_and_the_last_ballot_counts(voting, staff):
    election, rows = voting
    member, delegate = rows[0]
    k = list(keys(election).values())
    first = services.election_vote_cast(election=election, member=member, by=delegate, choices=[k[0]])
    second = services.election_vote_cast(election=election, member=member, by=delegate, choices=[k[1], k[2]])
    assert first != second
    assert SecretBallot.objects.get(receipt=first).counted is False
    assert SecretBallot.objects.get(receipt=second).counted is True
    record = VoterRecord.objects.get(election=election, member=member)
    assert record.ballot_version == 2
    for m, d in rows[1:3]:
        services.election_vote_cast(election=election, member=m, by=d, choices=[k[0]])
    election = close_and_tally(election, by=staff)
    counts = {row["key"]: row["votes"] for row in election.result["counts"]}
    assert counts == {k[0]: 2, k[1]: 1, k[2]: 1}


def test_open_vote_can_be_changed_and_who_voted_what_is_kept(staff):
    rows = voters(3)
    election = motion_in_voting(by=staff, secrecy="open")
    member, delegate = rows[0]
    services.election_vote_cast(election=election, member=member, by=delegate, choices=["no"])
    services.election_vote_cast(election=election, member=member, by=delegate, choices=["yes"])
    counted = OpenBallot.objects.get(election=election, member=member, counted=True)
    assert counted.choices == ["yes"] and counted.cast_by == delegate
    assert OpenBallot.objects.filter(election=election, member=member).count() == 2
    assert election.log.filter(action="ballot_cast").count() == 2


# --- Phases --------------------------------------------------------------------------------------------


def test_illegal_transitions_are_refused_with_a_clear_message(staff):
    election = services.election_create(title="EC", kind="executive_committee", by=staff, seats=3)
    with pytest.raises(ValidationError, match="is draft: it cannot open voting"):
        services.election_open_voting(election=election, by=staff)
    services.election_open_nominations(election=election, by=staff)
    with pytest.raises(ValidationError, match="No candidacy"):
        services.election_freeze_roll(election=election, by=staff)
    with pytest.raises(ValidationError, match="cannot be tallied"):
        services.election_tally(election=election, by=staff)


def test_close_before_the_end_of_the_window_needs_a_reason(voting, staff):
    election, _rows = voting
    with pytest.raises(ValidationError, match="give the reason"):
        services.election_close_voting(election=election, by=staff)
    services.election_close_voting(election=election, by=staff, reason="The chair closed the vote.")


def test_only_the_secretariat_certifies(voting, staff):
    election, rows = voting
    k = list(keys(election).values())
    for m, d in rows:
        services.election_vote_cast(election=election, member=m, by=d, choices=[k[0]])
    election = close_and_tally(election, by=staff)
    with pytest.raises(ValidationError, match="Only the Secretariat"):
        services.election_certify(election=election, by=rows[0][1])


def test_publish_tells_the_focal_points(voting, staff, django_capture_on_commit_callbacks, mailoutbox):
    election, rows = voting
    focal = AffiliationFactory(member=rows[0][0], role=Affiliation.Role.FOCAL_POINT).user
    k = list(keys(election).values())
    for m, d in rows:
        services.election_vote_cast(election=election, member=m, by=d, choices=[k[0]])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.election_publish(election=election, by=staff)
    assert [m.to for m in mailoutbox] == [[focal.email]]
    assert election.title in mailoutbox[0].body


def test_withdrawn_candidacy_is_not_an_option(staff):
    rows = voters(3)
    election = services.election_create(title="EC", kind="executive_committee", by=staff, seats=2)
    services.election_open_nominations(election=election, by=staff)
    c1, c2 = (services.candidacy_file(election=election, member=m, by=staff, statement="s") for m, _ in rows[:2])
    services.candidacy_withdraw(candidacy=c2, by=staff)
    assert Candidacy.objects.get(pk=c2.pk).status == "withdrawn"
    opens, closes = window()
    services.election_set_window(election=election, by=staff, opens_at=opens, closes_at=closes)
    services.election_freeze_roll(election=election, by=staff)
    services.election_open_voting(election=election, by=staff)
    with pytest.raises(ValidationError, match="not a candidate"):
        services.election_vote_cast(election=election, member=rows[0][0], by=rows[0][1], choices=[str(c2.pk)])
