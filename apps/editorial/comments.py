"""Revision comments, stored so that each reader of the history reads them in their language.

A comment is one of: the admin's log message (JSON, as ``LogEntry.change_message``); the
English text of a catalogue message (the workflow's actions, an XLIFF import, the demo); or
``{"restored": <date>}`` for a revert or a recovery, whose date is written out when shown.
"""

import functools
import json
import re

from django.apps import apps
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext, override

from apps.core import i18n

# A translated field's label as the admin logs it, in English: "Summary [en]".
LANGUAGE_LABEL = re.compile(r"(?P<label>.+) \[(?P<language>[a-z]{2})\]")


def restored_comment(date_of_version) -> str:
    return json.dumps({"restored": date_of_version.isoformat()})


def readable_comment(revision) -> str:
    """``revision``'s comment in the active language."""
    try:
        stored = json.loads(revision.comment or "")
    except ValueError:
        stored = None
    if isinstance(stored, dict) and "restored" in stored:
        when = parse_datetime(stored["restored"])
        if when is not None:
            shown = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
            return gettext("Restored the version saved on %(date)s.") % {"date": shown}
    if isinstance(stored, list):  # the admin's log message
        log_entry = apps.get_model("admin", "LogEntry")
        message = json.dumps([_with_readable_labels(part) for part in stored])
        return log_entry(change_message=message).get_change_message()
    text = revision.get_comment()  # as stored: the English of a catalogue message, or text
    return gettext(text) if text else ""


@functools.cache
def _translated_field_names() -> dict[str, object]:
    """The English label of every translated field (``Summary``) and its verbose name, which
    is translated when shown."""
    names = {}
    with override("en"):
        for model in apps.get_models():
            for name in i18n.translated_fields(model):
                verbose_name = model._meta.get_field(name).verbose_name
                names.setdefault(capfirst(str(verbose_name)), verbose_name)
    return names


def _readable_label(label: str) -> str:
    """``Summary [en]`` (stored in English, whatever the saver's language) in the active
    language: Django's history translates a field's label through the catalogue, which has
    the field's name but not the name with its language."""
    match = LANGUAGE_LABEL.fullmatch(label)
    name = _translated_field_names().get(match["label"]) if match else None
    if name is None:
        return label
    return f"{capfirst(name)} [{match['language']}]"


def _with_readable_labels(part):
    changed = part.get("changed") if isinstance(part, dict) else None
    if not isinstance(changed, dict) or not isinstance(changed.get("fields"), list):
        return part
    fields = [_readable_label(f) if isinstance(f, str) else f for f in changed["fields"]]
    return {**part, "changed": {**changed, "fields": fields}}
