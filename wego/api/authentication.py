"""Partner authentication: `Authorization: Api-Key <key>` with hashed, revocable, expiring keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


@dataclass
class PartnerPrincipal:
    """Stands in `request.user` for a partner's API call: authenticated, never staff."""

    partner: object
    key: object
    scopes: list[str] = field(default_factory=list)
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_staff: bool = False
    is_superuser: bool = False
    is_active: bool = True
    pk: None = None
    id: None = None

    def __str__(self) -> str:
        return f"partner:{self.partner}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_scope(self, scope: str) -> bool:
        return not self.scopes or scope in self.scopes

    @property
    def affiliations(self):  # a partner acts for no member
        from members.models import Affiliation

        return Affiliation.objects.none()


class PartnerAPIKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Api-Key header: send 'Authorization: Api-Key <key>'."))
        return self._authenticate_key(parts[1])

    def _authenticate_key(self, raw_key: str):
        from members.models import PartnerAPIKey

        prefix, _dot, _rest = raw_key.partition(".")
        key = PartnerAPIKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not key.is_valid(raw_key):
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if key.revoked:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        principal = PartnerPrincipal(partner=key.partner, key=key, scopes=list(key.scopes or []))
        return principal, key

    def authenticate_header(self, request) -> str:
        return self.keyword
