"""The public site as a whole: every page in both languages, the home page, the language
redirect, <head> metadata, the language switcher, the English fallback, 404 and 500 pages,
and the number of SQL queries of every list."""

import re
from datetime import datetime
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from apps.blos.models import BorderLiaisonOffice
from apps.programmes.models import Programme
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)
from tests.page_helpers import (
    contains_word,
    count_queries,
    english_interface_strings,
    page,
    visible_text,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]
OTHER = {"en": "ru", "ru": "en"}
TASHKENT = ZoneInfo("Asia/Tashkent")

# name → address of every kind of HTML page, given the public_site fixture and a language.
HTML_PAGES = {
    "home": lambda s, lang: f"/{lang}/",
    "news list": lambda s, lang: f"/{lang}/news/",
    "news item": lambda s, lang: f"/{lang}/news/{s.item.slug}/",
    "BLO directory": lambda s, lang: f"/{lang}/blos/",
    "BLO page": lambda s, lang: f"/{lang}/blos/{s.blo.slug}/",
    "programmes": lambda s, lang: f"/{lang}/programmes/",
    "programme page": lambda s, lang: f"/{lang}/programmes/{s.programme.slug}/",
    "component page": lambda s, lang: f"/{lang}/programmes/{s.component.slug}/",
    "contacts": lambda s, lang: f"/{lang}/contacts/",
    "search form": lambda s, lang: f"/{lang}/search/",
    "search results": lambda s, lang: (
        f"/{lang}/search/?q={'Tashkent' if lang == 'en' else 'Ташкенте'}"
    ),
}
FEEDS = {
    "RSS feed": (lambda lang: f"/{lang}/feeds/news.rss", "application/rss+xml"),
    "Atom feed": (lambda lang: f"/{lang}/feeds/news.atom", "application/atom+xml"),
}

# The interface in each language: words of the header, which every page has.
NAV_WORDS = {
    "en": ["News", "Border Liaison Offices", "Programmes", "Contacts", "Search"],
    "ru": ["Новости", "Пограничные офисы связи", "Программы", "Контакты", "Найти"],
}
# English interface words that must never show on a Russian page.
ENGLISH_UI_WORDS = [
    "News",
    "Border Liaison Offices",
    "Programmes",
    "Contacts",
    "Search",
    "Search the news",
    "Home",
    "Latest news",
    "Press contacts",
    "Related news",
    "Skip to content",
    "in English",
    "Page not found",
    "established",
    "Cross-Border Cooperation",
]


def html_page_params():
    return [
        pytest.param(name, lang, id=f"{lang}-{name.replace(' ', '-')}")
        for name in HTML_PAGES
        for lang in LANGUAGES
    ]


# --- every page, in both languages ------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), html_page_params())
def test_every_public_page_answers_200_with_html_lang_of_its_language(
    client, public_site, name, lang
):
    response = client.get(HTML_PAGES[name](public_site, lang))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert page(response).get("html").attrs["lang"] == lang
    assert response["Content-Language"] == lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_answer_200_in_both_languages(client, public_site, feed, lang):
    url, content_type = FEEDS[feed]
    response = client.get(url(lang))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["no-such-page/", "news/no-such-item/", "blos/no-such-blo/", "programmes/nothing/"]
)
def test_unknown_address_is_404_in_both_languages(client, public_site, lang, path):
    response = client.get(f"/{lang}/{path}")

    assert response.status_code == 404
    assert page(response).get("html").attrs["lang"] == lang


@pytest.mark.parametrize(("name", "lang"), [p for p in html_page_params() if p.values[1] == "ru"])
def test_russian_pages_show_the_interface_in_russian_only(client, public_site, name, lang):
    text = visible_text(page(client.get(HTML_PAGES[name](public_site, lang))), skip_lang="en")

    for word in NAV_WORDS["ru"]:
        assert word in text
    leaked = [word for word in ENGLISH_UI_WORDS if contains_word(text, word)]
    assert leaked == []


@pytest.mark.parametrize(("name", "lang"), [p for p in html_page_params() if p.values[1] == "ru"])
def test_russian_pages_contain_no_english_interface_string_of_the_catalogue(
    client, public_site, name, lang
):
    text = visible_text(page(client.get(HTML_PAGES[name](public_site, lang))), skip_lang="en")

    leaked = [s for s in english_interface_strings() if contains_word(text, s)]
    assert leaked == []


@pytest.mark.parametrize(("name", "lang"), [p for p in html_page_params() if p.values[1] == "en"])
def test_english_pages_show_no_russian_text(client, public_site, name, lang):
    text = visible_text(page(client.get(HTML_PAGES[name](public_site, lang))), skip_lang="ru")

    for word in NAV_WORDS["en"]:
        assert word in text
    assert re.findall(r"[А-Яа-яЁё]+", text) == []


