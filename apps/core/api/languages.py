"""Which language an API answer is in: ``?lang=``, else ``Accept-Language``, else English."""

from django.conf import settings
from django.utils.translation import gettext as _

ALL = "all"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANG_CHOICES = [*LANGUAGE_CODES, ALL]


def lang_error(value: str, supported=LANG_CHOICES) -> str:
    return _("Unsupported language “%(value)s”. Supported: %(supported)s.") % {
        "value": value,
        "supported": ", ".join(supported),
    }
