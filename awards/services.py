"""Every write of the WeGO Awards: keyword-only arguments, atomic, audited.

Phases of an edition (an explicit state machine; see TRANSITIONS):

    draft → application → eligibility → judging → shortlist → voting → counting → announced

Each step is a named transition taken by the Secretariat (`edition_transition`) or by date
(`edition_advance_by_date`, run daily by a Celery task). A transition whose preconditions are not
met is refused with a message saying what to do first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from . import scoring
from .models import (
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    MAX_DOCUMENTS,
    MAX_IMAGES,
    Assignment,
    Category,
    Criterion,
    Edition,
    Entry,
    EntryDocument,
    EntryImage,
    Finalist,
    Judge,
    Prize,
    Score,
    Shortlist,
    TieDecision,
    Vote,
    normalise_text,
    organisation_key,
)

S = Edition.Status


def _today(today: dt.date | None = None) -> dt.date:
    return today or timezone.localdate()


def _lock_edition(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


# --- Editions, categories, criteria ----------------------------------------------------------------

EDITION_FIELDS = (
    "title", "general_assembly", "description", "vote_tie_rule",
    "application_start", "application_end", "eligibility_end", "judging_start", "judging_end",
    "voting_start", "voting_end", "announcement_on",
)


@transaction.atomic
def edition_create(
    *, year: int, by, ranking_method: str = scoring.NORMALISED, with_defaults: bool = True, **fields
) -> Edition:
    """Create an edition in preparation, with WeGO's five criteria as its categories and its judging criteria.

    Services, Efficiency, Open City, Urban Management and Digital Divide, with WeGO's descriptions
    (`WEGO_CRITERIA`), each scored 1–10 by the judges. The Secretariat may change them until judging
    opens; `with_defaults=False` starts with none.
    """
    if Edition.objects.filter(year=year).exists():
        raise ValidationError(_("There is already an edition in %(year)s.") % {"year": year})
    edition = Edition(year=year, ranking_method=ranking_method)
    for name in EDITION_FIELDS:
        if name in fields:
            setattr(edition, name, fields.pop(name))
    if fields:
        raise TypeError(f"Unknown edition fields: {', '.join(fields)}")
    if not edition.title:
        edition.title = _("WeGO Awards %(year)s") % {"year": year}
    edition.full_clean()
    edition.save()
    if with_defaults:
        Category.objects.bulk_create(
            Category(edition=edition, code=code, name=str(name), description=str(text), order=i)
            for i, (code, name, text) in enumerate(DEFAULT_CATEGORIES, start=1)
        )
        Criterion.objects.bulk_create(
            Criterion(edition=edition, name=str(name), description=str(text), order=i)
            for i, (name, text) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    audit_record(actor=by, action="awards.edition.created", target=edition, data={"year": year})
    return edition


@transaction.atomic
def edition_update(*, edition: Edition, by, data: dict) -> Edition:
    """Change an edition's title, General Assembly, description, tie rule or phase dates.

    The rule for equal votes is fixed once voting opens; results published are final.
    """
    edition = _lock_edition(edition)
    if edition.status == S.ANNOUNCED:
        raise ValidationError(_("The results of this edition are published; it can no longer change."))
    if "vote_tie_rule" in data and data["vote_tie_rule"] != edition.vote_tie_rule and edition.reached(S.VOTING):
        raise ValidationError(_("The rule for equal votes is fixed once public voting opens."))
    changed = {}
    for name in EDITION_FIELDS:
        if name in data and getattr(edition, name) != data[name]:
            changed[name] = [getattr(edition, name), data[name]]
            setattr(edition, name, data[name])
    edition.full_clean()
    edition.save()
    audit_record(actor=by, action="awards.edition.updated", target=edition, data=changed)
    return edition


@transaction.atomic
def edition_set_ranking_method(*, edition: Edition, method: str, by) -> Edition:
    """Choose how entries are ranked (raw mean or normalised). Refused once judging has opened."""
    edition = _lock_edition(edition)
    if method not in Edition.RankingMethod.values:
        raise ValidationError(_("Unknown ranking method."))
    if not edition.ranking_method_editable:
        raise ValidationError(
            _("The ranking method was fixed when judging opened (%(method)s); it can no longer change.")
            % {"method": edition.get_ranking_method_display()}
        )
    old = edition.ranking_method
    edition.ranking_method = method
    edition.save(update_fields=["ranking_method", "updated_at"])
    audit_record(actor=by, action="awards.edition.ranking_method_set", target=edition, data={"from": old, "to": method})
    return edition


def _refuse_after_judging_opened(edition: Edition, what: str) -> None:
    if not edition.ranking_method_editable:
        raise ValidationError(
            _("%(what)s can no longer change: judging has opened.") % {"what": what}
        )


@transaction.atomic
def category_add(
    *, edition: Edition, code: str, name: str, by, description: str = "", order: int | None = None
) -> Category:
    """Add a category, last unless `order` is given. Categories are fixed once judging opens."""
    edition = _lock_edition(edition)
    _refuse_after_judging_opened(edition, _("The categories"))
    if not order:
        order = (edition.categories.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    category = Category(edition=edition, code=code, name=name, description=description, order=order)
    category.full_clean()
    category.save()
    audit_record(actor=by, action="awards.category.added", target=category, data={"edition": edition.year})
    return category


@transaction.atomic
def category_remove(*, category: Category, by) -> None:
    """Remove a category that has no entries, before judging opens."""
    edition = _lock_edition(category.edition)
    _refuse_after_judging_opened(edition, _("The categories"))
    if category.entries.exists():
        raise ValidationError(_("%(name)s has entries; it cannot be removed.") % {"name": category.name})
    audit_record(actor=by, action="awards.category.removed", target=edition, data={"category": category.name})
    category.delete()


@transaction.atomic
def category_update(*, category: Category, by, data: dict) -> Category:
    """Change a category's code, name, description or order. Categories are fixed once judging opens."""
    edition = _lock_edition(category.edition)
    _refuse_after_judging_opened(edition, _("The categories"))
    changed = _apply(category, data, ("code", "name", "description", "order"))
    if changed:
        category.full_clean()
        category.save()
        audit_record(actor=by, action="awards.category.updated", target=category, data=changed)
    return category


