"""Uploaded images: real images only (verified by Pillow, not by the file name), not too big."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(file) -> None:
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The image is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": file.size / 1_048_576, "limit": limit / 1_048_576},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,  # a header claiming more pixels than Pillow will decode
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(
            _("This file is not an image (JPEG, PNG, WebP or GIF)."), code="not_an_image"
        ) from error
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF, not %(format)s.") % {"format": image_format},
            code="format",
        )
