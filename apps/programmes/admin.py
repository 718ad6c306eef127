from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from apps.editorial.admin import (
    TRANSLATION_FILTERS,
    ContentAdmin,
    OptimisticLockForm,
    changed_by_form,
)
from apps.programmes.models import Programme


class ComponentFormSet(BaseInlineFormSet):
    def clean(self):
        """A component may not take its programme's address. Each form checks its slug against
        the database, but a programme and its component added in the same save are both new
        (that was a 500: the database refused the second row)."""
        super().clean()
        programme_slug = self.instance.slug
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if programme_slug and not data.get("DELETE") and data.get("slug") == programme_slug:
                form.add_error(
                    "slug", gettext("The programme itself has this address: choose another one.")
                )


class ComponentForm(OptimisticLockForm):
    """A component edited on its programme's page, refused as on its own page if it changed
    since the page was opened (a translator's Russian saved on the component's page was
    written back with the values the programme's page had loaded).

    A component whose fields are as stored is not saved by the formset, and not checked."""

    def has_changed(self):
        return changed_by_form(self)

    def clean(self):
        if not self.has_changed():
            return forms.ModelForm.clean(self)
        return super().clean()


class ComponentInline(TranslationStackedInline):
    model = Programme
    form = ComponentForm
    fk_name = "parent"
    formset = ComponentFormSet
    extra = 0
    fields = [
        "title",
        "short_name",
        "summary",
        "slug",
        "start_year",
        "end_year",
        "is_published",
        "opened_version",
    ]
    prepopulated_fields = {"slug": ("title_en",)}
    show_change_link = True
    verbose_name = _("component")
    verbose_name_plural = _("components")


class ProgrammeLevelListFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("programme", _("programme")), ("component", _("component"))]

    def queryset(self, request, queryset):
        if self.value() == "programme":
            return queryset.filter(parent__isnull=True)
        if self.value() == "component":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(Programme)
class ProgrammeAdmin(ContentAdmin):
    list_display = [
        "title",
        "short_name",
        "parent",
        "start_year",
        "end_year",
        "is_published",
        "russian_column",
    ]
    list_filter = ["is_published", ProgrammeLevelListFilter, "topics", *TRANSLATION_FILTERS]
    list_select_related = ["parent"]
    search_fields = [
        "title_en__unicode_icontains",
        "title_ru__unicode_icontains",
        "short_name_en__unicode_icontains",
        "short_name_ru__unicode_icontains",
        "slug",
    ]
    autocomplete_fields = ["parent", "topics"]
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [ComponentInline]
    readonly_fields = ["preview_links"]
    preview_url_name = "editorial:preview-programme"
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "summary", "body"]}),
        (_("Scope"), {"fields": ["start_year", "end_year", "parent", "topics"]}),
        (
            _("Publication"),
            {
                "classes": ["collapse"],
                "fields": ["sort_order", "is_published", "russian_ready", "preview_links"],
            },
        ),
    ]

    def get_inlines(self, request, obj):
        # Components are one level deep: a component's page offers no components of its own.
        if obj is not None and obj.parent_id:
            return []
        return super().get_inlines(request, obj)
