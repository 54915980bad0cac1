"""The CeDS side of the gap-to-help router (wego.router): a city's gaps described as `Gap`s, and the
help the CeDS itself offers for them — best-practice modules (award-winning ones among them) and peer
cities that closed the same gap and share their results.

Gaps come from an action item (an indicator or a system) or from a weak dimension of a report. The
reason compares the city with similar cities (the same size class; the whole network when fewer than
five similar cities reported), in levels of the 0–4 maturity scale (0–3 for systems).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Member
from wego.router import Gap, Offer, OfferAction, matched_topics

from . import scoring
from .models import (
    ActionItem,
    CedsProfile,
    Dimension,
    Indicator,
    Investigation,
    MaturityAnswer,
    Module,
    Score,
    SystemAnswer,
    SystemItem,
)
from .selectors import MIN_GROUP, comparison_averages

TWO = Decimal("0.1")


def _one_decimal(value) -> Decimal:
    return Decimal(value).quantize(TWO)


def _topic_codes(*querysets) -> tuple[str, ...]:
    """Topic codes of several rows' prefetched topics, in the vocabulary's order, each once."""
    topics = [t for rows in querysets for row in rows for t in row.topics.all() if t.is_active]
    ordered = sorted(dict.fromkeys(topics), key=lambda t: (t.order, t.name))
    return tuple(dict.fromkeys(t.code for t in ordered))


def _benchmark_investigations(*, version_id: int, member: Member):
    """Latest investigations of the latest reported year, of cities like this one: (ids, n, scope).

    Scope "size" when at least MIN_GROUP cities of the member's size class reported, else "all"."""
    latest = Score.objects.filter(version_id=version_id, is_latest=True, kind=Score.Kind.OVERALL).exclude(member=member)
    rows = list(latest.order_by("-year").values("year", "investigation_id", "size_class")[:2000])
    if not rows:
        return [], 0, "all"
    year = rows[0]["year"]
    rows = [r for r in rows if r["year"] == year]
    size = scoring.size_class(member.population)
    similar = [r["investigation_id"] for r in rows if r["size_class"] == size]
    if len(similar) >= MIN_GROUP:
        return similar, len(similar), "size"
    everyone = [r["investigation_id"] for r in rows]
    return everyone, len(everyone), "all"


def _compared(levels_below: Decimal, n: int, scope: str, label: str) -> str:
    who = (ngettext("similar cities (same size, %(n)d city)", "similar cities (same size, %(n)d cities)", n)
           if scope == "size" else ngettext("the network's cities (%(n)d city)", "the network's cities (%(n)d cities)", n)) % {"n": n}
    if levels_below > 0:
        return _("Your %(label)s is %(levels)s levels below %(who)s") % {"label": label, "levels": levels_below, "who": who}
    return _("Your %(label)s is not below %(who)s, but it is one of your largest gaps") % {"label": label, "who": who}


# --- gaps -------------------------------------------------------------------------------------------


