"""The admin every content model shares: tabs for English and Russian, revisions, translation
status, the two roles, and safe concurrent editing."""

import copy
import functools
from datetime import datetime, timedelta

import reversion
from django import forms
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connections, models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Revision, Version

from apps.core import i18n
from apps.core.fields import RichTextField
from apps.core.models import FormerSlug, KeepsFormerSlugs
from apps.core.ordering import ReadersText
from apps.editorial import roles, services
from apps.editorial.comments import restored_comment
from apps.editorial.form_fields import (
    ContentAutocompleteSelect,
    ContentAutocompleteSelectMultiple,
    ContentModelMultipleChoiceField,
)
from apps.translations import xliff
from apps.translations.diff import english_changes
from apps.translations.models import TranslationStatus

TARGET = "ru"
ENGLISH_PREFIX = "english_"

# POST keys that are not model fields and that any editor's form sends.
_FORM_KEYS = {
    "csrfmiddlewaretoken",
    "opened_version",
    "_save",
    "_continue",
    "_addanother",
    "_saveasnew",
    "_popup",
    "_to_field",
    "_changelist_filters",
}


class RussianCompleteListFilter(admin.SimpleListFilter):
    """Whether every field that has English text also has Russian text."""

    title = _("Russian version")
    parameter_name = "ru_complete"

    def lookups(self, request, model_admin):
        return [("yes", _("complete")), ("no", _("incomplete"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(i18n.complete_q(queryset.model, TARGET))
        if self.value() == "no":
            return queryset.filter(i18n.incomplete_q(queryset.model, TARGET))
        return queryset


def field_values(obj) -> dict:
    """``obj``'s fields as a django-reversion version holds them (``Version.field_dict``):
    by attribute name, a many-to-many relation as the primary keys it links."""
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        values[field.attname] = [related.pk for related in getattr(obj, field.name).all()]
    return values


def _same_value(a, b) -> bool:
    # A version stores times to the millisecond (Django's JSON serialiser).
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs(a - b) < timedelta(milliseconds=1)
    return a == b


def changed_fields(model, before: dict, after: dict) -> list[str]:
    """The names, as officers read them ("title [ru]"), of the editable fields whose values
    differ between two versions (``Version.field_dict`` or ``field_values``)."""
    changed = []
    # A translated field's untranslated original only mirrors its English field.
    originals = set(i18n.translated_fields(model))
    for field in model._meta.concrete_fields:
        if field.name in ("version", "updated_at", *originals) or not field.editable:
            continue
        if not _same_value(before.get(field.attname), after.get(field.attname)):
            changed.append(str(field.verbose_name))
    for field in model._meta.many_to_many:
        old, new = before.get(field.attname), after.get(field.attname)
        differing = {str(pk) for pk in old or ()} ^ {str(pk) for pk in new or ()}
        # A link to something deleted since is gone from both: deleting a contact unlinks
        # it from every item, which no one of its editors did.
        if differing and field.related_model._base_manager.filter(pk__in=differing).exists():
            changed.append(str(field.verbose_name))
    return changed


def is_public(values: dict) -> bool:
    """Whether an item with these field values is on the public site (a news item: published
    and its time come; anything else: ticked published)."""
    if "status" in values:
        published_at = values.get("published_at")
        return (
            values["status"] == "published"
            and published_at is not None
            and published_at <= timezone.now()
        )
    return bool(values.get("is_published"))


def revert_notice(obj, old: dict) -> dict:
    """What saving a revert of ``obj`` (as stored now) to the version ``old`` will change: the
    fields, and whether it takes the item or its Russian version off the public site. The
    form shows the old version in every language; nothing else says so."""
    now = field_values(obj)
    return {
        "fields": changed_fields(type(obj), now, old),
        "withdraws_item": is_public(now) and not is_public(old),
        "withdraws_russian": bool(now.get("russian_ready")) and not old.get("russian_ready"),
    }


LINKS_SHOWN = 10


def links_lost(objects) -> list[dict]:
    """What deleting ``objects`` (of one model) unlinks but keeps: the objects that name them
    in a many-to-many relation (news items naming a contact) or in a link emptied on deletion
    (the offices whose press contact it is). Django's confirmation lists only what is deleted
    with them, and a recovered item comes back without these links."""
    objects = list(objects)
    if not objects:
        return []
    lost = []
    for relation in objects[0]._meta.related_objects:
        unlinked = relation.one_to_many and relation.on_delete is models.SET_NULL
        if not (relation.many_to_many or unlinked):
            continue
        linked = relation.related_model._default_manager.filter(
            **{f"{relation.field.name}__in": objects}
        ).distinct()
        count = linked.count()
        if count:
            lost.append(
                {
                    "model": relation.related_model._meta.verbose_name_plural,
                    "count": count,
                    "names": [str(item) for item in linked[:LINKS_SHOWN]],
                    "more": max(0, count - LINKS_SHOWN),
                }
            )
    return lost


@functools.cache
def _link_tables() -> tuple:
    """The options of the tables Django makes for many-to-many relations: read from the
    models once (their names are written out per request, in the reader's language)."""
    return tuple(
        field.remote_field.through._meta
        for model in django_apps.get_models()
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    )


def _version_name(version) -> str:
    """The name of the object as ``version`` stored it, in the active language."""
    try:
        return str(version._object_version.object)
    except RevertError:  # data that no longer loads: the name stored with it
        return version.object_repr


def conflict_message(obj, opened_version: int) -> str | None:
    """Who changed ``obj`` since its version ``opened_version`` was opened, and what."""
    versions = list(
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk")
    )
    opened = next((v for v in versions if v.field_dict.get("version") == opened_version), None)
    later = [v for v in versions if (v.field_dict.get("version") or 0) > opened_version]
    if not later:
        return None
    # Plain strings (``gettext``): a lazy "someone" (a revision whose user was deleted since)
    # could be neither sorted with the names nor joined to them.
    names = sorted({str(v.revision.user) if v.revision.user else gettext("someone") for v in later})
    changed = []
    if opened is not None:
        changed = changed_fields(type(obj), opened.field_dict, later[-1].field_dict)
    what = ", ".join(changed) if changed else _("the item")
    return _(
        "While you were editing, %(who)s saved this item (changed: %(what)s). Your text is "
        "still in the form below and nothing was saved: copy what you need, reload the page to "
        "see their changes, and apply yours again."
    ) % {"who": ", ".join(names), "what": what}


def with_opened_version(fieldsets):
    """``fieldsets`` with the hidden ``opened_version`` field in the first one.

    The admin renders only the fields its fieldsets name: without this, a model admin that
    declares ``fieldsets`` would send no opened version, and no save would be checked.
    """
    if not fieldsets or "opened_version" in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], "opened_version"]}), *rest]


