"""Template filters of the training pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


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


@register.filter
def session_dates(obj) -> str:
    """'May 23, 2016 – May 27, 2016', or one date for a one-day session (a session or a certificate)."""
    from django.utils.formats import date_format

    start, end = obj.starts_on, obj.ends_on
    if start == end:
        return date_format(start, "DATE_FORMAT")
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
