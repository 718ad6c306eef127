"""Shared serializer pieces: sparse field sets and small nested representations."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from apps.core.api.fields import TranslatedField
from apps.core.models import Country, Topic


class SparseFieldsMixin:
    """``?fields=a,b`` keeps only those fields (the view validates the names)."""

    def get_fields(self):
        fields = super().get_fields()
        wanted = self.context.get("fields")
        if wanted and self.context.get("sparse_target") is type(self):
            fields = {name: field for name, field in fields.items() if name in wanted}
        return fields


class SparseFieldsSchema(OpenApiSerializerExtension):
    """In the schema, no field of a sparse serializer is required: ``?fields=`` leaves the
    others out of the answer."""

    target_class = SparseFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema.pop("required", None)
        return schema


class CountrySerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Country
        fields = ["iso_code", "name"]


class TopicSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Topic
        fields = ["slug", "name"]
