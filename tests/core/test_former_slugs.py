"""An object's old address, once its slug is changed, leads to its new one (301)."""

import pytest

from apps.core.models import FormerSlug
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "news": (NewsItemFactory, "/{lang}/news/{slug}/", "/api/v1/news/{slug}/"),
    "blos": (BorderLiaisonOfficeFactory, "/{lang}/blos/{slug}/", "/api/v1/blos/{slug}/"),
    "programmes": (ProgrammeFactory, "/{lang}/programmes/{slug}/", "/api/v1/programmes/{slug}/"),
}


def renamed(kind: str, *slugs: str, **fields):
    """An object of ``kind`` created at the first slug and renamed to each of the others."""
    factory = KINDS[kind][0]
    obj = factory(slug=slugs[0], **fields)
    for slug in slugs[1:]:
        obj.slug = slug
        obj.save()
    return obj


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_old_address_is_sent_on_to_the_new_one(client, kind, lang):
    renamed(kind, "first-name", "second-name", "third-name")
    page = KINDS[kind][1]

    for old in ("first-name", "second-name"):
        response = client.get(page.format(lang=lang, slug=old) + "?utm=mail")
        assert response.status_code == 301
        assert response["Location"] == page.format(lang=lang, slug="third-name") + "?utm=mail"
    assert client.get(page.format(lang=lang, slug="third-name")).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_an_old_api_address_is_sent_on_to_the_new_one(client, kind):
    renamed(kind, "first-name", "second-name")
    api = KINDS[kind][2]

    response = client.get(api.format(slug="first-name") + "?lang=ru")

    assert response.status_code == 301
    assert response["Location"] == api.format(slug="second-name") + "?lang=ru"
    assert client.get(response["Location"]).status_code == 200


def test_an_address_taken_again_by_another_object_is_that_objects():
    renamed("news", "roundtable", "roundtable-tashkent")
    newer = NewsItemFactory(slug="roundtable")

    assert not FormerSlug.objects.filter(slug="roundtable").exists()
    assert FormerSlug.moved_to(type(newer), "roundtable") is None


def test_an_object_renamed_back_lives_at_its_first_address_again(client):
    renamed("news", "first-name", "second-name", "first-name")

    assert client.get("/en/news/first-name/").status_code == 200
    response = client.get("/en/news/second-name/")
    assert (response.status_code, response["Location"]) == (301, "/en/news/first-name/")


@pytest.mark.parametrize("kind", KINDS)
def test_an_old_address_of_an_unpublished_object_is_a_404_not_a_hint(client, kind):
    """A redirect would tell the public the new address of something not yet published."""
    fields = {"status": "draft"} if kind == "news" else {"is_published": False}
    renamed(kind, "first-name", "second-name", **fields)

    assert client.get(KINDS[kind][1].format(lang="en", slug="first-name")).status_code == 404
    assert client.get(KINDS[kind][2].format(slug="first-name")).status_code == 404


def test_a_save_that_keeps_the_slug_records_nothing():
    item = NewsItemFactory(slug="same")
    item.title_en = "Another title"
    item.save()

    assert not FormerSlug.objects.exists()