def test_russian_404_page_is_in_russian(client):
    text = visible_text(page(client.get("/ru/no-such-page/")), skip_lang="en")

    assert "Страница не найдена" in text
    assert [word for word in ENGLISH_UI_WORDS if contains_word(text, word)] == []


# --- home ---------------------------------------------------------------------------------------


def stats(client, lang: str) -> list[str]:
    root = page(client.get(f"/{lang}/"))
    return [li.clean_text for li in root.find_all("li", class_="stat")]


@pytest.mark.parametrize(
    ("lang", "home", "news"),
    [
        ("en", "Cross-Border Cooperation in Central Asia", "News · Cross-Border Cooperation"),
        (
            "ru",
            "Трансграничное сотрудничество в Центральной Азии",
            "Новости · Трансграничное сотрудничество",
        ),
    ],
)
def test_home_is_titled_with_the_sites_name_alone(client, lang, home, news):
    assert page(client.get(f"/{lang}/")).get("title").text == home
    assert page(client.get(f"/{lang}/news/")).get("title").text == news


def test_home_counts_established_blos_their_borders_and_those_being_established(client):
    first, second, third = BorderFactory(), BorderFactory(), BorderFactory()
    BorderLiaisonOfficeFactory.create_batch(2, border=first)
    BorderLiaisonOfficeFactory(border=second)
    BorderLiaisonOfficeFactory(border=third, status=BorderLiaisonOffice.Status.BEING_ESTABLISHED)
    BorderLiaisonOfficeFactory(border=third, is_published=False)
    BorderLiaisonOfficeFactory(
        border=third, status=BorderLiaisonOffice.Status.BEING_ESTABLISHED, is_published=False
    )
    BorderLiaisonOfficeFactory(border=third, status=BorderLiaisonOffice.Status.PLANNED)

    assert stats(client, "en") == [
        "3 offices established on 2 borders",
        "1 office being established",
    ]
    assert stats(client, "ru") == [
        "3 офиса создано на 2 границах",
        "1 офис в стадии создания",
    ]


@pytest.mark.parametrize(
    ("established", "russian", "english"),
    [
        (0, "0 офисов создано на 0 границах", "0 offices established on 0 borders"),
        (1, "1 офис создан на 1 границе", "1 office established on 1 border"),
        (3, "3 офиса создано на 1 границе", "3 offices established on 1 border"),
        (19, "19 офисов создано на 1 границе", "19 offices established on 1 border"),
        (21, "21 офис создан на 1 границе", "21 offices established on 1 border"),
    ],
)
def test_home_established_count_takes_the_plural_form_of_its_number(
    client, established, russian, english
):
    border = BorderFactory()
    BorderLiaisonOfficeFactory.create_batch(established, border=border)

    assert stats(client, "ru")[0] == russian
    assert stats(client, "en")[0] == english


@pytest.mark.parametrize(
    ("being_established", "russian"),
    [
        (1, "1 офис в стадии создания"),
        (2, "2 офиса в стадии создания"),
        (6, "6 офисов в стадии создания"),
    ],
)
def test_home_count_of_blos_being_established_takes_the_russian_plural_form(
    client, being_established, russian
):
    BorderLiaisonOfficeFactory.create_batch(
        being_established, status=BorderLiaisonOffice.Status.BEING_ESTABLISHED
    )

    assert stats(client, "ru")[1] == russian


def test_home_shows_the_five_latest_public_news_items_newest_first(client):
    items = [
        NewsItemFactory(published_at=datetime(2021, 11, day, 10, tzinfo=TASHKENT))
        for day in range(1, 8)
    ]
    NewsItemFactory(draft=True)
    NewsItemFactory(scheduled=True)

    root = page(client.get("/en/"))

    links = [a.attrs["href"] for a in root.find_all("a") if a.parent.tag == "h3"]
    assert links == [f"/en/news/{item.slug}/" for item in reversed(items[2:])]


def test_home_lists_programmes_with_their_published_components_only(client):
    programme = ProgrammeFactory(title_en="Programme for Central Asia")
    ProgrammeFactory(parent=programme, title_en="Cross-Border Cooperation Component")
    ProgrammeFactory(parent=programme, title_en="Hidden component", is_published=False)
    ProgrammeFactory(title_en="Hidden programme", is_published=False)

    root = page(client.get("/en/"))
    section = root.get("section", aria_labelledby="programmes-heading")

    assert [a.text for a in section.find_all("a")] == [
        "Programme for Central Asia",
        "Cross-Border Cooperation Component",
    ]


def test_home_without_content_says_so_in_russian(client):
    text = visible_text(page(client.get("/ru/")))

    assert "Новостей пока нет." in text
    assert "0 офисов создано" in text


