"""The Border Liaison Office API: /api/v1/blos/ (JSON and RFC 7946 GeoJSON), its filters and
facets, and /api/v1/borders/ with the BLO counts per status; unpublished offices appear nowhere."""

from datetime import date
from decimal import Decimal

import pytest

from apps.blos.models import BorderLiaisonOffice
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    OfficeFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/blos/"
BORDERS = "/api/v1/borders/"
Status = BorderLiaisonOffice.Status


def detail(slug: str) -> str:
    return f"{LIST}{slug}/"


def get(client, url=LIST, **params):
    return client.get(url, params)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def facet(response, name: str) -> dict[str, int]:
    return {row["value"]: row["count"] for row in response.json()["facets"][name]}


@pytest.fixture
def network(db):
    """Two borders, five published offices (and one unpublished) with different statuses."""
    kz = CountryFactory(iso_code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    kg = CountryFactory(iso_code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    uz = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    kz_kg = BorderFactory(slug="kz-kg", country_a=kz, country_b=kg)
    kz_uz = BorderFactory(slug="kz-uz", country_a=kz, country_b=uz)
    pca = ProgrammeFactory(slug="pca")
    other = ProgrammeFactory(slug="other")

    def blo(slug, border, host, status, name, **extra):
        return BorderLiaisonOfficeFactory(
            slug=slug, border=border, host_country=host, status=status, name_en=name, **extra
        )

    offices = {
        "a": blo("a", kz_kg, kz, Status.ESTABLISHED, "Charyn", programme=pca),
        "b": blo("b", kz_kg, kg, Status.ESTABLISHED, "Ak-Zhol", programme=pca),
        "c": blo("c", kz_kg, kz, Status.BEING_ESTABLISHED, "Bakhty", programme=other),
        "d": blo("d", kz_uz, uz, Status.PLANNED, "Yallama"),
        "e": blo("e", kz_uz, kz, Status.CLOSED, "Zhibek Zholy"),
        "hidden": blo("hidden", kz_kg, kz, Status.ESTABLISHED, "Hidden", is_published=False),
    }
    return offices


# --- the list and an office ----------------------------------------------------------------------


def test_blo_list_returns_published_offices_by_border_then_slug(client, network):
    response = get(client)

    assert response.json()["count"] == 5
    assert slugs(response) == ["a", "b", "c", "d", "e"]


def test_blo_carries_its_place_status_border_country_programme_and_contact(client, public_site):
    office = get(client, detail("blo-yallama")).json()

    assert office["slug"] == "blo-yallama"
    assert office["url"] == "http://testserver/api/v1/blos/blo-yallama/"
    assert office["name"] == "BLO Yallama"
    assert office["crossing_point"] == "Yallama"
    assert office["description"] == "<p>An office at the Yallama crossing point.</p>"
    assert office["status"] == "established"
    assert office["status_label"] == "established"
    assert office["latitude"] == 41.19
    assert office["longitude"] == 69.19
    assert office["border"] == {"slug": "kazakhstan-uzbekistan", "name": "Kazakhstan–Uzbekistan"}
    assert office["host_country"] == {"iso_code": "UZ", "name": "Uzbekistan"}
    assert office["programme"] == {
        "slug": "cross-border-cooperation",
        "title": "Cross-Border Cooperation Component",
    }
    assert office["contact"] == {
        "full_name": "Anna Petrova",
        "position": "Press officer",
        "email": "press.officer[at]example.org",
        "phone": "+992 44 600 00 00",
    }
    assert office["available_languages"] == ["en", "ru"]
    assert office["links"] == {
        "en": "http://testserver/en/blos/blo-yallama/",
        "ru": "http://testserver/ru/blos/blo-yallama/",
    }


def test_blo_in_russian(client, public_site):
    office = get(client, detail("blo-yallama"), lang="ru").json()

    assert office["name"] == "ПОС Яллама"
    assert office["border"]["name"] == "Казахстан–Узбекистан"
    assert office["host_country"]["name"] == "Узбекистан"
    assert office["programme"]["title"] == "Компонент по трансграничному сотрудничеству"
    assert office["language"] == "ru"
    assert office["is_fallback"] is False


def test_blo_with_english_only_description_falls_back_in_russian(client):
    BorderLiaisonOfficeFactory(slug="half", description_en="<p>English.</p>", description_ru="")

    office = get(client, detail("half"), lang="ru").json()

    assert office["description"] == "<p>English.</p>"
    assert office["is_fallback"] is True
    assert office["available_languages"] == ["en"]
    assert list(office["links"]) == ["en"]


def test_blo_in_every_language(client, public_site):
    office = get(client, detail("blo-yallama"), lang="all").json()

    assert office["name"] == {"en": "BLO Yallama", "ru": "ПОС Яллама"}
    assert office["programme"]["title"] == {
        "en": "Cross-Border Cooperation Component",
        "ru": "Компонент по трансграничному сотрудничеству",
    }


def test_unpublished_programme_and_contact_of_a_blo_are_left_out(client):
    BorderLiaisonOfficeFactory(
        slug="a",
        programme=ProgrammeFactory(is_published=False),
        contact=ContactFactory(is_published=False),
    )
    BorderLiaisonOfficeFactory(
        slug="b", contact=ContactFactory(office=OfficeFactory(is_published=False))
    )

    assert get(client, detail("a")).json()["programme"] is None
    assert get(client, detail("a")).json()["contact"] is None
    assert get(client, detail("b")).json()["contact"] is None


def test_unpublished_blo_appears_nowhere(client, network):
    assert "hidden" not in slugs(get(client, page_size=100))
    assert get(client, detail("hidden")).status_code == 404
    assert "hidden" not in [f["id"] for f in get(client, format="geojson").json()["features"]]
    assert get(client, detail("hidden"), format="geojson").status_code == 404
    assert facet(get(client, facets="border,status"), "border") == {"kz-kg": 3, "kz-uz": 2}


# --- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"border": "kz-kg"}, ["a", "b", "c"]),
        ({"border": "kz-uz"}, ["d", "e"]),
        ({"country": "kz"}, ["a", "c", "e"]),
        ({"country": "KG"}, ["b"]),
        ({"status": "established"}, ["a", "b"]),
        ({"status": "planned"}, ["d"]),
        ({"programme": "pca"}, ["a", "b"]),
        ({"border": "kz-kg", "country": "kz"}, ["a", "c"]),
        ({"border": "kz-kg", "country": "kz", "status": "established"}, ["a"]),
        ({"country": "kz", "programme": "other"}, ["c"]),
        ({"border": "kz-uz", "programme": "pca"}, []),
    ],
)
def test_blo_filters_alone_and_combined(client, network, params, expected):
    assert slugs(get(client, **params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["b", "c", "a", "d", "e"]),
        ("-name", ["e", "d", "a", "c", "b"]),
        ("status", ["c", "e", "a", "b", "d"]),
        ("border", ["a", "b", "c", "d", "e"]),
    ],
)
def test_blo_ordering(client, network, ordering, expected):
    assert slugs(get(client, ordering=ordering)) == expected


