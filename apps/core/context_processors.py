"""What every page's layout links to, worked out once per language, not on every page.

The header, footer and ``<head>`` of every page link to the same sections, feeds and static
files. ``reverse()`` and the static files' manifest give the same answer for a language until
the URLconf, the script prefix or the settings change, so the answer is kept per
(language, script prefix, URLconf) and forgotten whenever a setting changes (tests override
settings). This is a computed constant, not a cache of content: nothing in it comes from the
database.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

# Name in templates (``site_urls.news``) → URL name.
SECTIONS = {
    "home": "home",
    "news": "news:list",
    "blos": "blos:list",
    "programmes": "programmes:list",
    "contacts": "contacts:list",
    "search": "search",
    "rss": "feeds:news-rss",
    "atom": "feeds:news-atom",
}
# Name in templates (``site_assets.css``) → static file.
ASSETS = {
    "css": "css/site.css",
    "print_css": "css/print.css",
    "favicon": "img/favicon.svg",
    "js": "js/site.js",
}


@lru_cache(maxsize=32)
def section_urls(language: str, script_prefix: str, urlconf) -> dict[str, str]:
    with translation.override(language):
        return {name: reverse(view, urlconf=urlconf) for name, view in SECTIONS.items()}


@lru_cache(maxsize=8)
def asset_urls(script_prefix: str) -> dict[str, str]:
    return {name: static(path) for name, path in ASSETS.items()}


@receiver(setting_changed)
def _forget(**kwargs):
    section_urls.cache_clear()
    asset_urls.cache_clear()


def site(request) -> dict:
    """``site_urls`` (the sections and feeds in the current language) and ``site_assets``,
    worked out when a template reads them (robots.txt or an admin page does not: a process
    without collected static files still answers those)."""
    language, prefix, urlconf = translation.get_language(), get_script_prefix(), get_urlconf()
    return {
        "site_urls": SimpleLazyObject(lambda: section_urls(language, prefix, urlconf)),
        "site_assets": SimpleLazyObject(lambda: asset_urls(prefix)),
    }
