"""The judge's pages: the queue, the scoring form, the conflict declaration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wego.web import errors_to_form

from .. import selectors, services
from ..forms import ConflictForm, ScoreForm
from ..models import Assignment
from ..workflows import ASSIGNMENT


@login_required
def queue(request):
    """The entries assigned to the judge (never their own city's or country's), to score or scored."""
    assignments = selectors.assignment_list_for_judge(user=request.user)
    judgeships = list(selectors.judge_editions_for_user(user=request.user))
    if not judgeships:
        raise Http404
    return render(
        request,
        "awards/judge_queue.html",
        {"assignments": assignments, "judgeships": judgeships,
         "to_score": sum(1 for a in assignments if a.status == Assignment.Status.ASSIGNED)},
    )


def _assignment(request, pk: int) -> Assignment:
    try:
        return selectors.assignment_get_for_judge(user=request.user, pk=pk)
    except Assignment.DoesNotExist:
        raise Http404


@login_required
def score(request, pk: int):
    """Score each criterion from 1 to 10 with a comment; save a draft or submit (final).

    Other judges' scores are not shown before the judge submits.
    """
    assignment = _assignment(request, pk)
    entry = assignment.entry
    criteria = list(entry.edition.criteria.order_by("order", "pk"))
    mine = selectors.scores_of_judge(assignment=assignment)
    form = ScoreForm(request.POST or None, criteria=criteria, initial_scores=mine)
    # The table (awards.workflows.ASSIGNMENT) decides: scores are edited while they may be submitted.
    allowed = ASSIGNMENT.available_names(assignment, request.user)
    editable = "submit_scores" in allowed
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        try:
            # Save first, so that what the judge typed is kept even if the submission is refused.
            services.scores_save(assignment=assignment, values=form.values(), by=request.user)
            if submit:
                services.scores_save(assignment=assignment, values={}, by=request.user, submit=True)
                messages.success(request, _("Your scores for “%(title)s” are submitted.") % {"title": entry.title})
                return redirect("awards:judge-queue")
            messages.success(request, _("Scores saved as a draft; submit them when you are done."))
            return redirect("awards:judge-score", pk=assignment.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    means = selectors.criterion_means_after_submission(assignment=assignment)
    return render(
        request,
        "awards/judge_score.html",
        {"assignment": assignment, "entry": entry, "form": form, "editable": editable, "allowed": allowed,
         "show_means": bool(means),
         "rows": [(c, mine.get(c.pk), means.get(c.pk)) for c in criteria]},
    )


@login_required
def conflict(request, pk: int):
    """Declare a conflict of interest on an assigned entry, with a reason."""
    assignment = _assignment(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_declare_conflict(assignment=assignment, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("Conflict declared: the entry has left your queue."))
            return redirect("awards:judge-queue")
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "awards/judge_conflict.html",
                  {"assignment": assignment, "form": form,
                   "refusal": ASSIGNMENT.refusal(assignment, "declare_conflict", request.user)})
