"""Models of the members app: membership (core.py). Fees and invoices are in the finance app."""

from .core import (  # noqa: F401
    Affiliation,
    Invitation,
    Member,
    MemberQuerySet,
    MembershipApplication,
    MembershipDecision,
    Partner,
    PartnerAPIKey,
    PartnerMOU,
    RegionalOffice,
    User,
    UserManager,
    WithdrawalRequest,
    normalise_name,
)
