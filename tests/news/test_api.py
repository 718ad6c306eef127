"""The news API: /api/v1/news/ and /api/v1/news/<slug>/ — what an item says, in which language,
the filters (alone and combined), facets, sparse fields, paging, and the rule that drafts and
scheduled items appear nowhere until their time."""

import io
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from PIL import Image

from tests.factories import (
    NEWS_ENGLISH_ONLY,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")
LIST = "/api/v1/news/"
ENGLISH_ONLY = NEWS_ENGLISH_ONLY


def at(year, month=6, day=1, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TASHKENT)


def detail(slug: str) -> str:
    return f"{LIST}{slug}/"


def get(client, url=LIST, **params):
    return client.get(url, params)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def facet(response, name: str) -> dict[str, int]:
    return {row["value"]: row["count"] for row in response.json()["facets"][name]}


# --- the list and an item -----------------------------------------------------------------------


def test_news_list_returns_published_items_newest_first_with_count_and_links(client):
    middle = NewsItemFactory(published_at=at(2021, 6))
    newest = NewsItemFactory(published_at=at(2022, 1))
    oldest = NewsItemFactory(published_at=at(2020, 3))

    response = get(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None
    assert body["previous"] is None
    assert slugs(response) == [newest.slug, middle.slug, oldest.slug]


def test_news_item_carries_its_text_dates_relations_and_language_facts(client, public_site):
    response = get(client, detail("tashkent-roundtable"))

    assert response.status_code == 200
    item = response.json()
    assert item["slug"] == "tashkent-roundtable"
    assert item["url"] == "http://testserver/api/v1/news/tashkent-roundtable/"
    assert item["title"] == "Roundtable on cross-border cooperation in Tashkent"
    assert item["summary"] == "Heads of border services discussed the Border Liaison Offices."
    assert item["body"] == "<p>The heads of the border services met in Tashkent.</p>"
    assert item["dateline"] == "Tashkent, Uzbekistan"
    assert item["published_at"] == "2021-11-23T12:00:00+05:00"
    assert item["image"] is None
    assert {c["iso_code"]: c["name"] for c in item["countries"]} == {
        "UZ": "Uzbekistan",
        "KZ": "Kazakhstan",
    }
    assert item["topics"] == [{"slug": "border-management", "name": "Border management"}]
    assert {p["slug"] for p in item["programmes"]} == {
        "programme-central-asia",
        "cross-border-cooperation",
    }
    assert item["blos"] == [{"slug": "blo-yallama", "name": "BLO Yallama"}]
    assert item["contacts"] == [
        {
            "full_name": "Anna Petrova",
            "position": "Press officer",
            "email": "press.officer[at]example.org",
            "phone": "+992 44 600 00 00",
        }
    ]
    assert item["language"] == "en"
    assert item["is_fallback"] is False
    assert item["available_languages"] == ["en", "ru"]
    assert item["links"] == {
        "en": "http://testserver/en/news/tashkent-roundtable/",
        "ru": "http://testserver/ru/news/tashkent-roundtable/",
    }


def test_news_item_in_russian_has_russian_text_and_names(client, public_site):
    item = get(client, detail("tashkent-roundtable"), lang="ru").json()

    assert item["title"] == "Круглый стол по трансграничному сотрудничеству в Ташкенте"
    assert item["body"] == "<p>Руководители пограничных служб встретились в Ташкенте.</p>"
    assert {c["name"] for c in item["countries"]} == {"Узбекистан", "Казахстан"}
    assert item["blos"] == [{"slug": "blo-yallama", "name": "ПОС Яллама"}]
    assert item["contacts"][0]["full_name"] == "Анна Петрова"
    assert item["language"] == "ru"
    assert item["is_fallback"] is False


def test_untranslated_item_in_russian_falls_back_to_english_and_says_so(client):
    NewsItemFactory(slug="english-only", title_en="Only in English", **ENGLISH_ONLY)

    item = get(client, detail("english-only"), lang="ru").json()

    assert item["title"] == "Only in English"
    assert item["language"] == "en"
    assert item["is_fallback"] is True
    assert item["available_languages"] == ["en"]
    assert item["links"] == {"en": "http://testserver/en/news/english-only/"}


def test_partly_translated_item_is_shown_entirely_in_english_and_offers_no_russian_link(
    client,
):
    """A partial Russian version cannot be published: nothing of it is public, not even the
    fields that already have Russian text."""
    NewsItemFactory(
        slug="partly",
        title_en="Partly translated",
        title_ru="Частично переведено",
        summary_en="English summary",
        summary_ru="",
    )

    item = get(client, detail("partly"), lang="ru").json()

    assert item["title"] == "Partly translated"
    assert item["summary"] == "English summary"
    assert item["dateline"] == "Tashkent, Uzbekistan"
    assert item["language"] == "en"
    assert item["is_fallback"] is True
    assert item["available_languages"] == ["en"]
    assert "ru" not in item["links"]


def test_lang_all_gives_null_russian_values_while_the_russian_version_is_not_published(client):
    NewsItemFactory(
        slug="half", title_en="Title", title_ru="Заголовок", summary_en="Summary", summary_ru=""
    )

    response = get(client, detail("half"), lang="all")

    assert response["Content-Language"] == "en, ru"
    item = response.json()
    assert item["title"] == {"en": "Title", "ru": None}
    assert item["summary"] == {"en": "Summary", "ru": None}
    assert item["dateline"] == {"en": "Tashkent, Uzbekistan", "ru": None}
    assert item["language"] == "all"
    assert item["is_fallback"] is False
    assert item["available_languages"] == ["en"]


def test_lang_all_gives_each_translated_field_in_both_languages_once_published(client):
    item = NewsItemFactory(slug="whole", title_en="Title", title_ru="Заголовок")
    assert item.russian_ready is True

    data = get(client, detail("whole"), lang="all").json()

    assert data["title"] == {"en": "Title", "ru": "Заголовок"}
    assert data["summary"] == {"en": item.summary_en, "ru": item.summary_ru}
    assert data["available_languages"] == ["en", "ru"]


def test_lang_all_hides_a_complete_russian_version_that_is_not_published_yet(client):
    NewsItemFactory(slug="unready", title_en="Title", title_ru="Заголовок", russian_ready=False)

    data = get(client, detail("unready"), lang="all").json()

    assert data["title"] == {"en": "Title", "ru": None}
    assert data["body"]["ru"] is None
    assert data["available_languages"] == ["en"]


def test_nested_names_follow_lang_all_too(client, public_site):
    item = get(client, detail("tashkent-roundtable"), lang="all").json()

    assert item["topics"] == [
        {
            "slug": "border-management",
            "name": {"en": "Border management", "ru": "Управление границами"},
        }
    ]
    assert item["contacts"][0]["full_name"] == {"en": "Anna Petrova", "ru": "Анна Петрова"}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_news_item_image_has_an_absolute_url_and_translated_alt_text(client, media_root):
    NewsItemFactory(
        slug="pictured",
        image=SimpleUploadedFile("meeting.png", png(), content_type="image/png"),
        image_alt_en="Officers at a table",
        image_alt_ru="Сотрудники за столом",
        image_caption_en="The meeting",
        image_caption_ru="Встреча",
    )

    english = get(client, detail("pictured")).json()["image"]
    russian = get(client, detail("pictured"), lang="ru").json()["image"]

    assert english["url"].startswith("http://testserver/media/news/")
    assert english["url"].endswith(".png")
    assert english["alt"] == "Officers at a table"
    assert english["caption"] == "The meeting"
    assert russian["alt"] == "Сотрудники за столом"
    assert russian["caption"] == "Встреча"


def test_unknown_news_slug_is_a_json_404(client):
    response = get(client, detail("no-such-item"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


# --- what the public may see ----------------------------------------------------------------------


def test_drafts_and_scheduled_items_appear_nowhere_and_their_slugs_are_404(client):
    country = CountryFactory(iso_code="UZ")
    topic = TopicFactory(slug="customs")
    shown = NewsItemFactory(slug="due", published_at=timezone.now() - timedelta(minutes=1))
    draft = NewsItemFactory(slug="draft", draft=True)
    scheduled = NewsItemFactory(
        slug="scheduled", published_at=timezone.now() + timedelta(minutes=1)
    )
    for item in (shown, draft, scheduled):
        item.countries.add(country)
        item.topics.add(topic)

    response = get(client, facets="country,topic", country="uz", topic="customs")

    assert slugs(response) == ["due"]
    assert response.json()["count"] == 1
    assert facet(response, "country") == {"UZ": 1}
    assert facet(response, "topic") == {"customs": 1}
    assert slugs(get(client, page_size=100)) == ["due"]
    assert get(client, detail("due")).status_code == 200
    for slug in ("draft", "scheduled"):
        missing = get(client, detail(slug))
        assert missing.status_code == 404
        assert "detail" in missing.json()


def test_related_objects_that_are_not_published_are_left_out_of_an_item(client):
    item = NewsItemFactory(slug="item")
    item.programmes.add(
        ProgrammeFactory(slug="public-programme"),
        ProgrammeFactory(slug="hidden", is_published=False),
    )
    item.blos.add(
        BorderLiaisonOfficeFactory(slug="public-blo"),
        BorderLiaisonOfficeFactory(slug="hidden-blo", is_published=False),
    )
    hidden_office = OfficeFactory(is_published=False)
    item.contacts.add(
        ContactFactory(full_name_en="Shown"),
        ContactFactory(full_name_en="Unpublished", is_published=False),
        ContactFactory(full_name_en="In a hidden office", office=hidden_office),
    )

    body = get(client, detail("item")).json()

    assert [p["slug"] for p in body["programmes"]] == ["public-programme"]
    assert [b["slug"] for b in body["blos"]] == ["public-blo"]
    assert [c["full_name"] for c in body["contacts"]] == ["Shown"]


# --- filters -----------------------------------------------------------------------------------


@pytest.fixture
def tagged_news(db):
    """Four items tagged differently, to filter on."""
    uz = CountryFactory(iso_code="UZ")
    kz = CountryFactory(iso_code="KZ")
    customs = TopicFactory(slug="customs")
    drugs = TopicFactory(slug="drugs")
    pca = ProgrammeFactory(slug="pca", title_en="PCA")
    cbc = ProgrammeFactory(slug="cbc", title_en="CBC")
    blo = BorderLiaisonOfficeFactory(slug="blo-a")

    a = NewsItemFactory(slug="a", title_en="Alpha", published_at=at(2021, 1, 10))
    a.countries.add(uz)
    a.topics.add(customs)
    a.programmes.add(pca)
    a.blos.add(blo)
    b = NewsItemFactory(slug="b", title_en="Bravo", published_at=at(2021, 2, 10))
    b.countries.add(uz, kz)
    b.topics.add(drugs)
    b.programmes.add(pca, cbc)
    c = NewsItemFactory(slug="c", title_en="Charlie", published_at=at(2021, 3, 10))
    c.countries.add(kz)
    c.topics.add(customs, drugs)
    c.programmes.add(cbc)
    d = NewsItemFactory(slug="d", title_en="Delta", published_at=at(2021, 4, 10))
    return locals()


@pytest.mark.parametrize("code", ["uz", "UZ", "Uz"])
def test_country_filter_takes_the_iso_code_in_either_case(client, tagged_news, code):
    assert slugs(get(client, country=code)) == ["b", "a"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "customs"}, ["c", "a"]),
        ({"topic": "drugs"}, ["c", "b"]),
        ({"programme": "pca"}, ["b", "a"]),
        ({"programme": "cbc"}, ["c", "b"]),
        ({"blo": "blo-a"}, ["a"]),
        ({"country": "kz", "topic": "drugs"}, ["c", "b"]),
        ({"country": "uz", "topic": "drugs", "programme": "cbc"}, ["b"]),
        ({"country": "uz", "blo": "blo-a", "published_after": "2021-01-01"}, ["a"]),
        ({"topic": "customs", "published_before": "2021-02-28"}, ["a"]),
        ({"country": "kz", "ordering": "title"}, ["b", "c"]),
        ({"topic": "customs", "programme": "pca", "country": "kz"}, []),
    ],
)
def test_news_filters_alone_and_combined(client, tagged_news, params, expected):
    assert slugs(get(client, **params)) == expected


def test_publication_date_filters_are_inclusive_days(client, tagged_news):
    assert slugs(get(client, published_after="2021-02-10")) == ["d", "c", "b"]
    assert slugs(get(client, published_before="2021-02-10")) == ["b", "a"]
    assert slugs(get(client, published_after="2021-02-10", published_before="2021-03-10")) == [
        "c",
        "b",
    ]
    assert slugs(get(client, published_after="2021-02-11", published_before="2021-03-09")) == []


def test_publication_dates_are_days_in_the_sites_time_zone(client):
    # 00:30 in Tashkent on 1 March is still 28 February in UTC.
    NewsItemFactory(slug="early", published_at=at(2021, 3, 1, hour=0, minute=30))

    assert slugs(get(client, published_after="2021-03-01")) == ["early"]
    assert slugs(get(client, published_before="2021-02-28")) == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["d", "c", "b", "a"]),
        ("-published_at", ["d", "c", "b", "a"]),
        ("published_at", ["a", "b", "c", "d"]),
        ("title", ["a", "b", "c", "d"]),
        ("-title", ["d", "c", "b", "a"]),
    ],
)
def test_news_ordering(client, tagged_news, ordering, expected):
    params = {"ordering": ordering} if ordering else {}
    assert slugs(get(client, **params)) == expected


