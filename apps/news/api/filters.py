import django_filters
from django import forms
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field

from apps.blos.models import BorderLiaisonOffice
from apps.core.api.filters import (
    DateFilter,
    OrderingFilter,
    SlugFilter,
    translated_ordering,
)
from apps.core.filters import CountryCodeFilter, of_programme
from apps.core.models import Topic
from apps.news import search
from apps.news.models import NewsItem
from apps.programmes.models import Programme


class SearchWordsField(forms.CharField):
    """Words to search, NUL characters dropped as on the site's search page (``clean_query``):
    the schema allows any text, and a NUL was a 400."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", " ")
        return super().to_python(value)


@extend_schema_field(
    {
        "type": "string",
        "maxLength": search.MAX_QUERY_LENGTH,
        "description": (
            f"Words to search; the {search.MAX_RESULTS} newest matches are ranked, best first "
            f"(so count is at most {search.MAX_RESULTS})."
        ),
    }
)
class SearchFilter(django_filters.CharFilter):
    field_class = SearchWordsField


class NewsItemFilter(django_filters.FilterSet):
    country = CountryCodeFilter(field_name="countries", help_text="ISO 3166 alpha-2 code, e.g. uz")
    topic = SlugFilter(field_name="topics", queryset=Topic.objects.all(), help_text="topic slug")
    programme = SlugFilter(
        field_name="programmes",
        method=of_programme,
        queryset=Programme.objects.published(),
        help_text="programme slug; a programme's news includes its components' news",
    )
    blo = SlugFilter(
        field_name="blos",
        queryset=BorderLiaisonOffice.objects.published(),
        help_text="Border Liaison Office slug",
    )
    published_after = DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        help_text="ISO 8601 date (YYYY-MM-DD), inclusive",
    )
    published_before = DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        help_text="ISO 8601 date (YYYY-MM-DD), inclusive",
    )
    q = SearchFilter(method="filter_search", max_length=search.MAX_QUERY_LENGTH)
    ordering = OrderingFilter(
        orderings={
            "published_at": ["published_at"],
            "-published_at": ["-published_at"],
            "title": translated_ordering("title", then=["-published_at"]),
            "-title": translated_ordering("title", descending=True, then=["-published_at"]),
        },
        help_text="published_at, -published_at (default), title or -title",
    )

    class Meta:
        model = NewsItem
        fields = []

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value, get_language())
