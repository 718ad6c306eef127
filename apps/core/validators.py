"""Uploaded images: real images only (verified by Pillow, not by the file name), not too big
(``settings.MAX_IMAGE_UPLOAD_BYTES``, named in the error and in the field's help text)."""

import math
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import get_available_image_extensions
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
ALLOWED_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
KB = 1024
MB = 1024 * KB


def file_size(size: int, *, round_up: bool = False) -> str:
    """``size`` bytes as a reader wants to see it, in the active language: "5 MB", "1.5 MB",
    "500 KB", "300 bytes" ("1,5 МБ" in Russian). Megabytes get one decimal, kilobytes none,
    and whole numbers no decimal point. ``round_up`` for a file's own size, so that a file
    just over a limit never reads as the limit itself.

    Django's own ``filesizeformat`` would say "5.0 MB"; the units here are Django's messages,
    so its catalogue translates them.
    """
    if size < KB:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    value, unit, decimals = (size / MB, _("%s MB"), 1) if size >= MB else (size / KB, _("%s KB"), 0)
    factor = 10**decimals
    value = (math.ceil(value * factor) if round_up else round(value * factor)) / factor
    if value == int(value):
        return unit % number_format(int(value))
    return unit % number_format(value, decimal_pos=decimals)


@deconstructible
class ImageUploadHelpText:
    """The image field's help text, naming the limit in force when it is shown (a lazy
    string, translated then). Migrations record this class, not the text: a server with
    another ``MAX_IMAGE_UPLOAD_MB`` has no model change to migrate."""

    def __str__(self):
        return _("JPEG, PNG, WebP or GIF, up to %(limit)s.") % {
            "limit": file_size(settings.MAX_IMAGE_UPLOAD_BYTES)
        }

    def __eq__(self, other):
        return isinstance(other, ImageUploadHelpText)

    def __hash__(self):
        return hash(ImageUploadHelpText)


IMAGE_UPLOAD_HELP_TEXT = ImageUploadHelpText()


def validate_image_upload(file) -> None:
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": file_size(file.size, round_up=True), "limit": file_size(limit)},
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
    extension = Path(file.name or "").suffix.lower().removeprefix(".")
    # The file keeps its name's extension, which tells the web server how to serve it. Django's
    # own check (the field's) allows every extension Pillow knows, .pdf and .eps among them: a
    # GIF with a script appended, named .pdf, would be served as a PDF. The names Django
    # refuses itself are left to its message, an unsupported format to the message above.
    if extension not in ALLOWED_EXTENSIONS and extension in get_available_image_extensions():
        raise ValidationError(
            _("The file name must end in .jpg, .jpeg, .png, .webp or .gif, not .%(extension)s.")
            % {"extension": extension},
            code="invalid_extension",
        )
