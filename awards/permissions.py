"""Who may do what in the WeGO Awards: `rules` predicates used by views, API, templates and admin."""

from __future__ import annotations

import rules

from members.permissions import is_affiliated, is_secretariat

from .conflicts import judge_conflict
from .models import Assignment, Judge
from .selectors import entry_is_public


@rules.predicate
def is_entry_applicant(user, entry) -> bool:
    return bool(getattr(user, "is_authenticated", False) and entry is not None and entry.applicant_id == user.pk)


@rules.predicate
def is_entry_member_official(user, entry) -> bool:
    """An official, delegate or focal point of the member that entered (they see its entries)."""
    return bool(entry is not None and entry.member_id and is_affiliated(user, entry.member))


@rules.predicate
def is_assigned_judge(user, entry) -> bool:
    """A judge with a live assignment on the entry, never from the entry's own city or country."""
    if not getattr(user, "is_authenticated", False) or entry is None:
        return False
    assignment = (
        Assignment.objects.filter(judge__user=user, entry=entry)
        .exclude(status=Assignment.Status.RECUSED)
        .select_related("judge")
        .first()
    )
    return assignment is not None and not judge_conflict(assignment.judge, entry)


@rules.predicate
def is_assignment_judge(user, assignment) -> bool:
    """The judge of an assignment, never one from the entry's own city or country."""
    if not getattr(user, "is_authenticated", False) or assignment is None:
        return False
    judge = assignment.judge
    return judge.user_id == user.pk and not judge_conflict(judge, assignment.entry)


@rules.predicate
def is_public_entry(user, entry) -> bool:
    """Finalists are public once their shortlist is published."""
    return entry is not None and entry_is_public(entry)


@rules.predicate
def is_judge(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and Judge.objects.filter(user=user).exists())


can_view_entry = is_entry_applicant | is_entry_member_official | is_secretariat | is_assigned_judge | is_public_entry
can_edit_entry = is_entry_applicant
can_manage_awards = is_secretariat

rules.add_perm("awards.view_entry_detail", can_view_entry)
rules.add_perm("awards.edit_entry", can_edit_entry)
rules.add_perm("awards.manage", can_manage_awards)
rules.add_perm("awards.judge", is_judge)
