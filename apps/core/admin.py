from django.contrib import admin

from apps.core.models import Country, Topic
from apps.editorial.admin import TRANSLATION_FILTERS, ContentAdmin


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    list_display = ["name", "iso_code", "russian_column"]
    list_filter = [*TRANSLATION_FILTERS]
    search_fields = ["iso_code", "name_en__unicode_icontains", "name_ru__unicode_icontains"]


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ["name", "slug", "russian_column"]
    list_filter = [*TRANSLATION_FILTERS]
    search_fields = ["slug", "name_en__unicode_icontains", "name_ru__unicode_icontains"]
    prepopulated_fields = {"slug": ("name_en",)}
