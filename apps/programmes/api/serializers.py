from rest_framework import serializers

from apps.core.api.fields import ItemUrlField, LanguageMetaMixin, TranslatedField
from apps.core.api.serializers import SparseFieldsMixin, TopicSerializer
from apps.programmes.models import Programme


class ProgrammeRefSerializer(serializers.ModelSerializer):
    title = TranslatedField()

    class Meta:
        model = Programme
        fields = ["slug", "title"]


class ComponentSerializer(LanguageMetaMixin, serializers.ModelSerializer):
    url = ItemUrlField("api:programme-detail")
    title = TranslatedField()
    short_name = TranslatedField()
    summary = TranslatedField()

    class Meta:
        model = Programme
        fields = [
            "slug",
            "url",
            "title",
            "short_name",
            "summary",
            "start_year",
            "end_year",
            "language",
            "is_fallback",
            "available_languages",
            "links",
        ]


class ProgrammeSerializer(SparseFieldsMixin, LanguageMetaMixin, serializers.ModelSerializer):
    url = ItemUrlField("api:programme-detail")
    title = TranslatedField()
    short_name = TranslatedField()
    summary = TranslatedField()
    body = TranslatedField(help_text="HTML, cleaned against the site's allow-list.")
    parent = ProgrammeRefSerializer(read_only=True, allow_null=True)
    components = ComponentSerializer(many=True, read_only=True, source="public_components")
    topics = TopicSerializer(many=True, read_only=True, source="public_topics")

    class Meta:
        model = Programme
        fields = [
            "slug",
            "url",
            "title",
            "short_name",
            "summary",
            "body",
            "start_year",
            "end_year",
            "parent",
            "components",
            "topics",
            "updated_at",
            "language",
            "is_fallback",
            "available_languages",
            "links",
        ]

    def to_representation(self, programme):
        data = super().to_representation(programme)
        if "parent" in data and programme.parent is not None and not programme.parent.is_published:
            data["parent"] = None
        return data
