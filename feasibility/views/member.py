"""Pages of member officials: their letters of intent, projects, theme rankings and follow-up reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Affiliation
from members.permissions import is_focal_point
from members.selectors import affiliation_list_for_user
from wego.preserve import kept_input, login_required_keeping_input
from wego.router import draft_read
from wego.web import errors_to_form, errors_to_messages

from .. import services
from ..forms import ImplementationReportForm, LetterForm, RankingForm
from ..models import ImplementationReport, LetterOfIntent, ThemeRanking, ThemeSurvey
from ..permissions import can_edit_letter, can_view_project
from ..selectors import (
    call_list_public,
    implementation_reports_due,
    letter_get_for_user,
    letter_list_for_user,
    project_get_private,
    project_list_for_member_user,
    ranking_exists,
    survey_list_open,
)
from ..workflows import IMPLEMENTATION_REPORT, LETTER
from .common import own_affiliation, pdf_response


@login_required
def my(request):
    """The member's letters and projects, open calls and surveys, and reports due."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    member_ids = [a.member_id for a in affiliations]
    focal_members = [a.member for a in affiliations if a.role == Affiliation.Role.FOCAL_POINT]
    surveys = []
    if focal_members:
        ranked = set(
            ThemeRanking.objects.filter(member__in=focal_members).values_list("survey_id", "member_id")
        )
        for survey in survey_list_open():
            for member in focal_members:
                surveys.append({"survey": survey, "member": member, "ranked": (survey.pk, member.pk) in ranked})
    reports = list(implementation_reports_due(member_ids=member_ids))
    open_calls = [c for c in call_list_public() if c.phase == "open"]
    return render(
        request,
        "feasibility/my.html",
        {
            "affiliations": affiliations,
            "letters": list(letter_list_for_user(user=request.user)),
            "projects": list(project_list_for_member_user(user=request.user)),
            "surveys": surveys,
            "reports": reports,
            "open_calls": open_calls,
        },
    )


def _save_letter(request, *, call, member, form, letter=None):
    """Save the form as a draft and, when asked, submit it. Returns the letter or None on refusal."""
    try:
        letter = services.letter_save_draft(
            call=call, member=member, by=request.user, data=form.cleaned_data,
            signed_letter=form.cleaned_data.get("signed_letter") or None, letter=letter,
        )
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None
    if "submit" in request.POST:
        try:
            services.letter_submit(letter=letter, by=request.user)
        except ValidationError as exc:
            messages.warning(request, _("Your draft is saved."))
            errors_to_messages(request, exc)
            return letter
        messages.success(request, _("Your letter of intent is submitted. You can change it until the call closes."))
    else:
        messages.success(request, _("Your draft is saved. Submit it before the call closes."))
    return letter


# The letter's fields a CeDS gap's draft (wego.router, `?gap=`) pre-fills: how the project fits the
# city's needs and strategy. Only empty fields are filled; the focal point edits and saves as usual.
GAP_DRAFT_FIELDS = ("alignment",)


def _gap_draft(request, member, letter=None) -> tuple[dict, str]:
    """(initial values, the gap's label) from a signed gap draft in `?gap=` for this member, on a GET;
    ({}, "") when there is none, or it is spoilt, too old or another city's (ignored without a word)."""
    token = request.GET.get("gap", "") if request.method == "GET" else ""
    data = draft_read(token, member_id=member.pk) if token else None
    text = str((data or {}).get("text") or "").strip()
    if not text:
        return {}, ""
    initial = {name: text for name in GAP_DRAFT_FIELDS if not (letter and getattr(letter, name).strip())}
    return initial, (str(data.get("label") or "") if initial else "")