def test_ordering_by_title_follows_the_requested_language(client):
    NewsItemFactory(slug="one", title_en="Apple", title_ru="Яблоко")
    NewsItemFactory(slug="two", title_en="Zebra", title_ru="Арбуз")

    assert slugs(get(client, ordering="title", lang="en")) == ["one", "two"]
    assert slugs(get(client, ordering="title", lang="ru")) == ["two", "one"]


def test_ordering_by_title_in_russian_sorts_untranslated_items_by_their_english_title(client):
    # Russian readers see the English title of an untranslated item; it sorts by that title,
    # not first as an empty string.
    NewsItemFactory(slug="latin", title_en="Zulu", **ENGLISH_ONLY)
    NewsItemFactory(slug="cyrillic", title_en="Alpha", title_ru="Альфа")

    assert slugs(get(client, ordering="title", lang="ru")) == ["latin", "cyrillic"]
    assert slugs(get(client, ordering="-title", lang="ru")) == ["cyrillic", "latin"]


def test_ordering_by_title_in_russian_ignores_unpublished_russian_titles(client):
    # The reader sees "Alpha", not the unpublished "Яковлев…": the item sorts by what is shown
    # (its place in the order would otherwise tell something about the hidden title).
    NewsItemFactory(slug="hidden", title_en="Alpha", title_ru="Яковлев", russian_ready=False)
    NewsItemFactory(slug="shown", title_en="Omega", title_ru="Омега")

    assert slugs(get(client, ordering="title", lang="ru")) == ["hidden", "shown"]
    assert slugs(get(client, ordering="-title", lang="ru")) == ["shown", "hidden"]


