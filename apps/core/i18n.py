"""Whether an object's Russian version is complete.

A translated object is complete in a language when every translated field that has English
text also has text in that language. Optional fields left empty in English (an image caption
when there is no image) need nothing.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translated_fields(model) -> tuple[str, ...]:
    try:
        return tuple(sorted(translator.get_options_for_model(model).get_field_names()))
    except NotRegistered:
        return ()


def _has_text(field: str) -> Q:
    return Q(**{f"{field}__gt": ""})


def complete_q(model, language: str) -> Q:
    """Q matching the objects of ``model`` whose ``language`` version is complete."""
    q = Q()
    for name in translated_fields(model):
        source = build_localized_fieldname(name, SOURCE_LANGUAGE)
        target = build_localized_fieldname(name, language)
        q &= ~_has_text(source) | _has_text(target)
    return q


def incomplete_q(model, language: str) -> Q:
    """Q matching the objects of ``model`` that lack some ``language`` text."""
    q = Q(pk__in=[])
    for name in translated_fields(model):
        source = build_localized_fieldname(name, SOURCE_LANGUAGE)
        target = build_localized_fieldname(name, language)
        q |= _has_text(source) & ~_has_text(target)
    return q


def missing_fields(obj, language: str) -> list[str]:
    """Names of the fields that have English text but none in ``language``."""
    missing = []
    for name in translated_fields(type(obj)):
        source = getattr(obj, build_localized_fieldname(name, SOURCE_LANGUAGE))
        target = getattr(obj, build_localized_fieldname(name, language))
        if source and not target:
            missing.append(name)
    return missing


def is_complete(obj, language: str) -> bool:
    return not missing_fields(obj, language)


def available_languages(obj, *, require_published: bool = True) -> list[str]:
    """The languages ``obj`` really exists in: English (the source) and every translation
    that is complete and published (``russian_ready``).

    Any other language is only shown through the English fallback, so it is left out of
    hreflang alternates, the sitemap, the API's links and "this article in …" links. Previews
    pass ``require_published=False`` to show a translation as it will look once published.
    """
    published = getattr(obj, "russian_ready", True) or not require_published
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == SOURCE_LANGUAGE or (published and is_complete(obj, code))
    ]


class EnglishFallback(str):
    """A text shown to a reader of another language through the English fallback, where no
    element can carry ``lang="en"`` around it (a select's option label): its widget marks
    the element itself (``PlainSelect``)."""

    lang = SOURCE_LANGUAGE


def shows_fallback(obj, field: str, language: str) -> bool:
    """Whether ``field`` of ``obj`` is shown in English to a ``language`` reader."""
    if language == SOURCE_LANGUAGE:
        return False
    source = getattr(obj, build_localized_fieldname(field, SOURCE_LANGUAGE))
    target = getattr(obj, build_localized_fieldname(field, language))
    return bool(source) and not target


def fallback_lang_attr(obj, field: str, language: str) -> str:
    """`` lang="en"`` when ``field`` of ``obj`` is shown through the English fallback to a
    ``language`` reader, else nothing (the ``lang_attr`` template tag)."""
    if shows_fallback(obj, field, language):
        return format_html(' lang="{}"', SOURCE_LANGUAGE)
    return ""


def fallback_badge(obj, field: str, language: str) -> str:
    """`` <span class="badge">in English</span>`` after a name or title that a ``language``
    reader sees through the English fallback (in lists and links), else nothing."""
    if shows_fallback(obj, field, language):
        return format_html(' <span class="badge">{}</span>', gettext("in English"))
    return ""


def columns(model, *fields: str, through: str = "") -> list[str]:
    """What ``only()`` needs to show ``fields`` of ``model``: a translated field in every
    language, with ``russian_ready`` (without it a loaded Russian text is treated as
    unpublished: see TranslationTracked.from_db). ``through`` prefixes each name for a related
    model loaded with ``select_related`` (``through="office"``)."""
    translated = set(translated_fields(model))
    names = []
    for field in fields:
        if field in translated:
            names += [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]
        else:
            names.append(field)
    if translated:
        names.append("russian_ready")
    return [f"{through}__{name}" if through else name for name in names]
