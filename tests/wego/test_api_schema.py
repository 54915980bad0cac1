"""The API answers by its schema: bounded integer query values, JSON for every /api/ answer, and a schema
that says the bounds, the nullable fields and the error answers (400/401/403/404/429) of each operation."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.factories import MemberFactory
from tests.factories.feasibility import CallFactory

pytestmark = pytest.mark.django_db

HUGE = "10391622802"
BEYOND_INT64 = str(2**63)
ERROR_KEYS = {"status", "code", "message", "details"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == ERROR_KEYS
    assert error["status"] == status
    return error


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _parameter(openapi, path: str, name: str, where: str = "query") -> dict:
    for parameter in openapi["paths"][path]["get"].get("parameters", []):
        if parameter["name"] == name and parameter["in"] == where:
            return parameter
    raise AssertionError(f"{path} has no {where} parameter {name}")


# --- Integer query values: in range, or a 400 with the portal's error shape --------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/feasibility/calls/?year=" + HUGE,
        "/api/v1/feasibility/calls/?year=" + BEYOND_INT64,
        "/api/v1/feasibility/calls/?theme=" + BEYOND_INT64 + "0",
        "/api/v1/feasibility/projects/?year=" + HUGE,
        "/api/v1/awards/editions/?year=" + BEYOND_INT64,
        "/api/v1/awards/winners/?year=" + HUGE,
        "/api/v1/ceds/benchmarks/?year=" + HUGE,
        "/api/v1/fee-schedule/?year=" + BEYOND_INT64,
    ],
)
def test_out_of_range_integer_query_values_are_400(api_client, url):
    error = _error(api_client.get(url), 400)
    assert error["code"] in ("invalid", "max_value", "min_value")
    assert error["details"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/feasibility/calls/?year=0.5",
        "/api/v1/feasibility/calls/?year=2026.5",
        "/api/v1/feasibility/calls/?theme=1.5",
        "/api/v1/feasibility/projects/?year=abc",
        "/api/v1/awards/editions/?year=2020.5",
        "/api/v1/awards/winners/?year=1e3",
    ],
)
def test_non_integer_query_values_are_400_not_ignored(api_client, url):
    CallFactory(year=2026)
    error = _error(api_client.get(url), 400)
    name = url.split("?")[1].split("=")[0]
    assert name in error["details"]
    assert error["message"].startswith(f"{name}: ")


def test_integer_filters_still_filter(api_client):
    CallFactory(year=2026, title="This year's call")
    CallFactory(year=2025, title="Last year's call")
    body = api_client.get("/api/v1/feasibility/calls/", {"year": 2025}).json()
    assert [row["title"] for row in body["results"]] == ["Last year's call"]
    # A whole number written with a trailing ".0" is still that number.
    assert api_client.get("/api/v1/feasibility/calls/", {"year": "2026.0"}).json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=0", "page=-1", "page=1.5", "page=last", "page=" + BEYOND_INT64,
     "page_size=0", "page_size=abc", "page_size=201"],
)
def test_invalid_pagination_values_are_400(api_client, query):
    MemberFactory()
    error = _error(api_client.get("/api/v1/members/?" + query), 400)
    assert query.split("=")[0] in error["details"]


def test_a_page_past_the_last_is_404_json(api_client):
    MemberFactory()
    _error(api_client.get("/api/v1/members/?page=2"), 404)
    _error(api_client.get(f"/api/v1/members/?page={2**31 - 1}"), 404)
    assert api_client.get("/api/v1/members/?page=1&page_size=200").status_code == 200


# --- JSON for every answer under /api/ -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v1/",
        "/api/v1/no-such-thing/",
        "/api/v1/members/abc/",
        "/api/v1/members/-1/",
        "/api/v1/members/1.5/fee-quote/",
        "/api/v1/elections/null,null/results/",
        "/api/v1/ceds/investigations/x/reports/",
    ],
)
def test_unknown_paths_and_non_integer_ids_are_404_json(path):
    _error(Client().get(path), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/members/{id}/",
        "/api/v1/members/{id}/fee-quote/",
        "/api/v1/elections/{id}/results/",
    ],
)
@pytest.mark.parametrize("pk", ["0", HUGE, BEYOND_INT64, "9" * 40])
def test_huge_ids_are_404_json(api_client, path, pk):
    MemberFactory()
    _error(api_client.get(path.format(id=pk)), 404)


def test_huge_investigation_id_is_404_json(client, official):
    client.force_login(official)
    _error(client.get(f"/api/v1/ceds/investigations/{BEYOND_INT64}/reports/"), 404)


def test_server_error_under_api_is_json_with_the_error_shape(rf):
    from wego.views import error_500

    response = error_500(rf.get("/api/v1/members/"))
    assert response.status_code == 500
    import json

    assert set(json.loads(response.content)["error"]) == ERROR_KEYS


# --- The schema says it ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "minimum", "maximum"),
    [
        ("/api/v1/feasibility/calls/", "year", 2000, 2100),
        ("/api/v1/feasibility/calls/", "theme", 1, 2**63 - 1),
        ("/api/v1/feasibility/projects/", "year", 2000, 2100),
        ("/api/v1/awards/editions/", "year", 2000, 2100),
        ("/api/v1/awards/winners/", "year", 2000, 2100),
        ("/api/v1/ceds/benchmarks/", "year", 2000, 2100),
        ("/api/v1/fee-schedule/", "year", 1990, 2200),
        ("/api/v1/members/", "page", 1, 2**31 - 1),
        ("/api/v1/members/", "page_size", 1, 200),
    ],
)
def test_schema_states_the_bounds_of_integer_query_parameters(openapi, path, name, minimum, maximum):
    schema = _parameter(openapi, path, name)["schema"]
    assert schema["type"] == "integer"
    assert schema["minimum"] == minimum
    assert schema["maximum"] == maximum


def test_schema_states_the_bounds_of_id_path_parameters(openapi):
    for path, item in openapi["paths"].items():
        for parameter in item["get"].get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", path
                assert parameter["schema"]["minimum"] == 1, path
                assert parameter["schema"]["maximum"] == 2**63 - 1, path


def test_schema_says_runoff_of_may_be_null(openapi):
    election = openapi["components"]["schemas"]["ElectionOutput"]
    assert election["properties"]["runoff_of"]["nullable"] is True


def test_every_operation_declares_its_error_answers(openapi):
    for path, item in openapi["paths"].items():
        responses = item["get"]["responses"]
        for status in ("401", "403", "429"):
            assert status in responses, f"{path} does not declare {status}"
        parameters = item["get"].get("parameters", [])
        if any(p["in"] == "query" for p in parameters):
            assert "400" in responses, f"{path} has query parameters but no 400"
        if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
            assert "404" in responses, f"{path} can be not found but declares no 404"
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ApiError", (path, status)


def test_blank_urls_and_emails_are_allowed_by_the_schema(openapi):
    """A member without a website answers "": the schema must allow it, not demand a URI."""
    website = openapi["components"]["schemas"]["MemberOutput"]["properties"]["website"]
    assert {"type": "string", "enum": [""]} in website["oneOf"]
    email = openapi["components"]["schemas"]["RegionalOfficeOutput"]["properties"]["contact_email"]
    assert {"type": "string", "enum": [""]} in email["oneOf"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/?search=a%00b",
        "/api/v1/ceds/framework/?version=2026%001",
        "/api/v1/ceds/benchmarks/?version=%00",
        "/api/v1/feasibility/projects/?country=K%00",
        "/api/v1/training/sessions/?program=a%00",
        "/api/v1/awards/winners/?category=%00x",
    ],
)
def test_a_nul_character_in_a_text_query_is_400_not_a_database_error(api_client, url):
    """PostgreSQL refuses strings holding NUL; the API answers 400 before any query is made."""
    _error(api_client.get(url), 400)


def test_a_too_long_version_is_400(api_client):
    _error(api_client.get("/api/v1/ceds/framework/?version=" + "9" * 21), 400)


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/members/", 200),
        ("/api/v1/members/?page=abc", 400),
        ("/api/v1/me/", 401),
        ("/api/v1/members/999999/", 404),
        ("/api/v1/members/abc/", 404),
    ],
)
def test_a_browser_gets_json_too(url, status):
    """No HTML page under /api/v1/ (the browsable API is off; people read /api/docs/)."""
    response = Client().get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    response.json()
