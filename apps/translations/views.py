"""The translators' queue and the XLIFF exchange, as admin pages."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View

from apps.core.validators import file_size
from apps.editorial import roles
from apps.editorial.admin import xliff_response
from apps.translations import xliff
from apps.translations.diff import english_changes, plain_text_fields
from apps.translations.models import TranslationStatus, TranslationTracked

# The largest XLIFF file an officer may import: its own limit, not the images'
# (MAX_IMAGE_UPLOAD_BYTES).
MAX_FILE_SIZE = 5 * 1024 * 1024


def tracked_models():
    """Every model registered in the admin that tracks its translation."""
    return [
        model
        for model in admin.site._registry
        if issubclass(model, TranslationTracked) and not model._meta.abstract
    ]


def queue_items(request) -> list[dict]:
    """Everything missing or outdated in Russian, across all content types, oldest first."""
    items = []
    for model in tracked_models():
        model_admin = admin.site._registry[model]
        if not model_admin.has_view_or_change_permission(request):
            continue
        can_change = model_admin.has_change_permission(request)
        plain = plain_text_fields(model)
        for obj in model._default_manager.exclude(russian_status=TranslationStatus.UP_TO_DATE):
            entry = {
                "object": obj,
                "model": model._meta.verbose_name,
                "status": TranslationStatus(obj.russian_status),
                "changed_at": obj.english_changed_at,
                "url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[obj.pk],
                ),
                "diff": {},
                "can_change": can_change,
            }
            if obj.russian_status == TranslationStatus.OUTDATED:
                entry["diff"] = english_changes(obj, plain=plain)
            items.append(entry)
    items.sort(key=lambda e: (e["changed_at"] is None, e["changed_at"] or 0, str(e["object"])))
    return items


class StaffView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_active or not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, template, context):
        context = {**admin.site.each_context(request), **context}
        return TemplateResponse(request, template, context)


class QueueView(StaffView):
    """/admin/translations/: what needs Russian work, oldest first, with what changed."""

    def get(self, request):
        items = queue_items(request)
        return self.render(
            request,
            "admin/translations/queue.html",
            {
                "title": _("Translation queue"),
                "items": items,
                "can_exchange": roles.is_officer(request.user),
            },
        )


class ExportQueueView(StaffView):
    """The whole queue as one XLIFF file, for an external translator (officers)."""

    def get(self, request):
        if not roles.is_officer(request.user):
            raise PermissionDenied
        objects = [entry["object"] for entry in queue_items(request)]
        return xliff_response(objects, "bordercoop-translation-queue.xlf")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated XLIFF file"),
        help_text=gettext_lazy(
            "An XLIFF 1.2 file exported from bordercoop, with the Russian translations filled in."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": file_size(MAX_FILE_SIZE)}
            )
        return upload


class ImportView(StaffView):
    """Upload a translated XLIFF file: all of it applies, or none of it (officers)."""

    template = "admin/translations/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_officer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(
            request, self.template, {"title": _("Import translations"), "form": ImportForm()}
        )

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        context = {"title": _("Import translations"), "form": form}
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                # One transaction and one revision for the whole file.
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    # In English, shown in each reader's language (the history's template).
                    reversion.set_comment(gettext_noop("Russian imported from XLIFF."))
                    report = xliff.import_(data, save=lambda obj: obj.save())
            except xliff.XliffError as error:
                context["problems"] = error.problems
                messages.error(request, _("The file was refused; nothing was changed."))
            else:
                context["report"] = report
                messages.success(
                    request,
                    _("%(applied)d applied, %(skipped)d skipped, %(refused)d refused.")
                    % {
                        "applied": report.count("applied"),
                        "skipped": report.count("skipped"),
                        "refused": report.count("refused"),
                    },
                )
        return self.render(request, self.template, context)
