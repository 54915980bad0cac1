"""Reads of the WeGO Awards, with their joins and aggregates built in.

`winner_list` is the public entry point for other apps (the CeDS offers the winners as
best-practice modules): it returns published prizes only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from members.selectors import affiliation_list_for_user
from wego.models import Topic

from . import scoring
from .conflicts import judge_conflict
from .models import (
    FINALISTS_PER_CATEGORY,
    Assignment,
    Category,
    Criterion,
    Edition,
    Entry,
    Finalist,
    Judge,
    Prize,
    Score,
    Vote,
)

S = Edition.Status
PUBLIC_ENTRY_STATUSES = (Entry.Status.SUBMITTED, Entry.Status.ELIGIBLE, Entry.Status.INELIGIBLE)


# --- Editions ----------------------------------------------------------------------------------------

def edition_list_public() -> QuerySet[Edition]:
    """Editions visible to the public (all but those in preparation), newest first, with their categories
    and the number of entries received (submitted, whatever the screening decided)."""
    return (
        Edition.objects.exclude(status=S.DRAFT)
        .annotate(entry_count=Count("entries", filter=Q(entries__status__in=PUBLIC_ENTRY_STATUSES), distinct=True))
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("order", "name").prefetch_related("topics"))
        )
        .order_by("-year")
    )


def edition_get_public(*, year: int) -> Edition:
    return edition_list_public().get(year=year)


def edition_current() -> Edition | None:
    """The edition in progress (opened and not yet announced), else None."""
    return (
        Edition.objects.exclude(status__in=[S.DRAFT, S.ANNOUNCED]).order_by("-year").first()
    )


def edition_open_for_applications() -> QuerySet[Edition]:
    return Edition.objects.filter(status=S.APPLICATION).order_by("-year")


def edition_list_for_staff() -> QuerySet[Edition]:
    return Edition.objects.annotate(
        entry_count=Count("entries", filter=~Q(entries__status=Entry.Status.DRAFT), distinct=True),
        judge_count=Count("judges", distinct=True),
    ).order_by("-year")


def category_summary(*, edition: Edition) -> QuerySet[Category]:
    """Per category: entries by status, judges, shortlist published — one query."""
    status = Entry.Status
    return (
        edition.categories.annotate(
            submitted=Count("entries", filter=Q(entries__status=status.SUBMITTED), distinct=True),
            eligible=Count("entries", filter=Q(entries__status=status.ELIGIBLE), distinct=True),
            ineligible=Count("entries", filter=Q(entries__status=status.INELIGIBLE), distinct=True),
            drafts=Count("entries", filter=Q(entries__status=status.DRAFT), distinct=True),
            judge_count=Count("judges", distinct=True),
            published=Count("shortlist", distinct=True),
        )
        .order_by("order", "name")
    )


# --- Entries -----------------------------------------------------------------------------------------

def entry_list_for_user(*, user) -> QuerySet[Entry]:
    """The entries a user started, and those of the members the user acts for ('my entries')."""
    member_ids = affiliation_list_for_user(user=user).values("member_id")
    return (
        Entry.objects.filter(Q(applicant=user) | Q(member_id__in=member_ids))
        .select_related("edition", "category", "member", "applicant", "finalist", "prize")
        .order_by("-edition__year", "category__order", "title")
    )


def entry_list_for_staff(*, edition: Edition, status: str | None = None, category: Category | None = None):
    entries = (
        Entry.objects.filter(edition=edition)
        .exclude(status=Entry.Status.DRAFT)
        .select_related("category", "member", "applicant")
        .order_by("category__order", "status", "title")
    )
    if status:
        entries = entries.filter(status=status)
    if category:
        entries = entries.filter(category=category)
    return entries


def entry_get(*, pk: int) -> Entry:
    return (
        Entry.objects.select_related("edition", "category", "member", "applicant")
        .prefetch_related("images", "documents", "category__topics")
        .get(pk=pk)
    )


def entry_is_public(entry: Entry) -> bool:
    """Finalists of a published shortlist are public (showcase and voting pages)."""
    return Finalist.objects.filter(entry=entry).exists()


# --- Judges ------------------------------------------------------------------------------------------

def judge_list(*, edition: Edition) -> QuerySet[Judge]:
    return (
        edition.judges.select_related("user", "member")
        .prefetch_related("categories")
        .annotate(
            assigned=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED), distinct=True),
            submitted=Count("assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED), distinct=True),
            recused=Count("assignments", filter=Q(assignments__status=Assignment.Status.RECUSED), distinct=True),
        )
        .order_by("user__name", "user__email")
    )


def judge_editions_for_user(*, user) -> QuerySet[Judge]:
    return Judge.objects.filter(user=user).select_related("edition").order_by("-edition__year")


def _visible_to_judge(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Never an entry from the judge's own country or city (whatever an assignment says)."""
    return queryset.exclude(entry__country=F("judge__country")).exclude(
        Q(judge__member__isnull=False) & Q(entry__member_id=F("judge__member_id"))
    )