def test_blo_ordering_by_establishment_date(client):
    BorderLiaisonOfficeFactory(slug="late", established_on=date(2020, 5, 1))
    BorderLiaisonOfficeFactory(slug="early", established_on=date(2012, 5, 1))

    assert slugs(get(client, ordering="established_on")) == ["early", "late"]
    assert slugs(get(client, ordering="-established_on")) == ["late", "early"]


def test_blo_ordering_by_name_in_russian_puts_untranslated_names_by_their_english_name(client):
    BorderLiaisonOfficeFactory(slug="latin", name_en="Zhibek", name_ru="")
    BorderLiaisonOfficeFactory(slug="cyrillic", name_en="Bakhty", name_ru="Бахты")

    assert slugs(get(client, ordering="name", lang="ru")) == ["latin", "cyrillic"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("border", "no-such-border"),
        ("country", "xx"),
        ("status", "open"),
        ("programme", "no-such-programme"),
        ("ordering", "latitude"),
        ("page_size", "1000"),
        ("lang", "kk"),
    ],
)
def test_a_bad_blo_parameter_is_a_400_naming_it(client, network, parameter, value):
    response = get(client, **{parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("en", "Unknown value “open”. Available: planned, being_established, established, closed."),
        (
            "ru",
            "Неизвестное значение «open». Доступны: planned, being_established, established, "
            "closed.",
        ),
    ],
)
def test_an_unknown_status_is_refused_with_the_statuses_there_are(client, network, lang, reason):
    """Django's own "Select a valid choice" did not say which."""
    response = get(client, status="open", lang=lang)

    assert response.json() == {"status": [reason]}


