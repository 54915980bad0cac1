"""Simultaneous ballots on PostgreSQL (skipped on SQLite): one counted ballot per member, whatever the timing."""

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Election, OpenBallot, SecretBallot, VoterRecord
from governance.verification import verify_election
from tests.factories.governance import election_in_voting, motion_in_voting, staff_user, voters
from tests.helpers import needs_postgres, run_in_threads

pytestmark = [pytest.mark.postgres, needs_postgres]


@pytest.fixture
def world(transactional_db):
    staff = staff_user()
    rows = voters(8, prefix="Concurrent City")
    return staff, rows


@pytest.mark.parametrize("secrecy", ["secret", "open"])
def test_two_simultaneous_ballots_of_one_member_count_once(world, secrecy):
    staff, rows = world
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=[m for m, _ in rows[:3]], by=staff,
                                  seats=1, secrecy=secrecy)
    keys = [str(pk) for pk in election.candidacies.order_by("pk").values_list("pk", flat=True)]
    member, delegate = rows[0]
    results, errors = run_in_threads(
        lambda choice: services.election_vote_cast(election=election, member=member, by=delegate, choices=[choice]),
        [(keys[0],), (keys[1],)],
    )
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(results) + len(errors) == 2 and results
    model = SecretBallot if secrecy == "secret" else OpenBallot
    assert model.objects.filter(election=election, counted=True).count() == 1
    record = VoterRecord.objects.get(election=election, member=member)
    assert record.ballot_version == len(results)
    counted = model.objects.get(election=election, counted=True)
    assert counted.receipt == results[-1] or counted.receipt in results
    services.election_close_voting(election=election, by=staff, reason="test")
    services.election_tally(election=election, by=staff)
    election.refresh_from_db()
    assert election.result["ballots"] == 1
    assert verify_election(election) == []


def test_many_members_voting_at_once_are_all_counted_and_the_log_chain_holds(world):
    staff, rows = world
    election = motion_in_voting(by=staff, secrecy="open")
    results, errors = run_in_threads(
        lambda m, d: services.election_vote_cast(election=election, member=m, by=d, choices=["yes"]), rows,
    )
    assert errors == [] and len(results) == len(rows)
    assert OpenBallot.objects.filter(election=election, counted=True).count() == len(rows)
    seqs = list(election.log.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert verify_election(election) == []


def test_a_ballot_racing_the_close_is_either_sealed_or_refused(world):
    staff, rows = world
    election = motion_in_voting(by=staff, secrecy="secret")
    member, delegate = rows[0]

    def vote():
        return services.election_vote_cast(election=election, member=member, by=delegate, choices=["yes"])

    def close():
        return services.election_close_voting(election=election, by=staff, reason="chair")

    results, errors = run_in_threads(lambda f: f(), [(vote,), (close,)])
    assert all(isinstance(e, ValidationError) for e in errors)
    election.refresh_from_db()
    assert election.status == "closed"
    assert verify_election(election) == []
