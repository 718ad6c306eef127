"""A component is public only while its programme is: withdrawing a programme withdraws its
components everywhere (``ProgrammeQuerySet.published``), as withdrawing an office withdraws
its contacts. A published component of an unpublished programme was in limbo: its page and
API answer showed it with no programme, the API listed it as a component, and news and
offices linked to it."""

import pytest

from apps.programmes.models import Programme
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]


@pytest.fixture
def withdrawn():
    """A published component ("orphan") of a programme that was unpublished, with a news item
    and an office that name it, and a component of a published programme to compare."""
    programme = ProgrammeFactory(slug="withdrawn", is_published=False)
    orphan = ProgrammeFactory(slug="orphan", parent=programme)
    shown = ProgrammeFactory(slug="shown", parent=ProgrammeFactory(slug="public"))
    item = NewsItemFactory(slug="item")
    item.programmes.add(orphan, shown)
    blo = BorderLiaisonOfficeFactory(slug="office", programme=orphan)
    return {"orphan": orphan, "shown": shown, "item": item, "blo": blo}


def test_the_one_rule_leaves_it_out(withdrawn):
    assert set(Programme.objects.published().values_list("slug", flat=True)) == {
        "public",
        "shown",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_its_page_is_gone_and_nothing_links_to_it(client, withdrawn, lang):
    assert client.get(f"/{lang}/programmes/orphan/").status_code == 404
    assert client.get(f"/{lang}/programmes/shown/").status_code == 200

    for url in (f"/{lang}/news/item/", f"/{lang}/blos/office/", f"/{lang}/programmes/"):
        html = client.get(url).content.decode()
        assert "/programmes/orphan/" not in html, url
    assert "/programmes/shown/" in client.get(f"/{lang}/news/item/").content.decode()
    assert "/programmes/orphan/" not in client.get("/sitemap.xml").content.decode()


def test_it_is_no_filter_of_the_news(client, withdrawn):
    choices = page(client.get("/en/news/")).get("select", id="id_programme").find_all("option")

    assert "orphan" not in {option.attrs["value"] for option in choices}
    assert client.get("/api/v1/news/", {"programme": "orphan"}).status_code == 400
    assert client.get("/api/v1/blos/", {"programme": "orphan"}).status_code == 400


def test_the_api_shows_it_nowhere(client, withdrawn):
    programmes = client.get("/api/v1/programmes/").json()["results"]
    item = client.get("/api/v1/news/item/").json()
    office = client.get("/api/v1/blos/office/").json()

    assert {programme["slug"] for programme in programmes} == {"public", "shown"}
    assert client.get("/api/v1/programmes/orphan/").status_code == 404
    assert [programme["slug"] for programme in item["programmes"]] == ["shown"]
    assert office["programme"] is None
