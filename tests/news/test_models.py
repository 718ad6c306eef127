"""News items: the publication rule, at the model, at the database and in published()."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.news.models import NewsItem
from tests.factories import (
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_published_item_without_publication_date_is_refused_by_full_clean():
    item = NewsItemFactory.build(status=NewsItem.Status.PUBLISHED, published_at=None)

    with pytest.raises(ValidationError) as exc:
        item.full_clean()

    assert set(exc.value.message_dict) == {"published_at"}


def test_published_item_without_publication_date_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItemFactory(status=NewsItem.Status.PUBLISHED, published_at=None)


def test_publication_date_removed_from_published_item_is_refused_by_database():
    item = NewsItemFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItem.objects.filter(pk=item.pk).update(published_at=None)


def test_draft_without_publication_date_is_allowed():
    item = NewsItemFactory(draft=True)

    item.full_clean()
    assert item.published_at is None


def test_status_outside_the_choices_is_refused_by_full_clean():
    item = NewsItemFactory.build(status="archived")

    with pytest.raises(ValidationError) as exc:
        item.full_clean()

    assert set(exc.value.message_dict) == {"status"}


def test_status_outside_the_choices_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItemFactory(status="archived")


def test_duplicate_news_slug_is_refused_by_full_clean():
    NewsItemFactory(slug="blo-opens")

    with pytest.raises(ValidationError) as exc:
        NewsItemFactory.build(slug="blo-opens").full_clean()

    assert set(exc.value.message_dict) == {"slug"}


def test_duplicate_news_slug_is_refused_by_database():
    NewsItemFactory(slug="blo-opens")

    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItemFactory(slug="blo-opens")


def test_item_without_english_text_is_refused_by_full_clean():
    item = NewsItemFactory.build(title_en="", dateline_en="", summary_en="", body_en="")

    with pytest.raises(ValidationError) as exc:
        item.full_clean()

    # modeltranslation also validates the untranslated field, which reads the English one.
    assert {"title_en", "dateline_en", "summary_en", "body_en"} <= set(exc.value.message_dict)


def test_item_without_russian_text_passes_full_clean():
    item = NewsItemFactory.build(title_ru="", dateline_ru="", summary_ru="", body_ru="")

    item.full_clean()


def test_image_without_english_alternative_text_is_refused_by_full_clean():
    item = NewsItemFactory.build(image="news/2024/crossing.jpg", image_alt_en="")

    with pytest.raises(ValidationError) as exc:
        item.full_clean()

    assert set(exc.value.message_dict) == {"image_alt_en"}


# published(): the one rule of what the public sees ----------------------------------------


def test_published_includes_items_published_in_the_past():
    item = NewsItemFactory(published_at=timezone.now() - timedelta(days=3))

    assert list(NewsItem.objects.published()) == [item]
    assert item.is_public


def test_published_excludes_drafts():
    draft = NewsItemFactory(draft=True)
    dated_draft = NewsItemFactory(
        status=NewsItem.Status.DRAFT, published_at=timezone.now() - timedelta(days=1)
    )

    assert not NewsItem.objects.published().exists()
    assert set(NewsItem.objects.drafts()) == {draft, dated_draft}
    assert not dated_draft.is_public


def test_published_excludes_item_scheduled_one_minute_ahead():
    scheduled = NewsItemFactory(published_at=timezone.now() + timedelta(minutes=1))

    assert not NewsItem.objects.published().exists()
    assert list(NewsItem.objects.scheduled()) == [scheduled]
    assert not scheduled.is_public


def test_published_includes_item_published_one_minute_ago():
    item = NewsItemFactory(published_at=timezone.now() - timedelta(minutes=1))

    assert list(NewsItem.objects.published()) == [item]
    assert not NewsItem.objects.scheduled().exists()


def test_scheduled_item_is_published_once_its_time_has_come():
    item = NewsItemFactory(scheduled=True)
    later = item.published_at + timedelta(seconds=1)

    assert not NewsItem.objects.published().exists()
    assert list(NewsItem.objects.published(at=later)) == [item]


def test_published_items_come_newest_first():
    now = timezone.now()
    older = NewsItemFactory(published_at=now - timedelta(days=2))
    newer = NewsItemFactory(published_at=now - timedelta(hours=1))

    assert list(NewsItem.objects.published()) == [newer, older]
    assert NewsItem.objects.published().latest() == newer


def explain_without_row_scans(sql: str, params=(), *, off=("seqscan", "indexscan", "bitmapscan")):
    """The plan when PostgreSQL may not read the table (a three-row table needs no index:
    this proves the query can be answered from the index alone)."""
    with connection.cursor() as cursor:
        for method in off:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row for (row,) in cursor.fetchall())


@pytest.mark.postgresql
def test_the_public_count_reads_only_the_date_index():
    """What the paginator counts is read from news_public_by_date, never from the rows, whose
    bodies make a sequential scan slow (13 ms at 10,000 items; 1.4 ms through the index)."""
    NewsItemFactory.create_batch(3)
    sql, params = NewsItem.objects.published().values("published_at").query.sql_with_params()

    plan = explain_without_row_scans(f"SELECT COUNT(*) FROM ({sql}) AS rows", params)

    assert re.search(r"Index Only Scan (Backward )?using news_public_by_date", plan), plan
    assert "Seq Scan" not in plan


@pytest.mark.postgresql
def test_the_years_are_found_by_index_probes():
    """years(): each step of the recursive query is an index-only probe of
    news_public_by_date (0.35 ms at 10,000 items, where dates() read every row: 3.4 ms)."""
    NewsItemFactory.create_batch(3)

    # Index scans stay allowed: PostgreSQL's max() through an index is a backward index scan
    # stopped at the first row (on this tiny table it may read the few index entries).
    sql, params = NewsItem.objects.published().years_sql()
    plan = explain_without_row_scans(sql, params, off=("seqscan", "bitmapscan"))

    assert "Recursive Union" in plan
    assert re.search(r"Index Only Scan (Backward )?using news_public_by_date", plan), plan
    assert "Seq Scan" not in plan


@pytest.mark.postgresql
def test_status_has_one_index_the_public_one():
    """A filter on the status alone (the admin's drafts) is served by news_public_by_date, whose
    first column it is; no second index on the status is written on every save."""
    NewsItemFactory.create_batch(3, status=NewsItem.Status.DRAFT, published_at=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'news_newsitem'"
        )
        on_status = [name for name, definition in cursor.fetchall() if "(status" in definition]
    sql, params = NewsItem.objects.drafts().values("pk").query.sql_with_params()

    plan = explain_without_row_scans(sql, params, off=("seqscan",))

    assert on_status == ["news_public_by_date"]
    # An index scan "using" it or a bitmap index scan "on" it, as the planner likes.
    assert re.search(r"(using|on) news_public_by_date", plan), plan
    assert "Seq Scan" not in plan


def test_years_are_the_local_years_with_a_public_item_newest_first():
    """Gaps stay gaps, the year boundary is Tashkent's (UTC+5), drafts and scheduled items
    give no year. The same answer on SQLite (dates()) and PostgreSQL (the recursive query)."""
    for when in ("2019-06-01T12:00:00Z", "2021-03-01T12:00:00Z", "2021-12-31T20:00:00Z"):
        NewsItemFactory(published_at=datetime.fromisoformat(when))  # the last is 2022 locally
    NewsItemFactory(draft=True)
    NewsItemFactory(scheduled=True)

    assert NewsItem.objects.published().years() == [2022, 2021, 2019]
    assert NewsItem.objects.published().filter(title_en="nothing").years() == []


def test_years_of_an_empty_queryset_are_none():
    NewsItemFactory()

    assert NewsItem.objects.none().years() == []
    assert NewsItem.objects.filter(pk__in=[]).years() == []


# --- What lists load --------------------------------------------------------------------------


def test_for_list_loads_the_card_columns_in_one_query(django_assert_num_queries):
    NewsItemFactory.create_batch(3)

    with django_assert_num_queries(1) as captured:
        items = list(NewsItem.objects.published().for_list())
        cards = [
            (item.slug, item.title, item.dateline, item.summary, item.published_at)
            for item in items
        ]

    assert len(cards) == 3 and all(all(card) for card in cards)
    [query] = captured.captured_queries
    assert "body_en" not in query["sql"] and "russian_source" not in query["sql"]


def test_loading_without_the_status_does_not_ask_for_it(django_assert_num_queries):
    """from_db remembers the loaded status for clean(); a copy loaded without it (only())
    used to fetch it, one query per item."""
    NewsItemFactory.create_batch(3)

    with django_assert_num_queries(1):
        items = list(NewsItem.objects.only("slug"))

    assert all(item._loaded_status is None for item in items)
    assert NewsItem.objects.get(pk=items[0].pk)._loaded_status == NewsItem.Status.PUBLISHED


def test_for_detail_lists_the_public_related_objects_of_every_item(django_assert_num_queries):
    """Each item's related objects as plain lists, published ones only, in their models'
    order; five queries for any number of items, none to read the lists."""
    first, second = NewsItemFactory.create_batch(2)
    countries = sorted(CountryFactory.create_batch(2), key=lambda country: country.name_en)
    first.countries.set(countries)
    first.topics.add(topic := TopicFactory())
    first.programmes.add(programme := ProgrammeFactory(), ProgrammeFactory(is_published=False))
    blo = BorderLiaisonOfficeFactory()
    first.blos.add(blo, BorderLiaisonOfficeFactory(is_published=False))
    first.contacts.add(
        contact := ContactFactory(),
        ContactFactory(is_published=False),
        ContactFactory(office=OfficeFactory(is_published=False)),
    )

    with django_assert_num_queries(6):
        items = {item.pk: item for item in NewsItem.objects.for_detail()}

    with django_assert_num_queries(0):
        related = {
            pk: (
                item.public_countries,
                item.public_topics,
                item.public_programmes,
                item.public_blos,
                [(contact.pk, contact.office.name) for contact in item.public_contacts],
            )
            for pk, item in items.items()
        }
    assert related[first.pk] == (
        countries,
        [topic],
        [programme],
        [blo],
        [(contact.pk, contact.office.name)],
    )
    assert related[second.pk] == ([], [], [], [], [])
