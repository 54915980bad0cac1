"""Who may do what with members: `rules` predicates, the one source of truth for views, API and admin."""

from __future__ import annotations

import rules

from .models import Affiliation
from .regions import region_for_country


def _affiliation(user, member) -> Affiliation | None:
    if not getattr(user, "is_authenticated", False) or member is None or getattr(user, "pk", None) is None:
        return None
    cache = getattr(user, "_affiliation_cache", None)
    if cache is None:
        cache = {a.member_id: a for a in Affiliation.objects.filter(user=user)}
        user._affiliation_cache = cache
    return cache.get(member.pk)


@rules.predicate
def is_secretariat(user) -> bool:
    """Superusers and staff in the 'secretariat' group. Cached on the user object for the request."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False)):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name="secretariat").exists()
        user._is_secretariat = cached
    return cached


@rules.predicate
def is_regional_staff_of(user, member) -> bool:
    return bool(
        getattr(user, "is_staff", False)
        and getattr(user, "regional_office_id", None)
        and member is not None
        and member.region in (user.regional_office.regions or [])
    )


@rules.predicate
def is_affiliated(user, member) -> bool:
    return _affiliation(user, member) is not None


@rules.predicate
def is_focal_point(user, member) -> bool:
    a = _affiliation(user, member)
    return a is not None and a.role == Affiliation.Role.FOCAL_POINT


@rules.predicate
def is_delegate(user, member) -> bool:
    a = _affiliation(user, member)
    return a is not None and a.role == Affiliation.Role.DELEGATE


can_view_member_private = is_affiliated | is_secretariat | is_regional_staff_of
can_manage_officials = is_focal_point | is_secretariat
can_manage_member = is_secretariat | is_regional_staff_of

rules.add_perm("members.view_member_private", can_view_member_private)
rules.add_perm("members.manage_officials", can_manage_officials)
rules.add_perm("members.manage_member", can_manage_member)


@rules.predicate
def is_member_staff(user) -> bool:
    """Secretariat or regional-office staff: may open the membership staff console."""
    return bool(is_secretariat(user) or (getattr(user, "is_staff", False) and getattr(user, "regional_office_id", None)))


rules.add_perm("members.use_staff_console", is_member_staff)


@rules.predicate
def is_applicant(user, application) -> bool:
    """The user who started the membership application."""
    return bool(getattr(user, "is_authenticated", False) and application is not None
                and application.applicant_id == user.pk)


@rules.predicate
def is_staff_of_application(user, application) -> bool:
    """The Secretariat, or staff of the regional office whose regions hold the applicant's country."""
    if application is None:
        return False
    if is_secretariat(user):
        return True
    if not (getattr(user, "is_staff", False) and getattr(user, "regional_office_id", None)):
        return False
    return region_for_country(application.country.code) in (user.regional_office.regions or [])


rules.add_perm("members.decide_application", is_staff_of_application)
