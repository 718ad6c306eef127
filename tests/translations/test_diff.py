"""Word-level differences of the English text, as the translation queue shows them."""

import re

import pytest
from django.utils.safestring import SafeString

from apps.translations.diff import changed_fields, word_diff, words

MARKUP = re.compile(r"</?(?:ins|del)>")
FORMATTING_ONLY = (
    '<span class="diff-note">Only the formatting changed (headings, lists, bold or italics).</span>'
)


def text_outside_markup(diff: str) -> str:
    """The diff without its own <ins>/<del> tags: must contain no other tag."""
    return MARKUP.sub("", diff)


def test_identical_texts_have_no_changes():
    diff = word_diff("The office opened on Monday.", "The office opened on Monday.")

    assert diff == "The office opened on Monday."
    assert isinstance(diff, SafeString)


def test_a_replaced_word_is_deleted_and_inserted():
    diff = word_diff("The office opened on Monday.", "The office opened on Tuesday.")

    assert diff == "The office opened on <del>Monday.</del> <ins>Tuesday.</ins>"


def test_inserted_words_are_marked():
    diff = word_diff("The office opened.", "The new office opened.")

    assert diff == "The <ins>new</ins> office opened."


def test_removed_words_are_marked():
    diff = word_diff("The new office opened today.", "The office opened.")

    assert diff == "The <del>new</del> office <del>opened today.</del> <ins>opened.</ins>"


def test_punctuation_is_part_of_a_word():
    diff = word_diff("Officers met, then left.", "Officers met; then left.")

    assert "<del>met,</del> <ins>met;</ins>" in diff


def test_whitespace_changes_are_not_changes():
    diff = word_diff("The office\nopened   on Monday.", "  The office opened on\r\nMonday.")

    assert "<ins>" not in diff and "<del>" not in diff


def test_rich_text_tags_are_not_words():
    old = "<p>Officers met at the crossing point.</p>"
    new = "<p>Officers met at the <strong>crossing point</strong>.</p>\n<p>They agreed.</p>"

    diff = word_diff(old, new)

    assert diff == "Officers met at the crossing point. <ins>They agreed.</ins>"


def test_paragraphs_stored_without_whitespace_between_them_are_separate_words():
    """The editor stores ``<p>…</p><p>…</p>``: the last word of one paragraph and the first
    of the next are two words."""
    old = "<p>Officers met.</p><p>They agreed.</p><ul><li>One</li><li>Two</li></ul>"
    new = "<p>Officers met.</p><p>They disagreed.</p><ul><li>One</li><li>Three</li></ul>"

    assert words(old) == ["Officers", "met.", "They", "agreed.", "One", "Two"]
    assert word_diff(old, new) == (
        "Officers met. They <del>agreed.</del> <ins>disagreed.</ins> One <del>Two</del> "
        "<ins>Three</ins>"
    )


def test_line_breaks_separate_words_but_inline_tags_do_not():
    assert words("one<br>two<br/>three") == ["one", "two", "three"]
    assert words("<p>cross<strong>ing</strong> point</p>") == ["crossing", "point"]


def test_rich_text_entities_are_shown_as_their_characters_escaped_once():
    diff = word_diff("<p>Border &amp; customs</p>", "<p>Border &amp; customs &lt;agencies&gt;</p>")

    assert diff == "Border &amp; customs <ins>&lt;agencies&gt;</ins>"


