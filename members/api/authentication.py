"""Partner authentication: `Authorization: Api-Key <key>` with hashed, revocable, expiring keys.

The keys are members' PartnerAPIKey rows; wego.api reads the header and REST_FRAMEWORK names this
class by its dotted path."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from wego.api.authentication import ApiKeyAuthentication, PartnerPrincipal

from ..models import Affiliation, PartnerAPIKey


@dataclass
class PartnerKeyPrincipal(PartnerPrincipal):
    """A partner's principal, which acts for no member."""

    @property
    def affiliations(self):
        return Affiliation.objects.none()


class PartnerAPIKeyAuthentication(ApiKeyAuthentication):
    def authenticate_key(self, raw_key: str):
        prefix, _dot, _rest = raw_key.partition(".")
        key = PartnerAPIKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not key.is_valid(raw_key):
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if key.revoked:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        principal = PartnerKeyPrincipal(partner=key.partner, key=key, scopes=list(key.scopes or []))
        return principal, key
