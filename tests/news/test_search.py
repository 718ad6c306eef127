"""Search of the news in the reader's language.

On every database: words of the title, summary and body are found in the reader's language
only, odd queries get a calm answer. On SQLite: a plain "contains". On PostgreSQL (marked
``postgresql``): full-text search with word forms, ranked, on the stored vectors and GIN
indexes of news.0006. Everywhere: at most ``search.MAX_RESULTS`` newest matches.
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from apps.news import search
from apps.news.models import NewsItem
from tests.factories import NEWS_ENGLISH_ONLY, NewsItemFactory
from tests.page_helpers import page, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]


def found(client, lang: str, query: str) -> list[str]:
    """Slugs of the search results, in the order shown."""
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    return [
        card.find("a").attrs["href"].rstrip("/").rsplit("/", 1)[-1]
        for card in page(response).find_all("article", class_="card")
    ]


@pytest.fixture
def searchable(db):
    """Items with distinct words in each field and language."""
    return {
        "title": NewsItemFactory(
            slug="in-title",
            title_en="Customs officers meet in Termez",
            title_ru="Таможенники встречаются в Термезе",
        ),
        "summary": NewsItemFactory(
            slug="in-summary",
            summary_en="A new laboratory opened at the crossing.",
            summary_ru="На пункте пропуска открылась новая лаборатория.",
        ),
        "body": NewsItemFactory(
            slug="in-body",
            body_en="<p>The veterinary inspection was discussed.</p>",
            body_ru="<p>Обсуждался ветеринарный досмотр.</p>",
        ),
    }


# --- on every database --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "Termez", ["in-title"]),
        ("en", "laboratory", ["in-summary"]),
        ("en", "veterinary", ["in-body"]),
        ("ru", "Термезе", ["in-title"]),
        ("ru", "лаборатория", ["in-summary"]),
        ("ru", "ветеринарный", ["in-body"]),
    ],
)
def test_search_finds_words_of_title_summary_and_body(client, searchable, lang, query, expected):
    assert found(client, lang, query) == expected


@pytest.mark.parametrize(
    ("lang", "query"),
    [("en", "лаборатория"), ("en", "Термезе"), ("ru", "laboratory"), ("ru", "veterinary")],
)
def test_search_looks_only_at_the_readers_language(client, searchable, lang, query):
    assert found(client, lang, query) == []


def test_russian_search_finds_an_item_shown_in_english_by_its_english(client):
    # The Russian lists show an item without a published Russian version in English; searched
    # for by its English title, it was nowhere to be found.
    NewsItemFactory(
        slug="english-only", title_en="Veterinary roundtable in Termez", **NEWS_ENGLISH_ONLY
    )
    NewsItemFactory(
        slug="russian-unpublished",
        title_en="Customs roundtable in Osh",
        title_ru="Таможенный семинар в Оше",
        russian_ready=False,
    )
    NewsItemFactory(
        slug="russian-published",
        title_en="Roundtable on drugs in Khorog",
        title_ru="Семинар о наркотиках в Хороге",
    )

    assert set(found(client, "ru", "roundtable")) == {"english-only", "russian-unpublished"}
    assert found(client, "ru", "Termez") == ["english-only"]
    # Its unpublished Russian text is not searchable (nothing unpublished is public), and an
    # item shown in Russian is searched in Russian only.
    assert found(client, "ru", "Оше") == []
    assert found(client, "ru", "Khorog") == []
    assert found(client, "ru", "Хороге") == ["russian-published"]
    api = client.get("/api/v1/news/", {"q": "Termez", "lang": "ru"}).json()["results"]
    assert [item["slug"] for item in api] == ["english-only"]


def test_search_is_case_insensitive_for_english(client, searchable):
    assert found(client, "en", "TERMEZ") == ["in-title"]
    assert found(client, "en", "termez") == ["in-title"]


def test_search_is_case_insensitive_for_russian(client, searchable):
    """SQLite's own LIKE folds only ASCII letters: "таможенники" missed "Таможенники"."""
    assert found(client, "ru", "таможенники") == ["in-title"]
    assert found(client, "ru", "ТАМОЖЕННИКИ") == ["in-title"]
    assert found(client, "ru", "Ветеринарный") == ["in-body"]


