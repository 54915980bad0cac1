"""Follow-up and the public library: implementation reports, their reminders, consent and publication."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import is_affiliated, is_focal_point
from wego.audit import audit_record
from wego.mail import queue_templated_email

from ..models import (
    ImplementationReport,
    Project,
)
from ..workflows import IMPLEMENTATION_REPORT
from .letters import _focal_point_emails
from .projects import _lock_project

__all__ = [
    "implementation_report_submit",
    "REMINDER_LEAD_DAYS",
    "REMINDER_INTERVAL_DAYS",
    "implementation_reminders_send",
    "FINISHED",
    "project_give_consent",
    "project_publish",
    "project_unpublish",
]


@transaction.atomic
def implementation_report_submit(
    *, report: ImplementationReport, by, progress: str, next_steps: str = "", document=None
) -> ImplementationReport:
    """The city reports a year of implementation (one report per year, two years)."""
    report = ImplementationReport.objects.select_for_update().select_related("project__beneficiary").get(pk=report.pk)
    if not is_affiliated(by, report.project.beneficiary):
        raise ValidationError(_("Only the officials of the beneficiary city report on its implementation."))
    IMPLEMENTATION_REPORT.check(report, "submit")  # still due
    if not progress.strip():
        raise ValidationError({"progress": _("Describe the progress made.")})
    report.progress, report.next_steps = progress, next_steps
    if document:
        report.document = document
    report.full_clean(exclude=["project"], validate_constraints=False)
    report.status = ImplementationReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    audit_record(actor=by, action="feasibility.implementation_report.submitted", target=report)
    return report


REMINDER_LEAD_DAYS = 30
REMINDER_INTERVAL_DAYS = 7


def implementation_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind beneficiary cities of implementation reports due within 30 days or overdue (weekly at most).

    Called daily by Celery beat; safe to run twice a day (the weekly spacing is recorded per report).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    due = (
        ImplementationReport.objects.filter(
            status=ImplementationReport.Status.PENDING,
            project__status=Project.Status.FOLLOW_UP,
            due_on__lte=today + dt.timedelta(days=REMINDER_LEAD_DAYS),
        )
        .select_related("project", "project__beneficiary")
        .order_by("due_on")
    )
    sent = 0
    for report in due:
        with transaction.atomic():
            locked = ImplementationReport.objects.select_for_update().get(pk=report.pk)
            if locked.last_reminded_at and locked.last_reminded_at > now - dt.timedelta(days=REMINDER_INTERVAL_DAYS):
                continue
            recipients = _focal_point_emails(report.project.beneficiary)
            if not recipients:
                continue
            queue_templated_email(
                to=recipients,
                template="feasibility/email/implementation_reminder",
                context={"report": report, "project": report.project, "overdue": report.due_on < today},
            )
            locked.last_reminded_at = now
            locked.reminders_sent += 1
            locked.save(update_fields=["last_reminded_at", "reminders_sent"])
            audit_record(actor=None, action="feasibility.implementation_report.reminded", target=locked)
            sent += 1
    return sent


FINISHED = (Project.Status.FINAL_REPORT, Project.Status.FOLLOW_UP, Project.Status.CLOSED)


@transaction.atomic
def project_give_consent(*, project: Project, by) -> Project:
    """The beneficiary's focal point agrees that the finished study be published."""
    project = _lock_project(project)
    if not is_focal_point(by, project.beneficiary):
        raise ValidationError(_("Only the focal point of %(member)s can consent to publication.") % {
            "member": project.beneficiary})
    if project.status not in FINISHED:
        raise ValidationError(_("Consent is asked once the final report is delivered."))
    if project.consent_at:
        raise ValidationError(_("Consent is already given."))
    project.consent_at = timezone.now()
    project.consent_by = by
    project.save(update_fields=["consent_at", "consent_by"])
    audit_record(actor=by, action="feasibility.project.consent_given", target=project)
    return project


@transaction.atomic
def project_publish(*, project: Project, by, outcome_summary: str | None = None) -> Project:
    """Publish a finished study in the public library of F/S outcomes (needs the city's consent)."""
    project = _lock_project(project)
    if project.status not in FINISHED:
        raise ValidationError(_("Only a finished study (final report delivered) can be published."))
    if not project.consent_at:
        raise ValidationError(_("The city has not consented to publication yet."))
    if project.published_at:
        raise ValidationError(_("This study is already published."))
    if outcome_summary is not None:
        project.outcome_summary = outcome_summary
    if not project.outcome_summary.strip():
        raise ValidationError(_("Write the outcome summary shown in the library first."))
    project.published_at = timezone.now()
    project.save(update_fields=["published_at", "outcome_summary"])
    audit_record(actor=by, action="feasibility.project.published", target=project)
    return project


@transaction.atomic
def project_unpublish(*, project: Project, by) -> Project:
    """Take a study out of the public library."""
    project = _lock_project(project)
    if not project.published_at:
        raise ValidationError(_("This study is not published."))
    project.published_at = None
    project.save(update_fields=["published_at"])
    audit_record(actor=by, action="feasibility.project.unpublished", target=project)
    return project
