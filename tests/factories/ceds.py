"""Factories and helpers of the CeDS tests: a tiny hand-checkable framework, investigations, answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ceds import services
from ceds.models import (
    Dimension,
    FrameworkVersion,
    Indicator,
    Investigation,
    Stakeholder,
    SystemGroup,
    SystemItem,
)
from ceds.selectors import framework_current

LEVELS = {str(n): f"Level {n} description" for n in range(5)}


def small_framework(*, version: str = "T.1", publish: bool = True) -> FrameworkVersion:
    """Two dimensions (GM internal, IN external) with weighted indicators, one system group of three.

    GM-1 w=1, GM-2 w=3 (internal); IN-1 w=2 (external). Systems S-1 (w=1, stage 1), S-2 (w=2, stage 2,
    requires S-1), S-3 (w=1, stage 2, requires S-1 and S-2).
    """
    fv = FrameworkVersion.objects.create(
        version=version, title=f"Test framework {version}",
        status=FrameworkVersion.Status.PUBLISHED if publish else FrameworkVersion.Status.DRAFT,
        published_at=timezone.now() - dt.timedelta(days=3650) if publish else None,
        maturity_levels=[{"level": n, "label": f"L{n}", "description": ""} for n in range(5)],
        system_levels=[{"value": n, "code": str(n), "label": f"V{n}"} for n in range(4)],
    )
    gm = Dimension.objects.create(version=fv, code="GM", name="Governance", side="internal", order=1)
    inn = Dimension.objects.create(version=fv, code="IN", name="ICT Network", side="external", order=2)
    for code, dim, weight, order in [("GM-1", gm, 1, 1), ("GM-2", gm, 3, 2), ("IN-1", inn, 2, 1)]:
        Indicator.objects.create(
            version=fv, dimension=dim, code=code, question=f"Question {code}?", weight=Decimal(weight),
            levels=LEVELS, order=order,
        )
    group = SystemGroup.objects.create(version=fv, code="G", name="Group", order=1)
    s1 = SystemItem.objects.create(version=fv, group=group, code="S-1", name="System one", question="S1?", weight=1, stage=1, order=1)
    s2 = SystemItem.objects.create(version=fv, group=group, code="S-2", name="System two", question="S2?", weight=2, stage=2, order=2)
    s3 = SystemItem.objects.create(version=fv, group=group, code="S-3", name="System three", question="S3?", weight=1, stage=2, order=3)
    s2.requires.set([s1])
    s3.requires.set([s1, s2])
    return fv


def current_version() -> FrameworkVersion:
    return framework_current()


def add_required_stakeholders(investigation: Investigation, *, by=None) -> None:
    for role in Stakeholder.REQUIRED_ROLES:
        services.stakeholder_add(investigation=investigation, role=role, name=f"Person {role}", title="Director", by=by)


def answer_all(investigation: Investigation, *, level=2, value=2, by=None) -> None:
    """Answer every question: `level`/`value` may be an int or a function of the code."""
    version = investigation.version
    lv = level if callable(level) else (lambda _code: level)
    vv = value if callable(value) else (lambda _code: value)
    maturity = {
        pk: services.AnswerInput(value=lv(code))
        for pk, code in Indicator.objects.filter(version=version).values_list("pk", "code")
    }
    systems = {
        pk: services.AnswerInput(value=vv(code))
        for pk, code in SystemItem.objects.filter(version=version).values_list("pk", "code")
    }
    services.answers_save(investigation=investigation, maturity=maturity, systems=systems, by=by)


def reported_investigation(member, *, version=None, year=2026, level=2, value=2, by=None) -> Investigation:
    """A complete investigation, submitted, with its reports computed."""
    investigation = services.investigation_create(member=member, by=by, year=year, version=version)
    add_required_stakeholders(investigation, by=by)
    answer_all(investigation, level=level, value=value, by=by)
    services.investigation_submit(investigation=investigation, by=by)
    services.reports_compute(investigation=investigation)
    investigation.refresh_from_db()
    return investigation


def ensure_framework() -> FrameworkVersion:
    """Framework 2026.1 and the modules, loaded again if a transactional test flushed them."""
    from ceds.loading import FRAMEWORK_V1, MODULES_FILE
    from ceds.models import Module
    from wego.demo import seed_topics
    from wego.models import Topic

    if not Topic.objects.exists():  # the vocabulary the migration loads, flushed too
        seed_topics(stdout=None)
    version = FrameworkVersion.objects.filter(version="2026.1").first()
    if version is None or not version.indicators.exists():
        version = services.framework_load(path=FRAMEWORK_V1)
    if not Module.objects.exists():
        services.modules_load(path=MODULES_FILE)
    return version
