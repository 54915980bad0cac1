"""The public training API: programs, sessions with seats left, the `from` filter, scopes, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.services import partner_key_create
from tests.factories import PartnerFactory
from tests.factories.training import ProgramFactory, SessionFactory
from training.models import Program, Session

PROGRAMS = "/api/v1/training/programs/"
SESSIONS = "/api/v1/training/sessions/"


def test_programs_list_with_topics_partners_eligibility_and_cost(api_client, db):
    wb = PartnerFactory(name="World Bank", acronym="WB")
    program = ProgramFactory(name="Smart Cities webinars", kind=Program.Kind.WEBINAR, eligibility=Program.Eligibility.OPEN,
                             topic_notes="Analytics\nCeDS", languages="English, Korean", cost_note="Free")
    program.partners.add(wb)
    SessionFactory(program=program)
    response = api_client.get(PROGRAMS)
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["name"] == "Smart Cities webinars" and row["kind"] == "webinar" and row["eligibility"] == "open"
    assert row["topic_notes"] == ["Analytics", "CeDS"] and row["topics"] == [] and row["languages"] == ["English", "Korean"]
    assert row["partners"] == [{"id": wb.pk, "name": "World Bank", "acronym": "WB"}]
    assert row["cost_amount"] == "0.00" and row["upcoming_sessions"] == 1
    assert row["url"].endswith("/training/programs/smart-cities-webinars/")
    assert api_client.get(PROGRAMS, {"kind": "webinar"}).json()["count"] == 1
    assert api_client.get(PROGRAMS, {"kind": "nope"}).status_code == 400


def test_sessions_from_a_date_with_seats_left(api_client, db):
    today = timezone.localdate()
    past = SessionFactory(starts_on=today - dt.timedelta(days=40), ends_on=today - dt.timedelta(days=38),
                          application_deadline=timezone.now() - dt.timedelta(days=60), title="Past")
    soon = SessionFactory(title="Soon", capacity=10)
    Session.objects.filter(pk=soon.pk).update(seats_taken=7)
    SessionFactory(title="Draft", status=Session.Status.DRAFT)
    response = api_client.get(SESSIONS, {"from": today.isoformat()})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["Soon"]
    assert rows[0]["seats_left"] == 3 and rows[0]["capacity"] == 10 and rows[0]["accepts_applications"] is True
    assert rows[0]["program"]["kind"] == "seoul_program" and rows[0]["country"] == "KR"
    everything = [r["title"] for r in api_client.get(SESSIONS).json()["results"]]
    assert everything == ["Past", "Soon"]
    assert past.pk


def test_a_bad_date_is_a_json_400(api_client, db):
    response = api_client.get(SESSIONS, {"from": "yesterday"})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_a_partner_key_needs_the_training_scope(api_client, partner):
    _key, raw = partner_key_create(partner=partner, name="members only", scopes=["members"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api_client.get(SESSIONS).status_code == 403
    _key, raw = partner_key_create(partner=partner, name="training", scopes=["training"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api_client.get(SESSIONS).status_code == 200


def test_the_api_is_read_only(api_client, db):
    assert api_client.post(SESSIONS, {}).status_code in (403, 405)


@pytest.mark.parametrize("url", [PROGRAMS, SESSIONS])
def test_lists_make_the_same_number_of_queries_at_10_and_30_rows(api_client, db, url):
    def add(n):
        for _ in range(n):
            p = ProgramFactory()
            p.partners.add(PartnerFactory(), PartnerFactory())
            SessionFactory(program=p)

    add(10)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(url).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert api_client.get(url).json()["count"] == 30
    assert len(many.captured_queries) == len(few.captured_queries)
    print(url, len(few.captured_queries), "queries")
