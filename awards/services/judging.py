"""Judges, their assignments (never an entry they are in conflict with, see awards.conflicts) and scores."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..conflicts import judge_conflict
from ..models import (
    Assignment,
    Category,
    Edition,
    Entry,
    Judge,
    Score,
)
from ..workflows import ASSIGNMENT
from .editions import S, _lock_edition

__all__ = [
    "judge_conflict",
    "judge_add",
    "judge_set_categories",
    "judge_update",
    "assignment_create",
    "assignments_spread",
    "assignment_remove",
    "assignment_declare_conflict",
    "scores_save",
]


@transaction.atomic
def judge_add(
    *, edition: Edition, user, by, country: str = "", member=None, city: str = "", affiliation: str = "",
    categories: Iterable[Category] = (),
) -> Judge:
    """Appoint a judge for an edition, with their city and country (which they never judge)."""
    edition = _lock_edition(edition)
    if edition.reached(S.SHORTLIST):
        raise ValidationError(_("Judging of this edition is over."))
    if Judge.objects.filter(edition=edition, user=user).exists():
        raise ValidationError(_("%(user)s is already a judge of this edition.") % {"user": user})
    if member is not None:
        city = city or member.name
        country = country or str(member.country)
    judge = Judge(edition=edition, user=user, member=member, city=city, country=country, affiliation=affiliation)
    judge.full_clean()
    judge.save()
    categories = list(categories)
    if any(c.edition_id != edition.pk for c in categories):
        raise ValidationError(_("Choose categories of this edition."))
    judge.categories.set(categories)
    audit_record(
        actor=by, action="awards.judge.added", target=judge,
        data={"user": user.email, "country": str(country), "categories": [c.code for c in categories]},
    )
    return judge


@transaction.atomic
def judge_update(*, judge: Judge, affiliation: str, by) -> Judge:
    """Change what a judge's affiliation reads (their user, edition, city and country stay: they decide conflicts)."""
    judge = Judge.objects.select_for_update().get(pk=judge.pk)
    old = judge.affiliation
    affiliation = affiliation.strip()
    if affiliation == old:
        return judge
    judge.affiliation = affiliation
    judge.full_clean()
    judge.save(update_fields=["affiliation"])
    audit_record(actor=by, action="awards.judge.updated", target=judge, data={"affiliation": {"from": old, "to": affiliation}})
    return judge


@transaction.atomic
def judge_set_categories(*, judge: Judge, categories: Iterable[Category], by) -> Judge:
    """Choose the categories a judge scores (existing assignments stay)."""
    categories = list(categories)
    if any(c.edition_id != judge.edition_id for c in categories):
        raise ValidationError(_("Choose categories of this edition."))
    judge.categories.set(categories)
    audit_record(actor=by, action="awards.judge.categories_set", target=judge, data={"categories": [c.code for c in categories]})
    return judge


def _assignable(edition: Edition) -> None:
    if edition.status not in (S.ELIGIBILITY, S.JUDGING):
        raise ValidationError(_("Entries are assigned to judges after applications close and until judging ends."))


