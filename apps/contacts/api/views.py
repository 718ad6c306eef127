from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.contacts.api.serializers import PressContactSerializer
from apps.contacts.models import Contact
from apps.core.api.views import (
    LANG_PARAMETER,
    PublicReadOnlyViewSet,
    api_responses,
    fields_parameter,
)

FIELDS_PARAMETER = fields_parameter(PressContactSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="Press contacts with their office",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER],
        responses=api_responses(PressContactSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="One press contact",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER],
        responses=api_responses(PressContactSerializer),
    ),
)
class PressContactViewSet(PublicReadOnlyViewSet):
    """The published press contacts, with their office; e-mail addresses are written
    ``name[at]domain``."""

    serializer_class = PressContactSerializer
    filterset_class = None
    filter_backends = []
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"

    def get_public_queryset(self):
        return (
            Contact.objects.published()
            .press()
            .select_related("office", "office__country")
            .order_by("office_id", "sort_order", "pk")
        )
