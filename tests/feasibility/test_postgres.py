"""The one-letter rule and the selection capacity under concurrency, on PostgreSQL (skipped on SQLite)."""

import pytest
from django.core.exceptions import ValidationError

from feasibility import services
from feasibility.models import LetterOfIntent
from members.models import Affiliation
from tests.factories.feasibility import ANSWERS, CallFactory, SubmittedLetterFactory, ThemeFactory
from tests.factories.members import AffiliationFactory, MemberFactory
from tests.helpers import needs_postgres, run_in_threads

from .conftest import close_call

pytestmark = needs_postgres


@pytest.mark.postgres
def test_concurrent_letters_of_one_member_make_one_letter(transactional_db):
    call = CallFactory(theme=ThemeFactory())
    member = MemberFactory(name="Hanoi", country="VN")
    officials = [AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user for _ in range(4)]

    def write(user):
        return services.letter_save_draft(call=call, member=member, by=user, data=dict(ANSWERS))

    results, errors = run_in_threads(write, [(u,) for u in officials])
    assert LetterOfIntent.objects.filter(call=call, member=member).count() == 1
    assert len(results) == 1 and len(errors) == 3
    assert all(isinstance(e, ValidationError) and "already has a letter" in str(e) for e in errors)


@pytest.mark.postgres
def test_concurrent_selections_never_exceed_the_cities_to_select(transactional_db):
    from tests.factories.members import UserFactory

    call = CallFactory(theme=ThemeFactory(), cities_to_select=2)
    letters = [SubmittedLetterFactory(call=call, member=MemberFactory(country="VN")) for _ in range(5)]
    close_call(call)
    staff = UserFactory(is_staff=True)

    results, errors = run_in_threads(lambda letter: services.letter_select(letter=letter, by=staff), [(x,) for x in letters])
    assert LetterOfIntent.objects.filter(call=call, status="selected").count() == 2
    assert len(results) == 2 and len(errors) == 3
    assert all("already selected" in str(e) for e in errors)
