"""Editions of the WeGO Awards: their categories and criteria, and the phase transitions (by the Secretariat or by date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record
from wego.models import Topic
from wego.topics import topic_codes_check

from .. import scoring
from ..audit import AuditAction
from ..models import (
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    Category,
    Criterion,
    Edition,
)
from ..workflows import EDITION

__all__ = [
    "S",
    "EDITION_FIELDS",
    "edition_create",
    "edition_update",
    "edition_set_ranking_method",
    "topics_resolve",
    "category_add",
    "category_remove",
    "category_update",
    "criterion_add",
    "criterion_update",
    "criterion_remove",
    "TRANSITION_ACTIONS",
    "edition_transition",
    "edition_advance_by_date",
]

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
    inherited: dict[str, list[str]] = {}
    if with_defaults:
        Category.objects.bulk_create(
            Category(edition=edition, code=code, name=str(name), description=str(text), order=i)
            for i, (code, name, text) in enumerate(DEFAULT_CATEGORIES, start=1)
        )
        Criterion.objects.bulk_create(
            Criterion(edition=edition, name=str(name), description=str(text), order=i)
            for i, (name, text) in enumerate(DEFAULT_CRITERIA, start=1)
        )
        inherited = _inherit_topics(edition, list(edition.categories.all()))
    data: dict = {"year": year}
    if inherited:
        data["topics"] = inherited
    audit_record(actor=by, action="awards.edition.created", target=edition, data=data)
    return edition


def _inherit_topics(edition: Edition, categories: list[Category]) -> dict[str, list[str]]:
    """A new edition's default categories take the topics of the same category (by code) of the
    latest earlier edition; {code: [topic codes]} of those that took some."""
    previous = (
        Category.objects.filter(edition__year__lt=edition.year, code__in=[c.code for c in categories])
        .order_by("code", "-edition__year").prefetch_related("topics")
    )
    latest: dict[str, list[Topic]] = {}
    for row in previous:
        latest.setdefault(row.code, list(row.topics.all()))
    inherited = {}
    for category in categories:
        topics = latest.get(category.code)
        if topics:
            category.topics.set(topics)
            inherited[category.code] = [t.code for t in topics]
    return inherited


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


def topics_resolve(topics: Iterable[str | Topic] | None) -> list[Topic]:
    """Topic codes or Topic objects as Topic objects, in the vocabulary's order; an unknown code is
    refused with a message naming it (wego.topics.topic_codes_check)."""
    codes = topic_codes_check(t.code if isinstance(t, Topic) else str(t).strip() for t in (topics or ()))
    return list(Topic.objects.filter(code__in=codes)) if codes else []


@transaction.atomic
def category_add(
    *, edition: Edition, code: str, name: str, by, description: str = "", order: int | None = None,
    topics: Iterable[str | Topic] = (),
) -> Category:
    """Add a category, last unless `order` is given, with its topics (codes or Topic objects).
    Categories are fixed once judging opens."""
    edition = _lock_edition(edition)
    _refuse_after_judging_opened(edition, _("The categories"))
    chosen = topics_resolve(topics)
    if not order:
        order = (edition.categories.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    category = Category(edition=edition, code=code, name=name, description=description, order=order)
    category.full_clean()
    category.save()
    category.topics.set(chosen)
    audit_record(actor=by, action="awards.category.added", target=category,
                 data={"edition": edition.year, "topics": [t.code for t in chosen]})
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
def category_update(
    *, category: Category, by, data: dict | None = None, topics: Iterable[str | Topic] | None = None
) -> Category:
    """Change a category's code, name, description or order (fixed once judging opens), or its topics
    (`topics`: codes or Topic objects; None leaves them). The topics may change in any phase, even
    after the results: they say what the category's practices help with, for the gap-to-help router."""
    edition = _lock_edition(category.edition)
    data = data or {}
    if data or topics is None:
        _refuse_after_judging_opened(edition, _("The categories"))
    changed = _apply(category, data, ("code", "name", "description", "order"))
    if changed:
        category.full_clean()
        category.save()
    if topics is not None:
        chosen = topics_resolve(topics)
        before = [t.code for t in category.topics.all()]
        if set(before) != {t.code for t in chosen}:
            category.topics.set(chosen)
            changed["topics"] = [before, [t.code for t in chosen]]
    if changed:
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


# --- Phase transitions (declared in awards.workflows.EDITION) ---------------------------------------

# The audit action each transition records.
TRANSITION_ACTIONS: dict[str, AuditAction] = {
    "open_applications": AuditAction.EDITION_OPEN_APPLICATIONS,
    "close_applications": AuditAction.EDITION_CLOSE_APPLICATIONS,
    "open_judging": AuditAction.EDITION_OPEN_JUDGING,
    "close_judging": AuditAction.EDITION_CLOSE_JUDGING,
    "open_voting": AuditAction.EDITION_OPEN_VOTING,
    "close_voting": AuditAction.EDITION_CLOSE_VOTING,
    "announce": AuditAction.EDITION_ANNOUNCE,
}


@transaction.atomic
def edition_transition(*, edition: Edition, transition: str, by=None, today: dt.date | None = None) -> Edition:
    """Move an edition to its next phase by a named transition (by the Secretariat, or by date when by=None).

    The table (awards.workflows.EDITION) refuses a step from another phase or with a condition unmet,
    saying what to do first. Opening a phase by hand after its closing date is refused (it would open and
    be closed at once); the daily task catching up on dates (by=None) may pass through such a phase.
    """
    if transition not in {step.name for step in EDITION}:
        raise ValidationError(_("Unknown phase change."))
    today = _today(today)
    edition = _lock_edition(edition)
    source = edition.status
    target = EDITION.check(edition, transition, today=today, by_date=by is None).targets[0]
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
        action=TRANSITION_ACTIONS[transition],
        target=edition,
        data={"from": source, "to": target, "by_date": by is None, "ranking_method": edition.ranking_method},
    )
    return edition


# When each transition's date has come (the edition's phase says which transition is next).
_DUE_BY_DATE = {
    "open_applications": lambda e, today: e.application_start <= today <= e.application_end,
    "close_applications": lambda e, today: today > e.application_end,
    "open_judging": lambda e, today: today >= e.judging_start,
    "close_judging": lambda e, today: today > e.judging_end,
    "open_voting": lambda e, today: today >= e.voting_start,
    "close_voting": lambda e, today: today > e.voting_end,
    "announce": lambda e, today: today >= e.announcement_on,
}


def _due_by_date(edition: Edition, today: dt.date) -> str | None:
    """The transition from the edition's phase whose date has come, if any."""
    for step in EDITION:
        if edition.status in step.sources and _DUE_BY_DATE[step.name](edition, today):
            return step.name
    return None


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
