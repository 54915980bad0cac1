"""Project pages for the beneficiary's officials, the consultants and the Secretariat."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.web import errors_to_form, errors_to_messages, form_errors_to_messages

from .. import services
from ..catalogue import COMPONENTS
from ..charts import cash_flow_chart
from ..exports import economics_workbook
from ..forms import DeliverableForm, DocumentForm, EconomicsForm, FinalReportForm, YearFormSet
from ..models import Deliverable, DeliverableDocument, EconomicAnalysis, Project
from ..permissions import can_give_consent, can_view_project, can_work_on_project
from ..selectors import (
    economic_analysis_compute,
    economic_analysis_get,
    project_detail_parts,
    project_get_private,
    project_list_for_consultant,
)
from ..workflows import PROJECT
from .common import pdf_response


@login_required
def workspace(request):
    """The consultant's workspace: their projects and open deliverables."""
    projects = list(project_list_for_consultant(user=request.user))
    mine = list(
        Deliverable.objects.filter(owner=request.user, project__in=[p.pk for p in projects])
        .exclude(status=Deliverable.Status.ACCEPTED)
        .select_related("project", "project__beneficiary")
        .order_by("due_on", "position")
    )
    return render(request, "feasibility/workspace.html", {"projects": projects, "mine": mine})


def may_take(user, project: Project, name: str) -> bool:
    """Whether the lifecycle move `name` starts from the project's state and is this user's to make
    (what it still needs is the service's refusal, shown as a message)."""
    return any(option.name == name for option in PROJECT.options(project, user))


@login_required
def project_detail(request, pk: int):
    """The project: plan, consultants, the five components' deliverables, outcomes, follow-up."""
    project = project_get_private(user=request.user, pk=pk)
    parts = project_detail_parts(project=project)
    by_component = {code: [] for code, _label, _parts in COMPONENTS}
    for deliverable in parts["deliverables"]:
        by_component[deliverable.component].append(deliverable)
    components = [
        {"code": code, "label": label, "deliverables": by_component[code]} for code, label, _parts in COMPONENTS
    ]
    # The moves the table offers this user now: a button when allowed, else what is still missing.
    options = PROJECT.options(project, request.user)
    return render(
        request,
        "feasibility/project.html",
        {
            "project": project,
            **parts,
            "components": components,
            "options": options,
            "final_report_form": FinalReportForm()
            if any(o.name == "final_report" and o.allowed for o in options) else None,
            "can_work": can_work_on_project(request.user, project),
            "can_consent": can_give_consent(request.user, project) and not project.consent_at
            and project.status in services.FINISHED,
        },
    )


@login_required
@require_POST
def project_transition(request, pk: int):
    project = project_get_private(user=request.user, pk=pk)
    name = request.POST.get("transition", "")
    if not may_take(request.user, project, name):
        raise PermissionDenied
    try:
        if name == "final_report":
            form = FinalReportForm(request.POST, request.FILES)
            if not form.is_valid():
                form_errors_to_messages(request, form)
                return redirect(project)
            services.project_deliver_final_report(
                project=project, by=request.user, report=form.cleaned_data.get("report") or None
            )
        else:
            services.TRANSITION_SERVICES[name](project=project, by=request.user)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        project.refresh_from_db()
        messages.success(request, _("The project is now: %(status)s.") % {"status": project.get_status_display()})
    return redirect(project)


@login_required
@require_POST
def milestone_done(request, pk: int, milestone_pk: int):
    """A consultant or the Secretariat marks a milestone of the plan as done today."""
    project = project_get_private(user=request.user, pk=pk)
    if not can_work_on_project(request.user, project):
        raise PermissionDenied
    milestone = get_object_or_404(project.milestones, pk=milestone_pk)
    try:
        services.milestone_save(
            project=project, milestone=milestone, by=request.user, title=milestone.title, due_on=milestone.due_on,
            done_on=timezone.localdate(),
        )
        messages.success(request, _("Milestone done: %(title)s.") % {"title": milestone.title})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(project)


