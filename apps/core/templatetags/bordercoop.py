import datetime
import json
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import formats, timezone
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apps.core import i18n

register = template.Library()


def _on_this_site(path: str) -> str:
    """``path`` with one leading slash: the path of a request for ``//evil.example/…`` (a 404
    page) would otherwise make the language links, and the absolute addresses built from it
    (canonical, hreflang), point at another host."""
    return "/" + path.lstrip("/\\")


def _x_default(url: str) -> str:
    """The language-negotiating address: the English one without its prefix."""
    return url.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)


def _in_language(url: str, language: str) -> str:
    """``url`` in ``language``; an address the site does not know (a 404 page) keeps its path
    under the other language's prefix, rather than staying in the current language."""
    translated = translate_url(url, language)
    current = f"/{get_language()}/"
    if translated == url and language != get_language() and url.startswith(current):
        translated = f"/{language}/{url.removeprefix(current)}"
    return translated


def _request_in_language(request, url: str, language: str) -> str:
    """``_in_language``, worked out once per request and address (the hreflang links and the
    language switcher ask for the same ones)."""
    known = request.__dict__.setdefault("_bordercoop_in_language", {})
    key = (url, language, get_language())
    if key not in known:
        known[key] = _in_language(url, language)
    return known[key]


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in ``language`` (same object, same query string; without
    the page number where the view says ``pages_differ_by_language``)."""
    request = context["request"]
    query = request.GET.copy()
    if context.get("pages_differ_by_language"):
        query.pop("page", None)
    # From the query as read, not as sent: get_full_path() encodes a query sent unencoded
    # (?q=учёт) a second time, and the page (cached for both spellings) linked to "ÑƒÑ‡Ñ‘Ñ‚".
    path = request.path + (f"?{query.urlencode()}" if query else "")
    return _request_in_language(request, _on_this_site(path), language)


def _own_query(context, *, with_page: bool = True) -> str:
    """The part of the page's query that makes it a page of its own: the filters in force
    (``canonical_query``: a list of one country's news is a list of its own) and the page
    number after the first; nothing else (a tracking parameter, a value the filters refused)."""
    params = dict(context.get("canonical_query") or {})
    page = context.get("page_obj")
    if with_page and page is not None and page.number > 1:
        params["page"] = page.number
    return f"?{urlencode(params)}" if params else ""


@register.simple_tag(takes_context=True)
def page_alternates(context) -> list[dict]:
    """hreflang alternates of the current page: one per language the page exists in.

    A view sets ``page_languages`` for an object that exists in fewer languages; otherwise the
    page exists in all of them. The list ends with ``x-default``.
    """
    request = context["request"]
    languages = context.get("page_languages") or [code for code, _ in settings.LANGUAGES]
    path = _on_this_site(request.path)
    query = _own_query(context, with_page=not context.get("pages_differ_by_language"))
    alternates = [
        {
            "hreflang": code,
            "href": request.build_absolute_uri(_request_in_language(request, path, code) + query),
        }
        for code in languages
    ]
    if settings.LANGUAGE_CODE in languages:
        default = _x_default(_request_in_language(request, path, settings.LANGUAGE_CODE))
        alternates.append(
            {"hreflang": "x-default", "href": request.build_absolute_uri(default + query)}
        )
    return alternates


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address: its path and its own query (``_own_query``)."""
    request = context["request"]
    return request.build_absolute_uri(_on_this_site(request.path)) + _own_query(context)


@register.simple_tag
def lang_attr(obj, field: str):
    """`` lang="en"`` when ``field`` is shown through the English fallback, else nothing."""
    return i18n.fallback_lang_attr(obj, field, get_language())


@register.simple_tag
def text_of(obj, field: str):
    """``field`` of ``obj`` as shown, in a ``<span lang="en">`` when it is the English
    fallback: for a name inside a sentence in the reader's language."""
    value = getattr(obj, field)
    if i18n.shows_fallback(obj, field, get_language()):
        return format_html('<span lang="{}">{}</span>', i18n.SOURCE_LANGUAGE, value)
    return value


@register.filter
def datetime_attr(value) -> str:
    """An aware datetime as HTML's ``<time datetime>`` wants it: local time, whole seconds.

    (``date:'c'`` writes microseconds, six digits; HTML allows at most three.)
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def local_date(value) -> str:
    """``value|date:"DATE_FORMAT"``: a date, or the day of a datetime in the current time zone,
    in the reader's language ("28 November 2026", "28 ноября 2026 г.").

    A list shows twenty dates; each day's text is worked out once per language (formatting a
    date in Russian costs ~30 µs, mostly the month's name through gettext)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return _formatted_day(value, get_language())


@lru_cache(maxsize=4096)
def _formatted_day(day: datetime.date, language: str) -> str:
    return formats.date_format(day, "DATE_FORMAT")


@receiver(setting_changed)
def _forget_formats(**kwargs):
    _formatted_day.cache_clear()


@register.filter
def protect_email(address: str) -> str:
    """``name@domain`` written as ``name[at]domain``, the form the organisation's releases use."""
    return (address or "").replace("@", "[at]")


@register.inclusion_tag("includes/_email.html")
def protected_email(address: str) -> dict:
    """An address harvesters cannot read but people can use.

    The page carries ``name[at]domain`` and the two halves in data attributes, reversed;
    ``static/js/site.js`` turns it into a working ``mailto:`` link for readers with JavaScript.
    """
    user, _, domain = (address or "").partition("@")
    return {"text": protect_email(address), "user": user[::-1], "domain": domain[::-1]}


@register.simple_tag
def json_ld(data: dict):
    """A schema.org JSON-LD block, escaped like ``json_script``."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _json_script_escapes
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag
def fallback_badge(obj, field: str):
    """An "in English" badge after ``field`` of ``obj`` when the reader sees it in English."""
    return i18n.fallback_badge(obj, field, get_language())
