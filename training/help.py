"""Training's help for a city's gap (issue 14, point 2), for the gap-to-help router (wego.router).

Registered in apps.py as the "training" provider of `wego.registry.help_offers`:

- kind "session": upcoming sessions open for applications (published, the deadline not passed, a seat
  left) whose topics — their own, else their program's — include the gap's; a session the city's
  officials may not apply to (members only, reserved for another city) is left out, by the same rule the
  apply flow uses (`services.member_eligibility_error`). An official of the city gets a one-click
  "Apply" (or, where the program asks to confirm prerequisites, a link to the application form).
- kind "egovframe": where the gap is in the city's systems or about interoperability, the eGovFrame
  programs with sessions open to the city, remote support for alumni or trainings on request; the
  city's focal point gets a link to request a training, an alumnus one to ask the eGovFrame team.

A constant number of queries for one gap, however many sessions match (tests/training/test_help.py).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.permissions import is_affiliated, is_focal_point
from wego.router import Gap, Offer, OfferAction, matched_topics

from . import selectors, services
from .models import Program, Session

EGOVFRAME_TOPIC = "interoperability"
HORIZON_DAYS = 30  # the weight halves for a session a month further away


def offers(*, gap: Gap, member, user) -> list[Offer]:
    """What training offers for `gap` of `member`, as seen by `user` (see the module's docstring)."""
    now = timezone.now()
    found = _session_offers(gap=gap, member=member, user=user, now=now)
    if gap.in_systems or EGOVFRAME_TOPIC in gap.topics:
        found.extend(_egovframe_offers(gap=gap, member=member, user=user, now=now))
    return found


# --- Sessions --------------------------------------------------------------------------------------------


def _session_offers(*, gap: Gap, member, user, now: dt.datetime) -> list[Offer]:
    if not gap.topics:
        return []
    sessions = [
        s for s in selectors.session_list_for_topics(codes=gap.topics, now=now)
        if services.member_eligibility_error(session=s, member=member) is None
    ]
    if not sessions:
        return []
    may_apply = member is not None and is_affiliated(user, member)
    applied = selectors.application_map_for_user(user=user, sessions=sessions) if may_apply else {}
    draft = gap.signed() if may_apply else ""
    today = timezone.localdate(now)
    found = []
    for session in sessions:
        taught = session.taught_topics()
        matched = matched_topics(gap, [t.code for t in taught])
        if not matched:
            continue
        application = applied.get(session.pk)
        detail = _seats_and_deadline(session)
        if application is not None:
            detail = _("%(detail)s · you have applied: %(status)s") % {
                "detail": detail, "status": application.get_status_display().lower(),
            }
        found.append(Offer(
            kind="session",
            title=session.title,
            url=session.get_absolute_url(),
            reason=_reason(_("Teaches %(topics)s"), gap=gap, topics=_names(taught, matched)),
            topics=matched,
            weight=_soon(session.starts_on, today),
            detail=detail,
            action=_apply_action(session, member=member, draft=draft) if may_apply and application is None else None,
            key=f"training.session:{session.pk}",
        ))
    return found


def _seats_and_deadline(session: Session) -> str:
    left = session.seats_left_db  # type: ignore[attr-defined]  # annotated by the selector
    deadline = formats.date_format(timezone.localtime(session.application_deadline), "DATE_FORMAT")
    seats = ngettext("%(n)s seat left", "%(n)s seats left", left) % {"n": left}
    return _("%(seats)s · apply by %(date)s") % {"seats": seats, "date": deadline}


def _apply_action(session: Session, *, member, draft: str) -> OfferAction:
    """One click for the official (the application names the gap as its motivation), or the form where
    the program asks to confirm its prerequisites."""
    if session.program.prerequisites:
        return OfferAction(url=reverse("training:apply", args=[session.pk]), label=_("Apply"), method="get")
    return OfferAction(url=reverse("training:apply-now", args=[session.pk]), label=_("Apply"),
                       fields={"member": str(member.pk), "gap": draft})


# --- eGovFrame -------------------------------------------------------------------------------------------


def _egovframe_offers(*, gap: Gap, member, user, now: dt.datetime) -> list[Offer]:
    programs = [
        p for p in selectors.egovframe_program_list(member=member, now=now)
        if (p.open_sessions or p.offers_remote_support or p.accepts_city_requests)  # type: ignore[attr-defined]
        and services.program_eligibility_error(program=p, member=member) is None
    ]
    if not programs:
        return []
    focal = member is not None and is_focal_point(user, member)
    alumni_of: set[int] | None = None
    today = timezone.localdate(now)
    found = []
    for program in programs:
        taught = program.active_topics()
        matched = matched_topics(gap, [t.code for t in taught])
        if matched:
            reason = _reason(_("Teaches %(topics)s on the eGovFrame, an open-source standard framework for "
                               "e-government systems"), gap=gap, topics=_names(taught, matched))
        else:
            reason = _reason(_("Builds e-government systems on the eGovFrame, an open-source standard framework"),
                             gap=gap, topics="")
        action = None
        if program.accepts_city_requests and focal:
            query = urlencode({"program": program.slug, "member": member.pk, "gap": gap.signed()})
            action = OfferAction(
                url=f"{reverse('training:requests')}?{query}",
                label=_("Request a training for your city"), method="get",
            )
        elif program.offers_remote_support and getattr(user, "is_authenticated", False):
            if alumni_of is None:  # one query, for the first program that needs it
                alumni_of = {s.program_id for s in services.support_sessions_for(user=user)}
            if program.pk in alumni_of:
                action = OfferAction(url=reverse("training:support-new"), label=_("Ask the eGovFrame team"),
                                     method="get")
        next_on = program.next_starts_on  # type: ignore[attr-defined]
        found.append(Offer(
            kind="egovframe",
            title=program.name,
            url=program.get_absolute_url(),
            reason=reason,
            topics=matched,
            weight=_soon(next_on, today) if next_on else 0.0,
            detail=_egovframe_detail(program),
            action=action,
            key=f"training.egovframe:{program.pk}",
        ))
    return found


def _egovframe_detail(program: Program) -> str:
    parts = []
    count, next_on = program.open_sessions, program.next_starts_on  # type: ignore[attr-defined]
    if count:
        parts.append(ngettext("%(n)s session open for applications, the next from %(date)s",
                              "%(n)s sessions open for applications, the next from %(date)s", count)
                     % {"n": count, "date": formats.date_format(next_on, "DATE_FORMAT")})
    if program.accepts_city_requests:
        parts.append(_("cities may request a training at home"))
    if program.offers_remote_support:
        parts.append(_("remote technical support for alumni"))
    return " · ".join(parts)


# --- Words -----------------------------------------------------------------------------------------------


def _names(taught, matched: tuple[str, ...]) -> str:
    """The names of the matched topics, in the gap's order."""
    by_code = {t.code: t.name for t in taught}
    return "; ".join(by_code[code] for code in matched)


def _reason(what: str, *, gap: Gap, topics: str) -> str:
    """`what` (with the topics' names), then where the gap is: "Teaches ICT workforce and skills, where
    your Resource Capacity is 1.8 levels below similar cities"."""
    head = what % {"topics": topics}
    where = _clause(gap.reason) or gap.label
    if not where:
        return head + "."
    return _("%(what)s, where %(gap)s.") % {"what": head, "gap": where}


def _clause(text: str) -> str:
    """A gap's reason inside a sentence: without its full stop, "Your …" as "your …"."""
    text = str(text or "").strip().rstrip(".")
    first, _sep, rest = text.partition(" ")
    if first in {"Your", "Our", "The"} and rest:
        return f"{first.lower()} {rest}"
    return text


def _soon(day: dt.date, today: dt.date) -> float:
    """Sooner is better: 1 for today, ½ a month later, ⅓ two months later …"""
    return round(1 / (1 + max(0, (day - today).days) / HORIZON_DAYS), 4)
