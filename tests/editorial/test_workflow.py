"""The editorial workflow: a news item's status (draft → in review → published, and back to
draft), scheduling, publishing the Russian version on its own, and actions that change all the
selected items or none."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from apps.news.models import NewsItem
from tests.admin_helpers import admin_url, form_errors
from tests.core.test_sitemap import BASE, read_sitemap
from tests.editorial.conftest import change_form_data, messages_of, run_action
from tests.factories import NewsItemFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db

DRAFT = NewsItem.Status.DRAFT
IN_REVIEW = NewsItem.Status.IN_REVIEW
PUBLISHED = NewsItem.Status.PUBLISHED
FALLBACK_NOTICE = "Эта страница ещё не переведена на русский язык"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def edit(client, obj, **changes):
    """Open ``obj``'s change form and send it back with ``changes``."""
    url = admin_url(type(obj), "change", obj.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


# --- status in the change form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [(DRAFT, IN_REVIEW), (IN_REVIEW, PUBLISHED), (IN_REVIEW, DRAFT), (PUBLISHED, DRAFT)],
)
def test_officer_moves_an_item_one_allowed_step_in_the_form(officer_client, start, to):
    item = NewsItemFactory(status=start, published_at=timezone.now() - timedelta(hours=1))

    response = edit(officer_client, item, status=to)

    assert response.status_code == 302
    assert fresh(item).status == to


@pytest.mark.parametrize(("start", "to"), [(DRAFT, PUBLISHED), (PUBLISHED, IN_REVIEW)])
def test_a_step_the_workflow_does_not_allow_is_refused_on_the_status_field(
    officer_client, start, to
):
    item = NewsItemFactory(status=start, published_at=timezone.now() - timedelta(hours=1))

    response = edit(officer_client, item, status=to, title_en="Changed meanwhile")

    errors = form_errors(response)
    assert set(errors) == {"status"}
    assert errors["status"] == [
        f"A news item cannot go from “{NewsItem.Status(start).label}” to "
        f"“{NewsItem.Status(to).label}”: drafts are sent for review before they are published."
    ]
    saved = fresh(item)
    assert (saved.status, saved.title_en) == (start, item.title_en)


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW, PUBLISHED])
def test_a_new_item_may_be_created_in_any_status(officer_client, status):
    data = {
        "title_en": "A new item",
        "slug": "a-new-item",
        "dateline_en": "Osh, Kyrgyzstan",
        "summary_en": "Summary.",
        "body_en": "<p>Body.</p>",
        "status": status,
        "published_at_0": "2021-11-23",
        "published_at_1": "12:00:00",
    }

    response = officer_client.post(admin_url(NewsItem, "add"), data)

    assert response.status_code == 302
    assert NewsItem.objects.get(slug="a-new-item").status == status


# --- scheduling --------------------------------------------------------------------------------


def public_presence(client, slug: str) -> dict[str, bool]:
    """Where a news item shows on the public site, in English."""
    rss = ET.fromstring(client.get("/en/feeds/news.rss").content)
    atom = client.get("/en/feeds/news.atom").content.decode()
    api_list = client.get("/api/v1/news/").json()
    return {
        "page": client.get(f"/en/news/{slug}/").status_code == 200,
        "russian page": client.get(f"/ru/news/{slug}/").status_code == 200,
        "list": page(client.get("/en/news/")).find("a", href=f"/en/news/{slug}/") is not None,
        "home": page(client.get("/en/")).find("a", href=f"/en/news/{slug}/") is not None,
        "rss": any(item.findtext("link").endswith(f"/{slug}/") for item in rss.iter("item")),
        "atom": f"/en/news/{slug}/" in atom,
        "api list": slug in [item["slug"] for item in api_list["results"]],
        "api item": client.get(f"/api/v1/news/{slug}/").status_code == 200,
        "sitemap": f"{BASE}/en/news/{slug}/" in read_sitemap(client),
    }


def test_a_scheduled_item_appears_by_itself_when_its_time_comes(client):
    item = NewsItemFactory(
        slug="scheduled", status=PUBLISHED, published_at=timezone.now() + timedelta(minutes=1)
    )
    assert not item.is_public
    assert set(NewsItem.objects.scheduled()) == {item}
    assert set(public_presence(client, "scheduled").values()) == {False}

    # Time passes (no job runs, nothing is saved through the model): the item is public.
    NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    assert fresh(item).is_public
    assert set(public_presence(client, "scheduled").values()) == {True}
    assert not NewsItem.objects.scheduled().exists()


