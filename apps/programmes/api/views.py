import django_filters
from django.db.models import F, Prefetch

from apps.core.api.filters import BooleanFilter
from apps.core.api.views import (
    PublicReadOnlyViewSet,
    document_endpoint,
)
from apps.programmes.api.serializers import ProgrammeSerializer
from apps.programmes.models import Programme


class ProgrammeFilter(django_filters.FilterSet):
    top_level = BooleanFilter(
        field_name="parent", lookup_expr="isnull", help_text="true: programmes only, no components"
    )

    class Meta:
        model = Programme
        fields = []


@document_endpoint(
    ProgrammeSerializer,
    list_summary="Published programmes and components",
    detail_summary="One programme with its components",
)
class ProgrammeViewSet(PublicReadOnlyViewSet):
    """The published programmes, then their published components."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    def get_public_queryset(self):
        return (
            Programme.objects.published()
            .select_related("parent")
            .prefetch_related(Prefetch("topics", to_attr="public_topics"))
            .with_components()
            .order_by(F("parent").asc(nulls_first=True), "sort_order", "-start_year", "slug")
        )
