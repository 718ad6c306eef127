"""The BLO directory (grouped by border, counts per status, the SVG map) and the BLO pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.blos.models import Border, BorderLiaisonOffice
from apps.core.models import Country
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
)
from tests.page_helpers import in_both, page, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]
Status = BorderLiaisonOffice.Status


@pytest.fixture
def network(db):
    """Two borders: Kazakhstan–Uzbekistan with two established BLOs and one being established,
    Kyrgyzstan–Tajikistan with one planned and one closed; plus an unpublished BLO."""
    uz = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    kz = CountryFactory(iso_code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    kg = CountryFactory(iso_code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    tj = CountryFactory(iso_code="TJ", name_en="Tajikistan", name_ru="Таджикистан")
    kz_uz = BorderFactory(
        country_a=kz,
        country_b=uz,
        name_en="Kazakhstan–Uzbekistan",
        name_ru="Казахстан–Узбекистан",
        slug="kz-uz",
    )
    kg_tj = BorderFactory(
        country_a=kg,
        country_b=tj,
        name_en="Kyrgyzstan–Tajikistan",
        name_ru="Кыргызстан–Таджикистан",
        slug="kg-tj",
    )
    blos = {
        "yallama": BorderLiaisonOfficeFactory(
            slug="yallama", name_en="BLO Yallama", border=kz_uz, host_country=uz
        ),
        "zhibek": BorderLiaisonOfficeFactory(
            slug="zhibek", name_en="BLO Zhibek Zholy", border=kz_uz, host_country=kz
        ),
        "sary-agash": BorderLiaisonOfficeFactory(
            slug="sary-agash",
            name_en="BLO Sary-Agash",
            border=kz_uz,
            host_country=kz,
            status=Status.BEING_ESTABLISHED,
        ),
        "karamyk": BorderLiaisonOfficeFactory(
            slug="karamyk",
            name_en="BLO Karamyk",
            border=kg_tj,
            host_country=kg,
            status=Status.PLANNED,
            latitude="39.50000",
            longitude="71.70000",
        ),
        "batken": BorderLiaisonOfficeFactory(
            slug="batken",
            name_en="BLO Batken",
            border=kg_tj,
            host_country=tj,
            status=Status.CLOSED,
            latitude="40.00000",
            longitude="70.80000",
        ),
    }
    hidden = BorderLiaisonOfficeFactory(
        slug="hidden-blo", name_en="BLO Hidden", border=kz_uz, host_country=uz, is_published=False
    )
    return {"blos": blos, "hidden": hidden, "kz_uz": kz_uz, "kg_tj": kg_tj}


def groups(root) -> dict[str, dict]:
    """Each border section of the directory: its counts line and its BLOs' names."""
    result = {}
    for section in root.find_all("section", class_="border-group"):
        result[section.get("h2").text] = {
            "counts": section.get("p", class_="meta").clean_text,
            "blos": [row.find("a").text for row in section.get("tbody").find_all("tr")],
        }
    return result


# --- the directory ------------------------------------------------------------------------------


def test_directory_groups_blos_by_border_with_counts_per_status(client, network):
    root = page(client.get("/en/blos/"))

    assert groups(root) == {
        "Kazakhstan–Uzbekistan": {
            "counts": "2 offices established; 1 office being established",
            "blos": ["BLO Sary-Agash", "BLO Yallama", "BLO Zhibek Zholy"],
        },
        "Kyrgyzstan–Tajikistan": {
            "counts": "1 office planned; 1 office closed",
            "blos": ["BLO Batken", "BLO Karamyk"],
        },
    }


def test_directory_counts_are_russian_with_plural_forms(client, network):
    root = page(client.get("/ru/blos/"))

    assert [g["counts"] for g in groups(root).values()] == [
        "2 офиса создано; 1 офис в стадии создания",
        "1 офис запланирован; 1 офис закрыт",
    ]
    assert list(groups(root)) == ["Казахстан–Узбекистан", "Кыргызстан–Таджикистан"]


