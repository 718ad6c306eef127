from modeltranslation.translator import TranslationOptions, register

from apps.news.models import NewsItem


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "dateline", "summary", "body", "image_alt", "image_caption")
    required_languages = {"en": ("title", "dateline", "summary", "body")}
