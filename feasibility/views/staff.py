"""The Secretariat's feasibility console (mounted at /staff/feasibility/, two-factor required)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.charts import bar_chart
from wego.forms import parse_id
from wego.web import errors_to_form, errors_to_messages, predicate_required

from .. import services
from ..catalogue import ELEMENTS
from ..forms import (
    AssignForm,
    CallDocumentForm,
    CallForm,
    ChooseThemeForm,
    ConsultantForm,
    ConsultantRemoveForm,
    DecisionForm,
    FundingForm,
    OutcomeForm,
    PlanForm,
    PublishForm,
    ReviewerAddForm,
    SurveyForm,
)
from ..models import Call, LetterOfIntent, Project, Theme, ThemeSurvey
from ..permissions import can_manage_feasibility
from ..selectors import (
    call_list_for_staff,
    call_ranking,
    panel_for_call,
    project_detail_parts,
    project_list_for_staff,
    survey_list_for_staff,
    survey_results,
)
from ..workflows import CALL, LETTER, PROJECT, SURVEY

secretariat_required = predicate_required(can_manage_feasibility)


@secretariat_required
def console(request):
    """Surveys, calls and projects at a glance."""
    return render(
        request,
        "feasibility/staff/console.html",
        {
            "surveys": list(survey_list_for_staff()[:20]),
            "calls": list(call_list_for_staff()[:20]),
            "projects": list(project_list_for_staff()[:50]),
        },
    )


@secretariat_required
def survey_new(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                themes = list(data["themes"])
                for name in data["new_theme_names"]:
                    existing = Theme.objects.filter(name__iexact=name).first()
                    themes.append(existing or services.theme_create(name=name, by=request.user))
                survey = services.survey_create(
                    title=data["title"], year=data["year"], description=data["description"],
                    closes_at=data["closes_at"], themes=themes, by=request.user,
                )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The survey is ready as a draft; open it when you want members to rank."))
            return redirect("feasibility_staff:survey", pk=survey.pk)
    return render(request, "feasibility/staff/survey_new.html", {"form": form})


@secretariat_required
def survey_detail(request, pk: int):
    """Results (Borda count, chart and table) and the survey's transitions."""
    survey = get_object_or_404(ThemeSurvey.objects.select_related("chosen_theme"), pk=pk)
    choose_form = ChooseThemeForm(request.POST if "choose" in request.POST else None, survey=survey)
    if request.method == "POST":
        try:
            if "open" in request.POST:
                services.survey_open(survey=survey, by=request.user)
                messages.success(request, _("The survey is open: focal points can rank the themes."))
            elif "close" in request.POST:
                services.survey_close(survey=survey, by=request.user)
                messages.success(request, _("The survey is closed."))
            elif "choose" in request.POST and choose_form.is_valid():
                services.survey_choose_theme(survey=survey, theme=choose_form.cleaned_data["theme"], by=request.user)
                messages.success(request, _("The theme is chosen: create the year's call from it."))
            return redirect("feasibility_staff:survey", pk=survey.pk)
        except ValidationError as exc:
            errors_to_messages(request, exc)
    results = list(survey_results(survey=survey))
    chart = bar_chart(
        [(t.name, t.points) for t in results],
        title=_("Borda points by theme"),
        chart_id=f"survey-{survey.pk}",
        label_width=200,
    )
    rankings = list(survey.rankings.select_related("member", "submitted_by").prefetch_related("entries__theme"))
    return render(
        request,
        "feasibility/staff/survey.html",
        {"survey": survey, "results": results, "chart": chart, "rankings": rankings, "choose_form": choose_form,
         "theme_count": len(results), "top_points": max(len(results) - 1, 0),
         "flow": SURVEY, "options": SURVEY.options(survey, request.user)},
    )


