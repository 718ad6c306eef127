from apps.core.api.facets import facet_counts, facet_values
from apps.core.api.views import (
    PublicReadOnlyViewSet,
    document_endpoint,
    facets_parameter,
)
from apps.news.api.filters import NewsItemFilter
from apps.news.api.serializers import NewsItemSerializer
from apps.news.models import NewsItem
from apps.programmes.models import Programme

FACETS_PARAMETER = facets_parameter(
    ["country", "topic", "programme"],
    "Comma-separated: country, topic, programme. Adds counts per value for the current filter.",
)


def _facet(relation: str, value_field: str, label_field: str):
    def compute(queryset, lang):
        return facet_counts(
            NewsItem, queryset, relation=relation, value_field=value_field, label_field=label_field
        )

    return compute


def _programme_facet(queryset, lang):
    """Each published programme and how many items ``?programme=`` would give: its news
    includes its components' (``NewsItemQuerySet.of_programme``)."""
    rows = queryset.count_by_programme(Programme.objects.published())
    return facet_values(rows, value_field="slug", label_field="title", count_field="news_count")


@document_endpoint(
    NewsItemSerializer,
    list_summary="Published news items, newest first",
    detail_summary="One published news item",
    list_parameters=[FACETS_PARAMETER],
)
class NewsItemViewSet(PublicReadOnlyViewSet):
    """The published news items, newest first."""

    serializer_class = NewsItemSerializer
    filterset_class = NewsItemFilter
    counted_with_page = ("q",)
    facets = {
        "country": _facet("countries", "iso_code", "name"),
        "topic": _facet("topics", "slug", "name"),
        # Only published programmes: a draft one is no value to filter on.
        "programme": _programme_facet,
    }

    def get_public_queryset(self):
        return NewsItem.objects.published().for_detail()

    def last_modified_of(self, item):
        return item.public_since