def test_search_looks_in_title_summary_and_body(client):
    NewsItemFactory(slug="in-title", title_en="Customs officers train together")
    NewsItemFactory(slug="in-summary", summary_en="A new customs post opened.")
    NewsItemFactory(slug="in-body", body_en="<p>The customs service took part.</p>")
    NewsItemFactory(slug="elsewhere", title_en="Border guards meet")

    assert set(slugs(get(client, q="customs"))) == {"in-title", "in-summary", "in-body"}


def test_a_nul_in_a_search_is_dropped_as_on_the_site(client):
    """The schema allows any text for q: a NUL was a 400 (schemathesis found it)."""
    NewsItemFactory(slug="customs", title_en="Customs reform")
    NewsItemFactory(slug="border", title_en="Border guards meet")

    assert slugs(get(client, q="\x00Customs\x00")) == ["customs"]
    assert len(slugs(get(client, q="\x00"))) == 2  # no words: no search


def test_search_is_in_the_requested_language(client):
    NewsItemFactory(slug="customs", title_en="Customs reform", title_ru="Реформа таможни")

    assert slugs(get(client, q="Customs")) == ["customs"]
    assert slugs(get(client, q="таможни", lang="ru")) == ["customs"]
    assert slugs(get(client, q="таможни", lang="en")) == []
    assert slugs(get(client, q="Customs", lang="ru")) == []


