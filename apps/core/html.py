"""Rich text: the one explicit allow-list every stored HTML body is cleaned against (nh3)."""

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "a",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# What the rich-text editor offers; kept in step with ALLOWED_TAGS so that nothing an editor can
# produce is thrown away on save.
EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
        "History": True,
    }
}

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(value: str | None) -> str | None:
    """Return ``value`` with every tag, attribute and URL scheme not on the allow-list removed.

    An editor's empty document (``<p></p>``, or paragraphs of no-break or zero-width spaces)
    becomes the empty string, so that "no text" is always stored as "" and a Russian version
    with an empty body cannot pass as complete.
    """
    if value is None:
        return None
    cleaned = _cleaner.clean(value).strip()
    if not has_text(cleaned):
        return ""
    return cleaned


# Characters that show nothing and that str.strip() keeps.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def has_text(markup: str) -> bool:
    """Whether ``markup`` shows any character but spaces (entities read: ``&nbsp;``)."""
    text = html.unescape(nh3.clean(markup, tags=set()))
    return bool(text.translate(_INVISIBLE).strip())


_SPACE_AROUND_TAGS = re.compile(r"\s*(<[^>]+>)\s*")
_SPACE = re.compile(r"\s+")


def normalise_space(text: str | None) -> str:
    """``text`` without the whitespace that carries no words: runs of spaces and line breaks
    become one space, and none is kept around HTML tags. Two texts equal after it differ only
    in layout (a re-wrapped paragraph, the editor's own serialisation)."""
    text = _SPACE.sub(" ", text or "").strip()
    return _SPACE_AROUND_TAGS.sub(r"\1", text)
