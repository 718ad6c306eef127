from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.editorial import services
from apps.editorial.admin import TRANSLATION_FILTERS, ContentAdmin
from apps.news.models import NewsItem, NewsStatus


@admin.register(NewsItem)
class NewsItemAdmin(ContentAdmin):
    list_display = ["title", "status", "published_at", "is_live", "russian_column"]
    list_filter = ["status", "topics", "countries", "programmes", *TRANSLATION_FILTERS]
    search_fields = [
        "title_en__unicode_icontains",
        "title_ru__unicode_icontains",
        "summary_en__unicode_icontains",
        "summary_ru__unicode_icontains",
        "slug",
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["countries", "topics", "programmes", "blos", "contacts"]
    readonly_fields = ["created_at", "updated_at", "preview_links"]
    preview_url_name = "editorial:preview-news"
    actions = [
        "send_for_review",
        "publish",
        "unpublish",
        *ContentAdmin.actions,
    ]
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
                "fields": [
                    "status",
                    "published_at",
                    "russian_ready",
                    "preview_links",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    @admin.display(description=_("on the site"), boolean=True)
    def is_live(self, obj):
        return obj.is_public

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            readonly = [*readonly, "status", "published_at"]
        return readonly

    def _transition(self, request, queryset, to, comment, done, only_from):
        """Move the selected items to ``to``; ``done(n)`` says how many moved."""
        selected = len(queryset)
        count = services.newsitems_transition(
            items=queryset, to=to, by=request.user, comment=comment, only_from=only_from
        )
        skipped = selected - count
        if count:  # "0 news items were published." in green read as a success
            self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)
        if skipped:
            # Says which items may take the step: a draft must be sent for review first.
            statuses = " / ".join(str(NewsStatus(status).label) for status in sorted(only_from))
            self.message_user(
                request,
                ngettext(
                    "%(count)d item was left as it was: this step is open only to items "
                    "with the status “%(statuses)s”.",
                    "%(count)d items were left as they were: this step is open only to items "
                    "with the status “%(statuses)s”.",
                    skipped,
                )
                % {"count": skipped, "statuses": statuses},
                messages.WARNING,
            )

    @admin.action(description=_("Send the selected news items for review"), permissions=["officer"])
    def send_for_review(self, request, queryset):
        self._transition(
            request,
            queryset,
            NewsStatus.IN_REVIEW,
            _("Sent for review."),
            lambda n: ngettext(
                "%(count)d news item was sent for review.",
                "%(count)d news items were sent for review.",
                n,
            ),
            only_from={NewsStatus.DRAFT},
        )

    @admin.action(description=_("Publish the selected news items"), permissions=["publish"])
    def publish(self, request, queryset):
        self._transition(
            request,
            queryset,
            NewsStatus.PUBLISHED,
            _("Published."),
            lambda n: ngettext(
                "%(count)d news item was published.", "%(count)d news items were published.", n
            ),
            only_from={NewsStatus.IN_REVIEW},
        )

    @admin.action(
        description=_("Unpublish the selected news items (back to draft)"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self._transition(
            request,
            queryset,
            NewsStatus.DRAFT,
            _("Unpublished."),
            lambda n: ngettext(
                "%(count)d news item was returned to draft.",
                "%(count)d news items were returned to draft.",
                n,
            ),
            only_from={NewsStatus.PUBLISHED},
        )
