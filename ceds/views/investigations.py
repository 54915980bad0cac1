"""Investigations: start, stakeholders, section-by-section answers, workbook, submit, reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.preserve import kept_input, login_required_keeping_input
from wego.web import errors_to_messages, form_errors_to_messages

from .. import services
from ..forms import SectionForm, StakeholderForm, WorkbookUploadForm
from ..models import Dimension, Indicator, Investigation, Stakeholder, SystemGroup, SystemItem
from ..permissions import can_edit_investigation, can_run_ceds
from ..selectors import (
    investigation_get_for_user,
    maturity_answers_map,
    prime_submission_states,
    section_progress,
    system_answers_map,
)
from ..workbook import XLSX_CONTENT_TYPE, workbook_build, workbook_import
from ..workflows import INVESTIGATION
from .common import member_choice


def _editable(request, pk: int) -> Investigation:
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    if not can_edit_investigation(request.user, investigation):
        if investigation.is_draft:
            raise Http404  # the Secretariat may read a draft, not answer it
        messages.error(request, _("This investigation has been submitted: its answers can no longer change."))
        raise _Redirect(reverse("ceds:investigation", args=[investigation.pk]))
    return investigation


class _Redirect(Exception):
    def __init__(self, url):
        self.url = url


def _redirecting(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Redirect as r:
            return redirect(r.url)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@login_required
@require_POST
def investigation_new(request):
    """Start an investigation for the member (in its next free slot of the year)."""
    member, _affiliations = member_choice(request, required=True)
    if not can_run_ceds(request.user, member):
        raise Http404
    try:
        investigation = services.investigation_create(member=member, by=request.user)
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect(f"{reverse('ceds:dashboard')}?member={member.pk}")
    messages.success(request, _("Investigation started. Record the stakeholders, then answer section by section."))
    return redirect("ceds:investigation", investigation.pk)


def _sections(investigation: Investigation, progress: dict) -> list[dict]:
    rows = [
        {"kind": "maturity", "code": d.code, "name": d.name, "answered": d.answered, "total": d.total,
         "url": reverse("ceds:maturity_section", args=[investigation.pk, d.code])}
        for d in progress["dimensions"]
    ]
    rows += [
        {"kind": "systems", "code": g.code, "name": g.name, "answered": g.answered, "total": g.total,
         "url": reverse("ceds:systems_section", args=[investigation.pk, g.code])}
        for g in progress["groups"]
    ]
    return rows


@login_required
def investigation_detail(request, pk: int):
    """The investigation's home: progress per section, stakeholders, workbook, submission, report status."""
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    progress = section_progress(investigation=investigation)
    stakeholders = list(investigation.stakeholders.all())
    present = {s.role for s in stakeholders}
    missing_roles = [Stakeholder.Role(r).label for r in Stakeholder.REQUIRED_ROLES if r not in present]
    prime_submission_states([investigation])
    return render(
        request,
        "ceds/investigation_detail.html",
        {
            "investigation": investigation,
            "progress": progress,
            "sections": _sections(investigation, progress),
            "stakeholders": stakeholders,
            "missing_roles": missing_roles,
            "can_edit": can_edit_investigation(request.user, investigation),
            "flow": INVESTIGATION,
            "options": INVESTIGATION.options(investigation, request.user),
            "stakeholder_form": StakeholderForm(),
            "upload_form": WorkbookUploadForm(),
            "upload_errors": request.session.pop(f"ceds-upload-errors-{pk}", None),
        },
    )


def _section_nav(investigation: Investigation, kind: str, code: str) -> tuple[str | None, str | None]:
    order = [("maturity", c) for c in Dimension.objects.filter(version_id=investigation.version_id)
             .order_by("order", "code").values_list("code", flat=True)]
    order += [("systems", c) for c in SystemGroup.objects.filter(version_id=investigation.version_id)
              .order_by("order", "code").values_list("code", flat=True)]
    index = order.index((kind, code))
    urls = [reverse(f"ceds:{k}_section", args=[investigation.pk, c]) for k, c in order]
    return (urls[index - 1] if index > 0 else None, urls[index + 1] if index + 1 < len(urls) else None)


