"""Template filters shared by every app's pages: `{% load wego_tags %}`.

Figures that may be missing read "—" rather than "None"; numbers follow the active language's format.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wego.workflows import workflows

register = template.Library()

MISSING = "—"


@register.filter
def score(value, places: int = 1) -> str:
    """A score or mean with `places` decimals ('42.5'; `|score:2` → '3.67'), or '—' when there is none."""
    if value is None or value == "":
        return MISSING
    places = int(places)
    return number_format(round(float(value), places), places)


@register.filter
def money(value, places: int = 0) -> str:
    """An amount with the thousands separator and `places` decimals, or '—'."""
    if value is None or value == "":
        return MISSING
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return MISSING
    return number_format(round(value, int(places)), int(places), force_grouping=True)


@register.filter
def plus(value, offset):
    """start_year|plus:index → the calendar year; None stays None."""
    if value is None or offset is None or offset == "":
        return None
    return int(value) + int(offset)


@register.filter
def get_item(mapping, key):
    """mapping|get_item:key → mapping[key], or None (also for no mapping)."""
    return mapping.get(key) if mapping else None


@register.filter
def duration_text(value) -> str:
    """A delay such as '2 days 3 hours' or '45 minutes' (a timedelta, or microseconds from some databases)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.timedelta):
        value = dt.timedelta(microseconds=float(value))
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts) or _("less than a minute")


@register.simple_tag(takes_context=True)
def transitions(context, flow, obj):
    """`{% transitions flow obj as allowed %}`: the names of the transitions the signed-in user may take
    on `obj` now, from the workflow's table; a template shows a button when its name is in the set.
    `flow` is a Workflow (or its registered key)."""
    if isinstance(flow, str):
        flow = workflows.get(flow)
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None:
        return set()
    return flow.available_names(obj, user)