@transaction.atomic
def criterion_add(
    *, edition: Edition, name: str, by, description: str = "", order: int | None = None
) -> Criterion:
    """Add a judging criterion (scored 1–10), last unless `order` is given. Criteria are fixed once judging opens."""
    edition = _lock_edition(edition)
    _refuse_after_judging_opened(edition, _("The criteria"))
    if not order:
        order = (edition.criteria.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    criterion = Criterion(edition=edition, name=name, description=description, order=order)
    criterion.full_clean()
    criterion.save()
    audit_record(actor=by, action="awards.criterion.added", target=criterion, data={"edition": edition.year})
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, by, data: dict) -> Criterion:
    """Change a criterion's name, description or order. Criteria are fixed once judging opens, so that
    every judge of an edition scores the same criteria."""
    edition = _lock_edition(criterion.edition)
    _refuse_after_judging_opened(edition, _("The criteria"))
    changed = _apply(criterion, data, ("name", "description", "order"))
    if changed:
        criterion.full_clean()
        criterion.save()
        audit_record(actor=by, action="awards.criterion.updated", target=criterion, data=changed)
    return criterion


def _apply(obj, data: dict, fields: tuple[str, ...]) -> dict:
    """Set the given fields of `obj` from `data`; return {field: [old, new]} of those that changed."""
    changed = {}
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            changed[name] = [getattr(obj, name), data[name]]
            setattr(obj, name, data[name])
    return changed


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by) -> None:
    """Remove a criterion before judging opens (no score can exist for it yet)."""
    edition = _lock_edition(criterion.edition)
    _refuse_after_judging_opened(edition, _("The criteria"))
    if criterion.scores.exists():
        raise ValidationError(_("This criterion has scores; it cannot be removed."))
    audit_record(actor=by, action="awards.criterion.removed", target=edition, data={"criterion": criterion.name})
    criterion.delete()


# --- Phase transitions -----------------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[str, str]] = {
    "open_applications": (S.DRAFT, S.APPLICATION),
    "close_applications": (S.APPLICATION, S.ELIGIBILITY),
    "open_judging": (S.ELIGIBILITY, S.JUDGING),
    "close_judging": (S.JUDGING, S.SHORTLIST),
    "open_voting": (S.SHORTLIST, S.VOTING),
    "close_voting": (S.VOTING, S.COUNTING),
    "announce": (S.COUNTING, S.ANNOUNCED),
}


def transition_label(name: str) -> str:
    return {
        "open_applications": _("Open applications"),
        "close_applications": _("Close applications"),
        "open_judging": _("Open judging"),
        "close_judging": _("Close judging"),
        "open_voting": _("Open public voting"),
        "close_voting": _("Close public voting"),
        "announce": _("Publish the results"),
    }[name]


def transitions_available(edition: Edition) -> list[str]:
    return [name for name, (source, _target) in TRANSITIONS.items() if edition.status == source]


