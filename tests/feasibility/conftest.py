import datetime as dt

import pytest
from django.utils import timezone

from feasibility.models import Call
from members.models import Affiliation
from tests.factories.feasibility import CallFactory, ThemeFactory
from tests.factories.members import AffiliationFactory, MemberFactory


def close_call(call: Call) -> Call:
    """Move a call's deadline into the past (the deadline itself is what the services check)."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(seconds=1))
    call.refresh_from_db()
    return call


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Civic Participation-based Systems")


@pytest.fixture
def call(theme):
    return CallFactory(theme=theme, year=2026, title="F/S 2026", cities_to_select=1)


@pytest.fixture
def hanoi(db):
    return MemberFactory(name="Hanoi", country="VN")


@pytest.fixture
def hanoi_official(hanoi):
    return AffiliationFactory(member=hanoi, role=Affiliation.Role.OFFICIAL).user


@pytest.fixture
def hanoi_focal(hanoi):
    return AffiliationFactory(member=hanoi, role=Affiliation.Role.FOCAL_POINT).user


@pytest.fixture
def manila(db):
    return MemberFactory(name="San Fernando La Union", country="PH")


@pytest.fixture
def manila_official(manila):
    return AffiliationFactory(member=manila, role=Affiliation.Role.OFFICIAL).user
