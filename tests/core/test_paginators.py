"""CountedPaginator gives the pages, counts and errors Django's Paginator gives, in one query
per page."""

import pytest
from django.core import paginator as django_paginator
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection

from apps.core.paginators import CountedPaginator, Paginator, with_total
from apps.news.models import NewsItem
from tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def newest():
    return NewsItem.objects.published().order_by("-published_at", "-pk")


def outcome(paginator_class, number, **options):
    paginator = paginator_class(with_total(newest()), 3, **options)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as error:
        return type(error).__name__, str(error)
    return (
        [item.pk for item in page],
        page.number,
        paginator.count,
        paginator.num_pages,
        page.has_next(),
        page.start_index(),
    )


@pytest.mark.parametrize("items", [0, 1, 3, 7, 8])
@pytest.mark.parametrize("orphans", [0, 1])
@pytest.mark.parametrize("number", [1, 2, 3, 4, "2", 2.0, 0, -1, "0", "-1", "x", None, 2.5])
@pytest.mark.parametrize("paginator_class", [CountedPaginator, Paginator])
def test_the_same_pages_and_errors_as_django(items, orphans, number, paginator_class):
    NewsItemFactory.create_batch(items)

    ours = outcome(paginator_class, number, orphans=orphans)
    django = outcome(django_paginator.Paginator, number, orphans=orphans)

    assert ours == django


# Django's Paginator reads each of these as a page (int() does): pages 10, 2, 2, 2, 2 and 2.
@pytest.mark.parametrize("number", ["1_0", "02", " 2", "2 ", "+2", "٢"])
@pytest.mark.parametrize("paginator_class", [CountedPaginator, Paginator])
def test_a_page_number_is_read_only_as_the_site_writes_it(number, paginator_class):
    NewsItemFactory.create_batch(12)

    assert outcome(django_paginator.Paginator, number)[0] != "PageNotAnInteger"
    assert outcome(paginator_class, number)[0] == "PageNotAnInteger"


def test_an_empty_first_page_is_refused_when_asked():
    ours = outcome(CountedPaginator, 1, allow_empty_first_page=False)

    assert ours == outcome(django_paginator.Paginator, 1, allow_empty_first_page=False)
    assert ours[0] == "EmptyPage"


def test_a_page_and_its_count_are_one_query(django_assert_num_queries):
    NewsItemFactory.create_batch(7)

    with django_assert_num_queries(1):
        paginator = CountedPaginator(with_total(newest()), 3)
        page = paginator.page(2)
        assert (len(page), paginator.count, paginator.num_pages) == (3, 7, 3)


def test_a_search_page_is_one_query_after_the_estimates(client, django_assert_num_queries):
    NewsItemFactory.create_batch(25, title_en="Roundtable on border trade")
    # PostgreSQL: its two row estimates (EXPLAIN) choose the index, then the page.
    expected = 3 if connection.vendor == "postgresql" else 1

    with django_assert_num_queries(expected):
        response = client.get("/en/search/?q=roundtable&page=2")

    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5
    assert response.context["paginator"].count == 25


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=roundtable&page=99999999999999999999999",
        "/api/v1/news/?q=roundtable&page=99999999999999999999999",
        f"/en/search/?q=roundtable&page={2**62}",
    ],
)
def test_a_page_number_past_any_database_integer_is_a_404(client, url):
    """Its OFFSET does not fit a 64-bit integer, which SQLite and PostgreSQL refuse (a 500)."""
    NewsItemFactory.create_batch(3, title_en="Roundtable on border trade")

    assert client.get(url).status_code == 404