# --- the language redirect ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        (None, "/en/"),
        ("en", "/en/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("ru", "/ru/"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("uz,ru;q=0.8", "/ru/"),
        ("de,fr;q=0.8", "/en/"),
    ],
)
def test_root_redirects_by_accept_language_with_english_by_default(
    client, accept_language, expected
):
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(("accept_language", "lang"), [("ru", "ru"), ("en", "en")])
def test_unprefixed_page_address_redirects_to_the_readers_language(
    client, public_site, accept_language, lang
):
    response = client.get(
        f"/news/{public_site.item.slug}/", headers={"Accept-Language": accept_language}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/news/{public_site.item.slug}/"


# --- <head> metadata ----------------------------------------------------------------------------


def head_of(client, url):
    root = page(client.get(url))
    head = root.get("head")
    return root, head


def alternates(head, kind: str = "hreflang") -> dict[str, str]:
    """The head's alternate links by language, or (``kind="type"``) by feed type."""
    return {
        link.attrs[kind]: link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if kind in link.attrs
    }


def feed_links(head) -> dict[str, str]:
    return alternates(head, "type")


def meta_property(head, name: str) -> str:
    return head.get("meta", property=name).attrs["content"]


@pytest.mark.parametrize(("name", "lang"), html_page_params())
def test_every_page_has_title_description_canonical_hreflang_and_open_graph(
    client, public_site, name, lang
):
    url = HTML_PAGES[name](public_site, lang)
    path = url.split("?")[0]
    _, head = head_of(client, url)
    site_name = {"en": "Cross-Border Cooperation", "ru": "Трансграничное сотрудничество"}[lang]

    title = head.get("title").clean_text
    if name == "home":  # the site's whole name alone
        assert title.startswith(f"{site_name} ")
    else:
        assert title.endswith(f" · {site_name}")
        assert len(title) > len(site_name) + 3
    assert head.get("meta", name="description").attrs["content"].strip()
    canonical = head.get("link", rel="canonical").attrs["href"]
    assert canonical == f"http://testserver{path}"
    other_path = f"/{OTHER[lang]}/" + path.removeprefix(f"/{lang}/")
    assert alternates(head) == {
        lang: f"http://testserver{path}",
        OTHER[lang]: f"http://testserver{other_path}",
        "x-default": "http://testserver/" + path.removeprefix(f"/{lang}/").lstrip("/"),
    }
    assert meta_property(head, "og:title").strip()
    assert meta_property(head, "og:description").strip()
    assert meta_property(head, "og:url") == canonical
    assert meta_property(head, "og:locale") == {"en": "en_GB", "ru": "ru_RU"}[lang]
    assert meta_property(head, "og:type") == ("article" if name == "news item" else "website")
    assert feed_links(head) == {
        "application/rss+xml": f"/{lang}/feeds/news.rss",
        "application/atom+xml": f"/{lang}/feeds/news.atom",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_x_default_address_leads_to_the_page_in_the_readers_language(client, public_site, lang):
    _, head = head_of(client, f"/{lang}/news/{public_site.item.slug}/")
    x_default = alternates(head)["x-default"].removeprefix("http://testserver")

    response = client.get(x_default, headers={"Accept-Language": lang})

    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/news/{public_site.item.slug}/"


def test_canonical_of_a_later_list_page_names_the_page(client):
    NewsItemFactory.create_batch(21)

    _, head = head_of(client, "/en/news/?page=2")

    assert head.get("link", rel="canonical").attrs["href"] == "http://testserver/en/news/?page=2"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_item_title_and_description_are_the_items_own(client, public_site, lang):
    item = public_site.item
    _, head = head_of(client, f"/{lang}/news/{item.slug}/")
    title = {"en": item.title_en, "ru": item.title_ru}[lang]
    summary = {"en": item.summary_en, "ru": item.summary_ru}[lang]

    assert head.get("title").clean_text.startswith(title)
    assert head.get("meta", name="description").attrs["content"] == summary
    assert meta_property(head, "og:title") == title
    assert meta_property(head, "og:description") == summary


# --- the language switcher ----------------------------------------------------------------------


SWITCHER_QUERIES = {
    "news list": "?country=uz&topic=border-management&year=2021",
    "search results": "&page=1",
}


def switcher_links(root) -> dict[str, str]:
    nav = root.get("nav", class_="lang-switcher")
    return {a.attrs["hreflang"]: a.attrs["href"] for a in nav.find_all("a")}


@pytest.mark.parametrize(("name", "lang"), html_page_params())
def test_language_switcher_links_to_the_same_page_in_the_other_language(
    client, public_site, name, lang
):
    url = HTML_PAGES[name](public_site, lang) + SWITCHER_QUERIES.get(name, "")
    response = client.get(url)
    root = page(response)

    full_path = response.wsgi_request.get_full_path()
    if name == "search results":
        # Each language finds other items: the switch keeps the words, not the page number.
        query = urlencode({"q": response.wsgi_request.GET["q"]})
        full_path = f"/{lang}/search/?{query}"
    assert switcher_links(root) == {
        OTHER[lang]: f"/{OTHER[lang]}/" + full_path.removeprefix(f"/{lang}/")
    }
    current = root.get("nav", class_="lang-switcher").get("span", aria_current="page")
    assert current.attrs["lang"] == lang


def test_language_switcher_keeps_the_query_string_of_a_filtered_list(client, public_site):
    root = page(client.get("/en/news/?country=uz&year=2021&page=1"))

    assert switcher_links(root) == {"ru": "/ru/news/?country=uz&year=2021&page=1"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_on_a_404_page_leads_to_the_other_language(client, lang):
    root = page(client.get(f"/{lang}/no-such-page/"))

    assert switcher_links(root) == {OTHER[lang]: f"/{OTHER[lang]}/no-such-page/"}
    # No canonical or hreflang links: they would name missing addresses as pages.
    assert alternates(root.get("head")) == {}
    assert root.get("head").find("link", rel="canonical") is None


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/%2F/evil.example/", {}),  # PATH_INFO ///evil.example/
        ("/", {"PATH_INFO": "//evil.example/en/news/"}),  # GET //evil.example/en/news/
        ("/%5C/evil.example/en/news/", {}),  # /\/evil.example/…, which browsers read as //
    ],
)
def test_a_404_for_an_address_starting_with_two_slashes_links_only_to_this_site(
    client, path, extra
):
    """The language links, canonical, hreflang and og:url of the 404 page are built from the
    request's path: ``//evil.example/…`` must not become a link to another host."""
    response = client.get(path, **extra)
    assert response.status_code == 404

    addresses = re.findall(r'(?:href|content)="((?:https?:)?/[^"]*)"', response.content.decode())
    assert any("evil.example" in address for address in addresses)  # the path is used
    for address in addresses:
        assert not address.startswith(("//", "/\\")), address
        assert urlsplit(address).netloc in ("", "testserver"), address


# --- the English fallback -----------------------------------------------------------------------


@pytest.fixture
def untranslated_item(public_site):
    """A news item whose Russian title and body are still missing."""
    item = NewsItemFactory(
        slug="untranslated",
        title_en="Border officers trained in Termez",
        title_ru="",
        body_en="<p>Officers trained together in Termez.</p>",
        body_ru="",
    )
    item.programmes.add(public_site.programme)
    return item


FALLBACK_NOTICE = "Эта страница ещё не переведена на русский язык"


def test_untranslated_item_is_shown_in_english_on_its_russian_page(client, untranslated_item):
    response = client.get(f"/ru/news/{untranslated_item.slug}/")
    root = page(response)

    assert response.status_code == 200
    assert root.get("html").attrs["lang"] == "ru"
    title = root.get("h1")
    assert title.text == "Border officers trained in Termez"
    assert title.closest_lang() == "en"
    body = root.get("div", class_="body")
    assert "Officers trained together in Termez." in body.text
    assert body.closest_lang() == "en"
    notice = root.get("p", class_="notice")
    assert notice.text.startswith(FALLBACK_NOTICE)
    assert notice.closest_lang() == "ru"


def test_translated_parts_of_an_unpublished_translation_are_not_shown(client, untranslated_item):
    """A Russian version is public only once it is published (``russian_ready``): until then
    the whole item is shown in English, even the parts that already have Russian text."""
    assert untranslated_item.russian_ready is False
    root = page(client.get(f"/ru/news/{untranslated_item.slug}/"))

    summary = root.get("p", class_="summary")
    assert summary.text == untranslated_item.summary_en
    assert summary.closest_lang() == "en"
    dateline = root.get("p", class_="meta").get("span")
    assert (dateline.text, dateline.closest_lang()) == (untranslated_item.dateline_en, "en")
    text = visible_text(root)
    assert untranslated_item.summary_ru not in text
    assert untranslated_item.dateline_ru not in text
    assert root.get("p", class_="notice").text.startswith(FALLBACK_NOTICE)


def test_complete_item_has_no_fallback_notice(client, public_site):
    root = page(client.get(f"/ru/news/{public_site.item.slug}/"))

    assert root.find("p", class_="notice") is None
    assert root.get("h1").closest_lang() == "ru"
    assert FALLBACK_NOTICE not in visible_text(root)


def test_untranslated_item_offers_no_russian_version(client, untranslated_item):
    for lang in LANGUAGES:
        root = page(client.get(f"/{lang}/news/{untranslated_item.slug}/"))
        assert set(alternates(root.get("head"))) == {"en", "x-default"}
    english = client.get(f"/en/news/{untranslated_item.slug}/").content.decode()
    assert "Эта статья на русском языке" not in english


def test_untranslated_item_page_links_to_the_english_article(client, untranslated_item):
    root = page(client.get(f"/ru/news/{untranslated_item.slug}/"))

    link = root.get("p", class_="other-language").get("a")
    assert link.text == "This article in English"
    assert link.attrs["href"] == f"/en/news/{untranslated_item.slug}/"
    assert link.attrs["lang"] == "en"


def test_complete_item_links_each_language_version_to_the_other(client, public_site):
    slug = public_site.item.slug
    english = page(client.get(f"/en/news/{slug}/")).get("p", class_="other-language").get("a")
    russian = page(client.get(f"/ru/news/{slug}/")).get("p", class_="other-language").get("a")

    assert (english.text, english.attrs["href"], english.attrs["lang"]) == (
        "Эта статья на русском языке",
        f"/ru/news/{slug}/",
        "ru",
    )
    assert (russian.text, russian.attrs["href"], russian.attrs["lang"]) == (
        "This article in English",
        f"/en/news/{slug}/",
        "en",
    )


@pytest.mark.parametrize("url", ["/ru/", "/ru/news/", "/ru/programmes/programme-central-asia/"])
def test_untranslated_item_appears_in_russian_lists_marked_in_english(
    client, untranslated_item, url
):
    root = page(client.get(url))

    link = root.get("a", href=f"/ru/news/{untranslated_item.slug}/")
    assert link.text == "Border officers trained in Termez"
    assert link.attrs["lang"] == "en"
    badge = link.parent.get("span", class_="badge")
    assert badge.text == "на английском"
    # Its Russian summary is not published: the list shows none of its Russian text.
    assert untranslated_item.summary_ru not in visible_text(root)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "The form could not be sent"), ("ru", "Форму не удалось отправить")],
)
def test_a_post_without_its_csrf_token_gets_a_translated_page(public_site, lang, heading):
    """It was Django's bare "403 Forbidden" page."""
    response = Client(enforce_csrf_checks=True).post(f"/{lang}/news/", {"q": "x"})

    assert response.status_code == 403
    root = page(response)
    assert root.get("html").attrs["lang"] == lang
    assert root.get("h1").clean_text == heading
    assert root.get("a", class_="brand").attrs["href"] == f"/{lang}/"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("/ru/", "cross-border-cooperation"),
        ("/ru/programmes/", "cross-border-cooperation"),
        ("/ru/programmes/programme-central-asia/", "cross-border-cooperation"),
        ("/ru/news/tashkent-roundtable/", "cross-border-cooperation"),
        ("/ru/news/tashkent-roundtable/", "blo-yallama"),
        ("/ru/blos/", "blo-yallama"),
    ],
)
def test_untranslated_programmes_and_offices_are_marked_in_english_in_russian_lists(
    client, public_site, url, slug
):
    """As the news cards are (the README's promise for Russian lists), not only by lang="en"."""
    Programme.objects.filter(slug="cross-border-cooperation").update(title_ru="")
    BorderLiaisonOffice.objects.filter(slug="blo-yallama").update(name_ru="")

    root = page(client.get(url))
    english = page(client.get(url.replace("/ru/", "/en/", 1)))

    (link,) = [  # the map's markers name offices in their tooltips instead
        a
        for a in root.find_all("a")
        if re.fullmatch(f"/ru/.+/{slug}/", a.attrs.get("href", ""))
        and "map-marker" not in a.attrs.get("class", "")
    ]
    assert link.attrs["lang"] == "en"
    badges = link.parent.find_all("span", class_="badge")
    assert [badge.clean_text for badge in badges] == ["на английском"]
    assert english.find("span", class_="badge") is None