def _section(request, pk: int, code: str, *, kind: str):
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    editable = can_edit_investigation(request.user, investigation)
    version = investigation.version
    if kind == "maturity":
        section = get_object_or_404(Dimension, version=version, code=code)
        questions = Indicator.objects.filter(dimension=section).order_by("order", "code")
        answers = maturity_answers_map(investigation=investigation, dimension=section)

        def choices_for(q):
            return [(n, f"{n} — {version.maturity_label(n)}: {q.levels.get(str(n), '')}") for n in range(5)]

        note_label = _("Evidence note")
    else:
        section = get_object_or_404(SystemGroup, version=version, code=code)
        questions = SystemItem.objects.filter(group=section).order_by("order", "code")
        answers = system_answers_map(investigation=investigation, group=section)

        def choices_for(q):
            return [(n, f"{n} — {version.system_label(n)}") for n in range(4)]

        note_label = _("Note")
    form_kwargs = {"questions": questions, "answers": answers, "choices_for": choices_for, "note_label": note_label}
    previous_url, next_url = _section_nav(investigation, kind, code)
    if request.method == "POST":
        if not editable:
            raise Http404 if investigation.is_draft else _Redirect(reverse("ceds:investigation", args=[pk]))
        form = SectionForm(request.POST, **form_kwargs)
        if form.is_valid():
            changed = form.changed_answers()
            inputs = {qpk: services.AnswerInput(value, note) for qpk, (value, note) in changed.items()}
            try:
                services.answers_save(
                    investigation=investigation,
                    maturity=inputs if kind == "maturity" else None,
                    systems=inputs if kind == "systems" else None,
                    by=request.user,
                )
            except ValidationError as exc:
                errors_to_messages(request, exc)
                return redirect(request.path)
            messages.success(
                request,
                _("%(n)d answers saved in %(section)s.") % {"n": len(inputs), "section": section.name},
            )
            if "continue" in request.POST:
                return redirect(next_url or reverse("ceds:investigation", args=[pk]))
            return redirect(request.path)
    else:
        form = SectionForm(kept_input(request) if editable else None, **form_kwargs)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    answered = len(answers)
    return render(
        request,
        "ceds/section.html",
        {
            "investigation": investigation,
            "section": section,
            "kind": kind,
            "form": form,
            "editable": editable,
            "answered": answered,
            "total": len(form.questions),
            "previous_url": previous_url,
            "next_url": next_url,
        },
    )


@login_required_keeping_input
@_redirecting
def maturity_section(request, pk: int, code: str):
    """One dimension of the maturity investigation: a question per indicator, levels 0–4."""
    return _section(request, pk, code, kind="maturity")


@login_required_keeping_input
@_redirecting
def systems_section(request, pk: int, code: str):
    """One group of the systems investigation: absent / planned / in place / in use and integrated."""
    return _section(request, pk, code, kind="systems")


@login_required
@require_POST
@_redirecting
def stakeholder_add(request, pk: int):
    investigation = _editable(request, pk)
    form = StakeholderForm(request.POST)
    if form.is_valid():
        try:
            services.stakeholder_add(investigation=investigation, by=request.user, **form.cleaned_data)
            messages.success(request, _("Stakeholder recorded."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        form_errors_to_messages(request, form)
    return redirect(f"{reverse('ceds:investigation', args=[pk])}#stakeholders")


@login_required
@require_POST
@_redirecting
def stakeholder_remove(request, pk: int, stakeholder_pk: int):
    investigation = _editable(request, pk)
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_pk, investigation=investigation)
    services.stakeholder_remove(stakeholder=stakeholder, by=request.user)
    messages.success(request, _("Stakeholder removed."))
    return redirect(f"{reverse('ceds:investigation', args=[pk])}#stakeholders")


@login_required
def workbook_download(request, pk: int):
    """The investigation as an Excel workbook to fill in offline."""
    investigation = investigation_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(workbook_build(investigation=investigation), content_type=XLSX_CONTENT_TYPE)
    name = f"ceds-{investigation.member.slug}-{investigation.year}-{investigation.slot}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
@_redirecting
def workbook_upload(request, pk: int):
    """Upload the filled-in workbook: every row checked, nothing saved until the file is clean."""
    investigation = _editable(request, pk)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        request.session[f"ceds-upload-errors-{pk}"] = [e for errs in form.errors.values() for e in errs]
        return redirect(f"{reverse('ceds:investigation', args=[pk])}#offline")
    result = workbook_import(investigation=investigation, upload=form.cleaned_data["file"], by=request.user)
    if result.errors:
        request.session[f"ceds-upload-errors-{pk}"] = result.errors[:200]
        messages.error(request, _("The workbook was not saved: correct the rows listed below and upload it again."))
        return redirect(f"{reverse('ceds:investigation', args=[pk])}#offline")
    messages.success(
        request,
        _("Workbook saved: %(m)d maturity answers and %(s)d system answers.")
        % {"m": len(result.maturity), "s": len(result.systems)},
    )
    return redirect("ceds:investigation", pk)


@login_required
@require_POST
@_redirecting
def investigation_submit(request, pk: int):
    investigation = _editable(request, pk)
    try:
        services.investigation_submit(investigation=investigation, by=request.user)
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("ceds:investigation", pk)
    messages.success(request, _("Investigation submitted. The diagnostic reports are being computed."))
    return redirect("ceds:report", pk)


@login_required
@require_POST
@_redirecting
def investigation_delete(request, pk: int):
    investigation = _editable(request, pk)
    member_id = investigation.member_id
    services.investigation_delete(investigation=investigation, by=request.user)
    messages.success(request, _("Draft investigation deleted."))
    return redirect(f"{reverse('ceds:dashboard')}?member={member_id}")
