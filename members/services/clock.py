"""The services' clock.

The package re-exports `timezone_now` and `timezone_today`, and every service reads the time through the
package (`clock.now()`, `clock.today()`), so that a test that moves `members.services.timezone_now`
(``monkeypatch.setattr(services, "timezone_now", ...)``) moves the time of all the app's services.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

# The package, read at call time only: it is still loading (this module is among its first imports).
from members import services as package

__all__ = ["timezone_now", "timezone_today"]


def timezone_now() -> datetime:
    return timezone.now()


def timezone_today() -> date:
    """Today in the portal's time zone (Seoul), the day the callers pass as `decided_on`."""
    return timezone.localdate()


def now() -> datetime:
    """`members.services.timezone_now()`: the time the services record."""
    return package.timezone_now()


def today() -> date:
    """`members.services.timezone_today()`."""
    return package.timezone_today()