def test_escaped_script_in_rich_text_is_shown_escaped():
    diff = word_diff("<p>Hello</p>", "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff
    assert "<script" not in text_outside_markup(diff)


def test_plain_text_is_compared_as_text_and_escaped():
    """A plain-text field is not HTML: what looks like a tag is text, shown escaped."""
    diff = word_diff(
        "Officers met at the border.",
        "Officers met <script>alert('x')</script> at the border & left.",
        html=False,
    )

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in diff
    assert "&amp;" in diff
    assert "<script" not in text_outside_markup(diff)
    assert "<" not in text_outside_markup(diff)


def test_plain_text_entities_are_text_too():
    assert words("AT&amp;T <b>", html=False) == ["AT&amp;T", "<b>"]
    assert words("AT&amp;T <b>bold</b>") == ["AT&T", "bold"]


@pytest.mark.parametrize("html", [True, False])
def test_every_piece_of_a_diff_is_escaped(html):
    old = 'One "two" <i>three</i> & four'
    new = "One 'two' <i>three</i> & <img src=x onerror=alert(1)> five"

    diff = word_diff(old, new, html=html)

    assert "<" not in text_outside_markup(diff)
    assert '"' not in diff and "'" not in diff


def test_cyrillic_and_other_unicode_words():
    diff = word_diff("Офис открылся в понедельник.", "Офис открылся во вторник.")

    assert diff == "Офис открылся <del>в понедельник.</del> <ins>во вторник.</ins>"


def test_from_nothing_and_to_nothing():
    assert word_diff("", "New text") == "<ins>New text</ins>"
    assert word_diff("Old text", "") == "<del>Old text</del>"
    assert word_diff("", "") == ""
    assert word_diff(None, "New") == "<ins>New</ins>"


def test_changed_fields_lists_only_fields_whose_words_changed():
    old = {"title": "Roundtable", "summary": "Officers met.", "body": "<p>They  agreed.</p>"}
    new = {"title": "Roundtable", "summary": "Officers met again.", "body": "<p>They agreed.</p>"}

    changes = changed_fields(old, new)

    assert list(changes) == ["summary"]
    assert changes["summary"] == "Officers <del>met.</del> <ins>met again.</ins>"


def test_changed_fields_treats_plain_fields_as_text():
    old = {"summary": "Officers met.", "body": "<p>Officers met.</p>"}
    new = {"summary": "Officers <b>met</b>.", "body": "<p>Officers <b>met</b>.</p>"}

    changes = changed_fields(old, new, plain={"summary"})

    assert "&lt;b&gt;met&lt;/b&gt;." in changes["summary"]
    assert changes["body"] == FORMATTING_ONLY


def test_changed_fields_with_a_field_new_since_the_translation():
    changes = changed_fields({}, {"caption": "A photo."})

    assert changes == {"caption": "<ins>A photo.</ins>"}


def test_a_rich_text_whose_formatting_alone_changed_says_so():
    """Counted as a change (the item is outdated): the queue must not show it blank."""
    old = {"body": "<h2>Results</h2><p>Officers met.</p>"}
    new = {"body": "<p>Results</p><p>Officers <strong>met</strong>.</p>"}

    assert changed_fields(old, new) == {"body": FORMATTING_ONLY}
    assert changed_fields(old, {"body": "<h2>Results</h2>\n<p>Officers  met.</p>"}) == {}


def test_a_link_pointing_elsewhere_shows_both_addresses():
    old = {"body": '<p>Read <a href="https://example.org/report?a=1&amp;b=2">the report</a>.</p>'}
    new = {"body": '<p>Read <a href="https://example.org/osh-report">the report</a>.</p>'}

    changes = changed_fields(old, new)

    assert changes == {
        "body": '<span class="diff-links">Links: <del>https://example.org/report?a=1&amp;b=2'
        "</del> <ins>https://example.org/osh-report</ins></span>"
    }


def test_changed_words_and_a_changed_link_show_both():
    old = {"body": '<p>Officers met. <a href="https://a.example/">More</a></p>'}
    new = {"body": '<p>Officers met again. <a href="https://b.example/">More</a></p>'}

    diff = changed_fields(old, new)["body"]

    assert diff.startswith("Officers <del>met.</del> <ins>met again.</ins> More ")
    assert diff.endswith(
        '<span class="diff-links">Links: <del>https://a.example/</del> '
        "<ins>https://b.example/</ins></span>"
    )


def test_a_link_address_is_escaped():
    old = {"body": "<p>x</p>"}
    new = {"body": '<p><a href="https://e.example/?q=&lt;script&gt;">x</a></p>'}

    assert "<script>" not in changed_fields(old, new)["body"]
    assert "&lt;script&gt;" in changed_fields(old, new)["body"]


def test_one_of_two_links_to_an_address_removed_is_a_removal():
    link = '<a href="https://a.example/r">report</a>'
    old = {"body": f"<p>See the {link} and the {link}.</p>"}
    new = {"body": f"<p>See the {link} and the report.</p>"}

    assert changed_fields(old, new)["body"].endswith(
        '<span class="diff-links">Links: <del>https://a.example/r</del></span>'
    )


def test_links_swapped_show_both_orders():
    a, b = '<a href="https://a.example/">x</a>', '<a href="https://b.example/">y</a>'

    diff = changed_fields({"body": f"<p>{a} {b}</p>"}, {"body": f"<p>{b} {a}</p>"})["body"]

    assert diff.endswith(
        '<span class="diff-links">Links: <del>https://a.example/</del> <del>https://b.example/'
        "</del> <ins>https://b.example/</ins> <ins>https://a.example/</ins></span>"
    )
