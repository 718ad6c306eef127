"""Filter pieces shared by the API's FilterSets: slugs, ordering, strict booleans."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from apps.core.ordering import ReadersText

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SlugField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Unknown slug “%(value)s”."),
    }


class SlugFilter(django_filters.ModelChoiceFilter):
    """An object by its slug, with a message naming the unknown slug."""

    field_class = SlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class ListedChoicesMixin:
    """A choice field whose refusal names the value and every choice (Django's own says
    only "Select a valid choice")."""

    default_error_messages = {
        "invalid_choice": _("Unknown value “%(value)s”. Available: %(choices)s."),
    }

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
            choices = ", ".join(str(key) for key, _label in self.choices if key != "")
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value, "choices": choices},
            ) from error


class ListedChoiceField(ListedChoicesMixin, django_filters.fields.ChoiceField):
    pass


class ListedChoiceFilter(django_filters.ChoiceFilter):
    """``?status=`` and the like: one of a fixed list, named in the refusal."""

    field_class = ListedChoiceField


class OrderingField(ListedChoicesMixin, forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": _("Unknown ordering “%(value)s”. Available: %(choices)s."),
    }


def translated_ordering(field: str, *, descending: bool = False, then=()):
    """An ordering by a translated field as the reader sees it (``ReadersText``)."""
    text = ReadersText(field)
    return [text.desc() if descending else text.asc(), *then]


class OrderingFilter(django_filters.ChoiceFilter):
    """``?ordering=`` from a fixed list; each choice maps to the actual order_by fields."""

    field_class = OrderingField

    def __init__(self, *args, orderings: dict, **kwargs):
        self.orderings = orderings
        kwargs["choices"] = [(name, name) for name in orderings]
        kwargs.setdefault("label", _("Ordering"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*self.orderings[value])


class BooleanField(ListedChoicesMixin, forms.TypedChoiceField):
    """``true`` or ``false`` (``1`` or ``0``) in any case; anything else is refused, not read
    as "no filter" like django-filter's NullBooleanField does."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = [(value, value) for value in ("true", "false", "1", "0")]
        kwargs["coerce"] = lambda value: value in ("true", "1")
        kwargs["empty_value"] = None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().lower()


class BooleanFilter(django_filters.BooleanFilter):
    field_class = BooleanField


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD and only so: Django's date field also reads the formats of the
    answer's language (``01/02/2026`` was 2 January in English, ``01.02.2026`` 1 February in
    Russian), and ``strptime`` the unpadded ``2026-2-1``, a second address of the same list."""

    def to_python(self, value):
        if isinstance(value, str) and value and not ISO_DATE.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DateFilter(django_filters.DateFilter):
    """A date as the API documents it (ISO 8601, YYYY-MM-DD), named in the refusal (Django's
    own says only "Enter a valid date")."""

    field_class = IsoDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as YYYY-MM-DD.")})
        super().__init__(*args, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; in the schema, an empty filter parameter (``?country=``) is
    documented as allowed: it filters nothing, as in django-filter."""


class FilterBackendSchema(DjangoFilterExtension):
    target_class = FilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters
