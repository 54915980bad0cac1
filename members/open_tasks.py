"""The membership app's open tasks for the member home (registered in wego.registry.open_tasks by
MembersConfig.ready(); the member home lists every app's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Affiliation, Member
from .permissions import is_focal_point
from .selectors import withdrawal_pending


def membership_tasks(*, member, user) -> list[dict]:
    """The membership app's own open tasks for a member's official."""
    tasks = []
    home = f"{reverse('members:my')}?member={member.pk}"
    if member.status == Member.Status.APPLICANT and member.kind == Member.Kind.ASSOCIATION:
        tasks.append({"label": _("Waiting for the Executive Committee to confirm the Friendship membership."), "url": home})
    if is_focal_point(user, member):
        roles = set(member.affiliations.values_list("role", flat=True))
        if member.category == Member.Category.FULL and Affiliation.Role.DELEGATE not in roles:
            tasks.append({"label": _("Name a delegate to cast your votes in the General Assembly."), "url": f"{home}#invite"})
        if withdrawal_pending(member=member):
            tasks.append({"label": _("Your withdrawal request is waiting for the Secretariat."), "url": f"{home}#withdrawal"})
    return tasks