def test_every_bad_blo_parameter_is_named_at_once(client, network):
    response = get(client, border="nowhere", country="zz", status="open", ordering="x", page="x")

    assert response.status_code == 400
    assert set(response.json()) == {"border", "country", "status", "ordering", "page"}


def test_filtering_on_an_unpublished_programme_is_an_unknown_slug(client, network):
    ProgrammeFactory(slug="draft", is_published=False)

    response = get(client, programme="draft")

    assert response.status_code == 400
    assert list(response.json()) == ["programme"]


def test_a_programmes_offices_include_those_of_its_published_components(client, network):
    pca = network["a"].programme
    component = ProgrammeFactory(slug="component", parent=pca)
    hidden = ProgrammeFactory(slug="hidden-component", parent=pca, is_published=False)
    BorderLiaisonOffice.objects.filter(slug="d").update(programme=component)
    BorderLiaisonOffice.objects.filter(slug="e").update(programme=hidden)

    assert slugs(get(client, programme="pca")) == ["a", "b", "d"]
    assert slugs(get(client, programme="component")) == ["d"]


# --- facets ---------------------------------------------------------------------------------------


def test_blo_facets_count_offices_per_border_and_status(client, network):
    response = get(client, facets="border,status")

    assert facet(response, "border") == {"kz-kg": 3, "kz-uz": 2}
    assert facet(response, "status") == {
        "established": 2,
        "being_established": 1,
        "planned": 1,
        "closed": 1,
    }
    labels = {row["value"]: row["label"] for row in response.json()["facets"]["status"]}
    assert labels["being_established"] == "being established"


def test_blo_facets_follow_the_current_filter(client, network):
    response = get(client, facets="border,status", country="kz")

    assert facet(response, "border") == {"kz-kg": 2, "kz-uz": 1}
    assert facet(response, "status") == {"established": 1, "being_established": 1, "closed": 1}


def test_blo_facet_labels_in_russian(client, network):
    response = get(client, facets="status", lang="ru", status="planned")

    assert response.json()["facets"]["status"] == [
        {"value": "planned", "label": "запланирован", "count": 1}
    ]


def test_unknown_blo_facet_is_a_400_naming_facets(client, network):
    response = get(client, facets="country")

    assert response.status_code == 400
    assert list(response.json()) == ["facets"]


def test_blo_sparse_fields(client, network):
    results = get(client, fields="slug,status").json()["results"]

    assert results[0] == {"slug": "a", "status": "established"}


# --- GeoJSON ------------------------------------------------------------------------------------


def assert_is_point_feature(feature):
    assert feature["type"] == "Feature"
    geometry = feature["geometry"]
    assert geometry["type"] == "Point"
    longitude, latitude = geometry["coordinates"]
    assert all(isinstance(value, float | int) for value in (longitude, latitude))
    assert -180 <= longitude <= 180
    assert -90 <= latitude <= 90


