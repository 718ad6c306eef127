from django import template
from django.utils.translation import ngettext

from apps.blos.models import BLOStatus

register = template.Library()


# One message per status, so that each language can agree its words with the number.
STATUS_COUNTS = {
    BLOStatus.ESTABLISHED: lambda n: ngettext(
        "%(count)s office established", "%(count)s offices established", n
    ),
    BLOStatus.BEING_ESTABLISHED: lambda n: ngettext(
        "%(count)s office being established", "%(count)s offices being established", n
    ),
    BLOStatus.PLANNED: lambda n: ngettext(
        "%(count)s office planned", "%(count)s offices planned", n
    ),
    BLOStatus.CLOSED: lambda n: ngettext("%(count)s office closed", "%(count)s offices closed", n),
}


@register.simple_tag
def status_count(status: str, count: int) -> str:
    """'19 offices established' in the reader's language, with the right plural form."""
    return STATUS_COUNTS[status](count) % {"count": count}