def assignment_list_for_judge(*, user, edition: Edition | None = None) -> list[Assignment]:
    """A judge's queue: the eligible entries assigned to them, minus conflicts and their own city or country."""
    assignments = _visible_to_judge(
        Assignment.objects.filter(judge__user=user, entry__status=Entry.Status.ELIGIBLE)
        .exclude(status=Assignment.Status.RECUSED)
        .select_related("judge__edition", "entry__category", "entry__edition")
        .order_by("-judge__edition__year", "entry__category__order", "status", "entry__title")
    )
    if edition is not None:
        assignments = assignments.filter(judge__edition=edition)
    return [a for a in assignments if not judge_conflict(a.judge, a.entry)]


def assignment_get_for_judge(*, user, pk: int) -> Assignment:
    """One assignment of the judge; Assignment.DoesNotExist when it is not theirs or not visible to them."""
    for assignment in assignment_list_for_judge(user=user):
        if assignment.pk == pk:
            return assignment
    raise Assignment.DoesNotExist


def scores_of_judge(*, assignment: Assignment) -> dict[int, Score]:
    return {s.criterion_id: s for s in Score.objects.filter(judge_id=assignment.judge_id, entry_id=assignment.entry_id)}


def criterion_means_after_submission(*, assignment: Assignment) -> dict[int, float]:
    """All judges' submitted means per criterion, shown to a judge only once they have submitted."""
    if assignment.status != Assignment.Status.SUBMITTED:
        return {}
    return dict(
        Score.objects.filter(entry_id=assignment.entry_id, submitted_at__isnull=False)
        .values("criterion_id")
        .annotate(avg=Avg("score"))
        .values_list("criterion_id", "avg")
    )


# --- Ranking -----------------------------------------------------------------------------------------

@dataclass
class RankingRow:
    entry: Entry
    stats: scoring.EntryStats | None
    position: int | None = None
    value: float | None = None
    criterion_means: list[float | None] = field(default_factory=list)
    advancing: bool = False
    tied: bool = False


@dataclass
class CategoryRanking:
    """The judging results of a category: ranked rows (then unscored ones) and the shortlist boundary."""

    category: Category
    method: str
    criteria: list[Criterion]
    rows: list[RankingRow]
    boundary: scoring.Boundary

    @property
    def rows_ranked(self) -> list[RankingRow]:
        return [r for r in self.rows if r.position is not None]

    def entry(self, pk: int) -> Entry:
        return next(r.entry for r in self.rows if r.entry.pk == pk)

    @property
    def tied_rows(self) -> list[RankingRow]:
        return [r for r in self.rows if r.tied]


