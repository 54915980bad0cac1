"""Upload validators of the awards app: images and documents are checked by their content."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from wego.validators import MaxSizeValidator, validate_pdf

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # a 8000 × 5000 photo; larger files are refused before decoding
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@deconstructible
class ImageValidator:
    """A real JPEG, PNG, WebP or GIF image of at most `max_bytes`, verified by Pillow."""

    def __init__(self, max_bytes: int = IMAGE_MAX_BYTES):
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        MaxSizeValidator(self.max_bytes)(upload)
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                if image.format not in IMAGE_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, WebP or GIF image."), code="image_format"
                    )
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("The image is %(w)s × %(h)s pixels; please upload a smaller one."),
                        code="image_too_large",
                        params={"w": width, "h": height},
                    )
                image.verify()
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationError(_("This file is not a valid image."), code="not_image")
        finally:
            upload.seek(position)

    def __eq__(self, other) -> bool:
        return isinstance(other, ImageValidator) and other.max_bytes == self.max_bytes


validate_image = ImageValidator()


# An entry's document: a real PDF within the portal's upload limit (the name stays for the migrations).
validate_document = validate_pdf
