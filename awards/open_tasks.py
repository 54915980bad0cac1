"""Open tasks of the awards app shown on the member home (cheap queries: two at most)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Assignment, Edition, Entry


def awards_tasks(*, member, user) -> list[dict]:
    """Drafts the user has not submitted while applications are open; entries waiting in the judge's queue."""
    tasks = []
    drafts = Entry.objects.filter(
        applicant=user, status=Entry.Status.DRAFT, edition__status=Edition.Status.APPLICATION
    ).values_list("pk", "title")[:5]
    for pk, title in drafts:
        tasks.append({
            "label": _("Finish and submit your WeGO Awards entry “%(title)s”.") % {"title": title},
            "url": reverse("awards:entry-edit", args=[pk]),
        })
    to_score = Assignment.objects.filter(
        judge__user=user, status=Assignment.Status.ASSIGNED, judge__edition__status=Edition.Status.JUDGING
    ).count()
    if to_score:
        tasks.append({
            "label": _("%(n)s WeGO Awards entries wait for your scores.") % {"n": to_score},
            "url": reverse("awards:judge-queue"),
        })
    return tasks
