"""The gap-to-help router: from a city's gap (a CeDS action item, a weak dimension) to the help the
network offers for it, ranked, each with its reason.

The CeDS app describes a gap as a `Gap` (the topics it is about, how large it is, in words and in
levels); every app that offers help registers a provider in `wego.registry.help_offers`:

    provider(*, gap: Gap, member, user) -> list[Offer]

(`member` is the city the gap belongs to, `user` who is looking: the provider leaves out what that
city may not take — a members-only session for a non-member, a call it already answered). The router
asks every provider, then ranks: the offers that match more of the gap's topics first, then by the
provider's own weight, then by kind. No app imports another for this; `wego` imports none of them.

Providers run a bounded number of queries for one gap, however many investigations or offers exist:
the pages pin it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.utils.translation import gettext_lazy as _

from .registry import help_offers

# The kinds of help, in the order a page shows them when their rank is equal.
KINDS: dict[str, Any] = {
    "module": _("Best-practice module"),
    "practice": _("Award-winning practice"),
    "session": _("Training session"),
    "call": _("Feasibility study call"),
    "egovframe": _("eGovFrame training or support"),
    "peer": _("Peer city"),
}
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}

# Signed pre-filled drafts (a letter of intent from a gap) travel in the offer's address.
DRAFT_SALT = "wego.router.draft"
DRAFT_MAX_AGE = 60 * 60 * 24 * 7  # a week: a bookmarked suggestion still opens


@dataclass(frozen=True)
class Gap:
    """A city's gap, as the CeDS app describes it to the providers (plain values only)."""

    member_id: int
    label: str                          # "Resource Capacity" or "D2.3 Staff with ICT training"
    topics: tuple[str, ...]             # topic codes, the most specific first
    reason: str                         # "your Resource Capacity is 1.8 levels below similar cities"
    levels_below: Decimal = Decimal(0)  # how far below the benchmark (0 if none is known)
    code: str = ""                      # the indicator, system or dimension code
    dimension: str = ""                 # the dimension's name
    score: Decimal | None = None        # the city's level on it
    benchmark: Decimal | None = None    # the level of similar cities
    in_systems: bool = False            # the gap is in the systems map (eGovFrame helps there)
    action_item_id: int | None = None
    investigation_id: int | None = None
    notes: str = ""                     # the city's own notes on the action item
    indicator_codes: tuple[str, ...] = ()  # the indicators the gap covers (peers are compared on them)

    def draft_text(self) -> str:
        """The gap in a paragraph, for a pre-filled letter or request the city then edits."""
        lines = [str(self.reason).rstrip(".") + "."]
        if self.score is not None and self.benchmark is not None:
            lines.append(
                str(_("Our level on %(label)s is %(score)s; similar cities are at %(benchmark)s."))
                % {"label": self.label, "score": self.score, "benchmark": self.benchmark}
            )
        if self.notes.strip():
            lines.append(str(_("Our own notes: %(notes)s")) % {"notes": self.notes.strip()})
        return " ".join(lines)

    def signed(self) -> str:
        """The gap's draft, signed, for an offer's address (`draft_read` turns it back)."""
        return signing.dumps(
            {"label": self.label, "text": self.draft_text(), "code": self.code, "member": self.member_id,
             "item": self.action_item_id, "dimension": self.dimension},
            salt=DRAFT_SALT, compress=True,
        )


def draft_read(token: str, *, member_id: int | None = None) -> dict | None:
    """A signed gap draft, or None if it is spoilt, too old or for another city."""
    try:
        data = signing.loads(token or "", salt=DRAFT_SALT, max_age=DRAFT_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or (member_id is not None and data.get("member") != member_id):
        return None
    return data


@dataclass(frozen=True)
class OfferAction:
    """What the city can do with an offer at once: a button (POST to `url` with `fields`) or a link."""

    url: str
    label: str
    method: str = "post"
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Offer:
    kind: str                    # one of KINDS
    title: str
    url: str                     # where to read about it
    reason: str                  # why it is offered, in plain words
    topics: tuple[str, ...] = ()  # the gap's topics it matches
    weight: float = 0.0          # the provider's own ranking within equal topic matches
    detail: str = ""             # "12 seats left", "closes 30 June"
    action: OfferAction | None = None
    key: str = ""                # a stable identity ("training.session:12"), for recording help taken

    @property
    def kind_label(self) -> Any:
        return KINDS.get(self.kind, self.kind)

    def sort_key(self, gap: Gap) -> tuple:
        matched = len(set(self.topics) & set(gap.topics))
        # The gap's first topic is its most specific: matching it counts for a little more.
        first = 1 if gap.topics and gap.topics[0] in self.topics else 0
        return (-matched, -first, -self.weight, KIND_ORDER.get(self.kind, 99), str(self.title))


def offers_for(gap: Gap, *, member: Any, user: Any, limit: int | None = None) -> list[Offer]:
    """Every provider's offers for `gap`, ranked (see the module's docstring)."""
    offers: list[Offer] = []
    seen: set[str] = set()
    for entry in help_offers:
        for offer in entry(gap=gap, member=member, user=user) or []:
            identity = offer.key or f"{offer.kind}:{offer.url}"
            if identity in seen:
                continue
            seen.add(identity)
            offers.append(offer)
    offers.sort(key=lambda o: o.sort_key(gap))
    return offers[:limit] if limit else offers


def grouped(offers: list[Offer]) -> list[tuple[Any, list[Offer]]]:
    """The ranked offers grouped by kind, the groups in the order of their best offer."""
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        groups.setdefault(offer.kind, []).append(offer)
    return [(KINDS.get(kind, kind), items) for kind, items in groups.items()]


def matched_topics(gap: Gap, topics: Any) -> tuple[str, ...]:
    """The gap's topic codes among `topics` (codes, in the gap's order)."""
    have = set(topics)
    return tuple(code for code in gap.topics if code in have)


def replace(offer: Offer, **changes: Any) -> Offer:
    return dataclasses.replace(offer, **changes)
