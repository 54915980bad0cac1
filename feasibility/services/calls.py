"""Calls for Letters of Intent: draft → published → decided, their documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record
from wego.models import Topic

from ..models import (
    Call,
    CallDocument,
    Theme,
    ThemeSurvey,
)
from ..models.calls import max_cities_per_call
from ..workflows import CALL
from .themes import topic_codes, topics_resolve

__all__ = [
    "CALL_EDITABLE",
    "call_create",
    "call_update",
    "call_publish",
    "call_document_add",
    "call_decide",
]


def _check_call_fields(*, opens_at, closes_at, cities_to_select: int) -> None:
    errors = {}
    if closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    limit = max_cities_per_call()
    if not 1 <= cities_to_select <= limit:
        errors["cities_to_select"] = _("A call selects between 1 and %(limit)d cities.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    year: int,
    title: str,
    theme: Theme,
    description: str,
    opens_at,
    closes_at,
    by,
    cities_to_select: int = 1,
    survey: ThemeSurvey | None = None,
    topics: Iterable[str | Topic] = (),
) -> Call:
    """Prepare a call (a draft). Taken from a survey, its theme must be the survey's chosen theme.

    `topics` (codes or Topic objects) are what the call helps with; without any, its theme's count."""
    _check_call_fields(opens_at=opens_at, closes_at=closes_at, cities_to_select=cities_to_select)
    if survey is not None:
        if survey.status != ThemeSurvey.Status.DECIDED:
            raise ValidationError(_("The survey has not chosen its theme yet."))
        if survey.chosen_theme_id != theme.pk:
            raise ValidationError(
                _("The survey chose “%(chosen)s”; the call must take up that theme.") % {"chosen": survey.chosen_theme}
            )
    if Call.objects.filter(year=year, title=title).exists():
        raise ValidationError(_("A call with this title already exists for %(year)s.") % {"year": year})
    chosen = topics_resolve(topics)
    call = Call.objects.create(
        year=year, title=title, theme=theme, description=description, opens_at=opens_at, closes_at=closes_at,
        cities_to_select=cities_to_select, survey=survey, created_by=by,
    )
    call.topics.set(chosen)
    audit_record(actor=by, action="feasibility.call.created", target=call, data={"topics": topic_codes(chosen)})
    return call


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


CALL_EDITABLE = ("title", "description", "opens_at", "closes_at", "cities_to_select")


@transaction.atomic
def call_update(*, call: Call, by, topics: Iterable[str | Topic] | None = None, **fields) -> Call:
    """Change a call's text, dates or number of cities. Dates cannot change once letters are frozen.

    `topics` (codes or Topic objects; None leaves them) may change at any time, even once the call is
    decided: they say what the call helped with, for the router and the record."""
    call = _lock_call(call)
    unknown = set(fields) - set(CALL_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    if fields and call.status == Call.Status.DECIDED:
        raise ValidationError(_("A decided call can no longer be changed."))
    if call.status == Call.Status.PUBLISHED and call.is_closed() and ({"opens_at", "closes_at"} & set(fields)):
        raise ValidationError(_("The call has closed; its dates can no longer change."))
    data: dict = {}
    if fields:
        merged = {"opens_at": call.opens_at, "closes_at": call.closes_at, "cities_to_select": call.cities_to_select,
                  **fields}
        _check_call_fields(opens_at=merged["opens_at"], closes_at=merged["closes_at"],
                           cities_to_select=merged["cities_to_select"])
    changed = sorted(fields)
    if topics is not None:
        chosen = topics_resolve(topics)
        before = topic_codes(call.topics.all())
        if set(before) != {t.code for t in chosen}:
            call.topics.set(chosen)
            changed = sorted([*changed, "topics"])
            data["topics"] = {"from": before, "to": topic_codes(chosen)}
    if not changed:
        return call
    if fields:
        for name, value in fields.items():
            setattr(call, name, value)
        call.save()
    audit_record(actor=by, action="feasibility.call.updated", target=call, data={"fields": changed, **data})
    return call


@transaction.atomic
def call_publish(*, call: Call, by) -> Call:
    """Publish a draft call: it shows on the public list and opens for letters at `opens_at`."""
    call = _lock_call(call)
    CALL.check(call, "publish")  # a draft whose closing date is still to come
    call.status = Call.Status.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="feasibility.call.published", target=call)
    return call


@transaction.atomic
def call_document_add(*, call: Call, title: str, file, by) -> CallDocument:
    """Attach a document (PDF) to a call."""
    document = CallDocument(call=call, title=title, file=file)
    document.full_clean()
    document.save()
    audit_record(actor=by, action="feasibility.call_document.added", target=call, data={"title": title})
    return document


@transaction.atomic
def call_decide(*, call: Call, by) -> Call:
    """Close the selection: every submitted letter must be selected or rejected first."""
    call = _lock_call(call)
    CALL.check(call, "decide")  # closed for letters, each decided, at least one city selected
    call.status = Call.Status.DECIDED
    call.decided_at = timezone.now()
    call.save(update_fields=["status", "decided_at"])
    audit_record(actor=by, action="feasibility.call.decided", target=call)
    return call