@pytest.mark.parametrize(("stored", "typed"), [("учётом", "учетом"), ("учетом", "учётом")])
def test_russian_search_reads_yo_as_ye(client, stored, typed):
    """Most Russian readers type "е" for "ё": on SQLite "легких" found nothing of "лёгких"."""
    NewsItemFactory(
        slug="found",
        title_ru="Обучение",
        summary_ru="Кратко.",
        body_ru=f"<p>Обучение с {stored} лёгких грузов.</p>",
    )

    assert found(client, "ru", f"{typed} легких") == ["found"]


@pytest.mark.parametrize(
    ("lang", "query", "count"),
    [
        ("en", "laboratory", "1 result for “laboratory”"),
        ("ru", "лаборатория", "1 результат по запросу «лаборатория»"),
        ("en", "nothing-like-this", "0 results for “nothing-like-this”"),
    ],
)
def test_search_says_how_many_results_in_the_readers_language(
    client, searchable, lang, query, count
):
    response = client.get(f"/{lang}/search/", {"q": query})

    assert count in visible_text(page(response))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_without_a_query_shows_the_form_and_no_results(client, searchable, lang):
    response = client.get(f"/{lang}/search/")
    root = page(response)

    assert response.status_code == 200
    assert root.find_all("article", class_="card") == []
    assert root.get("input", id="search-q").attrs["value"] == ""
    assert root.get("meta", name="robots").attrs["content"] == "noindex"


