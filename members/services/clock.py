"""The services' clock.

Every service reads the time here (`clock.now()`, `clock.today()`), so that a test that moves
`members.services.clock.timezone_now` (``monkeypatch.setattr(services.clock, "timezone_now", ...)``)
moves the time of all the app's services.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

__all__ = ["timezone_now", "timezone_today"]


def timezone_now() -> datetime:
    return timezone.now()


def timezone_today() -> date:
    """Today in the portal's time zone (Seoul), the day the callers pass as `decided_on`."""
    return timezone.localdate()


def now() -> datetime:
    """`timezone_now()`, read when called: the time the services record."""
    return timezone_now()


def today() -> date:
    """`timezone_today()`, read when called."""
    return timezone_today()
