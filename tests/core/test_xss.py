"""Stored XSS: known attack vectors written into every rich-text field, in both languages, by
a save in code and through the admin's change form, are stored without anything that runs
(no script, no event handler, no javascript:/vbscript:/data: URL, no style), and neither
language's public page shows any of them. Allowed markup survives. Plain-text fields are
escaped wherever they appear (page, JSON-LD, feeds)."""

import html
import json
import re

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client

from apps.blos.models import BorderLiaisonOffice
from apps.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url
from tests.editorial.conftest import change_form_data
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory
from tests.page_helpers import page, parse_html

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]

# id → markup. Each is wrapped in a paragraph of harmless text before it is stored.
VECTORS = {
    "script": "<script>alert('xss')</script>",
    "script-uppercase": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script-split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-in-template": "<template><script>alert(1)</script></template>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-unclosed": '<img src="x" onerror="alert(1)"//',
    "svg-onload": '<svg onload=alert(1)><circle r="10"/></svg>',
    "svg-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "href-javascript": '<a href="javascript:alert(1)">click</a>',
    "href-mixed-case": '<a href="JaVaScRiPt:alert(1)">click</a>',
    "href-entities": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
    ),
    "href-hex-entities": '<a href="&#x6A;avascript&#x3A;alert(1)">click</a>',
    "href-named-colon": '<a href="javascript&colon;alert(1)">click</a>',
    "href-tab-inside": '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "href-leading-space": '<a href=" javascript:alert(1)">click</a>',
    "href-vbscript": '<a href="vbscript:msgbox(1)">click</a>',
    "href-data-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "href-data-plain": '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "style-expression": '<p style="width: expression(alert(1))">styled</p>',
    "style-url": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style-element": '<style>body{background:url("javascript:alert(1)")}</style>',
    "p-onclick": '<p onclick="alert(1)">click</p>',
    "strong-onmouseover": "<strong onmouseover=alert(1)>hover</strong>",
    "a-https-with-handler": '<a href="https://example.org/" onmouseover="alert(1)">x</a>',
    "ol-start-breakout": '<ol start="1 onclick=alert(1)"><li>one</li></ol>',
    "title-breakout": (
        '<a href="https://example.org/" title="&quot; onmouseover=&quot;alert(1)">x</a>'
    ),
    "math-xlink": '<math><mi xlink:href="javascript:alert(1)">click</mi></math>',
    "form-action": '<form action="javascript:alert(1)"><button>go</button></form>',
    "button-formaction": '<button formaction="javascript:alert(1)">go</button>',
    "input-autofocus": "<input autofocus onfocus=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "base-href": '<base href="javascript:alert(1)//">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link-import": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "noscript-mutation": (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'
    ),
    "comment-hidden": "<!--<img src=x onerror=alert(1)>-->",
    "video-source": "<video><source onerror=alert(1)></video>",
}

# Element names that must never reach the stored HTML or the page's content.
FORBIDDEN_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "button",
    "input",
    "base",
    "meta",
    "link",
    "img",
    "video",
    "source",
    "details",
    "template",
    "noscript",
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

ALLOWED_MARKUP = (
    "<h2>Heading two</h2><h3>Heading three</h3><h4>Heading four</h4>"
    "<p>Plain <strong>strong</strong> <em>em</em> "
    '<a href="https://example.org/report">a link</a></p>'
    "<ul><li>bullet one</li><li>bullet two</li></ul>"
    '<ol start="3"><li>third</li></ol>'
)

# (model, factory, name of the rich-text field, public address of an object)
RICH_TEXT = [
    pytest.param(
        NewsItem,
        NewsItemFactory,
        "body",
        lambda obj, lang: f"/{lang}/news/{obj.slug}/",
        id="news-body",
    ),
    pytest.param(
        BorderLiaisonOffice,
        BorderLiaisonOfficeFactory,
        "description",
        lambda obj, lang: f"/{lang}/blos/{obj.slug}/",
        id="blo-description",
    ),
    pytest.param(
        Programme,
        ProgrammeFactory,
        "body",
        lambda obj, lang: f"/{lang}/programmes/{obj.slug}/",
        id="programme-body",
    ),
]


def dirty(lang: str, vector: str) -> str:
    return f"<p>Safe text {lang}.</p>{vector}<p>More text.</p>"


def all_vectors(lang: str) -> str:
    return "".join(dirty(lang, vector) for vector in VECTORS.values())


def url_is_dangerous(value: str) -> bool:
    """Whether a URL would run code as a browser reads it (entities decoded, tabs, new lines
    and leading control characters and spaces ignored, any case)."""
    value = html.unescape(value)
    value = re.sub(r"[\t\n\r]", "", value).lstrip("\x00- ").lower()
    return value.startswith(BAD_SCHEMES)


