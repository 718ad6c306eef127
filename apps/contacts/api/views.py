from apps.contacts.api.serializers import PressContactSerializer
from apps.contacts.models import Contact
from apps.core.api.views import (
    PublicReadOnlyViewSet,
    document_endpoint,
)


@document_endpoint(
    PressContactSerializer,
    list_summary="Press contacts with their office",
    detail_summary="One press contact",
)
class PressContactViewSet(PublicReadOnlyViewSet):
    """The published press contacts, with their office; e-mail addresses are written
    ``name[at]domain``."""

    serializer_class = PressContactSerializer
    filterset_class = None
    filter_backends = []
    lookup_field = "pk"
    lookup_value_regex = "[1-9][0-9]*"  # one address per contact: /00001/ is not contact 1

    def get_public_queryset(self):
        return (
            Contact.objects.published()
            .press()
            .select_related("office", "office__country")
            .order_by("office_id", "sort_order", "pk")
        )