@secretariat_required
def call_new(request):
    initial = {}
    survey_id = parse_id(request.GET.get("survey"))
    if survey_id is not None:
        survey = ThemeSurvey.objects.filter(pk=survey_id, status=ThemeSurvey.Status.DECIDED).first()
        if survey:
            initial = {"survey": survey, "theme": survey.chosen_theme, "year": survey.year}
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(by=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The call is ready as a draft; publish it when its documents are attached."))
            return redirect("feasibility_staff:call", pk=call.pk)
    return render(request, "feasibility/staff/call_new.html", {"form": form})


@secretariat_required
def call_manage(request, pk: int):
    """A call's panel, assignments, ranking (every score) and the selection."""
    call = get_object_or_404(Call.objects.select_related("theme", "survey"), pk=pk)
    action = request.POST.get("action", "")
    reviewer_form = ReviewerAddForm(request.POST if action == "add_reviewer" else None)
    assign_form = AssignForm(request.POST if action == "assign" else None, call=call)
    document_form = CallDocumentForm(
        request.POST if action == "document" else None, request.FILES if action == "document" else None
    )
    if request.method == "POST":
        try:
            if action == "publish":
                services.call_publish(call=call, by=request.user)
                messages.success(request, _("The call is published."))
            elif action == "add_reviewer" and reviewer_form.is_valid():
                data = reviewer_form.cleaned_data
                services.reviewer_add(
                    call=call, user=reviewer_form.user, country=data["country"] or "", kind=data["kind"] or None,
                    by=request.user,
                )
                messages.success(request, _("%(user)s is on the panel.") % {"user": reviewer_form.user})
            elif action == "auto_assign":
                result = services.reviews_assign_automatically(call=call, by=request.user)
                messages.success(request, _("%(n)d assignments made.") % {"n": result["created"]})
                for _reviewer, _letter, reason in result["skipped"]:
                    messages.info(request, _("Not assigned — %(reason)s") % {"reason": reason})
            elif action == "assign" and assign_form.is_valid():
                services.review_assign(
                    reviewer=assign_form.cleaned_data["reviewer"], letter=assign_form.cleaned_data["letter"],
                    by=request.user,
                )
                messages.success(request, _("The letter is assigned."))
            elif action == "document" and document_form.is_valid():
                services.call_document_add(
                    call=call, title=document_form.cleaned_data["title"], file=document_form.cleaned_data["file"],
                    by=request.user,
                )
                messages.success(request, _("The document is attached."))
            elif action == "decide":
                services.call_decide(call=call, by=request.user)
                messages.success(request, _("The selection is closed."))
            else:
                return _render_call(request, call, reviewer_form, assign_form, document_form)
            return redirect("feasibility_staff:call", pk=call.pk)
        except ValidationError as exc:
            errors_to_messages(request, exc)
    return _render_call(request, call, reviewer_form, assign_form, document_form)


def _render_call(request, call, reviewer_form, assign_form, document_form):
    ranking = list(call_ranking(call=call))
    return render(
        request,
        "feasibility/staff/call.html",
        {
            "call": call,
            "ranking": ranking,
            "panel": list(panel_for_call(call=call)),
            "reviewer_form": reviewer_form,
            "assign_form": assign_form,
            "document_form": document_form,
            "decision_form": DecisionForm(),
            "documents": list(call.documents.all()),
            "elements": ELEMENTS,
            "drafts": call.letters.filter(status=LetterOfIntent.Status.DRAFT).count(),
            "selected_count": sum(1 for letter in ranking if letter.status == LetterOfIntent.Status.SELECTED),
            "flow": CALL,
            "options": CALL.options(call, request.user),
            "letter_flow": LETTER,
        },
    )


@secretariat_required
@require_POST
def letter_decide(request, pk: int):
    """Select or decline one letter, with a message to the city."""
    letter = get_object_or_404(LetterOfIntent.objects.select_related("call", "member"), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    message = form.cleaned_data.get("message", "")
    try:
        if "select" in request.POST:
            services.letter_select(letter=letter, by=request.user, message=message)
            messages.success(request, _("%(member)s is selected; its project is created.") % {"member": letter.member})
        elif "reject" in request.POST:
            services.letter_reject(letter=letter, by=request.user, message=message)
            messages.success(request, _("The letter of %(member)s is declined.") % {"member": letter.member})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("feasibility_staff:call", pk=letter.call_id)


@secretariat_required
def project_manage(request, pk: int):
    """Plan, funding, consultants, outcomes, transitions and publication of a project."""
    project = get_object_or_404(
        Project.objects.select_related("beneficiary", "funding_partner", "letter__call__theme"), pk=pk
    )
    action = request.POST.get("action", "")
    forms = {
        "plan": PlanForm(request.POST if action == "plan" else None, initial={"starts_on": project.starts_on}),
        "funding": FundingForm(
            request.POST if action == "funding" else None,
            initial={"partner": project.funding_partner, "agreement": project.funding_agreement,
                     "agreement_on": project.funding_agreement_on},
        ),
        "consultant": ConsultantForm(request.POST if action == "consultant" else None),
        "remove_consultant": ConsultantRemoveForm(
            request.POST if action == "remove_consultant" else None, project=project
        ),
        "outcome": OutcomeForm(request.POST if action == "outcome" else None),
        "publish": PublishForm(
            request.POST if action == "publish" else None, initial={"outcome_summary": project.outcome_summary}
        ),
    }
    if request.method == "POST":
        form = forms.get(action)
        try:
            if action == "plan" and form.is_valid():
                services.project_plan(project=project, starts_on=form.cleaned_data["starts_on"], by=request.user)
            elif action == "funding" and form.is_valid():
                data = form.cleaned_data
                services.project_set_funding(
                    project=project, partner=data["partner"], agreement=data["agreement"],
                    agreement_on=data["agreement_on"], by=request.user,
                )
            elif action == "consultant" and form.is_valid():
                services.consultant_add(
                    project=project, user=form.user, role=form.cleaned_data["role"], by=request.user
                )
            elif action == "remove_consultant" and form.is_valid():
                services.consultant_remove(consultant=form.cleaned_data["consultant"], by=request.user)
            elif action == "outcome" and form.is_valid():
                services.outcome_record(project=project, by=request.user, **form.cleaned_data)
            elif action == "publish" and form.is_valid():
                services.project_publish(
                    project=project, by=request.user, outcome_summary=form.cleaned_data["outcome_summary"]
                )
            elif action == "unpublish":
                services.project_unpublish(project=project, by=request.user)
            else:
                if action == "remove_consultant":
                    messages.error(request, _("Choose one of the project's consultants."))
                return _render_project(request, project, forms)
            messages.success(request, _("Saved."))
            return redirect("feasibility_staff:project", pk=project.pk)
        except ValidationError as exc:
            if form is not None:
                errors_to_form(form, exc)
            else:
                errors_to_messages(request, exc)
    return _render_project(request, project, forms)


def _render_project(request, project, forms):
    parts = project_detail_parts(project=project)
    return render(
        request,
        "feasibility/staff/project.html",
        {"project": project, **parts, "forms": forms, "options": PROJECT.options(project, request.user)},
    )