def test_russian_search_does_not_find_an_item_whose_russian_is_not_published(
    client, untranslated_item
):
    """Its (unpublished) Russian summary has the word, but Russian readers may not search it."""
    url = "/ru/search/?q=Сотрудники"
    assert "Сотрудники" in untranslated_item.summary_ru

    root = page(client.get(url))
    assert root.find("a", href=f"/ru/news/{untranslated_item.slug}/") is None

    # Once the Russian version is complete and published, Russian search finds it.
    untranslated_item.title_ru = "Пограничники прошли обучение в Термезе"
    untranslated_item.body_ru = "<p>Сотрудники прошли совместное обучение в Термезе.</p>"
    untranslated_item.russian_ready = True
    untranslated_item.save()
    link = page(client.get(url)).get("a", href=f"/ru/news/{untranslated_item.slug}/")
    assert link.text == "Пограничники прошли обучение в Термезе"
    assert "lang" not in link.attrs


def test_translated_item_in_a_russian_list_has_no_badge(client, public_site):
    root = page(client.get("/ru/news/"))

    link = root.get("a", href=f"/ru/news/{public_site.item.slug}/")
    assert link.parent.find("span", class_="badge") is None
    assert "lang" not in link.attrs


def test_untranslated_blo_and_programme_pages_fall_back_to_english(client, public_site):
    blo = BorderLiaisonOfficeFactory(name_ru="", name_en="BLO Ayvadzh", slug="blo-ayvadzh")
    programme = ProgrammeFactory(title_ru="", title_en="Untranslated programme", slug="untr")

    for url, title in [
        (f"/ru/blos/{blo.slug}/", "BLO Ayvadzh"),
        (f"/ru/programmes/{programme.slug}/", "Untranslated programme"),
    ]:
        root = page(client.get(url))
        h1 = root.get("h1")
        assert (h1.text, h1.closest_lang()) == (title, "en")
        assert root.get("p", class_="notice").text.startswith(FALLBACK_NOTICE)
        assert set(alternates(root.get("head"))) == {"en", "x-default"}