@login_required
def deliverable_detail(request, pk: int, deliverable_pk: int):
    """One part of the study: status, owner, due date, notes and documents."""
    project = project_get_private(user=request.user, pk=pk)
    deliverable = get_object_or_404(project.deliverables.select_related("owner"), pk=deliverable_pk)
    can_work = can_work_on_project(request.user, project)
    form = document_form = None
    if can_work:
        initial = {"status": deliverable.status, "owner": deliverable.owner, "due_on": deliverable.due_on,
                   "notes": deliverable.notes}
        form = DeliverableForm(request.POST if "update" in request.POST else None, initial=initial, project=project)
        document_form = DocumentForm(
            request.POST if "upload" in request.POST else None, request.FILES if "upload" in request.POST else None
        )
        if request.method == "POST":
            try:
                if "update" in request.POST and form.is_valid():
                    data = form.cleaned_data
                    services.deliverable_update(
                        deliverable=deliverable, by=request.user, status=data["status"], owner=data["owner"],
                        clear_owner=data["owner"] is None, due_on=data["due_on"], notes=data["notes"],
                    )
                    messages.success(request, _("The deliverable is updated."))
                    return redirect("feasibility:deliverable", pk=project.pk, deliverable_pk=deliverable.pk)
                if "upload" in request.POST and document_form.is_valid():
                    services.deliverable_document_add(
                        deliverable=deliverable, by=request.user, title=document_form.cleaned_data["title"],
                        file=document_form.cleaned_data["file"],
                    )
                    messages.success(request, _("The document is uploaded."))
                    return redirect("feasibility:deliverable", pk=project.pk, deliverable_pk=deliverable.pk)
            except ValidationError as exc:
                errors_to_form(form if "update" in request.POST else document_form, exc)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "feasibility/deliverable.html",
        {
            "project": project,
            "deliverable": deliverable,
            "documents": list(deliverable.documents.select_related("uploaded_by")),
            "form": form,
            "document_form": document_form,
        },
    )


@login_required
def deliverable_document(request, pk: int):
    document = get_object_or_404(
        DeliverableDocument.objects.select_related("deliverable__project__beneficiary"), pk=pk
    )
    if not can_view_project(request.user, document.deliverable.project):
        raise Http404
    return pdf_response(document.file, f"{slugify(document.title) or 'document'}.pdf")


@login_required
def final_report(request, pk: int):
    project = project_get_private(user=request.user, pk=pk)
    return pdf_response(project.final_report, f"{slugify(project.title)[:80] or 'report'}.pdf")


DEFAULT_YEARS = 10


def _year_initial(analysis: EconomicAnalysis | None) -> list[dict]:
    if analysis is None:
        return [{} for _ in range(DEFAULT_YEARS + 1)]
    rows = [{"cost": y.cost, "benefit": y.benefit, "note": y.note} for y in analysis.years.all()]
    return rows + [{} for _ in range(3)]  # room to extend the horizon


@login_required
def economics(request, pk: int):
    """The FA economic analysis: yearly costs and benefits in, NPV, B/C, IRR, payback and sensitivity out."""
    project = project_get_private(user=request.user, pk=pk)
    analysis = economic_analysis_get(project=project)
    can_edit = can_work_on_project(request.user, project)
    form = formset = None
    if can_edit:
        form = EconomicsForm(
            request.POST or None,
            instance=analysis or EconomicAnalysis(
                project=project, start_year=(project.starts_on or timezone.localdate()).year, discount_rate=Decimal(8)
            ),
        )
        formset = YearFormSet(request.POST or None, initial=_year_initial(analysis), prefix="years")
        if request.method == "POST" and form.is_valid() and formset.is_valid():
            try:
                services.economics_save(
                    project=project, by=request.user, discount_rate=form.cleaned_data["discount_rate"],
                    start_year=form.cleaned_data["start_year"], currency=form.cleaned_data["currency"],
                    notes=form.cleaned_data["notes"], years=formset.rows(),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The economic analysis is saved and recomputed."))
                return redirect("feasibility:economics", pk=project.pk)
    elif request.method == "POST":
        raise PermissionDenied
    result = economic_analysis_compute(analysis=analysis) if analysis else None
    chart = (
        cash_flow_chart(result.years, start_year=analysis.start_year, currency=analysis.currency) if result else None
    )
    return render(
        request,
        "feasibility/economics.html",
        {
            "project": project,
            "analysis": analysis,
            "result": result,
            "chart": chart,
            "form": form,
            "formset": formset,
            "start_year": analysis.start_year if analysis else None,
        },
    )


@login_required
def economics_xlsx(request, pk: int):
    project = project_get_private(user=request.user, pk=pk)
    analysis = economic_analysis_get(project=project)
    result = economic_analysis_compute(analysis=analysis) if analysis else None
    if result is None:
        raise Http404
    content = economics_workbook(project=project, analysis_record=analysis, result=result)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="economic-analysis-{project.pk}.xlsx"'
    return response