def _check_transition(edition: Edition, name: str, today: dt.date, *, by_date: bool = False) -> None:
    """Raise ValidationError when `name` may not be taken now; the message says what to do first.

    Opening a phase by hand after its closing date is refused (it would open and be closed at once);
    the daily task catching up on dates (`by_date`) may pass through such a phase.
    """
    late = not by_date
    if name == "open_applications":
        if not edition.categories.exists() or not edition.criteria.exists():
            raise ValidationError(_("Add at least one category and one criterion before opening applications."))
        if late and edition.application_end < today:
            raise ValidationError(_("The application period has already ended: move its closing date first."))
    elif name == "open_judging":
        waiting = edition.entries.filter(status=Entry.Status.SUBMITTED).count()
        if waiting:
            raise ValidationError(
                _("%(n)s submitted entries still wait for the eligibility screening.") % {"n": waiting}
            )
        if late and edition.judging_end < today:
            raise ValidationError(_("The judging period has already ended: move its closing date first."))
    elif name == "open_voting":
        missing = (
            edition.categories.filter(entries__status=Entry.Status.ELIGIBLE, shortlist__isnull=True)
            .distinct()
            .values_list("name", flat=True)
        )
        if missing:
            raise ValidationError(
                _("Publish the shortlist of these categories first: %(names)s.") % {"names": ", ".join(missing)}
            )
        if late and edition.voting_end < today:
            raise ValidationError(_("The voting period has already ended: move its closing date first."))
    elif name == "announce":
        if not edition.winners_decided_at:
            raise ValidationError(_("Decide the winners before publishing the results."))
        if today < edition.announcement_on:
            raise ValidationError(
                _("The results are published on the announcement date, %(date)s.")
                % {"date": edition.announcement_on.isoformat()}
            )


@transaction.atomic
def edition_transition(*, edition: Edition, transition: str, by=None, today: dt.date | None = None) -> Edition:
    """Move an edition to its next phase by a named transition (by the Secretariat, or by date when by=None)."""
    if transition not in TRANSITIONS:
        raise ValidationError(_("Unknown phase change."))
    today = _today(today)
    edition = _lock_edition(edition)
    source, target = TRANSITIONS[transition]
    if edition.status != source:
        raise ValidationError(
            _("%(edition)s is in the phase “%(status)s”: “%(action)s” is not possible now.")
            % {"edition": edition, "status": edition.get_status_display(), "action": transition_label(transition)}
        )
    _check_transition(edition, transition, today, by_date=by is None)
    edition.status = target
    fields = ["status", "updated_at"]
    if transition == "open_judging":
        edition.ranking_method_fixed_at = timezone.now()
        fields.append("ranking_method_fixed_at")
    if transition == "announce":
        edition.results_published_at = timezone.now()
        fields.append("results_published_at")
    edition.save(update_fields=fields)
    audit_record(
        actor=by,
        action=f"awards.edition.{transition}",
        target=edition,
        data={"from": source, "to": target, "by_date": by is None, "ranking_method": edition.ranking_method},
    )
    return edition


def _due_by_date(edition: Edition, today: dt.date) -> str | None:
    """The transition whose date has come, if any."""
    return {
        S.DRAFT: "open_applications" if edition.application_start <= today <= edition.application_end else None,
        S.APPLICATION: "close_applications" if today > edition.application_end else None,
        S.ELIGIBILITY: "open_judging" if today >= edition.judging_start else None,
        S.JUDGING: "close_judging" if today > edition.judging_end else None,
        S.SHORTLIST: "open_voting" if today >= edition.voting_start else None,
        S.VOTING: "close_voting" if today > edition.voting_end else None,
        S.COUNTING: "announce" if today >= edition.announcement_on else None,
    }.get(edition.status)


def edition_advance_by_date(*, edition: Edition, today: dt.date | None = None) -> tuple[list[str], str]:
    """Take every transition whose date has come, in order. Returns (transitions taken, why it stopped).

    A transition whose preconditions fail (e.g. entries still unscreened when judging should open)
    is not taken; the edition waits for the Secretariat and the reason is returned (and logged by the task).
    """
    today = _today(today)
    taken: list[str] = []
    blocked = ""
    while True:
        edition.refresh_from_db()
        due = _due_by_date(edition, today)
        if not due:
            break
        try:
            edition_transition(edition=edition, transition=due, by=None, today=today)
        except ValidationError as exc:
            blocked = " ".join(exc.messages)
            break
        taken.append(due)
    return taken, blocked


# --- Entries ---------------------------------------------------------------------------------------