@pytest.mark.parametrize(
    ("lang", "totals"),
    [
        (
            "en",
            [
                "2 offices established",
                "1 office being established",
                "1 office planned",
                "1 office closed",
            ],
        ),
        (
            "ru",
            ["2 офиса создано", "1 офис в стадии создания", "1 офис запланирован", "1 офис закрыт"],
        ),
    ],
)
def test_directory_totals_count_every_published_blo_by_status(client, network, lang, totals):
    root = page(client.get(f"/{lang}/blos/"))

    assert [li.clean_text for li in root.get("ul", class_="status-totals").find_all("li")] == totals


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_has_one_marker_per_published_blo_linking_to_its_page(client, network, lang):
    response = client.get(f"/{lang}/blos/")
    html = response.content.decode()
    markers = page(response).get("svg", class_="map-svg").find_all("a", class_="map-marker")

    assert html.count('class="map-marker') == 5
    assert sorted(m.attrs["href"] for m in markers) == sorted(
        f"/{lang}/blos/{slug}/" for slug in network["blos"]
    )


def test_map_marks_each_status_with_its_own_shape(client, network):
    root = page(client.get("/en/blos/"))
    shapes = {
        marker.attrs["href"].split("/")[-2]: [
            child.tag for child in marker.children if not isinstance(child, str)
        ]
        for marker in root.find_all("a", class_="map-marker")
    }

    assert shapes["yallama"] == ["title", "desc", "circle"]
    assert shapes["sary-agash"] == ["title", "desc", "rect"]
    assert shapes["karamyk"] == ["title", "desc", "rect"]
    assert shapes["batken"] == ["title", "desc", "path"]
    statuses = {
        marker.attrs["href"].split("/")[-2]: marker.attrs["class"]
        for marker in root.find_all("a", class_="map-marker")
    }
    assert statuses["sary-agash"] == "map-marker status-being_established"


OFFICES = ["sary-agash", "yallama", "zhibek", "batken", "karamyk"]


@pytest.mark.parametrize(
    ("lang", "hosts_and_statuses"),
    [
        (
            "en",
            [
                ["Kazakhstan", "being established"],
                ["Uzbekistan", "established"],
                ["Kazakhstan", "established"],
                ["Tajikistan", "closed"],
                ["Kyrgyzstan", "planned"],
            ],
        ),
        (
            "ru",
            [
                ["Казахстан", "создаётся"],
                ["Узбекистан", "создан"],
                ["Казахстан", "создан"],
                ["Таджикистан", "закрыт"],
                ["Кыргызстан", "запланирован"],
            ],
        ),
    ],
)
def test_directory_rows_name_office_host_country_and_status_in_the_readers_language(
    client, network, lang, hosts_and_statuses
):
    root = page(client.get(f"/{lang}/blos/"))
    rows = [
        row
        for table in root.find_all("table", class_="blo-table")
        for row in table.get("tbody").find_all("tr")
    ]

    shown = {
        row.get("a").attrs["href"]: [td.clean_text for td in row.find_all("td")] for row in rows
    }
    assert shown == {
        f"/{lang}/blos/{slug}/": [getattr(network["blos"][slug], f"name_{lang}"), *rest]
        for slug, rest in zip(OFFICES, hosts_and_statuses, strict=True)
    }
    assert len(rows) == len(shown)


def test_directory_marks_english_fallback_names_with_their_language(client, network):
    """An office or a host country without a Russian name is shown to a Russian reader in
    English, marked so, on every row; the others carry no mark."""
    BorderLiaisonOffice.objects.filter(slug="batken").update(name_ru="")
    Country.objects.filter(iso_code="KZ").update(name_ru="")
    root = page(client.get("/ru/blos/"))
    rows = {
        row.get("a").attrs["href"].split("/")[-2]: row.find_all("td")
        for table in root.find_all("table", class_="blo-table")
        for row in table.get("tbody").find_all("tr")
    }

    assert rows["batken"][0].get("a").attrs.get("lang") == "en"
    assert rows["batken"][0].get("a").clean_text == "BLO Batken"
    # Said in words too, as on the news cards (the README's promise for Russian lists).
    assert rows["batken"][0].get("span", class_="badge").clean_text == "на английском"
    assert [slug for slug, cells in rows.items() if cells[0].find("span", class_="badge")] == [
        "batken"
    ]
    assert [slug for slug, cells in rows.items() if cells[0].get("a").attrs.get("lang")] == [
        "batken"
    ]
    hosted_in_english = {slug for slug, cells in rows.items() if cells[1].attrs.get("lang") == "en"}
    assert hosted_in_english == {"zhibek", "sary-agash"}
    assert rows["zhibek"][1].clean_text == "Kazakhstan"
    assert all(cells[1].attrs.get("lang") in (None, "en") for cells in rows.values())
    english = page(client.get("/en/blos/"))
    assert english.find_all("a", lang="en") == []


