"""Helpers of the apps' demo loaders (`manage.py seed_demo`): the data files, dates written as text,
aware times, and the demo password hashed once. They know no app: each app keeps its demo content as
JSON in `<app>/demo/*.json`, read by `<app>/demo.py`, a small loader that calls the app's services."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from .models import Topic
from .topics import topic_save

TOPICS_FILE = Path(__file__).with_name("data") / "topics.json"

DEMO_DOMAIN = "example.org"
SECRETARIAT_EMAIL = f"secretariat@{DEMO_DOMAIN}"


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


def demo_user(email: str, name: str, *, is_staff: bool = False, group: str | None = None, **extra) -> tuple[Any, bool]:
    """A verified demo account with the demo password (created once); True when it was created."""
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(email=email, name=name, is_staff=is_staff, password=demo_password_hash(), **extra)
    user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user, True


def totp_secret(user) -> str:
    """The secret of the account's TOTP authenticator (to print with the demo accounts), or ""."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(existing.data.get("secret", "")) if existing else ""


def staff_mfa(user) -> str:
    """Give a demo staff account a TOTP authenticator so the admin is reachable; return its secret."""
    if secret := totp_secret(user):
        return secret
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def seed_topics(*, stdout) -> str:
    """The portal's topic vocabulary (wego/data/topics.json, also loaded by migration wego 0003); topics
    already there are left as they are, so this only restores a topic deleted since."""
    have = set(Topic.objects.values_list("code", flat=True))
    created = 0
    for order, row in enumerate(json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"], start=1):
        if row["code"] in have:
            continue
        topic_save(by=None, code=row["code"], name=row["name"], description=row.get("description", ""), order=order * 10)
        created += 1
    return f"{created} topics"
