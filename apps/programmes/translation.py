from modeltranslation.translator import TranslationOptions, register

from apps.programmes.models import Programme


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("title", "short_name", "summary", "body")
    required_languages = {"en": ("title", "short_name", "summary")}