def test_a_border_and_a_country_named_in_english_are_marked_so_in_the_caption_and_on_the_map(
    client, network
):
    """The table's caption is read out by screen readers: a Russian sentence around an
    English name ("…на границе Kazakhstan–Uzbekistan") says which is which."""
    Border.objects.filter(slug="kz-uz").update(name_ru="")
    Country.objects.filter(iso_code="KZ").update(name_ru="")
    root = page(client.get("/ru/blos/"))

    captions = {
        table.get("caption").clean_text: table.get("caption").find_all("span")
        for table in root.find_all("table", class_="blo-table")
    }
    english = captions["Пограничные офисы связи на границе Kazakhstan–Uzbekistan"]
    assert [(span.attrs["lang"], span.clean_text) for span in english] == [
        ("en", "Kazakhstan–Uzbekistan")
    ]
    assert captions["Пограничные офисы связи на границе Кыргызстан–Таджикистан"] == []
    labels = {text.clean_text: text.attrs.get("lang") for text in root.find_all("text")}
    assert labels["Kazakhstan"] == "en"
    assert labels["Узбекистан"] is None


@pytest.mark.parametrize(("lang", "status"), [("en", "established"), ("ru", "создан")])
def test_map_marks_are_named_and_described_by_status_in_the_readers_language(
    client, network, lang, status
):
    root = page(client.get(f"/{lang}/blos/"))
    marks = {
        marker.attrs["href"].split("/")[-2]: marker
        for marker in root.find_all("a", class_="map-marker")
    }

    name = getattr(network["blos"]["yallama"], f"name_{lang}")
    assert (marks["yallama"].get("title").text, marks["yallama"].get("desc").text) == (name, status)
    assert marks["yallama"].get("title").attrs.get("lang") is None
    diamond = marks["sary-agash"].get("rect")
    x0, y0 = float(diamond.attrs["x"]), float(diamond.attrs["y"])
    # The diamond is the square turned about its centre, the office's position.
    angle, x, y = diamond.attrs["transform"].removeprefix("rotate(").removesuffix(")").split()
    assert (angle, float(x), float(y)) == ("45", pytest.approx(x0 + 6), pytest.approx(y0 + 6))


def test_a_mark_named_in_english_on_a_russian_map_is_marked_so(client, network):
    """Its status is Russian, its name English: each is read in its own language."""
    BorderLiaisonOffice.objects.filter(slug="yallama").update(name_ru="")
    root = page(client.get("/ru/blos/"))
    marks = {
        marker.attrs["href"].split("/")[-2]: marker
        for marker in root.find_all("a", class_="map-marker")
    }

    assert marks["yallama"].get("title").attrs["lang"] == "en"
    assert marks["yallama"].get("title").text == network["blos"]["yallama"].name_en
    assert marks["yallama"].get("desc").attrs.get("lang") is None
    assert marks["yallama"].get("desc").text == "создан"
    assert marks["karamyk"].get("title").attrs.get("lang") is None


def test_map_places_markers_inside_the_map(client, network):
    root = page(client.get("/en/blos/"))
    svg = root.get("svg", class_="map-svg")
    _, _, width, height = (float(n) for n in svg.attrs["viewbox"].split())

    for circle in svg.find_all("circle"):
        assert 0 <= float(circle.attrs["cx"]) <= width
        assert 0 <= float(circle.attrs["cy"]) <= height


