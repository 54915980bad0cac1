"""Elections are decided on what the ballots say, and the log cannot lose its end (issue 12, point 2).

- certification decides on a fresh recount from the stored ballots and the frozen roll, never on the
  stored result columns; election_verify names each stored field that differs from the recount;
- the election row keeps the log's length and head hash, so that deleting the last entries shows, and the
  head is published (results page, API, the phase-change and certification mails) for anyone to keep;
- one tie rule everywhere: three candidates whose top two tie are settled like two.
"""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from governance import integrity, services, tally
from governance.models import Election, ElectionLogEntry, ExecutiveCommitteeSeat, OfficeTerm
from governance.verification import verify_election
from members.models import Affiliation
from tests.factories import AffiliationFactory
from tests.factories.governance import close_and_tally, election_in_voting, motion_in_voting, voters, window

from .conftest import candidate_keys, vote_all

pytestmark = pytest.mark.django_db


def verify_output(election_id, *args):
    """(exit code, stdout, stderr) of election_verify."""
    out, err = StringIO(), StringIO()
    try:
        call_command("election_verify", str(election_id), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def forge_result(election, **changes):
    """Rewrite the stored result JSON the way a careful forger would: with its hash recomputed, so that only
    a recount from the ballots can tell."""
    result = {**election.result, **changes}
    Election.objects.filter(pk=election.pk).update(result=result, result_hash=integrity.sha256(integrity.json_safe(result)))


@pytest.fixture
def tallied_ec(secret_ec, staff):
    """The secret EC election (2 seats, 3 candidates), tallied: candidates 0 and 1 elected with 4 votes."""
    election, rows = secret_ec
    vote_all(election, rows, lambda i, k: [k[0], k[1]] if i < 4 else [k[2]])
    return close_and_tally(election, by=staff), rows


@pytest.fixture
def no_quorum_motion(staff):
    """A motion with 10 of 30 members voting (exactly one third, not more): tallied without quorum."""
    rows = voters(30)
    election = motion_in_voting(by=staff)
    vote_all(election, rows[:10], lambda i, k: ["yes"])
    election = close_and_tally(election, by=staff)
    assert election.quorum_met is False and election.outcome == "no_quorum"
    return election


# --- Certification decides on a fresh recount ------------------------------------------------------------


def test_forcing_quorum_met_on_a_motion_without_quorum_is_refused_and_verify_names_the_field(no_quorum_motion, staff):
    election = no_quorum_motion
    Election.objects.filter(pk=election.pk).update(quorum_met=True)
    with pytest.raises(ValidationError, match="quorum_met"):
        services.election_certify(election=election, by=staff)
    election.refresh_from_db()
    assert election.status == "tallied" and election.certified_at is None
    code, out, err = verify_output(election.pk)
    assert code == 2 and "OK" not in out
    assert "quorum_met" in err


def test_a_consistent_forgery_of_quorum_and_outcome_is_refused(no_quorum_motion, staff):
    """Columns and result JSON forged together, hash recomputed: only the recount shows the lie."""
    election = no_quorum_motion
    quorum = {**election.result["quorum"], "met": True}
    forge_result(election, quorum=quorum, outcome="accepted")
    Election.objects.filter(pk=election.pk).update(quorum_met=True, outcome="accepted")
    with pytest.raises(ValidationError, match="Certification is refused"):
        services.election_certify(election=election, by=staff)
    assert Election.objects.get(pk=election.pk).status == "tallied"
    code, _out, err = verify_output(election.pk)
    assert code == 2
    for name in ("(quorum_met)", "(outcome)", "(quorum)"):
        assert name in err


def test_an_inflated_quorum_denominator_cannot_hide_a_failed_quorum(staff):
    """The denominator comes from the frozen roll, not from the stored column."""
    rows = voters(30)
    election = motion_in_voting(by=staff)
    vote_all(election, rows[:11], lambda i, k: ["yes"])  # 11 of 30: quorum met
    election = close_and_tally(election, by=staff)
    assert election.quorum_met is True
    Election.objects.filter(pk=election.pk).update(quorum_base=300)
    code, _out, err = verify_output(election.pk)
    assert code == 2 and "quorum denominator" in err
    with pytest.raises(ValidationError, match="quorum"):
        services.election_certify(election=election, by=staff)


def _winners(election):
    keys = candidate_keys(election)
    return {"elected": [keys[0], keys[2]]}


def _counts(election):
    counts = [dict(row) for row in election.result["counts"]]
    counts[0]["votes"] += 1
    return {"counts": counts}


@pytest.mark.parametrize(
    ("tamper", "field"),
    [
        (lambda e: Election.objects.filter(pk=e.pk).update(outcome="not_elected"), "(outcome)"),
        (lambda e: Election.objects.filter(pk=e.pk).update(voters_count=2), "(voters)"),
        (lambda e: Election.objects.filter(pk=e.pk).update(seats=3), "(seats)"),
        (lambda e: forge_result(e, **_winners(e)), "(winners)"),
        (lambda e: forge_result(e, **_counts(e)), "(counts)"),
        (lambda e: forge_result(e, seats=3), "(seats)"),
    ],
    ids=["outcome", "voters", "seats-column", "winners", "counts", "seats-result"],
)
def test_a_tampered_result_field_refuses_certification_and_verify_names_it(tallied_ec, staff, tamper, field):
    election, _rows = tallied_ec
    assert verify_election(election) == []
    tamper(election)
    with pytest.raises(ValidationError, match="Certification is refused"):
        services.election_certify(election=election, by=staff)
    assert not ExecutiveCommitteeSeat.objects.filter(election=election).exists()
    assert Election.objects.get(pk=election.pk).status == "tallied"
    code, _out, err = verify_output(election.pk)
    assert code == 2 and field in err, err


def test_tampering_after_certification_is_named_by_verify(certified_ec):
    election, *_ = certified_ec
    forge_result(election, **_winners(election))
    Election.objects.filter(pk=election.pk).update(voters_count=99)
    code, _out, err = verify_output(election.pk)
    assert code == 2 and "(winners)" in err and "(voters)" in err


def lots_ec(staff):
    """3 candidates for 2 seats, the 2nd and 3rd tie for the last seat; tie rule: lots."""
    rows = voters(6, prefix="Lots City")
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=[m for m, _ in rows[:3]], by=staff,
                                  seats=2, tie_rule="lots", title="EC by lots")
    vote_all(election, rows, lambda i, k: [k[0], k[1]] if i < 3 else [k[0], k[2]])  # 6, 3, 3
    election = close_and_tally(election, by=staff)
    assert election.result["tie"]["settled_by"] == "lots" and election.tie_seed
    return election


