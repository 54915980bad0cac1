"""Reads of the feasibility app, with their joins built in; aggregates are computed in SQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StdDev,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from members.permissions import is_secretariat
from members.selectors import affiliation_list_for_user
from wego.models import Topic

from . import economics
from .catalogue import ELEMENT_CODES
from .models import (
    Call,
    Deliverable,
    EconomicAnalysis,
    ImplementationReport,
    LetterOfIntent,
    Project,
    ProjectConsultant,
    ProjectOutcome,
    Review,
    Reviewer,
    Theme,
    ThemeRanking,
    ThemeSurvey,
)
from .models.reviews import SCORE_FIELDS
from .permissions import can_view_letter, can_view_project

# --- Thematic priorities ----------------------------------------------------------------------------


def survey_results(*, survey: ThemeSurvey) -> QuerySet[Theme]:
    """The survey's themes with their Borda count, best first.

    With n themes, a theme ranked k-th by a member earns n − k points (first: n − 1, last: 0).
    Ties are broken by the number of first places, then by name. Computed in one SQL query.
    """
    n = survey.themes.count()
    in_survey = Q(ranking_entries__ranking__survey=survey)
    return survey.themes.annotate(
        points=Coalesce(
            Sum(Value(n) - F("ranking_entries__position"), filter=in_survey, output_field=IntegerField()), 0
        ),
        first_places=Count("ranking_entries", filter=in_survey & Q(ranking_entries__position=1)),
        mean_position=Avg("ranking_entries__position", filter=in_survey),
    ).order_by("-points", "-first_places", "name")


def survey_list_open() -> QuerySet[ThemeSurvey]:
    now = timezone.now()
    return (
        ThemeSurvey.objects.filter(status=ThemeSurvey.Status.OPEN)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .prefetch_related("themes")
        .order_by("-year")
    )


def survey_list_for_staff() -> QuerySet[ThemeSurvey]:
    return ThemeSurvey.objects.select_related("chosen_theme").annotate(
        ranking_count=Count("rankings", distinct=True), theme_count=Count("themes", distinct=True)
    ).order_by("-year", "-created_at")


def ranking_exists(*, survey: ThemeSurvey, member) -> bool:
    return ThemeRanking.objects.filter(survey=survey, member=member).exists()


# --- Calls and letters -------------------------------------------------------------------------------


def _topics_prefetch() -> tuple[Prefetch, Prefetch]:
    """A call's own topics and its theme's, in the vocabulary's order (Call.topic_list reads them)."""
    return (Prefetch("topics", queryset=Topic.objects.order_by("order", "name")),
            Prefetch("theme__topics", queryset=Topic.objects.order_by("order", "name")))


def call_list_public() -> QuerySet[Call]:
    """Published and decided calls, newest first, with their theme, topics and documents."""
    return (
        Call.objects.exclude(status=Call.Status.DRAFT)
        .select_related("theme")
        .prefetch_related(
            *_topics_prefetch(),
            "documents",
            Prefetch(
                "letters",
                queryset=LetterOfIntent.objects.filter(status=LetterOfIntent.Status.SELECTED)
                .select_related("member")
                .order_by("member__name"),
                to_attr="selected_letters",
            ),
        )
        .order_by("-year", "-opens_at")
    )


def call_list_open() -> QuerySet[Call]:
    now = timezone.now()
    return call_list_public().filter(status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


def call_list_for_topics(*, codes, member=None) -> QuerySet[Call]:
    """Calls a city may still write to on these topics: published and not yet closed (open, or announced
    with `opens_at` still to come), whose own topics — or, for a call without any, its theme's — include
    one of `codes` (topics in use only). Without the calls `member` already has a letter for. Soonest
    deadline first, topics prefetched: three queries whatever the number of calls."""
    codes = [c for c in codes if c]
    own = Call.topics.through.objects.filter(call_id=OuterRef("pk"))
    own_match = own.filter(topic__code__in=codes, topic__is_active=True)
    theme_match = Theme.topics.through.objects.filter(
        theme_id=OuterRef("theme_id"), topic__code__in=codes, topic__is_active=True
    )
    calls = (
        Call.objects.filter(status=Call.Status.PUBLISHED, closes_at__gt=timezone.now())
        .filter(Exists(own_match) | (~Exists(own) & Exists(theme_match)))
        .select_related("theme")
        .prefetch_related(*_topics_prefetch())
        .order_by("closes_at", "pk")
    )
    if member is not None:
        calls = calls.exclude(Exists(LetterOfIntent.objects.filter(call_id=OuterRef("pk"), member=member)))
    return calls if codes else calls.none()


def call_list_for_staff() -> QuerySet[Call]:
    return Call.objects.select_related("theme", "survey").annotate(
        letters_submitted=Count(
            "letters",
            filter=Q(letters__status__in=["submitted", "selected", "rejected"]),
            distinct=True,
        ),
        letters_draft=Count("letters", filter=Q(letters__status="draft"), distinct=True),
        letters_selected=Count("letters", filter=Q(letters__status="selected"), distinct=True),
        reviewer_count=Count("reviewers", distinct=True),
    ).order_by("-year", "-opens_at")


def letter_list_for_user(*, user) -> QuerySet[LetterOfIntent]:
    """The letters of every member the user acts for."""
    members = affiliation_list_for_user(user=user).values("member_id")
    return (
        LetterOfIntent.objects.filter(member_id__in=members)
        .select_related("call", "call__theme", "member")
        .order_by("-call__year", "member__name")
    )


def letter_get_for_user(*, user, pk: int) -> LetterOfIntent:
    """A letter the user may read (its member's officials, its reviewers, the Secretariat); 404 otherwise."""
    letter = (
        LetterOfIntent.objects.select_related("call", "call__theme", "member", "submitted_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if letter is None or not can_view_letter(user, letter):
        raise Http404
    return letter


# --- Review -------------------------------------------------------------------------------------------


def review_queue_for_user(*, user) -> QuerySet[Review]:
    """The reviewer's assignments, open calls first."""
    return (
        Review.objects.filter(reviewer__user=user)
        .select_related("letter", "letter__member", "letter__call", "letter__call__theme", "reviewer")
        .order_by("-letter__call__year", "letter__call__title", "status", "letter__member__name")
    )


def review_get_for_reviewer(*, user, pk: int) -> Review:
    review = (
        Review.objects.select_related("letter", "letter__member", "letter__call", "letter__call__theme", "reviewer")
        .filter(pk=pk, reviewer__user=user)
        .first()
    )
    if review is None:
        raise Http404
    return review


def reviews_visible_to(*, user, letter: LetterOfIntent) -> list[Review]:
    """The submitted reviews of a letter this user may see.

    A reviewer sees the others' scores only once their own review of the letter is submitted (so
    that they are not swayed); before that, nothing but their own. The Secretariat sees them all.
    """
    submitted = list(
        letter.reviews.filter(status=Review.Status.SUBMITTED).select_related("reviewer", "reviewer__user")
        .order_by("submitted_at")
    )
    if is_secretariat(user):
        return submitted
    own_submitted = any(r.reviewer.user_id == user.pk for r in submitted)
    if own_submitted:
        return submitted
    return []


def _review_mean_expression(prefix: str = "reviews__"):
    total: Any = F(f"{prefix}{SCORE_FIELDS[0]}")
    for name in SCORE_FIELDS[1:]:
        total = total + F(f"{prefix}{name}")
    return ExpressionWrapper(total * Value(1.0) / Value(len(SCORE_FIELDS)), output_field=FloatField())


def call_ranking(*, call: Call) -> QuerySet[LetterOfIntent]:
    """The call's submitted letters ranked by their mean score, with the spread between reviewers.

    Per letter, in SQL: the number of submitted reviews, the mean of the reviewers' means (1–5),
    their population standard deviation, the lowest and highest reviewer mean, the mean of each
    element, and how many reviews are pending or set aside for a conflict. `submitted_reviews`
    holds every score, reviewer by reviewer.
    """
    done = Q(reviews__status=Review.Status.SUBMITTED)
    per_review = _review_mean_expression()
    element_means = {
        f"mean_{code}": Avg(f"reviews__score_{code}", filter=done, output_field=FloatField()) for code in ELEMENT_CODES
    }
    return (
        call.letters.exclude(status=LetterOfIntent.Status.DRAFT)
        .select_related("member", "project")
        .annotate(
            review_count=Count("reviews", filter=done),
            pending_count=Count("reviews", filter=Q(reviews__status=Review.Status.ASSIGNED)),
            conflict_count=Count("reviews", filter=Q(reviews__status=Review.Status.CONFLICT)),
            mean_score=Avg(per_review, filter=done),
            spread_sd=StdDev(per_review, filter=done, sample=False),
            lowest=Min(per_review, filter=done),
            highest=Max(per_review, filter=done),
            **element_means,
        )
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(status=Review.Status.SUBMITTED)
                .select_related("reviewer__user")
                .order_by("reviewer__user__name", "reviewer__user__email"),
                to_attr="submitted_reviews",
            )
        )
        .order_by(F("mean_score").desc(nulls_last=True), "member__name")
    )


def panel_for_call(*, call: Call) -> QuerySet[Reviewer]:
    return call.reviewers.select_related("user").annotate(
        assigned=Count("reviews"),
        submitted=Count("reviews", filter=Q(reviews__status=Review.Status.SUBMITTED)),
        conflicts=Count("reviews", filter=Q(reviews__status=Review.Status.CONFLICT)),
    )


# --- Projects -----------------------------------------------------------------------------------------


def _project_base() -> QuerySet[Project]:
    return Project.objects.select_related(
        "beneficiary", "funding_partner", "letter", "letter__call", "letter__call__theme"
    )


def project_list_for_member_user(*, user) -> QuerySet[Project]:
    """The projects of every member the user acts for."""
    members = affiliation_list_for_user(user=user).values("member_id")
    return _project_base().filter(beneficiary_id__in=members).order_by("-letter__call__year")


def project_list_for_consultant(*, user) -> QuerySet[Project]:
    """The consultant's workspace: their projects, with deliverable progress counted in SQL."""
    return (
        _project_base()
        .filter(Exists(ProjectConsultant.objects.filter(project=OuterRef("pk"), user=user)))
        .annotate(
            deliverable_count=Count("deliverables", distinct=True),
            accepted_count=Count(
                "deliverables", filter=Q(deliverables__status=Deliverable.Status.ACCEPTED), distinct=True
            ),
            mine_open=Count(
                "deliverables",
                filter=Q(deliverables__owner=user) & ~Q(deliverables__status=Deliverable.Status.ACCEPTED),
                distinct=True,
            ),
        )
        .order_by("-letter__call__year", "title")
    )


def project_list_for_staff() -> QuerySet[Project]:
    return (
        _project_base()
        .annotate(
            deliverable_count=Count("deliverables", distinct=True),
            accepted_count=Count(
                "deliverables", filter=Q(deliverables__status=Deliverable.Status.ACCEPTED), distinct=True
            ),
        )
        .order_by("-letter__call__year", "title")
    )


def project_get_private(*, user, pk: int) -> Project:
    """A project its beneficiary's officials, its consultants and the Secretariat may open; 404 otherwise."""
    project = _project_base().filter(pk=pk).first()
    if project is None or not can_view_project(user, project):
        raise Http404
    return project


def project_detail_parts(*, project: Project) -> dict:
    """Everything the project page shows, in a handful of queries."""
    deliverables = list(
        project.deliverables.select_related("owner").annotate(document_count=Count("documents")).order_by("position")
    )
    return {
        "consultants": list(project.consultants.select_related("user")),
        "milestones": list(project.milestones.order_by("due_on", "position")),
        "deliverables": deliverables,
        "outcomes": list(project.outcomes.select_related("member")),
        "reports": list(project.implementation_reports.select_related("submitted_by")),
    }


def project_list_published() -> QuerySet[Project]:
    """The public library of F/S outcomes: published studies, newest first, with outcomes."""
    return (
        _project_base()
        .filter(published_at__isnull=False)
        .prefetch_related(
            Prefetch("outcomes", queryset=ProjectOutcome.objects.select_related("member").order_by("delivered_on", "pk"))
        )
        .order_by("-letter__call__year", "beneficiary__name")
    )


def implementation_reports_due(*, member_ids) -> QuerySet[ImplementationReport]:
    """Implementation reports the members still owe, soonest first."""
    return (
        ImplementationReport.objects.filter(
            project__beneficiary_id__in=member_ids,
            status=ImplementationReport.Status.PENDING,
            project__status=Project.Status.FOLLOW_UP,
        )
        .select_related("project", "project__beneficiary")
        .order_by("due_on")
    )


# --- Economic analysis ------------------------------------------------------------------------------


def economic_analysis_get(*, project: Project) -> EconomicAnalysis | None:
    return EconomicAnalysis.objects.filter(project=project).prefetch_related("years").first()


def economic_analysis_compute(*, analysis: EconomicAnalysis) -> economics.Analysis | None:
    """Run the pure analysis on the stored years (None when no year is entered)."""
    years = sorted(analysis.years.all(), key=lambda y: y.year_index)
    if not years:
        return None
    return economics.analyse(
        [y.cost for y in years], [y.benefit for y in years], Decimal(analysis.discount_rate) / Decimal(100)
    )
