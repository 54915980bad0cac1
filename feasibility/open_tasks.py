"""Open tasks of the feasibility app for the member home (registered in FeasibilityConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.permissions import is_focal_point

from .models import Call, ImplementationReport, LetterOfIntent, Project, ThemeRanking
from .selectors import survey_list_open


def feasibility_tasks(*, member, user) -> list[dict]:
    """Letters to write or submit, themes to rank, implementation reports due, consent to give."""
    tasks: list[dict] = []
    if member.status != member.Status.ACTIVE:
        return tasks
    now = timezone.now()
    letters = {
        letter.call_id: letter
        for letter in LetterOfIntent.objects.filter(member=member, call__status=Call.Status.PUBLISHED,
                                                    call__closes_at__gt=now)
    }
    for call in Call.objects.filter(status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now):
        letter = letters.get(call.pk)
        deadline = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
        if letter is None:
            tasks.append({
                "label": _("Call open: “%(call)s”. Write your letter of intent before %(date)s.") % {
                    "call": call.title, "date": deadline},
                "url": reverse("feasibility:letter-start", args=[call.pk, member.pk]),
            })
        elif letter.status == LetterOfIntent.Status.DRAFT:
            tasks.append({
                "label": _("Submit your letter of intent for “%(call)s” before %(date)s.") % {
                    "call": call.title, "date": deadline},
                "url": reverse("feasibility:letter", args=[letter.pk]),
            })
    focal = is_focal_point(user, member)
    if focal:
        ranked = set(ThemeRanking.objects.filter(member=member).values_list("survey_id", flat=True))
        for survey in survey_list_open():
            if survey.pk not in ranked:
                tasks.append({
                    "label": _("Rank the themes of “%(survey)s”.") % {"survey": survey.title},
                    "url": reverse("feasibility:survey-rank", args=[survey.pk, member.pk]),
                })
    for report in ImplementationReport.objects.filter(
        project__beneficiary=member, project__status=Project.Status.FOLLOW_UP, status=ImplementationReport.Status.PENDING,
        due_on__lte=timezone.localdate() + dt.timedelta(days=60),
    ).select_related("project"):
        tasks.append({
            "label": _("Send the year %(n)d implementation report of “%(project)s” (due %(date)s).") % {
                "n": report.year_number, "project": report.project.title, "date": date_format(report.due_on)},
            "url": reverse("feasibility:implementation-report", args=[report.pk]),
        })
    if focal:
        for project in Project.objects.filter(
            beneficiary=member, consent_at__isnull=True,
            status__in=[Project.Status.FINAL_REPORT, Project.Status.FOLLOW_UP, Project.Status.CLOSED],
        ):
            tasks.append({
                "label": _("Tell WeGO whether it may publish “%(project)s” in its library.") % {"project": project.title},
                "url": reverse("feasibility:project", args=[project.pk]),
            })
    return tasks
