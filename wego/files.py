"""Private file storage and the one way private files leave the server: a view that checked first.

Public files (member logos, MOUs, meeting documents) live under MEDIA_ROOT and may be served at
MEDIA_URL. Private files (signed letters, support attachments, entries, unpublished studies …) live
under PRIVATE_MEDIA_ROOT, which no URL maps to: each app serves them through a download view that
checks the same permission predicate as the page showing the object, then calls `file_response`.

The storage itself is in wego.storage.
"""

from __future__ import annotations

import mimetypes
import os

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.module_loading import import_string

from .storage import private_storage


def file_response(field_file, *, filename: str | None = None, content_type: str | None = None,
                  inline: bool = False) -> FileResponse:
    """Stream a stored file once the caller has checked permission; 404 when there is none.

    A download by default (Content-Disposition: attachment) so that an uploaded HTML or SVG never
    runs in the portal's origin; `inline=True` only for checked images shown in an <img>.
    """
    if not field_file or not getattr(field_file, "name", ""):
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, SuspiciousFileOperation, OSError):
        raise Http404
    name = filename or os.path.basename(field_file.name)
    if content_type is None:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _staff_may_download(user) -> bool:
    return bool(import_string(settings.PRIVATE_MEDIA_STAFF_PREDICATE)(user))


@login_required
def private_file(request, name: str):
    """The Secretariat downloads any private file by its stored name (the admin's file links).

    Everyone else gets 404: members reach their files through their app's own views.
    """
    if not _staff_may_download(request.user):
        raise Http404
    storage = private_storage()
    try:
        if not storage.exists(name):
            raise Http404
    except SuspiciousFileOperation:
        raise Http404
    return file_response(_StoredFile(storage, name))


class _StoredFile:
    """The smallest FieldFile stand-in `file_response` needs."""

    def __init__(self, storage, name: str) -> None:
        self.storage = storage
        self.name = name

    def __bool__(self) -> bool:
        return bool(self.name)

    def open(self, mode: str = "rb"):
        return self.storage.open(self.name, mode)


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose "Currently" link goes to the object's own download view.

    Set `download_url` on the widget in the view (it knows the object); without it the link is
    the storage URL (the Secretariat's view).
    """

    download_url: str | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.download_url:
            context["widget"]["value"] = _Linked(value, self.download_url)
        return context


class _Linked:
    def __init__(self, value, url: str) -> None:
        self.value = value
        self.url = url

    def __str__(self) -> str:
        return os.path.basename(str(self.value))
