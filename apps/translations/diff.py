"""Word-level differences between two versions of an English text, for translators.

Rich text is HTML: its tags are not words (a block tag or a line break separates words), and
its entities are read as the characters they stand for. Plain text is text: whatever looks like
a tag in it is words like any other. Either way every word is escaped when shown.
"""

import difflib
import html as html_lib
import re
from collections import Counter

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from apps.core import i18n
from apps.core.fields import RichTextField
from apps.core.html import normalise_space
from apps.translations.fingerprints import source_texts

_WORDS = re.compile(r"\S+")
# Tags that end a word: the editor stores paragraphs as <p>…</p><p>…</p>, with nothing between.
_WORD_BREAKING_TAG = re.compile(
    r"<(?:/?(?:p|h[1-6]|ul|ol|li|blockquote|div|pre|table|tr|td|th)|br|hr)\b[^>]*>", re.IGNORECASE
)


def words(text: str | None, *, html: bool = True) -> list[str]:
    text = text or ""
    if html:
        text = html_lib.unescape(strip_tags(_WORD_BREAKING_TAG.sub(" ", text)))
    return _WORDS.findall(text)


def word_diff(old: str | None, new: str | None, *, html: bool = True) -> SafeString:
    """HTML with removed words in ``<del>`` and added words in ``<ins>``; text is escaped.

    ``html`` says whether the texts are rich text (HTML) or plain text.
    """
    before, after = words(old, html=html), words(new, html=html)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html_lib.escape(" ".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html_lib.escape(' '.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html_lib.escape(' '.join(after[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # every piece above is escaped


_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def links(text: str | None) -> list[str]:
    """The addresses the links of a rich text point to, in order."""
    return [html_lib.unescape(double or single) for double, single in _HREF.findall(text or "")]


def link_changes(old: str | None, new: str | None) -> SafeString:
    """The link addresses removed (``<del>``) and added (``<ins>``) between two rich texts,
    or nothing: a link's words may stay while the report it points to changes."""
    before, after = links(old), links(new)
    if before == after:
        return mark_safe("")
    # Counted, not only looked up: one of two links to a report removed is a removal.
    removed = list((Counter(before) - Counter(after)).elements())
    added = list((Counter(after) - Counter(before)).elements())
    if not (removed or added):  # the same addresses in another order: both orders shown
        removed, added = before, after
    parts = [*(("del", url) for url in removed), *(("ins", url) for url in added)]
    return format_html(
        '<span class="diff-links">{} {}</span>',
        gettext("Links:"),
        format_html_join(" ", "<{0}>{1}</{0}>", parts),
    )


def changed_fields(
    old: dict[str, str], new: dict[str, str], *, plain=frozenset()
) -> dict[str, SafeString]:
    """For each field whose text changed: its word diff, with the link addresses that changed
    and a note when only the formatting did. Fields named in ``plain`` hold plain text; the
    others rich text."""
    changes = {}
    for name in new:
        html = name not in plain
        before, after = old.get(name, ""), new.get(name, "")
        parts = []
        if words(before, html=html) != words(after, html=html):
            parts.append(word_diff(before, after, html=html))
        if html:
            if moved := link_changes(before, after):
                parts.append(moved)
            elif not parts and normalise_space(before) != normalise_space(after):
                # Counted as a change (a heading became a paragraph): said, not left blank.
                note = gettext("Only the formatting changed (headings, lists, bold or italics).")
                parts.append(format_html('<span class="diff-note">{}</span>', note))
        if parts:
            changes[name] = mark_safe(" ".join(parts))  # each part is escaped
    return changes


def plain_text_fields(model) -> set[str]:
    """The translated fields of ``model`` that hold plain text, not rich text (HTML)."""
    return {
        name
        for name in i18n.translated_fields(model)
        if not isinstance(model._meta.get_field(name), RichTextField)
    }


def english_changes(obj, *, plain=None) -> dict[str, SafeString]:
    """Field name (as officers read it) → word diff of its English since the Russian version
    was last brought up to date."""
    model = type(obj)
    plain = plain_text_fields(model) if plain is None else plain
    changes = changed_fields(obj.russian_source, source_texts(obj), plain=plain)
    return {str(model._meta.get_field(name).verbose_name): diff for name, diff in changes.items()}