def problems_in(root, *, allowed_elements=None) -> list[str]:
    """What in the parsed HTML ``root`` could run code or style the page."""
    found = []
    for element in root.iter():
        if element is root:
            continue
        if element.tag in FORBIDDEN_ELEMENTS and (
            allowed_elements is None or not allowed_elements(element)
        ):
            found.append(f"<{element.tag}>")
        for name, value in element.attrs.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"<{element.tag} {name}>")
            if lowered == "style":
                found.append(f"<{element.tag} style>")
            if lowered in URL_ATTRIBUTES and url_is_dangerous(value):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def assert_stored_clean(value: str):
    """Stored rich text holds only allow-listed tags and attributes, and nothing that runs."""
    root = parse_html(value)
    assert problems_in(root) == [], value
    for element in root.iter():
        if element is root:
            continue
        assert element.tag in ALLOWED_TAGS, (element.tag, value)
        allowed = ALLOWED_ATTRIBUTES.get(element.tag, set()) | (
            {"rel"} if element.tag == "a" else set()
        )
        assert set(element.attrs) <= allowed, (element.tag, element.attrs)
    lowered = value.lower()
    for raw in ("<script", "<style", "<iframe", "<svg", "<math", "<img", "<object", "<embed"):
        assert raw not in lowered, (raw, value)


def is_site_script(element) -> bool:
    """The site's own scripts: files from /static/ and JSON-LD data blocks."""
    if element.tag != "script":
        return False
    src = element.attrs.get("src", "")
    if src:
        return src.startswith("/static/") and element.text.strip() == ""
    return element.attrs == {"type": "application/ld+json"}


def in_rich_text(element) -> bool:
    return any(node.tag == "div" and "body" in node.classes() for node in element.ancestors())


def is_site_element(element) -> bool:
    """Elements of the site's own templates, never inside the rendered rich text: its
    scripts, <meta> and <link> in <head> (no http-equiv), the search form posting to this
    site, the BLO map (inline SVG) and images from this site."""
    if in_rich_text(element):
        return False
    if element.tag == "script":
        return is_site_script(element)
    if element.tag in ("meta", "link"):
        return "http-equiv" not in element.attrs and any(
            node.tag == "head" for node in element.ancestors()
        )
    if element.tag in ("form", "input", "button"):
        form = next((n for n in (element, *element.ancestors()) if n.tag == "form"), None)
        return form is not None and form.attrs.get("action", "").startswith("/")
    if element.tag == "svg":
        return True
    return element.tag == "img" and element.attrs.get("src", "").startswith("/")


def assert_page_clean(response):
    assert response.status_code == 200
    root = page(response)
    assert problems_in(root, allowed_elements=is_site_element) == []
    for body in root.find_all("div", class_="body"):
        for element in body.find_all():
            assert element.tag in ALLOWED_TAGS, element.tag
    assert "evil.example" not in response.content.decode().lower()
    return root


# --- Saved in code -------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "factory", "field", "address"), RICH_TEXT)
@pytest.mark.parametrize("vector", list(VECTORS), ids=list(VECTORS))
def test_each_vector_saved_in_code_is_stored_clean_in_both_languages(
    model, factory, field, address, vector
):
    obj = factory(
        **{f"{field}_en": dirty("en", VECTORS[vector]), f"{field}_ru": dirty("ru", VECTORS[vector])}
    )

    stored = model.objects.filter(pk=obj.pk).values(f"{field}_en", f"{field}_ru").get()
    for lang in LANGUAGES:
        value = stored[f"{field}_{lang}"]
        assert_stored_clean(value)
        assert f"Safe text {lang}." in value
        assert "More text." in value


@pytest.mark.parametrize(("model", "factory", "field", "address"), RICH_TEXT)
def test_every_vector_together_is_clean_on_both_public_pages(
    client, model, factory, field, address
):
    obj = factory(**{f"{field}_{lang}": all_vectors(lang) for lang in LANGUAGES})
    obj.refresh_from_db()
    assert obj.russian_ready

    for lang in LANGUAGES:
        assert_stored_clean(getattr(obj, f"{field}_{lang}"))
        root = assert_page_clean(client.get(address(obj, lang)))
        assert f"Safe text {lang}." in root.get("div", class_="body").text


@pytest.mark.parametrize(("model", "factory", "field", "address"), RICH_TEXT)
def test_allowed_markup_survives_in_both_languages(client, model, factory, field, address):
    obj = factory(**{f"{field}_{lang}": ALLOWED_MARKUP for lang in LANGUAGES})
    obj.refresh_from_db()

    for lang in LANGUAGES:
        stored = getattr(obj, f"{field}_{lang}")
        for markup in (
            "<h2>Heading two</h2>",
            "<h3>Heading three</h3>",
            "<h4>Heading four</h4>",
            "<strong>strong</strong>",
            "<em>em</em>",
            '<a href="https://example.org/report" rel="noopener noreferrer">a link</a>',
            "<ul><li>bullet one</li><li>bullet two</li></ul>",
            '<ol start="3"><li>third</li></ol>',
        ):
            assert markup in stored, (markup, stored)
        root = assert_page_clean(client.get(address(obj, lang)))
        body = root.get("div", class_="body")
        assert [e.tag for e in body.find_all()] == [
            "h2",
            "h3",
            "h4",
            "p",
            "strong",
            "em",
            "a",
            "ul",
            "li",
            "li",
            "ol",
            "li",
        ]
        assert body.get("a").attrs["href"] == "https://example.org/report"


