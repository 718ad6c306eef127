"""The programmes list (each programme with its components) and the programme pages (their
components and related news, including the news of their components)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import NewsItemFactory, ProgrammeFactory, TopicFactory
from tests.page_helpers import in_both, page, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]


@pytest.fixture
def programmes(db):
    """Two programmes; the first with two published components and a hidden one."""
    pca = ProgrammeFactory(
        slug="pca",
        title_en="Programme for Central Asia",
        title_ru="Программа для Центральной Азии",
        start_year=2015,
        end_year=2021,
        sort_order=1,
    )
    cbc = ProgrammeFactory(
        slug="cbc",
        parent=pca,
        title_en="Cross-Border Cooperation Component",
        title_ru="Компонент по трансграничному сотрудничеству",
        summary_en="Border Liaison Offices.",
        summary_ru="Пограничные офисы связи.",
        sort_order=1,
    )
    drugs = ProgrammeFactory(
        slug="drugs",
        parent=pca,
        title_en="Drug Control Component",
        title_ru="Компонент по контролю над наркотиками",
        sort_order=2,
    )
    hidden_component = ProgrammeFactory(
        slug="hidden-component", parent=pca, title_en="Hidden component", is_published=False
    )
    later = ProgrammeFactory(
        slug="later",
        title_en="Programme 2022-",
        title_ru="Программа с 2022 года",
        start_year=2022,
        end_year=None,
        sort_order=2,
    )
    hidden = ProgrammeFactory(slug="hidden-programme", title_en="Hidden", is_published=False)
    return {
        "pca": pca,
        "cbc": cbc,
        "drugs": drugs,
        "hidden_component": hidden_component,
        "later": later,
        "hidden": hidden,
    }


def sections(root) -> dict[str, list[str]]:
    """Each programme of the list → the titles of the components listed under it."""
    result = {}
    for section in root.find_all("section", class_="programme"):
        title = section.get("h2").get("a").text
        components = section.find("ul")
        result[title] = [li.get("a").text for li in components.find_all("li")] if components else []
    return result


# --- the list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "Programme for Central Asia": [
                    "Cross-Border Cooperation Component",
                    "Drug Control Component",
                ],
                "Programme 2022-": [],
            },
        ),
        (
            "ru",
            {
                "Программа для Центральной Азии": [
                    "Компонент по трансграничному сотрудничеству",
                    "Компонент по контролю над наркотиками",
                ],
                "Программа с 2022 года": [],
            },
        ),
    ],
)
def test_list_shows_each_programme_with_its_published_components(
    client, programmes, lang, expected
):
    root = page(client.get(f"/{lang}/programmes/"))

    assert sections(root) == expected


def test_list_links_programmes_and_components_to_their_pages(client, programmes):
    root = page(client.get("/ru/programmes/"))
    hrefs = [a.attrs["href"] for a in root.get("main").find_all("a")]

    assert hrefs == [
        "/ru/programmes/pca/",
        "/ru/programmes/cbc/",
        "/ru/programmes/drugs/",
        "/ru/programmes/later/",
    ]


def test_list_shows_years_and_summaries(client, programmes):
    root = page(client.get("/en/programmes/"))
    metas = [p.text for p in root.find_all("p", class_="meta")]

    assert metas == ["2015–2021", "since 2022"]
    assert "Border Liaison Offices." in visible_text(root)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_programmes_and_components_are_absent_and_404(client, programmes, lang):
    html = client.get(f"/{lang}/programmes/").content.decode()

    for slug in ("hidden-programme", "hidden-component"):
        assert slug not in html
        assert client.get(f"/{lang}/programmes/{slug}/").status_code == 404
    assert "Hidden" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_list_says_so(client, lang):
    root = page(client.get(f"/{lang}/programmes/"))

    assert in_both("No programmes yet.")[lang] in visible_text(root)


# --- the programme page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_page_shows_title_years_summary_body_and_components(client, public_site, lang):
    programme = public_site.programme
    root = page(client.get(f"/{lang}/programmes/{programme.slug}/"))
    components = root.get("section", aria_labelledby="components-heading")

    assert root.get("h1").text == getattr(programme, f"title_{lang}")
    assert root.find("p", class_="meta").clean_text == "2015–2021"
    assert root.get("p", class_="summary").text == getattr(programme, f"summary_{lang}")
    assert (
        root.get("div", class_="body").get("p").text
        == {
            "en": "The programme supports the countries of the region.",
            "ru": "Программа поддерживает страны региона.",
        }[lang]
    )
    links = components.find_all("a")
    assert [(a.text, a.attrs["href"]) for a in links] == [
        (
            getattr(public_site.component, f"title_{lang}"),
            f"/{lang}/programmes/{public_site.component.slug}/",
        )
    ]
    assert getattr(public_site.component, f"summary_{lang}") in components.text


def test_programme_page_lists_only_published_components(client, programmes):
    root = page(client.get("/en/programmes/pca/"))
    components = root.get("section", aria_labelledby="components-heading")

    assert [a.attrs["href"] for a in components.find_all("a")] == [
        "/en/programmes/cbc/",
        "/en/programmes/drugs/",
    ]


@pytest.mark.parametrize(
    ("lang", "label"),
    # Not "Компонент программы Программа для…": the programme's own title follows a colon.
    [("en", "Component of the programme:"), ("ru", "Компонент программы:")],
)
def test_component_page_names_its_programme(client, programmes, lang, label):
    root = page(client.get(f"/{lang}/programmes/cbc/"))
    meta = root.find("p", class_="meta")

    assert label in meta.text
    assert meta.get("a").attrs["href"] == f"/{lang}/programmes/pca/"
    assert root.find("section", aria_labelledby="components-heading") is None


def test_component_of_an_unpublished_programme_is_withdrawn_with_it(client, programmes):
    # Its page was served, naming no programme (tests/programmes/test_withdrawn_programme.py).
    ProgrammeFactory(slug="orphan", parent=programmes["hidden"])

    assert client.get("/en/programmes/orphan/").status_code == 404


def news_links(root) -> list[str]:
    section = root.get("section", aria_labelledby="news-heading")
    return [card.find("a").attrs["href"] for card in section.find_all("article", class_="card")]


def test_programme_page_lists_its_news_and_the_news_of_its_components(client, programmes):
    now = timezone.now()
    own = NewsItemFactory(slug="own", published_at=now - timedelta(days=3))
    own.programmes.add(programmes["pca"])
    of_component = NewsItemFactory(slug="of-component", published_at=now - timedelta(days=1))
    of_component.programmes.add(programmes["cbc"])
    both = NewsItemFactory(slug="both", published_at=now - timedelta(days=2))
    both.programmes.add(programmes["pca"], programmes["drugs"])
    NewsItemFactory(slug="of-hidden-component").programmes.add(programmes["hidden_component"])
    NewsItemFactory(slug="of-other-programme").programmes.add(programmes["later"])
    NewsItemFactory(slug="draft", draft=True).programmes.add(programmes["pca"])
    NewsItemFactory(slug="scheduled", published_at=now + timedelta(minutes=1)).programmes.add(
        programmes["cbc"]
    )

    root = page(client.get("/en/programmes/pca/"))

    assert news_links(root) == [
        "/en/news/of-component/",
        "/en/news/both/",
        "/en/news/own/",
    ]
    link = root.get("a", href="/en/news/?programme=pca")
    assert link.text == "All news of this programme"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_all_news_of_a_programme_are_the_news_its_page_lists(client, programmes, lang):
    # The link went to the items about the programme itself: its components' were left out.
    NewsItemFactory(slug="own").programmes.add(programmes["pca"])
    NewsItemFactory(slug="of-component").programmes.add(programmes["cbc"])
    NewsItemFactory(slug="both").programmes.add(programmes["pca"], programmes["drugs"])
    NewsItemFactory(slug="of-hidden-component").programmes.add(programmes["hidden_component"])
    NewsItemFactory(slug="of-other-programme").programmes.add(programmes["later"])
    programme_page = page(client.get(f"/{lang}/programmes/pca/"))
    listed = set(news_links(programme_page))
    link = programme_page.get("section", aria_labelledby="news-heading").find_all("a")[-1]

    news_list = page(client.get(link.attrs["href"]))
    feed = client.get(f"/{lang}/feeds/news.rss?programme=pca").content.decode()

    assert listed == {f"/{lang}/news/{slug}/" for slug in ("own", "of-component", "both")}
    cards = news_list.get("main").find_all("article", class_="card")
    assert {card.find("a").attrs["href"] for card in cards} == listed
    assert set(re.findall(r"<link>http://testserver([^<]+)</link>", feed)) == (
        listed | {f"/{lang}/news/?programme=pca"}
    )


def test_component_page_lists_only_its_own_news(client, programmes):
    NewsItemFactory(slug="of-programme").programmes.add(programmes["pca"])
    NewsItemFactory(slug="of-component").programmes.add(programmes["cbc"])

    root = page(client.get("/ru/programmes/cbc/"))

    assert news_links(root) == ["/ru/news/of-component/"]
    # A component is not a programme: its link says so.
    assert root.get("a", href="/ru/news/?programme=cbc").text == "Все новости этого компонента"


def test_programme_page_shows_the_ten_newest_related_news(client, programmes):
    now = timezone.now()
    for n in range(12):
        NewsItemFactory(slug=f"n{n}", published_at=now - timedelta(days=n)).programmes.add(
            programmes["cbc"]
        )

    root = page(client.get("/en/programmes/pca/"))

    assert news_links(root) == [f"/en/news/n{n}/" for n in range(10)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_page_without_news_says_so(client, programmes, lang):
    root = page(client.get(f"/{lang}/programmes/later/"))

    assert news_links(root) == []
    assert in_both("No news yet.")[lang] in visible_text(root)
    assert root.find("a", href=f"/{lang}/news/?programme=later") is None


def test_programme_page_links_its_topics_to_the_news_list(client, programmes):
    topic = TopicFactory(slug="trade", name_en="Trade", name_ru="Торговля")
    programmes["pca"].topics.add(topic)

    root = page(client.get("/ru/programmes/pca/"))

    link = root.get("p", class_="tags").get("a")
    assert (link.text, link.attrs["href"]) == ("Торговля", "/ru/news/?topic=trade")


def test_news_list_link_of_a_programme_filters_its_news(client, programmes):
    NewsItemFactory(slug="of-programme").programmes.add(programmes["pca"])
    NewsItemFactory(slug="unrelated")

    root = page(client.get("/en/news/?programme=pca"))
    hrefs = [card.find("a").attrs["href"] for card in root.find_all("article", class_="card")]

    assert hrefs == ["/en/news/of-programme/"]
