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
    from finance.models import Invoice

    year = year or timezone.localdate().year
    n = Invoice.objects.count() + 1
    return Invoice.objects.create(
        number=f"T-{year}-{n:04d}", year=year - 1, sequence=n, member=member, fee_year=year - 1,
        amount=Decimal("1000"), issued_on=dt.date(year - 1, 1, 15), due_on=dt.date(year - 1, 3, 31),
    )


@pytest.fixture
def secret_ec(staff):
    """A secret Executive Committee election (2 seats, 3 candidates) with 6 voters, voting open."""
    from governance.models import Election
    from tests.factories.governance import election_in_voting, voters

    rows = voters(6, prefix="Secret City")
    election = election_in_voting(kind=Election.Kind.EXECUTIVE_COMMITTEE, candidates=[m for m, _ in rows[:3]], by=staff,
                                  seats=2, title="Executive Committee 2026")
    return election, rows


def candidate_keys(election):
    return [str(pk) for pk in election.candidacies.order_by("member__name").values_list("pk", flat=True)]


def vote_all(election, rows, choices_for=None):
    from governance import services

    keys = candidate_keys(election) if not election.is_motion else ["yes", "no", "abstain"]
    receipts = []
    for i, (member, delegate) in enumerate(rows):
        choices = choices_for(i, keys) if choices_for else [keys[i % 2]]
        receipts.append(services.election_vote_cast(election=election, member=member, by=delegate, choices=choices))
    return receipts


@pytest.fixture
def certified_ec(secret_ec, staff):
    from governance import services
    from tests.factories.governance import close_and_tally

    election, rows = secret_ec
    receipts = vote_all(election, rows, lambda i, k: [k[0], k[1]] if i < 4 else [k[2]])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    election.refresh_from_db()
    return election, rows, receipts
