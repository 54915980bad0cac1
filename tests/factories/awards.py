"""Factories and builders of the awards app.

`make_edition(status=...)` creates an edition through the service (five default categories and
criteria) with phase dates around today, then puts it in the wanted phase directly (tests of a
phase need not replay the whole state machine). `make_entry`, `make_judge`, `score_entry`,
`make_finalists` build the rest.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone

from awards import services
from awards.models import (
    Assignment,
    Edition,
    Entry,
    Finalist,
    Judge,
    Score,
    Shortlist,
    normalise_text,
    organisation_key,
)

from .members import MemberFactory, UserFactory

_years = itertools.count(2040)


def phase_dates(today: dt.date | None = None, *, phase: str = "application") -> dict:
    """Dates that put `today` inside `phase` (and keep the phases in order)."""
    today = today or timezone.localdate()
    d = dt.timedelta
    offsets = {
        # phase: days from today to application_start
        "draft": 5,
        "application": -10,
        "eligibility": -40,
        "judging": -60,
        "shortlist": -85,
        "voting": -95,
        "counting": -120,
        "announced": -140,
    }[phase]
    start = today + d(days=offsets)
    return {
        "application_start": start,
        "application_end": start + d(days=29),
        "eligibility_end": start + d(days=44),
        "judging_start": start + d(days=45),
        "judging_end": start + d(days=74),
        "voting_start": start + d(days=90),
        "voting_end": start + d(days=110),
        "announcement_on": start + d(days=125),
    }


def make_edition(*, status: str = Edition.Status.APPLICATION, year: int | None = None, **fields) -> Edition:
    dates = phase_dates(phase=status)
    dates.update({k: v for k, v in fields.items() if k in dates})
    rest = {k: v for k, v in fields.items() if k not in dates}
    ranking_method = rest.pop("ranking_method", "normalised")
    edition = services.edition_create(year=year or next(_years), by=None, ranking_method=ranking_method, **dates, **rest)
    if status != Edition.Status.DRAFT:
        Edition.objects.filter(pk=edition.pk).update(status=status)
        edition.refresh_from_db()
    return edition


def category(edition: Edition, code: str = "services"):
    return edition.categories.get(code=code)


def make_entry(
    *, edition: Edition, category=None, title: str | None = None, country: str = "VN", member=None,
    status: str = Entry.Status.ELIGIBLE, applicant=None, organisation_name: str | None = None, **fields,
) -> Entry:
    """An entry saved directly in `status` (the entry services are tested on their own)."""
    category = category or edition.categories.order_by("order").first()
    title = title or f"Project {next(_titles)}"
    name = member.name if member else (organisation_name or f"City of {title}")
    country = str(member.country) if member else country
    entry = Entry.objects.create(
        edition=edition, category=category, applicant=applicant or UserFactory(), member=member,
        organisation_name=name, country=country, title=title, title_key=normalise_text(title),
        organisation_key=organisation_key(member_id=member.pk if member else None, name=name, country=country),
        summary=fields.pop("summary", "A summary."), problem=fields.pop("problem", "A problem."),
        solution=fields.pop("solution", "A solution."), results=fields.pop("results", "Results: 40% faster."),
        status=status, submitted_at=timezone.now() if status != Entry.Status.DRAFT else None,
        eligibility_reason=fields.pop("eligibility_reason", "Not a public body" if status == "ineligible" else ""),
        **fields,
    )
    return entry


_titles = itertools.count(1)


def make_judge(*, edition: Edition, country: str = "KR", categories=None, user=None, member=None, city: str = "") -> Judge:
    judge = Judge.objects.create(
        edition=edition, user=user or UserFactory(), country=country, member=member, city=city or (member.name if member else "")
    )
    judge.categories.set(categories if categories is not None else list(edition.categories.all()))
    return judge


def assign(judge: Judge, entry: Entry, status: str = Assignment.Status.ASSIGNED) -> Assignment:
    return Assignment.objects.create(
        judge=judge, entry=entry, judge_country=str(judge.country), entry_country=str(entry.country), status=status
    )


def score_entry(judge: Judge, entry: Entry, values, *, submitted: bool = True) -> Assignment:
    """Record a judge's criterion scores for an entry (in criterion order) directly, submitted by default."""
    assignment = Assignment.objects.filter(judge=judge, entry=entry).first() or assign(judge, entry)
    criteria = list(entry.edition.criteria.order_by("order", "pk"))
    if isinstance(values, int | float):
        values = [values] * len(criteria)
    now = timezone.now() if submitted else None
    for criterion, value in zip(criteria, values, strict=False):
        Score.objects.create(judge=judge, entry=entry, criterion=criterion, score=value, submitted_at=now)
    if submitted:
        assignment.status = Assignment.Status.SUBMITTED
        assignment.submitted_at = now
        assignment.save()
    return assignment


def make_finalists(*, edition: Edition, category=None, count: int = 5, **entry_fields) -> list[Finalist]:
    """A published shortlist of `count` finalists in `category` (saved directly)."""
    category = category or edition.categories.order_by("order").first()
    shortlist = Shortlist.objects.create(edition=edition, category=category, ranking_method=edition.ranking_method)
    finalists = []
    for position in range(1, count + 1):
        entry = make_entry(edition=edition, category=category, **entry_fields)
        finalists.append(
            Finalist.objects.create(shortlist=shortlist, entry=entry, position=position, judging_score=10 - position)
        )
    return finalists


class EntryFactory(factory.django.DjangoModelFactory):
    """For tests that want a bare entry; prefer make_entry."""

    class Meta:
        model = Entry

    edition = factory.LazyFunction(make_edition)
    category = factory.LazyAttribute(lambda o: o.edition.categories.order_by("order").first())
    applicant = factory.SubFactory(UserFactory)
    organisation_name = factory.Sequence(lambda n: f"Town {n}")
    country = "VN"
    title = factory.Sequence(lambda n: f"Entry {n}")
    title_key = factory.LazyAttribute(lambda o: normalise_text(o.title))
    organisation_key = factory.LazyAttribute(
        lambda o: organisation_key(member_id=None, name=o.organisation_name, country=o.country)
    )
    summary = "A summary."


__all__ = [
    "EntryFactory", "MemberFactory", "UserFactory", "assign", "category", "make_edition", "make_entry",
    "make_finalists", "make_judge", "phase_dates", "score_entry",
]
