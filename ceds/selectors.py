"""Reads of the ceds app, with their joins built in; aggregates in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404

from members.models import Affiliation, Member
from members.permissions import is_secretariat

from . import scoring
from .models import (
    ActionItem,
    CedsProfile,
    Dimension,
    ForumTopic,
    FrameworkVersion,
    Indicator,
    Investigation,
    MaturityAnswer,
    Module,
    Report,
    Score,
    Stakeholder,
    SystemAnswer,
    SystemGroup,
    SystemItem,
)

MIN_GROUP = 5  # averages are shown only over at least this many cities (privacy)
COUNTED_STATUSES = (Investigation.Status.SUBMITTED, Investigation.Status.REPORTED)


# --- framework -----------------------------------------------------------------------------------


def framework_current() -> FrameworkVersion | None:
    """The published version new investigations use: the most recently published one."""
    return FrameworkVersion.objects.published().order_by("-published_at", "-pk").first()


def framework_snapshot(*, version: FrameworkVersion) -> scoring.Framework:
    """The version reduced to what the arithmetic needs (4 light queries, no model instances)."""
    dimensions = list(
        Dimension.objects.filter(version=version).order_by("order", "code").values_list("pk", "code", "name", "side")
    )
    sides = {pk: (code, side) for pk, code, _name, side in dimensions}
    indicators = [
        scoring.IndicatorDef(code=code, dimension=sides[dim_id][0], side=sides[dim_id][1], weight=weight)
        for code, dim_id, weight in Indicator.objects.filter(version=version)
        .order_by("dimension__order", "order", "code")
        .values_list("code", "dimension_id", "weight")
    ]
    groups = list(SystemGroup.objects.filter(version=version).order_by("order", "code").values_list("pk", "code", "name"))
    group_codes = {pk: code for pk, code, _name in groups}
    requires: dict[str, list[str]] = {}
    for source, target in SystemItem.requires.through.objects.filter(from_systemitem__version=version).values_list(
        "from_systemitem__code", "to_systemitem__code"
    ):
        requires.setdefault(source, []).append(target)
    systems = [
        scoring.SystemDef(
            code=code, group=group_codes[group_id], name=name, weight=weight, stage=stage,
            requires=tuple(sorted(requires.get(code, []))),
        )
        for code, group_id, name, weight, stage in SystemItem.objects.filter(version=version)
        .order_by("group__order", "order", "code")
        .values_list("code", "group_id", "name", "weight", "stage")
    ]
    return scoring.Framework(
        dimensions=[scoring.DimensionDef(code=code, name=name, side=side) for _pk, code, name, side in dimensions],
        indicators=indicators,
        groups=[scoring.GroupDef(code=code, name=name) for _pk, code, name in groups],
        systems=systems,
    )


def dimension_list(*, version: FrameworkVersion) -> QuerySet[Dimension]:
    return Dimension.objects.filter(version=version).order_by("order", "code")


def system_group_list(*, version: FrameworkVersion) -> QuerySet[SystemGroup]:
    return SystemGroup.objects.filter(version=version).order_by("order", "code")


def framework_for_api(*, version: FrameworkVersion) -> dict:
    """The version with its dimensions, indicators, groups and systems (4 queries)."""
    dimensions = list(
        dimension_list(version=version).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code"))
        )
    )
    groups = list(
        system_group_list(version=version).prefetch_related(
            Prefetch(
                "items",
                queryset=SystemItem.objects.order_by("order", "code").prefetch_related(
                    Prefetch("requires", queryset=SystemItem.objects.only("code"))
                ),
            )
        )
    )
    return {"version": version, "dimensions": dimensions, "system_groups": groups}


# --- investigations ------------------------------------------------------------------------------


def investigation_list_for_user(*, user) -> QuerySet[Investigation]:
    """Investigations of the members the user acts for (every investigation for the Secretariat)."""
    qs = Investigation.objects.select_related("member", "version").order_by("-year", "-slot", "member__name")
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return qs.none()
    # Whether the user acts for each investigation's city, read with the list (see
    # permissions.is_investigation_official): a list's buttons and transitions ask no query per row.
    qs = qs.annotate(
        acting_user_id=Value(user.pk, output_field=IntegerField()),
        acting_user_is_official=Exists(Affiliation.objects.filter(user_id=user.pk, member_id=OuterRef("member_id"))),
    )
    if is_secretariat(user):
        return qs
    return qs.filter(member__affiliations__user=user)


def investigation_get_for_user(*, user, pk: int) -> Investigation:
    """One investigation the user may see; 404 for anyone else's."""
    investigation = investigation_list_for_user(user=user).filter(pk=pk).first()
    if investigation is None:
        raise Http404
    return investigation


def investigation_list_for_member(*, member: Member) -> QuerySet[Investigation]:
    return Investigation.objects.filter(member=member).select_related("version").order_by("-year", "-slot")


