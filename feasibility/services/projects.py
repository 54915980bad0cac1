"""F/S projects: plan, milestones, funding, consultants, the lifecycle, deliverables, economic analysis, outcomes."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, Partner
from members.permissions import is_affiliated, is_secretariat
from wego.audit import audit_record

from ..catalogue import COMPONENTS, DEFAULT_PLAN
from ..models import (
    Deliverable,
    DeliverableDocument,
    EconomicAnalysis,
    EconomicYear,
    ImplementationReport,
    LetterOfIntent,
    Milestone,
    Project,
    ProjectConsultant,
    ProjectOutcome,
)
from ..workflows import PROJECT

__all__ = [
    "project_create",
    "project_plan",
    "milestone_save",
    "project_set_funding",
    "consultant_add",
    "consultant_remove",
    "project_start",
    "project_deliver_draft_report",
    "project_deliver_final_report",
    "project_begin_follow_up",
    "project_close",
    "TRANSITION_SERVICES",
    "deliverable_update",
    "deliverable_document_add",
    "economics_save",
    "outcome_record",
]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def project_create(*, letter: LetterOfIntent, by) -> Project:
    """Open the F/S project of a selected letter with its 21 structured deliverables (EA, TA, LA, RC, FA)."""
    if letter.status != LetterOfIntent.Status.SELECTED:
        raise ValidationError(_("Only a selected letter becomes a project."))
    if Project.objects.filter(letter=letter).exists():
        raise ValidationError(_("This letter already has its project."))
    call = letter.call
    project = Project.objects.create(
        letter=letter,
        beneficiary=letter.member,
        title=_("%(theme)s: feasibility study for %(member)s (%(year)s)")
        % {"theme": call.theme.name, "member": letter.member.name, "year": call.year},
    )
    position = 0
    deliverables = []
    for component, _label, parts in COMPONENTS:
        for part, _part_label in parts:
            position += 1
            deliverables.append(Deliverable(project=project, component=component, part=part, position=position))
    Deliverable.objects.bulk_create(deliverables)
    audit_record(actor=by, action="feasibility.project.created", target=project, data={"letter": letter.pk})
    return project


@transaction.atomic
def project_plan(*, project: Project, starts_on: dt.date, by) -> Project:
    """Set the start of the six-month study and propose its milestones (once; later edits are by hand)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in (Project.Status.PLANNING, Project.Status.IN_PROGRESS):
        raise ValidationError(_("The plan can change only while the project is being planned or under way."))
    project.starts_on = starts_on
    project.ends_on = _add_months(starts_on, 6)
    project.save(update_fields=["starts_on", "ends_on"])
    if not project.milestones.exists():
        Milestone.objects.bulk_create(
            Milestone(project=project, title=str(title), due_on=_add_months(starts_on, months), position=index)
            for index, (title, months) in enumerate(DEFAULT_PLAN)
        )
    audit_record(actor=by, action="feasibility.project.planned", target=project, data={"starts_on": starts_on})
    return project


