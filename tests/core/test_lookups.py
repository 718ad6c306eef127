"""``__unicode_icontains`` (apps/core/lookups.py): "contains, in any case" in every alphabet,
on both databases; SQLite's own LIKE folds only ASCII letters."""

import pytest
from django.db import connection

from apps.core.lookups import SQLITE_FUNCTION
from apps.core.models import Country
from apps.news.models import NewsItem
from tests.factories import CountryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title_ru", "ТАМОЖЕННИКИ"),
        ("title_ru", "таможенники"),
        ("title_ru", "ТаМоЖеННиКи"),
        ("title_ru", "в термезе"),
        ("title_ru", "ЁЛКИ"),
        ("title_en", "CUSTOMS"),
        ("title_en", "officers meet"),
    ],
)
def test_unicode_icontains_matches_text_in_any_case(field, value):
    item = NewsItemFactory(
        title_en="Customs officers meet", title_ru="Таможенники встречаются в Термезе, ёлки"
    )
    NewsItemFactory(title_en="Other", title_ru="Другое")

    assert list(NewsItem.objects.filter(**{f"{field}__unicode_icontains": value})) == [item]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Учёт лёгких грузов", "учет легких"),
        ("Учет легких грузов", "учёт лёгких"),
        ("ЁЛКА у границы", "елка"),
        ("Елка у границы", "ЁЛКА"),
    ],
)
def test_unicode_icontains_reads_yo_as_ye(stored, typed):
    # Most Russian readers type "е" for "ё": "легких" did not find "лёгких".
    item = NewsItemFactory(title_ru=stored)
    NewsItemFactory(title_ru="Другое")

    assert list(NewsItem.objects.filter(title_ru__unicode_icontains=typed)) == [item]


@pytest.mark.parametrize("pattern", ["Т_моженники", "%", "Тамож%Термез", "\\", "_"])
def test_unicode_icontains_keeps_like_wildcards_literal(pattern):
    NewsItemFactory(title_ru="Таможенники в Термезе")

    assert not NewsItem.objects.filter(title_ru__unicode_icontains=pattern).exists()


def test_unicode_icontains_finds_wildcard_characters_themselves():
    item = NewsItemFactory(title_ru="Рост на 50% за год_2021")

    assert list(NewsItem.objects.filter(title_ru__unicode_icontains="50% ЗА")) == [item]
    assert list(NewsItem.objects.filter(title_ru__unicode_icontains="ГОД_2021")) == [item]


def test_unicode_icontains_skips_empty_texts():
    CountryFactory(name_ru="")

    assert not Country.objects.filter(name_ru__unicode_icontains="а").exists()


def test_an_ascii_text_keeps_sqlites_own_like():
    """LIKE already folds ASCII letters, and finds the same rows faster than a function."""
    ascii_query = str(NewsItem.objects.filter(title_en__unicode_icontains="Customs").query)
    russian_query = str(NewsItem.objects.filter(title_ru__unicode_icontains="Тамож").query)

    assert SQLITE_FUNCTION not in ascii_query
    assert (SQLITE_FUNCTION in russian_query) == (connection.vendor == "sqlite")
