"""The iCalendar (.ics) feeds of training sessions, written with the `icalendar` package."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//WeGO Portal//Training calendar//EN"


def sessions_calendar(sessions, *, name: str, base_url: str) -> bytes:
    """A VCALENDAR of all-day events, one per session (a cancelled session is STATUS:CANCELLED)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for session in sessions:
        event = Event()
        event.add("uid", f"training-session-{session.pk}@wego-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_on)
        event.add("dtend", session.ends_on + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        event.add("summary", session.title)
        event.add("location", str(session.place))
        url = f"{base_url}{session.get_absolute_url()}"
        event.add("url", url)
        description = [session.program.name]
        if session.description:
            description.append(session.description)
        description.append(url)
        event.add("description", "\n\n".join(description))
        event.add("categories", [str(session.program.get_kind_display())])
        event.add("status", "CANCELLED" if session.status == session.Status.CANCELLED else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response
