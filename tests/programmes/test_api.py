"""The programmes API: /api/v1/programmes/ and /<slug>/ with published components only, the
top_level filter, and unpublished programmes kept out."""

import pytest

from tests.factories import ProgrammeFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programmes/"


def detail(slug: str) -> str:
    return f"{LIST}{slug}/"


def get(client, url=LIST, **params):
    return client.get(url, params)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def programmes(db):
    """A programme with a published and an unpublished component, another programme, and an
    unpublished programme."""
    pca = ProgrammeFactory(
        slug="pca",
        title_en="Programme for Central Asia",
        title_ru="Программа для Центральной Азии",
        sort_order=1,
    )
    pca.topics.add(TopicFactory(slug="border-management", name_en="Border management"))
    ProgrammeFactory(slug="cbc", parent=pca, title_en="Cross-Border Cooperation", sort_order=1)
    ProgrammeFactory(slug="draft-component", parent=pca, is_published=False)
    ProgrammeFactory(slug="later", sort_order=2)
    ProgrammeFactory(slug="draft-programme", is_published=False)


def test_programmes_list_programmes_first_then_components(client, programmes):
    assert slugs(get(client)) == ["pca", "later", "cbc"]


def test_programme_carries_its_text_years_topics_and_published_components(client, programmes):
    programme = get(client, detail("pca")).json()

    assert programme["url"] == "http://testserver/api/v1/programmes/pca/"
    assert programme["title"] == "Programme for Central Asia"
    assert programme["start_year"] == 2015
    assert programme["end_year"] == 2021
    assert programme["parent"] is None
    assert programme["topics"] == [{"slug": "border-management", "name": "Border management"}]
    assert [component["slug"] for component in programme["components"]] == ["cbc"]
    component = programme["components"][0]
    assert component["title"] == "Cross-Border Cooperation"
    assert component["url"] == "http://testserver/api/v1/programmes/cbc/"
    assert component["links"]["en"] == "http://testserver/en/programmes/cbc/"
    assert programme["links"] == {
        "en": "http://testserver/en/programmes/pca/",
        "ru": "http://testserver/ru/programmes/pca/",
    }


def test_component_names_its_parent(client, programmes):
    component = get(client, detail("cbc")).json()

    assert component["parent"] == {"slug": "pca", "title": "Programme for Central Asia"}
    assert component["components"] == []


def test_component_of_an_unpublished_programme_is_withdrawn_with_it(client):
    # It was served with "parent": null, as if it were a programme of its own.
    hidden = ProgrammeFactory(slug="hidden", is_published=False)
    ProgrammeFactory(slug="orphan", parent=hidden)

    assert get(client, detail("orphan")).status_code == 404
    assert "orphan" not in slugs(get(client, top_level="false"))


def test_unpublished_programmes_and_components_appear_nowhere(client, programmes):
    listed = slugs(get(client, page_size=100))

    assert "draft-programme" not in listed
    assert "draft-component" not in listed
    assert get(client, detail("draft-programme")).status_code == 404
    assert get(client, detail("draft-component")).status_code == 404
    assert get(client).json()["count"] == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", ["pca", "later"]),
        ("True", ["pca", "later"]),
        ("1", ["pca", "later"]),
        ("false", ["cbc"]),
        ("0", ["cbc"]),
        ("", ["pca", "later", "cbc"]),
    ],
)
def test_top_level_filter(client, programmes, value, expected):
    assert slugs(get(client, top_level=value)) == expected


@pytest.mark.parametrize("value", ["yes", "null", "maybe", "2"])
def test_top_level_other_than_true_or_false_is_a_400(client, programmes, value):
    response = get(client, top_level=value)

    assert response.status_code == 400
    assert response.json() == {
        "top_level": [f"Unknown value “{value}”. Available: true, false, 1, 0."]
    }


def test_programme_in_russian_and_in_every_language(client, programmes):
    russian = get(client, detail("pca"), lang="ru")
    every = get(client, detail("pca"), lang="all").json()

    assert russian["Content-Language"] == "ru"
    assert russian.json()["title"] == "Программа для Центральной Азии"
    assert every["title"] == {
        "en": "Programme for Central Asia",
        "ru": "Программа для Центральной Азии",
    }
    assert every["body"] == {"en": None, "ru": None}


def test_programme_without_russian_text_falls_back_and_offers_no_russian_link(client):
    ProgrammeFactory(slug="english", title_en="English", title_ru="")

    programme = get(client, detail("english"), lang="ru").json()

    assert programme["title"] == "English"
    assert programme["is_fallback"] is True
    assert programme["available_languages"] == ["en"]
    assert list(programme["links"]) == ["en"]


def test_programme_sparse_fields(client, programmes):
    results = get(client, fields="slug,components").json()["results"]

    assert all(set(result) == {"slug", "components"} for result in results)
    assert results[0]["slug"] == "pca"
    assert [component["slug"] for component in results[0]["components"]] == ["cbc"]


def test_programmes_refuse_bad_parameters_at_once(client, programmes):
    response = get(client, fields="slug,colour", page_size="0", lang="xx", top_level="x")

    assert response.status_code == 400
    assert set(response.json()) == {"fields", "page_size", "lang", "top_level"}
