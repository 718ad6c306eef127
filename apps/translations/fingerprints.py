"""What the Russian version was translated from.

The English source of an object is its English translated fields. Its fingerprint ignores
whitespace that carries no words (runs of spaces and line breaks, indentation around HTML
tags), so re-wrapping a paragraph does not make a translation outdated; any change of words or
punctuation does.
"""

import hashlib
import json

from modeltranslation.utils import build_localized_fieldname

from apps.core import i18n
from apps.core.html import normalise_space as normalise


def source_texts(obj) -> dict[str, str]:
    """The English text of every translated field of ``obj``, as stored."""
    return {
        name: getattr(obj, build_localized_fieldname(name, i18n.SOURCE_LANGUAGE)) or ""
        for name in i18n.translated_fields(type(obj))
    }


def fingerprint(texts: dict[str, str]) -> str:
    normalised = {name: normalise(value) for name, value in sorted(texts.items())}
    payload = json.dumps(normalised, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
