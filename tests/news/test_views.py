"""The news list (order, paging, filters) and the news item page, in both languages; and the
rule that drafts and scheduled items show nowhere until their time."""

import json
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)
from tests.page_helpers import in_both, page, png_bytes, visible_text

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")
LANGUAGES = ["en", "ru"]


EMPTY_LIST = "No news matches these filters."
NOT_UNDERSTOOD = "Some filters were not understood, so no news is shown. Correct or clear them."


def at(year, month=6, day=1, hour=12):
    return datetime(year, month, day, hour, tzinfo=TASHKENT)


def listed_slugs(response) -> list[str]:
    """The news items of a list page, in the order shown."""
    root = page(response)
    return [
        card.find("a").attrs["href"].rstrip("/").rsplit("/", 1)[-1]
        for card in root.find_all("article", class_="card")
    ]


def pagination_link(response, rel: str) -> str | None:
    nav = page(response).find("nav", class_="pagination")
    link = nav.find("a", rel=rel) if nav else None
    return link.attrs["href"] if link else None


# --- the list -----------------------------------------------------------------------------------


def test_news_list_shows_the_newest_first(client):
    middle = NewsItemFactory(published_at=at(2021, 6))
    newest = NewsItemFactory(published_at=at(2022, 1))
    oldest = NewsItemFactory(published_at=at(2020, 3))

    assert listed_slugs(client.get("/en/news/")) == [newest.slug, middle.slug, oldest.slug]


@pytest.mark.parametrize(
    ("lang", "count", "pages"),
    [("en", "25 news items", "Page 2 of 2"), ("ru", "25 новостей", "Страница 2 из 2")],
)
def test_news_list_shows_20_items_a_page(client, lang, count, pages):
    items = [NewsItemFactory(published_at=at(2021, 1, 1) + timedelta(days=n)) for n in range(25)]
    newest_first = [item.slug for item in reversed(items)]

    first = client.get(f"/{lang}/news/")
    second = client.get(f"/{lang}/news/?page=2")

    assert listed_slugs(first) == newest_first[:20]
    assert listed_slugs(second) == newest_first[20:]
    assert pagination_link(first, "next") == "?page=2"
    assert pagination_link(first, "prev") is None
    assert pagination_link(second, "prev") == "?page=1"
    assert pagination_link(second, "next") is None
    # The list runs newest first: its links say so.
    newer = {"en": "Newer", "ru": "Более новые"}[lang]
    assert page(second).get("nav", class_="pagination").get("a", rel="prev").clean_text == newer
    text = visible_text(page(second))
    assert count in text
    assert pages in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_news_list_says_so_in_the_readers_language(client, lang):
    response = client.get(f"/{lang}/news/")

    assert response.status_code == 200
    assert in_both(EMPTY_LIST)[lang] in visible_text(page(response))


