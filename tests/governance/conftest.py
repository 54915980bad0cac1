import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.governance import staff_user


@pytest.fixture
def staff(db):
    return staff_user()


def unpaid_invoice(member, *, year=None):
    """An invoice of last year, due and unpaid: the member is not in good standing this year."""
    from members.models import Invoice

    year = year or timezone.localdate().year
    n = Invoice.objects.count() + 1
    return Invoice.objects.create(
        number=f"T-{year}-{n:04d}", year=year - 1, sequence=n, member=member, fee_year=year - 1,
        amount=Decimal("1000"), issued_on=dt.date(year - 1, 1, 15), due_on=dt.date(year - 1, 3, 31),
    )
