"""Upload validators shared by every app: files are checked by their content, not their name.

Their messages name no particular document, so that every upload (a signed letter, minutes, a
report, an entry's document) can use them as they are."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class MaxSizeValidator:
    def __init__(self, max_bytes: int | None = None):
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        limit = self.max_bytes or settings.MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit).0f MB. Please upload a smaller file."),
                code="file_too_large",
                params={"size": upload.size / 1_048_576, "limit": limit / 1_048_576},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxSizeValidator) and other.max_bytes == self.max_bytes


def validate_pdf(upload) -> None:
    """Accept only a real PDF (by its signature and trailer) of at most MAX_UPLOAD_SIZE."""
    MaxSizeValidator()(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(upload.size - 2048, 0))
        tail = upload.read(2048)
    finally:
        upload.seek(position)
    if b"%PDF-" not in head[:1024] or b"%%EOF" not in tail:
        raise ValidationError(_("This file is not a PDF document. Please upload a PDF."), code="not_pdf")
