"""One vote per account per category, under concurrency, on PostgreSQL (skipped on SQLite)."""

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Edition, Vote
from tests.factories import UserFactory
from tests.factories.awards import make_edition, make_finalists
from tests.helpers import needs_postgres, run_in_threads

pytestmark = needs_postgres


@pytest.fixture
def world(transactional_db):
    edition = make_edition(status=Edition.Status.VOTING)
    finalists = make_finalists(edition=edition, category=edition.categories.get(code="services"))
    return edition, finalists


@pytest.mark.postgres
def test_concurrent_votes_of_one_account_in_one_category_count_once(world):
    _edition, finalists = world
    voter = UserFactory()
    _, errors = run_in_threads(
        lambda f: services.vote_cast(user=voter, entry=f.entry), [(f,) for f in finalists] * 2
    )
    assert Vote.objects.filter(user=voter).count() == 1
    assert len(errors) == 9
    assert all(isinstance(e, ValidationError) and "already voted" in str(e) for e in errors)


@pytest.mark.postgres
def test_concurrent_votes_of_different_accounts_all_count(world):
    _edition, finalists = world
    voters = [UserFactory() for _ in range(8)]
    _, errors = run_in_threads(lambda u: services.vote_cast(user=u, entry=finalists[0].entry), [(u,) for u in voters])
    assert errors == []
    assert Vote.objects.filter(entry=finalists[0].entry).count() == 8
