from .members import (  # noqa: F401
    AffiliationFactory,
    MemberFactory,
    PartnerFactory,
    RegionalOfficeFactory,
    UserFactory,
)
