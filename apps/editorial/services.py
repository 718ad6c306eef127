"""Writes of the editorial workflow that span several objects: each runs in one transaction
and leaves one revision naming who did it."""

from collections.abc import Iterable

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from apps.news.models import ALLOWED_TRANSITIONS, NewsItem, NewsStatus
from apps.translations.models import TranslationStatus


def _save_with_revision(objects: Iterable, *, by, comment) -> int:
    """``comment``: a catalogue message (lazy), stored in English and shown in each reader's
    language (``templates/admin/editorial/object_history.html``)."""
    count = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(by)
        with translation.override(settings.LANGUAGE_CODE):
            reversion.set_comment(str(comment))
        for obj in objects:
            obj.save()
            count += 1
    return count


def newsitems_transition(
    *, items: Iterable[NewsItem], to: str, by, comment, only_from: set[str] | None = None
) -> int:
    """Move each item that may make the step to status ``to`` (and, if given, is in one of
    the ``only_from`` statuses); returns how many moved.

    Publishing keeps a future ``published_at`` (the item stays scheduled) and dates an
    undated item now.
    """
    moving = []
    for item in items:
        if item.status == to or to not in ALLOWED_TRANSITIONS.get(item.status, set()):
            continue
        if only_from is not None and item.status not in only_from:
            continue
        item.status = to
        if to == NewsStatus.PUBLISHED and item.published_at is None:
            item.published_at = timezone.now()
        moving.append(item)
    return _save_with_revision(moving, by=by, comment=comment)


def russian_mark_up_to_date(*, objects: Iterable, by, comment) -> tuple[int, list]:
    """Record that each object's Russian text matches its current English text.

    An object with Russian fields still empty is not up to date whatever is recorded; those
    are returned untouched as the second element.
    """
    changed, refused = [], []
    for obj in objects:
        if obj.compute_russian_status() == TranslationStatus.MISSING:
            refused.append(obj)
            continue
        obj.mark_russian_up_to_date()
        changed.append(obj)
    return _save_with_revision(changed, by=by, comment=comment), refused


def russian_set_ready(*, objects: Iterable, ready: bool, by, comment) -> tuple[int, list]:
    """Publish (or withdraw) the Russian version of each object.

    An object whose Russian version is incomplete cannot be published; those are returned
    untouched as the second element.
    """
    changed, refused = [], []
    for obj in objects:
        if ready and obj.compute_russian_status() == TranslationStatus.MISSING:
            refused.append(obj)
            continue
        if obj.russian_ready != ready:
            obj.russian_ready = ready
            changed.append(obj)
    return _save_with_revision(changed, by=by, comment=comment), refused
