"""Benchmarking partners: strong where the city is weak, ranked by resemblance, opt-out respected."""

import pytest

from ceds import services
from ceds.selectors import benchmarking_partners
from tests.factories import MemberFactory
from tests.factories.ceds import reported_investigation

pytestmark = pytest.mark.django_db


def test_partners_for_weak_dimensions():
    city = MemberFactory(name="Weak City", country="PH", population=800_000)
    inv = reported_investigation(city, level=lambda code: 0 if code.startswith("GM") else 2)  # GM weak (0)
    near = MemberFactory(name="Near Strong", country="VN", population=900_000)  # Asia, medium
    far = MemberFactory(name="Far Strong", country="FR", population=9_000_000)
    shy = MemberFactory(name="Shy Strong", country="PH", population=800_000)
    middling = MemberFactory(name="Middling", country="PH", population=800_000)
    for other in (near, far, shy):
        reported_investigation(other, level=4)
    reported_investigation(middling, level=2)
    services.profile_update(member=shy, share_results=False, partner_opt_out=True, by=None)
    suggestions = benchmarking_partners(member=city, investigation=inv)
    assert [s["code"] for s in suggestions] == ["GM"]
    partners = suggestions[0]["partners"]
    assert [p["name"] for p in partners] == ["Near Strong", "Far Strong"]  # opted-out and middling left out
    assert partners[0]["reasons"] == ["region", "size"]
    assert partners[1]["reasons"] == []
