from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.contacts.models import Contact, Office
from apps.core.api.fields import LanguageMetaMixin, TranslatedField
from apps.core.api.serializers import CountrySerializer, SparseFieldsMixin
from apps.core.templatetags.bordercoop import protect_email


@extend_schema_field({"type": "string", "example": "name[at]example.org"})
class ProtectedEmailField(serializers.Field):
    """The address written ``name[at]domain``, as on the site."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return protect_email(value)


class OfficeSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    city = TranslatedField()
    address = TranslatedField()
    country = CountrySerializer(read_only=True)
    email = ProtectedEmailField()

    class Meta:
        model = Office
        fields = ["name", "city", "address", "country", "phone", "email"]


class ContactSerializer(serializers.ModelSerializer):
    full_name = TranslatedField()
    position = TranslatedField()
    email = ProtectedEmailField()

    class Meta:
        model = Contact
        fields = ["full_name", "position", "email", "phone"]


class PressContactSerializer(SparseFieldsMixin, LanguageMetaMixin, ContactSerializer):
    office = OfficeSerializer(read_only=True)

    class Meta(ContactSerializer.Meta):
        fields = [
            "id",
            *ContactSerializer.Meta.fields,
            "office",
            "language",
            "is_fallback",
            "available_languages",
            "links",
        ]
