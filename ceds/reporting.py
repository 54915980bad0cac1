"""Read-side assembly of the diagnostic reports, the dashboard and their exports (constant queries).

The stored reports (Report.data, Score rows) are the result; comparisons (past investigations, member,
region and size-class averages) are read live from the Score table with one GROUP BY.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from members.models import Member
from wego.charts import line_chart, radar_chart

from . import scoring
from .models import ActionItem, Investigation, MaturityAnswer, Report, Score, SystemAnswer, SystemItem
from .selectors import (
    action_items_for_member,
    comparison_averages,
    latest_reported_investigation,
    member_trend,
    modules_for_codes,
)


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _stage_label(code: str) -> str:
    return str(scoring.STAGE_LABELS.get(code, code))


def report_context(*, investigation: Investigation) -> dict:
    """Everything reports I–III show, with comparisons, for the page, the PDF and the CSV."""
    member = investigation.member
    reports = {r.kind: r.data for r in Report.objects.filter(investigation=investigation)}
    if len(reports) < 3:
        return {"ready": False}
    own = {(s.kind, s.code): s.score for s in Score.objects.filter(investigation=investigation)}
    size = scoring.size_class(member.population)
    averages = comparison_averages(
        version_id=investigation.version_id, year=investigation.year, region=member.region, size=size
    )
    trend = member_trend(member=member, version_id=investigation.version_id)
    past = [t for t in trend if (t["year"], t["slot"]) < (investigation.year, investigation.slot)]
    previous = past[-1]["scores"] if past else {}

    def row(kind: str, code: str, name: str, **extra) -> dict:
        avg = averages.get((kind, code), {})
        return {
            "code": code, "name": name, "score": own.get((kind, code)),
            "previous": previous.get((kind, code)),
            "member_avg": avg.get("member"), "region_avg": avg.get("region"), "size_avg": avg.get("size"),
            **extra,
        }

    r1, r2, r3 = reports[Report.Kind.OVERALL], reports[Report.Kind.DIMENSIONS], reports[Report.Kind.SYSTEMS]
    overall_rows = [
        row("overall", "", _("Overall e-Government maturity")),
        row("side", "internal", _("Internal dimensions")),
        row("side", "external", _("External dimensions")),
        row("systems", "", _("Current systems")),
    ]
    dimension_rows = [row("dimension", d["code"], d["name"], side=d["side"], stage=_stage_label(d["stage"]))
                      for d in r2["dimensions"]]
    group_rows = []
    next_codes = []
    for g in r3["groups"]:
        group_rows.append(row("group", g["code"], g["name"], present=g["present"], missing=g["missing"], next=g["next"]))
        next_codes += [code for code, _name in g["next"]]
    modules = modules_for_codes(codes=next_codes)
    for g in group_rows:
        g["next"] = [{"code": c, "name": n, "modules": modules.get(c, [])} for c, n in g["next"]]

    radar = radar_chart(
        [d["code"] for d in dimension_rows],
        [
            (str(member), [d["score"] for d in dimension_rows]),
            (_("WeGO member average"), [d["member_avg"] for d in dimension_rows]),
        ],
        title=_("Maturity in the six dimensions: %(city)s and the WeGO member average") % {"city": member},
        chart_id=f"radar-{investigation.pk}",
    )
    labels = [f"{t['year']}/{t['slot']}" for t in trend]
    trend_chart = line_chart(
        labels,
        [
            (_("Overall"), [t["scores"].get(("overall", "")) for t in trend]),
            (_("Internal"), [t["scores"].get(("side", "internal")) for t in trend]),
            (_("External"), [t["scores"].get(("side", "external")) for t in trend]),
            (_("Systems"), [t["scores"].get(("systems", "")) for t in trend]),
        ],
        title=_("Scores over %(city)s's investigations") % {"city": member},
        chart_id=f"trend-{investigation.pk}",
    ) if len(trend) > 1 else None

    # progress on the action items the city took on from earlier investigations
    earlier_actions = list(
        ActionItem.objects.filter(member=member, status__in=[ActionItem.Status.ACCEPTED, ActionItem.Status.DONE])
        .exclude(investigation=investigation)
        .filter(investigation__year__lte=investigation.year)
        .select_related("investigation")
        .order_by("code")
    )
    codes = [a.code for a in earlier_actions]
    now_levels = dict(
        MaturityAnswer.objects.filter(investigation=investigation, indicator__code__in=codes).values_list(
            "indicator__code", "level"
        )
    )
    now_levels.update(
        SystemAnswer.objects.filter(investigation=investigation, item__code__in=codes).values_list("item__code", "value")
    )
    action_progress = [{"item": a, "now": now_levels.get(a.code)} for a in earlier_actions]

    return {
        "ready": True,
        "investigation": investigation,
        "member": member,
        "score": _dec(r1["score"]),
        "stage": r1["stage"],
        "stage_label": _stage_label(r1["stage"]),
        "overall_rows": overall_rows,
        "dimension_rows": dimension_rows,
        "group_rows": group_rows,
        "trend": [
            {"label": label, "investigation_id": t["investigation_id"],
             "overall": t["scores"].get(("overall", "")), "internal": t["scores"].get(("side", "internal")),
             "external": t["scores"].get(("side", "external")), "systems": t["scores"].get(("systems", ""))}
            for label, t in zip(labels, trend, strict=True)
        ],
        "radar": radar,
        "trend_chart": trend_chart,
        "size_label": scoring.SIZE_LABELS.get(size, size),
        "member_n": averages.get(("overall", ""), {}).get("member_n", 0),
        "action_progress": action_progress,
        "stages": [(code, label) for _upper, code, label in scoring.STAGES],
    }


def systems_map(*, investigation: Investigation | None, version) -> list[dict]:
    """The Progressive Systems Map by stage: each system, what it builds on and the city's value (2–3 queries)."""
    items = list(
        SystemItem.objects.filter(version=version)
        .select_related("group")
        .prefetch_related(Prefetch("requires", queryset=SystemItem.objects.only("code", "name")))
        .order_by("stage", "group__order", "order")
    )
    values = {}
    if investigation is not None:
        values = dict(SystemAnswer.objects.filter(investigation=investigation).values_list("item_id", "value"))
    exists = {i.code for i in items if values.get(i.pk, 0) >= scoring.EXISTS_AT}
    stages: dict[int, list[dict]] = {}
    for item in items:
        requires = [(r.code, r.name) for r in item.requires.all()]
        value = values.get(item.pk)
        state = "present" if item.code in exists else (
            "next" if all(code in exists for code, _n in requires) else "later"
        )
        stages.setdefault(item.stage, []).append(
            {"code": item.code, "name": item.name, "group": item.group.code, "value": value,
             "requires": requires, "state": state}
        )
    return [
        {"stage": stage, "items": rows, "present": sum(r["state"] == "present" for r in rows),
         "next": sum(r["state"] == "next" for r in rows)}
        for stage, rows in sorted(stages.items())
    ]


def dashboard_context(*, member: Member) -> dict:
    """The member's dashboard: latest report with comparisons, trend, systems map, action items."""
    latest = latest_reported_investigation(member=member)
    context: dict = {"latest": latest}
    if latest is None:
        return context
    context["report"] = report_context(investigation=latest)
    context["systems_map"] = systems_map(investigation=latest, version=latest.version)
    actions = list(action_items_for_member(member=member, latest=latest))
    modules = modules_for_codes(codes=[a.code for a in actions])
    context["actions"] = [{"item": a, "modules": modules.get(a.code, [])} for a in actions]
    return context
