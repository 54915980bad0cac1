"""What waits for a member's official in training, for the member home's open tasks."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import is_focal_point

from .selectors import nominations_waiting_count, open_offer_for_user


def training_tasks(*, member, user) -> list[dict]:
    """Seat offers waiting for the user's answer; applicants waiting for the focal point's nomination."""
    tasks = []
    for app in open_offer_for_user(user=user):
        tasks.append(
            {
                "label": _("A seat in %(session)s is offered to you: answer by %(when)s.")
                % {"session": app.session.title, "when": timezone.localtime(app.offer_expires_at).strftime("%Y-%m-%d %H:%M")},
                "url": reverse("training:my-applications") + f"#application-{app.pk}",
            }
        )
    if is_focal_point(user, member):
        waiting = nominations_waiting_count(member=member)
        if waiting:
            tasks.append(
                {
                    "label": _("%(n)s training applications wait for your nomination.") % {"n": waiting},
                    "url": reverse("training:nominations") + f"?member={member.pk}",
                }
            )
    return tasks