def test_the_published_rule_follows_the_clock(monkeypatch):
    """``published()`` reads the clock at each query: moving the clock publishes the item."""
    published_at = timezone.now() + timedelta(minutes=1)
    item = NewsItemFactory(status=PUBLISHED, published_at=published_at)
    assert not NewsItem.objects.published().exists()

    later = published_at + timedelta(seconds=1)
    monkeypatch.setattr("apps.news.models.timezone.now", lambda: later)

    assert list(NewsItem.objects.published()) == [item]
    assert fresh(item).is_public


def test_publishing_an_item_dated_in_the_future_schedules_it(officer_client, client):
    future = timezone.now() + timedelta(days=3)
    item = NewsItemFactory(slug="later", status=IN_REVIEW, published_at=future)

    run_action(officer_client, NewsItem, "publish", item)

    saved = fresh(item)
    assert (saved.status, saved.published_at) == (PUBLISHED, future)
    assert client.get("/en/news/later/").status_code == 404
    assert list(NewsItem.objects.scheduled()) == [item]


def test_a_draft_is_never_public(client):
    NewsItemFactory(slug="draft", draft=True)
    NewsItemFactory(
        slug="dated-draft", status=DRAFT, published_at=timezone.now() - timedelta(days=1)
    )
    NewsItemFactory(
        slug="in-review", status=IN_REVIEW, published_at=timezone.now() - timedelta(days=1)
    )

    for slug in ("draft", "dated-draft", "in-review"):
        assert set(public_presence(client, slug).values()) == {False}, slug


# --- publishing the Russian version ------------------------------------------------------------


RUSSIAN_TITLE = "Пограничники провели учения в Термезе"
ENGLISH_TITLE = "Border officers held an exercise in Termez"


@pytest.fixture
def english_live(db):
    """A public item whose Russian text is complete but not published yet."""
    return NewsItemFactory(
        slug="termez", title_en=ENGLISH_TITLE, title_ru=RUSSIAN_TITLE, russian_ready=False
    )


def russian_view(client, slug="termez") -> dict:
    """What Russian readers get of the item: page, sitemap, RSS and API."""
    root = page(client.get(f"/ru/news/{slug}/"))
    h1 = root.get("h1")
    notice = root.find("p", class_="notice")
    sitemap = read_sitemap(client)
    rss = ET.fromstring(client.get("/ru/feeds/news.rss").content)
    [rss_title] = [
        item.findtext("title")
        for item in rss.iter("item")
        if item.findtext("link").endswith(f"/{slug}/")
    ]
    api = client.get(f"/api/v1/news/{slug}/", {"lang": "ru"}).json()
    return {
        "title": (h1.text, h1.closest_lang()),
        "notice": notice is not None and notice.text.startswith(FALLBACK_NOTICE),
        "sitemap ru": f"{BASE}/ru/news/{slug}/" in sitemap,
        "sitemap alternates": set(sitemap[f"{BASE}/en/news/{slug}/"]["alternates"]),
        "rss title": rss_title,
        "api": (api["title"], api["is_fallback"], api["available_languages"]),
    }


ENGLISH_FOR_RUSSIAN_READERS = {
    "title": (ENGLISH_TITLE, "en"),
    "notice": True,
    "sitemap ru": False,
    "sitemap alternates": {"en", "x-default"},
    "rss title": f"{ENGLISH_TITLE} (на английском)",  # marked, as on the list's cards
    "api": (ENGLISH_TITLE, True, ["en"]),
}
RUSSIAN_FOR_RUSSIAN_READERS = {
    "title": (RUSSIAN_TITLE, "ru"),
    "notice": False,
    "sitemap ru": True,
    "sitemap alternates": {"en", "ru", "x-default"},
    "rss title": RUSSIAN_TITLE,
    "api": (RUSSIAN_TITLE, False, ["en", "ru"]),
}


def test_russian_readers_get_english_until_the_russian_version_is_published(client, english_live):
    assert russian_view(client) == ENGLISH_FOR_RUSSIAN_READERS
    assert RUSSIAN_TITLE not in client.get("/ru/news/termez/").content.decode()
    # The English version is live as usual.
    assert page(client.get("/en/news/termez/")).get("h1").text == ENGLISH_TITLE


@pytest.mark.parametrize("who", ["officer_client", "translator_client"])
def test_publishing_the_russian_version_by_the_action_shows_it_everywhere(
    client, english_live, request, who
):
    editor = request.getfixturevalue(who)

    response = run_action(editor, NewsItem, "publish_russian", english_live)

    assert messages_of(response) == ["The Russian version of 1 item was published."]
    assert fresh(english_live).russian_ready is True
    assert russian_view(client) == RUSSIAN_FOR_RUSSIAN_READERS


