from django import template

from apps.editorial.comments import readable_comment

register = template.Library()


@register.filter
def comment_of(revision) -> str:
    """A revision's comment in the reader's language (``apps.editorial.comments``)."""
    return readable_comment(revision)
