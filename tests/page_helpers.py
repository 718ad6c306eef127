"""Reading the public pages in tests: a small HTML tree, visible text, queries per page.

The standard library's ``html.parser`` is enough for the site's own, well-formed pages; no
extra parser is installed for the tests.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements whose text a reader never sees on the page.
INVISIBLE_ELEMENTS = {"script", "style", "template", "head"}
# Attributes whose text a reader meets (screen readers, placeholders, image descriptions).
READABLE_ATTRIBUTES = ("placeholder", "aria-label", "alt")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Element or str
    parent: Element | None = None

    def iter(self):
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def matches(self, tag=None, class_=None, **attrs) -> bool:
        if tag is not None and self.tag != tag:
            return False
        if class_ is not None and class_ not in self.classes():
            return False
        for name, value in attrs.items():
            name = name.rstrip("_").replace("_", "-")
            if value is True:
                if name not in self.attrs:
                    return False
            elif self.attrs.get(name) != value:
                return False
        return True

    def find_all(self, tag=None, class_=None, **attrs) -> list[Element]:
        return [e for e in self.iter() if e is not self and e.matches(tag, class_, **attrs)]

    def find(self, tag=None, class_=None, **attrs) -> Element | None:
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def get(self, tag=None, class_=None, **attrs) -> Element:
        """The one matching element; fails the test when there is none or several."""
        found = self.find_all(tag, class_, **attrs)
        assert len(found) == 1, f"expected one <{tag} {class_=} {attrs}>, found {len(found)}"
        return found[0]

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return "".join(parts)

    @property
    def clean_text(self) -> str:
        """The text with runs of white space made single spaces."""
        return " ".join(self.text.split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest_lang(self) -> str | None:
        """The language this element is in: its own ``lang`` or its nearest ancestor's."""
        for node in (self, *self.ancestors()):
            if "lang" in node.attrs:
                return node.attrs["lang"]
        return None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, [], None)
        element.parent = self.current
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, [], None)
        element.parent = self.current
        self.current.children.append(element)

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(content: bytes | str) -> Element:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def page(response) -> Element:
    return parse_html(response.content)


def visible_text(root: Element, *, skip_lang: str | None = None) -> str:
    """What a reader of the page reads: element text and readable attributes, without scripts
    and styles, and without the parts marked ``lang=skip_lang`` (content shown in another
    language, the language switcher's own names)."""
    parts: list[str] = []

    def walk(node: Element):
        if node.tag in INVISIBLE_ELEMENTS and node.tag != "head":
            return
        if skip_lang is not None and node.attrs.get("lang") == skip_lang:
            return
        for name in READABLE_ATTRIBUTES:
            if node.attrs.get(name):
                parts.append(node.attrs[name])
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif node.tag == "head":
                if child.tag == "title":
                    parts.append(child.text)
            else:
                walk(child)

    walk(root)
    return " ".join(" ".join(parts).split())


def contains_word(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words (case-sensitive)."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def count_queries(client, url: str, **extra) -> int:
    """How many SQL queries one GET of ``url`` runs (the response must be a success)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def in_both(msgid: str) -> dict[str, str]:
    """An interface string in English and as the Russian catalogue translates it (for long
    sentences, whose wording translators may improve without breaking the tests)."""
    with translation.override("ru"):
        russian = translation.gettext(msgid)
    assert russian != msgid, f"no Russian translation of {msgid!r}"
    return {"en": msgid, "ru": russian}


@functools.cache
def english_interface_strings() -> tuple[str, ...]:
    """Every English interface string of the catalogue that Russian translates differently."""
    strings = []
    for entry in polib.pofile(str(PO_FILE)):
        text = entry.msgid
        if entry.msgid_plural or "%" in text or "{" in text or len(text) < 4:
            continue
        if entry.msgstr == text or "\n" in text:
            continue
        strings.append(text)
    return tuple(strings)