def section_progress(*, investigation: Investigation) -> dict:
    """Answered / total per dimension and per system group (2 queries)."""
    dims = list(
        Dimension.objects.filter(version_id=investigation.version_id)
        .order_by("order", "code")
        .annotate(
            total=Count("indicators", distinct=True),
            answered=Count(
                "indicators__answers",
                filter=Q(indicators__answers__investigation=investigation),
                distinct=True,
            ),
        )
    )
    groups = list(
        SystemGroup.objects.filter(version_id=investigation.version_id)
        .order_by("order", "code")
        .annotate(
            total=Count("items", distinct=True),
            answered=Count("items__answers", filter=Q(items__answers__investigation=investigation), distinct=True),
        )
    )
    total = sum(d.total for d in dims) + sum(g.total for g in groups)
    answered = sum(d.answered for d in dims) + sum(g.answered for g in groups)
    return {
        "dimensions": dims,
        "groups": groups,
        "total": total,
        "answered": answered,
        "percent": round(100 * answered / total) if total else 0,
        "complete": total > 0 and answered == total,
    }


@dataclass(frozen=True)
class SubmissionState:
    """What an investigation still lacks before it can be submitted: the required stakeholder roles
    not recorded yet (their labels), and the questions not answered (how many, and in which sections)."""

    missing_roles: list[str]
    total: int
    answered: int
    incomplete_sections: list[str]

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total


def submission_states(investigations: Iterable[Investigation]) -> dict[int, SubmissionState]:
    """The submission state of each investigation, by id, in five queries however many there are
    (the sections of their versions, the answers per section, the stakeholders' roles)."""
    investigations = list(investigations)
    if not investigations:
        return {}
    ids = [inv.pk for inv in investigations]
    version_ids = {inv.version_id for inv in investigations}
    sections: dict[int, list[tuple[str, str, int]]] = {v: [] for v in version_ids}  # (kind and pk, name, total)
    for pk, version_id, name, total in (
        Dimension.objects.filter(version_id__in=version_ids).order_by("order", "code")
        .annotate(total=Count("indicators")).values_list("pk", "version_id", "name", "total")
    ):
        sections[version_id].append((f"d{pk}", name, total))
    for pk, version_id, name, total in (
        SystemGroup.objects.filter(version_id__in=version_ids).order_by("order", "code")
        .annotate(total=Count("items")).values_list("pk", "version_id", "name", "total")
    ):
        sections[version_id].append((f"g{pk}", name, total))
    answered: dict[tuple[int, str], int] = {}
    for inv_id, dimension_id, n in (
        MaturityAnswer.objects.filter(investigation_id__in=ids).order_by()
        .values("investigation_id", "indicator__dimension_id").annotate(n=Count("pk"))
        .values_list("investigation_id", "indicator__dimension_id", "n")
    ):
        answered[(inv_id, f"d{dimension_id}")] = n
    for inv_id, group_id, n in (
        SystemAnswer.objects.filter(investigation_id__in=ids).order_by()
        .values("investigation_id", "item__group_id").annotate(n=Count("pk"))
        .values_list("investigation_id", "item__group_id", "n")
    ):
        answered[(inv_id, f"g{group_id}")] = n
    roles: dict[int, set[str]] = {pk: set() for pk in ids}
    for inv_id, role in Stakeholder.objects.filter(investigation_id__in=ids).values_list("investigation_id", "role"):
        roles[inv_id].add(role)
    states = {}
    for inv in investigations:
        rows = [(name, total, answered.get((inv.pk, key), 0)) for key, name, total in sections[inv.version_id]]
        states[inv.pk] = SubmissionState(
            missing_roles=[str(Stakeholder.Role(r).label) for r in Stakeholder.REQUIRED_ROLES if r not in roles[inv.pk]],
            total=sum(total for _name, total, _n in rows),
            answered=sum(n for _name, _total, n in rows),
            incomplete_sections=[name for name, total, n in rows if n < total],
        )
    return states


_PRIMED = "_ceds_submission_state"


def prime_submission_states(investigations: Iterable[Investigation]) -> None:
    """Compute the submission state of these investigations at once and keep it on each object, so a
    list (the API, a page's buttons) asks the workflow's requirements without a query per object.
    Only for objects read for one answer: the state is not refreshed when answers change."""
    investigations = [inv for inv in investigations if inv.status == Investigation.Status.DRAFT]
    states = submission_states(investigations)
    for inv in investigations:
        setattr(inv, _PRIMED, states[inv.pk])


def submission_state(investigation: Investigation) -> SubmissionState:
    """The investigation's submission state: the primed one (prime_submission_states), else read now."""
    primed = getattr(investigation, _PRIMED, None)
    if primed is not None:
        return primed
    return submission_states([investigation])[investigation.pk]


