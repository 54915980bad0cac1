"""Integrity: recount, the hash-chained log, election_verify, the roll hash, and ballot secrecy."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from governance import integrity, services
from governance.models import Election, ElectionLogEntry, OpenBallot, RollEntry, SecretBallot, VoterRecord
from governance.verification import verify_election
from members.models import Member, User
from tests.factories.governance import close_and_tally, motion_in_voting, voters
from wego.models import AuditEntry

from .conftest import candidate_keys, vote_all

pytestmark = pytest.mark.django_db


def verify(election_id):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("election_verify", str(election_id), stdout=out, stderr=err)
    return out.getvalue()


def test_recount_equals_tally(certified_ec, staff):
    election, _rows, _receipts = certified_ec
    matches, recount = services.election_recount(election=election, by=staff)
    assert matches and recount == election.result
    assert election.log.filter(action="recounted").last().data["matches"] is True


def test_election_verify_passes_on_an_untouched_election(certified_ec):
    election, *_ = certified_ec
    assert "OK election" in verify(election.pk)
    assert verify_election(election) == []


def test_altering_a_stored_ballot_makes_verify_fail(certified_ec, staff):
    election, _rows, receipts = certified_ec
    keys = candidate_keys(election)
    SecretBallot.objects.filter(receipt=receipts[5]).update(choices=[keys[0]])
    with pytest.raises(CommandError) as exc:
        verify(election.pk)
    assert exc.value.returncode == 2
    problems = verify_election(election)
    assert any("ballots" in p for p in problems) and any("tally" in p for p in problems)
    matches, _ = services.election_recount(election=election, by=staff)
    assert matches is False


def test_injecting_a_ballot_makes_verify_fail(certified_ec):
    election, *_ = certified_ec
    SecretBallot.objects.create(election=election, choices=[candidate_keys(election)[2]])
    problems = verify_election(election)
    assert any("counted ballots for" in p for p in problems)


def test_altering_a_log_entry_makes_verify_fail(certified_ec):
    election, *_ = certified_ec
    entry = election.log.get(action="tallied")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ElectionLogEntry._meta.db_table} SET actor_label = %s WHERE id = %s", ["someone-else", entry.pk]
        )
    with pytest.raises(CommandError):
        verify(election.pk)
    assert any(f"entry #{entry.seq}" in p and "altered" in p for p in verify_election(election))


def test_deleting_a_log_entry_makes_verify_fail(certified_ec):
    election, *_ = certified_ec
    entry = election.log.get(action="voting_opened")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ElectionLogEntry._meta.db_table} WHERE id = %s", [entry.pk])
    problems = verify_election(election)
    assert any("missing" in p for p in problems)


def test_altering_the_roll_makes_verify_fail(certified_ec):
    election, *_ = certified_ec
    entry = RollEntry.objects.filter(election=election).first()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {RollEntry._meta.db_table} SET member_name = %s WHERE id = %s", ["Forged", entry.pk])
    assert any(p.startswith("roll:") for p in verify_election(election))


def test_altering_the_stored_result_makes_verify_fail(certified_ec):
    election, *_ = certified_ec
    result = dict(election.result)
    result["elected"] = list(reversed(result["elected"])) + ["999"]
    Election.objects.filter(pk=election.pk).update(result=result)
    assert any("stored result was altered" in p for p in verify_election(election))


def test_the_log_is_append_only_through_the_orm(certified_ec):
    election, *_ = certified_ec
    entry = election.log.first()
    entry.action = "changed"
    with pytest.raises(ValidationError, match="append-only"):
        entry.save()
    with pytest.raises(ValidationError, match="append-only"):
        entry.delete()
    with pytest.raises(ValidationError, match="append-only"):
        ElectionLogEntry.objects.filter(election=election).update(action="x")
    with pytest.raises(ValidationError, match="append-only"):
        ElectionLogEntry.objects.filter(election=election).delete()


def test_each_log_entry_holds_the_previous_hash(certified_ec):
    election, *_ = certified_ec
    entries = list(election.log.order_by("seq"))
    assert entries[0].prev_hash == integrity.GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    actions = [e.action for e in entries]
    assert actions[:3] == ["created", "nominations_opened", "candidacy_filed"]
    assert {"roll_frozen", "voting_opened", "voting_closed", "tallied", "certified"} <= set(actions)


def test_command_reports_an_unknown_election():
    with pytest.raises(CommandError, match="No election"):
        verify(999_999)


# --- Secrecy -------------------------------------------------------------------------------------------


def test_secret_ballot_model_has_no_path_to_the_member():
    fields = SecretBallot._meta.get_fields()
    related = {f.related_model for f in fields if f.is_relation}
    assert related == {Election}
    names = {f.name for f in fields}
    assert names == {"id", "election", "receipt", "choices", "counted"}
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField") for f in fields
                   if not f.is_relation)
    assert SecretBallot._meta.pk.get_internal_type() == "UUIDField"  # no insertion order in the key
    # Nothing points to a secret ballot either (no voter record, no log entry, no user).
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is SecretBallot:
                assert model is Election, f"{model.__name__}.{field.name} points to SecretBallot"
    assert not any(f.related_model is SecretBallot for f in Member._meta.get_fields() if f.is_relation)
    assert not any(f.related_model is SecretBallot for f in User._meta.get_fields() if f.is_relation)


def test_receipt_lookup_needs_the_election_key_and_the_key_is_erased_at_the_close(secret_ec, staff):
    election, rows = secret_ec
    member, delegate = rows[0]
    receipt = services.election_vote_cast(election=election, member=member, by=delegate, choices=candidate_keys(election)[:1])
    election.refresh_from_db()
    record = VoterRecord.objects.get(election=election, member=member)
    assert len(election.ballot_key) == 64
    assert record.receipt_hash not in (receipt, hashlib.sha256(receipt.encode()).hexdigest())
    assert record.receipt_hash == integrity.receipt_hmac(key=election.ballot_key, receipt=receipt)
    assert record.receipt_hash != integrity.receipt_hmac(key="0" * 64, receipt=receipt)
    # Nothing in a secret ballot row equals the member's record.
    ballot = SecretBallot.objects.get(receipt=receipt)
    assert record.receipt_hash not in {str(ballot.pk), ballot.receipt}
    # The portal's audit log and the election log hold no receipt or choice of a secret ballot.
    audit = AuditEntry.objects.filter(action="governance.ballot.cast").last()
    assert receipt not in str(audit.data) and "choices" not in audit.data
    assert not election.log.filter(action="ballot_cast").exists()
    services.election_close_voting(election=election, by=staff, reason="test")
    election.refresh_from_db()
    assert election.ballot_key == ""
    assert set(VoterRecord.objects.filter(election=election).values_list("receipt_hash", flat=True)) == {""}


def test_open_vote_ballots_name_the_member(staff):
    rows = voters(3)
    election = motion_in_voting(by=staff, secrecy="open")
    vote_all(election, rows, lambda i, k: ["yes"])
    assert set(OpenBallot.objects.filter(election=election).values_list("member_id", flat=True)) == {m.pk for m, _ in rows}
    election = close_and_tally(election, by=staff)
    assert verify_election(election) == []


def test_the_database_refuses_a_second_voter_record_or_counted_open_ballot(staff):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    rows = voters(2)
    election = motion_in_voting(by=staff, secrecy="open")
    member, delegate = rows[0]
    services.election_vote_cast(election=election, member=member, by=delegate, choices=["yes"])
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterRecord.objects.create(election=election, member=member, voted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        OpenBallot.objects.create(election=election, member=member, cast_at=timezone.now(), choices=["no"])
    assert OpenBallot.objects.filter(election=election, counted=True).count() == 1


def test_secret_ballots_are_rewritten_in_random_order_at_the_close(staff):
    rows = voters(24)
    election = motion_in_voting(by=staff, secrecy="secret")
    receipts = vote_all(election, rows, lambda i, k: [k[i % 3]])
    before = services.ballots_digest(election)
    services.election_close_voting(election=election, by=staff, reason="test")
    election.refresh_from_db()
    assert election.ballots_digest == before  # same ballots, same content
    assert sorted(SecretBallot.objects.filter(election=election).values_list("receipt", flat=True)) == sorted(receipts)
    table = SecretBallot._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT receipt FROM {table} ORDER BY rowid")
            assert [r[0] for r in cursor.fetchall()] != receipts  # 1 chance in 24! to fail
        elif connection.vendor == "postgresql":
            cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE election_id = %s", [election.pk])
            assert cursor.fetchone()[0] == 1  # every ballot written by the closing transaction
