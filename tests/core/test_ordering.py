"""Lists of translated things are ordered as the reader reads them: by the Russian text where
it is published, by the English text where it is not. The place of an item whose Russian is
not published says nothing about its unpublished text; and an order chosen when a list of
choices was built at import follows the reader's language."""

import pytest
from django.utils import translation

from apps.core.models import Topic
from tests.factories import BorderFactory, BorderLiaisonOfficeFactory, TopicFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def border():
    return BorderFactory(name_en="Kazakhstan–Uzbekistan", name_ru="Казахстан–Узбекистан")


def directory_names(client, border) -> list[str]:
    root = page(client.get("/ru/blos/"))
    [section] = root.find_all("section", class_="border-group")
    return [row.find("a").clean_text for row in section.get("tbody").find_all("tr")]


@pytest.mark.parametrize("hidden_name", ["ААА скрытое имя", "ЯЯЯ скрытое имя", ""])
def test_an_unpublished_russian_name_does_not_move_its_office(client, border, hidden_name):
    for english, russian in [("Bekabad", "Бекабад"), ("Yallama", "Яллама")]:
        BorderLiaisonOfficeFactory(name_en=f"BLO {english}", name_ru=russian, border=border)
    BorderLiaisonOfficeFactory(
        name_en="BLO Kazygurt", name_ru=hidden_name, russian_ready=False, border=border
    )

    # Shown in English, it takes the English name's place among the Russian ones.
    assert directory_names(client, border) == ["BLO Kazygurt", "Бекабад", "Яллама"]


def test_a_published_russian_name_orders_in_russian(client, border):
    BorderLiaisonOfficeFactory(name_en="BLO Zhibek Zholy", name_ru="Жибек Жолы", border=border)
    BorderLiaisonOfficeFactory(name_en="BLO Aktau", name_ru="Яктау", border=border)

    assert directory_names(client, border) == ["Жибек Жолы", "Яктау"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Border management", "Corruption", "Terrorism"]),
        ("ru", ["Коррупция", "Терроризм", "Управление границами"]),
    ],
)
def test_the_news_filters_topics_follow_the_readers_language(client, lang, expected):
    """The filter's list of topics was built when the module was imported (in English)."""
    for english, russian in [
        ("Corruption", "Коррупция"),
        ("Border management", "Управление границами"),
        ("Terrorism", "Терроризм"),
    ]:
        TopicFactory(name_en=english, name_ru=russian)

    root = page(client.get(f"/{lang}/news/"))
    options = [option.clean_text for option in root.get("select", name="topic").find_all("option")]

    assert options[1:] == expected


def test_the_default_order_is_chosen_when_the_query_runs():
    TopicFactory(name_en="Border management", name_ru="Управление границами")
    TopicFactory(name_en="Corruption", name_ru="Коррупция")
    built_in_english = Topic.objects.all()

    with translation.override("ru"):
        assert [topic.name_ru for topic in built_in_english] == [
            "Коррупция",
            "Управление границами",
        ]
    with translation.override("en"):
        assert [topic.name_en for topic in built_in_english.all()] == [
            "Border management",
            "Corruption",
        ]