def maturity_answers_map(*, investigation: Investigation, dimension: Dimension | None = None) -> dict[int, MaturityAnswer]:
    qs = MaturityAnswer.objects.filter(investigation=investigation)
    if dimension is not None:
        qs = qs.filter(indicator__dimension=dimension)
    return {a.indicator_id: a for a in qs}


def system_answers_map(*, investigation: Investigation, group: SystemGroup | None = None) -> dict[int, SystemAnswer]:
    qs = SystemAnswer.objects.filter(investigation=investigation)
    if group is not None:
        qs = qs.filter(item__group=group)
    return {a.item_id: a for a in qs}


def answer_codes(*, investigation: Investigation) -> tuple[dict[str, int], dict[str, int]]:
    """code → level and code → value of an investigation's answers (2 queries)."""
    maturity = dict(
        MaturityAnswer.objects.filter(investigation=investigation).values_list("indicator__code", "level")
    )
    systems = dict(SystemAnswer.objects.filter(investigation=investigation).values_list("item__code", "value"))
    return maturity, systems


def reports_for_investigation(*, investigation: Investigation) -> dict[str, Report]:
    return {r.kind: r for r in Report.objects.filter(investigation=investigation)}


def latest_reported_investigation(*, member: Member) -> Investigation | None:
    return (
        Investigation.objects.filter(member=member, status=Investigation.Status.REPORTED)
        .select_related("version")
        .order_by("-year", "-slot")
        .first()
    )


# --- comparisons and benchmarks ------------------------------------------------------------------


def _bench_queryset(*, version_id: int, year: int | None) -> QuerySet[Score]:
    """Score rows that count for averages. Score rows exist only for submitted investigations (reports are
    computed after submission, and only drafts can be deleted or edited), so no join is needed to exclude
    drafts; `is_latest` keeps one investigation per city and year."""
    qs = Score.objects.filter(version_id=version_id, is_latest=True)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def comparison_averages(*, version_id: int, year: int | None, region: str, size: str) -> dict:
    """Member, region and size-class averages of every score of a version (one GROUP BY query).

    Each city counts once: the score rows marked `is_latest` (its latest submitted investigation of the
    year). Averages over fewer than MIN_GROUP cities are withheld (None).
    """
    rows = (
        _bench_queryset(version_id=version_id, year=year)
        .values("kind", "code")
        .annotate(
            member_avg=Avg("score"),
            member_n=Count("member", distinct=True),
            region_avg=Avg("score", filter=Q(region=region)),
            region_n=Count("member", filter=Q(region=region), distinct=True),
            size_avg=Avg("score", filter=Q(size_class=size)),
            size_n=Count("member", filter=Q(size_class=size), distinct=True),
        )
    )
    result = {}
    for row in rows:
        entry = {}
        for scope in ("member", "region", "size"):
            n = row[f"{scope}_n"]
            avg = row[f"{scope}_avg"]
            entry[scope] = scoring.quantise(Decimal(avg)) if avg is not None and n >= MIN_GROUP else None
            entry[f"{scope}_n"] = n
        result[(row["kind"], row["code"])] = entry
    return result


def benchmark_latest_year(*, version_id: int) -> int | None:
    """The most recent year with submitted investigations of this version."""
    return _bench_queryset(version_id=version_id, year=None).aggregate(y=Max("year"))["y"]


def benchmark_rows(*, version_id: int, year: int | None, kinds: list[str] | None = None) -> dict:
    """Averages by score and by region and by size class, only for groups of MIN_GROUP cities or more."""
    qs = _bench_queryset(version_id=version_id, year=year)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    overall = list(qs.values("kind", "code").annotate(avg=Avg("score"), n=Count("member", distinct=True)))
    by_region = list(
        qs.values("region", "kind", "code").annotate(avg=Avg("score"), n=Count("member", distinct=True))
    )
    by_size = list(
        qs.values("size_class", "kind", "code").annotate(avg=Avg("score"), n=Count("member", distinct=True))
    )

    def keep(rows):
        return [dict(r, avg=scoring.quantise(Decimal(r["avg"]))) for r in rows if r["n"] >= MIN_GROUP]

    return {"all": keep(overall), "regions": keep(by_region), "sizes": keep(by_size)}


def member_trend(*, member: Member, version_id: int) -> list[dict]:
    """Overall, sides, systems and dimension scores of the member's reported investigations, oldest first (1 query)."""
    rows = (
        Score.objects.filter(member=member, version_id=version_id, investigation__status=Investigation.Status.REPORTED)
        .values("investigation_id", "investigation__year", "investigation__slot", "kind", "code", "score")
        .order_by("investigation__year", "investigation__slot")
    )
    trend: dict[int, dict] = {}
    for row in rows:
        entry = trend.setdefault(
            row["investigation_id"],
            {
                "investigation_id": row["investigation_id"],
                "year": row["investigation__year"],
                "slot": row["investigation__slot"],
                "scores": {},
            },
        )
        entry["scores"][(row["kind"], row["code"])] = row["score"]
    return list(trend.values())


