"""The API platform: partner keys, throttling, JSON errors, /me/, the schema and its docs."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import PartnerAPIKey
from members.services import partner_key_create, partner_key_revoke
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


def _error(response):
    body = response.json()
    assert set(body["error"]) >= {"status", "code", "message"}
    return body["error"]


def test_valid_key_identifies_the_partner(partner_client, partner):
    response = partner_client.get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "partner"
    assert body["name"] == "World Bank"


def test_keys_are_stored_hashed(partner, partner_key):
    key = PartnerAPIKey.objects.get(partner=partner)
    assert partner_key not in key.hashed_key
    assert key.is_valid(partner_key)


def test_missing_key_is_401_json(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert _error(response)["status"] == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_unknown_key_is_401_json(api_client, partner_key):
    api_client.credentials(HTTP_AUTHORIZATION="Api-Key not.a-key")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "Unknown API key" in _error(response)["message"]


def test_revoked_key_is_401(partner, partner_key, partner_client):
    partner_key_revoke(key=PartnerAPIKey.objects.get(partner=partner))
    response = partner_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "revoked" in _error(response)["message"]
    assert AuditEntry.objects.filter(action="members.partner_key.revoked").exists()


def test_expired_key_is_401(partner):
    _key, raw = partner_key_create(partner=partner, expiry=timezone.now() - timedelta(minutes=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "expired" in _error(response)["message"]


def test_partner_requests_are_throttled(partner_client, settings):
    from rest_framework.settings import api_settings

    rates = dict(api_settings.DEFAULT_THROTTLE_RATES)
    try:
        from wego.api.throttling import PartnerRateThrottle

        PartnerRateThrottle.THROTTLE_RATES = {**rates, "partner": "3/hour"}
        cache.clear()
        codes = [partner_client.get("/api/v1/me/").status_code for _ in range(4)]
    finally:
        PartnerRateThrottle.THROTTLE_RATES = rates
    assert codes == [200, 200, 200, 429]


def test_throttled_response_is_json(partner_client):
    from wego.api.throttling import PartnerRateThrottle

    original = PartnerRateThrottle.THROTTLE_RATES
    PartnerRateThrottle.THROTTLE_RATES = {**original, "partner": "1/hour"}
    try:
        partner_client.get("/api/v1/me/")
        response = partner_client.get("/api/v1/me/")
    finally:
        PartnerRateThrottle.THROTTLE_RATES = original
    assert response.status_code == 429
    assert _error(response)["code"] == "throttled"


def test_signed_in_user_is_described(client, official, member):
    client.force_login(official)
    body = client.get("/api/v1/me/").json()
    assert body["kind"] == "user"
    assert body["email"] == official.email
    assert body["members"] == [{"id": member.pk, "name": member.name, "role": "official"}]


def test_unknown_api_path_is_404_json(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_write_without_permission_is_403_json(client, official):
    client.force_login(official)
    response = client.post("/api/v1/me/", {}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert "error" in response.json()


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"PartnerApiKey" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/" in docs.content


def test_partner_key_create_command_prints_the_key_once(partner, capsys):
    from django.core.management import call_command

    call_command("partner_key_create", "World Bank", "--scope", "members", "--days", "30")
    out = capsys.readouterr().out
    raw = out.strip().splitlines()[-1]
    key = PartnerAPIKey.objects.get_from_key(raw)
    assert key.partner == partner
    assert key.scopes == ["members"]
    assert key.expiry_date is not None


def test_partner_key_create_command_names_unknown_partners(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No partner named"):
        call_command("partner_key_create", "Nobody")
