"""Governance's declared workflows (issue 13, point 3): the election, candidacy and host-bid tables are
what the services check, the staff console's buttons, the admin actions and the API's `transitions`."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import Candidacy, Election, HostBid
from governance.workflows import CANDIDACY, ELECTION, HOST_BID
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.governance import GeneralAssemblyFactory, file_candidates, voters, window
from tests.helpers import count_queries
from wego.workflows import workflows

from .conftest import vote_all

pytestmark = pytest.mark.django_db

S = Election.Status


def _refused(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def _draft(staff, **fields):
    return services.election_create(title=fields.pop("title", "Executive Committee 2027"), kind="executive_committee",
                                    by=staff, seats=2, **fields)


def _motion(staff, **fields):
    return services.motion_create(title="Approve the budget", text="The budget is approved.", by=staff, **fields).election


# --- The table refuses what the service refuses, in the same words ------------------------------------------


def test_the_table_and_the_services_refuse_a_step_in_the_wrong_state_with_the_same_message(staff):
    draft = _draft(staff)
    steps = {
        "tally": lambda: services.election_tally(election=draft, by=staff),
        "certify": lambda: services.election_certify(election=draft, by=staff),
        "publish": lambda: services.election_publish(election=draft, by=staff),
        "open_voting": lambda: services.election_open_voting(election=draft, by=staff),
        "close_voting": lambda: services.election_close_voting(election=draft, by=staff, reason="r"),
        "recount": lambda: services.election_recount(election=draft, by=staff),
        "freeze_roll": lambda: services.election_freeze_roll(election=draft, by=staff),
        "file_candidacy": lambda: services.candidacy_file(election=draft, member=MemberFactory(), by=staff,
                                                          statement="s"),
    }
    for name, call in steps.items():
        message = ELECTION.refusal(draft, name)
        assert message and message.startswith("“Executive Committee 2027” is draft: it cannot "), name
        assert _refused(call) == [message], name
    assert ELECTION.refusal(draft, "tally") == "“Executive Committee 2027” is draft: it cannot be tallied now."
    # The portal's own steps say the same.
    assert ELECTION.refusal(draft, "close_due") == ELECTION.refusal(draft, "close_voting")
    assert ELECTION.refusal(draft, "tally_due") == ELECTION.refusal(draft, "tally")


def test_a_motion_has_no_nominations_and_is_frozen_from_its_draft(staff):
    motion = _motion(staff)
    message = "A motion has no candidates: freeze its roll to put it to the vote."
    assert ELECTION.refusal(motion, "open_nominations") == message
    assert _refused(lambda: services.election_open_nominations(election=motion, by=staff)) == [message]
    assert ELECTION.available_names(motion, staff) >= {"freeze_roll", "cancel", "update"}
    assert "open_nominations" not in ELECTION.available_names(motion, staff)
    # An election in draft is not frozen from its draft: it opens nominations first.
    draft = _draft(staff)
    assert ELECTION.refusal(draft, "freeze_roll") == "“Executive Committee 2027” is draft: it cannot have its roll frozen now."
    # Once voting is open, the motion is still refused nominations with the same sentence.
    voters(2)
    services.election_freeze_roll(election=motion, by=staff)
    assert ELECTION.refusal(motion, "open_nominations") == message


def test_freezing_needs_a_candidacy_and_opening_voting_a_window_that_has_not_ended(staff):
    rows = voters(2)
    election = _draft(staff)
    services.election_open_nominations(election=election, by=staff)
    election.refresh_from_db()
    missing = "No candidacy has been filed: there is nobody to vote for."
    assert ELECTION.refusal(election, "freeze_roll") == missing
    assert _refused(lambda: services.election_freeze_roll(election=election, by=staff)) == [missing]
    file_candidates(election, [rows[0][0]], by=staff)
    assert ELECTION.allowed(election, "freeze_roll", staff)
    services.election_freeze_roll(election=election, by=staff)
    election.refresh_from_db()
    no_window = "Set the voting window (opening and closing times) first."
    assert ELECTION.refusal(election, "open_voting") == no_window
    assert _refused(lambda: services.election_open_voting(election=election, by=staff)) == [no_window]
    past = timezone.now() - dt.timedelta(days=2)
    services.election_set_window(election=election, by=staff, opens_at=past, closes_at=past + dt.timedelta(hours=1))
    election.refresh_from_db()
    [ended] = ELECTION.unmet(election, "open_voting")
    assert ended.startswith("The voting window closed on ") and ended.endswith(": set a new one.")
    assert _refused(lambda: services.election_open_voting(election=election, by=staff)) == [ended]
    # The quorum base is fixed with the roll: the table says so in the service's words.
    fixed = ELECTION.refusal(election, "set_quorum_base")
    assert "the quorum base is fixed with the roll" in fixed
    assert _refused(lambda: services.election_set_quorum_base(election=election, by=staff, rule="roll")) == [fixed]


def test_a_ballot_is_refused_outside_the_window_with_the_service_message(secret_ec):
    election, rows = secret_ec
    member, delegate = rows[0]
    later = timezone.now() + dt.timedelta(days=1)
    [closed] = ELECTION.unmet(election, "cast_vote", now=later)
    assert closed.startswith("Voting on “Executive Committee 2026” closed on ")
    refused = _refused(lambda: services.election_vote_cast(election=election, member=member, by=delegate,
                                                           choices=["x"], now=later))
    assert refused == [closed]
    assert ELECTION.allowed(election, "cast_vote", delegate)


def test_a_candidacy_is_withdrawn_once_by_its_focal_point(staff):
    rows = voters(1)
    election = _draft(staff)
    services.election_open_nominations(election=election, by=staff)
    [candidacy] = file_candidates(election, [rows[0][0]], by=staff)
    assert CANDIDACY.allowed(candidacy, "withdraw", staff)
    assert not CANDIDACY.allowed(candidacy, "withdraw", rows[0][1])  # a delegate is not the focal point
    services.candidacy_withdraw(candidacy=candidacy, by=staff)
    candidacy.refresh_from_db()
    assert candidacy.status == Candidacy.Status.WITHDRAWN
    assert CANDIDACY.refusal(candidacy, "withdraw") == "This candidacy is already withdrawn."
    assert _refused(lambda: services.candidacy_withdraw(candidacy=candidacy, by=staff)) == [
        "This candidacy is already withdrawn."]


def test_a_host_bid_is_confirmed_once_and_only_for_an_assembly_without_a_host(staff):
    ga = GeneralAssemblyFactory()
    first = services.host_bid_submit(general_assembly=ga, member=MemberFactory(name="Seoul"), by=staff)
    second = services.host_bid_submit(general_assembly=ga, member=MemberFactory(name="Busan"), by=staff)
    assert HOST_BID.available_names(first, staff) == {"confirm"}
    services.host_bid_confirm(bid=first, by=staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (HostBid.Status.CONFIRMED, HostBid.Status.NOT_RETAINED)
    message = "Only a submitted bid can be confirmed; this one is Confirmed."
    assert HOST_BID.refusal(first, "confirm") == message
    assert _refused(lambda: services.host_bid_confirm(bid=first, by=staff)) == [message]
    late = HostBid.objects.get(pk=HostBid.objects.create(general_assembly=ga, member=MemberFactory(name="Incheon")).pk)
    assert HOST_BID.refusal(late, "confirm") == "The host of this General Assembly is already confirmed."
    assert _refused(lambda: services.host_bid_confirm(bid=late, by=staff)) == [
        "The host of this General Assembly is already confirmed."]


def test_the_portal_closes_and_tallies_through_its_own_steps(secret_ec, staff):
    election, rows = secret_ec
    vote_all(election, rows)
    for name in ("close_due", "tally_due"):
        assert ELECTION.transition(name).who is None and ELECTION.transition(name).automatic
    # Never a button: the Secretariat has its own close and tally.
    assert ELECTION.available_names(election, staff) >= {"close_voting", "cancel"}
    assert "close_due" not in ELECTION.available_names(election, staff)
    assert ELECTION.unmet(election, "close_due")  # the window has not ended
    assert services.elections_close_due() == []
    assert services.elections_close_due(now=election.voting_closes_at) == [election.pk]
    election.refresh_from_db()
    assert election.status == S.TALLIED
    assert list(election.log.filter(action__in=["voting_closed", "tallied"]).values_list("actor_label", flat=True)) == [
        "system", "system"]


# --- Every door reads the table ----------------------------------------------------------------------------


def test_the_console_shows_a_button_exactly_when_the_table_allows_it(client, staff_with_mfa):
    rows = voters(2)
    client.force_login(staff_with_mfa)
    opens, closes = window()
    election = _draft(staff_with_mfa, voting_opens_at=opens, voting_closes_at=closes)
    url = reverse("governance_staff:election", args=[election.pk])

    def button(action):
        return reverse("governance_staff:election_action", args=[election.pk, action])

    page = client.get(url).content.decode()
    assert button("open_nominations") in page and button("window") in page and button("quorum_base") in page
    assert button("freeze") not in page and button("open_voting") not in page and button("cancel") in page
    services.election_open_nominations(election=election, by=staff_with_mfa)
    page = client.get(url).content.decode()
    # Nobody to vote for yet: no freeze button, and the page says why in the table's words.
    assert button("freeze") not in page and button("open_nominations") not in page
    assert "No candidacy has been filed: there is nobody to vote for." in page
    file_candidates(election, [rows[0][0]], by=staff_with_mfa)
    page = client.get(url).content.decode()
    assert button("freeze") in page and "No candidacy has been filed" not in page
    services.election_freeze_roll(election=election, by=staff_with_mfa)
    page = client.get(url).content.decode()
    assert button("open_voting") in page and button("quorum_base") not in page and button("window") in page
    services.election_open_voting(election=election, by=staff_with_mfa)
    page = client.get(url).content.decode()
    assert button("close") in page and button("window") not in page and button("tally") not in page
    # A motion in draft: no nominations, its roll frozen at once.
    motion = _motion(staff_with_mfa)
    page = client.get(reverse("governance_staff:election", args=[motion.pk])).content.decode()
    motion_button = reverse("governance_staff:election_action", args=[motion.pk, "freeze"])
    assert motion_button in page
    assert reverse("governance_staff:election_action", args=[motion.pk, "open_nominations"]) not in page


def test_the_candidacy_page_reads_the_table(client, staff):
    rows = voters(1)
    member = rows[0][0]
    user = AffiliationFactory(member=member, role="focal_point").user
    election = _draft(staff)
    client.force_login(user)
    services.election_open_nominations(election=election, by=staff)
    page = client.get(reverse("governance:candidacy", args=[election.pk, member.pk])).content.decode()
    assert "File the candidacy" in page
    Election.objects.filter(pk=election.pk).update(status=S.CANCELLED)
    page = client.get(reverse("governance:candidacy", args=[election.pk, member.pk])).content.decode()
    assert "This election does not take candidacies now." in page


def test_the_admin_action_refuses_per_object_with_the_table_message(client, staff_with_mfa, secret_ec):
    election, rows = secret_ec
    vote_all(election, rows)
    services.election_close_voting(election=election, by=staff_with_mfa, reason="All delegates voted.")
    draft = _draft(staff_with_mfa, title="Draft vote")
    client.force_login(staff_with_mfa)
    changelist = reverse("admin:governance_election_changelist")
    response = client.post(changelist, {"action": "tally", "_selected_action": [election.pk, draft.pk]}, follow=True)
    text = response.content.decode()
    assert ELECTION.refusal(draft, "tally") in text  # “Draft vote” is draft: it cannot be tallied now.
    assert "1 vote(s) tallied." in text
    election.refresh_from_db()
    draft.refresh_from_db()
    assert (election.status, draft.status) == (S.TALLIED, S.DRAFT)
    # The change page says what can be done now, from the table.
    page = client.get(reverse("admin:governance_election_change", args=[election.pk])).content.decode()
    assert "What can be done now" in page and "Certify the result" in page


def test_the_host_bid_admin_action_reads_the_table(client, staff_with_mfa):
    ga = GeneralAssemblyFactory()
    bid = services.host_bid_submit(general_assembly=ga, member=MemberFactory(name="Seoul"), by=staff_with_mfa)
    services.host_bid_confirm(bid=bid, by=staff_with_mfa)
    client.force_login(staff_with_mfa)
    response = client.post(reverse("admin:governance_hostbid_changelist"),
                           {"action": "confirm", "_selected_action": [bid.pk]}, follow=True)
    assert "Only a submitted bid can be confirmed; this one is Confirmed." in response.content.decode()


def test_the_api_lists_the_transitions_of_the_requesting_user(api_client, client, staff_with_mfa):
    rows = voters(1)
    election = _draft(staff_with_mfa)
    services.election_open_nominations(election=election, by=staff_with_mfa)
    file_candidates(election, [rows[0][0]], by=staff_with_mfa)
    url = reverse("api:election-list")
    [row] = api_client.get(url).json()["results"]
    assert row["transitions"] == []  # anonymous readers take no step
    client.force_login(staff_with_mfa)
    [row] = client.get(url).json()["results"]
    assert {"freeze_roll", "set_window", "set_quorum_base", "cancel"} <= set(row["transitions"])
    assert "close_due" not in row["transitions"] and "open_nominations" not in row["transitions"]
    # The list reads the table without a query per vote, for the Secretariat too.
    few = count_queries(client, url)
    for i in range(6):
        other = _draft(staff_with_mfa, title=f"Other {i}")
        services.election_open_nominations(election=other, by=staff_with_mfa)
        file_candidates(other, [rows[0][0]], by=staff_with_mfa)
    assert count_queries(client, url) == few


def test_manage_py_workflows_check_passes_with_the_governance_tables():
    assert {"governance.election", "governance.candidacy", "governance.host_bid"} <= {f.key for f in workflows}
    for key in ("governance.election", "governance.candidacy", "governance.host_bid"):
        assert workflows.get(key).validate() == []
    out = StringIO()
    call_command("workflows", "governance.election", "governance.candidacy", "governance.host_bid", "--check", stdout=out)
    text = out.getvalue()
    assert "governance.election — Election.status" in text
    assert "close_due: Close voting at the end of the window" in text and "who: the portal itself" in text
