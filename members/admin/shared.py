"""The membership admin's shared pieces.

The membership admin's modules import from here. Other apps' admins import nothing of it: what
they share comes from wego.admin_actions (`ServiceActionsMixin`, `CountryListFilter`,
`admin_action_add` for finance's action on the member list).

- `TransitionActionsMixin`: admin actions that call services (an intermediate page for input, the
  service's refusal shown per object), for the Secretariat only (`permissions=["secretariat"]`).
- `CountryListFilter` (from wego.admin_actions): the countries that occur in the list.
- `RegionScopedMixin`, `staff_regions`, `countries_of`, `request_is_secretariat`: what a user of a
  regional office may see (the members of the office's regions); the Secretariat sees everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from wego.admin_actions import CountryListFilter, ServiceActionsMixin

from ..permissions import is_secretariat
from ..regions import COUNTRY_REGION

__all__ = [
    "CountryListFilter",
    "RegionScopedMixin",
    "TransitionActionsMixin",
    "countries_of",
    "request_is_secretariat",
    "staff_regions",
]


# --- Who sees what --------------------------------------------------------------------------------


def request_is_secretariat(request) -> bool:
    """`permissions.is_secretariat` for the request's user, asked once per request."""
    if not hasattr(request, "_members_is_secretariat"):
        request._members_is_secretariat = bool(is_secretariat(request.user))
    return request._members_is_secretariat


def staff_regions(request) -> list[str] | None:
    """None for the Secretariat (every region); the regions of the user's office for other staff.

    Staff outside the Secretariat without a regional office get an empty list: they see no member.
    Cached on the request, since the admin asks several times per page.
    """
    if not hasattr(request, "_members_staff_regions"):
        user = request.user
        if request_is_secretariat(request):
            regions = None
        elif getattr(user, "regional_office_id", None):
            regions = list(user.regional_office.regions or [])
        else:
            regions = []
        request._members_staff_regions = regions
    return request._members_staff_regions


def countries_of(regions: Iterable[str]) -> list[str]:
    """The ISO codes of the countries in `regions`."""
    regions = set(regions)
    return sorted(code for code, region in COUNTRY_REGION.items() if region in regions)


class RegionScopedMixin:
    """Limit a list to the regions of a regional-office user; the Secretariat sees everything.

    `region_path` names the lookup to the member's WeGO region; objects without a region field
    (applications) set `country_path` instead and are filtered by the countries of those regions.
    """

    region_path: str | None = "member__region"
    country_path: str | None = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        regions = staff_regions(request)
        if regions is None:
            return qs
        if self.country_path:
            return qs.filter(**{f"{self.country_path}__in": countries_of(regions)})
        return qs.filter(**{f"{self.region_path}__in": regions})


# --- Transitions as actions --------------------------------------------------------------------------


class TransitionActionsMixin(ServiceActionsMixin):
    """The membership admin's service actions, for the Secretariat only."""

    def has_secretariat_permission(self, request) -> bool:
        return request_is_secretariat(request)
