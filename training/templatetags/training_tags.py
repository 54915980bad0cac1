"""Template filters of the training pages."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def session_dates(obj) -> str:
    """'May 23, 2016 – May 27, 2016', or one date for a one-day session (a session or a certificate)."""
    start, end = obj.starts_on, obj.ends_on
    if start == end:
        return date_format(start, "DATE_FORMAT")
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
