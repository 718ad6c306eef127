"""Translation tracking shared by every translated model.

Each object knows the English source its Russian version was translated from: the fingerprint
(and the texts) of its English fields, taken when the Russian text was last saved or marked up
to date. Comparing that with the current English fingerprint says whether the translation is
``missing``, ``outdated`` or ``up to date``. The Russian version is public only once someone
marks it ready (``russian_ready``); until then Russian readers get the English fallback.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from apps.core import i18n
from apps.core.fields import sanitize_rich_text
from apps.translations import visibility
from apps.translations.fingerprints import fingerprint, normalise, source_texts

TARGET_LANGUAGE = "ru"


TRACKING_FIELDS = (
    "english_fingerprint",
    "english_changed_at",
    "russian_source_fingerprint",
    "russian_source",
    "russian_status",
)


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    UP_TO_DATE = "up_to_date", _("up to date")


def russian_texts(obj) -> dict[str, str]:
    return {
        name: getattr(obj, build_localized_fieldname(name, TARGET_LANGUAGE)) or ""
        for name in i18n.translated_fields(type(obj))
    }


@functools.cache
def _russian_columns(model) -> dict[str, str]:
    """Each translated field of ``model`` and its Russian column (``title`` → ``title_ru``)."""
    return {
        name: build_localized_fieldname(name, TARGET_LANGUAGE)
        for name in i18n.translated_fields(model)
    }


class TranslationTracked(models.Model):
    english_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    english_changed_at = models.DateTimeField(
        _("English changed"), null=True, blank=True, editable=False
    )
    russian_source_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    russian_source = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The English texts the Russian version was translated from.",
    )
    russian_status = models.CharField(
        # A field's name, lower case in Russian as the others are ("статус"): the admin's
        # filters show it as it is.
        pgettext_lazy("field name", "Russian translation"),
        max_length=12,
        choices=TranslationStatus,
        default=TranslationStatus.MISSING,
        editable=False,
        db_index=True,
    )
    russian_ready = models.BooleanField(
        _("Russian version published"),
        default=False,
        help_text=_(
            "Tick when the Russian translation is ready for readers. Until then Russian "
            "readers see the English text."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "_masked_for_public", False):
            raise RuntimeError("A copy loaded for the public (Russian hidden) cannot be saved.")
        # Fingerprints are taken of the text as it will be stored (rich text cleaned first).
        sanitize_rich_text(self)
        self.refresh_translation_tracking()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *TRACKING_FIELDS}
        super().save(*args, **kwargs)
        self._loaded_russian = russian_texts(self)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """For the public, a reload (of a deferred Russian column, say) follows this object's
        own ``russian_ready``: the reloaded copy lacks the flag, would count as unpublished and
        blank a published text, which a save would then store."""
        if not visibility.public_texts_only():
            return super().refresh_from_db(using, fields, from_queryset)
        columns = list(_russian_columns(type(self)).values())
        if fields is not None:
            fields = list(fields)
            if set(fields) & set(columns) and "russian_ready" in self.get_deferred_fields():
                fields.append("russian_ready")
        with visibility.public_texts(False):
            super().refresh_from_db(using, fields, from_queryset)
        reloaded = [column for column in columns if fields is None or column in fields]
        if reloaded and not self.russian_ready:
            for column in reloaded:
                self.__dict__[column] = None
            self._masked_for_public = True
        return None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        columns = _russian_columns(cls)
        loaded = instance.__dict__
        russian_columns = [column for column in columns.values() if column in loaded]
        if len(russian_columns) == len(columns):
            instance._loaded_russian = {name: loaded[col] or "" for name, col in columns.items()}
        else:  # some columns deferred: the Russian text is not being edited through this copy
            instance._loaded_russian = None
        if (
            visibility.public_texts_only()
            and russian_columns
            # Loaded without its flag (only()/defer()), a Russian text counts as unpublished.
            and not loaded.get("russian_ready", False)
        ):
            # A Russian version that is not published yet is not shown to the public.
            for column in russian_columns:
                loaded[column] = None
            instance._masked_for_public = True
        return instance

    def clean(self):
        super().clean()
        if self.russian_ready and i18n.missing_fields(self, TARGET_LANGUAGE):
            raise ValidationError(
                {
                    "russian_ready": _(
                        "The Russian version cannot be published while some Russian fields "
                        "are empty: %(fields)s."
                    )
                    % {"fields": ", ".join(self.missing_russian_labels())}
                }
            )

    # -- status --------------------------------------------------------------------------
    def compute_russian_status(self) -> str:
        if i18n.missing_fields(self, TARGET_LANGUAGE):
            return TranslationStatus.MISSING
        if self.russian_source_fingerprint != self.english_fingerprint:
            return TranslationStatus.OUTDATED
        return TranslationStatus.UP_TO_DATE

    def mark_russian_up_to_date(self) -> None:
        """Record that the Russian version matches the current English text."""
        texts = source_texts(self)
        self.english_fingerprint = fingerprint(texts)
        self.russian_source_fingerprint = self.english_fingerprint
        self.russian_source = texts
        self.russian_status = self.compute_russian_status()

    def keep_russian_source(self, fields) -> None:
        """On the next save, record the Russian of ``fields`` as still translated from the
        English it was translated from before, not from today's English (an XLIFF import
        that refused those fields' units, e.g. because their English changed after the export,
        saves the other fields)."""
        self._russian_source_kept = frozenset(fields) & set(i18n.translated_fields(type(self)))

    def confirm_russian_source(self, fields) -> None:
        """On the next save, record the Russian of ``fields``, unchanged, as translated from
        today's English (a translator who checked it against the new English and found it
        still right, in an XLIFF file)."""
        self._russian_source_confirmed = frozenset(fields) & set(i18n.translated_fields(type(self)))

    def outdated_russian_fields(self) -> list[str]:
        """The fields whose English changed since their Russian was translated."""
        texts = source_texts(self)
        return [
            name
            for name, text in texts.items()
            if normalise(self.russian_source.get(name, "")) != normalise(text)
        ]

    def refresh_translation_tracking(self) -> None:
        """Fill the derived tracking fields from the texts about to be saved.

        The English source is recorded field by field: a Russian text saved now was
        translated from today's English of its own field only. The other fields keep the
        English they were translated from, so a translator who updates the summary after
        the summary and the body changed still finds the body outdated, with its diff."""
        texts = source_texts(self)
        current = fingerprint(texts)
        if current != self.english_fingerprint:
            self.english_fingerprint = current
            self.english_changed_at = timezone.now()
        loaded = getattr(self, "_loaded_russian", {})
        kept = self.__dict__.pop("_russian_source_kept", frozenset())
        confirmed = self.__dict__.pop("_russian_source_confirmed", frozenset())
        translated_now = set(confirmed)
        if loaded is not None:
            # A Russian text changed now: translated, unless it was emptied while its English
            # has words (then it is missing, not translated); emptied with its English, it is.
            translated_now |= {
                name
                for name, text in russian_texts(self).items()
                if (text or not texts[name])
                and normalise(text) != normalise(loaded.get(name) or "")
            } - kept
        if translated_now:
            source = {
                name: text if name in translated_now else self.russian_source.get(name, "")
                for name, text in texts.items()
            }
            self.russian_source_fingerprint = fingerprint(source)
            self.russian_source = source
        self.russian_status = self.compute_russian_status()

    def missing_russian_labels(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in i18n.missing_fields(self, TARGET_LANGUAGE)
        ]