def test_search_combines_with_the_other_filters(client, tagged_news):
    assert slugs(get(client, q="Bravo")) == ["b"]
    assert slugs(get(client, q="Bravo", country="kz")) == ["b"]
    assert slugs(get(client, q="Bravo", topic="customs")) == []


def test_a_search_is_paged_and_counted_as_the_list_is(client):
    """Seven matches, three a page: the count, the pages, their links, the last page and a
    page past the end, with the other filters and facets beside it."""
    for n in range(7):
        NewsItemFactory(
            slug=f"match-{n}", title_en=f"Roundtable {n}", published_at=at(2025, 3, n + 1)
        )
    NewsItemFactory(slug="other", title_en="Training")

    pages = [get(client, q="roundtable", page_size=3, page=number) for number in (1, 2, 3)]
    last = get(client, q="roundtable", page_size=3, page="last")
    past = get(client, q="roundtable", page_size=3, page=4)
    none = get(client, q="nothing-matches-this")
    with_facets = get(client, q="roundtable", facets="country", page_size=3)

    assert [page.json()["count"] for page in pages] == [7, 7, 7]
    assert sorted(slug for page in pages for slug in slugs(page)) == [
        f"match-{n}" for n in range(7)
    ]
    assert [len(slugs(page)) for page in pages] == [3, 3, 1]
    assert pages[0].json()["previous"] is None and pages[2].json()["next"] is None
    assert "page=2" in pages[0].json()["next"]
    assert slugs(last) == slugs(pages[2])
    assert past.status_code == 404
    assert none.json()["count"] == 0 and slugs(none) == []
    assert with_facets.json()["count"] == 7 and "facets" in with_facets.json()


