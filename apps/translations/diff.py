"""Word-level differences between two versions of an English text, for translators."""

import difflib
import html
import re

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

_WORDS = re.compile(r"\S+")


def words(text: str) -> list[str]:
    return _WORDS.findall(html.unescape(strip_tags(text or "")))


def word_diff(old: str, new: str) -> SafeString:
    """HTML with removed words in ``<del>`` and added words in ``<ins>``; text is escaped."""
    before, after = words(old), words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(' '.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(' '.join(after[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # every piece above is escaped


def changed_fields(old: dict[str, str], new: dict[str, str]) -> dict[str, SafeString]:
    """For each field whose words changed: its word diff."""
    return {
        name: word_diff(old.get(name, ""), new.get(name, ""))
        for name in new
        if words(old.get(name, "")) != words(new.get(name, ""))
    }