def test_a_changed_seed_or_drawn_candidate_is_named_lots(staff):
    election = lots_ec(staff)
    assert verify_election(election) == []
    Election.objects.filter(pk=election.pk).update(tie_seed="0" * 32)
    code, _out, err = verify_output(election.pk)
    assert code == 2 and "(lots)" in err
    with pytest.raises(ValidationError, match="lots"):
        services.election_certify(election=election, by=staff)

    # Put the seed back and forge the drawing instead (with the elected list and the hash to match).
    seed = election.tie_seed
    Election.objects.filter(pk=election.pk).update(tie_seed=seed)
    tie = dict(election.result["tie"])
    other = [k for k in tie["between"] if k not in tie["drawn"]]
    tie["drawn"] = other
    elected = sorted([election.result["counts"][0]["key"], *other], key=int)
    forge_result(election, tie=tie, elected=elected)
    code, _out, err = verify_output(election.pk)
    assert code == 2 and "(lots)" in err and "(winners)" in err
    with pytest.raises(ValidationError, match="Certification is refused"):
        services.election_certify(election=election, by=staff)
    assert not ExecutiveCommitteeSeat.objects.filter(election=election).exists()


def test_certification_applies_the_recounted_winners(tallied_ec, staff):
    election, _rows = tallied_ec
    keys = candidate_keys(election)
    services.election_certify(election=election, by=staff)
    seats = ExecutiveCommitteeSeat.objects.filter(election=election)
    assert sorted(str(s.member_id) for s in seats) == sorted(
        str(election.candidacies.get(pk=int(k)).member_id) for k in keys[:2]
    )
    certified = election.log.get(action="certified")
    assert certified.data["elected"] == sorted(keys[:2], key=int)
    code, out, _err = verify_output(election.pk)
    assert code == 0 and "every stored field matches" in out


# --- The log cannot lose its end ------------------------------------------------------------------------


def _delete_entries(election, *actions):
    table = ElectionLogEntry._meta.db_table
    ids = list(election.log.filter(action__in=actions).values_list("pk", flat=True))
    assert ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)


def test_every_append_moves_the_head_kept_on_the_election(certified_ec):
    election, *_ = certified_ec
    last = election.log.order_by("-seq").first()
    assert election.log_length == election.log.count() == last.seq
    assert election.log_head_hash == last.entry_hash


