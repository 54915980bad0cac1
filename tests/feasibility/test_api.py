"""The public feasibility API: calls and published studies; constant query counts."""

import pytest
from django.utils import timezone

from feasibility.models import Call, LetterOfIntent, Project
from members.services import partner_key_create
from tests.factories.feasibility import CallFactory, SubmittedLetterFactory, ThemeFactory
from tests.factories.members import MemberFactory, PartnerFactory
from tests.helpers import count_queries, pdf_file

pytestmark = pytest.mark.django_db


def make_published_project(call, member, partner=None):
    letter = SubmittedLetterFactory(call=call, member=member, status=LetterOfIntent.Status.SELECTED)
    return Project.objects.create(
        letter=letter, beneficiary=member, title=f"Study for {member.name}", status=Project.Status.FOLLOW_UP,
        funding_partner=partner, consent_at=timezone.now(), published_at=timezone.now(),
        outcome_summary="A civic participation system.",
    )


def test_calls_are_public(api_client):
    theme = ThemeFactory(name="m-Government")
    call = CallFactory(theme=theme, year=2016, title="F/S 2016")
    call.documents.create(title="Terms of reference", file=pdf_file("tor.pdf"))
    CallFactory(status=Call.Status.DRAFT, title="Hidden")
    response = api_client.get("/api/v1/feasibility/calls/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["title"] for c in results] == ["F/S 2016"]
    first = results[0]
    assert first["theme"]["name"] == "m-Government" and first["phase"] == "open"
    assert first["documents"][0]["url"].endswith(f"/feasibility/calls/documents/{call.documents.get().pk}/")
    assert api_client.get("/api/v1/feasibility/calls/?year=2015").json()["results"] == []
    bad = api_client.get("/api/v1/feasibility/calls/?year=abc")
    assert bad.status_code == 400 and "error" in bad.json()


def test_projects_lists_published_studies_only(api_client):
    kexim = PartnerFactory(name="Export-Import Bank of Korea", acronym="KEXIM")
    call = CallFactory(year=2015, title="CPS 2015")
    hanoi = MemberFactory(name="Hanoi", country="VN")
    make_published_project(call, hanoi, kexim)
    unpublished = make_published_project(call, MemberFactory(name="Other", country="TH"))
    Project.objects.filter(pk=unpublished.pk).update(published_at=None)
    data = api_client.get("/api/v1/feasibility/projects/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["city"] == {"id": hanoi.pk, "name": "Hanoi", "country": "VN"}
    assert item["year"] == 2015 and item["status"] == "follow_up"
    assert item["funding_partner"]["acronym"] == "KEXIM"
    assert api_client.get("/api/v1/feasibility/projects/?country=vn").json()["count"] == 1
    assert api_client.get("/api/v1/feasibility/projects/?country=TH").json()["count"] == 0


def test_partner_scope(api_client):
    partner = PartnerFactory()
    _key, raw = partner_key_create(partner=partner, scopes=["members"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api_client.get("/api/v1/feasibility/calls/").status_code == 403
    _key, raw = partner_key_create(partner=partner, scopes=["feasibility"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api_client.get("/api/v1/feasibility/projects/").status_code == 200


def test_write_methods_are_refused(api_client):
    assert api_client.post("/api/v1/feasibility/calls/", {}).status_code == 405


def test_query_counts_do_not_grow_with_rows(api_client):
    partner = PartnerFactory()
    theme = ThemeFactory()
    for i in range(2):
        call = CallFactory(theme=theme, title=f"Call {i}")
        call.documents.create(title="ToR", file=pdf_file())
        make_published_project(call, MemberFactory(), partner)
    small = (count_queries(api_client, "/api/v1/feasibility/calls/"), count_queries(api_client, "/api/v1/feasibility/projects/"))
    for i in range(10):
        call = CallFactory(theme=ThemeFactory(), title=f"More {i}")
        call.documents.create(title="ToR", file=pdf_file())
        make_published_project(call, MemberFactory(), PartnerFactory())
    large = (count_queries(api_client, "/api/v1/feasibility/calls/"), count_queries(api_client, "/api/v1/feasibility/projects/"))
    assert small == large
    print("API query counts (calls, projects):", large)
