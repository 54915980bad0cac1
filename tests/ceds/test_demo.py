"""The demo seed: three years of reported investigations per city, deterministic and idempotent."""

import io

import pytest

from ceds import demo
from ceds.models import ForumTopic, Investigation, Score
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_seed_is_deterministic_and_idempotent():
    cities = [MemberFactory(name=name) for name in ("Seoul", "Hanoi", "Makati")]
    for city in cities:
        AffiliationFactory(member=city, role=Affiliation.Role.FOCAL_POINT)
    assert demo.seed(stdout=io.StringIO()) == "9 investigations with reports"
    assert Investigation.objects.filter(status="reported").count() == 9
    scores = sorted(Score.objects.filter(kind="overall").values_list("member__name", "year", "score"))
    audits = AuditEntry.objects.count()
    assert demo.seed(stdout=io.StringIO()) == "nothing new"
    assert AuditEntry.objects.count() == audits
    assert sorted(Score.objects.filter(kind="overall").values_list("member__name", "year", "score")) == scores
    by_city = {}
    for name, _year, score in scores:
        by_city.setdefault(name, []).append(score)
    assert len({tuple(v) for v in by_city.values()}) == 3  # each city its own profile
    assert ForumTopic.objects.filter(kind="question").count() == 1