def test_deleting_the_last_log_entries_is_detected(certified_ec, staff):
    election, *_ = certified_ec
    assert election.log.order_by("-seq").first().action in ("certified", "outcome_applied")
    _delete_entries(election, "certified", "outcome_applied")
    # The remaining chain is intact on its own: only its end gives the truncation away.
    problems = verify_election(election)
    assert any("entries were deleted from its end" in p for p in problems)
    assert any("not the head recorded on the election" in p for p in problems)
    assert any("last phase entry of its log is tallied" in p for p in problems)
    code, _out, err = verify_output(election.pk)
    assert code == 2 and "entries but the log holds" in err
    # Nothing more is recorded on top of the cut, so the gap cannot be papered over.
    with pytest.raises(ValidationError, match="does not end where"):
        services.election_recount(election=election, by=staff)


def test_a_truncation_with_the_row_rewritten_too_is_caught_by_a_kept_head(certified_ec):
    """Who also rewrites the row (head, length, status) gets a self-consistent log; the head published at the
    certification, kept by a reader, still catches it."""
    election, *_ = certified_ec
    kept = election.log_head_hash
    assert verify_output(election.pk, "--head", kept)[0] == 0
    _delete_entries(election, "certified", "outcome_applied")
    last = election.log.order_by("-seq").first()
    Election.objects.filter(pk=election.pk).update(
        log_length=last.seq, log_head_hash=last.entry_hash, status="tallied", certified_at=None, certified_by=None,
    )
    assert verify_election(election) == []  # what the server alone can see
    code, _out, err = verify_output(election.pk, "--head", kept)
    assert code == 2 and "you kept is not in the log" in err


# --- The head is published -------------------------------------------------------------------------------


def test_head_hash_is_on_the_results_page_the_election_page_and_in_the_api(client, api_client, certified_ec):
    election, *_ = certified_ec
    head = election.log_head_hash
    assert len(head) == 64
    page = client.get(reverse("governance:results", args=[election.pk])).content.decode()
    assert head in page and f"{election.log_length} entries" in page
    assert head in client.get(reverse("governance:election", args=[election.pk])).content.decode()
    data = api_client.get(reverse("api:election-results", args=[election.pk])).json()
    assert data["log_head_hash"] == head and data["log_entries"] == election.log_length
    rows = {r["id"]: r for r in api_client.get(reverse("api:election-list")).json()["results"]}
    assert rows[election.pk]["log_head_hash"] == head


def test_head_hash_is_shown_before_the_result_too(client, api_client, secret_ec):
    election, _rows = secret_ec
    assert election.status == "voting"
    assert election.log_head_hash in client.get(reverse("governance:election", args=[election.pk])).content.decode()
    rows = {r["id"]: r for r in api_client.get(reverse("api:election-list")).json()["results"]}
    assert rows[election.pk]["log_head_hash"] == election.log_head_hash


def test_each_phase_change_mails_the_head_and_certification_mails_the_final_head(
    secret_ec, staff, django_capture_on_commit_callbacks, mailoutbox
):
    election, rows = secret_ec
    focal = AffiliationFactory(member=rows[1][0], role=Affiliation.Role.FOCAL_POINT).user
    vote_all(election, rows, lambda i, k: [k[0], k[1]] if i < 4 else [k[2]])
    heads = []
    for step in (
        lambda e: services.election_close_voting(election=e, by=staff, reason="the chair closed the vote"),
        lambda e: services.election_tally(election=e, by=staff),
        lambda e: services.election_certify(election=e, by=staff),
        lambda e: services.election_publish(election=e, by=staff),
    ):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(election)
        election.refresh_from_db()
        assert [m.to for m in mailoutbox] == [[focal.email]]
        body = mailoutbox[0].body
        # The head after every entry of the transition (for the certification: after "outcome_applied").
        assert election.log_head_hash in body and f"{election.log_length} entries" in body
        assert f"election_verify {election.pk} --head {election.log_head_hash}" in body
        heads.append((election.status, election.log.order_by("-seq").first().action, election.log_head_hash))
    assert heads[2][:2] == ("certified", "outcome_applied")
    assert "certified" in mailoutbox[0].subject.lower() or "published" in mailoutbox[0].subject.lower()
    # Every head mailed is still in the log, and verify holds the server to each.
    for _status, _action, head in heads:
        assert verify_output(election.pk, "--head", head)[0] == 0


