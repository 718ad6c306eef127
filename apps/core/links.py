"""``reverse()`` for the detail pages, worked out once per language, not once per link.

A list links every row to its detail page: the BLO directory writes 1,000 such links (a table
and a map), a news list 20. ``reverse()`` costs 20–40 µs a call; the address of
``news:detail`` for a slug is the address for any other slug with that slug put in its place.
So the address around a placeholder is kept per (view, language, script prefix, URLconf), as
the layout's links are (``apps.core.context_processors``), and forgotten whenever a setting
changes. Nothing in it comes from the database.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# What Django's ``slug`` path converter accepts; anything else goes through reverse(), which
# refuses it as it always did (NoReverseMatch).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "slug-placeholder-0"


@lru_cache(maxsize=64)
def _around_slug(viewname: str, language: str, script_prefix: str, urlconf) -> tuple[str, str]:
    with translation.override(language):
        url = reverse(viewname, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf)
    head, _placeholder, tail = url.rpartition(PLACEHOLDER)
    return head, tail


@receiver(setting_changed)
def _forget(**kwargs):
    _around_slug.cache_clear()


def reverse_slug(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, in the active language."""
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around_slug(viewname, translation.get_language(), get_script_prefix(), urlconf)
    return f"{head}{slug}{tail}"


def same_view_at(request, **kwargs) -> str:
    """The address of the view that answers ``request``, with ``kwargs`` put in place of its
    own (a slug: the new address of a page asked for at an old one), and its query string."""
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, **kwargs})
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url
