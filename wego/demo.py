"""Helpers of the apps' demo loaders (`manage.py seed_demo`): the data files, dates written as text,
aware times, and the demo password hashed once. They know no app: each app keeps its demo content as
JSON in `<app>/demo/*.json`, read by `<app>/demo.py`, a small loader that calls the app's services."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone


def demo_data(module_file: str, name: str) -> Any:
    """The content of `<app>/demo/<name>.json`, beside the app's demo.py (pass its `__file__`)."""
    path = Path(module_file).with_name("demo") / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


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
