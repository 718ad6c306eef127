from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.api.serializers import ContactSerializer
from apps.core.api.fields import ItemUrlField, LanguageMetaMixin, TranslatedField
from apps.core.api.serializers import CountrySerializer, SparseFieldsMixin
from apps.programmes.api.serializers import ProgrammeRefSerializer


class BLORefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = BorderLiaisonOffice
        fields = ["slug", "name"]


class BorderRefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Border
        fields = ["slug", "name"]


class BorderLiaisonOfficeSerializer(
    SparseFieldsMixin, LanguageMetaMixin, serializers.ModelSerializer
):
    url = ItemUrlField("api:blo-detail")
    name = TranslatedField()
    crossing_point = TranslatedField()
    description = TranslatedField(help_text="HTML, cleaned against the site's allow-list.")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    latitude = serializers.FloatField(read_only=True)
    longitude = serializers.FloatField(read_only=True)
    border = BorderRefSerializer(read_only=True)
    host_country = CountrySerializer(read_only=True)
    # Nested serializers (one for all offices), not a new serializer per office: each new
    # ModelSerializer works its fields out from the model again (a third of the list's time).
    programme = ProgrammeRefSerializer(source="public_programme", read_only=True, allow_null=True)
    contact = ContactSerializer(source="public_contact", read_only=True, allow_null=True)

    class Meta:
        model = BorderLiaisonOffice
        fields = [
            "slug",
            "url",
            "name",
            "crossing_point",
            "description",
            "status",
            "status_label",
            "established_on",
            "latitude",
            "longitude",
            "border",
            "host_country",
            "programme",
            "contact",
            "updated_at",
            "language",
            "is_fallback",
            "available_languages",
            "links",
        ]


class BorderSerializer(SparseFieldsMixin, serializers.ModelSerializer):
    name = TranslatedField()
    country_a = CountrySerializer(read_only=True)
    country_b = CountrySerializer(read_only=True)
    blo_counts = serializers.SerializerMethodField(
        help_text="Published Border Liaison Offices on this border, per status."
    )
    blo_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Border
        fields = ["slug", "name", "country_a", "country_b", "blo_counts", "blo_total"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                status: {"type": "integer"} for status in BorderLiaisonOffice.Status.values
            },
        }
    )
    def get_blo_counts(self, border) -> dict:
        return {
            status: getattr(border, f"blos_{status}")
            for status in BorderLiaisonOffice.Status.values
        }


# -- GeoJSON (RFC 7946), for the schema: the view builds the answer from the serializer above.


class BLOPropertiesSerializer(BorderLiaisonOfficeSerializer):
    """A Feature's properties: the office's fields but its coordinates (in the geometry)."""

    class Meta(BorderLiaisonOfficeSerializer.Meta):
        fields = [
            name
            for name in BorderLiaisonOfficeSerializer.Meta.fields
            if name not in ("latitude", "longitude")
        ]


class PointSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    coordinates = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": ["Point"]})
    def get_type(self, point):
        return "Point"

    @extend_schema_field(
        {
            "type": "array",
            "description": "[longitude, latitude] in decimal degrees (WGS 84).",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        }
    )
    def get_coordinates(self, point):
        return point


class BLOFeatureSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    id = serializers.CharField(help_text="The office's slug.")
    geometry = PointSerializer()
    properties = BLOPropertiesSerializer()

    @extend_schema_field({"type": "string", "enum": ["Feature"]})
    def get_type(self, feature):
        return "Feature"


@extend_schema_serializer(many=False)
class BLOFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    features = BLOFeatureSerializer(many=True)

    @extend_schema_field({"type": "string", "enum": ["FeatureCollection"]})
    def get_type(self, collection):
        return "FeatureCollection"
