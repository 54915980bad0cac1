"""Helpers shared by the awards views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from ..permissions import can_manage_awards


def errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def errors_to_form(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def secretariat_required(view):
    """Staff pages of the awards: the Secretariat only (two-factor is forced by the middleware)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage_awards(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
