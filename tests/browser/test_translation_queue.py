"""The translation workflow in a real browser: the queue, the diff, and the translator's form."""

import re

import pytest

from apps.core.demo import ROUNDTABLE
from apps.news.models import NewsItem
from apps.translations.models import TranslationStatus
from tests.translations.conftest import PASSWORD, make_role_user

QUEUE_PATH = "/admin/translations/"
NEW_SUMMARY_EN = (
    "The Executive Director joined a roundtable of the region's border services in "
    "Tashkent on integrated border management and security along new trade routes."
)
NEW_SUMMARY_RU = (
    "Директор-исполнитель приняла участие в прошедшем в Ташкенте круглом столе "
    "пограничных служб региона, посвящённом комплексному управлению границами и "
    "обеспечению безопасности новых торговых путей."
)


def roundtable() -> NewsItem:
    return NewsItem.objects.get(slug=ROUNDTABLE["slug"])


def log_in(page, site, username: str, next_path: str):
    page.goto(site.url(f"/admin/login/?next={next_path}"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


@pytest.fixture
def translator(site, django_user_model):
    from apps.editorial import roles

    return make_role_user(django_user_model, "translator", roles.TRANSLATORS)


@pytest.fixture
def officer(site, django_user_model):
    from apps.editorial import roles

    return make_role_user(django_user_model, "comms", roles.OFFICERS)


def test_translator_brings_an_outdated_news_item_up_to_date(
    page, site, expect, screenshot, translator
):
    item = roundtable()
    assert item.russian_status == TranslationStatus.UP_TO_DATE
    item.summary_en = NEW_SUMMARY_EN
    item.save()
    assert roundtable().russian_status == TranslationStatus.OUTDATED

    log_in(page, site, "translator", QUEUE_PATH)

    expect(page.locator("h1")).to_have_text("Translation queue")
    rows = page.locator("#translation-queue tbody tr")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_have_class(re.compile(r"\bstatus-outdated\b"))
    expect(row.get_by_role("link", name=ROUNDTABLE["title_en"])).to_be_visible()
    diff = row.locator("p.diff")
    expect(diff).to_have_count(1)  # only the summary changed
    expect(diff).to_contain_text("Summary:")
    expect(diff.locator("del")).to_have_text("and transit corridors.")
    expect(diff.locator("ins")).to_have_text("routes.")
    screenshot(page, "queue")

    row.get_by_role("link", name=ROUNDTABLE["title_en"]).click()
    page.wait_for_url(re.compile(rf"/admin/news/newsitem/{item.pk}/change/$"))
    # The form says what changed in the English too (for a translator who comes from the list).
    notice = page.locator(".translation-notice")
    expect(notice).to_be_visible()
    expect(notice.locator("ins")).to_have_text("routes.")
    summary_ru = page.locator("textarea[name=summary_ru]")
    expect(summary_ru).to_be_visible()
    expect(summary_ru).to_have_value(ROUNDTABLE["summary_ru"])
    # The English is shown beside it, read-only.
    expect(page.locator("textarea[name=summary_en]")).to_have_count(0)
    expect(page.get_by_text(NEW_SUMMARY_EN)).to_be_visible()
    summary_ru.fill(NEW_SUMMARY_RU)
    screenshot(page, "change-form")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/news/newsitem/(\?.*)?$"))
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(site.url(QUEUE_PATH))
    expect(page.locator("#translation-queue")).to_have_count(0)
    expect(page.get_by_text(ROUNDTABLE["title_en"])).to_have_count(0)
    expect(page.get_by_text("Nothing to translate")).to_be_visible()
    screenshot(page, "queue-after")

    item = roundtable()
    assert item.summary_ru == NEW_SUMMARY_RU
    assert item.summary_en == NEW_SUMMARY_EN
    assert item.body_ru  # the rest of the Russian is still there
    assert item.russian_status == TranslationStatus.UP_TO_DATE


def test_officer_editing_the_english_in_the_browser_makes_the_item_outdated(
    page, site, expect, screenshot, officer
):
    """The browser sends every Russian field back as it shows it (textareas with CRLF line
    breaks, the rich-text editor's body): that is not a new translation, so the item is
    outdated and appears in the queue."""
    item = roundtable()
    # A Russian summary of two lines: the browser sends it back with a CRLF line break.
    two_lines = ROUNDTABLE["summary_ru"].replace(" круглом столе ", " круглом столе\n", 1)
    item.summary_ru = two_lines
    item.save()
    assert roundtable().russian_status == TranslationStatus.UP_TO_DATE
    change_path = f"/admin/news/newsitem/{item.pk}/change/"
    log_in(page, site, "comms", change_path)

    summary_en = page.locator("textarea[name=summary_en]")
    expect(summary_en).to_be_visible()
    summary_en.fill(NEW_SUMMARY_EN)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/news/newsitem/(\?.*)?$"))
    expect(page.locator(".messagelist .success")).to_be_visible()

    item = roundtable()
    assert item.summary_en == NEW_SUMMARY_EN
    assert item.summary_ru.replace("\r\n", "\n") == two_lines
    assert item.russian_status == TranslationStatus.OUTDATED

    page.goto(site.url(QUEUE_PATH))
    row = page.locator("#translation-queue tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("p.diff")).to_have_count(1)
    expect(row.locator("p.diff ins")).to_have_text("routes.")
    screenshot(page, "queue")


def test_the_queue_fits_a_phone(page, site, expect, screenshot, translator):
    """At 375 px the page scrolled sideways (its table was wider than the screen)."""
    item = roundtable()
    item.summary_en = NEW_SUMMARY_EN
    item.save()
    page.set_viewport_size({"width": 375, "height": 740})

    log_in(page, site, "translator", QUEUE_PATH)

    expect(page.locator("#translation-queue")).to_be_visible()
    screenshot(page, "queue-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_english_original_reads_as_text_not_as_admin_sections(page, site, expect, translator):
    """A heading in the English body was drawn as one of the admin's blue section bars, and
    its lists had no markers."""
    item = roundtable()
    item.body_en = "<h2>Background</h2><ul><li>Border Liaison Offices</li></ul>" + item.body_en
    item.save()

    log_in(page, site, "translator", f"/admin/news/newsitem/{item.pk}/change/")

    original = page.locator(".english-original").filter(has_text="Background")
    heading = original.locator("h2")
    expect(heading).to_have_text("Background")
    background = heading.evaluate("h => getComputedStyle(h).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
    item_style = original.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType")
    assert item_style == "disc"
    margin = original.locator("ul").evaluate("ul => parseFloat(getComputedStyle(ul).marginLeft)")
    assert margin < 40  # not the admin's 160 px indent of lists in aligned forms


def test_each_russian_field_is_under_its_english_original(page, site, expect, translator):
    """A short English text (a programme's short name) put its Russian field beside it, a
    long one under it: always under."""
    from apps.core.demo import PROGRAMME
    from apps.programmes.models import Programme

    programme = Programme.objects.get(slug=PROGRAMME["slug"])
    log_in(page, site, "translator", f"/admin/programmes/programme/{programme.pk}/change/")

    for name in ("title", "short_name", "summary"):
        english = page.locator(f".fieldBox.field-english_{name}")
        russian = page.locator(f".fieldBox.field-{name}_ru")
        expect(russian).to_be_visible()
        english_box, russian_box = english.bounding_box(), russian.bounding_box()
        assert russian_box["y"] >= english_box["y"] + english_box["height"] - 1, name
        assert abs(russian_box["x"] - english_box["x"]) <= 1, name


def test_a_long_title_does_not_run_under_the_change_forms_buttons(page, site, expect, officer):
    item = roundtable()
    item.title_en = "Central Asian border services meet in Tashkent " * 3
    item.save()
    log_in(page, site, "comms", f"/admin/news/newsitem/{item.pk}/change/")

    title = page.locator("#content > h2").bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert title["y"] + title["height"] <= tools["y"] or tools["y"] + tools["height"] <= title["y"]
