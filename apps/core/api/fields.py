"""Serializer fields for translated content."""

from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers

from apps.core import i18n
from apps.core.api.languages import ALL, LANGUAGE_CODES

TRANSLATED_SCHEMA = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "description": "With lang=all: the text in every language (null where missing).",
            "properties": {code: {"type": "string", "nullable": True} for code in LANGUAGE_CODES},
            "required": LANGUAGE_CODES,
        },
    ]
}


def requested_language(context) -> str:
    return context.get("lang") or get_language()


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A translated model field: the text in the answer's language, with the site's fallback
    to English; with ``lang=all``, an object keyed by language."""

    def __init__(self, field_name: str | None = None, **kwargs):
        self.field_name_override = field_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        name = self.field_name_override or self.field_name
        if requested_language(self.context) == ALL:
            return {
                code: getattr(obj, build_localized_fieldname(name, code)) or None
                for code in LANGUAGE_CODES
            }
        return getattr(obj, name) or ""


class LanguageMetaMixin(serializers.Serializer):
    """What the item honestly served, and where it can be read."""

    language = serializers.SerializerMethodField(
        help_text="The language of the text returned ('all' with lang=all)."
    )
    is_fallback = serializers.SerializerMethodField(
        help_text="True where the requested language is missing and English text was served."
    )
    available_languages = serializers.SerializerMethodField(
        help_text="The languages this item really exists in."
    )
    links = serializers.SerializerMethodField(
        help_text="Its public page in every language it exists in."
    )

    def _languages(self, obj) -> list[str]:
        cache = self.context.setdefault("_available_languages", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            cache[key] = i18n.available_languages(obj)
        return cache[key]

    def get_language(self, obj) -> str:
        lang = requested_language(self.context)
        if lang == ALL:
            return ALL
        return lang if lang in self._languages(obj) else i18n.SOURCE_LANGUAGE

    def get_is_fallback(self, obj) -> bool:
        lang = requested_language(self.context)
        return lang != ALL and lang not in self._languages(obj)

    def get_available_languages(self, obj) -> list[str]:
        return self._languages(obj)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {code: {"type": "string", "format": "uri"} for code in LANGUAGE_CODES},
        }
    )
    def get_links(self, obj) -> dict:
        request = self.context.get("request")
        links = {}
        for code in self._languages(obj):
            with translation.override(code):
                url = obj.get_absolute_url()
            links[code] = request.build_absolute_uri(url) if request else url
        return links


class ItemUrlField(serializers.HyperlinkedIdentityField):
    """An item's API address, by its slug; asked for with ``?lang=``, the address keeps it, so
    that following it answers in the same language (a Russian list's items answered in
    English)."""

    def __init__(self, view_name: str, **kwargs):
        kwargs.setdefault("lookup_field", "slug")
        super().__init__(view_name=view_name, **kwargs)

    def get_url(self, obj, view_name, request, format):
        url = super().get_url(obj, view_name, request, format)
        if url and request is not None and "lang" in request.query_params:
            url = f"{url}?{urlencode({'lang': requested_language(self.context)})}"
        return url
