"""Load the framework and the modules from their JSON files.

These functions take `get_model(name)` so that the data migration can call them with its
historical models (apps.get_model) and the command and services with the real ones. Loading is
idempotent: rows are matched by (version, code) or slug and updated in place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORK_V1 = DATA_DIR / "framework_v1.json"
MODULES_FILE = DATA_DIR / "modules.json"

GetModel = Callable[[str], type]


class FrameworkFileError(ValueError):
    """The file is not a valid framework: the message lists what is wrong."""


def read_json(path: str | Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def validate_framework(data: dict) -> list[str]:
    """The problems of a framework file (empty when it can be loaded)."""
    problems: list[str] = []
    for key in ("version", "title", "dimensions", "system_groups"):
        if not data.get(key):
            problems.append(f"missing '{key}'")
    if problems:
        return problems
    seen: set[str] = set()
    system_codes = {s["code"] for g in data["system_groups"] for s in g.get("systems", [])}
    for dimension in data["dimensions"]:
        if dimension.get("side") not in ("internal", "external"):
            problems.append(f"dimension {dimension.get('code')}: side must be internal or external")
        for indicator in dimension.get("indicators", []):
            code = indicator.get("code", "")
            if code in seen:
                problems.append(f"duplicate code {code}")
            seen.add(code)
            levels = indicator.get("levels") or {}
            if sorted(levels) != ["0", "1", "2", "3", "4"]:
                problems.append(f"indicator {code}: levels 0–4 must each be described")
            if float(indicator.get("weight", 1)) < 0:
                problems.append(f"indicator {code}: negative weight")
    for group in data["system_groups"]:
        for system in group.get("systems", []):
            code = system.get("code", "")
            if code in seen:
                problems.append(f"duplicate code {code}")
            seen.add(code)
            for required in system.get("requires", []):
                if required not in system_codes:
                    problems.append(f"system {code}: requires unknown system {required}")
                if required == code:
                    problems.append(f"system {code}: requires itself")
    return problems


def load_framework(data: dict, *, get_model: GetModel, publish: bool = True):
    """Create or update the version described by `data`; returns it. Raises FrameworkFileError."""
    problems = validate_framework(data)
    if problems:
        raise FrameworkFileError("; ".join(problems))
    FrameworkVersion = get_model("FrameworkVersion")
    Dimension = get_model("Dimension")
    Indicator = get_model("Indicator")
    SystemGroup = get_model("SystemGroup")
    SystemItem = get_model("SystemItem")

    version, _created = FrameworkVersion.objects.update_or_create(
        version=data["version"],
        defaults={
            "title": data["title"],
            "notice": data.get("notice", ""),
            "maturity_levels": data.get("maturity_levels", []),
            "system_levels": data.get("system_levels", []),
        },
    )
    if publish and version.status != "published":
        version.status = "published"
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])

    for d_order, dim in enumerate(data["dimensions"], start=1):
        dimension, _ = Dimension.objects.update_or_create(
            version=version,
            code=dim["code"],
            defaults={
                "name": dim["name"],
                "side": dim["side"],
                "description": dim.get("description", ""),
                "order": dim.get("order", d_order),
            },
        )
        for i_order, ind in enumerate(dim.get("indicators", []), start=1):
            Indicator.objects.update_or_create(
                version=version,
                code=ind["code"],
                defaults={
                    "dimension": dimension,
                    "question": ind["question"],
                    "help_text": ind.get("help_text", ""),
                    "weight": Decimal(str(ind.get("weight", 1))),
                    "evidence": ind.get("evidence", ""),
                    "levels": {str(k): v for k, v in ind["levels"].items()},
                    "order": i_order,
                },
            )

    items = {}
    for g_order, grp in enumerate(data["system_groups"], start=1):
        group, _ = SystemGroup.objects.update_or_create(
            version=version,
            code=grp["code"],
            defaults={"name": grp["name"], "description": grp.get("description", ""), "order": grp.get("order", g_order)},
        )
        for s_order, sysd in enumerate(grp.get("systems", []), start=1):
            item, _ = SystemItem.objects.update_or_create(
                version=version,
                code=sysd["code"],
                defaults={
                    "group": group,
                    "name": sysd["name"],
                    "question": sysd["question"],
                    "help_text": sysd.get("help_text", ""),
                    "weight": Decimal(str(sysd.get("weight", 1))),
                    "stage": int(sysd.get("stage", 1)),
                    "order": s_order,
                },
            )
            items[item.code] = item
    for grp in data["system_groups"]:
        for sysd in grp.get("systems", []):
            items[sysd["code"]].requires.set([items[code] for code in sysd.get("requires", [])])
    return version


def unload_framework(version_code: str, *, get_model: GetModel) -> None:
    """Reverse of load_framework for the data migration (only while nothing points at the version)."""
    get_model("FrameworkVersion").objects.filter(version=version_code, investigations__isnull=True).delete()


def load_modules(data: list[dict], *, get_model: GetModel) -> int:
    """Create or update the modules (matched by slug) and their linked codes; returns how many."""
    Module = get_model("Module")
    ModuleLink = get_model("ModuleLink")
    for row in data:
        module, _ = Module.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "city": row.get("city", ""),
                "country": row.get("country", ""),
                "problem": row.get("problem", ""),
                "solution": row.get("solution", ""),
                "steps": row.get("steps", []),
            },
        )
        codes = list(dict.fromkeys([*row.get("indicators", []), *row.get("systems", [])]))
        ModuleLink.objects.filter(module=module).exclude(code__in=codes).delete()
        existing = set(ModuleLink.objects.filter(module=module).values_list("code", flat=True))
        ModuleLink.objects.bulk_create([ModuleLink(module=module, code=c) for c in codes if c not in existing])
    return len(data)


def unload_modules(data: list[dict], *, get_model: GetModel) -> None:
    get_model("Module").objects.filter(slug__in=[row["slug"] for row in data]).delete()


def link_topics(framework: dict | None, modules: list[dict] | None, *, get_model: GetModel, topic_model) -> int:
    """Link the framework version's dimensions, indicators and system groups, and the modules, to the
    topics the files name (`"topics": ["open-data", …]`); codes the vocabulary lacks are left out.
    Returns how many links were set. Used by the loaders and by the data migration that links the
    framework loaded before topics existed."""
    topic_ids = dict(topic_model.objects.values_list("code", "pk"))
    linked = 0

    def link(obj, codes) -> None:
        nonlocal linked
        if codes is None:
            return
        ids = [topic_ids[c] for c in codes if c in topic_ids]
        obj.topics.set(ids)
        linked += len(ids)

    if framework is not None:
        version = get_model("FrameworkVersion").objects.filter(version=framework["version"]).first()
        if version is not None:
            dimensions = {d.code: d for d in get_model("Dimension").objects.filter(version=version)}
            indicators = {i.code: i for i in get_model("Indicator").objects.filter(version=version)}
            groups = {g.code: g for g in get_model("SystemGroup").objects.filter(version=version)}
            for dim in framework["dimensions"]:
                link(dimensions[dim["code"]], dim.get("topics"))
                for ind in dim.get("indicators", []):
                    link(indicators[ind["code"]], ind.get("topics"))
            for grp in framework["system_groups"]:
                link(groups[grp["code"]], grp.get("topics"))
    if modules is not None:
        by_slug = {m.slug: m for m in get_model("Module").objects.filter(slug__in=[r["slug"] for r in modules])}
        for row in modules:
            if row["slug"] in by_slug:
                link(by_slug[row["slug"]], row.get("topics"))
    return linked
