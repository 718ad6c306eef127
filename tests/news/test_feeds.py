"""The RSS 2.0 and Atom feeds, per language and narrowed by the news list's filters.

Each feed is read twice: by feedparser, as a feed reader would, and by ElementTree, which
accepts only well-formed XML.
"""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.factories import CountryFactory, NewsItemFactory, ProgrammeFactory, TopicFactory
from tests.page_helpers import contains_word, english_interface_strings, page, visible_text

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")
LANGUAGES = ["en", "ru"]
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_TITLE = {
    "en": "News — Cross-Border Cooperation in Central Asia",
    "ru": "Новости — Трансграничное сотрудничество в Центральной Азии",
}


def at(year, month=6, day=1, hour=12):
    return datetime(year, month, day, hour, tzinfo=TASHKENT)


def rss(client, lang: str, query: str = ""):
    response = client.get(f"/{lang}/feeds/news.rss{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return response, ET.fromstring(response.content)


def atom(client, lang: str, query: str = ""):
    response = client.get(f"/{lang}/feeds/news.atom{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response, ET.fromstring(response.content)


def rss_links(root) -> list[str]:
    return [item.findtext("link") for item in root.iter("item")]


def atom_links(root) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def slugs(links: list[str]) -> list[str]:
    return [urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1] for link in links]


@pytest.fixture
def three_items(db):
    """Three items, the newest first in the feeds, on different countries and topics."""
    uz = CountryFactory(iso_code="UZ")
    kz = CountryFactory(iso_code="KZ")
    trade = TopicFactory(slug="trade", name_en="Trade", name_ru="Торговля")
    drugs = TopicFactory(slug="drugs", name_en="Drug control", name_ru="Контроль над наркотиками")
    pca = ProgrammeFactory(slug="pca")
    oldest = NewsItemFactory(slug="oldest", published_at=at(2020, 1, 10))
    middle = NewsItemFactory(slug="middle", published_at=at(2021, 5, 1))
    newest = NewsItemFactory(
        slug="newest",
        published_at=at(2021, 11, 23),
        summary_en="The newest summary.",
        summary_ru="Самое новое краткое содержание.",
    )
    oldest.countries.add(uz)
    oldest.topics.add(drugs)
    middle.countries.add(kz)
    middle.topics.add(trade)
    middle.programmes.add(pca)
    newest.countries.add(uz, kz)
    newest.topics.add(trade, drugs)
    return {"oldest": oldest, "middle": middle, "newest": newest}


# --- RSS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rss_feed_is_well_formed_and_in_the_readers_language(client, three_items, lang):
    _, root = rss(client, lang)
    channel = root.find("channel")

    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    assert channel.findtext("language") == lang
    assert channel.findtext("title") == FEED_TITLE[lang]
    assert channel.findtext("link") == f"http://testserver/{lang}/news/"
    assert channel.findtext("description")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rss_items_are_newest_first_and_link_to_the_items_page(client, three_items, lang):
    _, root = rss(client, lang)

    assert rss_links(root) == [
        f"http://testserver/{lang}/news/{slug}/" for slug in ("newest", "middle", "oldest")
    ]
    guids = [item.find("guid") for item in root.iter("item")]
    assert [guid.get("isPermaLink") for guid in guids] == ["false"] * 3
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", guid.text) for guid in guids)
    assert len({guid.text for guid in guids}) == 3


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_entrys_id_stays_when_its_address_changes(client, kind):
    """A feed reader must not see a renamed item as a new one (its old address redirects)."""
    item = NewsItemFactory(slug="before")
    first = feedparser.parse(client.get(f"/en/feeds/news.{kind}").content).entries[0]
    russian = feedparser.parse(client.get(f"/ru/feeds/news.{kind}").content).entries[0]

    item.slug = "after"
    item.save()
    second = feedparser.parse(client.get(f"/en/feeds/news.{kind}").content).entries[0]

    assert first.id == second.id
    assert first.link.endswith("/en/news/before/") and second.link.endswith("/en/news/after/")
    assert russian.id != first.id  # each language's entry is its own


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rss_items_have_title_date_summary_and_topics_in_the_readers_language(
    client, three_items, lang
):
    _, root = rss(client, lang)
    newest = next(root.iter("item"))
    item = three_items["newest"]

    assert newest.findtext("title") == getattr(item, f"title_{lang}")
    assert newest.findtext("description") == getattr(item, f"summary_{lang}")
    assert parsedate_to_datetime(newest.findtext("pubDate")) == at(2021, 11, 23)
    assert sorted(c.text for c in newest.findall("category")) == sorted(
        {"en": ["Trade", "Drug control"], "ru": ["Торговля", "Контроль над наркотиками"]}[lang]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rss_feed_reads_in_feedparser(client, three_items, lang):
    response, _ = rss(client, lang)

    feed = feedparser.parse(response.content)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.language == lang
    assert feed.feed.title == FEED_TITLE[lang]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/{lang}/news/{slug}/" for slug in ("newest", "middle", "oldest")
    ]
    dates = [datetime(*entry.published_parsed[:6], tzinfo=UTC) for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == at(2021, 11, 23)
    assert feed.entries[0].summary == getattr(three_items["newest"], f"summary_{lang}")


# --- Atom ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_is_well_formed_and_in_the_readers_language(client, three_items, lang):
    _, root = atom(client, lang)

    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == lang
    assert root.findtext(f"{ATOM}title") == FEED_TITLE[lang]
    assert root.findtext(f"{ATOM}subtitle")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": f"http://testserver/{lang}/news/",
        "self": f"http://testserver/{lang}/feeds/news.atom",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_entries_are_newest_first_with_dates_and_summaries(client, three_items, lang):
    _, root = atom(client, lang)
    entries = list(root.iter(f"{ATOM}entry"))

    assert atom_links(root) == [
        f"http://testserver/{lang}/news/{slug}/" for slug in ("newest", "middle", "oldest")
    ]
    newest = entries[0]
    item = three_items["newest"]
    assert newest.findtext(f"{ATOM}title") == getattr(item, f"title_{lang}")
    assert newest.findtext(f"{ATOM}summary") == getattr(item, f"summary_{lang}")
    assert datetime.fromisoformat(newest.findtext(f"{ATOM}published")) == at(2021, 11, 23)
    assert datetime.fromisoformat(newest.findtext(f"{ATOM}updated"))
    assert newest.findtext(f"{ATOM}id")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_reads_in_feedparser(client, three_items, lang):
    response, _ = atom(client, lang)

    feed = feedparser.parse(response.content)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/{lang}/news/{slug}/" for slug in ("newest", "middle", "oldest")
    ]
    assert feed.entries[0].summary == getattr(three_items["newest"], f"summary_{lang}")
    assert datetime(*feed.entries[0].published_parsed[:6], tzinfo=UTC) == at(2021, 11, 23)


SITE_NAME = {
    "en": "Cross-Border Cooperation in Central Asia",
    "ru": "Трансграничное сотрудничество в Центральной Азии",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_names_its_author_as_the_standard_requires(client, three_items, lang):
    """RFC 4287 4.1.1: a feed without an author needs one on every entry; validators refuse
    it otherwise."""
    response, root = atom(client, lang)

    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == SITE_NAME[lang]
    assert feedparser.parse(response.content).feed.author == SITE_NAME[lang]


# --- length, filters, malformed filters ---------------------------------------------------------


def test_feeds_carry_the_20_newest_items(client):
    items = [NewsItemFactory(published_at=at(2021, 1, 1) + timedelta(days=n)) for n in range(25)]

    _, rss_root = rss(client, "en")
    _, atom_root = atom(client, "en")

    expected = [item.slug for item in reversed(items)][:20]
    assert slugs(rss_links(rss_root)) == expected
    assert slugs(atom_links(atom_root)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=uz", ["newest", "oldest"]),
        ("?country=UZ", ["newest", "oldest"]),
        ("?country=kz", ["newest", "middle"]),
        ("?topic=trade", ["newest", "middle"]),
        ("?topic=drugs", ["newest", "oldest"]),
        ("?programme=pca", ["middle"]),
        ("?year=2020", ["oldest"]),
        ("?year=2021&country=uz", ["newest"]),
        ("?country=uz&topic=trade", ["newest"]),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_filtered_feeds_are_narrower(client, three_items, lang, query, expected):
    _, rss_root = rss(client, lang, query)
    _, atom_root = atom(client, lang, query)

    assert slugs(rss_links(rss_root)) == expected
    assert slugs(atom_links(atom_root)) == expected


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("en", "?topic=trade", "News: Trade — Cross-Border Cooperation in Central Asia"),
        (
            "ru",
            "?year=2021&topic=drugs",
            "Новости: 2021, Контроль над наркотиками — "
            "Трансграничное сотрудничество в Центральной Азии",
        ),
    ],
)
def test_a_filtered_feed_names_its_filters_in_its_title(client, three_items, lang, query, title):
    """A reader subscribed to several filtered feeds can tell them apart."""
    _, rss_root = rss(client, lang, query)
    _, atom_root = atom(client, lang, query)

    assert rss_root.find("channel").findtext("title") == title
    assert atom_root.findtext(f"{ATOM}title") == title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filtered_feed_names_its_filters_in_its_own_links(client, three_items, lang):
    _, rss_root = rss(client, lang, "?country=UZ&topic=trade")
    _, atom_root = atom(client, lang, "?country=UZ&topic=trade")

    channel_link = urlsplit(rss_root.find("channel").findtext("link"))
    assert channel_link.path == f"/{lang}/news/"
    assert parse_qs(channel_link.query) == {"country": ["uz"], "topic": ["trade"]}
    self_link = rss_root.find("channel").find(f"{ATOM}link").get("href")
    assert urlsplit(self_link).path == f"/{lang}/feeds/news.rss"
    assert parse_qs(urlsplit(self_link).query) == {"country": ["uz"], "topic": ["trade"]}
    links = {link.get("rel"): link.get("href") for link in atom_root.findall(f"{ATOM}link")}
    assert urlsplit(links["self"]).path == f"/{lang}/feeds/news.atom"
    assert parse_qs(urlsplit(links["self"]).query) == {"country": ["uz"], "topic": ["trade"]}


@pytest.mark.parametrize(
    "query",
    [
        "?country=zz",
        "?country=%3Cscript%3E",
        "?year=abc",
        "?year=1999",
        "?topic=nope",
        "?programme=nope",
        "?country=uz&year=abc",
        "?topic=%00",
        "?country=u%00",
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_malformed_filter_is_a_400_page_naming_each_filter(client, three_items, lang, kind, query):
    """Not an empty feed, which would look like a quiet one for ever."""
    response = client.get(f"/{lang}/feeds/news.{kind}{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "public" not in response.get("Cache-Control", "")
    root = page(response)
    assert root.get("html").attrs["lang"] == lang
    named = [item.get("code").text for item in root.get("ul", class_="field-errors").find_all("li")]
    asked = set(parse_qs(urlsplit(query).query))
    assert named and set(named) <= asked
    if len(asked) == 1:
        assert named == list(asked)
    main = root.get("main")
    assert main.find("a", href=f"/{lang}/feeds/news.{kind}") is not None
    assert main.find("a", href=f"/{lang}/news/") is not None
    if lang == "ru":
        text = visible_text(root, skip_lang="en")
        assert "Фильтры этой ленты не распознаны" in text
        assert [s for s in english_interface_strings() if contains_word(text, s)] == []


@pytest.mark.parametrize(
    ("lang", "error"),
    [
        ("en", "Country (country): Unknown country code “ZZ”: use a two-letter code, such as UZ."),
        (
            "ru",
            "Страна (country): Неизвестный код страны «ZZ»: "
            "укажите двухбуквенный код, например UZ.",
        ),
    ],
)
def test_the_refusal_says_what_is_wrong_in_the_readers_language(client, lang, error):
    response = client.get(f"/{lang}/feeds/news.rss?country=zz")

    errors = page(response).get("ul", class_="field-errors").find_all("li")
    assert [item.clean_text for item in errors] == [error]


def test_unpublished_programme_filter_is_refused_as_unknown(client, three_items):
    hidden = ProgrammeFactory(slug="hidden", is_published=False)
    three_items["middle"].programmes.add(hidden)

    response = client.get("/en/feeds/news.rss?programme=hidden")

    assert response.status_code == 400
    assert "Unknown programme “hidden”" in page(response).get("main").clean_text
    assert hidden.title_en not in response.content.decode()


def test_feed_ignores_the_page_parameter_of_the_list(client, three_items):
    _, root = rss(client, "en", "?country=uz&page=2")

    assert slugs(rss_links(root)) == ["newest", "oldest"]


def test_empty_feed_is_valid(client):
    _, rss_root = rss(client, "ru")
    _, atom_root = atom(client, "ru")

    assert list(rss_root.iter("item")) == []
    assert list(atom_root.iter(f"{ATOM}entry")) == []


def test_untranslated_item_is_in_the_russian_feed_with_its_english_title(client):
    item = NewsItemFactory(title_ru="", body_ru="", title_en="Only in English")

    _, root = rss(client, "ru")

    assert next(root.iter("item")).findtext("title") == "Only in English (на английском)"
    assert rss_links(root) == [f"http://testserver/ru/news/{item.slug}/"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_control_characters_pasted_into_a_text_do_not_break_the_feed(client, kind):
    """A vertical tab (Shift+Enter in a word processor) is not allowed in XML 1.0: the feed
    leaves it out instead of failing as a whole."""
    NewsItemFactory(title_en="Border\x0bofficers meet", summary_en="Line one\x0bline two\x1f.")

    response = client.get(f"/en/feeds/news.{kind}")

    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Borderofficers meet"
    assert parsed.entries[0].summary == "Line oneline two."


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_russian_feeds_say_which_items_are_in_english(client, kind):
    NewsItemFactory(slug="english", title_en="Officers trained in Termez", title_ru="")
    NewsItemFactory(slug="both", title_en="Roundtable in Osh", title_ru="Круглый стол в Оше")

    russian = feedparser.parse(client.get(f"/ru/feeds/news.{kind}").content)
    english = feedparser.parse(client.get(f"/en/feeds/news.{kind}").content)

    assert sorted(entry.title for entry in russian.entries) == [
        "Officers trained in Termez (на английском)",
        "Круглый стол в Оше",
    ]
    assert sorted(entry.title for entry in english.entries) == [
        "Officers trained in Termez",
        "Roundtable in Osh",
    ]


def test_the_russian_atom_feed_marks_the_entries_written_in_english(client):
    """Their text is English: a feed reader or a screen reader reads it as English."""
    NewsItemFactory(slug="english", title_ru="", body_ru="", summary_ru="")
    NewsItemFactory(slug="both")

    _, russian = atom(client, "ru")
    _, english = atom(client, "en")

    assert russian.get(XML_LANG) == "ru"
    assert {
        slugs([entry.find(f"{ATOM}link").get("href")])[0]: entry.get(XML_LANG)
        for entry in russian.iter(f"{ATOM}entry")
    } == {"english": "en", "both": None}
    assert [entry.get(XML_LANG) for entry in english.iter(f"{ATOM}entry")] == [None, None]
    parsed = feedparser.parse(client.get("/ru/feeds/news.atom").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert {
        entry.link.rstrip("/").rsplit("/", 1)[-1]: entry.title_detail.language
        for entry in parsed.entries
    } == {"english": "en", "both": "ru"}
