"""Models of the members app: membership (core.py) and finance (finance.py)."""

from .core import (  # noqa: F401
    Affiliation,
    Invitation,
    Member,
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
from .finance import (  # noqa: F401
    CountryEconomy,
    CountryTier,
    Donation,
    FeeAmount,
    FeeRun,
    FeeSchedule,
    Invoice,
    InvoiceSequence,
    OtherRevenue,
    Payment,
    PopulationBand,
)