def category_ranking(*, category: Category, method: str | None = None) -> CategoryRanking:
    """Per eligible entry: judges assigned/submitted, mean, median, spread, normalised score and per-criterion
    means; ranked by the edition's method. Four queries whatever the number of entries: the aggregates
    per (entry, judge) and per (entry, criterion) come from SQL, the z-scores from `scoring` over those rows."""
    edition = category.edition
    method = method or edition.ranking_method
    criteria = list(edition.criteria.order_by("order", "pk"))
    entries = list(
        Entry.objects.filter(category=category, status=Entry.Status.ELIGIBLE)
        .select_related("member")
        .annotate(
            judges_assigned=Count("assignments", filter=~Q(assignments__status=Assignment.Status.RECUSED), distinct=True),
            judges_submitted=Count("assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED), distinct=True),
            judges_recused=Count("assignments", filter=Q(assignments__status=Assignment.Status.RECUSED), distinct=True),
        )
        .order_by("title")
    )
    submitted = Score.objects.filter(
        entry__category=category, entry__status=Entry.Status.ELIGIBLE, submitted_at__isnull=False
    ).order_by()
    judge_rows = submitted.values("entry_id", "judge_id").annotate(avg=Avg("score")).values_list("entry_id", "judge_id", "avg")
    stats = scoring.entry_statistics((e, j, float(v)) for e, j, v in judge_rows)
    criterion_avg = {
        (e, c): float(v)
        for e, c, v in submitted.values("entry_id", "criterion_id").annotate(avg=Avg("score")).values_list(
            "entry_id", "criterion_id", "avg"
        )
    }
    titles = {e.pk: e.title.casefold() for e in entries}
    ranked = scoring.rank({pk: s.value(method) for pk, s in stats.items() if pk in titles}, tiebreak=titles)
    boundary = scoring.shortlist_boundary(ranked, slots=FINALISTS_PER_CATEGORY)
    by_pk = {e.pk: e for e in entries}
    rows: list[RankingRow] = []
    for r in ranked:
        rows.append(
            RankingRow(
                entry=by_pk[r.entry_id], stats=stats[r.entry_id], position=r.position, value=r.value,
                advancing=r.entry_id in boundary.advancing, tied=r.entry_id in boundary.tied,
            )
        )
    rows += [RankingRow(entry=e, stats=None) for e in entries if e.pk not in stats]
    for row in rows:
        row.criterion_means = [criterion_avg.get((row.entry.pk, c.pk)) for c in criteria]
    return CategoryRanking(category=category, method=method, criteria=criteria, rows=rows, boundary=boundary)


# --- Shortlists, votes, prizes ------------------------------------------------------------------------

def finalist_list(*, edition: Edition) -> QuerySet[Finalist]:
    return (
        Finalist.objects.filter(shortlist__edition=edition)
        .select_related("entry__member", "entry__category", "shortlist__category")
        .order_by("shortlist__category__order", "position")
    )


def finalists_by_category(*, edition: Edition, seed: str | None = None) -> list[tuple[Category, list[Finalist]]]:
    """Finalists grouped by category. With a `seed` (the visitor's session), each category's finalists are
    shuffled in an order that is random per visitor but stable across their page loads."""
    groups: dict[int, list[Finalist]] = defaultdict(list)
    categories: dict[int, Category] = {}
    for finalist in finalist_list(edition=edition):
        category = finalist.shortlist.category
        categories[category.pk] = category
        groups[category.pk].append(finalist)
    result = []
    for pk, finalists in groups.items():
        if seed is not None:
            random.Random(f"{seed}:{pk}").shuffle(finalists)
        result.append((categories[pk], finalists))
    return result


def votes_of_user(*, user, edition: Edition) -> dict[int, Vote]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {v.category_id: v for v in Vote.objects.filter(user=user, edition=edition).select_related("entry")}


def vote_counts(*, edition: Edition) -> list[tuple[Category, list[Finalist]]]:
    """Finalists per category with `valid_votes` and `void_votes` counted in SQL, most votes first."""
    finalists = (
        finalist_list(edition=edition)
        .annotate(
            valid_votes=Count("entry__votes", filter=Q(entry__votes__voided_at__isnull=True)),
            void_votes=Count("entry__votes", filter=Q(entry__votes__voided_at__isnull=False)),
        )
        .order_by("shortlist__category__order", "-valid_votes", "position")
    )
    groups: dict[int, list[Finalist]] = defaultdict(list)
    categories: dict[int, Category] = {}
    for finalist in finalists:
        categories[finalist.shortlist.category_id] = finalist.shortlist.category
        groups[finalist.shortlist.category_id].append(finalist)
    return [(categories[pk], groups[pk]) for pk in groups]


@dataclass
class Burst:
    entry_id: int
    title: str
    start: dt.datetime
    end: dt.datetime
    votes: int


@dataclass
class DomainAnomaly:
    domain: str
    accounts: int
    votes: int
    entries: list[tuple[str, int]]


@dataclass
class AnomalyReport:
    window_minutes: int
    burst_threshold: int
    new_account_days: int
    domain_threshold: int
    bursts: list[Burst]
    domains: list[DomainAnomaly]

    @property
    def clean(self) -> bool:
        return not self.bursts and not self.domains


def anomaly_report(
    *, edition: Edition, window_minutes: int = 10, burst_threshold: int = 15, new_account_days: int = 2,
    domain_threshold: int = 10,
) -> AnomalyReport:
    """Valid votes that look organised, for the Secretariat to review before the results.

    - Bursts: `burst_threshold` or more votes for one entry within `window_minutes` (a sliding window
      over one query's rows, ordered by entry and time); overlapping windows are merged.
    - New accounts by email domain: accounts created at most `new_account_days` before they voted,
      grouped by email domain (SQL), when a domain has `domain_threshold` or more of them.
    """
    window = dt.timedelta(minutes=window_minutes)
    rows = list(
        Vote.objects.filter(edition=edition, voided_at__isnull=True)
        .order_by("entry_id", "created_at")
        .values_list("entry_id", "created_at")
    )
    bursts: list[Burst] = []
    by_entry: dict[int, list[dt.datetime]] = defaultdict(list)
    for entry_id, created in rows:
        by_entry[entry_id].append(created)
    for entry_id, times in by_entry.items():
        left = 0
        current: Burst | None = None
        for right, t in enumerate(times):
            while t - times[left] > window:
                left += 1
            count = right - left + 1
            if count >= burst_threshold:
                if current and times[left] <= current.end:
                    current.end = t
                    current.votes = sum(1 for x in times if current.start <= x <= t)
                else:
                    current = Burst(entry_id=entry_id, title="", start=times[left], end=t, votes=count)
                    bursts.append(current)
    if bursts:
        titles = dict(Entry.objects.filter(pk__in={b.entry_id for b in bursts}).values_list("pk", "title"))
        for b in bursts:
            b.title = titles.get(b.entry_id, "")
    new = Vote.objects.filter(
        edition=edition, voided_at__isnull=True, user__date_joined__gte=F("created_at") - dt.timedelta(days=new_account_days)
    )
    flagged = list(
        new.values("email_domain")
        .annotate(accounts=Count("user", distinct=True), votes=Count("id"))
        .filter(accounts__gte=domain_threshold)
        .order_by("-accounts", "email_domain")
    )
    domains: list[DomainAnomaly] = []
    if flagged:
        per_entry = defaultdict(list)
        for domain, title, n in (
            new.filter(email_domain__in=[f["email_domain"] for f in flagged])
            .values("email_domain", "entry__title")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("email_domain", "entry__title", "n")
        ):
            per_entry[domain].append((title, n))
        domains = [
            DomainAnomaly(domain=f["email_domain"], accounts=f["accounts"], votes=f["votes"], entries=per_entry[f["email_domain"]])
            for f in flagged
        ]
    return AnomalyReport(window_minutes, burst_threshold, new_account_days, domain_threshold, bursts, domains)


def votes_in_burst(*, edition: Edition, entry_id: int, start: dt.datetime, end: dt.datetime) -> QuerySet[Vote]:
    return Vote.objects.filter(
        edition=edition, entry_id=entry_id, created_at__gte=start, created_at__lte=end, voided_at__isnull=True
    )


def votes_new_accounts_of_domain(*, edition: Edition, domain: str, new_account_days: int = 2) -> QuerySet[Vote]:
    return Vote.objects.filter(
        edition=edition, voided_at__isnull=True, email_domain=domain,
        user__date_joined__gte=F("created_at") - dt.timedelta(days=new_account_days),
    )


def prize_list(*, edition: Edition) -> QuerySet[Prize]:
    return (
        Prize.objects.filter(edition=edition)
        .select_related("category", "entry__member", "edition")
        .order_by("category__order", "kind")
    )


def winner_list(
    *, year: int | None = None, category: str | None = None, kind: int | None = None, member=None
) -> QuerySet[Prize]:
    """Published prizes (Best and Outstanding e-Government Prize) of every announced edition.

    The public showcase, the API and other apps read winners here. Filters: `year`, `category`
    (a category code such as "open-city"), `kind` (Prize.Kind), `member` (a members.Member).
    Each prize carries `entry` (title, summary, problem, solution, results, figure_list(),
    url, organisation_name, country, member), `category`, `edition` and `get_kind_display()`.
    """
    prizes = (
        Prize.objects.filter(edition__status=S.ANNOUNCED)
        .select_related("edition", "category", "entry__member")
        .order_by("-edition__year", "category__order", "kind")
    )
    if year is not None:
        prizes = prizes.filter(edition__year=year)
    if category:
        prizes = prizes.filter(category__code=category)
    if kind is not None:
        prizes = prizes.filter(kind=kind)
    if member is not None:
        prizes = prizes.filter(entry__member=member)
    return prizes


def winner_list_for_topics(*, codes, exclude_member=None) -> QuerySet[Prize]:
    """Published prizes in categories whose topics (in use) include one of `codes`, newest edition
    first, Best before Outstanding; without the prizes of `exclude_member`'s own entries. The
    categories' topics are prefetched: two queries whatever the number of prizes."""
    codes = [c for c in codes if c]
    matching = Category.topics.through.objects.filter(
        category_id=OuterRef("category_id"), topic__code__in=codes, topic__is_active=True
    )
    prizes = (
        winner_list()
        .filter(Exists(matching))
        .prefetch_related(Prefetch("category__topics", queryset=Topic.objects.filter(is_active=True)))
    )
    if exclude_member is not None:
        prizes = prizes.exclude(entry__member=exclude_member)
    return prizes if codes else prizes.none()


def prize_get_public(*, pk: int) -> Prize:
    return winner_list().get(pk=pk)
