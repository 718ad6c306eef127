import django_filters
from django.db.models import F
from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.filters import BooleanFilter
from apps.core.api.views import (
    LANG_PARAMETER,
    PublicReadOnlyViewSet,
    api_responses,
    fields_parameter,
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


FIELDS_PARAMETER = fields_parameter(ProgrammeSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="Published programmes and components",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER],
        responses=api_responses(ProgrammeSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="One programme with its components",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER],
        responses=api_responses(ProgrammeSerializer),
    ),
)
class ProgrammeViewSet(PublicReadOnlyViewSet):
    """The published programmes, then their published components."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    def get_public_queryset(self):
        return (
            Programme.objects.published()
            .select_related("parent")
            .prefetch_related("topics")
            .with_components()
            .order_by(F("parent").asc(nulls_first=True), "sort_order", "-start_year", "slug")
        )
