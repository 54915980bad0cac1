"""The WeGO Awards' offers to the gap-to-help router (wego.router): award-winning practices on the
gap's topics.

Registered in AwardsConfig.ready() as `help_offers.register("awards.help.offers", ...)`. An offer is
a winning entry (Best or Outstanding e-Government Prize) of an edition whose results are published,
in a category whose topics match the gap; the city's own prizes are left out (it knows its own
practice). Each links to the entry's public page. Two queries whatever the number of prizes.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from wego.router import Gap, Offer, matched_topics

from .models import Prize
from .selectors import winner_list_for_topics

# A Best e-Government Prize ranks before an Outstanding one, a newer edition before an older one,
# when they match the gap's topics equally.
WEIGHT: dict[int, float] = {Prize.Kind.BEST: 2.0, Prize.Kind.OUTSTANDING: 1.0}
_LOWER_FIRST = {"Your", "Its", "Their", "Our", "The", "This"}


def _reason_clause(reason: str) -> str:
    """The gap's reason, to follow "where": "Your Resource Capacity is …" → "your Resource Capacity is …"."""
    text = str(reason).strip().rstrip(".")
    first, _space, rest = text.partition(" ")
    return f"{first.lower()} {rest}".strip() if first in _LOWER_FIRST else text


def _reason(prize: Prize, gap: Gap, names: list[str]) -> str:
    values = {
        "edition": str(prize.edition), "category": prize.category.name, "prize": prize.get_kind_display(),
        "topics": get_text_list(names, _("and")), "reason": _reason_clause(gap.reason), "gap": gap.label,
    }
    if values["reason"]:
        return _("Won the %(edition)s in %(category)s (%(prize)s): a practice in %(topics)s, "
                 "where %(reason)s.") % values
    return _("Won the %(edition)s in %(category)s (%(prize)s): a practice in %(topics)s, "
             "the topic of your gap %(gap)s.") % values


def offers(*, gap: Gap, member, user) -> list[Offer]:
    """The award-winning practices offered for `gap` (see the module's docstring)."""
    if not gap.topics:
        return []
    found: list[Offer] = []
    for prize in winner_list_for_topics(codes=gap.topics, exclude_member=member):
        by_code = {t.code: t for t in prize.category.topics.all()}
        matched = matched_topics(gap, by_code)
        if not matched:
            continue
        entry = prize.entry
        found.append(Offer(
            kind="practice", title=entry.title, url=reverse("awards:entry", args=[entry.pk]),
            reason=_reason(prize, gap, [by_code[code].name for code in matched]), topics=matched,
            weight=WEIGHT.get(prize.kind, 0.0) + prize.edition.year / 10_000,
            detail=f"{entry.organisation_name}, {entry.country.name}" if entry.country else entry.organisation_name,
            key=f"awards.prize:{prize.pk}",
        ))
    return found