# --- One tie rule everywhere: three candidates, the top two tie ----------------------------------------------


def ballots(spec):
    out = []
    for marks, n in spec:
        out += [list(marks)] * n
    return out


@pytest.mark.parametrize("options", [["1", "2"], ["1", "2", "3"]], ids=["two candidates", "three candidates"])
def test_president_tie_for_the_seat_follows_the_tie_rule_with_two_or_three_candidates(options):
    spec = ballots([(("1",), 30), (("2",), 30)] + ([(("3",), 20)] if len(options) == 3 else []))
    lots = tally.compute(kind="president", seats=1, options=options, quorum_base=100, ballots=spec, tie_rule="lots", seed="s")
    assert lots["tie"]["between"] == ["1", "2"] and lots["tie"]["position"] == "first_place"
    assert lots["tie"]["settled_by"] == "lots" and lots["tie"]["seed"] == "s"
    assert lots["outcome"] == "elected" and lots["elected"] == lots["tie"]["drawn"] and len(lots["elected"]) == 1
    assert lots["runoff"] is None
    runoff = tally.compute(kind="president", seats=1, options=options, quorum_base=100, ballots=spec, tie_rule="runoff")
    assert runoff["tie"]["between"] == ["1", "2"] and runoff["tie"]["settled_by"] == "runoff"
    assert runoff["outcome"] == "runoff" and runoff["runoff"] == {"candidates": ["1", "2"], "seats": 1}


def test_a_three_way_president_tie_puts_all_three_to_the_rule():
    spec = ballots([(("1",), 10), (("2",), 10), (("3",), 10)])
    lots = tally.compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=30, ballots=spec, tie_rule="lots",
                         seed="x")
    assert lots["tie"]["between"] == ["1", "2", "3"] and len(lots["elected"]) == 1
    runoff = tally.compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=30, ballots=spec)
    assert runoff["runoff"]["candidates"] == ["1", "2", "3"]


def _president_three(staff, tie_rule):
    rows = voters(5, prefix=f"Tie {tie_rule} City")
    election = election_in_voting(kind=Election.Kind.PRESIDENT, candidates=[m for m, _ in rows[:3]], by=staff,
                                  tie_rule=tie_rule, title=f"President ({tie_rule})")
    keys = {c.member_id: str(c.pk) for c in election.candidacies.all()}
    a, b, c = (keys[m.pk] for m, _ in rows[:3])
    plan = [a, a, b, b, c]  # 2 – 2 – 1: the top two tie for the one seat
    for (member, delegate), choice in zip(rows, plan, strict=True):
        services.election_vote_cast(election=election, member=member, by=delegate, choices=[choice])
    return close_and_tally(election, by=staff), rows, (a, b, c)


def test_three_candidate_president_tie_settled_by_lots_is_recorded_and_certified(staff):
    election, _rows, (a, b, _c) = _president_three(staff, "lots")
    tie = election.result["tie"]
    assert tie["between"] == sorted([a, b], key=int) and tie["position"] == "first_place" and tie["settled_by"] == "lots"
    assert election.outcome == "elected" and election.result["elected"] == tie["drawn"]
    assert election.tie_seed == tie["seed"]
    assert election.log.get(action="tie_detected").data["between"] == tie["between"]
    assert election.log.get(action="lots_drawn").data["drawn"] == tie["drawn"]
    assert not Election.objects.filter(runoff_of=election).exists()
    services.election_certify(election=election, by=staff)
    term = OfficeTerm.objects.get(office="president", election=election)
    assert str(election.candidacies.get(member=term.member).pk) == tie["drawn"][0]
    assert verify_election(election) == []


def test_three_candidate_president_tie_settled_by_runoff_is_recorded(staff):
    election, _rows, (a, b, _c) = _president_three(staff, "runoff")
    tie = election.result["tie"]
    assert tie["between"] == sorted([a, b], key=int) and tie["settled_by"] == "runoff"
    assert election.log.get(action="tie_detected").data["position"] == "first_place"
    runoff = Election.objects.get(runoff_of=election)
    carried = sorted(str(c.carried_from_id) for c in runoff.candidacies.all())
    assert carried == sorted([a, b])
    services.election_certify(election=election, by=staff)
    assert not OfficeTerm.objects.exists()
    runoff.voting_opens_at, runoff.voting_closes_at = window()
    runoff.save(update_fields=["voting_opens_at", "voting_closes_at"])
    assert verify_election(election) == [] and verify_election(runoff) == []
