from django import template
from django.utils.html import format_html, format_html_join
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


# Each status's mark on the map: its shape tells the status without colour.
MARKER_SHAPES = {
    BLOStatus.ESTABLISHED: '<circle cx="{x}" cy="{y}" r="7"/>',
    BLOStatus.BEING_ESTABLISHED: (
        '<rect x="{x0}" y="{y0}" width="12" height="12" transform="rotate(45 {x} {y})"/>'
    ),
    BLOStatus.PLANNED: '<rect x="{x0}" y="{y0}" width="12" height="12"/>',
}
CLOSED_SHAPE = '<path d="M{x0} {y0}l12 12m0 -12l-12 12"/>'


@register.simple_tag
def map_markers(markers) -> str:
    """The map's marks, one link per office, written in Python: the directory places 500
    offices, and the same markup through the template language took ~60 ms."""
    return format_html_join(
        "\n    ",
        '<a href="{}" class="map-marker status-{}"><title>{} — {}</title>{}</a>',
        (
            (
                blo.get_absolute_url(),
                blo.status,
                blo.name,
                blo.get_status_display(),
                format_html(
                    MARKER_SHAPES.get(blo.status, CLOSED_SHAPE),
                    x=marker["x"],
                    y=marker["y"],
                    x0=marker["x0"],
                    y0=marker["y0"],
                ),
            )
            for marker in markers
            for blo in (marker["blo"],)
        ),
    )
