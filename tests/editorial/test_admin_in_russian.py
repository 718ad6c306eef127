"""The admin as a translator with a Russian browser reads it: Django's and django-reversion's
sentences that put a model's name into a case it is not in are given forms that need no case."""

import pytest

from apps.news.models import NewsItem
from tests.admin_helpers import admin_url
from tests.factories import NewsItemFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with_russian_ready():
    item = NewsItemFactory(status=NewsItem.Status.DRAFT)
    NewsItem.objects.filter(pk=item.pk).update(russian_ready=True)
    return item


def in_russian(client, url):
    return page(client.get(url, headers={"accept-language": "ru"}))


def test_the_russian_column_speaks_of_the_russian_version(officer_client, draft_with_russian_ready):
    root = in_russian(officer_client, admin_url(NewsItem, "changelist"))

    column = root.get("td", class_="field-russian_column").clean_text
    assert column.endswith("· опубликована")


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ("title", "Выбор объекта для изменения: новость | bordercoop"),
        ("h1", "Выбор объекта для изменения: новость"),
    ],
)
def test_the_list_is_titled_without_a_case_error(
    officer_client, draft_with_russian_ready, element, expected
):
    root = in_russian(officer_client, admin_url(NewsItem, "changelist"))

    assert root.get(element).clean_text == expected


def test_the_list_counts_without_a_case_error(officer_client):
    NewsItemFactory.create_batch(2)

    root = in_russian(officer_client, admin_url(NewsItem, "changelist"))

    assert root.get("p", class_="paginator").clean_text == "Новости: 2"


def test_the_add_and_recover_links_read_as_russian(officer_client):
    root = in_russian(officer_client, admin_url(NewsItem, "changelist"))

    tools = root.get("ul", class_="object-tools")
    assert tools.get("a", class_="addlink").clean_text == "Добавить: новость"
    assert tools.get("a", class_="recoverlink").clean_text == "Восстановить удалённые: новости"


def test_the_add_form_is_titled_without_a_case_error(officer_client):
    root = in_russian(officer_client, admin_url(NewsItem, "add"))

    assert root.get("h1").clean_text == "Добавление: новость"