def gap_for_action_item(item: ActionItem) -> Gap:
    """The action item's gap: its indicator (or system), the topics of it and of its dimension (or
    group), the city's level against similar cities, and the city's own notes. Four queries."""
    investigation = item.investigation
    member = item.member
    indicator = (
        Indicator.objects.filter(version_id=investigation.version_id, code=item.code)
        .select_related("dimension").prefetch_related("topics", "dimension__topics").first()
    )
    ids, _n, scope = _benchmark_investigations(version_id=investigation.version_id, member=member)
    if indicator is not None:
        answers = MaturityAnswer.objects.filter(indicator=indicator, investigation_id__in=ids)
        topics = _topic_codes([indicator], [indicator.dimension])
        label, dimension, in_systems = f"{indicator.code}", indicator.dimension.name, False
        codes: tuple[str, ...] = (indicator.code,)
        bench = answers.aggregate(avg=Avg("level"), n=Count("id"))
    else:
        system = (
            SystemItem.objects.filter(version_id=investigation.version_id, code=item.code)
            .select_related("group").prefetch_related("group__topics").first()
        )
        topics = _topic_codes([system.group]) if system else ()
        label = item.code
        dimension = system.group.name if system else ""
        in_systems = True
        codes = (item.code,)
        bench = SystemAnswer.objects.filter(item=system, investigation_id__in=ids).aggregate(avg=Avg("value"), n=Count("id"))
    benchmark = _one_decimal(bench["avg"]) if bench["avg"] is not None and bench["n"] >= MIN_GROUP else None
    score = Decimal(item.baseline)
    levels_below = max(Decimal(0), benchmark - score) if benchmark is not None else Decimal(0)
    name = _("level on %(code)s (%(title)s)") % {"code": item.code, "title": item.title}
    if benchmark is not None:
        reason = _compared(levels_below, bench["n"], scope, name)
    else:
        reason = _("Your %(label)s is %(level)s of %(max)s") % {"label": name, "level": item.baseline, "max": item.scale_max}
    return Gap(
        member_id=member.pk, label=f"{label} {item.title}", topics=topics, reason=reason, levels_below=levels_below,
        code=item.code, dimension=dimension, score=score, benchmark=benchmark, in_systems=in_systems,
        action_item_id=item.pk, investigation_id=investigation.pk, notes=item.note, indicator_codes=codes,
    )


def weak_dimensions(*, investigation: Investigation, limit: int = 3) -> list[Gap]:
    """The investigation's dimensions furthest below similar cities (or its lowest, where no comparison
    is published), as gaps. Four queries however many dimensions."""
    member = investigation.member
    own = {
        s.code: s.score
        for s in Score.objects.filter(investigation=investigation, kind=Score.Kind.DIMENSION)
    }
    if not own:
        return []
    averages = comparison_averages(
        version_id=investigation.version_id, year=investigation.year,
        region=member.region or "", size=scoring.size_class(member.population),
    )
    dimensions = {d.code: d for d in Dimension.objects.filter(version_id=investigation.version_id).prefetch_related(
        "topics", "indicators__topics")}
    levels = dict(
        MaturityAnswer.objects.filter(investigation=investigation).values_list("indicator__code", "level")
    )
    rows = []
    for code, score in own.items():
        entry = averages.get((Score.Kind.DIMENSION, code), {})
        bench, scope, n = entry.get("size"), "size", entry.get("size_n", 0)
        if bench is None:
            bench, scope, n = entry.get("member"), "all", entry.get("member_n", 0)
        # Scores are percentages of the top level: the difference in levels of the 0–4 scale.
        below = _one_decimal((bench - score) * scoring.MATURITY_MAX / 100) if bench is not None else None
        rows.append((code, score, bench, below, scope, n))
    rows.sort(key=lambda r: (-(r[3] if r[3] is not None else Decimal(-99)), r[1]))
    gaps = []
    for code, score, bench, below, scope, n in rows[:limit]:
        dimension = dimensions.get(code)
        if dimension is None:
            continue
        weakest = sorted(dimension.indicators.all(), key=lambda i: (levels.get(i.code, 0), i.order))[:3]
        level = _one_decimal(score * scoring.MATURITY_MAX / 100)
        if below is not None:
            reason = _compared(max(below, Decimal(0)), n, scope, dimension.name)
        else:
            reason = _("Your %(label)s is at level %(level)s of %(max)s") % {
                "label": dimension.name, "level": level, "max": scoring.MATURITY_MAX}
        gaps.append(Gap(
            member_id=member.pk, label=dimension.name, topics=_topic_codes([dimension], weakest), reason=reason,
            levels_below=max(below or Decimal(0), Decimal(0)), code=code, dimension=dimension.name, score=level,
            benchmark=_one_decimal(bench * scoring.MATURITY_MAX / 100) if bench is not None else None,
            investigation_id=investigation.pk, indicator_codes=tuple(i.code for i in dimension.indicators.all()),
        ))
    return gaps


# --- providers ----------------------------------------------------------------------------------------


