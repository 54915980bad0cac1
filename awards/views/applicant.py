"""The applicant's pages: my entries, the entry form (draft, uploads, submit), withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from members.selectors import affiliation_list_for_user
from wego.preserve import kept_input, login_required_keeping_input
from wego.web import errors_to_form, errors_to_messages

from .. import selectors, services
from ..forms import EntryDocumentForm, EntryForm, EntryImageForm
from ..models import MAX_DOCUMENTS, MAX_IMAGES, Edition, Entry, EntryDocument, EntryImage
from ..workflows import ENTRY


def _members_of(user):
    return Member.objects.filter(pk__in=affiliation_list_for_user(user=user).values("member_id")).order_by("name")


@login_required
def my_entries(request):
    """The entries the user started and those of the members they act for, with status and reasons."""
    return render(
        request,
        "awards/my_entries.html",
        {"entries": list(selectors.entry_list_for_user(user=request.user)),
         "open_editions": list(selectors.edition_open_for_applications())},
    )


def _own_entry(request, pk: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("edition", "category", "member"), pk=pk)
    if entry.applicant_id != request.user.pk:
        raise Http404
    return entry


@login_required_keeping_input
def entry_edit(request, year: int | None = None, pk: int | None = None):
    """Start or continue a draft; 'Save draft' keeps it, 'Submit' sends it to the Secretariat.

    Images and documents are attached on the same page once the draft exists.
    """
    entry = _own_entry(request, pk) if pk else None
    if entry is not None:
        edition = entry.edition
        if entry.status != Entry.Status.DRAFT:
            return redirect("awards:entry", pk=entry.pk)
    else:
        edition = get_object_or_404(Edition, year=year)
    if not edition.accepts_applications:
        messages.error(request, _("Applications to %(edition)s are closed.") % {"edition": edition})
        return redirect("awards:my-entries")
    members = _members_of(request.user)
    initial = {"country": str(entry.country) if entry else ""}
    if entry is None and len(members) == 1:
        initial["member"] = members[0].pk  # an official enters for their own member by default
    form = EntryForm(request.POST or kept_input(request), instance=entry, edition=edition, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry = services.entry_save_draft(applicant=request.user, edition=edition, data=data, entry=entry)
            if "submit" in request.POST:
                services.entry_submit(entry=entry, by=request.user)
                messages.success(
                    request, _("Your entry is submitted. The Secretariat will tell you whether it is eligible.")
                )
                return redirect("awards:my-entries")
            messages.success(request, _("Draft saved. You can come back and finish it later."))
            return redirect("awards:entry-edit", pk=entry.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
    image_form = EntryImageForm(prefix="img")
    document_form = EntryDocumentForm(prefix="doc")
    # The buttons read the table (awards.workflows.ENTRY). "Submit" saves the form first, so it is offered
    # whenever the entry may be submitted by this user from its state: what is missing is checked on the
    # saved draft (and said on the form). A new entry is a draft to be.
    offered = {o.name for o in ENTRY.options(entry, request.user)} if entry else {"submit"}
    return render(
        request,
        "awards/entry_form.html",
        {"form": form, "entry": entry, "edition": edition, "image_form": image_form, "document_form": document_form,
         "max_images": MAX_IMAGES, "max_documents": MAX_DOCUMENTS, "flow": ENTRY, "offered": offered},
    )


@login_required
@require_POST
def entry_image_add(request, pk: int):
    entry = _own_entry(request, pk)
    form = EntryImageForm(request.POST, request.FILES, prefix="img")
    if form.is_valid():
        try:
            services.entry_image_add(entry=entry, by=request.user, **form.cleaned_data)
            messages.success(request, _("Image added."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)
    return redirect("awards:entry-edit", pk=entry.pk)


@login_required
@require_POST
def entry_image_remove(request, pk: int, image_id: int):
    entry = _own_entry(request, pk)
    image = get_object_or_404(EntryImage, pk=image_id, entry=entry)
    try:
        services.entry_image_remove(image=image, by=request.user)
        messages.success(request, _("Image removed."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("awards:entry-edit", pk=entry.pk)


@login_required
@require_POST
def entry_document_add(request, pk: int):
    entry = _own_entry(request, pk)
    form = EntryDocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        try:
            services.entry_document_add(entry=entry, by=request.user, **form.cleaned_data)
            messages.success(request, _("Document added."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)
    return redirect("awards:entry-edit", pk=entry.pk)


@login_required
@require_POST
def entry_document_remove(request, pk: int, doc_id: int):
    entry = _own_entry(request, pk)
    document = get_object_or_404(EntryDocument, pk=doc_id, entry=entry)
    try:
        services.entry_document_remove(document=document, by=request.user)
        messages.success(request, _("Document removed."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("awards:entry-edit", pk=entry.pk)


@login_required
@require_POST
def entry_withdraw(request, pk: int):
    entry = _own_entry(request, pk)
    try:
        services.entry_withdraw(entry=entry, by=request.user)
        messages.success(request, _("Your entry “%(title)s” is withdrawn.") % {"title": entry.title})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("awards:my-entries")
