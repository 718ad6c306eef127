from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core import i18n
from apps.core.models import Country, Topic

TRANSLATION_LANGUAGE = "ru"


class RussianCompleteListFilter(admin.SimpleListFilter):
    title = _("Russian version")
    parameter_name = "ru_complete"

    def lookups(self, request, model_admin):
        return [("yes", _("complete")), ("no", _("incomplete"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(i18n.complete_q(queryset.model, TRANSLATION_LANGUAGE))
        if self.value() == "no":
            return queryset.filter(i18n.incomplete_q(queryset.model, TRANSLATION_LANGUAGE))
        return queryset


class TranslatedModelAdmin(TabbedTranslationAdmin):
    """Admin for a model with English and Russian fields, shown as tabs.

    Adds the "Russian version complete" column and filter every translated model carries.
    Subclasses list ``russian_complete`` in ``list_display`` and the filter in ``list_filter``.
    """

    @admin.display(description=_("Russian complete"), boolean=True)
    def russian_complete(self, obj):
        return i18n.is_complete(obj, TRANSLATION_LANGUAGE)


@admin.register(Country)
class CountryAdmin(TranslatedModelAdmin):
    list_display = ["name", "iso_code", "russian_complete"]
    list_filter = [RussianCompleteListFilter]
    search_fields = ["iso_code", "name_en", "name_ru"]


@admin.register(Topic)
class TopicAdmin(TranslatedModelAdmin):
    list_display = ["name", "slug", "russian_complete"]
    list_filter = [RussianCompleteListFilter]
    search_fields = ["slug", "name_en", "name_ru"]
    prepopulated_fields = {"slug": ("name_en",)}
