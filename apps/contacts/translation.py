from modeltranslation.translator import TranslationOptions, register

from apps.contacts.models import Contact, Office


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "city", "address")
    required_languages = {"en": ("name", "city")}


@register(Contact)
class ContactTranslationOptions(TranslationOptions):
    fields = ("full_name", "position")
    required_languages = ("en",)
