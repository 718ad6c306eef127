"""A change form whose Russian version lags behind its English says so above the fields: what
changed in the English since the Russian was brought up to date (as the translation queue
shows it), or which fields have no Russian. A translator arriving from the list, the history or
a colleague's link sees it without the queue."""

import pytest

from apps.news.models import NewsItem
from apps.translations.models import TranslationStatus
from tests.admin_helpers import admin_url
from tests.factories import NewsItemFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


def notice(client, item, lang="en"):
    response = client.get(admin_url(NewsItem, "change", item.pk), headers={"accept-language": lang})
    assert response.status_code == 200
    return page(response).find("div", class_="translation-notice")


def outdated_item():
    item = NewsItemFactory(title_en="Roundtable in Tashkent", title_ru="Круглый стол в Ташкенте")
    fresh = NewsItem.objects.get(pk=item.pk)
    fresh.title_en = "Roundtable in Tashkent on border security"
    fresh.save()
    assert fresh.russian_status == TranslationStatus.OUTDATED
    return fresh


@pytest.mark.parametrize("who", ["translator_client", "officer_client"])
def test_an_outdated_item_shows_what_changed_in_the_english(request, who):
    client = request.getfixturevalue(who)

    shown = notice(client, outdated_item())

    assert shown is not None
    assert "The English has changed since the Russian version" in shown.clean_text
    [diff] = shown.find_all("p", class_="diff")
    assert diff.get("strong").clean_text == "Title:"
    assert [ins.clean_text for ins in diff.find_all("ins")] == ["on border security"]


def test_the_notice_is_in_russian_for_a_russian_browser(translator_client):
    shown = notice(translator_client, outdated_item(), lang="ru")

    assert "Английский текст изменился" in shown.clean_text
    assert "The English" not in shown.clean_text


def test_an_item_without_russian_names_the_fields_to_translate(translator_client):
    item = NewsItemFactory(title_ru="", summary_ru="")

    shown = notice(translator_client, NewsItem.objects.get(pk=item.pk))

    assert "The Russian version is incomplete." in shown.clean_text
    assert "These fields have English text but no Russian: title, summary." in shown.clean_text


def test_an_item_up_to_date_in_russian_shows_no_notice(translator_client):
    item = NewsItemFactory()
    assert NewsItem.objects.get(pk=item.pk).russian_status == TranslationStatus.UP_TO_DATE

    assert notice(translator_client, item) is None
