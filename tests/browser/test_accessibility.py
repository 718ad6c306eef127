"""Automated accessibility checks: axe-core on every kind of public page, in English and Russian.

axe-core (tests/browser/vendor/, see README.txt there) is injected into each page after it has
loaded; it is never served by the site. Only the rules tagged WCAG 2.0 and 2.1, levels A and AA,
run, and a page passes only with no violation at all. axe's "incomplete" results (what it could
not decide by itself, such as contrast over a gradient) need a person and are not asserted.

Automated rules find only part of the WCAG failures: these tests are a floor, not an audit.
"""

from pathlib import Path
from urllib.parse import urlencode

import pytest

from apps.core.demo import COMPONENT, ROUNDTABLE

LANGUAGES = ["en", "ru"]
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # Only the violations are read: leaving out the details of passes and incomplete results
    # makes each run quicker.
    "resultTypes": ["violations"],
}

# A word of the demo text in each language, so that the search page shows results.
SEARCH_WORD = {"en": "border", "ru": "Ташкент"}
BLO_SLUG = "uzbekistan-tajikistan-1"


def search_path(lang: str) -> str:
    return "/search/?" + urlencode({"q": SEARCH_WORD[lang]})


# (id, path after /<lang>, expected HTTP status, CSS selector that must match: the page shows
# the content it is meant to, not an empty list)
PAGES = [
    ("home", "/", 200, ".stats .stat-list"),
    ("news-list", "/news/", 200, "#main article.card"),
    ("news-list-filtered", "/news/?country=uz", 200, "#main article.card"),
    ("news-item", f"/news/{ROUNDTABLE['slug']}/", 200, "article.news-item .press-contact"),
    ("blo-list", "/blos/", 200, "svg.map-svg a.map-marker"),
    ("blo-detail", f"/blos/{BLO_SLUG}/", 200, "svg.map-svg"),
    ("programme-list", "/programmes/", 200, "#main section.programme"),
    ("programme-detail", f"/programmes/{COMPONENT['slug']}/", 200, "#main article h1"),
    ("contacts", "/contacts/", 200, "#main .contact"),
    ("search", None, 200, "#main article.card"),  # path per language: search_path()
    ("not-found", "/no-such-page/", 404, "#main h1"),
]
NARROW_PAGES = {"home", "news-item"}


def page_params(ids=None):
    return [
        pytest.param(path, status, selector, id=page_id)
        for page_id, path, status, selector in PAGES
        if ids is None or page_id in ids
    ]


AXE_SOURCE = AXE_SCRIPT.read_text(encoding="utf-8")


def describe(violations: list[dict]) -> str:
    """axe's violations, one rule a paragraph: what failed, where, and why."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"\n[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({len(nodes)} element{'s' if len(nodes) != 1 else ''})\n    {violation['helpUrl']}"
        )
        for node in nodes:
            target = " >> ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            html = " ".join(node["html"].split())
            lines.append(f"  - {target}\n      {html[:160]}{'…' if len(html) > 160 else ''}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                if summary_line.strip():
                    lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


def check_page(page, site, expect, lang: str, path: str | None, status: int, selector: str):
    path = path or search_path(lang)
    url = site.url(f"/{lang}{path}")
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url}: HTTP {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(selector).first).to_be_attached()

    # Evaluated through the DevTools protocol, so the site's Content-Security-Policy (which
    # refuses inline scripts, as it should) does not have to be loosened for the test.
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = results["violations"]
    if violations:
        count = sum(len(v["nodes"]) for v in violations)
        pytest.fail(
            f"{url} ({page.viewport_size['width']} px wide): {len(violations)} WCAG A/AA rule(s) "
            f"violated by {count} element(s), axe-core {results['testEngine']['version']}:"
            + describe(violations),
            pytrace=False,
        )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "selector"), page_params())
def test_page_has_no_wcag_violations(page, site, expect, lang, path, status, selector):
    check_page(page, site, expect, lang, path, status, selector)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "selector"), page_params(NARROW_PAGES))
def test_narrow_page_has_no_wcag_violations(
    narrow_page, site, expect, lang, path, status, selector
):
    """320 px wide (WCAG 1.4.10 Reflow): the one-column layout must pass as well."""
    assert narrow_page.viewport_size["width"] == 320
    check_page(narrow_page, site, expect, lang, path, status, selector)
