from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.contacts.models import Contact, Office
from apps.editorial.admin import TRANSLATION_FILTERS, ContentAdmin


@admin.register(Office)
class OfficeAdmin(ContentAdmin):
    list_display = ["name", "city", "country", "is_published", "russian_column"]
    list_filter = ["is_published", "country", *TRANSLATION_FILTERS]
    list_select_related = ["country"]
    search_fields = [
        "name_en__unicode_icontains",
        "name_ru__unicode_icontains",
        "city_en__unicode_icontains",
        "city_ru__unicode_icontains",
        "email",
    ]
    autocomplete_fields = ["country"]


@admin.register(Contact)
class ContactAdmin(ContentAdmin):
    list_display = [
        "full_name",
        "position",
        "office",
        "email",
        "is_press_contact",
        "is_published",
        "russian_column",
    ]
    list_filter = ["is_press_contact", "is_published", "office", *TRANSLATION_FILTERS]
    list_select_related = ["office"]
    search_fields = [
        "full_name_en__unicode_icontains",
        "full_name_ru__unicode_icontains",
        "position_en__unicode_icontains",
        "position_ru__unicode_icontains",
        "email",
    ]
    autocomplete_fields = ["office"]
    fieldsets = [
        (None, {"fields": ["full_name", "position", "office", "email", "phone"]}),
        (
            _("Publication"),
            {
                "classes": ["collapse"],
                "fields": ["is_press_contact", "sort_order", "is_published", "russian_ready"],
            },
        ),
    ]
