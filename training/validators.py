"""Upload checks of the training app: support attachments are accepted by their content, not their name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wego.validators import MaxSizeValidator

SUPPORT_MAX_BYTES = 5 * 1024 * 1024
SUPPORT_MAX_FILES = 3

# Signatures of the kinds of files the eGovFrame team can open safely.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
)


def sniff_kind(head: bytes) -> str | None:
    """The kind of file `head` (its first bytes) starts like: pdf, png, jpeg, gif, zip, text, or None."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if not head or b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the end of the sample; anything else is binary.
        if exc.start < len(head) - 4:
            return None
    return "text"


def validate_support_attachment(upload) -> None:
    """Accept a PDF, an image (PNG, JPEG, GIF), a ZIP archive or a plain-text file (logs, source) of at most 5 MB."""
    MaxSizeValidator(SUPPORT_MAX_BYTES)(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(4096)
    finally:
        upload.seek(position)
    if sniff_kind(head) is None:
        raise ValidationError(
            _("%(name)s is not a file we accept. Send a PDF, a PNG, JPEG or GIF image, a ZIP archive or a text file."),
            code="file_type",
            params={"name": getattr(upload, "name", "") or _("This file")},
        )