def module_offers(*, gap: Gap, member, user) -> list[Offer]:
    """Published modules on the gap's topics or written for its very indicator; award winners are
    "award-winning practices". Two queries."""
    modules = (
        Module.objects.filter(is_published=True)
        .filter(Q(topics__code__in=gap.topics) | Q(links__code__in=[gap.code, *gap.indicator_codes]))
        .distinct().prefetch_related("topics", "links")[:12]
    )
    offers = []
    for module in modules:
        codes = {link.code for link in module.links.all()}
        topics = matched_topics(gap, [t.code for t in module.topics.all()])
        names = ", ".join(t.name for t in module.topics.all() if t.code in topics)
        direct = gap.code in codes
        if direct:
            reason = _("Written for %(code)s itself: how %(city)s solved it.") % {"code": gap.code, "city": module.city or _("a member city")}
        else:
            reason = _("On %(topics)s, where %(gap)s.") % {"topics": names, "gap": gap.reason[:1].lower() + gap.reason[1:]}
        offers.append(Offer(
            kind="practice" if module.source_award_prize_id else "module", title=module.title,
            url=module.get_absolute_url(), reason=reason, topics=topics, weight=3.0 if direct else 1.0,
            detail=module.source_label or module.city,
            # A module made from an Awards prize is the same offer as the awards app's practice: one key.
            key=f"awards.prize:{module.source_award_prize_id}" if module.source_award_prize_id else f"ceds.module:{module.pk}",
        ))
    return offers


def peer_offers(*, gap: Gap, member, user) -> list[Offer]:
    """Cities that share their results and improved by at least one level on the gap's indicators from
    an earlier investigation to their latest. Two queries."""
    if not gap.indicator_codes or gap.in_systems:
        return []
    sharing = CedsProfile.objects.filter(share_results=True).exclude(member_id=gap.member_id).values("member_id")
    rows = (
        MaturityAnswer.objects.filter(
            indicator__code__in=gap.indicator_codes, investigation__member_id__in=sharing,
            investigation__status=Investigation.Status.REPORTED,
        )
        .values("investigation__member_id", "indicator__code", "investigation__year", "investigation__slot", "level")
        .order_by("investigation__member_id", "indicator__code", "investigation__year", "investigation__slot")
    )
    first: dict[tuple[int, str], int] = {}
    last: dict[tuple[int, str], tuple[int, int]] = {}
    for row in rows:
        key = (row["investigation__member_id"], row["indicator__code"])
        first.setdefault(key, row["level"])
        last[key] = (row["level"], row["investigation__year"])
    gains: dict[int, tuple[int, int]] = {}
    for key, start in first.items():
        end, year = last[key]
        if end - start >= 1:
            best = gains.get(key[0])
            if best is None or end - start > best[0]:
                gains[key[0]] = (end - start, year)
    if not gains:
        return []
    peers = Member.objects.active().filter(pk__in=list(gains)).only("pk", "name", "slug", "region", "population")
    size = scoring.size_class(member.population) if member is not None else ""
    offers = []
    for peer in peers:
        gain, year = gains[peer.pk]
        similar = int(peer.region == getattr(member, "region", None)) + int(scoring.size_class(peer.population) == size)
        action = None
        if gap.action_item_id:
            action = OfferAction(url=reverse("ceds:peer_contact", args=[gap.action_item_id, peer.slug]),
                                 label=_("Contact this city"), method="get")
        offers.append(Offer(
            kind="peer", title=peer.name, url=reverse("ceds:shared_city", args=[peer.slug]),
            reason=ngettext("Rose %(gain)d level on %(what)s by %(year)d, and shares its results.",
                            "Rose %(gain)d levels on %(what)s by %(year)d, and shares its results.", gain)
            % {"gain": gain, "what": gap.label, "year": year},
            topics=gap.topics[:1], weight=float(gain) + similar / 10, key=f"ceds.peer:{peer.pk}", action=action,
        ))
    return sorted(offers, key=lambda o: -o.weight)[:5]
