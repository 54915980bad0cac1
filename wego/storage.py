"""The storage of private uploads: outside MEDIA_ROOT, mapped to no URL (see wego.files).

Model fields take `storage=private_storage` (the callable, so migrations name the function and do
not freeze a path). `PrivateMediaStorage.url()` points at the Secretariat's download view
(`private-file`), so the admin's "Currently: …" links keep working for the Secretariat and give
everyone else a 404.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.deconstruct import deconstructible


@deconstructible(path="wego.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read at each use, so tests can move it)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return Path(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        """The Secretariat's download view for this file; there is no public address."""
        return reverse("private-file", kwargs={"name": name})


_private_storage = PrivateMediaStorage()


def private_storage() -> PrivateMediaStorage:
    """The storage of private uploads (a callable for `FileField(storage=…)`)."""
    return _private_storage


def is_private(field_file) -> bool:
    return isinstance(getattr(field_file, "storage", None), PrivateMediaStorage)
