from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from apps.blos.api.filters import BorderLiaisonOfficeFilter
from apps.blos.api.renderers import GeoJSONRenderer
from apps.blos.api.serializers import (
    BLOFeatureCollectionSerializer,
    BLOFeatureSerializer,
    BorderLiaisonOfficeSerializer,
    BorderSerializer,
)
from apps.blos.models import Border, BorderLiaisonOffice
from apps.core.api.views import (
    ERROR_400,
    ERROR_404,
    ERROR_429,
    LANG_PARAMETER,
    PublicReadOnlyViewSet,
    document_endpoint,
    facets_parameter,
    fields_parameter,
)

FACETS_PARAMETER = facets_parameter(
    ["border", "status"],
    "Comma-separated: border, status. Adds counts per value for the current filter.",
)
FIELDS_PARAMETER = fields_parameter(BorderLiaisonOfficeSerializer)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "geojson"],
    description="geojson: an RFC 7946 FeatureCollection of every matching office (not paged).",
)
DETAIL_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "geojson"],
    description="geojson: the office as an RFC 7946 Feature.",
)


def border_facet(queryset, lang):
    counts = dict(queryset.order_by().values_list("border").annotate(n=Count("pk")))
    borders = Border.objects.filter(pk__in=counts).order_by("slug")
    return sorted(
        ({"value": b.slug, "label": b.name, "count": counts[b.pk]} for b in borders),
        key=lambda row: (-row["count"], row["value"]),
    )


def status_facet(queryset, lang):
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"value": status.value, "label": str(status.label), "count": counts[status.value]}
        for status in BorderLiaisonOffice.Status
        if counts.get(status.value)
    ]


def feature(item: dict) -> dict:
    """One BLO as a GeoJSON Feature: Point [longitude, latitude], the rest as properties."""
    properties = {k: v for k, v in item.items() if k not in ("latitude", "longitude")}
    geometry = None
    if item.get("latitude") is not None and item.get("longitude") is not None:
        geometry = {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]}
    return {
        "type": "Feature",
        "id": item.get("slug"),
        "geometry": geometry,
        "properties": properties,
    }


@extend_schema_view(
    list=extend_schema(
        summary="Published Border Liaison Offices",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER, FACETS_PARAMETER, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): BorderLiaisonOfficeSerializer(many=True),
            (200, "application/geo+json"): BLOFeatureCollectionSerializer,
            400: ERROR_400,
            404: ERROR_404,
            429: ERROR_429,
        },
    ),
    retrieve=extend_schema(
        summary="One published Border Liaison Office",
        parameters=[LANG_PARAMETER, FIELDS_PARAMETER, DETAIL_FORMAT_PARAMETER],
        responses={
            (200, "application/json"): BorderLiaisonOfficeSerializer,
            (200, "application/geo+json"): BLOFeatureSerializer,
            400: ERROR_400,
            404: ERROR_404,
            429: ERROR_429,
        },
    ),
)
class BorderLiaisonOfficeViewSet(PublicReadOnlyViewSet):
    """The published Border Liaison Offices, in JSON or, with ``format=geojson``, as RFC 7946
    GeoJSON."""

    serializer_class = BorderLiaisonOfficeSerializer
    filterset_class = BorderLiaisonOfficeFilter
    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    facets = {"border": border_facet, "status": status_facet}

    def get_public_queryset(self):
        return BorderLiaisonOffice.objects.published().for_detail().order_by("border__slug", "slug")

    @property
    def wants_geojson(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "geojson"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.wants_geojson and context.get("fields"):
            # A Feature's id and geometry are always there, whichever properties ?fields= keeps.
            context["fields"] = {*context["fields"], "slug", "latitude", "longitude"}
        return context

    def paginate_queryset(self, queryset):
        if self.wants_geojson:
            return None  # a FeatureCollection holds every matching office
        return super().paginate_queryset(queryset)

    # GeoJSON is shaped with the data, before the answer is rendered and cached.
    def _list_data(self):
        data, last_modified = super()._list_data()
        if self.wants_geojson:
            data = {"type": "FeatureCollection", "features": [feature(item) for item in data]}
        return data, last_modified

    def _retrieve_data(self):
        data, last_modified = super()._retrieve_data()
        return (feature(data) if self.wants_geojson else data), last_modified


def _blo_count(status=None):
    condition = Q(blos__is_published=True)
    if status is not None:
        condition &= Q(blos__status=status)
    return Count("blos", filter=condition)


@document_endpoint(
    BorderSerializer,
    list_summary="Borders with their two countries and BLO counts per status",
    detail_summary="One border",
)
class BorderViewSet(PublicReadOnlyViewSet):
    """The borders, each with its two countries and its published offices counted per
    status."""

    serializer_class = BorderSerializer
    filterset_class = None
    filter_backends = []

    def get_public_queryset(self):
        counts = {
            f"blos_{status}": _blo_count(status) for status in BorderLiaisonOffice.Status.values
        }
        return (
            Border.objects.select_related("country_a", "country_b")
            .annotate(blo_total=_blo_count(), **counts)
            .order_by("slug")
        )