def test_search_without_a_query_finds_counts_and_paginates_nothing(
    client, searchable, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/en/search/", {"page": "3"})

    assert response.status_code == 200  # a page number means nothing without words
    assert response.context["paginator"] is None
    assert page(response).get("input", id="search-q").attrs["value"] == ""


def test_search_keeps_the_query_in_the_form_and_the_title(client, searchable):
    root = page(client.get("/ru/search/", {"q": "  лаборатория   новая "}))

    assert root.get("input", id="search-q").attrs["value"] == "лаборатория новая"
    assert root.get("title").clean_text.startswith("Поиск: лаборатория новая")


def test_search_pages_its_results_and_keeps_the_query(client):
    for n in range(25):
        NewsItemFactory(title_en=f"Border meeting {n}", published_at=timezone.now() - timedelta(n))

    first = page(client.get("/en/search/", {"q": "meeting"}))
    next_link = first.get("nav", class_="pagination").get("a", rel="next").attrs["href"]
    second = page(client.get(f"/en/search/{next_link}"))

    assert len(first.find_all("article", class_="card")) == 20
    assert parse_qs(urlsplit(next_link).query) == {"q": ["meeting"], "page": ["2"]}
    assert len(second.find_all("article", class_="card")) == 5
    # Each page has its own title, as the news list's pages do.
    assert first.get("title").clean_text.startswith("Search: meeting ·")
    assert second.get("title").clean_text.startswith("Search: meeting — page 2 ·")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_switch_of_a_results_page_keeps_the_words_not_the_page(client, lang):
    """Each language finds other items: page 2 here may not exist there (it was a 404)."""
    for n in range(25):
        NewsItemFactory(title_en=f"Border meeting {n}", title_ru=f"Встреча (meeting) {n}")
    other = {"en": "ru", "ru": "en"}[lang]

    root = page(client.get(f"/{lang}/search/", {"q": "meeting", "page": "2"}))

    switch = root.get("nav", class_="lang-switcher").get("a", hreflang=other).attrs["href"]
    assert switch == f"/{other}/search/?q=meeting"


def test_the_search_page_has_one_search_form(client, searchable):
    root = page(client.get("/en/search/", {"q": "Termez"}))

    forms = root.find_all("form", role="search")
    assert len(forms) == 1
    assert forms[0].get("input", type="search").attrs["value"] == "Termez"
    # Other pages keep the header's search form.
    assert len(page(client.get("/en/news/")).find_all("form", role="search")) == 1


# Results come best match first, so their pages are "previous" and "next", not "newer" and
# "older" as on the news list.
PAGE_LINKS = {
    "en": ("Previous page", "Next page"),
    "ru": ("Предыдущая страница", "Следующая страница"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_result_pages_are_previous_and_next_not_newer_and_older(client, lang):
    for n in range(25):
        NewsItemFactory(
            title_en=f"Border meeting {n}",
            title_ru=f"Встреча на границе {n}",
            published_at=timezone.now() - timedelta(n),
        )
    word = {"en": "meeting", "ru": "встреча"}[lang]

    first = page(client.get(f"/{lang}/search/", {"q": word})).get("nav", class_="pagination")
    second = page(client.get(f"/{lang}/search/", {"q": word, "page": "2"})).get(
        "nav", class_="pagination"
    )

    previous, following = PAGE_LINKS[lang]
    assert first.get("a", rel="next").clean_text == following
    assert first.find("a", rel="prev") is None
    assert second.get("a", rel="prev").clean_text == previous
    assert second.find("a", rel="next") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_never_finds_drafts_or_scheduled_items(client, lang):
    word = {"en": "Zanzibar", "ru": "Занзибар"}[lang]
    fields = {f"title_{lang}": f"{word} meeting"}
    NewsItemFactory(slug="draft", draft=True, **fields)
    NewsItemFactory(slug="later", published_at=timezone.now() + timedelta(minutes=1), **fields)
    NewsItemFactory(slug="public", published_at=timezone.now() - timedelta(minutes=1), **fields)

    assert found(client, lang, word) == ["public"]


ODD_QUERIES = [
    "",
    " ",
    "x" * 1000,
    "граница " * 150,
    '"',
    '""',
    "'",
    "&",
    "|",
    "!",
    "a & | !",
    "(",
    ")",
    ":*",
    "-",
    "- -",
    "or",
    "\\",
    "%",
    "_",
    "<script>alert(1)</script>",
    "'; DROP TABLE news_newsitem; --",
    "Ташкент café ñ 漢字 🙂",
    "\u200b",
    "\ufeff",
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_odd_queries_get_a_calm_answer(client, searchable, lang, query):
    response = client.get(f"/{lang}/search/", {"q": query})

    assert response.status_code == 200
    assert page(response).get("html").attrs["lang"] == lang
    assert NewsItem.objects.count() == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_query_with_a_nul_character_gets_a_calm_answer(client, searchable, lang):
    response = client.get(f"/{lang}/search/", {"q": "border\x00crossing"})

    assert response.status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_script_in_the_query_is_escaped(client, searchable, lang):
    response = client.get(f"/{lang}/search/", {"q": "<script>alert(1)</script>"})
    html = response.content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_query_is_cut_to_the_maximum_length(client, searchable):
    root = page(client.get("/en/search/", {"q": "x" * 1000}))

    value = root.get("input", id="search-q").attrs["value"]
    assert value == "x" * search.MAX_QUERY_LENGTH
    assert root.get("input", id="search-q").attrs["maxlength"] == str(search.MAX_QUERY_LENGTH)


def test_repeated_query_parameter_uses_the_last_one(client, searchable):
    response = client.get("/en/search/?q=nothing-like-this&q=laboratory")

    assert response.status_code == 200


# --- SQLite: a plain "contains" ----------------------------------------------------------------


@pytest.fixture
def on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's search is a plain 'contains'; PostgreSQL searches whole words")


def test_sqlite_search_finds_part_of_a_word(on_sqlite, client, searchable):
    assert found(client, "en", "aborator") == ["in-summary"]
    assert found(client, "ru", "аборатор") == ["in-summary"]


def test_sqlite_search_finds_a_phrase_of_the_body(on_sqlite, client, searchable):
    assert found(client, "en", "veterinary inspection") == ["in-body"]


def test_sqlite_search_finds_every_word_in_any_order_and_field(on_sqlite, client, searchable):
    """As on PostgreSQL; it looked for the query as one phrase."""
    assert found(client, "en", "inspection veterinary") == ["in-body"]
    assert found(client, "en", "laboratory crossing") == ["in-summary"]
    assert found(client, "ru", "Термезе таможенники") == ["in-title"]
    assert found(client, "en", '"Termez" customs') == ["in-title"]
    assert found(client, "en", "Termez laboratory") == []  # each word, but in no one item


def test_sqlite_search_folds_case_in_part_of_a_russian_word(on_sqlite, client, searchable):
    assert found(client, "ru", "АМОЖЕН") == ["in-title"]
    assert found(client, "ru", "ТЕРМЕЗ") == ["in-title"]


def test_sqlite_search_keeps_like_wildcards_literal(on_sqlite, client, searchable):
    assert found(client, "ru", "Тамож%Термез") == []
    assert found(client, "ru", "Т_моженники") == []


# --- PostgreSQL: full-text search ---------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("query", "stored"),
    [("границы", "граница"), ("границе", "граница"), ("пограничные", "пограничная")],
)
def test_russian_search_finds_other_forms_of_a_word(client, query, stored):
    NewsItemFactory(slug="match", summary_ru="Встреча.", body_ru=f"<p>Это {stored} двух стран.</p>")
    NewsItemFactory(slug="other", summary_ru="Встреча.", body_ru="<p>Совсем другая тема.</p>")

    assert found(client, "ru", query) == ["match"]


@pytest.mark.postgresql
@pytest.mark.parametrize(("query", "stored"), [("borders", "border"), ("border", "borders")])
def test_english_search_finds_other_forms_of_a_word(client, query, stored):
    NewsItemFactory(slug="match", summary_en=f"Officers met at the {stored}.")
    NewsItemFactory(slug="other", summary_en="Something else entirely.")

    assert found(client, "en", query) == ["match"]


@pytest.mark.postgresql
def test_postgresql_search_ranks_a_title_match_first(client):
    now = timezone.now()
    NewsItemFactory(
        slug="body-only",
        published_at=now - timedelta(hours=1),
        title_en="Annual report",
        body_en="<p>A short note about the roundtable.</p>",
    )
    NewsItemFactory(
        slug="title-and-body",
        published_at=now - timedelta(days=30),
        title_en="Roundtable on the roundtable",
        summary_en="The roundtable met.",
        body_en="<p>The roundtable discussed the roundtable.</p>",
    )

    assert found(client, "en", "roundtable") == ["title-and-body", "body-only"]


@pytest.mark.postgresql
def test_postgresql_search_understands_web_search_syntax(client, searchable):
    assert found(client, "en", '"veterinary inspection"') == ["in-body"]
    assert sorted(found(client, "en", "laboratory or veterinary")) == ["in-body", "in-summary"]
    assert found(client, "en", "laboratory -crossing") == []


@pytest.mark.postgresql
def test_search_indexes_exist_in_postgresql_on_the_stored_vectors():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'news_newsitem' "
            "AND indexname LIKE 'news_newsitem_search_%%' ORDER BY indexname"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT column_name, generation_expression FROM information_schema.columns "
            "WHERE table_name = 'news_newsitem' AND column_name LIKE 'search_vector_%%'"
        )
        columns = dict(cursor.fetchall())

    assert indexes["news_newsitem_search_en"].endswith("USING gin (search_vector_en)")
    # A Russian search reads the Russian of the translated items and the English of the others.
    assert indexes["news_newsitem_search_ru"].endswith(
        "USING gin (search_vector_ru) WHERE russian_ready"
    )
    assert indexes["news_newsitem_search_en_untranslated"].endswith(
        "USING gin (search_vector_en) WHERE (NOT russian_ready)"
    )
    assert len(indexes) == 3
    assert "'english'::regconfig" in columns["search_vector_en"]
    assert "'russian'::regconfig" in columns["search_vector_ru"]
    for lang in LANGUAGES:
        for field in search.SEARCH_FIELDS:
            assert f"{field}_{lang}" in columns[f"search_vector_{lang}"]


@pytest.mark.postgresql
def test_the_stored_vector_follows_every_edit():
    item = NewsItemFactory(title_en="Customs officers meet", title_ru="Встреча таможенников")
    assert item.pk in {i.pk for i in search.search(NewsItem.objects.all(), "customs", "en")}

    item.title_en = "Veterinarians meet"
    item.save()

    assert not search.search(NewsItem.objects.all(), "customs", "en").exists()
    assert search.search(NewsItem.objects.all(), "veterinarians", "en").get() == item


@pytest.mark.postgresql
@pytest.mark.parametrize(("lang", "query"), [("ru", "границы"), ("en", "borders")])
def test_postgresql_finds_the_matches_through_the_gin_index(lang, query):
    """With sequential scans off (a tiny table would not need the index), the matches are
    reached through the GIN index on the stored vector, never by computing a vector."""
    NewsItemFactory.create_batch(3)
    queryset = search.search(NewsItem.objects.all(), query, lang)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = queryset.explain()

    assert f"Bitmap Index Scan on news_newsitem_search_{lang}" in plan
    assert "to_tsvector" not in plan


@pytest.mark.postgresql
@pytest.mark.parametrize("query", ["border", "границы"])
def test_a_russian_search_reads_both_halves_from_their_indexes(query):
    """A word most items have in English ("border"), searched on the Russian site, read every
    row: the English of the untranslated items has an index of its own."""
    NewsItemFactory.create_batch(3)
    NewsItemFactory(russian_ready=False, **NEWS_ENGLISH_ONLY)
    queryset = search.search(NewsItem.objects.all(), query, "ru")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = queryset.explain()

    assert "Bitmap Index Scan on news_newsitem_search_ru" in plan
    assert "Bitmap Index Scan on news_newsitem_search_en_untranslated" in plan
    # The matches are not tested again row by row (the partial indexes say it all).
    assert "Filter: ((russian_ready AND" not in plan


@pytest.mark.parametrize("common", [True, False], ids=["through-date-index", "through-gin"])
def test_a_search_ranks_at_most_the_newest_matches(client, monkeypatch, common):
    """Either way of finding the newest matches (PostgreSQL picks by its estimates) finds
    the same items."""
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    monkeypatch.setattr(search, "_is_common", lambda matches, rows: common)
    now = timezone.now()
    for age in range(5):
        NewsItemFactory(
            slug=f"match-{age}",
            title_en=f"Customs roundtable number {age}",
            title_ru=f"Таможенный круглый стол номер {age}",
            published_at=now - timedelta(days=age + 1),
        )

    assert sorted(found(client, "en", "roundtable")) == ["match-0", "match-1", "match-2"]
    response = client.get("/en/search/", {"q": "roundtable"})
    assert "At least 3 results for “roundtable”: the 3 newest are shown" in visible_text(
        page(response)
    )
    ru = visible_text(page(client.get("/ru/search/", {"q": "стол"})))
    assert "Найдено не меньше 3 результатов по запросу «стол»" in ru


@pytest.mark.postgresql
def test_postgresql_walks_the_date_index_only_for_a_word_most_items_have(monkeypatch):
    """From PostgreSQL's estimates: a word in every item is common, a word in one is not."""
    NewsItemFactory.create_batch(40, title_en="Border news", title_ru="Новости границы")
    NewsItemFactory(title_en="Border roundtable", title_ru="Круглый стол на границе")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_newsitem")
    rows = NewsItem.objects.published()

    def is_common(word):
        vector = search.StoredSearchVector("en")
        query = search.SearchQuery(word, search_type="websearch", config="english")
        return search._is_common(rows.annotate(v=vector).filter(v=query), rows)

    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    assert is_common("border")
    assert not is_common("roundtable")


def test_below_the_limit_the_count_is_exact(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    NewsItemFactory.create_batch(2, title_en="Customs roundtable", title_ru="Круглый стол")

    assert "2 results for “roundtable”" in visible_text(
        page(client.get("/en/search/", {"q": "roundtable"}))
    )


def test_searching_an_empty_queryset_finds_nothing():
    """A filter that already left nothing (``none()``) before the search: no error."""
    NewsItemFactory(title_en="Customs roundtable")

    assert list(search.search(NewsItem.objects.none(), "roundtable", "en")) == []
    assert list(search.search(NewsItem.objects.filter(pk__in=[]), "roundtable", "ru")) == []