def test_a_search_reads_its_page_and_count_in_one_query(client):
    """The matches are found and ranked once: no COUNT query beside the page's."""
    NewsItemFactory.create_batch(3, title_en="Roundtable on customs")

    with CaptureQueriesContext(connection) as queries:
        answer = get(client, q="roundtable")

    assert answer.json()["count"] == 3
    statements = [query["sql"] for query in queries.captured_queries]
    assert [sql for sql in statements if "COUNT(" in sql and "OVER" in sql]
    assert not [sql for sql in statements if sql.startswith('SELECT COUNT(*) AS "__count"')]
    plain = get(client)
    assert plain.json()["count"] == 3  # the list without a search still counts apart


@pytest.mark.postgresql
def test_search_in_russian_finds_other_forms_of_the_word_on_postgresql(client):
    NewsItemFactory(
        slug="border",
        title_ru="Встреча на пункте пропуска",
        summary_ru="Пограничники встретились.",
        body_ru="<p>Граница между странами открыта для торговли.</p>",
    )
    NewsItemFactory(
        slug="other",
        title_ru="Совещание",
        summary_ru="Совещание о торговле.",
        body_ru="<p>Совещание о торговле.</p>",
    )

    assert slugs(get(client, q="границы", lang="ru")) == ["border"]


@pytest.mark.postgresql
def test_search_in_english_stems_words_on_postgresql(client):
    NewsItemFactory(slug="trained", body_en="<p>The officers were trained in Dushanbe.</p>")

    assert slugs(get(client, q="training", lang="en")) == ["trained"]


# --- facets --------------------------------------------------------------------------------------


def test_facets_count_the_items_per_country_topic_and_programme(client, tagged_news):
    response = get(client, facets="country,topic,programme")

    body = response.json()
    assert set(body["facets"]) == {"country", "topic", "programme"}
    assert facet(response, "country") == {"UZ": 2, "KZ": 2}
    assert facet(response, "topic") == {"customs": 2, "drugs": 2}
    assert facet(response, "programme") == {"pca": 2, "cbc": 2}
    pca = next(row for row in body["facets"]["programme"] if row["value"] == "pca")
    assert pca["label"] == "PCA"


def test_facets_follow_the_current_filter(client, tagged_news):
    response = get(client, facets="country,topic,programme", topic="customs")

    assert facet(response, "country") == {"UZ": 1, "KZ": 1}
    assert facet(response, "topic") == {"customs": 2, "drugs": 1}
    assert facet(response, "programme") == {"pca": 1, "cbc": 1}


