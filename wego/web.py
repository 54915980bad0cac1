"""Helpers of the portal's pages, shared by every app: a service's refusal shown on a form or as
messages, the member a page acts for, and views kept for the holders of a permission predicate.

They know no app: a caller passes what is specific to it (the form, the user's affiliations, the
predicate of its `permissions.py`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .forms import parse_id


def error_messages(exc: Exception) -> list[str]:
    """The plain messages of a refusal: a ValidationError's messages, else the exception's text, else a
    general "you may not" (a bare PermissionDenied carries no text)."""
    found = getattr(exc, "messages", None)
    if found:
        return [str(message) for message in found]
    return [str(exc) or _("You may not do this.")]


def errors_to_form(form: Any, exc: Exception) -> None:
    """Show a service's refusal on the form: an error naming one of the form's fields next to that
    field, every other one (non-field errors, fields the form does not have, a PermissionDenied's
    text) at the top of the form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error_messages(exc))


def errors_to_messages(request: HttpRequest, exc: Exception) -> None:
    """Show a refusal (a ValidationError, or a PermissionDenied) as error messages of the next page."""
    for message in error_messages(exc):
        messages.error(request, message)


def form_errors_to_messages(request: HttpRequest, form: Any) -> None:
    """Show an invalid form's errors as error messages of the next page (a form posted from a page
    that redirects back, such as a row's inline form on a list)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class _Affiliation(Protocol):
    member_id: int


A = TypeVar("A", bound=_Affiliation)


def acting_member(
    affiliations: Iterable[A], wanted: object = None, *, required: bool = False, strict: bool = True
) -> A | None:
    """The affiliation (user ↔ member) a page acts through, among the signed-in user's `affiliations`.

    `wanted` is the member id the page names (text from ?member= or a form, or an int from the URL).
    Named: the user's affiliation with that member, or 404 for a member they do not act for (with
    `strict=False` the page falls back to their first member instead). Not named: their first
    affiliation, or None when they act for none (404 when `required`).
    """
    affiliations = list(affiliations)
    if wanted not in (None, ""):
        member_id = wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else parse_id(wanted)
        chosen = next((a for a in affiliations if a.member_id == member_id), None) if member_id else None
        if chosen is not None:
            return chosen
        if strict:
            raise Http404
    if affiliations:
        return affiliations[0]
    if required:
        raise Http404
    return None


V = TypeVar("V", bound=Callable[..., Any])


def predicate_required(predicate: Callable[[Any], bool], *, message: str | None = None) -> Callable[[V], V]:
    """A view decorator: anonymous visitors are sent to sign in; a signed-in user for whom
    `predicate(user)` is false gets 403 (with `message`, when given, as the refusal's text)."""

    def decorator(view: V) -> V:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not predicate(request.user):
                raise PermissionDenied(message) if message else PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
