"""The reviewer's pages: the queue of letters to score and the scoring page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.web import errors_to_form, errors_to_messages

from .. import services
from ..catalogue import ELEMENTS
from ..forms import ConflictForm, ReviewForm
from ..models import Review
from ..selectors import review_get_for_reviewer, review_queue_for_user, reviews_visible_to
from ..workflows import REVIEW


@login_required
def queue(request):
    """Every letter assigned to the reviewer, with what is left to do."""
    reviews = list(review_queue_for_user(user=request.user))
    todo = [r for r in reviews if REVIEW.allowed(r, "submit", request.user)]
    return render(request, "feasibility/reviews.html", {"reviews": reviews, "todo": todo})


def _initial(review: Review) -> dict:
    data = {f"score_{code}": getattr(review, f"score_{code}") for code, _l, _q in ELEMENTS}
    data.update({f"comment_{code}": getattr(review, f"comment_{code}") for code, _l, _q in ELEMENTS})
    data["overall_comment"] = review.overall_comment
    return data


@login_required
def review_detail(request, pk: int):
    """Score a letter on the five elements; the other reviews appear once this one is submitted."""
    review = review_get_for_reviewer(user=request.user, pk=pk)
    letter = review.letter
    allowed = REVIEW.available_names(review, request.user)
    editable = "save" in allowed
    form = ReviewForm(request.POST or None, initial=_initial(review)) if editable else None
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.review_save(
                review=review, by=request.user, scores=form.scores(), comments=form.comments(),
                overall_comment=form.cleaned_data["overall_comment"], submit=submit,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Your review is submitted; the other reviewers' scores are now shown.") if submit
                else _("Your scores are saved as a draft.")
            )
            return redirect("feasibility:review", pk=review.pk)
    others = reviews_visible_to(user=request.user, letter=letter)
    return render(
        request,
        "feasibility/review.html",
        {
            "review": review,
            "letter": letter,
            "answers": letter.element_answers(),
            "form": form,
            "conflict_form": ConflictForm() if "declare_conflict" in allowed else None,
            "others": others,
            "elements": ELEMENTS,
        },
    )


@login_required
@require_POST
def review_conflict(request, pk: int):
    review = review_get_for_reviewer(user=request.user, pk=pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.review_declare_conflict(review=review, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Your conflict of interest is recorded; this letter leaves your queue."))
            return redirect("feasibility:reviews")
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        messages.error(request, _("Say what the conflict of interest is."))
    return redirect("feasibility:review", pk=review.pk)
