"""Who may call an endpoint: people or partners, public reads, and the scope of a partner's key.

Also the error answers every partner endpoint documents (in the portal's error shape, ApiError),
so the apps' API views declare their scope and their own 400/404 texts and nothing else.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.permissions import BasePermission

from .authentication import PartnerPrincipal
from .serializers import ApiError


class IsPartnerOrUser(permissions.BasePermission):
    """A signed-in person or a partner with a valid key."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class PublicReadOnly(permissions.BasePermission):
    """Anyone may read; nobody writes through this endpoint."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


def is_partner(user) -> bool:
    """The caller is a partner's API key, not a person."""
    return isinstance(user, PartnerPrincipal)


class IsPerson(permissions.BasePermission):
    """A signed-in person (a city official or the Secretariat), not a partner key."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and not is_partner(request.user))


def HasScope(scope: str) -> type[BasePermission]:  # noqa: N802 - used where a permission class goes
    """The permission class of an endpoint in `scope`: anyone may call it but a partner key whose scopes
    are set and do not include `scope` (`permission_classes = [AllowAny, HasScope("ceds")]`)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return not is_partner(user) or user.has_scope(scope)

    return type(
        f"HasScope_{scope}",
        (BasePermission,),
        {
            "scope": scope,
            "message": format_lazy(_('This API key is not granted the "{scope}" scope.'), scope=scope),
            "has_permission": has_permission,
            "__doc__": f'A partner key needs the "{scope}" scope.',
        },
    )


def partner_errors(
    *, scope: str | None = None, extra: dict[int, str] | None = None
) -> dict[int, OpenApiResponse]:
    """The error answers a partner endpoint documents: 401 for a key that is unknown, revoked or
    expired; 403 for a key without `scope` (endpoints in a scope); 429 when throttled; plus `extra`
    ({404: "No such page."}). Each in the portal's error shape."""
    errors = {401: "The API key sent is unknown, revoked or expired."}
    if scope:
        errors[403] = f"The API key is not granted the {scope} scope."
    errors[429] = "Too many requests."
    errors.update(extra or {})
    return {status: OpenApiResponse(ApiError, description=text) for status, text in errors.items()}