@pytest.fixture
def filterable_news(db):
    """Five items across two years, two countries, two topics and two programmes."""
    uz = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    kz = CountryFactory(iso_code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    trade = TopicFactory(slug="trade")
    drugs = TopicFactory(slug="drugs")
    pca = ProgrammeFactory(slug="pca")
    cbc = ProgrammeFactory(slug="cbc")
    items = {}
    for slug, year, country, topic, programme in [
        ("a", 2021, uz, trade, pca),
        ("b", 2021, kz, trade, cbc),
        ("c", 2020, uz, drugs, pca),
        ("d", 2020, kz, drugs, cbc),
        ("e", 2021, uz, drugs, cbc),
    ]:
        item = NewsItemFactory(slug=slug, published_at=at(year, 3, ord(slug) - ord("a") + 1))
        item.countries.add(country)
        item.topics.add(topic)
        item.programmes.add(programme)
        items[slug] = item
    # One item on both countries.
    items["e"].countries.add(kz)
    return items


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2021", {"a", "b", "e"}),
        ("year=2020", {"c", "d"}),
        ("country=uz", {"a", "c", "e"}),
        ("country=UZ", {"a", "c", "e"}),
        ("country=Uz", {"a", "c", "e"}),
        ("country=kz", {"b", "d", "e"}),
        ("topic=trade", {"a", "b"}),
        ("topic=drugs", {"c", "d", "e"}),
        ("programme=pca", {"a", "c"}),
        ("programme=cbc", {"b", "d", "e"}),
        ("year=2021&country=uz", {"a", "e"}),
        ("year=2021&country=UZ&topic=drugs", {"e"}),
        ("country=kz&topic=drugs&programme=cbc", {"d", "e"}),
        ("year=2020&country=uz&topic=drugs&programme=pca", {"c"}),
        ("year=2020&country=uz&topic=trade", set()),
        ("year=&country=&topic=&programme=", {"a", "b", "c", "d", "e"}),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_list_filters_alone_and_combined(client, filterable_news, lang, query, expected):
    response = client.get(f"/{lang}/news/?{query}")

    assert response.status_code == 200
    slugs = listed_slugs(response)
    assert set(slugs) == expected
    assert len(slugs) == len(expected)


def test_country_filter_shows_its_choice_selected_in_lower_case(client, filterable_news):
    root = page(client.get("/en/news/?country=UZ"))

    selected = root.get("select", name="country").get("option", selected=True)
    assert selected.attrs["value"] == "uz"
    assert selected.text == "Uzbekistan"


def test_filter_choices_are_in_the_readers_language(client, filterable_news):
    root = page(client.get("/ru/news/"))

    options = [o.text for o in root.get("select", name="country").find_all("option")]
    assert options == ["Все страны", "Казахстан", "Узбекистан"]
    years = [o.attrs["value"] for o in root.get("select", name="year").find_all("option")]
    assert years == ["", "2021", "2020"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filters_survive_paging(client, lang):
    uz = CountryFactory(iso_code="UZ")
    for n in range(25):
        NewsItemFactory(published_at=at(2021, 1, 1) + timedelta(days=n)).countries.add(uz)
    NewsItemFactory.create_batch(3, published_at=at(2021, 2, 1))  # not in Uzbekistan

    first = client.get(f"/{lang}/news/?country=uz&year=2021")
    next_link = pagination_link(first, "next")
    second = client.get(f"/{lang}/news/{next_link}")

    assert parse_qs(urlsplit(next_link).query) == {
        "country": ["uz"],
        "year": ["2021"],
        "page": ["2"],
    }
    assert len(listed_slugs(first)) == 20
    assert len(listed_slugs(second)) == 5
    assert parse_qs(urlsplit(pagination_link(second, "prev")).query) == {
        "country": ["uz"],
        "year": ["2021"],
        "page": ["1"],
    }


@pytest.mark.parametrize(
    "query",
    [
        "country=zz",
        "country=u",
        "country=uzb",
        "country=%3Cscript%3E",
        "year=abc",
        "year=1999",
        "year=-1",
        "topic=nope",
        "topic=..%2F..",
        "programme=nope",
        "country=uz&year=abc",
        "country=zz&topic=trade&programme=pca",
        "country=%00",
        "topic=%00",
        "programme=a%00b",
        "year=2021%00",
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_malformed_filter_gives_a_calm_empty_list(client, filterable_news, lang, query):
    response = client.get(f"/{lang}/news/?{query}")

    assert response.status_code == 200
    assert listed_slugs(response) == []
    text = visible_text(page(response))
    assert in_both(NOT_UNDERSTOOD)[lang] in text
    # One message, not three: no "0 news items" or "nothing matches" beside it.
    assert in_both(EMPTY_LIST)[lang] not in text
    assert page(response).find("p", class_="result-count") is None


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("en", "", "News"),
        ("en", "country=uz&year=2021", "News: 2021, Uzbekistan"),
        ("ru", "country=uz&year=2021&page=1", "Новости: 2021, Узбекистан"),
        ("en", "topic=trade&programme=pca", "News: {trade}, {pca}"),
        ("en", "country=zz", "News"),
    ],
)
def test_a_filtered_list_names_its_filters_in_its_title(
    client, filterable_news, lang, query, title
):
    item = filterable_news["a"]
    title = title.format(trade=item.topics.get().name_en, pca=item.programmes.get().title_en)

    root = page(client.get(f"/{lang}/news/?{query}"))

    assert root.get("title").clean_text.split(" · ")[0] == title


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("", False),
        ("page=2", False),
        ("utm_source=newsletter", False),
        ("year=", False),
        ("country=uz", True),
        ("country=zz", True),  # an error the reader may want to clear
    ],
)
def test_clear_filters_is_offered_only_when_there_is_something_to_clear(
    client, filterable_news, query, offered
):
    NewsItemFactory.create_batch(20, published_at=at(2019))
    root = page(client.get(f"/en/news/?{query}"))

    links = [a.clean_text for a in root.get("form", class_="filters").find_all("a")]
    assert ("Clear filters" in links) is offered


