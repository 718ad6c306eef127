"""Revision comments, stored so that each reader of the history reads them in their language.

A comment is one of: the admin's log message (JSON, as ``LogEntry.change_message``); the
English text of a catalogue message (the workflow's actions, an XLIFF import, the demo); or
``{"restored": <date>}`` for a revert or a recovery, whose date is written out when shown.
"""

import json

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext


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
    text = revision.get_comment()  # the admin's log message, translated; else as stored
    return gettext(text) if text else ""
