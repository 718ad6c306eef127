from django.db import models
from django.db.models.functions import Lower
from django_prose_editor.fields import ProseEditorField, ProseEditorFormField
from modeltranslation.fields import TranslationFieldDescriptor

from apps.core.html import EDITOR_CONFIG, normalise_space, sanitize_html


class RichTextFormField(ProseEditorFormField):
    """The editor's form field, changed only when the text differs in more than layout.

    The editor sends back the HTML it was given in its own serialisation (no line breaks
    between paragraphs, its own attribute order): compared as sent, every save named the body
    as changed in the item's history.
    """

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        # The stored text is already clean; what the editor sends is cleaned as saving will.
        before = normalise_space(initial)
        return before != normalise_space(sanitize_html(self.to_python(data)))


class RichTextField(ProseEditorField):
    """HTML edited with the project's rich-text editor and cleaned against the allow-list.

    Cleaning happens in form validation *and* on every save, so text that reaches the database
    by any path (the admin, a management command, the shell) is sanitised.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": dict(EDITOR_CONFIG["extensions"])})
        kwargs["sanitize"] = sanitize_html
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

    def get_db_prep_save(self, value, connection):
        # Also for the writes that skip pre_save(): loaddata, reverting a revision, update().
        if isinstance(value, str):
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)

    def pre_save(self, model_instance, add):
        value = sanitize_html(super().pre_save(model_instance, add))
        # On a translated model the untranslated field reads through modeltranslation's
        # descriptor (with its English fallback) and writing it back would store that text in
        # the active language's column. Its language columns clean themselves; only write back
        # where the attribute is the field's own value.
        descriptor = getattr(type(model_instance), self.attname, None)
        if not isinstance(descriptor, TranslationFieldDescriptor):
            setattr(model_instance, self.attname, value)
        return value


def sanitize_rich_text(instance) -> None:
    """Clean every rich-text column of ``instance`` in place, as saving will."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            descriptor = getattr(type(instance), field.attname, None)
            if not isinstance(descriptor, TranslationFieldDescriptor):
                setattr(instance, field.attname, sanitize_html(getattr(instance, field.attname)))


class LowercaseSlugField(models.SlugField):
    """A slug in lower case. "Draft-Example" is stored as "draft-example": two addresses that
    differ only in case cannot name two objects (the uniqueness check sees the clash), and a
    model adds ``lowercase_slug()`` to its constraints so that no other path stores one."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str) and value != value.lower():
            value = value.lower()
            setattr(model_instance, self.attname, value)
        return value


def lowercase_slug(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(slug=Lower("slug")), name=name)