def test_malformed_filter_is_shown_next_to_its_field(client, filterable_news):
    root = page(client.get("/en/news/?country=zz"))

    error = root.get("p", class_="field-error")
    assert error.attrs["id"] == "id_country_error"
    # Screen readers announce it with the field: the field names it.
    select = root.get("select", name="country")
    assert error.attrs["id"] in select.attrs["aria-describedby"].split()
    assert select.attrs["aria-invalid"] == "true"
    assert "<script>" not in client.get("/en/news/?country=%3Cscript%3E").content.decode()


FILTER_ERRORS = {
    "year=1999": {
        "en": "No news was published in “1999”: choose a year from the list.",
        "ru": "Новостей за год «1999» нет: выберите год из списка.",
    },
    "topic=nope": {
        "en": "Unknown topic “nope”: choose a topic from the list.",
        "ru": "Неизвестная тема «nope»: выберите тему из списка.",
    },
    "programme=nope": {
        "en": "Unknown programme “nope”: choose a programme from the list.",
        "ru": "Неизвестная программа «nope»: выберите программу из списка.",
    },
    "country=zz": {
        "en": "Unknown country code “ZZ”: use a two-letter code, such as UZ.",
        "ru": "Неизвестный код страны «ZZ»: укажите двухбуквенный код, например UZ.",
    },
}