@transaction.atomic
def assignment_create(*, judge: Judge, entry: Entry, by) -> Assignment:
    """Give an eligible entry to a judge of its category, never one from the judge's own city or country."""
    edition = _lock_edition(judge.edition)
    _assignable(edition)
    if entry.edition_id != edition.pk:
        raise ValidationError(_("The entry is not in this edition."))
    if entry.status != Entry.Status.ELIGIBLE:
        raise ValidationError(_("Only eligible entries are judged."))
    if not judge.categories.filter(pk=entry.category_id).exists():
        raise ValidationError(
            _("%(judge)s does not judge the category %(category)s.") % {"judge": judge, "category": entry.category}
        )
    conflict = judge_conflict(judge, entry)
    if conflict:
        raise ValidationError(_("This entry cannot go to %(judge)s: %(why)s.") % {"judge": judge, "why": conflict})
    if Assignment.objects.filter(judge=judge, entry=entry).exists():
        raise ValidationError(_("This entry is already assigned to %(judge)s.") % {"judge": judge})
    assignment = Assignment(
        judge=judge, entry=entry, judge_country=str(judge.country), entry_country=str(entry.country), assigned_by=by
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError(_("This entry cannot be assigned to this judge."))
    audit_record(actor=by, action="awards.assignment.created", target=assignment, data={"entry": entry.pk})
    return assignment


@transaction.atomic
def assignments_spread(*, category: Category, by, per_entry: int = 3) -> dict:
    """Spread the eligible entries of a category evenly over its judges, `per_entry` judges each.

    Each entry goes to the judges with the fewest entries so far (then by judge id, so the result
    is reproducible), skipping judges from the entry's city or country and judges who declared a
    conflict on it. Existing assignments are kept. Returns {"created": n, "short": [entry ids that
    could not get `per_entry` judges]}.
    """
    edition = _lock_edition(category.edition)
    _assignable(edition)
    if per_entry < 1:
        raise ValidationError(_("Give each entry at least one judge."))
    judges = list(category.judges.filter(edition=edition).order_by("pk"))
    if not judges:
        raise ValidationError(_("No judge is appointed for %(category)s.") % {"category": category.name})
    entries = list(category.entries.filter(status=Entry.Status.ELIGIBLE).order_by("pk"))
    existing = list(Assignment.objects.filter(entry__in=entries).values_list("judge_id", "entry_id", "status"))
    load = {j.pk: 0 for j in judges}
    for judge_id in Assignment.objects.filter(judge__in=judges).exclude(
        status=Assignment.Status.RECUSED
    ).values_list("judge_id", flat=True):
        load[judge_id] = load.get(judge_id, 0) + 1
    pairs = {(j, e) for j, e, _s in existing}
    active: dict[int, int] = {}
    for _j, e, s in existing:
        if s != Assignment.Status.RECUSED:
            active[e] = active.get(e, 0) + 1
    created, short = 0, []
    for entry in sorted(entries, key=lambda e: (active.get(e.pk, 0), e.pk)):
        need = per_entry - active.get(entry.pk, 0)
        if need <= 0:
            continue
        candidates = [j for j in judges if (j.pk, entry.pk) not in pairs and not judge_conflict(j, entry)]
        candidates.sort(key=lambda j: (load[j.pk], j.pk))
        for judge in candidates[:need]:
            Assignment.objects.create(
                judge=judge, entry=entry, judge_country=str(judge.country), entry_country=str(entry.country),
                assigned_by=by,
            )
            load[judge.pk] += 1
            created += 1
        if len(candidates) < need:
            short.append(entry.pk)
    audit_record(
        actor=by, action="awards.assignment.spread", target=category,
        data={"per_entry": per_entry, "created": created, "short": short},
    )
    return {"created": created, "short": short}


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    """Take an entry back from a judge who has not submitted (their draft scores are deleted)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status == Assignment.Status.SUBMITTED:
        raise ValidationError(_("The judge has submitted scores for this entry; the assignment stays."))
    Score.objects.filter(judge_id=assignment.judge_id, entry_id=assignment.entry_id).delete()
    audit_record(
        actor=by, action="awards.assignment.removed", target=assignment.entry,
        data={"judge": assignment.judge_id, "status": assignment.status},
    )
    assignment.delete()


@transaction.atomic
def assignment_declare_conflict(*, assignment: Assignment, reason: str, by) -> Assignment:
    """The judge declares a conflict of interest with a reason; the entry leaves their queue."""
    assignment = Assignment.objects.select_for_update().select_related("judge", "entry").get(pk=assignment.pk)
    if assignment.judge.user_id != by.pk:
        raise ValidationError(_("Only the judge can declare their conflict of interest."))
    ASSIGNMENT.check(assignment, "declare_conflict")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say briefly what the conflict of interest is."))
    Score.objects.filter(judge_id=assignment.judge_id, entry_id=assignment.entry_id).delete()
    assignment.status = Assignment.Status.RECUSED
    assignment.conflict_reason = reason
    assignment.recused_at = timezone.now()
    assignment.save(update_fields=["status", "conflict_reason", "recused_at"])
    audit_record(actor=by, action="awards.assignment.conflict_declared", target=assignment, data={"reason": reason})
    return assignment


@transaction.atomic
def scores_save(*, assignment: Assignment, values: dict, by, submit: bool = False) -> Assignment:
    """Save a judge's scores (criterion id → (score 1–10 or None, comment)); `submit` makes them final.

    Submitting needs a score for every criterion of the edition; submitted scores never change.
    """
    assignment = (
        Assignment.objects.select_for_update().select_related("judge", "entry__edition").get(pk=assignment.pk)
    )
    judge, entry = assignment.judge, assignment.entry
    edition = entry.edition
    if judge.user_id != by.pk:
        raise ValidationError(_("Only the assigned judge scores this entry."))
    if judge_conflict(judge, entry):
        raise ValidationError(_("This entry comes from your own city or country; you do not judge it."))
    # A draft is saved under the conditions of the submission (the state, judging open); the scores
    # themselves are checked below, with the values given.
    ASSIGNMENT.check(assignment, "submit_scores")
    criteria = {c.pk: c for c in edition.criteria.all()}
    existing = {s.criterion_id: s for s in Score.objects.filter(judge=judge, entry=entry)}
    for criterion_id, (value, comment) in values.items():
        if criterion_id not in criteria:
            raise ValidationError(_("Unknown criterion."))
        if value in (None, ""):
            if criterion_id in existing:
                existing.pop(criterion_id).delete()
            continue
        value = int(value)
        if not 1 <= value <= 10:
            raise ValidationError(
                _("%(criterion)s: a score is between 1 (lowest) and 10 (highest).")
                % {"criterion": criteria[criterion_id].name}
            )
        score = existing.get(criterion_id) or Score(judge=judge, entry=entry, criterion_id=criterion_id)
        score.score = value
        score.comment = (comment or "").strip()
        score.save()
        existing[criterion_id] = score
    if submit:
        missing = [criteria[c].name for c in criteria if c not in existing]
        if missing:
            raise ValidationError(_("Score every criterion before submitting: %(names)s.") % {"names": ", ".join(missing)})
        now = timezone.now()
        Score.objects.filter(judge=judge, entry=entry).update(submitted_at=now)
        assignment.status = Assignment.Status.SUBMITTED
        assignment.submitted_at = now
        assignment.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=by, action="awards.assignment.submitted" if submit else "awards.score.saved", target=assignment,
        data={str(c): s.score for c, s in existing.items()},
    )
    return assignment
