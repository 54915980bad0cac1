"""Helpers shared by the CeDS views: which member a page is about, error messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

from members.selectors import affiliation_list_for_user
from wego.forms import parse_id


def member_choice(request, *, required: bool = False):
    """The member the signed-in user acts for on this page (?member=<id> among several); 404 for others'."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    wanted = request.GET.get("member") or request.POST.get("member")
    if wanted:
        member_id = parse_id(wanted)
        if member_id is None:
            raise Http404
        chosen = next((a for a in affiliations if a.member_id == member_id), None)
        if chosen is None:
            raise Http404
        return chosen.member, affiliations
    if affiliations:
        return affiliations[0].member, affiliations
    if required:
        raise Http404
    return None, affiliations


def show_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
