"""The CeDS API: framework, benchmarks (groups of five or more only), a city's investigations and reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceds import services
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.ceds import reported_investigation
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def test_framework(api_client):
    with CaptureQueriesContext(connection) as ctx:
        response = api_client.get("/api/v1/ceds/framework/")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "2026.1"
    assert [d["code"] for d in data["dimensions"]] == ["GM", "PI", "RC", "IN", "CR", "PS"]
    assert sum(len(d["indicators"]) for d in data["dimensions"]) == 96
    assert sum(len(g["systems"]) for g in data["system_groups"]) == 112
    eadm2 = next(s for s in data["system_groups"][0]["systems"] if s["code"] == "EADM-02")
    assert sorted(eadm2["requires"]) == ["EADM-01", "EINF-06"]
    assert data["dimensions"][0]["indicators"][0]["levels"]["4"]
    assert len(ctx) <= 8
    assert api_client.get("/api/v1/ceds/framework/?version=1999").status_code == 404


def test_framework_for_partner_scopes(partner):
    from rest_framework.test import APIClient

    from members.services import partner_key_create

    _key, raw = partner_key_create(partner=partner, name="members only", scopes=["members"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get("/api/v1/ceds/framework/").status_code == 403


def test_benchmarks_only_groups_of_five(api_client):
    for i in range(5):
        reported_investigation(MemberFactory(name=f"Asia {i}", country="KR", population=2_000_000), year=2026, level=2)
    for i in range(2):
        reported_investigation(MemberFactory(name=f"Europe {i}", country="FR", population=2_000_000), year=2026, level=4)
    reported_investigation(MemberFactory(name="Old", country="KR"), year=2025, level=0)
    data = api_client.get("/api/v1/ceds/benchmarks/?year=2026").json()
    overall = next(r for r in data["all_members"] if r["kind"] == "overall")
    assert overall["cities"] == 7 and overall["average"] == pytest.approx(64.29, abs=0.01)  # (5·50 + 2·100)/7
    assert {r["region"] for r in data["by_region"]} == {"asia"}  # Europe has two cities only
    assert {r["size_class"] for r in data["by_size_class"]} == {"large"}
    assert data["minimum_cities"] == 5
    assert api_client.get("/api/v1/ceds/benchmarks/?year=2025").json()["all_members"] == []
    bad = api_client.get("/api/v1/ceds/benchmarks/?year=abc")
    assert bad.status_code == 400 and bad.json()["error"]["status"] == 400


def test_investigations_for_officials_only(api_client, member, other_member, partner_client):
    mine = reported_investigation(member)
    theirs = reported_investigation(other_member)
    official = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    assert api_client.get("/api/v1/ceds/investigations/").status_code in (401, 403)
    assert partner_client.get("/api/v1/ceds/investigations/").status_code == 403
    api_client.force_authenticate(official)
    data = api_client.get("/api/v1/ceds/investigations/").json()
    assert [r["id"] for r in data["results"]] == [mine.pk]
    reports = api_client.get(f"/api/v1/ceds/investigations/{mine.pk}/reports/").json()
    assert [r["kind"] for r in reports["reports"]] == ["I", "II", "III"]
    assert reports["reports"][0]["data"]["score"] == "50.00"
    assert api_client.get(f"/api/v1/ceds/investigations/{theirs.pk}/reports/").status_code == 404
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/ceds/investigations/").json()["results"] == []


def test_investigation_list_query_count_is_constant(api_client, member):
    official = AffiliationFactory(member=member).user
    api_client.force_authenticate(official)

    def count():
        return count_queries(api_client, "/api/v1/ceds/investigations/")

    services.investigation_create(member=member, by=None, year=2020)
    few = count()
    for year in range(2021, 2024):
        for _ in range(4):
            services.investigation_create(member=member, by=None, year=year)
    assert count() == few
