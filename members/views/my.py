"""Pages of the membership app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors import affiliation_list_for_user, member_officials


@login_required
def my_member(request):
    """The member home of an official: their organisation, its officials, its status, its open tasks."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    selected = affiliations[0] if affiliations else None
    wanted = request.GET.get("member")
    if wanted and wanted.isdigit():
        selected = next((a for a in affiliations if a.member_id == int(wanted)), selected)
    context = {
        "affiliations": affiliations,
        "affiliation": selected,
        "member": selected.member if selected else None,
        "officials": list(member_officials(member=selected.member)) if selected else [],
    }
    return render(request, "members/my.html", context)
