"""The CeDS's open tasks on the member home: draft investigations, action items assigned and due."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import ActionItem, Investigation


def ceds_tasks(*, member, user) -> list[dict]:
    tasks = []
    for pk, year, slot in Investigation.objects.filter(member=member, status=Investigation.Status.DRAFT).values_list(
        "pk", "year", "slot"
    )[:4]:
        tasks.append({"label": _("Finish and submit CeDS investigation %(y)s/%(s)s.") % {"y": year, "s": slot},
                      "url": reverse("ceds:investigation", args=[pk])})
    mine = ActionItem.objects.filter(member=member, assignee_id=getattr(user, "pk", None), status=ActionItem.Status.ACCEPTED).count()
    if mine:
        tasks.append({"label": _("%(n)d CeDS action items are assigned to you.") % {"n": mine},
                      "url": f"{reverse('ceds:dashboard')}?member={member.pk}#actions"})
    return tasks
