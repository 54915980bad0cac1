"""Who may do what in governance: `rules` predicates used by views, API, admin and the workflow tables."""

from __future__ import annotations

import rules

from members.models import Affiliation
from members.permissions import is_delegate, is_focal_point, is_secretariat

# The Secretariat runs elections ("managing the elections of titled positions and the Executive Committee").
can_run_elections = is_secretariat
# A member's vote is cast by its delegate; its candidacy is filed by its focal point.
can_cast_vote = is_delegate
can_file_candidacy = is_focal_point | is_secretariat


def _acts_as(user, role: str, affiliations) -> bool:
    """Whether the user holds `role` for some member, asked once per user object (a request's user). A
    partner's API key (authenticated, but no user: no pk) acts for no member."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return False
    cache = user.__dict__.setdefault("_governance_roles", {})
    if role not in cache:
        cache[role] = affiliations.filter(user=user).exists()
    return cache[role]


@rules.predicate
def is_some_delegate(user) -> bool:
    """A delegate of some member: which member, and whether it is on the roll, the ballot's service checks."""
    return _acts_as(user, "delegate", Affiliation.objects.delegates())


@rules.predicate
def is_some_focal_point(user) -> bool:
    """A focal point of some member: which member, the candidacy's service checks."""
    return _acts_as(user, "focal_point", Affiliation.objects.focal_points())


@rules.predicate
def is_focal_point_of_candidate(user, candidacy) -> bool:
    return candidacy is not None and is_focal_point(user, candidacy.member)


# The tables (governance.workflows) ask these of a vote or a candidacy.
may_cast_some_vote = is_some_delegate
may_file_some_candidacy = is_some_focal_point | is_secretariat
can_withdraw_candidacy = is_focal_point_of_candidate | is_secretariat

rules.add_perm("governance.run_elections", can_run_elections)
rules.add_perm("governance.cast_vote", can_cast_vote)
rules.add_perm("governance.file_candidacy", can_file_candidacy)