@pytest.mark.parametrize("query", FILTER_ERRORS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filters_error_names_the_value_it_did_not_know(client, filterable_news, lang, query):
    root = page(client.get(f"/{lang}/news/?{query}"))

    name = query.split("=")[0]
    assert root.get("p", id=f"id_{name}_error").clean_text == FILTER_ERRORS[query][lang]


@pytest.mark.parametrize("pagenum", ["abc", "99", "0", "-1", "2.5"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_page_number_is_404(client, filterable_news, lang, pagenum):
    response = client.get(f"/{lang}/news/?page={pagenum}")

    assert response.status_code == 404
    assert page(response).get("html").attrs["lang"] == lang


def test_last_page_by_name_is_served(client, filterable_news):
    assert client.get("/en/news/?page=last").status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_links_of_a_filtered_list_carry_the_filters_but_not_the_page(
    client, filterable_news, lang
):
    NewsItemFactory.create_batch(25, published_at=at(2021, 1, 1))
    root = page(client.get(f"/{lang}/news/?year=2021&topic=trade&page=1"))

    links = {
        a.attrs["type"]: a.attrs["href"] for a in root.get("p", class_="feed-links").find_all("a")
    }
    for content_type, feed in [("application/rss+xml", "rss"), ("application/atom+xml", "atom")]:
        url = urlsplit(links[content_type])
        assert url.path == f"/{lang}/feeds/news.{feed}"
        assert parse_qs(url.query) == {"year": ["2021"], "topic": ["trade"]}


def test_feed_links_of_the_unfiltered_list_are_the_plain_feeds(client, filterable_news):
    root = page(client.get("/en/news/"))

    hrefs = [a.attrs["href"] for a in root.get("p", class_="feed-links").find_all("a")]
    assert hrefs == ["/en/feeds/news.rss", "/en/feeds/news.atom"]


# --- the news item ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "date"), [("en", "23 November 2021"), ("ru", "23 ноября 2021\u00a0г.")]
)
def test_news_item_shows_title_dateline_localized_date_summary_and_body(
    client, public_site, lang, date
):
    item = public_site.item
    response = client.get(f"/{lang}/news/{item.slug}/")
    root = page(response)
    article = root.get("article", class_="news-item")

    assert response.status_code == 200
    assert article.get("h1").text == getattr(item, f"title_{lang}")
    meta = article.get("p", class_="meta")
    assert getattr(item, f"dateline_{lang}") in meta.text
    time = meta.get("time")
    assert time.text == date
    assert time.attrs["datetime"] == "2021-11-23T12:00:00+05:00"
    assert article.get("p", class_="summary").text == getattr(item, f"summary_{lang}")
    body = article.get("div", class_="body")
    assert (
        body.get("p").text
        == {
            "en": "The heads of the border services met in Tashkent.",
            "ru": "Руководители пограничных служб встретились в Ташкенте.",
        }[lang]
    )


@pytest.fixture
def illustrated_item(public_site, media_root):
    item = public_site.item
    item.image = SimpleUploadedFile("roundtable.png", png_bytes(8, 6), content_type="image/png")
    item.image_alt_en = "Participants of the roundtable around a table"
    item.image_alt_ru = "Участники круглого стола за столом"
    item.image_caption_en = "The roundtable in Tashkent"
    item.image_caption_ru = "Круглый стол в Ташкенте"
    item.save()
    return item


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_item_shows_its_image_with_caption_and_alternative_text(
    client, illustrated_item, lang
):
    root = page(client.get(f"/{lang}/news/{illustrated_item.slug}/"))
    figure = root.get("figure", class_="news-image")
    img = figure.get("img")

    assert img.attrs["src"] == illustrated_item.image.url
    assert img.attrs["src"].startswith("/media/news/")
    assert img.attrs["alt"] == getattr(illustrated_item, f"image_alt_{lang}")
    assert (img.attrs["width"], img.attrs["height"]) == ("8", "6")
    assert figure.get("figcaption").text == getattr(illustrated_item, f"image_caption_{lang}")
    og_image = root.get("meta", property="og:image").attrs["content"]
    assert og_image == f"http://testserver{illustrated_item.image.url}"


def test_image_caption_and_alt_without_russian_text_are_marked_english(client, illustrated_item):
    illustrated_item.image_alt_ru = ""
    illustrated_item.image_caption_ru = ""
    illustrated_item.save()

    root = page(client.get(f"/ru/news/{illustrated_item.slug}/"))
    figure = root.get("figure", class_="news-image")

    assert figure.get("img").attrs["alt"] == illustrated_item.image_alt_en
    assert figure.get("img").attrs["lang"] == "en"
    assert figure.get("figcaption").attrs["lang"] == "en"


def test_news_item_without_image_has_no_figure(client, public_site):
    root = page(client.get(f"/en/news/{public_site.item.slug}/"))

    assert root.find("figure", class_="news-image") is None
    assert root.find("meta", property="og:image") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_item_lists_only_its_published_related_blos_and_programmes(client, public_site, lang):
    item = public_site.item
    hidden_blo = BorderLiaisonOfficeFactory(slug="hidden-blo", is_published=False)
    hidden_programme = ProgrammeFactory(slug="hidden-programme", is_published=False)
    item.blos.add(hidden_blo)
    item.programmes.add(hidden_programme)

    root = page(client.get(f"/{lang}/news/{item.slug}/"))
    related = root.get("aside", class_="related")
    hrefs = [a.attrs["href"] for a in related.find_all("a")]

    assert sorted(hrefs) == [
        f"/{lang}/blos/{public_site.blo.slug}/",
        f"/{lang}/programmes/{public_site.component.slug}/",
        f"/{lang}/programmes/{public_site.programme.slug}/",
    ]
    html = client.get(f"/{lang}/news/{item.slug}/").content.decode()
    assert "hidden-blo" not in html
    assert "hidden-programme" not in html


def test_news_item_without_public_relations_has_no_related_block(client):
    item = NewsItemFactory()
    item.blos.add(BorderLiaisonOfficeFactory(is_published=False))

    root = page(client.get(f"/en/news/{item.slug}/"))

    assert root.find("aside", class_="related") is None


@pytest.mark.parametrize(
    ("lang", "heading", "label"),
    [
        ("en", "For further information, please contact:", "E-mail:"),
        ("ru", "За дополнительной информацией обращайтесь:", "Эл.\u00a0почта:"),
    ],
)
def test_news_item_shows_the_press_contact_with_a_protected_email(
    client, public_site, lang, heading, label
):
    response = client.get(f"/{lang}/news/{public_site.item.slug}/")
    html = response.content.decode()
    block = page(response).get("aside", class_="press-contact")

    assert block.get("h2").text == heading
    assert getattr(public_site.contact, f"full_name_{lang}") in block.text
    assert label in block.text
    email = block.get("span", class_="protected-email")
    assert email.text == "press.officer[at]example.org"
    assert email.attrs["data-u"] == "press.officer"[::-1]
    assert email.attrs["data-d"] == "example.org"[::-1]
    assert "press.officer@example.org" not in html
    assert "mailto:" not in html
    assert "@example.org" not in html


def test_news_item_hides_contacts_that_are_not_public(client, public_site):
    item = public_site.item
    hidden_office = OfficeFactory(is_published=False)
    item.contacts.add(
        ContactFactory(full_name_en="Unpublished Person", is_published=False),
        ContactFactory(full_name_en="Person Of Hidden Office", office=hidden_office),
    )

    text = visible_text(page(client.get(f"/en/news/{item.slug}/")))

    assert "Anna Petrova" in text
    assert "Unpublished Person" not in text
    assert "Person Of Hidden Office" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_item_describes_itself_as_a_schema_org_news_article(client, public_site, lang):
    item = public_site.item
    root = page(client.get(f"/{lang}/news/{item.slug}/"))

    data = json.loads(root.get("script", type="application/ld+json").text)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == getattr(item, f"title_{lang}")
    assert data["description"] == getattr(item, f"summary_{lang}")
    assert datetime.fromisoformat(data["datePublished"]) == at(2021, 11, 23)
    assert datetime.fromisoformat(data["dateModified"])
    assert data["inLanguage"] == lang
    assert data["mainEntityOfPage"] == f"http://testserver/{lang}/news/{item.slug}/"
    assert data["dateline"] == getattr(item, f"dateline_{lang}")
    assert data["publisher"]["@type"] == "Organization"
    assert "image" not in data


def test_json_ld_of_an_untranslated_item_says_it_is_english(client):
    item = NewsItemFactory(title_ru="", body_ru="")
    root = page(client.get(f"/ru/news/{item.slug}/"))

    data = json.loads(root.get("script", type="application/ld+json").text)

    assert data["inLanguage"] == "en"
    assert data["headline"] == item.title_en


def test_json_ld_names_the_image(client, illustrated_item):
    root = page(client.get(f"/en/news/{illustrated_item.slug}/"))

    data = json.loads(root.get("script", type="application/ld+json").text)

    assert data["image"] == [f"http://testserver{illustrated_item.image.url}"]


def test_json_ld_cannot_be_closed_by_the_items_text(client):
    item = NewsItemFactory(title_en='Quotes " and </script><script>alert(1)</script>')
    response = client.get(f"/en/news/{item.slug}/")
    html = response.content.decode()

    assert "<script>alert(1)</script>" not in html
    data = json.loads(page(response).get("script", type="application/ld+json").text)
    assert data["headline"] == item.title_en


def test_json_ld_names_the_publisher_in_russian_on_russian_pages(client, public_site):
    root = page(client.get(f"/ru/news/{public_site.item.slug}/"))

    data = json.loads(root.get("script", type="application/ld+json").text)

    assert data["publisher"]["name"] == "Региональное представительство для Центральной Азии"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_item_head_describes_the_article(client, public_site, lang):
    item = public_site.item
    root = page(client.get(f"/{lang}/news/{item.slug}/"))
    head = root.get("head")

    assert head.get("title").clean_text.startswith(getattr(item, f"title_{lang}"))
    assert head.get("meta", name="description").attrs["content"] == getattr(item, f"summary_{lang}")
    assert head.get("link", rel="canonical").attrs["href"] == (
        f"http://testserver/{lang}/news/{item.slug}/"
    )
    hreflang = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert hreflang == {
        "en": f"http://testserver/en/news/{item.slug}/",
        "ru": f"http://testserver/ru/news/{item.slug}/",
        "x-default": f"http://testserver/news/{item.slug}/",
    }
    og = {m.attrs["property"]: m.attrs["content"] for m in head.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == getattr(item, f"title_{lang}")
    assert og["og:description"] == getattr(item, f"summary_{lang}")
    assert og["og:url"] == f"http://testserver/{lang}/news/{item.slug}/"
    assert datetime.fromisoformat(og["article:published_time"]) == at(2021, 11, 23)


def test_news_item_links_its_topics_to_the_filtered_list(client, public_site):
    root = page(client.get(f"/ru/news/{public_site.item.slug}/"))

    tags = root.get("p", class_="tags")
    link = tags.get("a")
    assert link.text == "Управление границами"
    assert link.attrs["href"] == "/ru/news/?topic=border-management"


# --- drafts and scheduled items -----------------------------------------------------------------


@pytest.fixture
def unpublished_news(public_site):
    """A draft, an item due in a minute, and one that became public a minute ago, each with
    the words, country, topic, programme and BLO of the public site's item."""
    now = timezone.now()
    items = {
        "draft": NewsItemFactory(slug="draft-item", title_en="Secret draft", draft=True),
        "scheduled": NewsItemFactory(
            slug="scheduled-item",
            title_en="Scheduled item",
            published_at=now + timedelta(minutes=1),
        ),
        "just-published": NewsItemFactory(
            slug="just-published",
            title_en="Just published",
            published_at=now - timedelta(minutes=1),
        ),
        # A draft that has a publication date (set, then withdrawn).
        "withdrawn": NewsItemFactory(
            slug="withdrawn-item",
            title_en="Withdrawn",
            draft=True,
            published_at=now - timedelta(days=2),
        ),
    }
    for item in items.values():
        item.countries.add(public_site.uz)
        item.topics.add(public_site.topic)
        item.programmes.add(public_site.programme)
        item.blos.add(public_site.blo)
    return items


def news_surfaces(site, lang):
    """Every address that lists news items."""
    return [
        f"/{lang}/",
        f"/{lang}/news/",
        f"/{lang}/news/?country=uz",
        f"/{lang}/news/?topic={site.topic.slug}",
        f"/{lang}/news/?programme={site.programme.slug}",
        f"/{lang}/search/?q=" + ("Officers" if lang == "en" else "Сотрудники"),
        f"/{lang}/feeds/news.rss",
        f"/{lang}/feeds/news.atom",
        f"/{lang}/feeds/news.rss?country=uz",
        f"/{lang}/programmes/{site.programme.slug}/",
        f"/{lang}/blos/{site.blo.slug}/",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_drafts_and_scheduled_items_appear_nowhere(client, public_site, unpublished_news, lang):
    for url in news_surfaces(public_site, lang):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "just-published" in content, url
        for hidden in ("draft-item", "scheduled-item", "withdrawn-item"):
            assert hidden not in content, (url, hidden)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", ["draft-item", "scheduled-item", "withdrawn-item"])
def test_drafts_and_scheduled_items_are_404(client, unpublished_news, lang, slug):
    assert client.get(f"/{lang}/news/{slug}/").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_item_public_since_a_minute_ago_has_its_page(client, unpublished_news, lang):
    assert client.get(f"/{lang}/news/just-published/").status_code == 200


def test_list_count_leaves_out_drafts_and_scheduled_items(client, public_site, unpublished_news):
    text = visible_text(page(client.get("/en/news/")))

    assert "2 news items" in text


def test_year_filter_offers_only_years_with_public_news(client):
    NewsItemFactory(published_at=at(2021))
    NewsItemFactory(draft=True, published_at=at(2019))
    NewsItemFactory(published_at=timezone.now() + timedelta(days=800))

    root = page(client.get("/en/news/"))
    years = [o.attrs["value"] for o in root.get("select", name="year").find_all("option")]

    assert years == ["", "2021"]


def test_unpublished_programme_is_not_a_filter_choice(client, filterable_news):
    ProgrammeFactory(slug="hidden", is_published=False)

    root = page(client.get("/en/news/"))
    choices = [o.attrs["value"] for o in root.get("select", name="programme").find_all("option")]
    response = client.get("/en/news/?programme=hidden")

    assert "hidden" not in choices
    assert listed_slugs(response) == []
    assert NOT_UNDERSTOOD in visible_text(page(response))


def test_scheduled_item_appears_once_its_time_has_come(client):
    item = NewsItemFactory(slug="soon", published_at=timezone.now() + timedelta(minutes=1))
    assert client.get("/en/news/soon/").status_code == 404

    item.published_at = timezone.now() - timedelta(seconds=1)
    item.save()

    assert client.get("/en/news/soon/").status_code == 200


# --- markup details -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/en/", "/en/news/", "/en/news/precise/", "/en/search/?q=Precise"])
def test_time_elements_carry_whole_seconds_as_html_requires(client, url):
    NewsItemFactory(
        slug="precise",
        title_en="Precise",
        published_at=datetime(2021, 11, 23, 12, 0, 5, 123456, tzinfo=TASHKENT),
    )

    times = page(client.get(url)).find_all("time")

    assert [t.attrs["datetime"] for t in times] == ["2021-11-23T12:00:05+05:00"]


@pytest.mark.parametrize(
    ("url", "level"),
    [("/en/", "h3"), ("/en/news/", "h2"), ("/en/search/?q=Officers", "h2")],
)
def test_news_card_headings_follow_the_page_outline(client, url, level):
    """A card sits under the list's h1 (its title an h2) or under a section's h2 (an h3)."""
    NewsItemFactory()

    card = page(client.get(url)).get("article", class_="card")

    assert card.find(class_="card-title").tag == level


def test_filter_choices_show_a_russian_name_only_once_published(client, filterable_news):
    """The choices are read as plain values; they keep the pages' rule: a Russian title that
    is not published yet is shown in English."""
    ProgrammeFactory(slug="ready", title_en="Ready EN", title_ru="Готовая программа")
    ProgrammeFactory(
        slug="unready", title_en="Unready EN", title_ru="Черновик перевода", russian_ready=False
    )

    root = page(client.get("/ru/news/"))
    labels = {
        o.attrs["value"]: o.text for o in root.get("select", name="programme").find_all("option")
    }

    assert labels["ready"] == "Готовая программа"
    assert labels["unready"] == "Unready EN"
    assert "Черновик перевода" not in client.get("/ru/news/").content.decode()


def test_a_choice_shown_in_english_is_marked_so(client, filterable_news):
    ProgrammeFactory(slug="ready", title_en="Ready EN", title_ru="Готовая программа")
    ProgrammeFactory(slug="untranslated", title_en="Untranslated EN", title_ru="")

    russian = page(client.get("/ru/news/"))
    english = page(client.get("/en/news/"))

    options = russian.get("select", name="programme").find_all("option")
    langs = {o.attrs["value"]: o.attrs.get("lang") for o in options}
    assert langs["untranslated"] == "en"
    assert langs["ready"] is None
    assert langs[""] is None  # "Все программы"
    assert all("lang" not in o.attrs for o in english.find_all("option"))
