"""Concurrency on PostgreSQL (skipped on SQLite): four a year under concurrent starts, concurrent answering."""

import pytest

from ceds import services
from ceds.models import Indicator, Investigation, MaturityAnswer
from tests.factories import MemberFactory
from tests.helpers import needs_postgres, run_in_threads

pytestmark = [pytest.mark.postgres, needs_postgres]


def test_concurrent_creation_respects_four_a_year(transactional_db):
    member = MemberFactory(name="Makati", country="PH")
    _, errors = run_in_threads(
        lambda _i: services.investigation_create(member=member, by=None, year=2026), [(i,) for i in range(7)]
    )
    assert Investigation.objects.filter(member=member, year=2026).count() == 4
    assert sorted(Investigation.objects.values_list("slot", flat=True)) == [1, 2, 3, 4]
    assert len(errors) == 3
    assert all("four a year" in str(e) for e in errors)


def test_two_officials_answering_different_questions_do_not_overwrite(transactional_db):
    member = MemberFactory(name="Quezon City", country="PH")
    inv = services.investigation_create(member=member, by=None, year=2026)
    indicators = list(Indicator.objects.filter(version=inv.version).order_by("code")[:20])
    half = len(indicators) // 2
    batches = [
        {i.pk: services.AnswerInput(1) for i in indicators[:half]},
        {i.pk: services.AnswerInput(3) for i in indicators[half:]},
    ]
    # each official saves her questions one by one, at the same time as the other
    def answer(batch):
        for pk, value in batch.items():
            services.answers_save(investigation=inv, maturity={pk: value}, by=None)

    _, errors = run_in_threads(answer, [(b,) for b in batches])
    assert errors == []
    saved = dict(MaturityAnswer.objects.filter(investigation=inv).values_list("indicator_id", "level"))
    assert saved == {i.pk: (1 if n < half else 3) for n, i in enumerate(indicators)}


def test_same_question_answered_twice_at_once_keeps_one_row(transactional_db):
    member = MemberFactory(name="Hanoi", country="VN")
    inv = services.investigation_create(member=member, by=None, year=2026)
    indicator = Indicator.objects.filter(version=inv.version).first()
    _, errors = run_in_threads(
        lambda v: services.answers_save(investigation=inv, maturity={indicator.pk: services.AnswerInput(v)}, by=None),
        [(v,) for v in range(4)],
    )
    assert errors == []
    assert MaturityAnswer.objects.filter(investigation=inv).count() == 1
