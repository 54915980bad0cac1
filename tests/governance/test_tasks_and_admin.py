"""The beat task that closes and tallies due votes, and the Secretariat's admin."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Election
from governance.tasks import close_due_elections_task
from tests.helpers import count_queries

from .conftest import vote_all

pytestmark = pytest.mark.django_db


def test_task_closes_and_tallies_votes_whose_window_ended_and_is_idempotent(secret_ec):
    election, rows = secret_ec
    vote_all(election, rows)
    assert close_due_elections_task.delay().get() == []  # window still open: nothing done
    Election.objects.filter(pk=election.pk).update(voting_closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert close_due_elections_task.delay().get() == [election.pk]
    election.refresh_from_db()
    assert election.status == "tallied" and election.closed_at and election.quorum_met
    log_size = election.log.count()
    assert close_due_elections_task.delay().get() == []
    assert election.log.count() == log_size
    assert [e.actor_label for e in election.log.filter(action__in=["voting_closed", "tallied"])] == ["system", "system"]


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def test_every_governance_admin_page_opens(admin_client, certified_ec):
    from django.contrib import admin

    from governance import models

    election, *_ = certified_ec
    for model in admin.site._registry:
        if model._meta.app_label != "governance":
            continue
        name = model._meta.model_name
        assert admin_client.get(reverse(f"admin:governance_{name}_changelist")).status_code == 200, name
        obj = model.objects.first()
        if obj is not None:
            assert admin_client.get(reverse(f"admin:governance_{name}_change", args=[obj.pk])).status_code == 200, name
    assert admin_client.get(reverse("admin:governance_election_add")).status_code == 200
    assert models.SecretBallot.objects.exists()


def test_admin_actions_call_the_services_and_report_refusals(admin_client, secret_ec):
    election, rows = secret_ec
    url = reverse("admin:governance_election_changelist")
    response = admin_client.post(url, {"action": "tally", "_selected_action": [election.pk]}, follow=True)
    assert "cannot be tallied now" in response.content.decode()
    vote_all(election, rows)
    Election.objects.filter(pk=election.pk).update(voting_closes_at=timezone.now() - dt.timedelta(seconds=1))
    for action in ("close_voting", "tally", "certify", "recount", "verify"):
        response = admin_client.post(url, {"action": action, "_selected_action": [election.pk]}, follow=True)
        assert response.status_code == 200
    election.refresh_from_db()
    assert election.status == "certified"
    assert "verified" in response.content.decode()


def test_admin_creates_an_election_through_the_service(admin_client):
    response = admin_client.post(reverse("admin:governance_election_add"), {
        "title": "Other office", "kind": "office", "office_name": "Auditor City", "seats": 1, "secrecy": "secret",
        "tie_rule": "lots", "quorum_base_rule": "roll", "description": "",
        "motion-TOTAL_FORMS": 0, "motion-INITIAL_FORMS": 0, "candidacies-TOTAL_FORMS": 0, "candidacies-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    election = Election.objects.get(title="Other office")
    assert election.log.get().action == "created"


def test_admin_is_for_the_secretariat_only(client, member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get(reverse("admin:governance_election_changelist")).status_code == 403


def test_election_changelist_query_count_is_flat(admin_client, staff):
    from governance import services

    def count():
        return count_queries(admin_client, reverse("admin:governance_election_changelist"))

    for i in range(3):
        services.election_create(title=f"E{i}", kind="executive_committee", by=staff, seats=2)
    few = count()
    for i in range(10):
        services.election_create(title=f"F{i}", kind="executive_committee", by=staff, seats=2)
    assert count() == few



def test_admin_election_form_refuses_an_office_without_its_name(admin_client):
    response = admin_client.post(reverse("admin:governance_election_add"), {
        "title": "Nameless office", "kind": "office", "office_name": "", "seats": 1, "secrecy": "secret",
        "tie_rule": "lots", "quorum_base_rule": "roll",
        "motion-TOTAL_FORMS": 0, "motion-INITIAL_FORMS": 0, "candidacies-TOTAL_FORMS": 0, "candidacies-INITIAL_FORMS": 0,
    })
    assert response.status_code == 200 and "Name the office to be filled." in response.content.decode()
    assert not Election.objects.filter(title="Nameless office").exists()


def test_admin_changes_a_draft_through_the_service(admin_client, staff):
    from governance import services

    election = services.election_create(title="EC draft", kind="executive_committee", by=staff, seats=3)
    response = admin_client.post(reverse("admin:governance_election_change", args=[election.pk]), {
        "title": "EC draft", "kind": "executive_committee", "office_name": "", "seats": 5, "secrecy": "open",
        "tie_rule": "runoff", "quorum_base_rule": "roll", "description": "",
        "motion-TOTAL_FORMS": 0, "motion-INITIAL_FORMS": 0, "candidacies-TOTAL_FORMS": 0, "candidacies-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.seats == 5 and election.secrecy == "open"
    assert election.log.filter(action="updated").get().data == {"seats": 5, "secrecy": "open"}
