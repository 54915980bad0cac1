"""Helpers shared by the feasibility views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404

from members.selectors import affiliation_list_for_user
from wego.files import file_response


def own_affiliation(user, member_id: int):
    """The user's affiliation with that member; 404 for any member they do not act for."""
    affiliation = affiliation_list_for_user(user=user).filter(member_id=member_id).first()
    if affiliation is None:
        raise Http404
    return affiliation


def errors_to_form(form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


def errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def pdf_response(field_file, filename: str):
    """Send a stored PDF as a download, after the view's permission check (private storage, no URL)."""
    return file_response(field_file, filename=filename, content_type="application/pdf")
