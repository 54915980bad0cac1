"""Calls for Letters of Intent: draft → published → decided, their documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import (
    Call,
    CallDocument,
    Theme,
    ThemeSurvey,
)
from ..models.calls import max_cities_per_call
from ..workflows import CALL

__all__ = [
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
) -> Call:
    """Prepare a call (a draft). Taken from a survey, its theme must be the survey's chosen theme."""
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
    call = Call.objects.create(
        year=year, title=title, theme=theme, description=description, opens_at=opens_at, closes_at=closes_at,
        cities_to_select=cities_to_select, survey=survey, created_by=by,
    )
    audit_record(actor=by, action="feasibility.call.created", target=call)
    return call


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def call_update(*, call: Call, by, **fields) -> Call:
    """Change a call's text, dates or number of cities. Dates cannot change once letters are frozen."""
    call = _lock_call(call)
    if call.status == Call.Status.DECIDED:
        raise ValidationError(_("A decided call can no longer be changed."))
    allowed = {"title", "description", "opens_at", "closes_at", "cities_to_select"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    if call.status == Call.Status.PUBLISHED and call.is_closed() and ({"opens_at", "closes_at"} & set(fields)):
        raise ValidationError(_("The call has closed; its dates can no longer change."))
    merged = {"opens_at": call.opens_at, "closes_at": call.closes_at, "cities_to_select": call.cities_to_select, **fields}
    _check_call_fields(opens_at=merged["opens_at"], closes_at=merged["closes_at"], cities_to_select=merged["cities_to_select"])
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    audit_record(actor=by, action="feasibility.call.updated", target=call, data={"fields": sorted(fields)})
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