@transaction.atomic
def milestone_save(
    *, project: Project, by, title: str, due_on: dt.date, done_on: dt.date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to the plan, or change one."""
    if milestone is None:
        milestone = Milestone(project=project, position=project.milestones.count())
    elif milestone.project_id != project.pk:
        raise ValidationError(_("This milestone belongs to another project."))
    milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
    milestone.full_clean()
    milestone.save()
    audit_record(actor=by, action="feasibility.milestone.saved", target=project, data={"milestone": title})
    return milestone


@transaction.atomic
def project_set_funding(
    *, project: Project, partner: Partner | None, agreement: str = "", agreement_on: dt.date | None = None, by
) -> Project:
    """Record the funding partner (e.g. KEXIM) and its agreement."""
    project.funding_partner = partner
    project.funding_agreement = agreement
    project.funding_agreement_on = agreement_on
    project.save(update_fields=["funding_partner", "funding_agreement", "funding_agreement_on"])
    audit_record(
        actor=by, action="feasibility.project.funding_set", target=project,
        data={"partner": getattr(partner, "name", None), "agreement": agreement},
    )
    return project


@transaction.atomic
def consultant_add(*, project: Project, user, by, role: str = ProjectConsultant.Role.CONSULTANT) -> ProjectConsultant:
    """Assign a consultant to a project. A consultant never works on their own city's study."""
    if is_affiliated(user, project.beneficiary):
        raise ValidationError(_("%(user)s acts for %(member)s, the beneficiary.") % {
            "user": user, "member": project.beneficiary})
    if ProjectConsultant.objects.filter(project=project, user=user).exists():
        raise ValidationError(_("%(user)s is already a consultant of this project.") % {"user": user})
    consultant = ProjectConsultant.objects.create(project=project, user=user, role=role)
    audit_record(actor=by, action="feasibility.consultant.added", target=project, data={"user": user.email, "role": role})
    return consultant


@transaction.atomic
def consultant_remove(*, consultant: ProjectConsultant, by) -> None:
    """Take a consultant off a project; the deliverables they owned lose their owner."""
    project = consultant.project
    Deliverable.objects.filter(project=project, owner=consultant.user).update(owner=None)
    consultant.delete()
    audit_record(actor=by, action="feasibility.consultant.removed", target=project, data={"user": consultant.user.email})


# The project's lifecycle is declared in feasibility.workflows.PROJECT (states, who may, what is needed).


def _transition(project: Project, name: str) -> Project:
    """Check the move against the table (the state, then what it requires) and make it."""
    transition = PROJECT.check(project, name)
    project.status = str(transition.target)
    return project


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("beneficiary").get(pk=project.pk)


@transaction.atomic
def project_start(*, project: Project, by) -> Project:
    """Planning → in progress: needs a start date and at least one consultant."""
    project = _lock_project(project)
    _transition(project, "start")  # a start date, then a consultant
    project.started_at = timezone.now()
    project.save(update_fields=["status", "started_at"])
    audit_record(actor=by, action="feasibility.project.started", target=project)
    return project


@transaction.atomic
def project_deliver_draft_report(*, project: Project, by) -> Project:
    """In progress → draft report: every deliverable has reached at least 'in review'."""
    project = _lock_project(project)
    _transition(project, "draft_report")  # every deliverable at least in review
    project.draft_report_at = timezone.now()
    project.save(update_fields=["status", "draft_report_at"])
    audit_record(actor=by, action="feasibility.project.draft_report", target=project)
    return project


@transaction.atomic
def project_deliver_final_report(*, project: Project, by, report=None) -> Project:
    """Draft report → final report: every deliverable accepted; the final report (PDF) attached."""
    project = _lock_project(project)
    _transition(project, "final_report")  # every deliverable accepted
    if report:
        project.final_report = report
        project.full_clean(validate_constraints=False)
    if not project.final_report:
        raise ValidationError(_("Attach the final report (PDF)."))
    project.final_report_at = timezone.now()
    project.save(update_fields=["status", "final_report_at", "final_report"])
    audit_record(actor=by, action="feasibility.project.final_report", target=project)
    return project


@transaction.atomic
def project_begin_follow_up(*, project: Project, by) -> Project:
    """Final report → follow-up: the city owes an implementation report one and two years later."""
    project = _lock_project(project)
    _transition(project, "follow_up")
    delivered = timezone.localdate(project.final_report_at) if project.final_report_at else timezone.localdate()
    project.save(update_fields=["status"])
    for year in (1, 2):
        ImplementationReport.objects.get_or_create(
            project=project, year_number=year, defaults={"due_on": _add_months(delivered, 12 * year)}
        )
    audit_record(actor=by, action="feasibility.project.follow_up", target=project)
    return project


@transaction.atomic
def project_close(*, project: Project, by) -> Project:
    """Follow-up → closed, once both implementation reports are in."""
    project = _lock_project(project)
    _transition(project, "close")  # both implementation reports in
    project.closed_at = timezone.now()
    project.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="feasibility.project.closed", target=project)
    return project