def changed_by_form(form) -> bool:
    """Whether ``form`` changes any field of its object (the hidden version it was opened at
    is not a field)."""
    return any(name != "opened_version" for name in form.changed_data)


class OptimisticLockForm(forms.ModelForm):
    """Carries the version the editor opened, and refuses the save if it is no longer current.

    The check reads the stored version with the row locked, in the admin's transaction, so
    nothing can slip in between the check and the save.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        opened = self.cleaned_data.get("opened_version")
        model = type(self.instance)
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if opened is None or current is None or current == opened:
            return cleaned
        raise ValidationError(
            conflict_message(self.instance, opened)
            or _("This item was changed by someone else while you were editing it."),
            code="conflict",
        )


class ContentChangeList(ChangeList):
    """The admin's list, which answers an impossible date or a lookup the database refuses in
    its address as it answers any other bad filter (the list again, with "?e=1"), not with a
    server error.

    Django's date hierarchy refuses a month 13 but not the year 9999, whose end (year 10000)
    is out of Python's range.
    """

    def get_ordering_field(self, field_name):
        """A column of a foreign key sorts by the related object's name as the reader reads
        it. Django orders by the related model's default ordering, whose ``ReadersText``
        names a column of that model: joined, it sorted by this model's own name (offices by
        "Border") or failed (contacts by "Office": a 500)."""
        ordering_field = super().get_ordering_field(field_name)
        try:
            field = self.lookup_opts.get_field(field_name)
        except FieldDoesNotExist:
            return ordering_field
        if not (field.many_to_one and field.related_model._meta.ordering):
            return ordering_field
        # The related model's name as the reader reads it, wherever its ordering has it (a
        # programme's parent: after its sort order and years, which most programmes share).
        ordering = [
            getattr(item, "expression", item) for item in field.related_model._meta.ordering
        ]
        for expression in ordering:
            if isinstance(expression, ReadersText):
                return ReadersText(f"{field.name}__{expression.translated}")
        if isinstance(ordering[0], str) and not ordering[0].startswith("-"):
            return f"{field.name}__{ordering[0]}"
        return ordering_field

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        """Count and read the list; a filter the database cannot run is a bad filter too.

        The admin allows any lookup on a field in the address, and some fail only when the
        query runs: ``?id__range=1`` (one bound), ``?id__regex=[`` (not a regular expression),
        a NUL character in a choice (PostgreSQL), a date before year 1 in UTC (SQLite). In a
        savepoint, so that a refused query leaves the connection usable.
        """
        using = self.queryset.db
        try:
            with transaction.atomic(using=using):
                return super().get_results(request)
        except (ValueError, OverflowError, IndexError) as error:
            raise IncorrectLookupParameters(error) from error
        except DatabaseError as error:
            if not connections[using].is_usable():
                raise  # the database is down: the translated 503 page
            raise IncorrectLookupParameters(error) from error


def _refuse_unreadable_id(object_id: str) -> None:
    """A 404 for an object id with a NUL character in it, which PostgreSQL refuses in a
    query (the history of ``/admin/news/newsitem/%00/``)."""
    if "\x00" in unquote(object_id):
        raise Http404


class OddInputMixin:
    """A model admin's list and search answering hand-made input without a server error: a
    bad or unrunnable filter is the list again with ``?e=1`` (``ContentChangeList``), and a
    NUL character in a search (PostgreSQL refuses it in a query: the autocomplete's
    ``?term=%00``) is ignored."""

    def get_changelist(self, request, **kwargs):
        return ContentChangeList

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


def translation_notice(obj) -> dict | None:
    """What a change form says above the fields when the Russian version lags behind the
    English: what changed in the English since it was brought up to date (as the translation
    queue shows it), or which fields have no Russian yet. None when it is up to date."""
    if obj.russian_status == TranslationStatus.OUTDATED:
        return {
            "status": "outdated",
            "changed_at": obj.english_changed_at,
            "diff": english_changes(obj),
        }
    missing = set(i18n.missing_fields(obj, TARGET))
    if obj.russian_status == TranslationStatus.MISSING and missing:
        in_form_order = [f for f in type(obj)._meta.fields if f.name in missing]
        return {"status": "missing", "missing": [str(f.verbose_name) for f in in_form_order]}
    return None


class ContentAdmin(OddInputMixin, VersionAdmin, TabbedTranslationAdmin):
    """Base of every content model's admin.

    Subclasses list ``russian_column`` in ``list_display`` and ``TRANSLATION_FILTERS`` in
    ``list_filter``.
    """

    form = OptimisticLockForm

    class Media:
        css = {"all": ["css/admin-editorial.css"]}

    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/object_history.html"
    delete_confirmation_template = "admin/editorial/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/editorial/delete_selected_confirmation.html"
    revision_form_template = "admin/editorial/revision_form.html"
    preview_url_name: str | None = None
    actions = ["mark_russian_up_to_date", "publish_russian", "unpublish_russian", "export_xliff"]

    # -- odd input: answered, never a server error ---------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ContentAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ContentModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ContentAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        """Run the chosen action; a selection that names no item (``_selected_action=abc``)
        is refused with a message, as Django refuses an empty one."""
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.run_validators(pk.to_python(value))
        except ValidationError:
            messages.warning(
                request, gettext("The selection names no item of this list. Nothing was changed.")
            )
            return None
        return super().response_action(request, queryset)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes with it, without the rows of the hidden
        link tables ("Newsitem-contact relationship: Newsitem_contacts object (3)"): the
        confirmation names the linked items themselves (``links_lost``)."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        singular = {str(opts.verbose_name).lower() for opts in _link_tables()}
        plural = {str(opts.verbose_name_plural) for opts in _link_tables()}

        def shown(entry):
            return not (isinstance(entry, str) and entry.split(":", 1)[0].lower() in singular)

        def keep(entries):
            return [keep(e) if isinstance(e, list) else e for e in entries if shown(e)]

        model_count = {name: n for name, n in model_count.items() if str(name) not in plural}
        return keep(deleted), model_count, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        _refuse_unreadable_id(object_id)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method != "POST":
            extra_context = {**(extra_context or {}), "links_lost": links_lost([obj])}
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        _refuse_unreadable_id(object_id)
        # Only officers may open an old version (to revert to it): a translator's links led
        # to "Access denied".
        extra_context = {**(extra_context or {}), "can_revert": roles.is_officer(request.user)}
        return super().history_view(request, object_id, extra_context)

    # A revision's comment is stored as the admin's log stores its message (JSON, or for the
    # workflow's own steps the English text of a catalogue message), and shown in each
    # reader's language: django-reversion stored it written out in the saver's language.
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    # -- columns -------------------------------------------------------------------------
    @admin.display(description=_("Russian"), ordering="russian_status")
    def russian_column(self, obj):
        status = TranslationStatus(obj.russian_status)
        # Of the Russian version (feminine in Russian), not of the item, which may be a draft.
        if obj.russian_ready:
            published = pgettext("Russian version", "published")
        else:
            published = pgettext("Russian version", "not published")
        return format_html(
            '<span class="translation-status status-{}">{}</span> · {}',
            status.value,
            status.label,
            published,
        )

    @admin.display(description=_("Russian complete"), boolean=True)
    def russian_complete(self, obj):
        return i18n.is_complete(obj, TARGET)

    @admin.display(description=_("Preview"))
    def preview_links(self, obj):
        if obj is None or obj.pk is None or not self.preview_url_name:
            return "—"
        links = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                try:
                    url = reverse(self.preview_url_name, kwargs={"slug": obj.slug})
                except NoReverseMatch:
                    continue
            links.append((url, code, translation.gettext(name)))
        return format_html_join(
            " · ", '<a href="{}" hreflang="{}" target="_blank" rel="noopener">{}</a>', links
        )

    def get_view_on_site_url(self, obj=None):
        """The admin's "View on site" opens the preview of an object the public cannot see yet
        (its public address is a 404 until then); ``published()`` decides, as everywhere."""
        if (
            obj is not None
            and obj.pk is not None
            and self.preview_url_name
            and not self.model.objects.published().filter(pk=obj.pk).exists()
        ):
            return reverse(self.preview_url_name, kwargs={"slug": obj.slug})
        return super().get_view_on_site_url(obj)

    # -- roles ---------------------------------------------------------------------------
    def has_publish_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_officer_permission(self, request):
        return roles.is_officer(request.user)

    def russian_fields(self) -> list[str]:
        return [build_localized_fieldname(n, TARGET) for n in i18n.translated_fields(self.model)]

    def translated_fields_in_form_order(self) -> list[str]:
        translated = set(i18n.translated_fields(self.model))
        return [f.name for f in self.model._meta.fields if f.name in translated]

    def translator_allowed_fields(self) -> set[str]:
        return {*self.russian_fields(), "russian_ready"}

    def get_fieldsets(self, request, obj=None):
        if not roles.is_translator_only(request.user):
            return with_opened_version(super().get_fieldsets(request, obj))
        # Translators: each Russian field beside its English original (read-only).
        pairs = [
            (f"{ENGLISH_PREFIX}{name}", build_localized_fieldname(name, TARGET))
            for name in self.translated_fields_in_form_order()
        ]
        return with_opened_version(
            [
                (_("Russian translation"), {"fields": pairs, "classes": ["translation-pairs"]}),
                (_("Publication"), {"fields": ["russian_ready", *self._preview_field(obj)]}),
            ]
        )

    def _preview_field(self, obj) -> list[str]:
        # Translators check their Russian text in the preview too (a read-only field).
        if obj is None or not self.preview_url_name:
            return []
        return ["preview_links"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if roles.is_translator_only(request.user):
            readonly += [f"{ENGLISH_PREFIX}{name}" for name in i18n.translated_fields(self.model)]
        return readonly

    def __getattr__(self, name):
        # ``english_<field>``: the English text of a translated field, shown read-only to
        # translators beside the Russian input (rich text rendered, as it is already clean).
        if name.startswith(ENGLISH_PREFIX):
            field_name = name.removeprefix(ENGLISH_PREFIX)
            if field_name in i18n.translated_fields(self.model):
                return self._english_display(field_name)
        raise AttributeError(name)

    def _english_display(self, field_name):
        field = self.model._meta.get_field(field_name)
        column = build_localized_fieldname(field_name, i18n.SOURCE_LANGUAGE)

        def display(obj):
            value = getattr(obj, column, "") if obj is not None else ""
            if not value:
                return "—"
            if isinstance(field, RichTextField):
                # Cleaned against the allow-list on save. In a box of its own: the admin's
                # styles drew the text's headings as section bars and its lists unmarked.
                return format_html('<div class="english-original">{}</div>', mark_safe(value))
            return linebreaksbr(value)

        display.short_description = _("%(field)s (English)") % {
            "field": capfirst(field.verbose_name)
        }
        return display

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("original") is not None and not context.get("add"):
            context["translation_notice"] = translation_notice(context["original"])
        if roles.is_translator_only(request.user):
            # Translators see one language to edit: no language tabs.
            media = copy.copy(context["media"])
            media._js_lists = [
                [js for js in js_list if "tabbed_translation_fields" not in str(js)]
                for js_list in media._js_lists
            ]
            context["media"] = media
        return super().render_change_form(request, context, *args, **kwargs)

    def get_inlines(self, request, obj):
        if roles.is_translator_only(request.user):
            return []
        return super().get_inlines(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if roles.is_translator_only(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_autocomplete_fields(self, request):
        if roles.is_translator_only(request.user):
            return []
        return super().get_autocomplete_fields(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and roles.is_translator_only(request.user):
            self._refuse_forged_translator_post(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _refuse_forged_translator_post(self, request):
        """A translator may send only Russian fields: anything else refuses the whole save."""
        allowed = self.translator_allowed_fields() | _FORM_KEYS
        forbidden = sorted(key for key in request.POST if key not in allowed)
        if forbidden:
            raise PermissionDenied(
                _("Translators may change only the Russian fields (refused: %(fields)s).")
                % {"fields": ", ".join(forbidden)}
            )

    # Reverting and recovering are the officers' (translators may still read the history).
    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not roles.is_officer(request.user):
            raise PermissionDenied
        _refuse_unreadable_id(object_id)
        request._bordercoop_version_floor = self._highest_version(unquote(object_id))
        return self._writing_back_an_old_version(
            request,
            lambda: super(ContentAdmin, self).revision_view(
                request, object_id, version_id, extra_context
            ),
            back_to=f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
            args=[object_id],
            version_id=version_id,
        )

    def recover_view(self, request, version_id, extra_context=None):
        if not roles.is_officer(request.user):
            raise PermissionDenied
        version = Version.objects.filter(pk=version_id).first()
        if version is not None:
            request._bordercoop_version_floor = self._highest_version(version.object_id)
        return self._writing_back_an_old_version(
            request,
            lambda: super(ContentAdmin, self).recover_view(request, version_id, extra_context),
            back_to=f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist",
            version_id=version_id,
        )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """django-reversion's view behind both: it writes back the old revision (the form
        shows it), then runs the change form, and keeps what was written only if it saves.

        Only this object's version is written back. Reversion wrote back every object of the
        revision, and a revision may hold many (a bulk action, an XLIFF import, the demo):
        reverting one news item silently undid later edits to the others. A version of
        another kind of object is not this admin's to show (a 404).
        """
        if version.content_type_id != ContentType.objects.get_for_model(self.model).pk:
            raise Http404
        # Reversion titles the page with the name stored with the version, in the language
        # of whoever saved it ("Вернуть BLO officers trained…" in the Russian admin): the
        # version's own name in the reader's language instead.
        extra_context = extra_context or {}
        title = _("Revert %(name)s") if extra_context.get("revert") else _("Recover %(name)s")
        extra_context = {**extra_context, "title": title % {"name": _version_name(version)}}
        current = self.model._default_manager.filter(pk=version.object_id).first()
        if current is not None:  # a revert (a recovered item has no current state)
            extra_context = {
                **extra_context,
                "revert_notice": revert_notice(current, version.field_dict),
            }

        def revert(delete=False):
            version.revert()  # a raw save, past the model's save(): its address is kept here
            if issubclass(self.model, KeepsFormerSlugs):
                reverted = self.model._base_manager.get(pk=version.object_id)
                FormerSlug.record(reverted, current.slug if current is not None else None)

        version.revision.revert = revert
        response = super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )
        if request.method == "POST" and response.status_code == 302:
            # Reversion wrote its comment out in the saver's language, date and all: stored
            # instead as the date, and written in each reader's language by the history.
            saved = (
                Version.objects.get_for_object_reference(self.model, version.object_id)
                .order_by("-pk")
                .values_list("revision_id", flat=True)
                .first()
            )
            Revision.objects.filter(pk=saved).update(
                comment=restored_comment(version.revision.date_created)
            )
        return response

    def _writing_back_an_old_version(self, request, view, *, back_to: str, args=(), version_id):
        """Run a revert or recover view; one the database refuses at its commit changes
        nothing and says why, instead of a 500.

        The object's own links to objects deleted since are left out before the commit
        (``save_related``), and only this object is written back
        (``_reversion_revisionform_view``): a refusal is not expected, and is answered all
        the same."""
        request._bordercoop_writing_back = True
        try:
            return view()
        except IntegrityError:
            messages.error(request, self._why_not_restored(version_id))
            return redirect(back_to, *args)

    def _why_not_restored(self, version_id) -> str:
        """Why the database refused to write a version back: its address is another item's
        now (a slug used again since), or it links to something deleted since."""
        version = Version.objects.filter(pk=version_id).first()
        try:
            slug = version.field_dict.get("slug") if version is not None else None
        except RevertError:
            slug = None
        holder = (
            self.model._default_manager.filter(slug=slug).exclude(pk=version.object_id).first()
            if slug
            else None
        )
        if holder is not None:
            return gettext(
                "This version cannot be restored: its address “%(slug)s” is now the address "
                "of “%(other)s”. Give that one another address first. Nothing was changed."
            ) % {"slug": slug, "other": holder}
        return gettext(
            "This version cannot be restored: it refers to something deleted since. "
            "Nothing was changed."
        )

    def _highest_version(self, object_id) -> int:
        """The highest version number the object has had, stored or in its history.

        Reverting (or recovering) writes an old row back, its old version number with it. The
        save that follows must number the object past every version anyone may have opened,
        or a form opened before the revert would save over it without a conflict.
        """
        numbers = [
            version.field_dict.get("version") or 0
            for version in Version.objects.get_for_object_reference(self.model, object_id)
        ]
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            pk = None
        if pk is not None:
            stored = self.model._default_manager.filter(pk=pk).values_list("version", flat=True)
            numbers.extend(stored)
        return max(numbers, default=0)

    def save_model(self, request, obj, form, change):
        if change and not self._writes_back(request) and not changed_by_form(form):
            # Save pressed with nothing changed: nothing to store. A save would number a new
            # version all the same, and refuse a colleague's save from a form opened before.
            return
        floor = getattr(request, "_bordercoop_version_floor", None)
        if floor is not None and (obj.version or 0) < floor:
            obj.version = floor  # Versioned.save() then numbers it floor + 1
        super().save_model(request, obj, form, change)

    @staticmethod
    def _writes_back(request) -> bool:
        """Whether this request reverts or recovers (``_writing_back_an_old_version``)."""
        return getattr(request, "_bordercoop_writing_back", False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self._writes_back(request):
            self._drop_links_to_deleted_objects(request, form.instance)

    def _drop_links_to_deleted_objects(self, request, obj):
        """A revert writes back the old version's links (many-to-many rows), some perhaps to
        objects deleted since; the form never shows those (they are not choices), so its save
        keeps them, and the database refused the commit (a 500). They are left out, and the
        officer is told which."""
        dropped = []
        for field in obj._meta.many_to_many:
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            dangling = through._default_manager.filter(**{source: obj.pk}).exclude(
                **{f"{target}__in": field.related_model._base_manager.values("pk")}
            )
            if dangling.delete()[0]:
                dropped.append(str(field.verbose_name))
        if dropped:
            messages.warning(
                request,
                gettext("Links to items deleted since this version were left out: %(fields)s.")
                % {"fields": ", ".join(dropped)},
            )

    def recoverlist_view(self, request, extra_context=None):
        if not roles.is_officer(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    # -- translation actions -------------------------------------------------------------
    @admin.action(
        description=_("Mark the Russian translation as up to date"),
        permissions=["change"],
    )
    def mark_russian_up_to_date(self, request, queryset):
        count, refused = services.russian_mark_up_to_date(
            objects=queryset, by=request.user, comment=_("Russian marked up to date.")
        )
        if count or not refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item marked up to date.", "%(count)d items marked up to date.", count
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                gettext("Not marked up to date, Russian fields missing: %(items)s.")
                % {"items": ", ".join(str(obj) for obj in refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Publish the Russian version"), permissions=["change"])
    def publish_russian(self, request, queryset):
        count, refused = services.russian_set_ready(
            objects=queryset, ready=True, by=request.user, comment=_("Russian published.")
        )
        if count or not refused:  # not "0 items published" in green beside the refusal
            self.message_user(
                request,
                ngettext(
                    "The Russian version of %(count)d item was published.",
                    "The Russian versions of %(count)d items were published.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Not published, Russian fields missing: %(items)s.")
                % {"items": ", ".join(str(obj) for obj in refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Withdraw the Russian version"), permissions=["change"])
    def unpublish_russian(self, request, queryset):
        count, _refused = services.russian_set_ready(
            objects=queryset, ready=False, by=request.user, comment=_("Russian withdrawn.")
        )
        self.message_user(
            request,
            ngettext(
                "The Russian version of %(count)d item was withdrawn.",
                "The Russian versions of %(count)d items were withdrawn.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export for translation (XLIFF)"), permissions=["officer"])
    def export_xliff(self, request, queryset):
        return xliff_response(queryset, f"bordercoop-{self.model._meta.model_name}.xlf")


def xliff_response(objects, filename: str) -> HttpResponse:
    response = HttpResponse(xliff.export(objects), content_type="application/x-xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


TRANSLATION_FILTERS = ["russian_status", "russian_ready", RussianCompleteListFilter]


def answer_odd_input_everywhere(site: admin.AdminSite) -> None:
    """Give every model admin on ``site`` that lacks it ``OddInputMixin``: Django's own user
    and group admins and those of other apps (django-axes' lists of login attempts) answer
    ``?id__range=1`` or a NUL in a search as the content admins do. Run once every app's
    admin module is loaded (``EditorialConfig.ready``)."""
    for model in django_apps.get_models():
        if not site.is_registered(model):
            continue
        model_admin = type(site.get_model_admin(model))
        if issubclass(model_admin, OddInputMixin):
            continue
        site.unregister(model)
        site.register(model, type(model_admin.__name__, (OddInputMixin, model_admin), {}))