# --- 404 and 500 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Page not found"), ("ru", "Страница не найдена")]
)
def test_404_page_is_translated_and_in_the_sites_design(client, lang, heading):
    response = client.get(f"/{lang}/no-such-page/")
    root = page(response)

    assert response.status_code == 404
    assert root.get("h1").text == heading
    assert root.get("title").clean_text.startswith(heading)
    nav = root.get("nav", class_="main-nav")
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        f"/{lang}/news/",
        f"/{lang}/blos/",
        f"/{lang}/programmes/",
        f"/{lang}/contacts/",
    ]
    assert root.find("footer", class_="site-footer") is not None
    assert root.get("meta", name="robots").attrs["content"] == "noindex"


@pytest.mark.parametrize(
    "url", ["/ru/news/draft-example/", "/ru/news/?page=99", "/ru/blos/nowhere/"]
)
def test_404_of_a_known_kind_of_address_is_the_russian_404_page(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert page(response).get("h1").text == "Страница не найдена"


@pytest.mark.parametrize(
    "url", ["/en/feeds/news.rss", "/ru/feeds/news.atom", "/sitemap.xml", "/en/news/"]
)
@pytest.mark.parametrize("method", ["trace", "put", "delete"])
def test_feeds_and_the_sitemap_are_read_only_like_every_page(client, public_site, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"} | (
        {"OPTIONS"} if url == "/en/news/" else set()
    )
    assert client.head(url).status_code == 200


TOO_MANY_PARAMETERS = "&".join(f"a{n}=1" for n in range(1001))


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "The request could not be read"), ("ru", "Не удалось прочитать запрос")],
)
@pytest.mark.parametrize("path", ["news/", "feeds/news.rss", "search/"])
def test_a_request_with_too_many_parameters_gets_a_translated_400_page(client, lang, heading, path):
    """Django refuses more than 1,000 parameters before any view: its own page was English."""
    response = client.get(f"/{lang}/{path}?{TOO_MANY_PARAMETERS}")

    assert response.status_code == 400
    root = page(response)
    assert root.get("h1").text == heading
    assert root.get("html").attrs["lang"] == lang


