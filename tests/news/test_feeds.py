"""The RSS 2.0 and Atom feeds, per language and narrowed by the news list's filters.

Each feed is read twice: by feedparser, as a feed reader would, and by ElementTree, which
accepts only well-formed XML.
"""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.factories import CountryFactory, NewsItemFactory, ProgrammeFactory, TopicFactory

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
    guids = [item.findtext("guid") for item in root.iter("item")]
    assert guids == rss_links(root)


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
        ("en", "?topic=nope", "News — Cross-Border Cooperation in Central Asia"),
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
@pytest.mark.parametrize("lang", LANGUAGES)
def test_malformed_filter_gives_an_empty_valid_feed(client, three_items, lang, query):
    rss_response, rss_root = rss(client, lang, query)
    atom_response, atom_root = atom(client, lang, query)

    assert list(rss_root.iter("item")) == []
    assert list(atom_root.iter(f"{ATOM}entry")) == []
    assert rss_root.find("channel").findtext("language") == lang
    assert atom_root.get(XML_LANG) == lang
    for response in (rss_response, atom_response):
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0
        assert feed.entries == []


def test_unpublished_programme_filter_gives_an_empty_feed(client, three_items):
    hidden = ProgrammeFactory(slug="hidden", is_published=False)
    three_items["middle"].programmes.add(hidden)

    _, root = rss(client, "en", "?programme=hidden")

    assert list(root.iter("item")) == []


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
