"""Filters of the public news list and feeds (?year=2021&country=uz&topic=…&programme=…)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import CountryCodeFilter, TranslatedModelChoiceFilter, of_programme
from apps.core.models import Country, Topic
from apps.core.widgets import PlainSelect
from apps.news.models import NewsItem
from apps.programmes.models import Programme


def _published_years():
    return [(str(year), str(year)) for year in NewsItem.objects.published().years()]


class NewsItemFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="published_at",
        lookup_expr="year",
        choices=_published_years,
        empty_label=_("All years"),
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _(
                "No news was published in “%(value)s”: choose a year from the list."
            )
        },
    )
    country = CountryCodeFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="iso_code",
        empty_label=_("All countries"),
        widget=PlainSelect,
    )
    topic = TranslatedModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("All topics"),
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _("Unknown topic “%(value)s”: choose a topic from the list.")
        },
    )
    programme = TranslatedModelChoiceFilter(
        label=_("Programme"),
        label_field="title",
        field_name="programmes",
        method=of_programme,
        queryset=Programme.objects.published(),
        to_field_name="slug",
        empty_label=_("All programmes"),
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _("Unknown programme “%(value)s”: choose a programme from the list.")
        },
    )

    class Meta:
        model = NewsItem
        fields = ["year", "country", "topic", "programme"]

    @property
    def active_labels(self) -> list[str]:
        """The filters in force as a reader reads them ("2021", "Uzbekistan"), for titles.

        From the values the form already checked (no query of its own)."""
        if not self.is_bound or not self.is_valid():
            return []
        values = (self.form.cleaned_data.get(name) for name in self.Meta.fields)
        return [str(value) for value in values if value not in (None, "")]

    @property
    def active_filters(self) -> dict[str, str]:
        """The filters in force, as query parameters as the site writes them (``uz``, not
        `` UZ``): for feed links and the page's canonical address."""
        if not self.is_bound or not self.is_valid():
            return {}
        fields, values = self.form.fields, self.form.cleaned_data
        return {
            name: str(fields[name].prepare_value(values[name]))
            for name in self.Meta.fields
            if values.get(name) not in (None, "")
        }
