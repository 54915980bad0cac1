"""Letters of Intent: drafts, submission before the deadline, selection or rejection, the cities told."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from members.permissions import is_affiliated
from wego.audit import audit_record
from wego.mail import queue_templated_email
from wego.validators import validate_pdf

from ..catalogue import ELEMENT_CODES
from ..models import (
    Call,
    LetterOfIntent,
    Project,
)
from ..permissions import member_may_apply
from ..workflows import LETTER, call_open_refusal, letter_missing
from .calls import _lock_call
from .projects import project_create

__all__ = [
    "LETTER_FIELDS",
    "letter_save_draft",
    "letter_missing",
    "letter_submit",
    "letter_reopen",
    "letter_select",
    "letter_reject",
]

LETTER_FIELDS = (*ELEMENT_CODES, "contact_name", "contact_email")


def _require_open(call: Call) -> None:
    refusal = call_open_refusal(call)
    if refusal:
        raise ValidationError(refusal)


def _require_member_writer(*, member: Member, by) -> None:
    if not is_affiliated(by, member):
        raise ValidationError(_("Only the officials of %(member)s can write its letter.") % {"member": member})
    if not member_may_apply(member):
        raise ValidationError(_("Only active WeGO members can apply for a feasibility study."))


def _lock_letter(letter: LetterOfIntent) -> LetterOfIntent:
    return LetterOfIntent.objects.select_for_update().select_related("call", "member").get(pk=letter.pk)


@transaction.atomic
def letter_save_draft(
    *, call: Call, member: Member, by, data: dict, signed_letter=None, letter: LetterOfIntent | None = None
) -> LetterOfIntent:
    """Create or update a member's draft letter for an open call. One letter per member per call."""
    _require_member_writer(member=member, by=by)
    call = Call.objects.get(pk=call.pk)
    _require_open(call)
    values = {name: data[name] for name in LETTER_FIELDS if name in data}
    if signed_letter:
        try:
            validate_pdf(signed_letter)
        except ValidationError as exc:
            raise ValidationError({"signed_letter": exc.messages})
    if letter is None:
        letter = LetterOfIntent(call=call, member=member, created_by=by, **values)
        if signed_letter:
            letter.signed_letter = signed_letter
        letter.full_clean(exclude=["call", "member", "signed_letter"], validate_constraints=False)
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            raise ValidationError(
                _("%(member)s already has a letter of intent for this call; open it to continue.") % {"member": member}
            )
        audit_record(actor=by, action="feasibility.letter.created", target=letter)
        return letter
    letter = _lock_letter(letter)
    if letter.call_id != call.pk or letter.member_id != member.pk:
        raise ValidationError(_("This letter belongs to another call or member."))
    if letter.status != LetterOfIntent.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Return the letter to draft first."))
    for name, value in values.items():
        setattr(letter, name, value)
    if signed_letter:
        letter.signed_letter = signed_letter
    letter.full_clean(exclude=["call", "member", "signed_letter"], validate_constraints=False)
    letter.save()
    audit_record(actor=by, action="feasibility.letter.saved", target=letter, data={"fields": sorted(values)})
    return letter


@transaction.atomic
def letter_submit(*, letter: LetterOfIntent, by) -> LetterOfIntent:
    """Submit a complete draft before the deadline."""
    letter = _lock_letter(letter)
    _require_member_writer(member=letter.member, by=by)
    LETTER.check(letter, "submit")  # the call open, the letter a complete draft
    letter.status = LetterOfIntent.Status.SUBMITTED
    letter.submitted_at = timezone.now()
    letter.submitted_by = by
    letter.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.submitted", target=letter)
    return letter


@transaction.atomic
def letter_reopen(*, letter: LetterOfIntent, by) -> LetterOfIntent:
    """Return a submitted letter to draft to change it, before the deadline only."""
    letter = _lock_letter(letter)
    _require_member_writer(member=letter.member, by=by)
    LETTER.check(letter, "reopen")  # the call open, the letter submitted
    letter.status = LetterOfIntent.Status.DRAFT
    letter.submitted_at = None
    letter.submitted_by = None
    letter.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.reopened", target=letter)
    return letter


@transaction.atomic
def letter_select(*, letter: LetterOfIntent, by, message: str = "") -> Project:
    """Select a city: the letter becomes an F/S project. No more cities than the call selects."""
    call = _lock_call(letter.call)  # the count of selected letters is the capacity
    letter = _lock_letter(letter)
    LETTER.check(letter, "select")  # the call closed, its selection not; the letter submitted
    selected = call.letters.filter(status=LetterOfIntent.Status.SELECTED).count()
    if selected >= call.cities_to_select:
        raise ValidationError(
            _("This call selects %(n)d cities and %(n)d are already selected.") % {"n": call.cities_to_select}
            if call.cities_to_select > 1
            else _("This call selects one city and it is already selected.")
        )
    letter.status = LetterOfIntent.Status.SELECTED
    letter.decided_at = timezone.now()
    letter.decided_by = by
    letter.decision_message = message
    letter.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.selected", target=letter, data={"message": message})
    project = project_create(letter=letter, by=by)
    _notify_letter_decision(letter)
    return project


@transaction.atomic
def letter_reject(*, letter: LetterOfIntent, by, message: str) -> LetterOfIntent:
    """Decline a letter with a message to the city."""
    if not message.strip():
        raise ValidationError(_("Tell the city why its letter was not selected."))
    letter = _lock_letter(letter)
    LETTER.check(letter, "reject")  # the call closed, its selection not; the letter submitted
    letter.status = LetterOfIntent.Status.REJECTED
    letter.decided_at = timezone.now()
    letter.decided_by = by
    letter.decision_message = message
    letter.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.rejected", target=letter, data={"message": message})
    _notify_letter_decision(letter)
    return letter


def _focal_point_emails(member: Member) -> list[str]:
    return Affiliation.objects.focal_points().of(member).emails()


def _notify_letter_decision(letter: LetterOfIntent) -> None:
    recipients = _focal_point_emails(letter.member)
    for extra in (getattr(letter.submitted_by, "email", ""), letter.contact_email):
        if extra and extra not in recipients:
            recipients.append(extra)
    queue_templated_email(
        to=recipients, template="feasibility/email/letter_decided", context={"letter": letter, "call": letter.call}
    )
