"""Whether an object's Russian version is complete (apps/core/i18n.py)."""

import pytest
from django.contrib.auth.models import Group

from apps.core import i18n
from apps.core.models import Country
from apps.news.models import NewsItem
from tests.factories import CountryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def test_translated_fields_lists_the_registered_fields_of_a_model():
    assert i18n.translated_fields(NewsItem) == (
        "body",
        "dateline",
        "image_alt",
        "image_caption",
        "summary",
        "title",
    )


def test_translated_fields_of_an_unregistered_model_is_empty():
    assert i18n.translated_fields(Group) == ()


def test_fully_translated_news_item_is_complete_in_russian():
    item = NewsItemFactory()

    assert i18n.missing_fields(item, "ru") == []
    assert i18n.is_complete(item, "ru")


@pytest.mark.parametrize("missing", ["", None], ids=["empty", "null"])
def test_news_item_without_russian_title_is_incomplete(missing):
    item = NewsItemFactory(title_ru=missing)

    assert i18n.missing_fields(item, "ru") == ["title"]
    assert not i18n.is_complete(item, "ru")


def test_optional_field_empty_in_english_needs_no_russian_text():
    item = NewsItemFactory(image_caption_en="", image_caption_ru="", image_alt_en="")

    assert "image_caption" not in i18n.missing_fields(item, "ru")
    assert i18n.is_complete(item, "ru")


def test_optional_field_with_english_text_needs_russian_text():
    item = NewsItemFactory(image_caption_en="The new crossing point", image_caption_ru="")

    assert i18n.missing_fields(item, "ru") == ["image_caption"]


def test_every_missing_russian_field_is_listed():
    item = NewsItemFactory(title_ru="", summary_ru="", body_ru="")

    assert i18n.missing_fields(item, "ru") == ["body", "summary", "title"]


def test_complete_q_and_incomplete_q_split_news_items_by_their_russian_version():
    complete = NewsItemFactory()
    no_caption = NewsItemFactory(image_caption_en="", image_caption_ru="")
    empty_title = NewsItemFactory(title_ru="")
    null_title = NewsItemFactory(title_ru=None)
    untranslated_caption = NewsItemFactory(image_caption_en="Caption", image_caption_ru="")

    found_complete = set(NewsItem.objects.filter(i18n.complete_q(NewsItem, "ru")))
    found_incomplete = set(NewsItem.objects.filter(i18n.incomplete_q(NewsItem, "ru")))

    assert found_complete == {complete, no_caption}
    assert found_incomplete == {empty_title, null_title, untranslated_caption}


def test_queries_agree_with_is_complete_on_another_model():
    translated = CountryFactory(name_ru="Казахстан")
    untranslated = CountryFactory(name_ru="")

    assert list(Country.objects.filter(i18n.complete_q(Country, "ru"))) == [translated]
    assert list(Country.objects.filter(i18n.incomplete_q(Country, "ru"))) == [untranslated]
    assert i18n.is_complete(translated, "ru")
    assert not i18n.is_complete(untranslated, "ru")


def test_incomplete_q_of_an_unregistered_model_matches_nothing():
    # The roles migration already created groups: count them rather than assume none.
    Group.objects.create(name="Editors")

    assert not Group.objects.filter(i18n.incomplete_q(Group, "ru")).exists()
    assert Group.objects.filter(i18n.complete_q(Group, "ru")).count() == Group.objects.count()
    assert Group.objects.filter(i18n.complete_q(Group, "ru"), name="Editors").exists()