def test_facets_count_every_matching_item_not_only_the_page(client, tagged_news):
    response = get(client, facets="topic", page_size=1)

    assert len(response.json()["results"]) == 1
    assert facet(response, "topic") == {"customs": 2, "drugs": 2}


def test_facet_labels_are_in_the_requested_language(client, public_site):
    body = get(client, facets="country", lang="ru").json()

    assert {row["label"] for row in body["facets"]["country"]} == {"Узбекистан", "Казахстан"}


def test_programme_facet_leaves_out_unpublished_programmes(client):
    item = NewsItemFactory()
    item.programmes.add(
        ProgrammeFactory(slug="public"),
        ProgrammeFactory(slug="draft-programme", is_published=False),
    )

    assert facet(get(client, facets="programme"), "programme") == {"public": 1}


def test_a_programmes_news_and_count_include_its_published_components(client):
    programme = ProgrammeFactory(slug="programme")
    component = ProgrammeFactory(slug="component", parent=programme)
    hidden = ProgrammeFactory(slug="hidden", parent=programme, is_published=False)
    NewsItemFactory(slug="own").programmes.add(programme)
    NewsItemFactory(slug="of-component").programmes.add(component)
    NewsItemFactory(slug="both").programmes.add(programme, component)
    NewsItemFactory(slug="of-hidden").programmes.add(hidden)
    NewsItemFactory(slug="untagged")

    news = get(client, programme="programme", facets="programme")
    counts = facet(get(client, facets="programme"), "programme")

    assert set(slugs(news)) == {"own", "of-component", "both"}
    assert facet(news, "programme") == {"programme": 3, "component": 2}
    # Each count is what filtering on it gives; an item about both counts once.
    assert counts == {"programme": 3, "component": 2}
    assert set(slugs(get(client, programme="component"))) == {"of-component", "both"}


def test_no_facets_unless_asked(client, tagged_news):
    assert "facets" not in get(client).json()


def test_unknown_facet_is_a_400_naming_facets(client, tagged_news):
    response = get(client, facets="country,colour")

    assert response.status_code == 400
    assert list(response.json()) == ["facets"]
    assert "colour" in response.json()["facets"][0]


# --- sparse answers and paging --------------------------------------------------------------------


def test_fields_returns_only_the_fields_asked_for(client, public_site):
    listed = get(client, fields="title,slug,links").json()["results"]
    one = get(client, detail("tashkent-roundtable"), fields="title, published_at").json()

    assert [set(item) for item in listed] == [{"title", "slug", "links"}]
    assert set(one) == {"title", "published_at"}


@pytest.mark.parametrize("url", [LIST, detail("tashkent-roundtable")])
def test_empty_fields_gives_every_field_as_other_empty_parameters(client, public_site, url):
    """It was a 400 "unknown field: —"."""
    everything = get(client, url).json()

    assert get(client, url, fields="").json() == everything


@pytest.mark.parametrize("value", [",", " , ", " "])
def test_fields_of_commas_only_is_a_400_that_says_so(client, public_site, value):
    response = get(client, LIST, fields=value)

    assert response.status_code == 400
    [message] = response.json()["fields"]
    assert message.startswith("No field named: give one or more of slug, url, title, ")


@pytest.mark.parametrize("url", [LIST, detail("tashkent-roundtable")])
def test_unknown_field_is_a_400_naming_fields(client, public_site, url):
    response = get(client, url, fields="title,colour")

    assert response.status_code == 400
    assert list(response.json()) == ["fields"]
    assert "colour" in response.json()["fields"][0]


def test_news_pages_hold_20_items_by_default_and_up_to_100_on_request(client):
    NewsItemFactory.create_batch(25)

    first = get(client).json()
    big = get(client, page_size=100).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert parse_qs(urlsplit(first["next"]).query) == {"page": ["2"]}
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"] is not None
    assert len(big["results"]) == 25


def test_paging_links_keep_the_filters(client, tagged_news):
    body = get(client, country="uz", page_size=1, lang="ru").json()

    assert parse_qs(urlsplit(body["next"]).query) == {
        "country": ["uz"],
        "page_size": ["1"],
        "page": ["2"],
        "lang": ["ru"],
    }


def test_a_page_past_the_end_is_a_404_with_a_detail(client, tagged_news):
    response = get(client, page=3, page_size=2)

    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "format_named"), [("en", "YYYY-MM-DD"), ("ru", "ГГГГ-ММ-ДД")])
