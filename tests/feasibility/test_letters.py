"""Calls and letters of intent: members only, one letter per member per call, deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from feasibility import services
from feasibility.models import Call, LetterOfIntent
from members.models import Member
from tests.factories.feasibility import ANSWERS, CallFactory, LetterFactory
from tests.factories.members import AffiliationFactory, MemberFactory
from tests.helpers import pdf_file

from .conftest import close_call

pytestmark = pytest.mark.django_db


def draft(call, member, user, **extra):
    return services.letter_save_draft(call=call, member=member, by=user, data={**ANSWERS, **extra}, signed_letter=pdf_file())


def test_save_draft_then_submit(call, hanoi, hanoi_official):
    letter = services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data={"commitment": "Yes."})
    assert letter.status == "draft"
    with pytest.raises(ValidationError) as exc:
        services.letter_submit(letter=letter, by=hanoi_official)
    message = exc.value.messages[0]
    assert "Alignment with the government" in message and "signed letter" in message
    letter = services.letter_save_draft(
        call=call, member=hanoi, by=hanoi_official, data=ANSWERS, signed_letter=pdf_file(), letter=letter
    )
    letter = services.letter_submit(letter=letter, by=hanoi_official)
    assert letter.status == "submitted" and letter.submitted_by == hanoi_official


def test_one_letter_per_member_per_call(call, hanoi, hanoi_official):
    draft(call, hanoi, hanoi_official)
    colleague = AffiliationFactory(member=hanoi).user
    with pytest.raises(ValidationError, match="already has a letter of intent"):
        draft(call, hanoi, colleague)
    assert LetterOfIntent.objects.filter(call=call, member=hanoi).count() == 1
    # The same member may answer another call.
    assert draft(CallFactory(), hanoi, hanoi_official).pk


def test_the_database_guards_the_one_letter_rule(call, hanoi):
    LetterOfIntent.objects.create(call=call, member=hanoi)
    with pytest.raises(IntegrityError):
        LetterOfIntent.objects.create(call=call, member=hanoi)


def test_only_the_members_officials_write_its_letter(call, hanoi, manila_official):
    with pytest.raises(ValidationError, match="Only the officials of Hanoi"):
        draft(call, hanoi, manila_official)


@pytest.mark.parametrize("status", [Member.Status.APPLICANT, Member.Status.SUSPENDED, Member.Status.WITHDRAWN])
def test_only_active_members_apply(call, status):
    member = MemberFactory(status=status)
    user = AffiliationFactory(member=member).user
    with pytest.raises(ValidationError, match="Only active WeGO members"):
        draft(call, member, user)


def test_nothing_is_submitted_or_changed_after_the_close_date(call, hanoi, hanoi_official):
    letter = draft(call, hanoi, hanoi_official)
    submitted = draft(CallFactory(), hanoi, hanoi_official)
    services.letter_submit(letter=submitted, by=hanoi_official)
    close_call(call)
    close_call(submitted.call)
    with pytest.raises(ValidationError, match="can no longer be submitted or changed"):
        services.letter_submit(letter=letter, by=hanoi_official)
    with pytest.raises(ValidationError, match="can no longer be submitted or changed"):
        services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data={"commitment": "late"}, letter=letter)
    with pytest.raises(ValidationError, match="can no longer be submitted or changed"):
        services.letter_reopen(letter=submitted, by=hanoi_official)
    other = MemberFactory(country="KH")
    with pytest.raises(ValidationError, match="can no longer be submitted or changed"):
        draft(call, other, AffiliationFactory(member=other).user)
    letter.refresh_from_db()
    assert letter.status == "draft" and letter.commitment == ANSWERS["commitment"]


def test_a_call_not_yet_open_or_unpublished_refuses_letters(hanoi, hanoi_official):
    later = CallFactory(opens_at=timezone.now() + dt.timedelta(days=2), closes_at=timezone.now() + dt.timedelta(days=9))
    with pytest.raises(ValidationError, match="not open"):
        draft(later, hanoi, hanoi_official)
    unpublished = CallFactory(status=Call.Status.DRAFT)
    with pytest.raises(ValidationError, match="not open"):
        draft(unpublished, hanoi, hanoi_official)


def test_return_to_draft_before_the_deadline(call, hanoi, hanoi_official):
    letter = services.letter_submit(letter=draft(call, hanoi, hanoi_official), by=hanoi_official)
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data={"commitment": "x"}, letter=letter)
    letter = services.letter_reopen(letter=letter, by=hanoi_official)
    assert letter.status == "draft" and letter.submitted_at is None


def test_signed_letter_must_be_a_pdf(call, hanoi, hanoi_official):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data=ANSWERS, signed_letter=fake)
    assert not LetterOfIntent.objects.exists()


def test_call_fields_are_checked(theme, secretariat, settings):
    now = timezone.now()
    base = {"year": 2027, "title": "T", "theme": theme, "description": "d", "by": secretariat}
    with pytest.raises(ValidationError, match="close after it opens"):
        services.call_create(**base, opens_at=now, closes_at=now)
    with pytest.raises(ValidationError, match="between 1 and 2"):
        services.call_create(**base, opens_at=now, closes_at=now + dt.timedelta(days=1), cities_to_select=3)
    settings.FEASIBILITY_MAX_CITIES_PER_CALL = 3
    call = services.call_create(**base, opens_at=now, closes_at=now + dt.timedelta(days=1), cities_to_select=3)
    assert call.status == "draft" and call.cities_to_select == 3
    call = services.call_publish(call=call, by=secretariat)
    assert call.phase == "open"


def test_call_dates_are_frozen_after_the_deadline(call, secretariat):
    close_call(call)
    with pytest.raises(ValidationError, match="dates can no longer change"):
        services.call_update(call=call, by=secretariat, closes_at=timezone.now() + dt.timedelta(days=5))
    services.call_update(call=call, by=secretariat, description="Clarified.")


def test_letter_factory_is_a_complete_draft(db):
    letter = LetterFactory()
    assert services.letter_missing(letter) == []
