"""Entries: drafts, images and documents, submission, withdrawal, eligibility screening."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from members.permissions import is_affiliated
from wego.audit import audit_record
from wego.mail import queue_templated_email

from ..models import (
    MAX_DOCUMENTS,
    MAX_IMAGES,
    Edition,
    Entry,
    EntryDocument,
    EntryImage,
    normalise_text,
    organisation_key,
)
from ..validators import IMAGE_FORMATS
from ..workflows import ENTRY, REQUIRED_FOR_SUBMISSION

__all__ = [
    "ENTRY_TEXT_FIELDS",
    "REQUIRED_FOR_SUBMISSION",
    "entry_save_draft",
    "entry_image_add",
    "entry_image_remove",
    "entry_document_add",
    "entry_document_remove",
    "entry_submit",
    "entry_withdraw",
    "entry_screen",
]

ENTRY_TEXT_FIELDS = ("title", "summary", "problem", "solution", "results", "figures", "url")


def _entry_organisation(*, applicant, data: dict) -> tuple:
    """(member, organisation name, country) from the form: a member the applicant acts for, or a named organisation."""
    member = data.get("member")
    if member is not None:
        if not is_affiliated(applicant, member):
            raise ValidationError(_("You do not act for %(member)s.") % {"member": member})
        return member, member.name, str(member.country)
    name = (data.get("organisation_name") or "").strip()
    country = str(data.get("country") or "")
    if not name or not country:
        raise ValidationError(_("Name your city or organisation and its country, or choose the WeGO member you act for."))
    return None, name, country


@transaction.atomic
def entry_save_draft(*, applicant, edition: Edition, data: dict, entry: Entry | None = None) -> Entry:
    """Create or update a draft entry. Nothing reaches the Secretariat until it is submitted."""
    edition = Edition.objects.get(pk=edition.pk)
    if not edition.accepts_applications:
        raise ValidationError(_("Applications to %(edition)s are closed.") % {"edition": edition})
    if entry is not None:
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.applicant_id != applicant.pk:
            raise ValidationError(_("Only the person who started this entry can change it."))
        if entry.status != Entry.Status.DRAFT:
            raise ValidationError(_("A submitted entry can no longer be changed."))
    category = data.get("category") or (entry.category if entry else None)
    if category is None or category.edition_id != edition.pk:
        raise ValidationError(_("Choose a category of this edition."))
    member, name, country = _entry_organisation(applicant=applicant, data=data)
    created = entry is None
    entry = entry or Entry(edition=edition, applicant=applicant)
    entry.category = category
    entry.member = member
    entry.organisation_name = name
    entry.country = country
    for field in ENTRY_TEXT_FIELDS:
        if field in data:
            setattr(entry, field, (data[field] or "").strip())
    entry.title_key = normalise_text(entry.title)
    entry.organisation_key = organisation_key(member_id=member.pk if member else None, name=name, country=country)
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("Your organisation has already entered this project in this edition."))
    audit_record(
        actor=applicant, action="awards.entry.created" if created else "awards.entry.updated", target=entry,
        data={"category": category.code},
    )
    return entry


def _editable_entry(entry: Entry, by) -> Entry:
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.applicant_id != by.pk:
        raise ValidationError(_("Only the person who started this entry can change it."))
    if entry.status != Entry.Status.DRAFT:
        raise ValidationError(_("A submitted entry can no longer be changed."))
    if not entry.edition.accepts_applications:
        raise ValidationError(_("Applications to %(edition)s are closed.") % {"edition": entry.edition})
    return entry


def _image_extension(upload) -> str:
    """The extension of the format Pillow recognises ('' if none: the validator then refuses the file).
    The uploaded name is not trusted: files are served with the type their extension says."""
    position = upload.tell()
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            return IMAGE_FORMATS.get(image.format or "", "")
    except Exception:  # noqa: BLE001 - anything Pillow cannot open is refused by the validator
        return ""
    finally:
        upload.seek(position)


def _safe_name(extension: str) -> str:
    """A random file name with the extension of the verified content: files are served by their name."""
    return f"{uuid.uuid4().hex}.{extension}"


@transaction.atomic
def entry_image_add(*, entry: Entry, image, caption: str, by) -> EntryImage:
    """Attach an image (verified by Pillow, at most 5 MB) to a draft entry."""
    entry = _editable_entry(entry, by)
    if entry.images.count() >= MAX_IMAGES:
        raise ValidationError(_("An entry has at most %(n)s images; remove one first.") % {"n": MAX_IMAGES})
    extension = _image_extension(image)
    if extension:
        image.name = _safe_name(extension)
    obj = EntryImage(entry=entry, image=image, caption=(caption or "").strip())
    obj.full_clean()
    obj.save()
    audit_record(actor=by, action="awards.entry.image_added", target=entry, data={"caption": obj.caption})
    return obj


@transaction.atomic
def entry_image_remove(*, image: EntryImage, by) -> None:
    """Remove an image from a draft entry."""
    entry = _editable_entry(image.entry, by)
    audit_record(actor=by, action="awards.entry.image_removed", target=entry, data={"caption": image.caption})
    image.image.delete(save=False)
    image.delete()


@transaction.atomic
def entry_document_add(*, entry: Entry, file, title: str, by) -> EntryDocument:
    """Attach a PDF document to a draft entry."""
    entry = _editable_entry(entry, by)
    if entry.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(_("An entry has at most %(n)s documents; remove one first.") % {"n": MAX_DOCUMENTS})
    file.name = _safe_name("pdf")
    obj = EntryDocument(entry=entry, file=file, title=(title or "").strip())
    obj.full_clean()
    obj.save()
    audit_record(actor=by, action="awards.entry.document_added", target=entry, data={"title": obj.title})
    return obj


@transaction.atomic
def entry_document_remove(*, document: EntryDocument, by) -> None:
    """Remove a document from a draft entry."""
    entry = _editable_entry(document.entry, by)
    audit_record(actor=by, action="awards.entry.document_removed", target=entry, data={"title": document.title})
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def entry_submit(*, entry: Entry, by) -> Entry:
    """Send a complete draft to the Secretariat for the eligibility screening (awards.workflows.ENTRY)."""
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.applicant_id != by.pk:
        raise ValidationError(_("Only the person who started this entry can change it."))
    ENTRY.check(entry, "submit")
    entry.status = Entry.Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=by, action="awards.entry.submitted", target=entry)
    _notify_applicant(entry, "awards/email/entry_submitted")
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, by) -> Entry:
    """Withdraw an entry; possible until judging opens. The same project may then be entered again."""
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.applicant_id != by.pk:
        raise ValidationError(_("Only the person who started this entry can withdraw it."))
    ENTRY.check(entry, "withdraw")
    old = entry.status
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="awards.entry.withdrawn", target=entry, data={"from": old})
    return entry


@transaction.atomic
def entry_screen(*, entry: Entry, eligible: bool, by, reason: str = "") -> Entry:
    """Record the eligibility screening; the applicant sees the decision and its reason.

    A decision may be revised until judging opens.
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    ENTRY.check(entry, "screen")
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise ValidationError(_("Give the reason why the entry is not eligible: the applicant will read it."))
    old = entry.status
    entry.status = Entry.Status.ELIGIBLE if eligible else Entry.Status.INELIGIBLE
    entry.eligibility_reason = reason
    entry.screened_at = timezone.now()
    entry.screened_by = by
    entry.save(update_fields=["status", "eligibility_reason", "screened_at", "screened_by", "updated_at"])
    audit_record(
        actor=by, action="awards.entry.screened", target=entry,
        data={"from": old, "to": entry.status, "reason": reason},
    )
    _notify_applicant(entry, "awards/email/entry_screened")
    return entry


def _notify_applicant(entry: Entry, template: str) -> None:
    applicant = entry.applicant
    queue_templated_email(
        to=[applicant.email],
        template=template,
        context={"entry": entry, "url": reverse("awards:entry", args=[entry.pk])},
        language=getattr(applicant, "preferred_language", None),
    )