@pytest.mark.parametrize(
    "value", ["01/02/2021", "01.02.2021", "02/01/2021", "20210201", "2021-2-1", " 2021-02-01x"]
)
def test_a_date_is_read_only_as_documented_whatever_the_language(
    client, tagged_news, lang, format_named, value
):
    # Django's date field read the answer language's formats too: 01/02/2021 was 2 January
    # in English, 01.02.2021 1 February in Russian — one address, two meanings.
    response = get(client, published_after=value, lang=lang)

    assert response.status_code == 400
    assert format_named in response.json()["published_after"][0]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("country", "xx"),
        ("country", "uzb"),
        ("topic", "no-such-topic"),
        ("programme", "no-such-programme"),
        ("blo", "no-such-blo"),
        ("published_after", "2021-13-01"),
        ("published_before", "yesterday"),
        ("ordering", "colour"),
        ("ordering", "slug"),
        ("page_size", "101"),
        ("page_size", "0"),
        ("page_size", "abc"),
        ("page", "abc"),
        ("page", "0"),
        ("lang", "de"),
        ("q", "x" * 201),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, tagged_news, parameter, value):
    response = get(client, **{parameter: value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]
    assert all(isinstance(reason, str) and reason for reason in response.json()[parameter])


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("en", "Enter a date as YYYY-MM-DD."), ("ru", "Введите дату в виде ГГГГ-ММ-ДД.")],
)
@pytest.mark.parametrize("value", ["2021", "2021-02-30", "yesterday"])
def test_a_malformed_date_is_refused_with_the_form_it_needs(
    client, tagged_news, lang, reason, value
):
    response = get(client, published_after=value, lang=lang)

    assert response.json() == {"published_after": [reason]}


def test_every_bad_parameter_is_named_at_once_with_why(client, tagged_news):
    response = get(
        client,
        country="xx",
        published_after="2021-02-30",
        page_size="500",
        page="abc",
        ordering="colour",
        topic="no-such-topic",
        lang="de",
    )

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {
        "country",
        "published_after",
        "page_size",
        "page",
        "ordering",
        "topic",
        "lang",
    }
    assert "XX" in errors["country"][0]
    assert "100" in errors["page_size"][0]
    assert "colour" in errors["ordering"][0]
    assert "no-such-topic" in errors["topic"][0]
    assert "de" in errors["lang"][0]


def test_filtering_on_an_unpublished_programme_or_blo_is_an_unknown_slug(client):
    ProgrammeFactory(slug="draft-programme", is_published=False)
    BorderLiaisonOfficeFactory(slug="draft-blo", is_published=False)

    response = get(client, programme="draft-programme", blo="draft-blo")

    assert response.status_code == 400
    assert set(response.json()) == {"programme", "blo"}


def test_empty_filter_parameters_filter_nothing(client, tagged_news):
    assert len(slugs(get(client, country="", topic="", published_after="", ordering=""))) == 4


# --- revalidation -----------------------------------------------------------------------------


@pytest.fixture
def item_due_after_its_last_edit(db):
    """An item last edited in January 2020 that came due a few seconds ago, and an older one."""
    old = NewsItemFactory(slug="old", published_at=at(2019, 12, 1))
    due = NewsItemFactory(slug="due", published_at=timezone.now() - timedelta(seconds=5))
    type(due).objects.filter(pk__in=[old.pk, due.pk]).update(updated_at=at(2020, 1, 1))
    return due


def test_a_scheduled_item_coming_due_moves_the_lists_last_modified(
    client, item_due_after_its_last_edit
):
    response = get(client)

    assert slugs(response) == ["due", "old"]
    assert response["Last-Modified"] == http_date(
        item_due_after_its_last_edit.published_at.timestamp()
    )


def test_a_client_revalidating_by_date_gets_an_item_that_came_due_since(
    client, item_due_after_its_last_edit
):
    # The client last read the list in June 2020, after every edit but before the item came due.
    since = http_date(at(2020, 6, 1).timestamp())

    response = client.get(LIST, headers={"If-Modified-Since": since})

    assert response.status_code == 200
    assert slugs(response) == ["due", "old"]
