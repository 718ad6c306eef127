"""Filter pieces shared by the site's lists and the API: choices of translated objects,
countries by ISO code."""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from apps.core.i18n import SOURCE_LANGUAGE, EnglishFallback
from apps.core.models import Country
from apps.translations import visibility


def translated_values(queryset, value_field: str, label_field: str):
    """``(value, label)`` of each object, the label in the reader's language with the English
    fallback that pages apply (an unpublished Russian text is not shown to the public), read
    with ``values_list``: no model instances."""
    language = get_language()
    source = build_localized_fieldname(label_field, SOURCE_LANGUAGE)
    target = build_localized_fieldname(label_field, language)
    hide_unpublished = language != SOURCE_LANGUAGE and visibility.public_texts_only()
    if target == source:
        yield from queryset.values_list(value_field, source)
        return
    rows = queryset.values_list(value_field, source, target, "russian_ready")
    for value, source_text, target_text, ready in rows:
        if target_text and (ready or not hide_unpublished):
            yield value, target_text
        else:
            yield value, EnglishFallback(source_text or "")


def of_programme(queryset, name, programme):
    """The ``method`` of every programme filter: a programme's news and offices include its
    components' (the querysets' ``of_programme``)."""
    return queryset.of_programme(programme)


class TranslatedChoiceIterator(ModelChoiceIterator):
    """A select list's options as plain values (a list of 50 programmes built 50 models)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        values = translated_values(self.queryset, self.field.to_field_name, self.field.label_field)
        for value, label in values:
            yield (self.field.prepare_value(value), label)


class TranslatedModelChoiceField(forms.ModelChoiceField):
    """A choice of one object by ``to_field_name``, labelled by its translated ``label_field``."""

    iterator = TranslatedChoiceIterator

    def __init__(self, *args, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class TranslatedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TranslatedModelChoiceField


class CountryCodeField(TranslatedModelChoiceField):
    """A country by its ISO code, in either case (``uz`` or ``UZ``)."""

    default_error_messages = {
        "invalid_choice": _("Unknown country code “%(value)s”: use a two-letter code, such as UZ."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        return prepared.lower() if isinstance(prepared, str) else prepared


class CountryCodeFilter(TranslatedModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "iso_code")
        super().__init__(*args, **kwargs)