def test_geojson_is_an_rfc_7946_feature_collection_of_points(client, network):
    response = get(client, format="geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert [feature["id"] for feature in collection["features"]] == ["a", "b", "c", "d", "e"]
    for feature in collection["features"]:
        assert_is_point_feature(feature)
        assert "crs" not in feature


def test_geojson_coordinates_are_longitude_then_latitude(client):
    BorderLiaisonOfficeFactory(slug="yallama", latitude=Decimal("41.19"), longitude=Decimal("69.2"))
    BorderLiaisonOfficeFactory(slug="edge", latitude=Decimal("-89.5"), longitude=Decimal("-179.5"))

    features = get(client, format="geojson").json()["features"]

    coordinates = {feature["id"]: feature["geometry"]["coordinates"] for feature in features}
    assert coordinates == {"yallama": [69.2, 41.19], "edge": [-179.5, -89.5]}


def test_geojson_properties_hold_the_offices_fields(client, public_site):
    feature = get(client, format="geojson").json()["features"][0]

    properties = feature["properties"]
    assert properties["slug"] == "blo-yallama"
    assert properties["name"] == "BLO Yallama"
    assert properties["status"] == "established"
    assert properties["host_country"] == {"iso_code": "UZ", "name": "Uzbekistan"}
    assert properties["links"]["en"] == "http://testserver/en/blos/blo-yallama/"
    assert "latitude" not in properties
    assert "longitude" not in properties


def test_geojson_detail_is_a_feature(client, public_site):
    response = get(client, detail("blo-yallama"), format="geojson")

    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert_is_point_feature(feature)
    assert feature["id"] == "blo-yallama"
    assert feature["geometry"]["coordinates"] == [69.19, 41.19]


def test_geojson_holds_every_matching_office_not_a_page(client):
    BorderLiaisonOfficeFactory.create_batch(25)

    assert len(get(client, format="geojson").json()["features"]) == 25


def test_geojson_follows_filters_and_language(client, network):
    features = get(client, format="geojson", country="kz", lang="ru").json()["features"]

    assert [feature["id"] for feature in features] == ["a", "c", "e"]
    assert features[0]["properties"]["host_country"]["name"] == "Казахстан"


def test_geojson_keeps_the_geometry_whatever_fields_are_asked_for(client, network):
    features = get(client, format="geojson", fields="slug,name").json()["features"]

    for feature in features:
        assert_is_point_feature(feature)
        assert set(feature["properties"]) == {"slug", "name"}


# --- borders ------------------------------------------------------------------------------------


def test_borders_list_each_border_with_its_two_countries_and_published_blo_counts(client, network):
    response = get(client, BORDERS)

    assert response.status_code == 200
    borders = {border["slug"]: border for border in response.json()["results"]}
    assert set(borders) == {"kz-kg", "kz-uz"}
    kz_kg = borders["kz-kg"]
    assert kz_kg["country_a"] == {"iso_code": "KZ", "name": "Kazakhstan"}
    assert kz_kg["country_b"] == {"iso_code": "KG", "name": "Kyrgyzstan"}
    # The unpublished office on this border is not counted.
    assert kz_kg["blo_counts"] == {
        "planned": 0,
        "being_established": 1,
        "established": 2,
        "closed": 0,
    }
    assert kz_kg["blo_total"] == 3
    assert borders["kz-uz"]["blo_counts"] == {
        "planned": 1,
        "being_established": 0,
        "established": 0,
        "closed": 1,
    }
    assert borders["kz-uz"]["blo_total"] == 2


def test_a_border_without_published_offices_counts_zero(client):
    BorderLiaisonOfficeFactory(border=BorderFactory(slug="quiet"), is_published=False)

    border = get(client, f"{BORDERS}quiet/").json()

    assert border["blo_total"] == 0
    assert set(border["blo_counts"].values()) == {0}


def test_border_detail_and_its_names_in_russian(client, network):
    border = get(client, f"{BORDERS}kz-uz/", lang="ru").json()

    assert border["slug"] == "kz-uz"
    assert border["name"] == "Казахстан–Узбекистан"
    assert border["country_b"] == {"iso_code": "UZ", "name": "Узбекистан"}


def test_unknown_border_is_a_404(client, network):
    assert get(client, f"{BORDERS}nowhere/").status_code == 404


def test_borders_sparse_fields(client, network):
    results = get(client, BORDERS, fields="slug,blo_total").json()["results"]

    assert results == [{"slug": "kz-kg", "blo_total": 3}, {"slug": "kz-uz", "blo_total": 2}]
