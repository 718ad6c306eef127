from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin import RussianCompleteListFilter, TranslatedModelAdmin
from apps.news.models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(TranslatedModelAdmin):
    list_display = ["title", "status", "published_at", "is_live", "russian_complete"]
    list_filter = ["status", "topics", "countries", "programmes", RussianCompleteListFilter]
    search_fields = ["title_en", "title_ru", "summary_en", "summary_ru", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["countries", "topics", "programmes", "blos", "contacts"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline", "summary", "body"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_caption"]}),
        (
            _("Related"),
            {"fields": ["countries", "topics", "programmes", "blos", "contacts"]},
        ),
        (
            _("Publication"),
            {
                "classes": ["collapse"],
                "fields": ["status", "published_at", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(description=_("on the site"), boolean=True)
    def is_live(self, obj):
        return obj.is_public

    @admin.action(description=_("Publish the selected news items"))
    def publish(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            undated = queryset.filter(published_at__isnull=True).update(
                status=NewsItem.Status.PUBLISHED, published_at=now
            )
            dated = queryset.exclude(status=NewsItem.Status.PUBLISHED).update(
                status=NewsItem.Status.PUBLISHED
            )
        count = undated + dated
        self.message_user(
            request,
            ngettext(
                "%(count)d news item was published.",
                "%(count)d news items were published.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected news items (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.filter(status=NewsItem.Status.PUBLISHED).update(
            status=NewsItem.Status.DRAFT
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d news item was returned to draft.",
                "%(count)d news items were returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
