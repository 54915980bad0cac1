"""The Secretariat's admin for membership.

- Lists with filters and search for every membership model.
- Transitions are admin actions that call the services (never set a status here); where the
  service needs input (a reason, a decision reference) an intermediate page asks for it. A refused
  transition shows the service's message for that object and the others go on.
- Regional-office staff (staff with a regional office, outside the Secretariat) see and manage the
  members of their office's regions only, and cannot move a member out of those regions.
- Members are imported and exported as CSV or Excel (see `members.resources`); the import is
  previewed as a dry run and can only be confirmed once every row is clean.

shared.py: who sees what, the country filter and the actions mixin; the public home of what other apps'
admins use. users.py: user accounts. members.py: members, officials, regional offices. applications.py:
applications, decisions, withdrawals, invitations. partners.py: partners and their API keys.
Importing this package (Django's admin autodiscovery does) registers every model admin.
"""

from .applications import (
    InvitationAdmin,
    InvitationStateFilter,
    MembershipApplicationAdmin,
    MembershipDecisionAdmin,
    WithdrawalRequestAdmin,
)
from .members import AffiliationAdmin, AffiliationInline, MemberAdmin, RegionalOfficeAdmin
from .partners import PartnerAdmin, PartnerAPIKeyAdmin, PartnerAPIKeyInline, PartnerMOUInline
from .shared import (
    CountryListFilter,
    RegionScopedMixin,
    TransitionActionsMixin,
    countries_of,
    request_is_secretariat,
    staff_regions,
)
from .users import UserAdmin

__all__ = [
    "AffiliationAdmin",
    "AffiliationInline",
    "CountryListFilter",
    "InvitationAdmin",
    "InvitationStateFilter",
    "MemberAdmin",
    "MembershipApplicationAdmin",
    "MembershipDecisionAdmin",
    "PartnerAPIKeyAdmin",
    "PartnerAPIKeyInline",
    "PartnerAdmin",
    "PartnerMOUInline",
    "RegionScopedMixin",
    "RegionalOfficeAdmin",
    "TransitionActionsMixin",
    "UserAdmin",
    "WithdrawalRequestAdmin",
    "countries_of",
    "request_is_secretariat",
    "staff_regions",
]
