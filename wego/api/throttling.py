"""Throttles: partners per key (PARTNER_THROTTLE_RATE), signed-in users, anonymous callers."""

from rest_framework import throttling

from .authentication import PartnerPrincipal


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if isinstance(request.user, PartnerPrincipal):
            return self.cache_format % {"scope": self.scope, "ident": request.user.key.prefix}
        return None


class UserRateThrottle(throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if isinstance(request.user, PartnerPrincipal) or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class AnonRateThrottle(throttling.AnonRateThrottle):
    pass
