"""Helpers shared by the CeDS views: which member a page is about."""

from __future__ import annotations

from members.selectors import affiliation_list_for_user
from wego.web import acting_member


def member_choice(request, *, required: bool = False):
    """The member the signed-in user acts for on this page (?member=<id> among several); 404 for others'."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    chosen = acting_member(
        affiliations, request.GET.get("member") or request.POST.get("member"), required=required
    )
    return (chosen.member if chosen else None), affiliations