def test_map_description_counts_the_markers_in_russian(client, network):
    root = page(client.get("/ru/blos/"))

    assert root.get("desc", id="map-desc").text.startswith(
        "На карте по координатам отмечено 5 офисов;"
    )


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", {"Kyrgyzstan", "Afghanistan", "Turkmenistan"}),
        ("ru", {"Кыргызстан", "Афганистан", "Туркменистан"}),
    ],
)
def test_map_names_the_countries_in_the_readers_language(client, lang, names):
    """Including the countries the site has no record of (their names come with the map)."""
    CountryFactory(iso_code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    BorderLiaisonOfficeFactory()

    root = page(client.get(f"/{lang}/blos/"))
    labels = {text.text for text in root.find_all("text", class_="map-label")}

    assert names <= labels


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_blo_of_the_directory_has_its_own_page(client, network, lang):
    root = page(client.get(f"/{lang}/blos/"))
    links = [
        row.find("a").attrs["href"]
        for section in root.find_all("section", class_="border-group")
        for row in section.get("tbody").find_all("tr")
    ]

    assert len(links) == 5
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert page(response).get("h1").text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_blo_is_absent_from_the_directory_and_its_page_is_404(client, network, lang):
    html = client.get(f"/{lang}/blos/").content.decode()

    assert "hidden-blo" not in html
    assert "BLO Hidden" not in html
    assert client.get(f"/{lang}/blos/hidden-blo/").status_code == 404


def test_unpublished_blo_is_not_counted_anywhere(client, network):
    BorderLiaisonOffice.objects.filter(slug="hidden-blo").update(status=Status.ESTABLISHED)
    BorderLiaisonOfficeFactory(
        slug="hidden-being", status=Status.BEING_ESTABLISHED, is_published=False
    )

    directory = page(client.get("/en/blos/"))
    home = page(client.get("/en/"))

    assert "2 offices established" in visible_text(directory)
    assert [li.clean_text for li in home.find_all("li", class_="stat")] == [
        "2 offices established on 1 border",
        "1 office being established",
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Skip the map: go to the list of offices"),
        ("ru", "Пропустить карту: к списку офисов"),
    ],
)
def test_keyboard_readers_can_skip_the_maps_markers(client, network, lang, text):
    """Every marker is a link; the table after the map has the same links."""
    response = client.get(f"/{lang}/blos/")
    html, root = response.content.decode(), page(response)

    skip = root.get("a", class_="skip-map")
    assert skip.clean_text == text
    target = root.get("div", id=skip.attrs["href"].removeprefix("#"))
    assert target.find_all("table", class_="blo-table")
    assert (
        html.index('class="skip-map"')
        < html.index('class="map-svg"')
        < html.index('id="blo-directory"')
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_directory_says_so(client, lang):
    response = client.get(f"/{lang}/blos/")
    root = page(response)

    assert response.status_code == 200
    assert root.find_all("a", class_="map-marker") == []
    assert in_both("No Border Liaison Offices yet.")[lang] in visible_text(root)


# --- the BLO page -------------------------------------------------------------------------------


def facts(root) -> dict[str, str]:
    dl = root.get("dl", class_="facts")
    terms = [dt.clean_text for dt in dl.find_all("dt")]
    values = [dd.clean_text for dd in dl.find_all("dd")]
    return dict(zip(terms, values, strict=True))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "Border": "Kazakhstan–Uzbekistan",
                "Host country": "Uzbekistan",
                "Crossing point": "Yallama",
                "Status": "established",
                "Established on": "23 November 2021",
                "Coordinates": "41.190° N, 69.190° E",
                "Programme": "Cross-Border Cooperation Component",
            },
        ),
        (
            "ru",
            {
                "Граница": "Казахстан–Узбекистан",
                "Принимающая страна": "Узбекистан",
                "Пункт пропуска": "Яллама",
                "Статус": "создан",
                "Дата создания": "23 ноября 2021 г.",
                "Координаты": "41,190° с. ш., 69,190° в. д.",
                "Программа": "Компонент по трансграничному сотрудничеству",
            },
        ),
    ],
)
def test_blo_page_shows_its_facts_in_the_readers_language(client, public_site, lang, expected):
    blo = public_site.blo
    blo.established_on = date(2021, 11, 23)
    blo.save()

    root = page(client.get(f"/{lang}/blos/{blo.slug}/"))

    assert root.get("h1").text == getattr(blo, f"name_{lang}")
    assert facts(root) == expected
    assert (
        root.get("div", class_="body").get("p").text
        == {
            "en": "An office at the Yallama crossing point.",
            "ru": "Офис на пункте пропуска Яллама.",
        }[lang]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_blo_page_map_marks_only_this_blo(client, public_site, lang):
    BorderLiaisonOfficeFactory()
    root = page(client.get(f"/{lang}/blos/{public_site.blo.slug}/"))

    # A mark, not a link to the page the reader is on (a tab stop that reloads it).
    assert root.find_all("a", class_="map-marker") == []
    (mark,) = root.get("svg", class_="map-svg").find_all(class_="map-marker")
    name = getattr(public_site.blo, f"name_{lang}")
    assert (mark.tag, mark.get("title").text) == ("g", name)


def test_blo_page_shows_its_contact_with_a_protected_email(client, public_site):
    response = client.get(f"/en/blos/{public_site.blo.slug}/")
    block = page(response).get("aside", class_="press-contact")

    assert "Anna Petrova" in block.text
    assert block.get("span", class_="protected-email").text == "press.officer[at]example.org"
    assert "press.officer@example.org" not in response.content.decode()


@pytest.mark.parametrize(
    "hide",
    [
        lambda site: ContactFactory._meta.model.objects.filter(pk=site.contact.pk).update(
            is_published=False
        ),
        lambda site: OfficeFactory._meta.model.objects.filter(pk=site.office.pk).update(
            is_published=False
        ),
    ],
    ids=["contact-unpublished", "office-unpublished"],
)
def test_blo_page_hides_a_contact_that_is_not_public(client, public_site, hide):
    hide(public_site)

    root = page(client.get(f"/en/blos/{public_site.blo.slug}/"))

    assert root.find("aside", class_="press-contact") is None
    assert "Anna Petrova" not in visible_text(root)


def test_blo_page_hides_an_unpublished_programme(client, public_site):
    public_site.component.is_published = False
    public_site.component.save()

    root = page(client.get(f"/en/blos/{public_site.blo.slug}/"))

    assert "Programme" not in facts(root)
    assert (
        public_site.component.slug
        not in client.get(f"/en/blos/{public_site.blo.slug}/").content.decode()
    )


def test_blo_page_lists_its_public_news_only(client, public_site):
    blo = public_site.blo
    now = timezone.now()
    for slug, kwargs in [
        ("draft-about-blo", {"draft": True}),
        ("scheduled-about-blo", {"published_at": now + timedelta(minutes=1)}),
        ("public-about-blo", {"published_at": now - timedelta(minutes=1)}),
    ]:
        NewsItemFactory(slug=slug, **kwargs).blos.add(blo)

    root = page(client.get(f"/ru/blos/{blo.slug}/"))
    hrefs = [card.find("a").attrs["href"] for card in root.find_all("article", class_="card")]

    assert hrefs == ["/ru/news/public-about-blo/", f"/ru/news/{public_site.item.slug}/"]


def test_blo_page_without_news_or_contact_shows_neither(client):
    blo = BorderLiaisonOfficeFactory(established_on=None)

    root = page(client.get(f"/en/blos/{blo.slug}/"))

    assert root.find("aside", class_="press-contact") is None
    assert root.find("section", aria_labelledby="news-heading") is None
    assert "Established on" not in facts(root)
    assert root.find("div", class_="body") is None


def test_news_item_does_not_link_an_unpublished_blo(client, network):
    item = NewsItemFactory()
    item.blos.add(network["hidden"], network["blos"]["yallama"])

    html = client.get(f"/en/news/{item.slug}/").content.decode()

    assert "/en/blos/yallama/" in html
    assert "hidden-blo" not in html


def test_programme_of_a_blo_is_linked_from_its_page(client, public_site):
    ProgrammeFactory()  # another programme, not the BLO's
    root = page(client.get(f"/ru/blos/{public_site.blo.slug}/"))

    link = root.get("dl", class_="facts").get("a")
    assert link.attrs["href"] == f"/ru/programmes/{public_site.component.slug}/"