ENTRY_TEXT_FIELDS = ("title", "summary", "problem", "solution", "results", "figures", "url")
REQUIRED_FOR_SUBMISSION = ("summary", "problem", "solution", "results")


def _entry_organisation(*, applicant, data: dict) -> tuple:
    """(member, organisation name, country) from the form: a member the applicant acts for, or a named organisation."""
    from members.permissions import is_affiliated

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
    from PIL import Image

    from .validators import IMAGE_FORMATS

    position = upload.tell()
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            return IMAGE_FORMATS.get(image.format, "")
    except Exception:  # noqa: BLE001 - anything Pillow cannot open is refused by the validator
        return ""
    finally:
        upload.seek(position)


def _safe_name(extension: str) -> str:
    """A random file name with the extension of the verified content: files are served by their name."""
    import uuid

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
    """Send a complete draft to the Secretariat for the eligibility screening."""
    entry = _editable_entry(entry, by)
    labels = {f: str(Entry._meta.get_field(f).verbose_name) for f in REQUIRED_FOR_SUBMISSION}
    missing = [labels[f] for f in REQUIRED_FOR_SUBMISSION if not getattr(entry, f).strip()]
    if missing:
        raise ValidationError(_("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)})
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
    if entry.status == Entry.Status.WITHDRAWN:
        raise ValidationError(_("This entry is already withdrawn."))
    if not entry.edition.ranking_method_editable:
        raise ValidationError(_("Judging has opened: write to the Secretariat to withdraw this entry."))
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
    if entry.edition.status not in (S.APPLICATION, S.ELIGIBILITY):
        raise ValidationError(_("Eligibility is screened while applications are open or during the screening phase."))
    if entry.status not in (Entry.Status.SUBMITTED, Entry.Status.ELIGIBLE, Entry.Status.INELIGIBLE):
        raise ValidationError(_("Only a submitted entry can be screened."))
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
    from django.urls import reverse

    from wego.mail import queue_templated_email

    applicant = entry.applicant
    queue_templated_email(
        to=[applicant.email],
        template=template,
        context={"entry": entry, "url": reverse("awards:entry", args=[entry.pk])},
        language=getattr(applicant, "preferred_language", None),
    )


# --- Judges and assignments ------------------------------------------------------------------------

def judge_conflict(judge: Judge, entry: Entry) -> str:
    """Why `judge` may never see `entry` (own country, own city), or '' when there is no such conflict."""
    if str(judge.country) and str(judge.country) == str(entry.country):
        return _("the entry comes from the judge's own country")
    if judge.member_id and judge.member_id == entry.member_id:
        return _("the entry comes from the judge's own city")
    if judge.city and normalise_text(judge.city) == normalise_text(entry.organisation_name):
        return _("the entry comes from the judge's own city")
    return ""


@transaction.atomic
def judge_add(
    *, edition: Edition, user, by, country: str = "", member=None, city: str = "", affiliation: str = "",
    categories: Iterable[Category] = (),
) -> Judge:
    """Appoint a judge for an edition, with their city and country (which they never judge)."""
    edition = _lock_edition(edition)
    if edition.reached(S.SHORTLIST):
        raise ValidationError(_("Judging of this edition is over."))
    if Judge.objects.filter(edition=edition, user=user).exists():
        raise ValidationError(_("%(user)s is already a judge of this edition.") % {"user": user})
    if member is not None:
        city = city or member.name
        country = country or str(member.country)
    judge = Judge(edition=edition, user=user, member=member, city=city, country=country, affiliation=affiliation)
    judge.full_clean()
    judge.save()
    categories = list(categories)
    if any(c.edition_id != edition.pk for c in categories):
        raise ValidationError(_("Choose categories of this edition."))
    judge.categories.set(categories)
    audit_record(
        actor=by, action="awards.judge.added", target=judge,
        data={"user": user.email, "country": str(country), "categories": [c.code for c in categories]},
    )
    return judge


@transaction.atomic
def judge_set_categories(*, judge: Judge, categories: Iterable[Category], by) -> Judge:
    """Choose the categories a judge scores (existing assignments stay)."""
    categories = list(categories)
    if any(c.edition_id != judge.edition_id for c in categories):
        raise ValidationError(_("Choose categories of this edition."))
    judge.categories.set(categories)
    audit_record(actor=by, action="awards.judge.categories_set", target=judge, data={"categories": [c.code for c in categories]})
    return judge


def _assignable(edition: Edition) -> None:
    if edition.status not in (S.ELIGIBILITY, S.JUDGING):
        raise ValidationError(_("Entries are assigned to judges after applications close and until judging ends."))


@transaction.atomic
def assignment_create(*, judge: Judge, entry: Entry, by) -> Assignment:
    """Give an eligible entry to a judge of its category, never one from the judge's own city or country."""
    edition = _lock_edition(judge.edition)
    _assignable(edition)
    if entry.edition_id != edition.pk:
        raise ValidationError(_("The entry is not in this edition."))
    if entry.status != Entry.Status.ELIGIBLE:
        raise ValidationError(_("Only eligible entries are judged."))
    if not judge.categories.filter(pk=entry.category_id).exists():
        raise ValidationError(
            _("%(judge)s does not judge the category %(category)s.") % {"judge": judge, "category": entry.category}
        )
    conflict = judge_conflict(judge, entry)
    if conflict:
        raise ValidationError(_("This entry cannot go to %(judge)s: %(why)s.") % {"judge": judge, "why": conflict})
    if Assignment.objects.filter(judge=judge, entry=entry).exists():
        raise ValidationError(_("This entry is already assigned to %(judge)s.") % {"judge": judge})
    assignment = Assignment(
        judge=judge, entry=entry, judge_country=str(judge.country), entry_country=str(entry.country), assigned_by=by
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError(_("This entry cannot be assigned to this judge."))
    audit_record(actor=by, action="awards.assignment.created", target=assignment, data={"entry": entry.pk})
    return assignment


@transaction.atomic
def assignments_spread(*, category: Category, by, per_entry: int = 3) -> dict:
    """Spread the eligible entries of a category evenly over its judges, `per_entry` judges each.

    Each entry goes to the judges with the fewest entries so far (then by judge id, so the result
    is reproducible), skipping judges from the entry's city or country and judges who declared a
    conflict on it. Existing assignments are kept. Returns {"created": n, "short": [entry ids that
    could not get `per_entry` judges]}.
    """
    edition = _lock_edition(category.edition)
    _assignable(edition)
    if per_entry < 1:
        raise ValidationError(_("Give each entry at least one judge."))
    judges = list(category.judges.filter(edition=edition).order_by("pk"))
    if not judges:
        raise ValidationError(_("No judge is appointed for %(category)s.") % {"category": category.name})
    entries = list(category.entries.filter(status=Entry.Status.ELIGIBLE).order_by("pk"))
    existing = list(Assignment.objects.filter(entry__in=entries).values_list("judge_id", "entry_id", "status"))
    load = {j.pk: 0 for j in judges}
    for judge_id in Assignment.objects.filter(judge__in=judges).exclude(
        status=Assignment.Status.RECUSED
    ).values_list("judge_id", flat=True):
        load[judge_id] = load.get(judge_id, 0) + 1
    pairs = {(j, e) for j, e, _s in existing}
    active = {}
    for _j, e, s in existing:
        if s != Assignment.Status.RECUSED:
            active[e] = active.get(e, 0) + 1
    created, short = 0, []
    for entry in sorted(entries, key=lambda e: (active.get(e.pk, 0), e.pk)):
        need = per_entry - active.get(entry.pk, 0)
        if need <= 0:
            continue
        candidates = [j for j in judges if (j.pk, entry.pk) not in pairs and not judge_conflict(j, entry)]
        candidates.sort(key=lambda j: (load[j.pk], j.pk))
        for judge in candidates[:need]:
            Assignment.objects.create(
                judge=judge, entry=entry, judge_country=str(judge.country), entry_country=str(entry.country),
                assigned_by=by,
            )
            load[judge.pk] += 1
            created += 1
        if len(candidates) < need:
            short.append(entry.pk)
    audit_record(
        actor=by, action="awards.assignment.spread", target=category,
        data={"per_entry": per_entry, "created": created, "short": short},
    )
    return {"created": created, "short": short}


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    """Take an entry back from a judge who has not submitted (their draft scores are deleted)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status == Assignment.Status.SUBMITTED:
        raise ValidationError(_("The judge has submitted scores for this entry; the assignment stays."))
    Score.objects.filter(judge_id=assignment.judge_id, entry_id=assignment.entry_id).delete()
    audit_record(
        actor=by, action="awards.assignment.removed", target=assignment.entry,
        data={"judge": assignment.judge_id, "status": assignment.status},
    )
    assignment.delete()


@transaction.atomic
def assignment_declare_conflict(*, assignment: Assignment, reason: str, by) -> Assignment:
    """The judge declares a conflict of interest with a reason; the entry leaves their queue."""
    assignment = Assignment.objects.select_for_update().select_related("judge", "entry").get(pk=assignment.pk)
    if assignment.judge.user_id != by.pk:
        raise ValidationError(_("Only the judge can declare their conflict of interest."))
    if assignment.status != Assignment.Status.ASSIGNED:
        raise ValidationError(_("A conflict can be declared only before submitting scores."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say briefly what the conflict of interest is."))
    Score.objects.filter(judge_id=assignment.judge_id, entry_id=assignment.entry_id).delete()
    assignment.status = Assignment.Status.RECUSED
    assignment.conflict_reason = reason
    assignment.recused_at = timezone.now()
    assignment.save(update_fields=["status", "conflict_reason", "recused_at"])
    audit_record(actor=by, action="awards.assignment.conflict_declared", target=assignment, data={"reason": reason})
    return assignment


@transaction.atomic
def scores_save(*, assignment: Assignment, values: dict, by, submit: bool = False) -> Assignment:
    """Save a judge's scores (criterion id → (score 1–10 or None, comment)); `submit` makes them final.

    Submitting needs a score for every criterion of the edition; submitted scores never change.
    """
    assignment = (
        Assignment.objects.select_for_update().select_related("judge", "entry__edition").get(pk=assignment.pk)
    )
    judge, entry = assignment.judge, assignment.entry
    edition = entry.edition
    if judge.user_id != by.pk:
        raise ValidationError(_("Only the assigned judge scores this entry."))
    if judge_conflict(judge, entry):
        raise ValidationError(_("This entry comes from your own city or country; you do not judge it."))
    if assignment.status == Assignment.Status.RECUSED:
        raise ValidationError(_("You declared a conflict of interest on this entry."))
    if assignment.status == Assignment.Status.SUBMITTED:
        raise ValidationError(_("Your scores for this entry are submitted and can no longer change."))
    if not edition.accepts_scores:
        raise ValidationError(_("Judging of %(edition)s is closed.") % {"edition": edition})
    criteria = {c.pk: c for c in edition.criteria.all()}
    existing = {s.criterion_id: s for s in Score.objects.filter(judge=judge, entry=entry)}
    for criterion_id, (value, comment) in values.items():
        if criterion_id not in criteria:
            raise ValidationError(_("Unknown criterion."))
        if value in (None, ""):
            if criterion_id in existing:
                existing.pop(criterion_id).delete()
            continue
        value = int(value)
        if not 1 <= value <= 10:
            raise ValidationError(
                _("%(criterion)s: a score is between 1 (lowest) and 10 (highest).")
                % {"criterion": criteria[criterion_id].name}
            )
        score = existing.get(criterion_id) or Score(judge=judge, entry=entry, criterion_id=criterion_id)
        score.score = value
        score.comment = (comment or "").strip()
        score.save()
        existing[criterion_id] = score
    if submit:
        missing = [criteria[c].name for c in criteria if c not in existing]
        if missing:
            raise ValidationError(_("Score every criterion before submitting: %(names)s.") % {"names": ", ".join(missing)})
        now = timezone.now()
        Score.objects.filter(judge=judge, entry=entry).update(submitted_at=now)
        assignment.status = Assignment.Status.SUBMITTED
        assignment.submitted_at = now
        assignment.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=by, action="awards.assignment.submitted" if submit else "awards.score.saved", target=assignment,
        data={str(c): s.score for c, s in existing.items()},
    )
    return assignment


# --- Shortlist -------------------------------------------------------------------------------------

def _shortlist_editable(category: Category) -> Edition:
    edition = _lock_edition(category.edition)
    if edition.status != S.SHORTLIST:
        raise ValidationError(_("Shortlists are decided after judging closes and before voting opens."))
    if Shortlist.objects.filter(category=category).exists():
        raise ValidationError(_("The shortlist of %(category)s is published and frozen.") % {"category": category.name})
    return edition


@transaction.atomic
def tie_decision_record(*, category: Category, chosen: Iterable[Entry], reason: str, by) -> TieDecision:
    """Record which of the entries tied at the shortlist boundary advance, and why."""
    from .selectors import category_ranking

    _shortlist_editable(category)
    ranking = category_ranking(category=category)
    boundary = ranking.boundary
    if not boundary.has_tie:
        raise ValidationError(_("There is no tie at the boundary of %(category)s.") % {"category": category.name})
    chosen = list(chosen)
    chosen_ids = {e.pk for e in chosen}
    if not chosen_ids <= set(boundary.tied):
        raise ValidationError(_("Choose among the tied entries only."))
    if len(chosen_ids) != boundary.open_slots:
        raise ValidationError(
            _("Choose exactly %(n)s of the tied entries: that is how many places are left.") % {"n": boundary.open_slots}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Record the reason for the decision."))
    decision = TieDecision.objects.create(
        category=category, contenders=sorted(boundary.tied), boundary_score=boundary.boundary_value,
        reason=reason, decided_by=by,
    )
    decision.chosen.set(chosen)
    audit_record(
        actor=by, action="awards.shortlist.tie_decided", target=category,
        data={"contenders": sorted(boundary.tied), "chosen": sorted(chosen_ids), "reason": reason,
              "score": boundary.boundary_value},
    )
    return decision


@transaction.atomic
def shortlist_publish(*, category: Category, by) -> Shortlist:
    """Publish the top five of a category as finalists. Frozen from then on.

    A tie at the boundary must first be settled by a recorded decision (`tie_decision_record`);
    it is never settled silently.
    """
    from .models import FINALISTS_PER_CATEGORY
    from .selectors import category_ranking

    edition = _shortlist_editable(category)
    ranking = category_ranking(category=category)
    if not ranking.rows_ranked:
        raise ValidationError(_("No entry of %(category)s has submitted scores.") % {"category": category.name})
    boundary = ranking.boundary
    decision = None
    chosen: set[int] = set()
    if boundary.has_tie:
        decision = (
            TieDecision.objects.filter(category=category, contenders=sorted(boundary.tied))
            .prefetch_related("chosen")
            .order_by("-decided_at", "-pk")
            .first()
        )
        if decision is None or abs(decision.boundary_score - boundary.boundary_value) > 1e-6:
            titles = ", ".join(ranking.entry(e).title for e in boundary.tied)
            raise ValidationError(
                _("These entries are tied at %(score).2f for the last %(n)s place(s): %(titles)s. "
                  "Record a decision first.")
                % {"score": boundary.boundary_value, "n": boundary.open_slots, "titles": titles}
            )
        chosen = {e.pk for e in decision.chosen.all()}
    advancing = set(boundary.advancing) | chosen
    shortlist = Shortlist.objects.create(
        edition=edition, category=category, ranking_method=edition.ranking_method, tie_decision=decision,
        published_by=by,
    )
    position = 0
    finalists = []
    for row in ranking.rows_ranked:
        if row.entry.pk in advancing:
            position += 1
            finalists.append(
                Finalist(
                    shortlist=shortlist, entry=row.entry, position=position, judging_score=row.value,
                    via_tie_decision=row.entry.pk in chosen,
                )
            )
    assert position <= FINALISTS_PER_CATEGORY
    Finalist.objects.bulk_create(finalists)
    audit_record(
        actor=by, action="awards.shortlist.published", target=shortlist,
        data={"finalists": [f.entry_id for f in finalists], "method": edition.ranking_method,
              "tie_decision": decision.pk if decision else None},
    )
    return shortlist


# --- Public voting ---------------------------------------------------------------------------------

def user_is_verified(user) -> bool:
    """An account with a verified email address (allauth)."""
    from allauth.account.models import EmailAddress

    return bool(getattr(user, "is_authenticated", False)) and EmailAddress.objects.filter(
        user=user, verified=True
    ).exists()


def _ip_hash(ip: str) -> str:
    if not ip:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


@transaction.atomic
def vote_cast(*, user, entry: Entry, ip: str = "", today: dt.date | None = None) -> Vote:
    """Cast the user's one vote in the entry's category, for a finalist, while voting is open."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in to vote."))
    if not user_is_verified(user):
        raise ValidationError(_("Confirm your email address before voting: open the link we sent you."))
    finalist = Finalist.objects.select_related("shortlist__edition", "entry").filter(entry=entry).first()
    if finalist is None:
        raise ValidationError(_("Only finalists can receive votes."))
    edition = finalist.shortlist.edition
    today = _today(today)
    if not edition.open_for("voting", S.VOTING, today):
        raise ValidationError(_("Public voting of %(edition)s is not open.") % {"edition": edition})
    category_id = finalist.shortlist.category_id
    if Vote.objects.filter(user=user, category_id=category_id).exists():
        raise ValidationError(_("You have already voted in this category."))
    vote = Vote(
        edition=edition, category_id=category_id, entry=entry, user=user,
        email_domain=user.email.rsplit("@", 1)[-1].lower(), ip_hash=_ip_hash(ip),
    )
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        raise ValidationError(_("You have already voted in this category."))
    audit_record(actor=user, action="awards.vote.cast", target=vote, data={"category": category_id})
    return vote


@transaction.atomic
def vote_void(*, vote: Vote, reason: str, by) -> Vote:
    """Void a vote with a reason (kept and audited). Winners already decided must then be decided again."""
    vote = Vote.objects.select_for_update().select_related("edition").get(pk=vote.pk)
    edition = _lock_edition(vote.edition)
    if edition.status == S.ANNOUNCED:
        raise ValidationError(_("The results are published; votes can no longer be voided."))
    if vote.voided_at:
        raise ValidationError(_("This vote is already void."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for voiding the vote."))
    vote.voided_at = timezone.now()
    vote.voided_by = by
    vote.void_reason = reason
    vote.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(actor=by, action="awards.vote.voided", target=vote, data={"reason": reason, "entry": vote.entry_id})
    if edition.winners_decided_at:
        _winners_reset(edition, by=by, why="vote voided")
    return vote


def votes_void(*, votes: Iterable[Vote], reason: str, by) -> int:
    """Void several votes with one reason (e.g. a burst found by the anomaly report)."""
    count = 0
    with transaction.atomic():
        for vote in votes:
            if vote.voided_at is None:
                vote_void(vote=vote, reason=reason, by=by)
                count += 1
    return count


@transaction.atomic
def anomaly_review_record(*, edition: Edition, note: str, by) -> Edition:
    """The Secretariat records that it reviewed the anomaly report after voting closed."""
    edition = _lock_edition(edition)
    if edition.status != S.COUNTING:
        raise ValidationError(_("The anomaly report is reviewed after voting closes and before the results."))
    edition.anomalies_reviewed_at = timezone.now()
    edition.anomalies_reviewed_by = by
    edition.anomalies_note = (note or "").strip()
    edition.save(update_fields=["anomalies_reviewed_at", "anomalies_reviewed_by", "anomalies_note", "updated_at"])
    audit_record(actor=by, action="awards.votes.anomalies_reviewed", target=edition, data={"note": edition.anomalies_note})
    return edition


def _winners_reset(edition: Edition, *, by, why: str) -> None:
    Prize.objects.filter(edition=edition).delete()
    edition.winners_decided_at = None
    edition.save(update_fields=["winners_decided_at", "updated_at"])
    audit_record(actor=by, action="awards.prizes.reset", target=edition, data={"why": why})


@transaction.atomic
def winners_decide(*, edition: Edition, by) -> list[Prize]:
    """Give each category's Best (most valid votes) and Outstanding (second) prize.

    Equal votes are settled by the edition's recorded rule, and each prize decided by it says so.
    A finalist without any valid vote gets no prize. May be repeated until the results are published.
    """
    from .selectors import vote_counts

    edition = _lock_edition(edition)
    if edition.status != S.COUNTING:
        raise ValidationError(_("Winners are decided after public voting closes and before the results are published."))
    if not edition.anomalies_reviewed_at:
        raise ValidationError(_("Review the anomaly report before deciding the winners."))
    Prize.objects.filter(edition=edition).delete()
    rule_label = edition.get_vote_tie_rule_display()
    prizes = []
    summary = {}
    for category, finalists in vote_counts(edition=edition):
        votes = {f.entry_id: f.valid_votes for f in finalists}
        if not votes:
            continue
        placed = scoring.vote_order(
            votes,
            judging_position={f.entry_id: f.position for f in finalists},
            submitted_order={f.entry_id: f.entry.submitted_at.timestamp() if f.entry.submitted_at else 0
                             for f in finalists},
            rule=edition.vote_tie_rule,
        )
        titles = {f.entry_id: f.entry.title for f in finalists}
        summary[category.code] = {str(p.entry_id): p.votes for p in placed}
        for kind, place in zip((Prize.Kind.BEST, Prize.Kind.OUTSTANDING), placed, strict=False):
            if place.votes == 0:
                break
            note = ""
            if place.tied:
                note = _("Tied on %(votes)s votes with %(others)s; settled by the rule: %(rule)s") % {
                    "votes": place.votes, "others": ", ".join(titles[o] for o in place.tied_with), "rule": rule_label,
                }
            prizes.append(
                Prize(edition=edition, category=category, entry_id=place.entry_id, kind=kind, votes=place.votes,
                      tie_note=note, decided_by=by)
            )
    Prize.objects.bulk_create(prizes)
    edition.winners_decided_at = timezone.now()
    edition.save(update_fields=["winners_decided_at", "updated_at"])
    audit_record(
        actor=by, action="awards.prizes.decided", target=edition,
        data={"votes": summary, "rule": edition.vote_tie_rule,
              "prizes": [[p.category.code, p.kind, p.entry_id, p.tie_note] for p in prizes]},
    )
    return prizes
