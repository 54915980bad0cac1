"""The public awards API: editions and winners, filters, errors, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Edition, Prize
from tests.factories.awards import make_edition, make_finalists

pytestmark = pytest.mark.django_db
S = Edition.Status
EDITIONS = "/api/v1/awards/editions/"
WINNERS = "/api/v1/awards/winners/"


def announced(year=None):
    edition = make_edition(status=S.ANNOUNCED, year=year)
    for category in edition.categories.order_by("order")[:2]:
        for kind, finalist in zip((1, 2), make_finalists(edition=edition, category=category, count=2), strict=True):
            Prize.objects.create(edition=edition, category=category, entry=finalist.entry, kind=kind, votes=20 - kind)
    return edition


def test_routes():
    assert reverse("api:awards-edition-list") == EDITIONS
    assert reverse("api:awards-winner-list") == WINNERS


def test_editions_are_public_without_drafts(api_client):
    e = announced(2014)
    make_edition(status=S.DRAFT, year=2099)
    make_edition(status=S.APPLICATION, year=2027)
    body = api_client.get(EDITIONS).json()
    assert [row["year"] for row in body["results"]] == [2027, 2014]
    row = body["results"][1]
    assert row["status"] == "announced" and row["ranking_method"] == "normalised"
    assert [c["code"] for c in row["categories"]] == ["services", "efficiency", "open-city", "urban-management",
                                                      "digital-divide"]
    assert row["url"].endswith(f"/awards/{e.year}/")
    assert api_client.get(EDITIONS, {"year": 2014}).json()["count"] == 1


def test_winners_with_filters(api_client):
    announced(2012)
    announced(2014)
    hidden = make_edition(status=S.COUNTING, year=2030)
    f = make_finalists(edition=hidden, count=1)[0]
    Prize.objects.create(edition=hidden, category=f.shortlist.category, entry=f.entry, kind=1, votes=5)
    body = api_client.get(WINNERS).json()
    assert body["count"] == 8
    assert {r["year"] for r in body["results"]} == {2012, 2014}
    first = body["results"][0]
    assert first["year"] == 2014 and first["category"] == "services" and first["prize"] == "best"
    assert first["prize_name"] == "Best e-Government Prize"
    assert first["certificate"].endswith("certificate.pdf")
    only = api_client.get(WINNERS, {"year": 2012, "category": "efficiency"}).json()
    assert [(r["year"], r["category"], r["prize"]) for r in only["results"]] == [
        (2012, "efficiency", "best"), (2012, "efficiency", "outstanding")
    ]
    assert api_client.get(WINNERS, {"category": "nonexistent"}).json()["count"] == 0


def test_bad_filters_are_400_json(api_client):
    response = api_client.get(WINNERS, {"year": "twenty"})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
    assert api_client.get(EDITIONS, {"year": "1"}).status_code == 400
    assert api_client.get(WINNERS, {"page": 99}).status_code == 404


def test_partner_key_reads(partner_client):
    announced()
    assert partner_client.get(WINNERS).status_code == 200


def test_query_counts_do_not_grow(api_client):
    announced()
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(WINNERS).status_code == 200
    with CaptureQueriesContext(connection) as few_e:
        assert api_client.get(EDITIONS).status_code == 200
    for _i in range(4):
        announced()
    with CaptureQueriesContext(connection) as many:
        assert api_client.get(WINNERS).json()["count"] == 20
    with CaptureQueriesContext(connection) as many_e:
        assert api_client.get(EDITIONS).json()["count"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many_e.captured_queries) == len(few_e.captured_queries)
