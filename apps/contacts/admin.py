from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.contacts.models import Contact, Office
from apps.core.admin import RussianCompleteListFilter, TranslatedModelAdmin


@admin.register(Office)
class OfficeAdmin(TranslatedModelAdmin):
    list_display = ["name", "city", "country", "is_published", "russian_complete"]
    list_filter = ["is_published", "country", RussianCompleteListFilter]
    list_select_related = ["country"]
    search_fields = ["name_en", "name_ru", "city_en", "city_ru", "email"]
    autocomplete_fields = ["country"]


@admin.register(Contact)
class ContactAdmin(TranslatedModelAdmin):
    list_display = [
        "full_name",
        "position",
        "office",
        "email",
        "is_press_contact",
        "is_published",
        "russian_complete",
    ]
    list_filter = ["is_press_contact", "is_published", "office", RussianCompleteListFilter]
    list_select_related = ["office"]
    search_fields = ["full_name_en", "full_name_ru", "position_en", "position_ru", "email"]
    autocomplete_fields = ["office"]
    fieldsets = [
        (None, {"fields": ["full_name", "position", "office", "email", "phone"]}),
        (
            _("Publication"),
            {"classes": ["collapse"], "fields": ["is_press_contact", "sort_order", "is_published"]},
        ),
    ]