TRANSITION_SERVICES = {
    "start": project_start,
    "draft_report": project_deliver_draft_report,
    "final_report": project_deliver_final_report,
    "follow_up": project_begin_follow_up,
    "close": project_close,
}


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, by, status: str | None = None, owner=None, due_on=None, notes: str | None = None,
    clear_owner: bool = False,
) -> Deliverable:
    """Change a deliverable's status, owner (a consultant of the project), due date or notes."""
    deliverable = Deliverable.objects.select_for_update().select_related("project").get(pk=deliverable.pk)
    project = deliverable.project
    if project.status in (Project.Status.FOLLOW_UP, Project.Status.CLOSED):
        raise ValidationError(_("The study is finished; its deliverables no longer change."))
    changed: dict[str, object] = {}
    if status is not None and status != deliverable.status:
        if status not in Deliverable.Status.values:
            raise ValidationError(_("Unknown status."))
        if status == Deliverable.Status.ACCEPTED and not is_secretariat(by):
            lead = ProjectConsultant.objects.filter(
                project=project, user=by, role=ProjectConsultant.Role.LEAD
            ).exists()
            if not lead:
                raise ValidationError(_("Only the lead consultant or the Secretariat accepts a deliverable."))
        changed["status"] = (deliverable.status, status)
        deliverable.status = status
    if owner is not None or clear_owner:
        if owner is not None and not ProjectConsultant.objects.filter(project=project, user=owner).exists():
            raise ValidationError({"owner": _("The owner must be one of the project's consultants.")})
        deliverable.owner = owner
        changed["owner"] = getattr(owner, "email", None)
    if due_on is not None:
        deliverable.due_on = due_on
        changed["due_on"] = due_on
    if notes is not None:
        deliverable.notes = notes
    deliverable.save()
    audit_record(actor=by, action="feasibility.deliverable.updated", target=deliverable, data=changed)
    return deliverable


@transaction.atomic
def deliverable_document_add(*, deliverable: Deliverable, title: str, file, by) -> DeliverableDocument:
    """Attach a document (PDF) to a deliverable."""
    document = DeliverableDocument(deliverable=deliverable, title=title, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    audit_record(actor=by, action="feasibility.deliverable.document_added", target=deliverable, data={"title": title})
    return document


@transaction.atomic
def economics_save(
    *,
    project: Project,
    by,
    discount_rate: Decimal,
    start_year: int,
    years: Sequence[dict],
    currency: str = "USD",
    notes: str = "",
) -> EconomicAnalysis:
    """Replace the project's economic analysis: discount rate (percent) and yearly costs and benefits.

    `years` are dicts with cost, benefit and an optional note, year 0 first.
    """
    if not years:
        raise ValidationError(_("Enter the costs and benefits of at least one year."))
    for row in years:
        if Decimal(row.get("cost") or 0) < 0 or Decimal(row.get("benefit") or 0) < 0:
            raise ValidationError(_("Costs and benefits are amounts of zero or more."))
    analysis, _created = EconomicAnalysis.objects.select_for_update().get_or_create(
        project=project, defaults={"start_year": start_year}
    )
    analysis.discount_rate = discount_rate
    analysis.start_year = start_year
    analysis.currency = currency.upper()
    analysis.notes = notes
    analysis.updated_by = by
    analysis.full_clean(exclude=["project"])
    analysis.save()
    analysis.years.all().delete()
    EconomicYear.objects.bulk_create(
        EconomicYear(
            analysis=analysis, year_index=index, cost=Decimal(row.get("cost") or 0),
            benefit=Decimal(row.get("benefit") or 0), note=row.get("note", "") or "",
        )
        for index, row in enumerate(years)
    )
    audit_record(
        actor=by, action="feasibility.economics.saved", target=project,
        data={"rate": discount_rate, "years": len(years)},
    )
    return analysis


@transaction.atomic
def outcome_record(
    *, project: Project, title: str, by, member: Member | None = None, description: str = "", delivered_on=None
) -> ProjectOutcome:
    """Record what came of a study, e.g. a system delivered to the beneficiary or to another member."""
    outcome, created = ProjectOutcome.objects.get_or_create(
        project=project, member=member, title=title,
        defaults={"description": description, "delivered_on": delivered_on},
    )
    if not created:
        raise ValidationError(_("This outcome is already recorded."))
    audit_record(actor=by, action="feasibility.outcome.recorded", target=project, data={"title": title,
                 "member": getattr(member, "name", None)})
    return outcome
