"""Keep what an official typed when their session ended before they pressed save (issue 12, point 9).

A form POSTed by a visitor whose session has expired would be lost at the login redirect. Views that
take long forms use ``login_required_keeping_input`` instead of ``login_required``: an anonymous POST
has its fields (not files, not the CSRF token, nothing named like a password; bounded in size) kept in
the session under the page's path, and the visitor is sent to the login page with ``next`` back to it.
Django keeps an anonymous session's data when the user logs in (the session key is cycled, not
flushed), so when the signed-in user opens that page again the view asks ``kept_input(request)`` and
binds its form with what was typed, with a message asking to check it and save.

The kept data is shown only on the page it was typed for, and only once the view's own permission
checks have passed for whoever signed in; it is dropped after ``MAX_AGE`` seconds.
"""

from __future__ import annotations

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.utils.translation import gettext as _

SESSION_KEY = "wego.kept_input"
MAX_CHARS = 200_000  # all kept values of one page together
MAX_FIELDS = 1_000
MAX_PAGES = 3  # pages kept at once in one session; the oldest goes first
MAX_AGE = 12 * 3600
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def _keepable(name: str) -> bool:
    return name not in SKIPPED_FIELDS and "password" not in name.lower()


def keep_posted_input(request) -> str:
    """Keep the request's POST fields for its path in the session: "kept", "empty" or "too_large"."""
    data: dict[str, list[str]] = {}
    size = 0
    for name, values in request.POST.lists():
        if not _keepable(name):
            continue
        size += len(name) + sum(len(v) for v in values)
        if size > MAX_CHARS or len(data) >= MAX_FIELDS:
            return "too_large"  # too much for a session: keep nothing rather than half a form
        data[name] = list(values)
    if not data:
        return "empty"
    store = dict(request.session.get(SESSION_KEY) or {})
    store.pop(request.path, None)
    while len(store) >= MAX_PAGES:
        store.pop(min(store, key=lambda path: store[path].get("at", 0)))
    store[request.path] = {"at": time.time(), "data": data}
    request.session[SESSION_KEY] = store
    return "kept"


def kept_input(request) -> QueryDict | None:
    """What was typed on this page before the session ended, once, as form data; None if nothing.

    Call it where the view builds its unbound form for a GET, after its permission checks.
    """
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    store = request.session.get(SESSION_KEY)
    if not store or request.path not in store:
        return None
    store = dict(store)
    entry = store.pop(request.path)
    request.session[SESSION_KEY] = store
    if not isinstance(entry, dict) or time.time() - float(entry.get("at", 0)) > MAX_AGE:
        return None
    data = QueryDict(mutable=True)
    for name, values in (entry.get("data") or {}).items():
        if _keepable(name) and isinstance(values, list):
            data.setlist(name, [str(v) for v in values])
    if not data:
        return None
    data._mutable = False
    messages.warning(request, _("We kept what you typed before your session ended; check it and save."))
    return data


def login_required_keeping_input(view):
    """``login_required`` that keeps an anonymous POST's fields for after the login (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            outcome = keep_posted_input(request)
            if outcome == "kept":
                messages.info(request, _("Your session has ended. Sign in again: what you typed on the form is kept."))
                if request.FILES:
                    messages.warning(request, _("Files cannot be kept: attach them again after signing in."))
            elif outcome == "too_large":
                messages.warning(
                    request, _("Your session has ended. What you typed was too long to keep: sign in and enter it again.")
                )
        return redirect_to_login(request.get_full_path())

    return wrapper
