"""Review of letters: reviewers, conflicts (own city or country), assignment, scores."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import is_secretariat
from wego.audit import audit_record

from ..catalogue import ELEMENT_CODES
from ..models import (
    Call,
    LetterOfIntent,
    Review,
    Reviewer,
)
from ..models.reviews import SCORE_FIELDS
from ..workflows import REVIEW
from .calls import _lock_call

__all__ = [
    "reviewer_conflict",
    "reviewer_add",
    "review_assign",
    "reviews_assign_automatically",
    "review_save",
    "review_declare_conflict",
]


def reviewer_conflict(*, reviewer: Reviewer, letter: LetterOfIntent) -> str:
    """Why this reviewer may not review this letter ("" when they may): their own city or country."""
    member = letter.member
    affiliations = list(reviewer.user.affiliations.select_related("member"))
    if any(a.member_id == member.pk for a in affiliations):
        return _("%(user)s acts for %(member)s, the applicant.") % {"user": reviewer.user, "member": member}
    countries = {str(reviewer.country)} | {str(a.member.country) for a in affiliations}
    if str(member.country) in countries - {""}:
        return _("%(user)s comes from %(country)s, the applicant's country.") % {
            "user": reviewer.user, "country": member.country.name}
    return ""


@transaction.atomic
def reviewer_add(*, call: Call, user, by, country: str = "", kind: str | None = None) -> Reviewer:
    """Put a user on a call's review panel (Secretariat staff, or an external reviewer)."""
    if call.status == Call.Status.DECIDED:
        raise ValidationError(_("The selection of this call is closed."))
    if Reviewer.objects.filter(call=call, user=user).exists():
        raise ValidationError(_("%(user)s is already on the panel of this call.") % {"user": user})
    if kind is None:
        kind = Reviewer.Kind.SECRETARIAT if is_secretariat(user) else Reviewer.Kind.EXTERNAL
    reviewer = Reviewer.objects.create(call=call, user=user, country=country, kind=kind, added_by=by)
    audit_record(actor=by, action="feasibility.reviewer.added", target=reviewer, data={"kind": kind})
    return reviewer


def _require_reviewing(call: Call) -> None:
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("The selection of this call is closed."))
    if not call.is_closed():
        raise ValidationError(_("Reviews start when the call has closed and the letters are final."))


@transaction.atomic
def review_assign(*, reviewer: Reviewer, letter: LetterOfIntent, by) -> Review:
    """Assign one letter to one reviewer. Refused when the reviewer is from the applicant's city or country."""
    _require_reviewing(letter.call)
    if reviewer.call_id != letter.call_id:
        raise ValidationError(_("The reviewer is on the panel of another call."))
    if letter.status != LetterOfIntent.Status.SUBMITTED:
        raise ValidationError(_("Only submitted letters are reviewed."))
    conflict = reviewer_conflict(reviewer=reviewer, letter=letter)
    if conflict:
        raise ValidationError(_("Conflict of interest: %(reason)s") % {"reason": conflict})
    try:
        with transaction.atomic():
            review = Review.objects.create(reviewer=reviewer, letter=letter, assigned_by=by)
    except IntegrityError:
        raise ValidationError(_("This reviewer is already assigned to this letter."))
    audit_record(actor=by, action="feasibility.review.assigned", target=review)
    return review


@transaction.atomic
def reviews_assign_automatically(*, call: Call, by) -> dict:
    """Assign every submitted letter to every panel reviewer, skipping conflicts of interest.

    Safe to run again (for a reviewer added later): existing assignments stay.
    Returns {"created": n, "skipped": [(reviewer, letter, reason), …]}.
    """
    call = _lock_call(call)
    _require_reviewing(call)
    reviewers = list(call.reviewers.select_related("user"))
    letters = list(call.letters.filter(status=LetterOfIntent.Status.SUBMITTED).select_related("member"))
    existing = set(Review.objects.filter(reviewer__call=call).values_list("reviewer_id", "letter_id"))
    to_create, skipped = [], []
    for reviewer in reviewers:
        for letter in letters:
            if (reviewer.pk, letter.pk) in existing:
                continue
            reason = reviewer_conflict(reviewer=reviewer, letter=letter)
            if reason:
                skipped.append((reviewer, letter, reason))
                continue
            to_create.append(Review(reviewer=reviewer, letter=letter, assigned_by=by))
    Review.objects.bulk_create(to_create, ignore_conflicts=True)
    audit_record(
        actor=by, action="feasibility.review.assigned_automatically", target=call,
        data={"created": len(to_create), "skipped": len(skipped)},
    )
    return {"created": len(to_create), "skipped": skipped}


def _lock_review(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("reviewer", "letter", "letter__call").get(pk=review.pk)


@transaction.atomic
def review_save(
    *, review: Review, by, scores: dict[str, int | None], comments: dict[str, str] | None = None,
    overall_comment: str = "", submit: bool = False,
) -> Review:
    """Save a reviewer's scores (1–5 per element) and comments; `submit` makes them final and visible."""
    review = _lock_review(review)
    if review.reviewer.user_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the assigned reviewer can score this letter."))
    REVIEW.check(review, "submit" if submit else "save")  # the selection not closed, the review still open
    comments = comments or {}
    errors = {}
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value is not None and not (isinstance(value, int) and 1 <= value <= 5):
            errors[f"score_{code}"] = _("Give a score from 1 to 5.")
        elif value is None and submit:
            errors[f"score_{code}"] = _("Score this element before submitting.")
        setattr(review, f"score_{code}", value)
        setattr(review, f"comment_{code}", comments.get(code, getattr(review, f"comment_{code}")))
    if errors:
        raise ValidationError(errors)
    review.overall_comment = overall_comment
    fields = [*SCORE_FIELDS, *(f"comment_{c}" for c in ELEMENT_CODES), "overall_comment"]
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    review.save(update_fields=fields)
    audit_record(
        actor=by, action="feasibility.review.submitted" if submit else "feasibility.review.saved", target=review,
        data={"scores": review.scores()} if submit else None,
    )
    return review


@transaction.atomic
def review_declare_conflict(*, review: Review, by, reason: str) -> Review:
    """A reviewer steps aside from a letter, saying why; any scores they gave no longer count."""
    review = _lock_review(review)
    if review.reviewer.user_id != getattr(by, "pk", None) and not is_secretariat(by):
        raise ValidationError(_("Only the reviewer (or the Secretariat) can declare this conflict."))
    if not reason.strip():
        raise ValidationError(_("Say what the conflict of interest is."))
    REVIEW.check(review, "declare_conflict")  # not declared yet, the selection not closed
    review.status = Review.Status.CONFLICT
    review.conflict_reason = reason.strip()
    review.declared_at = timezone.now()
    for name in SCORE_FIELDS:
        setattr(review, name, None)
    review.save(update_fields=["status", "conflict_reason", "declared_at", *SCORE_FIELDS])
    audit_record(actor=by, action="feasibility.review.conflict_declared", target=review, data={"reason": reason})
    return review
