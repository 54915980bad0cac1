"""Helpers of the apps' demo loaders (`manage.py seed_demo`): dates written as text, aware times, and
the demo password hashed once. They know no app; each app's demo.py keeps its own data."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone


def iso_date(value: str | None) -> dt.date | None:
    """'2016-05-23' → a date; '' or None → None (a demo row that leaves the date out)."""
    return dt.date.fromisoformat(value) if value else None


def aware(value: dt.date | str, hour: int = 0, *, seconds: int = 0) -> dt.datetime:
    """An aware time in the portal's time zone: '2016-05-23T10:30' as written, or a day at `hour`
    o'clock (plus `seconds`, to spread a burst of events over the day)."""
    if isinstance(value, str):
        return timezone.make_aware(dt.datetime.fromisoformat(value))
    return timezone.make_aware(dt.datetime.combine(value, dt.time(hour, 0)) + dt.timedelta(seconds=seconds))


@functools.cache
def demo_password_hash() -> str:
    """The demo password, hashed once: hashing it for each of 130 accounts would take half a minute."""
    return make_password(settings.DEMO_PASSWORD)