# --- Through the admin ----------------------------------------------------------------------


@pytest.mark.parametrize(("model", "factory", "field", "address"), RICH_TEXT)
def test_every_vector_posted_in_the_admin_is_stored_clean(
    superuser_client, model, factory, field, address
):
    obj = factory()
    url = admin_url(model, "change", obj.pk)
    data = change_form_data(superuser_client.get(url))
    assert f"{field}_en" in data and f"{field}_ru" in data
    data.update({f"{field}_{lang}": all_vectors(lang) for lang in LANGUAGES})

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    for lang in LANGUAGES:
        value = getattr(obj, f"{field}_{lang}")
        assert_stored_clean(value)
        assert f"Safe text {lang}." in value
        assert obj.russian_ready
        anonymous = Client()
        assert_page_clean(anonymous.get(address(obj, lang)))


@pytest.mark.parametrize(("model", "factory", "field", "address"), RICH_TEXT)
@pytest.mark.parametrize(
    "vector",
    ["script", "img-onerror", "href-entities", "style-expression", "p-onclick", "math-xlink"],
)
def test_single_vectors_posted_in_the_admin_are_stored_clean(
    superuser_client, model, factory, field, address, vector
):
    obj = factory()
    url = admin_url(model, "change", obj.pk)
    data = change_form_data(superuser_client.get(url))
    data.update({f"{field}_{lang}": dirty(lang, VECTORS[vector]) for lang in LANGUAGES})

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = model.objects.filter(pk=obj.pk).values(f"{field}_en", f"{field}_ru").get()
    for value in stored.values():
        assert_stored_clean(value)


def test_the_admin_change_form_shows_stored_text_escaped_in_the_editor(superuser_client):
    item = NewsItemFactory(body_en=all_vectors("en"))

    response = superuser_client.get(admin_url(NewsItem, "change", item.pk))

    html_text = response.content.decode()
    # The editor's textarea carries the (clean) HTML as escaped text, never as markup.
    textarea = re.search(r'<textarea[^>]*name="body_en"[^>]*>(.*?)</textarea>', html_text, re.S)
    assert textarea
    assert "<" not in textarea[1]
    assert "&lt;p&gt;Safe text en.&lt;/p&gt;" in textarea[1]


# --- Plain-text fields ----------------------------------------------------------------------

HOSTILE_TITLE = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)> & Co'


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_hostile_title_is_escaped_on_the_page_and_in_its_json_ld(client, lang):
    item = NewsItemFactory(
        title_en=HOSTILE_TITLE,
        title_ru=HOSTILE_TITLE,
        summary_en=HOSTILE_TITLE,
        summary_ru=HOSTILE_TITLE,
    )

    response = client.get(f"/{lang}/news/{item.slug}/")

    root = assert_page_clean(response)
    assert root.get("h1").text == HOSTILE_TITLE
    [data_block] = [s for s in root.find_all("script") if "src" not in s.attrs]
    data = json.loads(data_block.text)
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_TITLE
    # The raw JSON never closes its <script> early.
    assert "</script" not in data_block.text.lower()
    assert response.content.decode().count("</script>") == len(root.find_all("script"))


@pytest.mark.parametrize("feed", ["news.rss", "news.atom"])
def test_a_hostile_title_is_text_in_the_feeds(client, feed):
    NewsItemFactory(title_en=HOSTILE_TITLE, summary_en=HOSTILE_TITLE)

    response = client.get(f"/en/feeds/{feed}")

    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert b"<img" not in response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    [entry] = parsed.entries
    assert html.unescape(entry.title) == HOSTILE_TITLE


def test_the_api_returns_the_stored_clean_body(client):
    item = NewsItemFactory(body_en=all_vectors("en"), body_ru=all_vectors("ru"))
    item.refresh_from_db()

    for lang in LANGUAGES:
        response = client.get(f"/api/v1/news/{item.slug}/", {"lang": lang})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json()["body"] == getattr(item, f"body_{lang}")
        assert_stored_clean(response.json()["body"])


# --- Writes that skip Field.pre_save (loaddata, reverts, update) are cleaned too -------------


@pytest.mark.parametrize("path", ["loaddata", "update"])
def test_rich_text_written_without_pre_save_is_stored_clean(client, tmp_path, path):
    item = NewsItemFactory(slug="loaded")
    hostile = dirty("en", VECTORS["script"] + VECTORS["img-onerror"])
    if path == "update":
        NewsItem.objects.filter(pk=item.pk).update(body_en=hostile)
    else:
        fixture = tmp_path / "news.json"
        call_command("dumpdata", "news.newsitem", output=str(fixture), verbosity=0)
        records = json.loads(fixture.read_text())
        records[0]["fields"]["body_en"] = hostile
        fixture.write_text(json.dumps(records))
        call_command("loaddata", str(fixture), verbosity=0)

    item.refresh_from_db()
    assert_stored_clean(item.body_en)
