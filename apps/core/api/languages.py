"""Which language an API answer is in: ``?lang=``, else ``Accept-Language``, else English."""

import math

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions

ALL = "all"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANG_CHOICES = [*LANGUAGE_CODES, ALL]


def lang_error(value: str) -> str:
    return _("Unsupported language “%(value)s”. Supported: %(supported)s.") % {
        "value": value,
        "supported": ", ".join(LANG_CHOICES),
    }


class Throttled(exceptions.Throttled):
    """DRF's 429, its message in the answer's language. DRF puts the number of seconds into
    its message before looking the message up, so no translation ever matches it (a Russian
    client read "Expected available in 52 seconds.")."""

    def __init__(self, wait: float | None):
        if wait is None:
            detail = _("Too many requests. Try again later.")
        else:
            seconds = max(1, math.ceil(wait))
            detail = ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                seconds,
            ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = None if wait is None else seconds  # Retry-After