def test_an_unknown_host_gets_the_russian_400_page_on_a_russian_address(client):
    response = client.get("/ru/news/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert page(response).get("h1").text == "Не удалось прочитать запрос"


@pytest.mark.parametrize(
    ("query", "headers", "lang", "detail"),
    [
        ("", {}, "en", "The request could not be read"),
        ("lang=ru&", {}, "ru", "Не удалось прочитать запрос"),
        ("lang=en&lang=ru&", {}, "ru", "Не удалось прочитать запрос"),
        ("", {"Accept-Language": "ru"}, "ru", "Не удалось прочитать запрос"),
    ],
)
def test_the_api_answers_too_many_parameters_in_json_in_its_language(
    client, query, headers, lang, detail
):
    response = client.get(f"/api/v1/news/?{query}{TOO_MANY_PARAMETERS}", headers=headers)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == lang
    assert response.json()["detail"].startswith(detail)
    assert detail.encode() in response.content  # UTF-8, as the API's other answers
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def raising_urls(settings, client):
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("lang", "heading", "title"),
    [
        ("en", "Something went wrong", "Server error"),
        ("ru", "Что-то пошло не так", "Ошибка сервера"),
    ],
)
def test_500_page_is_translated(raising_urls, lang, heading, title):
    response = raising_urls.get(f"/{lang}/boom/")
    root = page(response)

    assert response.status_code == 500
    assert root.get("html").attrs["lang"] == lang
    assert root.get("h1").text == heading
    assert root.get("title").clean_text.startswith(title)
    assert root.find("header", class_="site-header") is not None
    if lang == "ru":
        text = visible_text(root)
        assert [word for word in ENGLISH_UI_WORDS if contains_word(text, word)] == []


