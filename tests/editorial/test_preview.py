"""Staff previews: any news item, BLO or programme, published or not, in either language, as
its public page will look once published — for staff only, never cached, never indexed."""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from apps.blos.models import BorderLiaisonOffice
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]
FALLBACK_NOTICE = "Эта страница ещё не переведена на русский язык"
STAFF = ["officer_client", "translator_client", "superuser_client"]


@pytest.fixture
def unpublished(db):
    """One object of each previewable kind, none of them public, each with a complete Russian
    translation that is not published yet."""
    return {
        "news": NewsItemFactory(
            draft=True,
            slug="draft-news",
            title_en="Draft: training in Osh",
            title_ru="Черновик: обучение в Оше",
            russian_ready=False,
        ),
        "blos": BorderLiaisonOfficeFactory(
            slug="hidden-blo",
            name_en="BLO Karamyk",
            name_ru="ПОС Карамык",
            is_published=False,
            russian_ready=False,
        ),
        "programmes": ProgrammeFactory(
            slug="hidden-programme",
            title_en="Future programme",
            title_ru="Будущая программа",
            is_published=False,
            russian_ready=False,
        ),
    }


TITLES = {
    "news": {"en": "Draft: training in Osh", "ru": "Черновик: обучение в Оше"},
    "blos": {"en": "BLO Karamyk", "ru": "ПОС Карамык"},
    "programmes": {"en": "Future programme", "ru": "Будущая программа"},
}
KINDS = list(TITLES)


def preview_url(lang: str, kind: str, slug: str) -> str:
    return f"/{lang}/preview/{kind}/{slug}/"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", STAFF)
def test_staff_preview_an_unpublished_item_in_each_language(request, unpublished, who, lang, kind):
    client = request.getfixturevalue(who)
    slug = unpublished[kind].slug
    assert client.get(f"/{lang}/{kind}/{slug}/").status_code == 404  # not public

    response = client.get(preview_url(lang, kind, slug))

    assert response.status_code == 200
    root = page(response)
    h1 = root.get("h1")
    assert h1.text == TITLES[kind][lang]
    # The Russian translation shows as it will once published: in Russian, without notice.
    assert h1.closest_lang() == lang
    assert root.find("p", class_="notice") is None
    assert FALLBACK_NOTICE not in response.content.decode()
    assert root.get("p", class_="preview-banner") is not None


