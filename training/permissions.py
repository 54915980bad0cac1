"""Who may do what in training: `rules` predicates used by views, API, templates and admin alike.

- Officials apply for themselves; the focal point of their member nominates and ranks them.
- Organisers are the Secretariat, and the staff of a regional office for that office's programs.
- The eGovFrame team (the Secretariat and users in the "training_support" group) answers alumni.
"""

from __future__ import annotations

import rules

from members.permissions import is_focal_point, is_secretariat

from .models import Application, Program, Session

SUPPORT_GROUP = "training_support"


def _program_of(obj):
    if isinstance(obj, Program):
        return obj
    if isinstance(obj, Session):
        return obj.program
    if isinstance(obj, Application):
        return obj.session.program
    return None


@rules.predicate
def is_regional_organiser(user, obj) -> bool:
    """Staff of the regional office that organises the program of `obj` (a program, session or application)."""
    program = _program_of(obj)
    return bool(
        getattr(user, "is_staff", False)
        and getattr(user, "regional_office_id", None)
        and program is not None
        and program.regional_office_id == user.regional_office_id
    )


@rules.predicate
def is_training_staff(user) -> bool:
    """May open the training console: the Secretariat, regional-office staff and the support team."""
    if is_secretariat(user):
        return True
    if not getattr(user, "is_staff", False):
        return False
    return bool(getattr(user, "regional_office_id", None)) or is_support_team(user)


@rules.predicate
def is_support_team(user) -> bool:
    """The eGovFrame team answering alumni: the Secretariat and staff in the training_support group."""
    if is_secretariat(user):
        return True
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False)):
        return False
    cached = getattr(user, "_is_training_support", None)
    if cached is None:
        cached = user.groups.filter(name=SUPPORT_GROUP).exists()
        user._is_training_support = cached
    return cached


@rules.predicate
def is_applicant(user, application) -> bool:
    return getattr(user, "pk", None) is not None and application.applicant_id == user.pk


@rules.predicate
def is_focal_point_of_application(user, application) -> bool:
    return application.member_id is not None and is_focal_point(user, application.member)


@rules.predicate
def is_focal_point_of_request(user, training_request) -> bool:
    """The focal point of the member that asked for the training."""
    return training_request.member_id is not None and is_focal_point(user, training_request.member)


@rules.predicate
def is_requester(user, support_request) -> bool:
    return getattr(user, "pk", None) is not None and support_request.requester_id == user.pk


@rules.predicate
def is_support_answerer(user, support_request) -> bool:
    """The eGovFrame team answering someone else's request (a team member's own question is a follow-up)."""
    return bool(is_support_team(user)) and getattr(user, "pk", None) != support_request.requester_id


can_organise = is_secretariat | is_regional_organiser
can_nominate = is_focal_point_of_application | is_secretariat
can_cancel_application = is_applicant | is_secretariat
can_view_application = is_applicant | is_focal_point_of_application | is_secretariat | is_regional_organiser
can_view_support_request = is_requester | is_support_team

rules.add_perm("training.organise", can_organise)
rules.add_perm("training.nominate", can_nominate)
rules.add_perm("training.view_application_private", can_view_application)
rules.add_perm("training.use_console", is_training_staff)
rules.add_perm("training.answer_support", is_support_team)
rules.add_perm("training.view_support_request", can_view_support_request)