def profile_get(*, member: Member) -> CedsProfile:
    return CedsProfile.objects.filter(member=member).first() or CedsProfile(member=member)


def shared_member_list() -> QuerySet[Member]:
    """Members that chose to share their CeDS scores with other members."""
    return Member.objects.active().filter(ceds_profile__share_results=True).order_by("name")


def action_items_for_member(*, member: Member, latest: Investigation | None = None) -> QuerySet[ActionItem]:
    """The items the city took on (accepted or done) and those proposed by its latest investigation."""
    taken = Q(status__in=[ActionItem.Status.ACCEPTED, ActionItem.Status.DONE])
    proposed = Q(status=ActionItem.Status.PROPOSED, investigation=latest) if latest is not None else Q(pk__in=[])
    return (
        ActionItem.objects.filter(member=member)
        .filter(taken | proposed)
        .select_related("assignee", "investigation", "member")
        .order_by("status", "-gap", "code")
    )


def modules_for_codes(*, codes: list[str]) -> dict[str, list[Module]]:
    """Published modules addressing each code (1 query)."""
    result: dict[str, list[Module]] = {code: [] for code in codes}
    for module in (
        Module.objects.filter(is_published=True, links__code__in=codes)
        .annotate(link_code=F("links__code"))
        .order_by("title")
    ):
        result[module.link_code].append(module)
    return result


def module_list(*, query: str = "", code: str = "") -> QuerySet[Module]:
    qs = Module.objects.filter(is_published=True).prefetch_related("links").order_by("title")
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(problem__icontains=query)
            | Q(solution__icontains=query)
            | Q(city__icontains=query)
        )
    if code:
        qs = qs.filter(links__code__iexact=code).distinct()
    return qs


def forum_topic_list() -> QuerySet[ForumTopic]:
    return (
        ForumTopic.objects.select_related("author", "member")
        .annotate(answer_count=Count("posts"))
        .order_by("-kind", "-last_post_at")
    )


def benchmarking_partners(*, member: Member, investigation: Investigation, limit: int = 3) -> list[dict]:
    """For each weak dimension of the investigation, cities strong there and similar to the member.

    Weak: the city's score below 50 (or else its lowest dimension). Strong: a score ≥ 60 in that dimension
    in the same year's latest investigations. Candidates are ranked by resemblance (same region, same size class, overall level within
    15 points); members who opted out are never suggested. Two queries.
    """
    own = {
        (s.kind, s.code): s.score
        for s in Score.objects.filter(investigation=investigation, kind__in=["overall", "dimension"])
    }
    if not own:
        return []
    weak = sorted(
        (code for (kind, code), score in own.items() if kind == "dimension" and score < 50),
        key=lambda c: own[("dimension", c)],
    )
    if not weak:
        weak = sorted(
            (code for (kind, code) in own if kind == "dimension"), key=lambda c: own[("dimension", c)]
        )[:1]
    opted_out = CedsProfile.objects.filter(partner_opt_out=True).values("member_id")
    strong = list(
        _bench_queryset(version_id=investigation.version_id, year=investigation.year)
        .filter(kind="dimension", code__in=weak, score__gte=60)
        .exclude(member=member)
        .exclude(member_id__in=opted_out)
        .annotate(
            overall=Subquery(
                Score.objects.filter(investigation_id=OuterRef("investigation_id"), kind="overall").values("score")[:1]
            )
        )
        .values("investigation_id", "member_id", "member__name", "member__slug", "region", "size_class", "code",
                "score", "overall")
    )
    region = member.region
    size = scoring.size_class(member.population)
    overall = own[("overall", "")]
    suggestions = []
    for code in weak:
        candidates = []
        for row in (r for r in strong if r["code"] == code):
            reasons = []
            similarity = 0
            if region and row["region"] == region:
                similarity += 2
                reasons.append("region")
            if row["size_class"] == size:
                similarity += 1
                reasons.append("size")
            other_overall = row["overall"]
            if other_overall is not None and abs(other_overall - overall) <= 15:
                similarity += 1
                reasons.append("level")
            candidates.append((similarity, row["score"], row, reasons))
        candidates.sort(key=lambda c: (-c[0], -c[1], c[2]["member__name"]))
        suggestions.append(
            {
                "code": code,
                "score": own[("dimension", code)],
                "partners": [
                    {"name": c[2]["member__name"], "slug": c[2]["member__slug"], "score": c[1], "reasons": c[3]}
                    for c in candidates[:limit]
                ],
            }
        )
    return suggestions
