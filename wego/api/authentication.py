"""API-key authentication, the platform part: `Authorization: Api-Key <key>` is read here, the key
is looked up by the app that keeps the keys (members.api.authentication.PartnerAPIKeyAuthentication,
named by dotted path in REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES), so wego imports no app."""

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

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_scope(self, scope: str) -> bool:
        return not self.scopes or scope in self.scopes


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Reads `Authorization: Api-Key <key>`; a subclass finds the key (`authenticate_key`)."""

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
        return self.authenticate_key(parts[1])

    def authenticate_key(self, raw_key: str) -> tuple[PartnerPrincipal, object]:
        """(principal, key) for a valid key; raise AuthenticationFailed (with why) for any other."""
        raise NotImplementedError

    def authenticate_header(self, request) -> str:
        return self.keyword
