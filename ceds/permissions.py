"""Who may do what in the CeDS: `rules` predicates used by views, API, templates, the admin and the
workflows (ceds.workflows).

A city's answers and reports are visible to its own officials (any affiliation) and the Secretariat.
Other members and partners see aggregates over at least five cities, and a city's own scores only when
that city chose to share them.
"""

from __future__ import annotations

import rules

from members.models import Member
from members.permissions import is_affiliated, is_secretariat

from .models import CedsProfile


@rules.predicate
def is_investigation_official(user, investigation) -> bool:
    """Acts for the investigation's city (any affiliation). An investigation read by
    selectors.investigation_list_for_user carries the answer for the user it was read for."""
    if investigation is None:
        return False
    if getattr(user, "pk", None) is not None and getattr(investigation, "acting_user_id", None) == user.pk:
        return bool(investigation.acting_user_is_official)
    return is_affiliated(user, investigation.member)


@rules.predicate
def _is_draft(user, investigation) -> bool:
    return investigation is not None and investigation.status == "draft"


@rules.predicate
def is_action_item_official(user, item) -> bool:
    """Acts for the city whose action item it is."""
    return item is not None and is_affiliated(user, item.member)


@rules.predicate
def _member_shares(user, member) -> bool:
    return (
        member is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "pk", None) is not None
        and bool(user.affiliations.exists())
        and CedsProfile.objects.filter(member=member, share_results=True).exists()
    )


@rules.predicate
def is_member_official(user) -> bool:
    """Acts for at least one active member (forum, modules documents)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return False
    return user.affiliations.of(Member.objects.active()).exists()


can_view_investigation = is_investigation_official | is_secretariat
can_edit_investigation = is_investigation_official & _is_draft
can_run_ceds = is_affiliated
can_view_member_scores = is_affiliated | is_secretariat | _member_shares
can_use_forum = is_member_official | is_secretariat
can_export_all = is_secretariat

rules.add_perm("ceds.view_investigation", can_view_investigation)
rules.add_perm("ceds.edit_investigation", can_edit_investigation)
rules.add_perm("ceds.view_member_scores", can_view_member_scores)
rules.add_perm("ceds.use_forum", can_use_forum)
rules.add_perm("ceds.export_all", can_export_all)
