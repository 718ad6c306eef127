from django import template

from apps.editorial.admin import links_lost
from apps.editorial.comments import readable_comment

register = template.Library()


@register.filter
def comment_of(revision) -> str:
    """A revision's comment in the reader's language (``apps.editorial.comments``)."""
    return readable_comment(revision)


@register.filter
def links_lost_of(objects) -> list[dict]:
    """What deleting ``objects`` unlinks but keeps (``apps.editorial.admin.links_lost``)."""
    return links_lost(objects)
