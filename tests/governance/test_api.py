"""The public governance API: elections, certified results only, officers."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import services
from governance.models import OfficeTerm
from members.services import partner_key_create
from tests.factories import MemberFactory
from tests.factories.governance import close_and_tally, motion_in_voting, voters
from tests.helpers import count_queries

from .conftest import vote_all

pytestmark = pytest.mark.django_db


def test_election_list_is_public_with_status_and_hides_drafts(api_client, certified_ec, staff):
    election, *_ = certified_ec
    services.election_create(title="Draft election", kind="executive_committee", by=staff, seats=3)
    response = api_client.get(reverse("api:election-list"))
    assert response.status_code == 200
    titles = {row["title"]: row for row in response.json()["results"]}
    assert "Draft election" not in titles
    row = titles[election.title]
    assert row["status"] == "certified" and row["results_available"] is True and row["seats"] == 2


def test_election_list_query_count_does_not_grow(api_client, staff):
    for i in range(3):
        services.election_create(title=f"E{i}", kind="executive_committee", by=staff, seats=2)
    from governance.models import Election

    Election.objects.update(status="nominations")

    def count():
        return count_queries(api_client, reverse("api:election-list"))

    few = count()
    for i in range(9):
        services.election_create(title=f"F{i}", kind="executive_committee", by=staff, seats=2)
    Election.objects.update(status="nominations")
    assert count() == few


def test_results_are_404_until_certified(api_client, secret_ec, staff):
    election, rows = secret_ec
    url = reverse("api:election-results", args=[election.pk])
    assert api_client.get(url).status_code == 404
    vote_all(election, rows)
    assert api_client.get(url).status_code == 404
    election = close_and_tally(election, by=staff)
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    services.election_certify(election=election, by=staff)
    response = api_client.get(url)
    assert response.status_code == 200
    data = response.json()
    quorum = data["quorum"]  # the default base is now all members (issue 20, point 3); only roll members exist here
    assert {k: quorum[k] for k in ("base", "base_rule", "voters", "needed", "met")} == {
        "base": 6, "base_rule": "all_members", "voters": 6, "needed": 3, "met": True,
    }
    assert quorum["statement"] == "Quorum: 3 of 6 members (more than one third of all members, statute Part V)"
    assert data["open_votes"] is None
    assert sum(r["votes"] for r in data["rows"]) == 6
    assert data["election"]["status"] == "certified"
    assert len(data["result_hash"]) == 64


def test_open_vote_results_say_who_voted_what(api_client, staff):
    rows = voters(3)
    election = motion_in_voting(by=staff, secrecy="open")
    vote_all(election, rows, lambda i, k: ["yes" if i else "no"])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    data = api_client.get(reverse("api:election-results", args=[election.pk])).json()
    assert {(v["member"]["name"], tuple(v["choices"])) for v in data["open_votes"]} == {
        (rows[0][0].name, ("No",)), (rows[1][0].name, ("Yes",)), (rows[2][0].name, ("Yes",)),
    }
    assert data["threshold"]["rule"] == "simple" and data["outcome"] == "accepted"


def test_officers(api_client, staff):
    seoul = MemberFactory(name="Seoul")
    ulyanovsk = MemberFactory(name="Ulyanovsk Region", country="RU")
    today = dt.date.today()
    services.office_term_record(office=OfficeTerm.Office.PRESIDENT, member=seoul, basis="elected",
                                term_start=today - dt.timedelta(days=100), by=staff)
    services.office_term_record(office=OfficeTerm.Office.EXECUTIVE_VICE_PRESIDENT, member=ulyanovsk, basis="host",
                                term_start=today - dt.timedelta(days=10), by=staff)
    services.committee_seat_record(member=seoul, term_start=today - dt.timedelta(days=100), by=staff)
    data = api_client.get(reverse("api:governance-officers")).json()
    assert data["president"]["member"]["name"] == "Seoul" and data["president"]["basis"] == "elected"
    assert data["executive_vice_president"]["member"]["name"] == "Ulyanovsk Region"
    assert data["vice_presidents"] == []
    assert [s["member"]["name"] for s in data["executive_committee"]] == ["Seoul"]


def test_partner_without_the_governance_scope_is_refused(api_client, partner):
    _key, raw = partner_key_create(partner=partner, name="members only", scopes=["members"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = api_client.get(reverse("api:election-list"))
    assert response.status_code == 403
    assert "governance" in response.json()["error"]["message"]


def test_partner_with_the_scope_reads(partner_client):
    assert partner_client.get(reverse("api:governance-officers")).status_code == 200
