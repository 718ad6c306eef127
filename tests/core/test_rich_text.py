"""Rich text is cleaned against the allow-list on every save, in every language."""

import pytest
from django.utils import translation

from apps.core.html import sanitize_html
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory

DIRTY = '<script>alert(1)</script><p onclick="x">hi</p><a href="javascript:alert(1)">x</a>'

# (factory, name of the rich-text field) for every model that has one.
RICH_TEXT_FIELDS = [
    pytest.param(NewsItemFactory, "body", id="news-body"),
    pytest.param(ProgrammeFactory, "body", id="programme-body"),
    pytest.param(BorderLiaisonOfficeFactory, "description", id="blo-description"),
]


def assert_clean(html):
    assert "<script" not in html
    assert "alert" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<p>hi</p>" in html


def test_sanitize_html_removes_scripts_event_handlers_and_javascript_urls():
    cleaned = sanitize_html(DIRTY)

    assert_clean(cleaned)
    assert cleaned == '<p>hi</p><a rel="noopener noreferrer">x</a>'


def test_sanitize_html_keeps_allowed_markup_and_safe_links():
    html = '<h2>Title</h2><p><strong>a</strong> <a href="https://example.org">b</a></p>'

    assert sanitize_html(html) == (
        "<h2>Title</h2><p><strong>a</strong> "
        '<a href="https://example.org" rel="noopener noreferrer">b</a></p>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p></p>",
        "<p> <br></p>",
        "  ",
        '<p><img src="x"></p>',
        # Spaces that show nothing: a Russian body of them passed as a translation.
        "<p>&nbsp;</p>",
        "&nbsp;&#160;",
        "<p>\u00a0</p><p>\u200b\u200b</p>",
        "<p>&#8203;\ufeff\u2060</p>",
    ],
)
def test_sanitize_html_turns_a_document_without_text_into_the_empty_string(html):
    assert sanitize_html(html) == ""


@pytest.mark.parametrize("html", ["<p>&nbsp;a</p>", "<p>&amp;</p>", "<p>\u200bЯ</p>", "<p>0</p>"])
def test_a_document_with_one_visible_character_is_kept(html):
    assert sanitize_html(html) == html


def test_sanitize_html_leaves_none_alone():
    assert sanitize_html(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
def test_rich_text_saved_without_full_clean_is_stored_sanitised_in_both_languages(
    factory, field, language
):
    with translation.override(language):
        obj = factory(**{f"{field}_en": DIRTY, f"{field}_ru": DIRTY})

    obj.refresh_from_db()
    assert_clean(getattr(obj, f"{field}_en"))
    assert_clean(getattr(obj, f"{field}_ru"))


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
def test_rich_text_sanitised_on_update_too(factory, field):
    with translation.override("en"):
        obj = factory()
        setattr(obj, f"{field}_ru", DIRTY)
        obj.save()

    obj.refresh_from_db()
    assert_clean(getattr(obj, f"{field}_ru"))


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
def test_empty_editor_document_is_stored_as_the_empty_string(factory, field):
    with translation.override("en"):
        obj = factory(**{f"{field}_en": "<p>Text.</p>", f"{field}_ru": "<p></p>"})

    obj.refresh_from_db()
    assert getattr(obj, f"{field}_ru") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
def test_saving_while_russian_is_active_leaves_an_empty_russian_rich_text_empty(factory, field):
    # The untranslated field reads through modeltranslation's English fallback; cleaning it
    # must not write that English text into the Russian column.
    with translation.override("ru"):
        obj = factory(**{f"{field}_en": "<p>English only.</p>", f"{field}_ru": ""})

    obj.refresh_from_db()
    assert getattr(obj, f"{field}_en") == "<p>English only.</p>"
    assert not getattr(obj, f"{field}_ru")
