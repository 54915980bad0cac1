"""Demo data of the CeDS: three years of completed investigations for the seeded member cities.

Answers are generated deterministically (a random.Random seeded with the city's slug), so that each
city has its own profile and improves a little every year; reports are computed by calling the
service directly. A few action items are taken on, and the forum gets an announcement and a question.
The content (stakeholders, the cities that share, the forum's texts) is in ceds/demo/ceds.json.
Idempotent: a city-year that already has an investigation is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from django.utils import timezone

from members.models import Affiliation, Member, User
from wego.demo import SECRETARIAT_EMAIL, demo_data

from . import services
from .models import ActionItem, CedsProfile, ForumTopic, Indicator, Investigation, Stakeholder, SystemItem
from .selectors import framework_current

DATA = demo_data(__file__, "ceds")
STAKEHOLDERS = [(Stakeholder.Role(row["role"]), row["title"]) for row in DATA["stakeholders"]]
SHARING = set(DATA["sharing"])
FORUM = DATA["forum"]


def _clamp(value: float, top: int) -> int:
    return max(0, min(top, round(value)))


def _answers(slug: str, year_index: int, indicators, items):
    """Levels and values for one city and year: a city profile plus steady progress and some noise."""
    rng = random.Random(zlib.crc32(f"{slug}:{year_index}".encode()))
    profile = random.Random(zlib.crc32(slug.encode()))
    base = profile.uniform(0.6, 2.9)
    dimension_bias = {code: profile.uniform(-0.8, 0.8) for code in ("GM", "PI", "RC", "IN", "CR", "PS")}
    progress = year_index * profile.uniform(0.15, 0.45)
    maturity = {
        pk: _clamp(base + dimension_bias.get(dim, 0) + progress + rng.gauss(0, 0.6), 4) for pk, dim in indicators
    }
    systems = {
        pk: _clamp(base * 0.9 + progress - (stage - 1) * 0.7 + rng.gauss(0, 0.7), 3) for pk, stage in items
    }
    return maturity, systems


def seed(*, stdout) -> str:
    version = framework_current()
    if version is None:
        return "no framework version"
    indicators = list(Indicator.objects.filter(version=version).values_list("pk", "dimension__code"))
    items = list(SystemItem.objects.filter(version=version).values_list("pk", "stage"))
    this_year = timezone.localdate().year
    years = [this_year - 2, this_year - 1, this_year]
    cities = list(Member.objects.cities().active().order_by("name"))
    focal = {a.member_id: a.user for a in Affiliation.objects.focal_points().of(cities).select_related("user")}
    done_years = set(Investigation.objects.filter(member__in=cities, year__in=years).values_list("member_id", "year"))
    created = 0
    for city in cities:
        by = focal.get(city.pk)
        for index, year in enumerate(years):
            if (city.pk, year) in done_years:
                continue
            investigation = services.investigation_create(member=city, by=by, year=year, version=version)
            for role, title in STAKEHOLDERS:
                services.stakeholder_add(
                    investigation=investigation, role=role, title=title, by=by,
                    name=DATA["stakeholder_name"].format(title=title, city=city.name),
                )
            maturity, systems = _answers(city.slug, index, indicators, items)
            services.answers_save(
                investigation=investigation,
                maturity={pk: services.AnswerInput(v) for pk, v in maturity.items()},
                systems={pk: services.AnswerInput(v) for pk, v in systems.items()},
                by=by,
            )
            services.investigation_submit(investigation=investigation, by=by, queue_reports=False)
            services.reports_compute(investigation=investigation)
            created += 1
            if index == 0 and by is not None:
                for n, item in enumerate(ActionItem.objects.filter(investigation=investigation).order_by("-gap", "code")[:2]):
                    services.action_item_update(
                        item=item, by=by, status=ActionItem.Status.ACCEPTED, assignee=by,
                        due_on=dt.date(year + 1, 6, 30),
                    )
                    if n == 0:
                        services.action_item_update(item=item, by=by, status=ActionItem.Status.DONE)
        if city.slug in SHARING and not CedsProfile.objects.filter(member=city, share_results=True).exists():
            services.profile_update(member=city, share_results=True, partner_opt_out=False, by=by)
    _seed_forum(cities)
    modules = services.modules_import_award_winners()
    parts = [f"{created} investigations with reports"] if created else []
    if modules:
        parts.append(f"{modules} modules from WeGO Awards winners")
    return ", ".join(parts) or "nothing new"


def _seed_forum(cities) -> None:
    if ForumTopic.objects.exists():
        return
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is not None:
        announcement = FORUM["announcement"]
        services.forum_topic_create(
            kind=ForumTopic.Kind.ANNOUNCEMENT, by=secretariat, member=None,
            title=announcement["title"], body=announcement["body"],
        )
    question = FORUM["question"]
    by_slug = {c.slug: c for c in cities}
    asking, answering = by_slug.get(question["asker"]), by_slug.get(question["answerer"])
    if asking and answering:
        asker = Affiliation.objects.focal_points().of(asking).select_related("user").first()
        answerer = Affiliation.objects.focal_points().of(answering).select_related("user").first()
        if asker and answerer:
            topic = services.forum_topic_create(
                kind=ForumTopic.Kind.QUESTION, by=asker.user, member=asking,
                title=question["title"], body=question["body"],
            )
            services.forum_post_create(topic=topic, by=answerer.user, member=answering, body=question["answer"])
