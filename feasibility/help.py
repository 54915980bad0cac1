"""The feasibility app's offers to the gap-to-help router (wego.router): F/S calls a city may still
write to on the gap's topics.

Registered in FeasibilityConfig.ready() as `help_offers.register("feasibility.help.offers", ...)`.
An offer is an open or announced call (published, not yet closed) whose topics — or its theme's,
for a call without topics of its own — match the gap; calls the city already wrote a letter for are
left out, and so is every call for a city that may not apply (only active members do). An official of
the city gets, for an open call, a link to the letter-of-intent page with the gap as a signed draft
(`?gap=`), which the page uses to pre-fill the letter; the focal point edits and submits it as usual.
An announced call (opening later) is offered with its dates and no link yet: letters cannot be saved
before it opens.

Three queries whatever the number of calls (the calls, their topics, their themes' topics), and one
more for the looking user's affiliations when they were not read yet in the request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from wego.router import Gap, Offer, OfferAction, matched_topics

from .models import Call
from .permissions import can_write_letter_for, member_may_apply
from .selectors import call_list_for_topics

# Open calls are offered before announced ones when they match the gap's topics equally.
WEIGHT_OPEN = 2.0
WEIGHT_ANNOUNCED = 1.0
# Words a gap's reason may start with that read on in lower case after "where" ("where your …").
_LOWER_FIRST = {"Your", "Its", "Their", "Our", "The", "This"}


def _reason_clause(reason: str) -> str:
    """The gap's reason, to follow "where": "Your Resource Capacity is …" → "your Resource Capacity is …"."""
    text = str(reason).strip().rstrip(".")
    first, _space, rest = text.partition(" ")
    return f"{first.lower()} {rest}".strip() if first in _LOWER_FIRST else text


def _reason(call: Call, gap: Gap, names: list[str]) -> str:
    topics = get_text_list(names, _("and"))
    where = _reason_clause(gap.reason)
    if call.topics.all():
        if where:
            return _("The call covers %(topics)s, where %(reason)s.") % {"topics": topics, "reason": where}
        return _("The call covers %(topics)s, the topic of your gap %(gap)s.") % {"topics": topics, "gap": gap.label}
    if where:
        return _("Its theme %(theme)s covers %(topics)s, where %(reason)s.") % {
            "theme": call.theme.name, "topics": topics, "reason": where}
    return _("Its theme %(theme)s covers %(topics)s, the topic of your gap %(gap)s.") % {
        "theme": call.theme.name, "topics": topics, "gap": gap.label}


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def offers(*, gap: Gap, member, user) -> list[Offer]:
    """The F/S calls offered for `gap` to `member` (see the module's docstring)."""
    if not gap.topics or member is None or not member_may_apply(member):
        return []
    now = timezone.now()
    may_write = bool(user is not None and can_write_letter_for(user, member))
    found: list[Offer] = []
    for call in call_list_for_topics(codes=gap.topics, member=member):
        by_code = {t.code: t for t in call.topic_list() if t.is_active}
        matched = matched_topics(gap, by_code)
        if not matched:
            continue  # the selector matched the same topics in SQL; this only guards a topic retired meanwhile
        names = [by_code[code].name for code in matched]
        is_open = call.opens_at <= now
        if is_open:
            detail = _("closes %(date)s") % {"date": _date(call.closes_at)}
        else:
            detail = _("opens %(opens)s, closes %(closes)s") % {
                "opens": _date(call.opens_at), "closes": _date(call.closes_at)}
        action = None
        if may_write and is_open:  # an announced call takes letters once it opens: its page says when
            start = reverse("feasibility:letter-start", args=[call.pk, member.pk])
            action = OfferAction(url=f"{start}?{urlencode({'gap': gap.signed()})}", label=_("Draft a letter of intent"),
                                 method="get")
        found.append(Offer(
            kind="call", title=call.title, url=call.get_absolute_url(), reason=_reason(call, gap, names),
            topics=matched, weight=WEIGHT_OPEN if is_open else WEIGHT_ANNOUNCED, detail=detail, action=action,
            key=f"feasibility.call:{call.pk}",
        ))
    return found