@pytest.mark.parametrize("kind", KINDS)
def test_preview_is_never_cached_nor_indexed(officer_client, unpublished, kind):
    response = officer_client.get(preview_url("ru", kind, unpublished[kind].slug))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "private", "must-revalidate", "max-age=0"} <= cache_control
    assert "noindex" in response["X-Robots-Tag"]
    robots = page(response).get("head").get("meta", name="robots")
    assert robots.attrs["content"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_anonymous_visitor_is_sent_to_the_admin_login(client, unpublished, lang, kind):
    url = preview_url(lang, kind, unpublished[kind].slug)

    response = client.get(url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/"
    assert location.query == f"next={url}"
    assert TITLES[kind]["en"] not in response.content.decode()


def test_logged_in_non_staff_user_is_sent_to_the_admin_login(
    client, django_user_model, unpublished
):
    user = django_user_model.objects.create_user("reader", password="unused")
    client.force_login(user)

    response = client.get(preview_url("en", "news", "draft-news"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/admin/login/"


@pytest.mark.parametrize("kind", KINDS)
def test_preview_of_an_unknown_slug_is_404(officer_client, kind):
    assert officer_client.get(preview_url("en", kind, "no-such-thing")).status_code == 404


def test_preview_of_a_scheduled_item(officer_client):
    NewsItemFactory(scheduled=True, slug="tomorrow", title_en="Tomorrow's news")

    response = officer_client.get(preview_url("en", "news", "tomorrow"))

    assert response.status_code == 200
    assert page(response).get("h1").text == "Tomorrow's news"


@pytest.mark.parametrize(("lang", "other"), [("en", "ru"), ("ru", "en")])
def test_the_preview_links_to_the_articles_preview_in_the_other_language(
    officer_client, lang, other
):
    """Not to its public address, a 404 until it is published."""
    NewsItemFactory(scheduled=True, slug="tomorrow", russian_ready=True)

    root = page(officer_client.get(preview_url(lang, "news", "tomorrow")))

    link = root.get("p", class_="other-language").get("a")
    assert link.attrs["href"] == preview_url(other, "news", "tomorrow")
    assert officer_client.get(link.attrs["href"]).status_code == 200


def test_preview_of_a_partial_translation_shows_the_russian_text_there_is(officer_client):
    """A partial translation cannot be published; its preview shows what there is in Russian
    and says that the rest is in English."""
    NewsItemFactory(
        slug="partial",
        draft=True,
        title_en="Partly translated",
        title_ru="Частично переведено",
        summary_ru="",
        russian_ready=False,
    )

    root = page(officer_client.get(preview_url("ru", "news", "partial")))

    assert (root.get("h1").text, root.get("h1").closest_lang()) == ("Частично переведено", "ru")
    summary = root.get("p", class_="summary")
    assert summary.closest_lang() == "en"
    assert root.get("p", class_="notice").text.startswith(FALLBACK_NOTICE)


@pytest.mark.parametrize(
    ("model", "kind"),
    [(NewsItem, "news"), (BorderLiaisonOffice, "blos"), (Programme, "programmes")],
)
def test_admin_change_form_links_to_the_previews(officer_client, unpublished, model, kind):
    obj = unpublished[kind]

    root = page(officer_client.get(admin_url(model, "change", obj.pk)))

    links = {
        a.attrs["hreflang"]: a.attrs["href"]
        for a in root.get("div", class_="field-preview_links").find_all("a")
    }
    assert links == {lang: preview_url(lang, kind, obj.slug) for lang in LANGUAGES}


@pytest.mark.parametrize(
    ("model", "kind"),
    [(NewsItem, "news"), (BorderLiaisonOffice, "blos"), (Programme, "programmes")],
)
def test_view_on_site_opens_the_preview_until_the_object_is_public(
    officer_client, unpublished, model, kind
):
    """Its public address is a 404 until then."""
    obj = unpublished[kind]
    url = admin_url(model, "change", obj.pk)

    hidden = page(officer_client.get(url)).get("a", class_="viewsitelink").attrs["href"]
    if kind == "news":
        obj.status, obj.published_at = NewsItem.Status.PUBLISHED, timezone.now()
    else:
        obj.is_published = True
    obj.save()
    public = page(officer_client.get(url)).get("a", class_="viewsitelink").attrs["href"]

    assert hidden == preview_url("en", kind, obj.slug)
    assert officer_client.get(hidden).status_code == 200
    assert public.startswith("/admin/r/")  # Django's "view on site": the public page
    assert officer_client.get(public, follow=True).status_code == 200


def test_translator_change_form_also_links_to_the_previews(translator_client, unpublished):
    item = unpublished["news"]

    html = translator_client.get(admin_url(NewsItem, "change", item.pk)).content.decode()

    for lang in LANGUAGES:
        assert f'href="{preview_url(lang, "news", item.slug)}"' in html


@pytest.mark.parametrize("kind", KINDS)
def test_a_preview_address_typed_with_capitals_leads_to_the_preview(
    officer_client, unpublished, kind
):
    slug = unpublished[kind].slug

    response = officer_client.get(preview_url("ru", kind, slug.upper()), follow=True)

    assert response.redirect_chain == [(preview_url("ru", kind, slug), 301)]
    assert page(response).get("h1").text == TITLES[kind]["ru"]


def test_the_preview_of_an_unpublished_programme_shows_its_components(officer_client, unpublished):
    # Withdrawn with their programme (ProgrammeQuerySet.published), its published components
    # were missing from its preview, which its public page will show once published.
    programme = unpublished["programmes"]
    ProgrammeFactory(slug="component-one", title_en="Component One", parent=programme)
    ProgrammeFactory(slug="draft-component", parent=programme, is_published=False)

    preview = officer_client.get(preview_url("en", "programmes", programme.slug))

    assert preview.status_code == 200
    links = {a.attrs.get("href") for a in page(preview).find_all("a")}
    assert "/en/programmes/component-one/" in links
    assert "/en/programmes/draft-component/" not in links
    programme.is_published = True
    programme.save()
    public = {
        a.attrs.get("href")
        for a in page(officer_client.get("/en/programmes/hidden-programme/")).find_all("a")
    }
    assert "/en/programmes/component-one/" in public


def test_an_old_preview_address_leads_to_the_preview(officer_client):
    """An item renamed before it was published (``FormerSlug``)."""
    item = NewsItemFactory(slug="first-name", status=NewsItem.Status.DRAFT)
    item.slug = "second-name"
    item.save()

    response = officer_client.get("/en/preview/news/first-name/")

    assert (response.status_code, response["Location"]) == (301, "/en/preview/news/second-name/")
