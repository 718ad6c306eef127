from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.blos.api.serializers import BLORefSerializer
from apps.contacts.api.serializers import ContactSerializer
from apps.core.api.fields import ItemUrlField, LanguageMetaMixin, TranslatedField
from apps.core.api.serializers import CountrySerializer, SparseFieldsMixin, TopicSerializer
from apps.news.models import NewsItem
from apps.programmes.api.serializers import ProgrammeRefSerializer


class ImageSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    alt = TranslatedField("image_alt")
    caption = TranslatedField("image_caption")

    def get_url(self, item) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(item.image.url) if request else item.image.url


class NewsItemSerializer(SparseFieldsMixin, LanguageMetaMixin, serializers.ModelSerializer):
    url = ItemUrlField("api:news-detail")
    title = TranslatedField()
    dateline = TranslatedField()
    summary = TranslatedField()
    body = TranslatedField(help_text="HTML, cleaned against the site's allow-list.")
    # A public item always has its date (only a draft may have none).
    published_at = serializers.DateTimeField(read_only=True, help_text="When it was published.")
    image = serializers.SerializerMethodField()
    countries = CountrySerializer(many=True, read_only=True, source="public_countries")
    topics = TopicSerializer(many=True, read_only=True, source="public_topics")
    programmes = ProgrammeRefSerializer(many=True, read_only=True, source="public_programmes")
    blos = BLORefSerializer(many=True, read_only=True, source="public_blos")
    contacts = ContactSerializer(many=True, read_only=True, source="public_contacts")

    class Meta:
        model = NewsItem
        fields = [
            "slug",
            "url",
            "title",
            "dateline",
            "summary",
            "body",
            "published_at",
            "updated_at",
            "image",
            "countries",
            "topics",
            "programmes",
            "blos",
            "contacts",
            "language",
            "is_fallback",
            "available_languages",
            "links",
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, item):
        if not item.image:
            return None
        return ImageSerializer(item, context=self.context).data
