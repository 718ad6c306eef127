"""Filter pieces shared by the site's lists and the API: countries by ISO code."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.models import Country


class CountryCodeField(forms.ModelChoiceField):
    """A country by its ISO code, in either case (``uz`` or ``UZ``)."""

    default_error_messages = {
        "invalid_choice": _("Unknown country code “%(value)s”: use an ISO 3166 alpha-2 code."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        return prepared.lower() if isinstance(prepared, str) else prepared


class CountryCodeFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "iso_code")
        super().__init__(*args, **kwargs)
