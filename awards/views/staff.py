"""The Secretariat's awards console (/staff/awards/): phases, screening, judges, rankings, shortlists, votes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.charts import bar_chart
from wego.web import errors_to_form, errors_to_messages

from .. import scoring, selectors, services
from ..forms import (
    AnomalyParamsForm,
    AnomalyReviewForm,
    AssignForm,
    EditionCreateForm,
    EditionForm,
    JudgeForm,
    RankingMethodForm,
    ScreenForm,
    SpreadForm,
    TieDecisionForm,
    VoidBurstForm,
    VoidDomainForm,
)
from ..models import Assignment, Category, Edition, Entry, Shortlist
from ..workflows import EDITION, ENTRY
from .common import secretariat_required


def _edition(year: int) -> Edition:
    return get_object_or_404(Edition, year=year)


@secretariat_required
def console(request):
    """Every edition with its phase, entries and judges; a form to create the next edition."""
    return render(request, "awards/staff/console.html", {"editions": list(selectors.edition_list_for_staff())})


@secretariat_required
def edition_new(request):
    form = EditionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            edition = services.edition_create(by=request.user, **data)
            messages.success(request, _("%(edition)s is created, with the default categories and criteria.") % {"edition": edition})
            return redirect("awards_staff:edition", year=edition.year)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "awards/staff/edition_form.html", {"form": form, "edition": None})


@secretariat_required
def edition_edit(request, year: int):
    edition = _edition(year)
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_update(edition=edition, by=request.user, data=form.cleaned_data)
            messages.success(request, _("The edition is updated."))
            return redirect("awards_staff:edition", year=edition.year)
        except ValidationError as exc:
            errors_to_form(form, exc)
    edition.refresh_from_db()
    return render(request, "awards/staff/edition_form.html", {"form": form, "edition": edition})


@secretariat_required
def edition_detail(request, year: int):
    """An edition's phase with the next transitions (a button for each the table allows now, else what is
    missing), its ranking method, and per-category progress."""
    edition = _edition(year)
    categories = list(selectors.category_summary(edition=edition))
    return render(
        request,
        "awards/staff/edition.html",
        {"edition": edition, "categories": categories, "options": EDITION.options(edition, request.user),
         "method_form": RankingMethodForm(initial={"method": edition.ranking_method}),
         "criteria": list(edition.criteria.order_by("order"))},
    )


@secretariat_required
@require_POST
def edition_transition(request, year: int):
    edition = _edition(year)
    name = request.POST.get("transition", "")
    try:
        services.edition_transition(edition=edition, transition=name, by=request.user)
        edition.refresh_from_db()
        messages.success(request, _("%(edition)s: phase “%(status)s”.") % {"edition": edition, "status": edition.get_status_display()})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("awards_staff:edition", year=edition.year)


@secretariat_required
@require_POST
def ranking_method(request, year: int):
    edition = _edition(year)
    form = RankingMethodForm(request.POST)
    if form.is_valid():
        try:
            services.edition_set_ranking_method(edition=edition, method=form.cleaned_data["method"], by=request.user)
            messages.success(request, _("Ranking method saved."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    return redirect("awards_staff:edition", year=edition.year)


@secretariat_required
def entries(request, year: int):
    """Entries to screen (and screened ones) of an edition."""
    edition = _edition(year)
    status = request.GET.get("status") or None
    if status not in (None, *Entry.Status.values):
        status = None
    rows = list(selectors.entry_list_for_staff(edition=edition, status=status)[:500])
    return render(
        request, "awards/staff/entries.html",
        {"edition": edition, "entries": rows, "status": status, "statuses": Entry.Status.choices},
    )


@secretariat_required
def entry_screen(request, pk: int):
    entry = get_object_or_404(Entry.objects.select_related("edition", "category", "member", "applicant"), pk=pk)
    if entry.status == Entry.Status.DRAFT:
        raise Http404
    form = ScreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_screen(
                entry=entry, eligible=form.cleaned_data["decision"], reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, _("Screening recorded for “%(title)s”.") % {"title": entry.title})
            return redirect(f"{_url('awards_staff:entries', entry.edition.year)}?status=submitted")
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "awards/staff/entry_screen.html",
                  {"entry": entry, "form": form, "options": ENTRY.options(entry, request.user, names=["screen"])})


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


@secretariat_required
def judges(request, year: int):
    """Judges of the edition; appoint a judge; spread entries over judges or assign by hand."""
    edition = _edition(year)
    form = JudgeForm(request.POST if "add_judge" in request.POST else None, edition=edition)
    if request.method == "POST" and "add_judge" in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            services.judge_add(
                edition=edition, user=data["user"], country=data["country"], city=data["city"],
                affiliation=data["affiliation"], categories=data["categories"], by=request.user,
            )
            messages.success(request, _("%(user)s is a judge of %(edition)s.") % {"user": data["user"], "edition": edition})
            return redirect("awards_staff:judges", year=edition.year)
        except ValidationError as exc:
            errors_to_form(form, exc)
    categories = list(selectors.category_summary(edition=edition))
    return render(
        request, "awards/staff/judges.html",
        {"edition": edition, "judges": list(selectors.judge_list(edition=edition)), "form": form,
         "categories": categories, "spread_form": SpreadForm()},
    )


@secretariat_required
@require_POST
def spread(request, year: int, code: str):
    edition = _edition(year)
    category = get_object_or_404(Category, edition=edition, code=code)
    form = SpreadForm(request.POST)
    if form.is_valid():
        try:
            result = services.assignments_spread(category=category, per_entry=form.cleaned_data["per_entry"], by=request.user)
            messages.success(request, _("%(n)s assignments created in %(category)s.") % {"n": result["created"], "category": category.name})
            if result["short"]:
                messages.warning(
                    request,
                    _("%(n)s entries could not get enough judges (conflicts or too few judges): appoint more judges.")
                    % {"n": len(result["short"])},
                )
        except ValidationError as exc:
            errors_to_messages(request, exc)
    return redirect("awards_staff:assignments", year=edition.year, code=category.code)


@secretariat_required
def assignments(request, year: int, code: str):
    """Assignments of one category: who scores what; assign by hand."""
    edition = _edition(year)
    category = get_object_or_404(Category, edition=edition, code=code)
    form = AssignForm(request.POST or None, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(judge=form.cleaned_data["judge"], entry=form.cleaned_data["entry"], by=request.user)
            messages.success(request, _("Assignment created."))
            return redirect("awards_staff:assignments", year=edition.year, code=category.code)
        except ValidationError as exc:
            errors_to_form(form, exc)
    rows = list(
        Assignment.objects.filter(entry__category=category)
        .select_related("judge__user", "entry")
        .order_by("entry__title", "judge__user__name")
    )
    return render(
        request, "awards/staff/assignments.html",
        {"edition": edition, "category": category, "assignments": rows, "form": form, "spread_form": SpreadForm()},
    )


@secretariat_required
@require_POST
def assignment_remove(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("entry__category__edition"), pk=pk)
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
        messages.success(request, _("Assignment removed."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    category = assignment.entry.category
    return redirect("awards_staff:assignments", year=category.edition.year, code=category.code)


@secretariat_required
def ranking(request, year: int, code: str):
    """The judging results of a category: mean, median, spread, normalised score, per-criterion means,
    a chart, the shortlist boundary with any tie, the tie decision and publication."""
    edition = _edition(year)
    category = get_object_or_404(Category, edition=edition, code=code)
    result = selectors.category_ranking(category=category)
    tie_form = None
    if result.boundary.has_tie:
        tie_form = TieDecisionForm(request.POST if "decide_tie" in request.POST else None, tied_ids=result.boundary.tied)
        if request.method == "POST" and "decide_tie" in request.POST and tie_form.is_valid():
            try:
                services.tie_decision_record(
                    category=category, chosen=tie_form.cleaned_data["chosen"], reason=tie_form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, _("The tie decision is recorded."))
                return redirect("awards_staff:ranking", year=edition.year, code=category.code)
            except ValidationError as exc:
                errors_to_form(tie_form, exc)
    if request.method == "POST" and "publish" in request.POST:
        try:
            services.shortlist_publish(category=category, by=request.user)
            messages.success(request, _("The shortlist of %(category)s is published.") % {"category": category.name})
            return redirect("awards_staff:ranking", year=edition.year, code=category.code)
        except ValidationError as exc:
            errors_to_messages(request, exc)
    shortlist = Shortlist.objects.filter(category=category).first()
    finalists = list(shortlist.finalists.select_related("entry")) if shortlist else []
    ranked = result.rows_ranked
    chart = bar_chart(
        [(r.entry.title, round(r.value, 2)) for r in ranked[:20]],
        title=_("%(category)s: %(method)s") % {
            "category": category.name,
            "method": _("normalised score") if result.method == scoring.NORMALISED else _("mean score"),
        },
        value_format=lambda v: f"{v:.2f}",
        label_width=200,
    ) if ranked else ""
    decisions = list(category.tie_decisions.select_related("decided_by").prefetch_related("chosen"))
    return render(
        request, "awards/staff/ranking.html",
        {"edition": edition, "category": category, "ranking": result, "chart": chart, "tie_form": tie_form,
         "shortlist": shortlist, "finalists": finalists, "decisions": decisions,
         "categories": list(edition.categories.order_by("order")),
         "can_publish": edition.status == Edition.Status.SHORTLIST and not shortlist and bool(ranked)},
    )


@secretariat_required
def votes(request, year: int):
    """Vote counts per category (chart and table), the anomaly report, voiding, review, winners."""
    edition = _edition(year)
    params_form = AnomalyParamsForm(request.GET or None)
    params = params_form.params()
    review_form = AnomalyReviewForm(request.POST if "review" in request.POST else None)
    if request.method == "POST":
        try:
            if "review" in request.POST and review_form.is_valid():
                services.anomaly_review_record(edition=edition, note=review_form.cleaned_data["note"], by=request.user)
                messages.success(request, _("The anomaly review is recorded."))
                return redirect("awards_staff:votes", year=edition.year)
            if "decide" in request.POST:
                prizes = services.winners_decide(edition=edition, by=request.user)
                messages.success(request, _("%(n)s prizes decided.") % {"n": len(prizes)})
                return redirect("awards_staff:votes", year=edition.year)
        except ValidationError as exc:
            errors_to_messages(request, exc)
    counts = selectors.vote_counts(edition=edition)
    charts = [
        (category, finalists, bar_chart(
            [(f.entry.title, f.valid_votes) for f in finalists],
            title=_("Valid votes: %(category)s") % {"category": category.name}, chart_id=f"votes-{category.code}",
            label_width=200,
        ))
        for category, finalists in counts
    ]
    report = selectors.anomaly_report(edition=edition, **params) if edition.reached(Edition.Status.VOTING) else None
    return render(
        request, "awards/staff/votes.html",
        {"edition": edition, "charts": charts, "report": report, "params_form": params_form,
         "review_form": review_form, "prizes": list(selectors.prize_list(edition=edition)),
         "burst_forms": [
             (b, VoidBurstForm(initial={"entry": b.entry_id, "start": b.start, "end": b.end})) for b in report.bursts
         ] if report else [],
         "domain_forms": [
             (d, VoidDomainForm(initial={"domain": d.domain, "days": params["new_account_days"]})) for d in report.domains
         ] if report else []},
    )


@secretariat_required
@require_POST
def votes_void(request, year: int):
    """Void the votes of a burst or of a domain's new accounts, with a reason (each vote audited)."""
    edition = _edition(year)
    if "domain" in request.POST:
        form = VoidDomainForm(request.POST)
        if form.is_valid():
            qs = selectors.votes_new_accounts_of_domain(
                edition=edition, domain=form.cleaned_data["domain"], new_account_days=form.cleaned_data["days"]
            )
        else:
            qs = None
    else:
        form = VoidBurstForm(request.POST)
        qs = selectors.votes_in_burst(
            edition=edition, entry_id=form.cleaned_data["entry"], start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        ) if form.is_valid() else None
    if qs is None:
        messages.error(request, _("Give the reason for voiding these votes."))
    else:
        try:
            n = services.votes_void(votes=list(qs), reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("%(n)s votes voided.") % {"n": n})
        except ValidationError as exc:
            errors_to_messages(request, exc)
    return redirect("awards_staff:votes", year=edition.year)
