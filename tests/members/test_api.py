"""The public membership API: members, regional offices, partners — fields, filters, access, query counts."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import Member, PartnerMOU
from members.services import partner_key_create
from tests.factories import MemberFactory, PartnerFactory, RegionalOfficeFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/members/"


def _error(response):
    body = response.json()
    assert set(body["error"]) >= {"status", "code", "message", "details"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def world(db):
    office = RegionalOfficeFactory(name="Asia Office", host="Chengdu", regions=["asia"])
    return {
        "office": office,
        "seoul": MemberFactory(
            name="Seoul",
            name_local="서울특별시",
            country="KR",
            regional_office=office,
            population=9_400_000,
            population_year=2023,
            website="https://www.seoul.go.kr",
            official_languages="Korean, English",
        ),
        "busan": MemberFactory(name="Busan", country="KR", category=Member.Category.ASSOCIATE),
        "hanoi": MemberFactory(name="Hanoi", country="VN", regional_office=office),
        "lisbon": MemberFactory(name="Lisbon", country="PT", category=Member.Category.ASSOCIATE),
        "applicant": MemberFactory(name="Applicant City", country="KR", status=Member.Status.APPLICANT),
        "withdrawn": MemberFactory(name="Withdrawn City", country="KR", status=Member.Status.WITHDRAWN),
        "suspended": MemberFactory(name="Suspended City", country="KR", status=Member.Status.SUSPENDED),
    }


def test_route_names():
    assert reverse("api:member-list") == MEMBERS
    assert reverse("api:member-detail", args=[7]) == "/api/v1/members/7/"
    assert reverse("api:regional-office-list") == "/api/v1/regional-offices/"
    assert reverse("api:partner-list") == "/api/v1/partners/"


def test_anonymous_callers_may_list_active_members_only(api_client, world):
    response = api_client.get(MEMBERS)
    assert _names(response) == ["Busan", "Hanoi", "Lisbon", "Seoul"]
    body = response.json()
    assert body["count"] == 4
    assert {"next", "previous", "results"} <= set(body)


def test_member_fields(api_client, world):
    seoul = world["seoul"]
    row = next(r for r in api_client.get(MEMBERS).json()["results"] if r["name"] == "Seoul")
    assert row == {
        "id": seoul.pk,
        "name": "Seoul",
        "name_local": "서울특별시",
        "slug": "seoul",
        "kind": "city",
        "country": "KR",
        "country_name": "South Korea",
        "region": "asia",
        "category": "full",
        "status": "active",
        "population": 9_400_000,
        "population_year": 2023,
        "population_source": "",
        "joined_on": seoul.joined_on.isoformat(),
        "website": "https://www.seoul.go.kr",
        "official_languages": ["Korean", "English"],
        "description": "",
        "regional_office": {"id": world["office"].pk, "name": "Asia Office"},
        "url": "http://testserver/members/seoul/",
    }
    busan = next(r for r in api_client.get(MEMBERS).json()["results"] if r["name"] == "Busan")
    assert busan["regional_office"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KR"}, ["Busan", "Seoul"]),
        ({"country": "kr"}, ["Busan", "Seoul"]),
        ({"region": "europe"}, ["Lisbon"]),
        ({"region": "asia", "category": "full"}, ["Hanoi", "Seoul"]),
        ({"category": "associate"}, ["Busan", "Lisbon"]),
        ({"search": "an"}, ["Busan", "Hanoi"]),
        ({"search": "서울"}, ["Seoul"]),
        ({"search": "city"}, []),
        ({"country": "", "region": "", "search": ""}, ["Busan", "Hanoi", "Lisbon", "Seoul"]),
    ],
)
def test_member_filters(api_client, world, params, expected):
    assert _names(api_client.get(MEMBERS, params)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "KOR"}, "country"),
        ({"region": "atlantis"}, "region"),
        ({"category": "gold"}, "category"),
    ],
)
def test_bad_filter_values_are_400_json(api_client, world, params, field):
    response = api_client.get(MEMBERS, params)
    assert response.status_code == 400
    assert field in _error(response)["details"]


def test_bad_page_is_404_json(api_client, world):
    response = api_client.get(MEMBERS, {"page": 99})
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_member_detail(api_client, world):
    seoul = world["seoul"]
    response = api_client.get(f"{MEMBERS}{seoul.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Seoul"
    assert response.json()["regional_office"]["name"] == "Asia Office"


@pytest.mark.parametrize("key", ["applicant", "withdrawn", "suspended"])
def test_detail_of_a_non_active_member_is_404_json(api_client, world, key):
    response = api_client.get(f"{MEMBERS}{world[key].pk}/")
    assert response.status_code == 404
    error = _error(response)
    assert error["code"] == "not_found"
    assert error["status"] == 404


def test_officials_contacts_are_not_exposed(api_client, world):
    from tests.factories import AffiliationFactory

    official = AffiliationFactory(member=world["seoul"]).user
    assert official.email not in api_client.get(f"{MEMBERS}{world['seoul'].pk}/").content.decode()


def test_api_is_read_only(api_client, world):
    assert api_client.post(MEMBERS, {"name": "X"}, format="json").status_code == 405
    assert api_client.delete(f"{MEMBERS}{world['seoul'].pk}/").status_code == 405


def test_partner_key_may_read(partner_client, world):
    assert _names(partner_client.get(MEMBERS)) == ["Busan", "Hanoi", "Lisbon", "Seoul"]
    assert partner_client.get("/api/v1/partners/").status_code == 200


def test_partner_key_with_the_members_scope_may_read(partner, world):
    _key, raw = partner_key_create(partner=partner, scopes=["ceds", "members"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(MEMBERS).status_code == 200


def test_partner_key_scoped_to_something_else_is_403_json(partner, world):
    _key, raw = partner_key_create(partner=partner, scopes=["ceds"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    for url in (MEMBERS, f"{MEMBERS}{world['seoul'].pk}/", "/api/v1/regional-offices/", "/api/v1/partners/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "members" in _error(response)["message"]


def test_bad_key_is_401_even_on_public_data(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION="Api-Key not.a-key")
    response = api_client.get(MEMBERS)
    assert response.status_code == 401
    assert "Unknown API key" in _error(response)["message"]


def test_signed_in_user_may_read(client, user, world):
    client.force_login(user)
    assert client.get(MEMBERS).status_code == 200


def test_anonymous_callers_get_the_anonymous_throttle(api_client, world):
    from rest_framework.settings import api_settings

    from wego.api.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**dict(api_settings.DEFAULT_THROTTLE_RATES), "anon": "2/hour"}
    try:
        codes = [api_client.get(MEMBERS).status_code for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429]


# --- Regional offices and partners -------------------------------------------------------------------


def test_regional_offices_with_active_member_counts(api_client, world):
    RegionalOfficeFactory(
        name="Europe Office", host="Ulyanovsk", regions=["europe"], contact_email="eu@wego.org"
    )
    MemberFactory(regional_office=world["office"], status=Member.Status.WITHDRAWN)
    response = api_client.get("/api/v1/regional-offices/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["member_count"]) for r in rows] == [("Asia Office", 2), ("Europe Office", 0)]
    assert rows[1] == {
        "id": rows[1]["id"],
        "name": "Europe Office",
        "host": "Ulyanovsk",
        "regions": ["europe"],
        "contact_email": "eu@wego.org",
        "opened_on": None,
        "member_count": 0,
    }


def test_partners_with_their_mous(api_client, db):
    un = PartnerFactory(name="United Nations", acronym="UN", website="https://un.org")
    PartnerMOU.objects.create(partner=un, signed_on=date(2019, 5, 2), title="Cooperation", scope="Training.")
    PartnerMOU.objects.create(
        partner=un, signed_on=date(2022, 3, 4), title="Data", document="partners/mous/x.pdf"
    )
    PartnerFactory(name="Hidden", is_public=False)
    response = api_client.get("/api/v1/partners/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["name"] for r in rows] == ["United Nations"]
    row = rows[0]
    assert row["acronym"] == "UN" and row["kind"] == "international" and row["website"] == "https://un.org"
    assert [m["title"] for m in row["mous"]] == ["Data", "Cooperation"]
    assert row["mous"][0]["signed_on"] == "2022-03-04"
    assert row["mous"][0]["document"].endswith("/partners/mous/x.pdf")
    assert row["mous"][1]["document"] is None


# --- Query counts ----------------------------------------------------------------------------------------


def _make_members(n: int, offices) -> None:
    for i in range(n):
        MemberFactory(country=("KR", "PT", "EC")[i % 3], regional_office=offices[i % len(offices)])


@pytest.mark.parametrize("client_name", ["api_client", "partner_client"])
def test_member_list_query_count_is_the_same_at_10_and_200_members(request, client_name):
    client = request.getfixturevalue(client_name)
    offices = [RegionalOfficeFactory(), RegionalOfficeFactory()]
    _make_members(10, offices)
    at_10 = count_queries(client, MEMBERS)
    _make_members(190, offices)
    at_200 = count_queries(client, f"{MEMBERS}?page_size=200")
    assert at_10 == at_200
    assert count_queries(client, f"{MEMBERS}?country=KR&search=city") == at_200
    assert at_200 <= (2 if client_name == "api_client" else 3)  # count + page (+ the key lookup)


def test_regional_office_list_query_count_is_constant(api_client):
    def make(n):
        for _ in range(n):
            office = RegionalOfficeFactory()
            _make_members(3, [office])

    make(2)
    few = count_queries(api_client, "/api/v1/regional-offices/")
    make(20)
    assert count_queries(api_client, "/api/v1/regional-offices/") == few == 2


def test_partner_list_query_count_is_constant(api_client):
    def make(n):
        for _ in range(n):
            partner = PartnerFactory()
            PartnerMOU.objects.create(partner=partner, signed_on=date(2020, 1, 1))
            PartnerMOU.objects.create(partner=partner, signed_on=date(2021, 1, 1))

    make(2)
    few = count_queries(api_client, "/api/v1/partners/")
    make(20)
    assert count_queries(api_client, "/api/v1/partners/") == few == 3  # count, page, MOUs