# --- nothing unpublished leaks -----------------------------------------------------------------


@pytest.fixture
def hidden_things(public_site):
    """One unpublished object of every kind, each tied to the public site's objects."""
    hidden_office = OfficeFactory(
        name_en="Zeta Hidden Office", name_ru="Зета скрытый офис", is_published=False
    )
    things = {
        "blo": BorderLiaisonOfficeFactory(
            slug="zeta-hidden-blo",
            name_en="Zeta Hidden BLO",
            name_ru="Зета скрытый ПОС",
            border=public_site.border,
            host_country=public_site.uz,
            is_published=False,
        ),
        "programme": ProgrammeFactory(
            slug="zeta-hidden-programme",
            title_en="Zeta Hidden Programme",
            title_ru="Зета скрытая программа",
            is_published=False,
        ),
        "component": ProgrammeFactory(
            slug="zeta-hidden-component",
            parent=public_site.programme,
            title_en="Zeta Hidden Component",
            title_ru="Зета скрытый компонент",
            is_published=False,
        ),
        "contact": ContactFactory(
            office=public_site.office,
            full_name_en="Zeta Hidden Contact",
            full_name_ru="Зета скрытый контакт",
            email="zeta.hidden@example.org",
            is_press_contact=True,
            is_published=False,
        ),
        "office_contact": ContactFactory(
            office=hidden_office,
            full_name_en="Zeta Contact Of Hidden Office",
            full_name_ru="Зета контакт скрытого офиса",
            is_press_contact=True,
        ),
    }
    item = public_site.item
    item.blos.add(things["blo"])
    item.programmes.add(things["programme"], things["component"])
    item.contacts.add(things["contact"], things["office_contact"])
    public_site.blo.programme = things["programme"]
    public_site.blo.contact = things["contact"]
    public_site.blo.save()
    return things


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_objects_appear_on_no_public_page_feed_or_sitemap(
    client, public_site, hidden_things, lang
):
    urls = [HTML_PAGES[name](public_site, lang) for name in HTML_PAGES]
    urls += [FEEDS[feed][0](lang) for feed in FEEDS]
    urls += ["/sitemap.xml"]

    for query in ("Zeta", "Зета"):
        root = page(client.get(f"/{lang}/search/?q={query}"))
        assert root.find_all("article", class_="card") == []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Zeta" not in content, url
        assert "Зета" not in content, url
        assert "zeta" not in content, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_blos_and_programmes_have_no_page(client, hidden_things, lang):
    for url in [
        f"/{lang}/blos/zeta-hidden-blo/",
        f"/{lang}/programmes/zeta-hidden-programme/",
        f"/{lang}/programmes/zeta-hidden-component/",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["news", "blos", "programmes"])
def test_an_address_typed_with_capitals_leads_to_the_page(client, lang, kind):
    """Slugs are stored in lower case; "/en/news/BLO-Opens/" is the same page, not a 404."""
    factory = {
        "news": NewsItemFactory,
        "blos": BorderLiaisonOfficeFactory,
        "programmes": ProgrammeFactory,
    }[kind]
    factory(slug="blo-opens-at-dostyk")

    response = client.get(f"/{lang}/{kind}/BLO-Opens-at-Dostyk/?utm_source=mail")

    assert response.status_code == 301
    assert response["Location"] == f"/{lang}/{kind}/blo-opens-at-dostyk/?utm_source=mail"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_address_with_capitals_of_an_unpublished_page_leads_only_to_a_404(
    client, hidden_things, lang
):
    """The redirect is the same whether the page exists or not: it tells nothing."""
    response = client.get(f"/{lang}/blos/Zeta-Hidden-BLO/", follow=True)

    assert response.redirect_chain == [(f"/{lang}/blos/zeta-hidden-blo/", 301)]
    assert response.status_code == 404


# --- SQL queries of the lists -------------------------------------------------------------------

QUERY_PAGES = {
    "home": "/{lang}/",
    "news list": "/{lang}/news/",
    "BLO directory": "/{lang}/blos/",
    "programmes": "/{lang}/programmes/",
    "contacts": "/{lang}/contacts/",
    "search": "/{lang}/search/?q={word}",
    "RSS feed": "/{lang}/feeds/news.rss",
    "Atom feed": "/{lang}/feeds/news.atom",
    "sitemap": "/sitemap.xml",
}
# Measured once with 5 and with 50 items (the same on SQLite and PostgreSQL, in both
# languages); a list that starts querying once per item breaks them.
QUERY_BUDGET = {
    "home": 6,
    "news list": 8,
    "BLO directory": 4,  # the offices, their borders, their host countries, the map's names
    "programmes": 2,
    "contacts": 2,
    "search": 4,
    # Each with the last change of public content, which their Last-Modified may not precede.
    "RSS feed": 4,
    "Atom feed": 4,
    "sitemap": 5,
}
SEARCH_WORD = {"en": "Officers", "ru": "Сотрудники"}


