from rest_framework import permissions

from .authentication import PartnerPrincipal


class IsPartnerOrUser(permissions.BasePermission):
    """A signed-in person or a partner with a valid key."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class PublicReadOnly(permissions.BasePermission):
    """Anyone may read; nobody writes through this endpoint."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


def is_partner(user) -> bool:
    return isinstance(user, PartnerPrincipal)
