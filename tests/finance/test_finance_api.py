"""The public fee API: the fee schedule of a year and the fee quote of an active member."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from finance import services
from finance.models import CountryEconomy
from members.models import Member
from members.services import partner_key_create
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
SCHEDULE = "/api/v1/fee-schedule/"


def quote_url(member_id: int) -> str:
    return f"/api/v1/members/{member_id}/fee-quote/"


def _error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["error"]) >= {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return body["error"]


@pytest.fixture
def schedule(db):
    return services.fee_schedule_create_example(year=YEAR)


@pytest.fixture
def korea(schedule):
    CountryEconomy.objects.create(country="KR", year=YEAR - 1, gdp_ppp_per_capita=Decimal("52000"), source="t")


def test_routes_are_named():
    assert reverse("api:fee-schedule") == SCHEDULE
    assert reverse("api:member-fee-quote", args=[7]) == quote_url(7)


# --- The fee schedule ---------------------------------------------------------------------------------


def test_fee_schedule_is_public(api_client, schedule):
    response = api_client.get(SCHEDULE, {"year": YEAR})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["year"], body["status"], body["currency"]) == (YEAR, "example", "USD")
    assert [t["code"] for t in body["tiers"]] == ["T1", "T2", "T3", "T4"]
    assert body["tiers"][1] == {"code": "T2", "name": "Lower-middle income", "from": "10000.00", "to": "25000.00"}
    assert body["tiers"][-1]["to"] is None
    assert body["bands"][0] == {"code": "B1", "name": "Under 500,000", "from": 0, "to": 500_000}
    assert body["bands"][-1] == {"code": "B4", "name": "5 million and more", "from": 5_000_000, "to": None}
    assert len(body["amounts"]) == 16
    assert {"tier": "T4", "band": "B4", "amount": "15000.00"} in body["amounts"]
    assert {"tier": "T1", "band": "B2", "amount": "1500.00"} in body["amounts"]
    assert body["flat_fees"] == {"friendship": "2000.00", "corporate": "5000.00", "institution": "2000.00"}
    assert (body["associate_rule"], body["associate_percent"]) == ("percent", "50.00")
    assert (body["pro_rata"], body["payment_days"]) == (True, 90)
    assert str(YEAR - 1) in body["gdp_basis"]


def test_fee_schedule_without_year_is_the_latest(api_client, schedule, secretariat):
    services.fee_schedule_copy(source=schedule, year=YEAR + 1, by=secretariat)
    assert api_client.get(SCHEDULE).json()["year"] == YEAR + 1


def test_fee_schedule_unknown_and_bad_years(api_client, schedule):
    assert "2031" in _error(api_client.get(SCHEDULE, {"year": 2031}), 404)["message"]
    assert _error(api_client.get(SCHEDULE, {"year": "twenty"}), 400)["message"].startswith("year:")
    _error(api_client.get(SCHEDULE, {"year": "2026.5"}), 400)
    _error(api_client.get(SCHEDULE, {"year": "99999999999999999999"}), 400)
    _error(api_client.get(SCHEDULE, {"year": "-1"}), 400)


def test_fee_schedule_when_none_exists(api_client, db):
    _error(api_client.get(SCHEDULE), 404)


def test_fee_schedule_for_partners(partner, schedule):
    _key, raw = partner_key_create(partner=partner, scopes=["members"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(SCHEDULE).status_code == 200
    _key, other = partner_key_create(partner=partner, scopes=["training"])
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {other}")
    _error(client.get(SCHEDULE), 403)


def test_fee_schedule_query_count(api_client, schedule, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert api_client.get(SCHEDULE).status_code == 200


# --- The fee quote --------------------------------------------------------------------------------------


def test_fee_quote_of_a_full_city(api_client, korea):
    seoul = MemberFactory(name="Seoul", country="KR", population=9_400_000, population_year=2023,
                          category=Member.Category.FULL)
    response = api_client.get(quote_url(seoul.pk), {"year": YEAR})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["member"] == {"id": seoul.pk, "name": "Seoul", "country": "KR", "category": "full"}
    assert (body["year"], body["schedule_status"], body["currency"]) == (YEAR, "example", "USD")
    assert (body["amount"], body["billable"]) == ("15000.00", True)
    assert (body["problem"], body["problem_message"], body["no_fee"], body["no_fee_message"]) == (None, None, None, None)
    explanation = body["explanation"]
    assert explanation["tier"]["code"] == "T4" and explanation["band"]["code"] == "B4"
    assert (explanation["gdp_year"], explanation["rule"]) == (YEAR - 1, "tier_band")
    text = " ".join(body["explanation_lines"])
    assert "52,000" in text and "T4" in text and "9,400,000" in text and "B4" in text


def test_fee_quote_of_an_associate(api_client, korea):
    busan = MemberFactory(country="KR", population=9_400_000, category=Member.Category.ASSOCIATE)
    body = api_client.get(quote_url(busan.pk), {"year": YEAR}).json()
    assert body["amount"] == "7500.00"
    assert body["explanation"]["rule"] == "associate_percent"
    assert any("50% of the Full fee of 15000.00 USD" in line for line in body["explanation_lines"])


def test_fee_quote_without_year_uses_the_latest_schedule(api_client, korea):
    seoul = MemberFactory(country="KR", population=9_400_000)
    assert api_client.get(quote_url(seoul.pk)).json()["year"] == YEAR


def test_fee_quote_that_cannot_be_priced(api_client, korea):
    unknown = MemberFactory(country="KR", population=None)
    body = api_client.get(quote_url(unknown.pk), {"year": YEAR}).json()
    assert (body["amount"], body["billable"], body["problem"]) == (None, False, "no_population")
    assert body["problem_message"] == "No population recorded for this member."
    no_gdp = MemberFactory(country="MN", population=1_600_000)
    assert api_client.get(quote_url(no_gdp.pk), {"year": YEAR}).json()["problem"] == "no_gdp"


def test_fee_quote_with_no_fee(api_client, korea):
    import datetime as dt

    later = MemberFactory(country="KR", population=9_400_000, joined_on=dt.date(YEAR + 1, 2, 1))
    body = api_client.get(quote_url(later.pk), {"year": YEAR}).json()
    assert (body["amount"], body["billable"], body["no_fee"]) == ("0.00", False, "joins_later")
    assert body["no_fee_message"] == "The member joined after this year."


def test_fee_quote_only_for_active_members(api_client, korea):
    for status in (Member.Status.APPLICANT, Member.Status.SUSPENDED, Member.Status.WITHDRAWN):
        member = MemberFactory(country="KR", population=9_400_000, status=status)
        _error(api_client.get(quote_url(member.pk), {"year": YEAR}), 404)
    _error(api_client.get(quote_url(999_999), {"year": YEAR}), 404)


def test_fee_quote_unknown_and_bad_years(api_client, korea):
    seoul = MemberFactory(country="KR", population=9_400_000)
    assert "2031" in _error(api_client.get(quote_url(seoul.pk), {"year": 2031}), 404)["message"]
    _error(api_client.get(quote_url(seoul.pk), {"year": "next"}), 400)


def test_invoices_and_payments_stay_out_of_the_api(api_client, client, korea):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/fee-schedule/" in schema["paths"]
    assert "/api/v1/members/{id}/fee-quote/" in schema["paths"]
    assert not [path for path in schema["paths"] if "invoice" in path or "payment" in path]
    assert api_client.get("/api/v1/invoices/").status_code == 404
