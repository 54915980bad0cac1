"""Who may do what in the feasibility app: `rules` predicates for views, API, templates and admin.

Roles: the Secretariat runs surveys, calls, panels and projects; a member's officials write its
letters and report on its projects (its focal point ranks themes and consents to publication);
reviewers score the letters they are assigned; consultants work on their projects.
"""

from __future__ import annotations

import rules

from members.permissions import is_affiliated, is_focal_point, is_secretariat

from .models import ProjectConsultant, Review


@rules.predicate
def acts_for_letter_member(user, letter) -> bool:
    return letter is not None and is_affiliated(user, letter.member)


@rules.predicate
def reviews_letter(user, letter) -> bool:
    """An assigned reviewer of the letter who has not declared a conflict."""
    if letter is None or not getattr(user, "is_authenticated", False):
        return False
    return letter.reviews.filter(reviewer__user=user).exclude(status=Review.Status.CONFLICT).exists()


@rules.predicate
def owns_review(user, review) -> bool:
    return review is not None and getattr(user, "pk", None) is not None and review.reviewer.user_id == user.pk


@rules.predicate
def is_project_consultant(user, project) -> bool:
    if project is None or getattr(user, "pk", None) is None:
        return False
    cache = getattr(user, "_feasibility_projects", None)
    if cache is None:
        cache = set(ProjectConsultant.objects.filter(user=user).values_list("project_id", flat=True))
        user._feasibility_projects = cache
    return project.pk in cache


@rules.predicate
def acts_for_beneficiary(user, project) -> bool:
    return project is not None and is_affiliated(user, project.beneficiary)


@rules.predicate
def acts_for_report_beneficiary(user, report) -> bool:
    """An official of the city that owes this implementation report."""
    return report is not None and is_affiliated(user, report.project.beneficiary)


@rules.predicate
def is_beneficiary_focal_point(user, project) -> bool:
    return project is not None and is_focal_point(user, project.beneficiary)


@rules.predicate
def member_may_apply(member) -> bool:
    """Only active WeGO members apply for a feasibility study (letter_save_draft refuses the others)."""
    return member is not None and member.status == member.Status.ACTIVE


@rules.predicate
def writes_letters_for(user, member) -> bool:
    """An official of an active member: they may write its letters of intent."""
    return is_affiliated(user, member) and member_may_apply(member)


can_edit_letter = acts_for_letter_member
can_write_letter_for = writes_letters_for  # (user, member)
can_view_letter = acts_for_letter_member | is_secretariat | reviews_letter
can_rank_themes = is_focal_point  # (user, member)
can_score_review = owns_review
can_view_project = acts_for_beneficiary | is_project_consultant | is_secretariat
can_work_on_project = is_project_consultant | is_secretariat
can_report_implementation = acts_for_beneficiary
can_give_consent = is_beneficiary_focal_point
can_manage_feasibility = is_secretariat

rules.add_perm("feasibility.edit_letter", can_edit_letter)
rules.add_perm("feasibility.view_letter_private", can_view_letter)
rules.add_perm("feasibility.rank_themes", can_rank_themes)
rules.add_perm("feasibility.score_review", can_score_review)
rules.add_perm("feasibility.view_project_private", can_view_project)
rules.add_perm("feasibility.work_on_project", can_work_on_project)
rules.add_perm("feasibility.report_implementation", can_report_implementation)
rules.add_perm("feasibility.give_consent", can_give_consent)
rules.add_perm("feasibility.manage", can_manage_feasibility)
