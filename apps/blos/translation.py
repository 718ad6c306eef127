from modeltranslation.translator import TranslationOptions, register

from apps.blos.models import Border, BorderLiaisonOffice


@register(Border)
class BorderTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(BorderLiaisonOffice)
class BorderLiaisonOfficeTranslationOptions(TranslationOptions):
    fields = ("name", "crossing_point", "description")
    required_languages = {"en": ("name", "crossing_point")}
