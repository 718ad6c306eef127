"""Ordering by translated text as the reader reads it."""

from django.conf import settings
from django.db.models import Case, CharField, Expression, F, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language

from apps.core.i18n import SOURCE_LANGUAGE


@deconstructible(path="apps.core.ordering.ReadersText")
class ReadersText(Expression):
    """A translated field (``"name"``, ``"border__name"``) as a reader of the active language
    sees it, for ordering: in that language, with the English text where that is missing (not
    the empty string, which sorts first) or not yet published. An unpublished text is not
    shown, and its place in the order would say something about it.

    The language is the one active when the query is compiled, not when it is built: a
    model's default ordering (``Meta.ordering``) and a form's list of choices built at import
    follow the reader. (django-modeltranslation rewrote ``"name"`` to the column of the
    language active when the queryset was made, and never looked at ``russian_ready``.)
    """

    output_field = CharField()

    def __init__(self, field: str):
        super().__init__()
        self.translated = field

    def in_language(self, language: str | None):
        source = F(f"{self.translated}_{SOURCE_LANGUAGE}")
        if language == SOURCE_LANGUAGE or language not in dict(settings.LANGUAGES):
            return source
        path, _, _name = self.translated.rpartition("__")
        ready = f"{path}__russian_ready" if path else "russian_ready"
        translated = Coalesce(NullIf(F(f"{self.translated}_{language}"), Value("")), source)
        return Case(
            When(**{ready: True}, then=translated), default=source, output_field=CharField()
        )

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        return self.in_language(get_language()).resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )

    def __repr__(self):
        return f"{type(self).__name__}({self.translated!r})"
