"""Public pages: the calls for Letters of Intent and the library of finished studies."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from members.selectors import affiliation_list_for_user

from ..models import CallDocument, LetterOfIntent, Project
from ..permissions import can_manage_feasibility
from ..selectors import call_list_public, project_list_published
from .common import pdf_response


def calls(request):
    """Open calls first, then upcoming and past calls with the cities they selected."""
    all_calls = list(call_list_public())
    open_calls = [c for c in all_calls if c.phase == "open"]
    upcoming = [c for c in all_calls if c.phase == "upcoming"]
    past = [c for c in all_calls if c.phase in ("review", "decided")]
    return render(
        request,
        "feasibility/calls.html",
        {"open_calls": open_calls, "upcoming": upcoming, "past": past, "published_count": project_list_published().count()},
    )


def call_detail(request, pk: int):
    """A call: its theme, dates, documents; officials see their members' letters and can start one."""
    call = get_object_or_404(call_list_public(), pk=pk)
    mine = []
    if request.user.is_authenticated:
        affiliations = list(affiliation_list_for_user(user=request.user))
        letters = {
            letter.member_id: letter
            for letter in LetterOfIntent.objects.filter(call=call, member_id__in=[a.member_id for a in affiliations])
        }
        mine = [{"member": a.member, "letter": letters.get(a.member_id)} for a in affiliations]
    return render(request, "feasibility/call.html", {"call": call, "mine": mine})


def call_document(request, pk: int):
    """A call's document: public once the call is published; the Secretariat sees drafts' too."""
    documents = CallDocument.objects.select_related("call")
    if not can_manage_feasibility(request.user):
        documents = documents.exclude(call__status="draft")
    document = get_object_or_404(documents, pk=pk)
    return pdf_response(document.file, f"{slugify(document.title) or 'document'}.pdf")


def library(request):
    """The public library of F/S outcomes: studies published with the city's consent."""
    return render(request, "feasibility/library.html", {"projects": list(project_list_published())})


def library_detail(request, pk: int):
    project = get_object_or_404(project_list_published(), pk=pk)
    return render(request, "feasibility/library_detail.html", {"project": project})


def library_report(request, pk: int):
    project: Project = get_object_or_404(project_list_published(), pk=pk)
    return pdf_response(project.final_report, f"{slugify(project.title)[:80] or 'report'}.pdf")
