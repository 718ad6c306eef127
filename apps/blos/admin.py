from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.blos.models import Border, BorderLiaisonOffice
from apps.editorial.admin import TRANSLATION_FILTERS, ContentAdmin


@admin.register(Border)
class BorderAdmin(ContentAdmin):
    list_display = ["name", "country_a", "country_b", "blo_count", "russian_column"]
    list_filter = [*TRANSLATION_FILTERS]
    list_select_related = ["country_a", "country_b"]
    search_fields = ["name_en__unicode_icontains", "name_ru__unicode_icontains", "slug"]
    autocomplete_fields = ["country_a", "country_b"]
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_blo_count=Count("blos"))

    @admin.display(description=_("BLOs"), ordering="_blo_count")
    def blo_count(self, obj):
        return obj._blo_count


@admin.register(BorderLiaisonOffice)
class BorderLiaisonOfficeAdmin(ContentAdmin):
    list_display = [
        "name",
        "border",
        "host_country",
        "status",
        "established_on",
        "is_published",
        "russian_column",
    ]
    list_filter = ["status", "is_published", "border", "host_country", *TRANSLATION_FILTERS]
    list_select_related = ["border", "host_country"]
    search_fields = [
        "name_en__unicode_icontains",
        "name_ru__unicode_icontains",
        "crossing_point_en__unicode_icontains",
        "crossing_point_ru__unicode_icontains",
        "slug",
    ]
    autocomplete_fields = ["border", "host_country", "programme", "contact"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ["preview_links"]
    preview_url_name = "editorial:preview-blo"
    fieldsets = [
        (None, {"fields": ["name", "slug", "crossing_point", "description"]}),
        (
            _("Location"),
            {"fields": ["border", "host_country", "latitude", "longitude"]},
        ),
        (_("Relations"), {"fields": ["programme", "contact"]}),
        (
            _("Publication"),
            {
                "classes": ["collapse"],
                "fields": [
                    "status",
                    "established_on",
                    "is_published",
                    "russian_ready",
                    "preview_links",
                ],
            },
        ),
    ]