def test_publishing_the_russian_version_in_the_form_shows_it_everywhere(
    client, officer_client, english_live
):
    response = edit(officer_client, english_live, russian_ready="on")

    assert response.status_code == 302
    assert russian_view(client) == RUSSIAN_FOR_RUSSIAN_READERS


def test_withdrawing_the_russian_version_hides_it_again(client, officer_client, english_live):
    run_action(officer_client, NewsItem, "publish_russian", english_live)
    assert russian_view(client) == RUSSIAN_FOR_RUSSIAN_READERS
    officer_client.get(admin_url(NewsItem, "changelist"))  # reads the first action's message

    response = run_action(officer_client, NewsItem, "unpublish_russian", english_live)

    assert messages_of(response) == ["The Russian version of 1 item was withdrawn."]
    assert russian_view(client) == ENGLISH_FOR_RUSSIAN_READERS


def test_russian_version_with_missing_fields_cannot_be_published_in_the_form(officer_client):
    item = NewsItemFactory(title_ru="", summary_ru="", russian_ready=False)

    response = edit(officer_client, item, russian_ready="on")

    errors = form_errors(response)
    assert set(errors) == {"russian_ready"}
    [message] = errors["russian_ready"]
    intro = "The Russian version cannot be published while some Russian fields are empty: "
    assert message.startswith(intro)
    assert set(message.removeprefix(intro).rstrip(".").split(", ")) == {"title", "summary"}
    assert fresh(item).russian_ready is False


def test_emptying_a_russian_field_of_a_published_russian_version_is_refused(officer_client):
    item = NewsItemFactory()
    assert item.russian_ready is True

    response = edit(officer_client, item, title_ru="")

    assert set(form_errors(response)) == {"russian_ready"}
    assert fresh(item).title_ru == item.title_ru


def test_translator_cannot_publish_an_incomplete_russian_version_in_the_form(translator_client):
    item = NewsItemFactory(title_ru="", russian_ready=False)

    response = edit(translator_client, item, russian_ready="on", summary_ru="Новое резюме")

    assert set(form_errors(response)) == {"russian_ready"}
    saved = fresh(item)
    assert (saved.russian_ready, saved.summary_ru) == (False, item.summary_ru)


def test_the_publish_russian_action_refuses_incomplete_items_and_names_them(client, officer_client):
    complete = NewsItemFactory(slug="complete", russian_ready=False)
    incomplete = NewsItemFactory(
        slug="incomplete", title_en="Half done", title_ru="", russian_ready=False
    )

    response = run_action(officer_client, NewsItem, "publish_russian", complete, incomplete)

    assert messages_of(response) == [
        "The Russian version of 1 item was published.",
        "Not published, Russian fields missing: Half done.",
    ]
    assert fresh(complete).russian_ready is True
    assert fresh(incomplete).russian_ready is False
    assert client.get("/api/v1/news/incomplete/", {"lang": "ru"}).json()["is_fallback"] is True


# --- all or nothing ----------------------------------------------------------------------------


class SaveFailed(Exception):
    pass


def fail_on_second_save(monkeypatch, model):
    original = model.save
    calls = []

    def save(self, *args, **kwargs):
        calls.append(self.pk)
        if len(calls) == 2:
            raise SaveFailed(f"disk full while saving {self.pk}")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save)
    return calls


def test_a_publish_action_that_fails_on_one_item_changes_none(officer_client, monkeypatch):
    items = [
        NewsItemFactory(status=IN_REVIEW, published_at=None),
        NewsItemFactory(status=IN_REVIEW, published_at=None),
        NewsItemFactory(status=IN_REVIEW, published_at=None),
    ]
    before = {item.pk: (item.status, item.published_at, item.version) for item in items}
    versions = Version.objects.count()
    calls = fail_on_second_save(monkeypatch, NewsItem)

    with pytest.raises(SaveFailed):
        run_action(officer_client, NewsItem, "publish", *items)

    assert len(calls) == 2  # the first item was saved before the second failed
    after = {
        item.pk: (item.status, item.published_at, item.version) for item in NewsItem.objects.all()
    }
    assert after == before
    assert not NewsItem.objects.published().exists()
    assert Version.objects.count() == versions


def test_a_russian_publish_action_that_fails_on_one_item_changes_none(officer_client, monkeypatch):
    items = [NewsItemFactory(russian_ready=False) for _ in range(3)]
    fail_on_second_save(monkeypatch, NewsItem)

    with pytest.raises(SaveFailed):
        run_action(officer_client, NewsItem, "publish_russian", *items)

    assert not NewsItem.objects.filter(russian_ready=True).exists()