def add_content(n: int):
    """``n`` of everything, each news item linked to a country, topic, programme, BLO, contact."""
    for _ in range(n):
        country = CountryFactory()
        topic = TopicFactory()
        programme = ProgrammeFactory()
        component = ProgrammeFactory(parent=programme)
        office = OfficeFactory(country=country)
        contact = ContactFactory(office=office, is_press_contact=True)
        ContactFactory(office=office, is_press_contact=True)
        blo = BorderLiaisonOfficeFactory(programme=component, contact=contact)
        item = NewsItemFactory()
        item.countries.add(country)
        item.topics.add(topic)
        item.programmes.add(programme, component)
        item.blos.add(blo)
        item.contacts.add(contact)


def measure(client, lang: str) -> dict[str, int]:
    return {
        name: count_queries(client, url.format(lang=lang, word=SEARCH_WORD[lang]))
        for name, url in QUERY_PAGES.items()
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_list_pages_run_as_many_queries_for_50_items_as_for_5(
    client, lang, django_assert_max_num_queries
):
    add_content(5)
    with_5 = measure(client, lang)
    add_content(45)
    with_50 = measure(client, lang)

    assert with_50 == with_5
    for name, url in QUERY_PAGES.items():
        with django_assert_max_num_queries(QUERY_BUDGET[name]):
            client.get(url.format(lang=lang, word=SEARCH_WORD[lang]))


def test_list_pages_show_50_items_where_they_list_everything(client):
    add_content(50)

    root = page(client.get("/en/blos/"))
    assert len(root.find_all("a", class_="map-marker")) == 50
    root = page(client.get("/en/contacts/"))
    assert len(root.find_all("div", class_="contact")) == 100
    root = page(client.get("/en/news/"))
    assert len(root.find_all("article", class_="card")) == 20


# The paginated lists (the BLO directory, contacts and programmes are one page each).
PAGINATED = ["news/", "search/?q=roundtable"]


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("number", ["1_0", "01", "+1", "١"])
def test_a_page_number_written_otherwise_is_a_translated_404(client, public_site, path, number):
    # Django's ListView reads each as page 1 or 10 (int() does): a second address of a page.
    separator = "&" if "?" in path else "?"

    for lang, title in (("en", "Page not found"), ("ru", "Страница не найдена")):
        response = client.get(f"/{lang}/{path}{separator}{urlencode({'page': number})}")

        assert response.status_code == 404
        assert title in page(response).get("title").text


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("number", ["1", "last"])
def test_a_page_number_the_site_writes_is_a_page(client, public_site, path, number):
    separator = "&" if "?" in path else "?"

    response = client.get(f"/en/{path}{separator}page={number}")

    assert response.status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filtered_list_is_a_page_of_its_own_in_its_head(client, public_site, lang):
    for item in NewsItemFactory.create_batch(21):
        item.countries.add(public_site.uz)
    query = "?country=UZ&utm_source=mail&page=2&topic="

    _, head = head_of(client, f"/{lang}/news/{query}")

    own = "?country=uz&page=2"
    assert head.get("link", rel="canonical").attrs["href"] == f"http://testserver/{lang}/news/{own}"
    assert alternates(head) == {
        "en": f"http://testserver/en/news/{own}",
        "ru": f"http://testserver/ru/news/{own}",
        "x-default": f"http://testserver/news/{own}",
    }
    assert feed_links(head) == {
        "application/rss+xml": f"/{lang}/feeds/news.rss?country=uz",
        "application/atom+xml": f"/{lang}/feeds/news.atom?country=uz",
    }


def test_the_language_link_of_a_query_sent_unencoded_names_the_same_words(client, public_site):
    # A client may send ?q=учёт as UTF-8 bytes, unencoded: the link was built by encoding the
    # raw query again ("ÑƒÑ‡Ñ‘Ñ‚"), and the page, cached for both spellings, served it to all.
    unencoded = "q=учёт".encode().decode("iso-8859-1")  # as a WSGI server passes it on
    for query in (unencoded, "q=%D1%83%D1%87%D1%91%D1%82"):
        response = client.get("/ru/search/", QUERY_STRING=query)
        links = page(response).get("nav", class_="lang-switcher")

        assert (
            links.get("a", hreflang="en").attrs["href"] == "/en/search/?q=%D1%83%D1%87%D1%91%D1%82"
        )
