"""The API platform in wego: one scope permission, one error shape, and key authentication whose
lookup lives with the partners (members), so wego imports no app at all."""

import ast
import pathlib

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from members.services import partner_key_create
from tests.factories.members import PartnerFactory
from wego.api.authentication import ApiKeyAuthentication, PartnerPrincipal
from wego.api.permissions import HasScope, partner_errors

WEGO = pathlib.Path(settings.BASE_DIR) / "wego"
APPS = {"members", "finance", "governance", "ceds", "feasibility", "awards", "training"}


def test_the_shared_floor_imports_no_app():
    """Not at the top of a module, not inside a function: wego/ (its API, seed_demo …) knows no app."""
    for path in WEGO.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                assert node.module.split(".")[0] not in APPS, f"{path} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & APPS, str(path)


def test_drf_authenticates_partner_keys_through_the_class_in_members():
    from members.api.authentication import PartnerAPIKeyAuthentication

    assert (
        "members.api.authentication.PartnerAPIKeyAuthentication"
        in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    )
    assert issubclass(PartnerAPIKeyAuthentication, ApiKeyAuthentication)


def test_has_scope_refuses_a_key_without_the_scope_and_says_which():
    permission = HasScope("ceds")()
    request = type("R", (), {})()
    request.user = PartnerPrincipal(partner="WB", key=None, scopes=["members"])
    assert not permission.has_permission(request, None)
    assert str(permission.message) == 'This API key is not granted the "ceds" scope.'
    with translation.override("ko"):
        assert str(permission.message) == '이 API 키에는 "ceds" 범위 권한이 부여되지 않았습니다.'
    request.user = PartnerPrincipal(partner="WB", key=None, scopes=["ceds"])
    assert permission.has_permission(request, None)
    request.user = PartnerPrincipal(
        partner="WB", key=None, scopes=[]
    )  # a key without scopes reads everything
    assert permission.has_permission(request, None)


def test_partner_errors_document_the_key_the_scope_and_the_throttle():
    errors = partner_errors(scope="training", extra={404: "No such page."})
    assert {code: r.description for code, r in errors.items()} == {
        401: "The API key sent is unknown, revoked or expired.",
        403: "The API key is not granted the training scope.",
        429: "Too many requests.",
        404: "No such page.",
    }
    assert 403 not in partner_errors()


@pytest.mark.django_db
def test_a_partner_key_of_another_scope_gets_the_error_shape():
    _key, raw = partner_key_create(partner=PartnerFactory(name="ADB"), name="k", scopes=["members"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = client.get("/api/v1/training/programs/")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == 'This API key is not granted the "training" scope.'
    assert client.get("/api/v1/members/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Api-Key nope.nope")
    assert client.get("/api/v1/members/").json()["error"]["message"] == "Unknown API key."