@login_required_keeping_input
def letter_start(request, call_pk: int, member_id: int):
    """Write a member's letter for a call (the member's officials only); `?gap=` pre-fills it from a
    CeDS gap (nothing is saved until the official saves the form)."""
    affiliation = own_affiliation(request.user, member_id)
    call = get_object_or_404(call_list_public(), pk=call_pk)
    existing = LetterOfIntent.objects.filter(call=call, member_id=member_id).first()
    if existing is not None:
        if request.method == "GET" and request.GET.get("gap"):
            return redirect(f"{existing.get_absolute_url()}?{urlencode({'gap': request.GET['gap']})}")
        return redirect(existing)
    kept = kept_input(request)
    initial, gap_label = _gap_draft(request, affiliation.member) if kept is None else ({}, "")
    form = LetterForm(request.POST or kept, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        letter = _save_letter(request, call=call, member=affiliation.member, form=form)
        if letter is not None:
            return redirect(letter)
    return render(
        request, "feasibility/letter_form.html",
        {"call": call, "member": affiliation.member, "form": form, "letter": None, "gap_label": gap_label},
    )


@login_required_keeping_input
def letter_detail(request, pk: int):
    """A letter: editable by its member's officials while a draft in an open call; read-only otherwise."""
    letter = letter_get_for_user(user=request.user, pk=pk)
    editable = can_edit_letter(request.user, letter) and letter.call.is_open()
    if editable and letter.status == LetterOfIntent.Status.DRAFT:
        kept = kept_input(request)
        initial, gap_label = _gap_draft(request, letter.member, letter) if kept is None else ({}, "")
        form = LetterForm(request.POST or kept, request.FILES or None, instance=letter, initial=initial)
        form.fields["signed_letter"].widget.download_url = reverse("feasibility:letter-file", args=[letter.pk])
        if request.method == "POST" and form.is_valid():
            saved = _save_letter(request, call=letter.call, member=letter.member, form=form, letter=letter)
            if saved is not None:
                return redirect(saved)
        letter.refresh_from_db()
        return render(
            request, "feasibility/letter_form.html",
            {"call": letter.call, "member": letter.member, "form": form, "letter": letter,
             "missing": services.letter_missing(letter), "gap_label": gap_label},
        )
    return render(
        request, "feasibility/letter.html",
        {"letter": letter, "can_reopen": LETTER.allowed(letter, "reopen", request.user)},
    )


@login_required
@require_POST
def letter_reopen(request, pk: int):
    letter = letter_get_for_user(user=request.user, pk=pk)
    if not can_edit_letter(request.user, letter):
        raise PermissionDenied
    try:
        services.letter_reopen(letter=letter, by=request.user)
        messages.success(request, _("The letter is a draft again. Submit it again before the call closes."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(letter)


@login_required
def letter_file(request, pk: int):
    letter = letter_get_for_user(user=request.user, pk=pk)
    return pdf_response(letter.signed_letter, f"letter-of-intent-{slugify(letter.member.name)}-{letter.call.year}.pdf")


@login_required
def survey_rank(request, pk: int, member_id: int):
    """The focal point ranks a survey's themes for their member, once."""
    affiliation = own_affiliation(request.user, member_id)
    member = affiliation.member
    survey = get_object_or_404(ThemeSurvey.objects.exclude(status=ThemeSurvey.Status.DRAFT), pk=pk)
    ranking = (
        ThemeRanking.objects.filter(survey=survey, member=member).prefetch_related("entries__theme").first()
    )
    if ranking is not None or not survey.accepts_rankings():
        return render(request, "feasibility/survey_rank.html", {"survey": survey, "member": member, "ranking": ranking})
    if not is_focal_point(request.user, member):
        raise PermissionDenied(_("Only the focal point of %(member)s ranks the themes.") % {"member": member})
    form = RankingForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.ranking_submit(survey=survey, member=member, ordered_themes=form.ordered_themes(), by=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you: the ranking of %(member)s is recorded.") % {"member": member})
            return redirect("feasibility:my")
    return render(
        request, "feasibility/survey_rank.html",
        {"survey": survey, "member": member, "form": form, "ranking": None,
         "already": ranking_exists(survey=survey, member=member)},
    )


@login_required
def implementation_report(request, pk: int):
    """The beneficiary city reports a year of implementation after the final report."""
    report = get_object_or_404(
        ImplementationReport.objects.select_related("project", "project__beneficiary", "submitted_by"), pk=pk
    )
    project = report.project
    if not can_view_project(request.user, project):
        raise Http404
    can_submit = IMPLEMENTATION_REPORT.allowed(report, "submit", request.user)
    form = ImplementationReportForm(request.POST or None, request.FILES or None) if can_submit else None
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.implementation_report_submit(
                    report=report, by=request.user, progress=form.cleaned_data["progress"],
                    next_steps=form.cleaned_data["next_steps"], document=form.cleaned_data.get("document") or None,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Thank you: the implementation report is sent to WeGO."))
                return redirect(project)
    return render(request, "feasibility/implementation_report.html", {"report": report, "project": project, "form": form})


@login_required
def implementation_report_file(request, pk: int):
    report = get_object_or_404(ImplementationReport.objects.select_related("project", "project__beneficiary"), pk=pk)
    if not can_view_project(request.user, report.project):
        raise Http404
    return pdf_response(report.document, f"implementation-report-{report.year_number}.pdf")


@login_required
@require_POST
def project_consent(request, pk: int):
    project = project_get_private(user=request.user, pk=pk)
    try:
        services.project_give_consent(project=project, by=request.user)
        messages.success(request, _("Thank you: WeGO may now publish the study in its library."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(reverse("feasibility:project", args=[project.pk]))
