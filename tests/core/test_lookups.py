"""``__casefold`` (apps/core/lookups.py): text in any case, in every alphabet, on both
databases; SQLite's own LIKE folds only ASCII letters."""

import pytest

from apps.core.models import Country
from apps.news.models import NewsItem
from tests.factories import CountryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lookup", "value"),
    [
        ("title_ru__casefold__contains", "ТАМОЖЕННИКИ"),
        ("title_ru__casefold__contains", "таможенники"),
        ("title_ru__casefold__icontains", "ТаМоЖеННиКи"),
        ("title_ru__casefold__startswith", "тАМОЖ"),
        ("title_ru__casefold", "таможенники встречаются в термезе"),
        ("title_en__casefold__contains", "CUSTOMS"),
    ],
)
def test_casefold_matches_text_in_any_case(lookup, value):
    item = NewsItemFactory(
        title_en="Customs officers meet", title_ru="Таможенники встречаются в Термезе"
    )
    NewsItemFactory(title_en="Other", title_ru="Другое")

    assert list(NewsItem.objects.filter(**{lookup: value})) == [item]


def test_casefold_keeps_like_wildcards_literal():
    NewsItemFactory(title_ru="Таможенники")

    assert not NewsItem.objects.filter(title_ru__casefold__contains="Т_моженники").exists()
    assert not NewsItem.objects.filter(title_ru__casefold__contains="%").exists()


def test_casefold_of_an_empty_text_matches_only_empty():
    CountryFactory(name_ru="")

    assert Country.objects.filter(name_ru__casefold="").count() == 1
    assert not Country.objects.filter(name_ru__casefold__contains="а").exists()
