"""The public cache: pages, feeds, the sitemap and API answers are served from the cache per
language and per host, without a query (with the local-memory cache, one: the content version,
which every worker reads from the database); any change of content shows at once, in every
worker; a scheduled item appears on time; staff, previews and the admin are never cached;
public answers revalidate with ETags; and a Redis that is down never fails a request (the
outage is logged once).

The core tests run on the in-process cache and on the Redis server (database 13, flushed
around each test)."""

import contextlib
import hashlib
import json
import logging
import os
import pickle
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import parse_http_date
from drf_spectacular.generators import SchemaGenerator
from rest_framework.throttling import AnonRateThrottle

from apps.blos.models import BorderLiaisonOffice
from apps.core import caching
from apps.core.models import ContentVersion, whole_second
from apps.editorial import roles
from apps.news.models import NewsItem
from tests.admin_helpers import admin_url
from tests.factories import (
    BorderLiaisonOfficeFactory,
    NewsItemFactory,
    ProgrammeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.public_cache]

REDIS_URL = "redis://127.0.0.1:6379/13"
# Nothing listens there: a Redis server that is down.
DOWN_REDIS_URL = "redis://127.0.0.1:6390/0"
REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}  # as the settings
# For the server that is up: a busy CI machine (two cores shared with PostgreSQL and the
# browser tests) sometimes took more than 0.25 s to store a page, a miss the test did not
# expect. The short timeouts matter only for a server that is down or hangs.
UP_REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}

# Every kind of cached public page, given the public_site fixture.
PAGES = {
    "home": lambda s: "/en/",
    "home ru": lambda s: "/ru/",
    "news list": lambda s: "/en/news/",
    "news item": lambda s: f"/en/news/{s.item.slug}/",
    "news item ru": lambda s: f"/ru/news/{s.item.slug}/",
    "BLO directory": lambda s: "/en/blos/",
    "BLO page": lambda s: f"/en/blos/{s.blo.slug}/",
    "programmes": lambda s: "/en/programmes/",
    "programme page": lambda s: f"/en/programmes/{s.programme.slug}/",
    "contacts": lambda s: "/ru/contacts/",
    "search": lambda s: "/en/search/?q=Tashkent",
    "RSS": lambda s: "/en/feeds/news.rss",
    "Atom": lambda s: "/ru/feeds/news.atom",
    "sitemap": lambda s: "/sitemap.xml",
    "robots.txt": lambda s: "/robots.txt",
}
API = {
    "news": lambda s: "/api/v1/news/",
    "news item": lambda s: f"/api/v1/news/{s.item.slug}/",
    "BLOs": lambda s: "/api/v1/blos/",
    "BLO": lambda s: f"/api/v1/blos/{s.blo.slug}/",
    "borders": lambda s: "/api/v1/borders/",
    "border": lambda s: f"/api/v1/borders/{s.border.slug}/",
    "programmes": lambda s: "/api/v1/programmes/",
    "programme": lambda s: f"/api/v1/programmes/{s.programme.slug}/",
    "contacts": lambda s: "/api/v1/contacts/",
    "BLOs GeoJSON": lambda s: "/api/v1/blos/?format=geojson",
}


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """``with committing():`` runs the on-commit callbacks of the changes made in the block,
    as their commit would. The site records a change once per transaction
    (``caching._once_on_commit``): the record pending from the fixtures' saves, which a
    test's transaction never commits, is dropped first, so the block's changes make their
    own."""

    @contextlib.contextmanager
    def commit():
        pending = {caching._after_commit(alias) for alias in connections}
        connection.run_on_commit = [
            entry for entry in connection.run_on_commit if entry[1] not in pending
        ]
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return commit


@pytest.fixture(autouse=True)
def _soft_cache_starts_healthy():
    """The soft cache is a module-level object: each test starts with it healthy."""
    caching.soft_cache.failing = caching.soft_cache.recovered = False
    caching.soft_cache.retry_at = 0.0
    yield
    caching.soft_cache.failing = caching.soft_cache.recovered = False
    caching.soft_cache.retry_at = 0.0


def redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "apps.core.redis_cache.ReusedClientRedisCache",  # as the settings
            "LOCATION": url,
            "KEY_PREFIX": "bordercoop-test",
            "OPTIONS": UP_REDIS_OPTIONS if url == REDIS_URL else REDIS_OPTIONS,
        }
    }


@pytest.fixture
def redis_server():
    server = redis.Redis.from_url(REDIS_URL, **REDIS_OPTIONS)
    try:
        server.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not running at {REDIS_URL}: {error}")
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    server.flushdb()
    yield server
    server.flushdb()
    server.close()


@pytest.fixture
def on_redis(settings, redis_server):
    settings.CACHES = redis_caches(REDIS_URL)
    return redis_server


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request):
    """Each test using this runs on the in-process cache and on Redis."""
    if request.param == "redis":
        request.getfixturevalue("on_redis")
    return request.param


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(DOWN_REDIS_URL)
    with pytest.raises(redis.ConnectionError):
        cache.get("anything")


# --- Helpers --------------------------------------------------------------------------------


def get(client, url, **extra):
    """GET ``url``; returns the response and the number of SQL queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries.captured_queries)


def api_text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return api_text(response)
    return response.content.decode()


def hit_queries() -> int:
    """The queries a cache hit runs: none with Redis; with the local-memory cache (one per
    worker process) one, reading the content version from the database."""
    return 0 if caching.cache_is_shared() else 1


def assert_only_the_version_is_read(captured_queries) -> None:
    assert len(captured_queries) == hit_queries(), captured_queries
    # The row on SQLite, the sequence core_contentversion_number on PostgreSQL.
    assert all("core_contentversion" in query["sql"] for query in captured_queries)


def warm(client, url, **extra):
    """Request ``url`` until it is served from the cache (the second time)."""
    first, _ = get(client, url, **extra)
    assert first.status_code == 200, url
    second, queries = get(client, url, **extra)
    assert second.status_code == 200, url
    assert queries == hit_queries(), f"{url} was not served from the cache"
    if not url.startswith("/api/"):
        assert second["X-Cache"] == "hit", url
    assert second.content == first.content
    return second


def page_entries(kind: str = "page") -> dict[str, float | None]:
    """The page entries (or API answers: ``kind="api"``) in the cache → seconds each has left
    (None: no expiry)."""
    backend = cache._cache if hasattr(cache, "_cache") else None
    entries = {}
    if isinstance(backend, dict):  # the in-process cache
        now = time.time()
        for key in backend:
            if f":{kind}:" in key:
                expires = cache._expire_info.get(key)
                entries[key] = None if expires is None else expires - now
        return entries
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"bordercoop-test:*:{kind}:*"):
        ttl = server.pttl(key)
        entries[key.decode()] = None if ttl < 0 else ttl / 1000
    server.close()
    return entries


# --- Served from the cache ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_a_public_page_is_served_from_the_cache_reading_only_the_version(
    client, public_site, backend, name
):
    url = PAGES[name](public_site)

    first, first_queries = get(client, url)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    assert first_queries > 0 or name == "robots.txt"

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert_only_the_version_is_read(queries.captured_queries)
    assert second.status_code == 200
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_a_hit_runs_one_query_with_the_local_memory_cache(
    client, public_site, django_assert_num_queries
):
    """Each worker has its own local-memory cache: the content version comes from the
    database, one small query, so that a save through any worker is seen by all."""
    client.get("/en/news/")

    with django_assert_num_queries(1) as queries:
        response = client.get("/en/news/")

    assert response["X-Cache"] == "hit"
    assert "core_contentversion" in queries.captured_queries[0]["sql"]


@pytest.mark.redis
def test_the_redis_cache_keeps_one_client_for_its_pool(on_redis):
    """Django's backend built a redis.Redis (and its ~170 response callbacks) for every get
    and set; ours keeps one per connection pool, and still reads and writes."""
    from django.core.cache import caches

    backend = caches["default"]
    client = backend._cache.get_client()

    backend.set("reused-client", "yes", 10)

    assert backend.get("reused-client") == "yes"
    assert backend._cache.get_client(write=True) is client
    assert backend._cache.get_client() is client


@pytest.mark.redis
def test_a_hit_runs_no_query_with_redis(client, public_site, on_redis, django_assert_num_queries):
    client.get("/en/news/")

    with django_assert_num_queries(0):
        response = client.get("/en/news/")

    assert response["X-Cache"] == "hit"


@pytest.mark.parametrize("name", list(API))
def test_an_api_answer_is_served_from_the_cache_reading_only_the_version(
    client, public_site, backend, name
):
    url = API[name](public_site)

    first, first_queries = get(client, url)
    second, second_queries = get(client, url)

    assert first.status_code == second.status_code == 200
    assert first_queries > hit_queries()
    assert second_queries == hit_queries()
    assert second.content == first.content
    assert second["Content-Language"] == first["Content-Language"]


def test_an_api_answer_is_cached_as_its_bytes_without_model_instances(client, public_site):
    """A Hyperlink in the serializer's data holds its model instance: cached as data, every
    hit unpickled 20 news items (170 kB) and rendered them again. The entry is the answer's
    bytes, served as they are."""
    first = client.get("/api/v1/news/")

    # The local-memory cache keeps each entry pickled, as Redis does.
    entries = [pickle.loads(value) for key, value in cache._cache.items() if ":api:" in key]
    second = client.get("/api/v1/news/")

    assert len(entries) == 1
    content, content_type, last_modified, etag = entries[0]
    assert content == first.content == second.content
    assert etag == first["ETag"] == second["ETag"] == content_etag(first)
    assert content_type == first["Content-Type"] == second["Content-Type"] == "application/json"
    assert json.loads(content)["results"][0]["slug"] == public_site.item.slug
    assert last_modified is not None
    assert second["Last-Modified"] == first["Last-Modified"]


def test_english_and_russian_pages_are_cached_separately(client, public_site, backend):
    english = warm(client, "/en/")
    russian = warm(client, "/ru/")

    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="ru"' in russian.content.decode()
    assert english.content != russian.content
    item = public_site.item
    for lang, response in (("en", english), ("ru", russian)):
        assert getattr(item, f"title_{lang}") in response.content.decode()


def test_the_api_caches_each_accept_language_separately(client, public_site, backend):
    url = f"/api/v1/news/{public_site.item.slug}/"

    english, _ = get(client, url, HTTP_ACCEPT_LANGUAGE="en")
    russian, russian_queries = get(client, url, HTTP_ACCEPT_LANGUAGE="ru")
    assert russian_queries > hit_queries(), "the Russian answer must not be the cached English one"

    for lang, first in (("en", english), ("ru", russian)):
        again, queries = get(client, url, HTTP_ACCEPT_LANGUAGE=lang)
        assert queries == hit_queries()
        assert again["Content-Language"] == lang
        assert again.json()["title"] == getattr(public_site.item, f"title_{lang}")
        assert again.content == first.content
    assert english.content != russian.content


def test_the_lang_parameter_is_cached_apart_from_the_header(client, public_site):
    url = f"/api/v1/news/{public_site.item.slug}/"
    get(client, url, HTTP_ACCEPT_LANGUAGE="en")

    response, queries = get(client, url + "?lang=ru", HTTP_ACCEPT_LANGUAGE="en")

    assert queries > hit_queries()
    assert response.json()["title"] == public_site.item.title_ru


@pytest.mark.parametrize("url", ["/sitemap.xml", "/robots.txt", "/api/v1/news/", "/en/"])
def test_each_host_has_its_own_entries(client, public_site, url):
    """Pages and answers carry absolute URLs: a request for another allowed host (or over
    HTTPS) never gets the links of the first one."""
    plain = client.get(url)
    other_host = client.get(url, HTTP_HOST="localhost")
    secure = client.get(url, secure=True)

    assert "http://testserver/" in text_of(plain)
    assert "http://testserver/" not in text_of(other_host)
    assert "http://localhost/" in text_of(other_host)
    assert "http://testserver/" not in text_of(secure)
    assert "https://testserver/" in text_of(secure)


def test_each_negotiated_format_is_cached_apart(client, public_site):
    """DRF picks JSON or GeoJSON from the Accept header: the cache never mixes them."""
    url = "/api/v1/blos/"
    json_answer = warm(client, url, HTTP_ACCEPT="application/json")
    geojson = warm(client, url, HTTP_ACCEPT="application/geo+json")

    assert json_answer["Content-Type"] == "application/json"
    assert geojson["Content-Type"] == "application/geo+json"
    assert json_answer.json()["results"][0]["slug"] == public_site.blo.slug
    assert geojson.json()["type"] == "FeatureCollection"


def test_made_up_accept_headers_make_no_new_entries(client, public_site):
    """A page does not depend on Accept; the API on the format it negotiated (and its indent),
    not on how the header was written."""
    client.get("/en/news/")
    client.get("/api/v1/news/")
    entries = len(cache._cache)

    for n in range(5):
        client.get("/en/news/", HTTP_ACCEPT=f"text/html;q=0.{n}, */*")
        client.get("/api/v1/news/", HTTP_ACCEPT=f"application/json;q=0.{n + 1}, text/x-{n}")

    assert len(cache._cache) == entries


def test_an_indented_api_answer_is_cached_apart(client, public_site):
    plain = warm(client, "/api/v1/news/", HTTP_ACCEPT="application/json")
    indented = warm(client, "/api/v1/news/", HTTP_ACCEPT="application/json; indent=2")

    assert b"\n" not in plain.content
    assert b'\n  "' in indented.content


# --- Every change is visible at once --------------------------------------------------------


def rename_item(s):
    old = s.item.title_en
    s.item.title_en = "Renamed roundtable in Tashkent"
    s.item.save()
    return "Renamed roundtable in Tashkent", old


def unpublish_item(s):
    s.item.status = NewsItem.Status.DRAFT
    s.item.save()
    return None, s.item.title_en


def delete_item(s):
    title = s.item.title_en
    s.item.delete()
    return None, title


def publish_draft(s):
    item = NewsItemFactory(draft=True, title_en="A fresh draft goes live")
    item.status = NewsItem.Status.IN_REVIEW
    item.save()
    item.status = NewsItem.Status.PUBLISHED
    item.published_at = timezone.now() - timedelta(seconds=1)
    item.save()
    return "A fresh draft goes live", None


def translate_item(s):
    s.item.title_ru = "Новое название круглого стола"
    s.item.save()
    return "Новое название круглого стола", None


def withdraw_russian(s):
    s.item.russian_ready = False
    s.item.save()
    return s.item.title_en, s.item.title_ru


def untag_item(s):
    """A relation changed (m2m_changed), nothing else saved."""
    s.item.topics.remove(s.topic)
    return None, s.topic.name_en


def rename_blo(s):
    s.blo.name_en = "BLO Yallama-Renamed"
    s.blo.save()
    return "BLO Yallama-Renamed", None


def unpublish_blo(s):
    s.blo.is_published = False
    s.blo.save()
    return None, s.blo.name_en


def delete_blo(s):
    name = s.blo.name_en
    s.blo.delete()
    return None, name


def add_blo(s):
    BorderLiaisonOfficeFactory(border=s.border, host_country=s.kz, name_en="BLO Zhibek Zholy")
    return "BLO Zhibek Zholy", None


def retitle_programme(s):
    s.programme.title_en = "Programme for Central Asia, second phase"
    s.programme.save()
    return "Programme for Central Asia, second phase", "Programme for Central Asia 2015-2021"


def unpublish_programme(s):
    s.component.is_published = False
    s.component.save()
    return None, s.component.slug


def add_programme(s):
    ProgrammeFactory(title_en="Programme for the Caspian region")
    return "Programme for the Caspian region", None


def rename_contact(s):
    s.contact.full_name_en = "Anna Petrova-Smith"
    s.contact.save()
    return "Anna Petrova-Smith", None


def unpublish_contact(s):
    s.contact.is_published = False
    s.contact.save()
    return None, s.contact.full_name_en


def delete_contact(s):
    name = s.contact.full_name_en
    s.blo.contact = None
    s.blo.save()
    s.item.contacts.clear()
    s.contact.delete()
    return None, name


def move_office(s):
    s.office.city_en = "Khujand"
    s.office.save()
    return "Khujand", "Dushanbe"


def rename_country(s):
    s.uz.name_en = "Republic of Uzbekistan"
    s.uz.save()
    return "Republic of Uzbekistan", None


def rename_topic(s):
    s.topic.name_en = "Integrated border management"
    s.topic.save()
    return "Integrated border management", None


# name → (change, page address, API address, API Accept-Language)
CHANGES = {
    "news item renamed": (rename_item, "/en/news/", "/api/v1/news/", "en"),
    "news item translated": (translate_item, "/ru/news/", "/api/v1/news/", "ru"),
    "news item unpublished": (unpublish_item, "/en/", "/api/v1/news/", "en"),
    "news item deleted": (delete_item, "/en/news/", "/api/v1/news/", "en"),
    "draft published": (publish_draft, "/en/feeds/news.rss", "/api/v1/news/", "en"),
    "Russian withdrawn": (
        withdraw_russian,
        "/ru/news/tashkent-roundtable/",
        "/api/v1/news/tashkent-roundtable/",
        "ru",
    ),
    "news item relation removed": (
        untag_item,
        "/en/news/tashkent-roundtable/",
        "/api/v1/news/tashkent-roundtable/",
        "en",
    ),
    "BLO renamed": (rename_blo, "/en/blos/", "/api/v1/blos/", "en"),
    "BLO unpublished": (unpublish_blo, "/en/blos/", "/api/v1/blos/", "en"),
    "BLO deleted": (delete_blo, "/en/blos/", "/api/v1/blos/", "en"),
    "BLO added": (add_blo, "/en/blos/", "/api/v1/blos/", "en"),
    "programme retitled": (retitle_programme, "/en/programmes/", "/api/v1/programmes/", "en"),
    "component unpublished": (
        unpublish_programme,
        "/en/programmes/",
        "/api/v1/programmes/",
        "en",
    ),
    "programme added": (add_programme, "/en/programmes/", "/api/v1/programmes/", "en"),
    "contact renamed": (rename_contact, "/en/contacts/", "/api/v1/contacts/", "en"),
    "contact unpublished": (unpublish_contact, "/en/contacts/", "/api/v1/contacts/", "en"),
    "contact deleted": (delete_contact, "/en/contacts/", "/api/v1/contacts/", "en"),
    "office moved": (move_office, "/en/contacts/", "/api/v1/contacts/", "en"),
    "country renamed": (
        rename_country,
        "/en/blos/blo-yallama/",
        "/api/v1/blos/blo-yallama/",
        "en",
    ),
    "topic renamed": (
        rename_topic,
        "/en/news/tashkent-roundtable/",
        "/api/v1/news/tashkent-roundtable/",
        "en",
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_of_content_is_visible_at_once(client, public_site, backend, name):
    change, page_url, api_url, lang = CHANGES[name]
    page_before = warm(client, page_url)
    api_before = warm(client, api_url, HTTP_ACCEPT_LANGUAGE=lang)

    shown, gone = change(public_site)

    page_after, page_queries = get(client, page_url)
    api_after, api_queries = get(client, api_url, HTTP_ACCEPT_LANGUAGE=lang)
    assert page_queries > hit_queries() and api_queries > hit_queries(), "served the old answer"
    assert page_after["X-Cache"] == "miss"
    for before, after in ((page_before, page_after), (api_before, api_after)):
        assert after.content != before.content
        if shown:
            assert shown in text_of(after)
        if gone:
            assert gone in text_of(before)
            assert gone not in text_of(after)


def test_publishing_through_the_admin_action_is_visible_at_once(superuser_client, public_site):
    item = NewsItemFactory(
        status=NewsItem.Status.IN_REVIEW,
        published_at=timezone.now() - timedelta(minutes=1),
        title_en="Published by the officer",
    )
    anonymous = Client()
    warm(anonymous, "/en/news/")
    warm(anonymous, "/api/v1/news/")

    response = superuser_client.post(
        admin_url(NewsItem, "changelist"), {"action": "publish", "_selected_action": [item.pk]}
    )

    assert response.status_code == 302
    assert "Published by the officer" in anonymous.get("/en/news/").content.decode()
    assert "Published by the officer" in api_text(anonymous.get("/api/v1/news/"))


def test_a_change_saved_in_the_admin_form_is_visible_at_once(superuser_client, public_site):
    from tests.editorial.conftest import change_form_data

    anonymous = Client()
    warm(anonymous, "/en/blos/")
    url = admin_url(type(public_site.blo), "change", public_site.blo.pk)
    data = change_form_data(superuser_client.get(url))
    data["name_en"] = "BLO Yallama (renamed in the admin)"

    assert superuser_client.post(url, data).status_code == 302

    page = anonymous.get("/en/blos/")
    assert page["X-Cache"] == "miss"
    assert "BLO Yallama (renamed in the admin)" in page.content.decode()


def test_the_content_version_changes_again_when_the_saving_transaction_commits(
    public_site, committing
):
    with committing():
        with transaction.atomic():
            before = caching.content_version()
            public_site.item.title_en = "Changed in a transaction"
            public_site.item.save()
            during = caching.content_version()
        assert during != before

    assert caching.content_version() not in (before, during)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_page_cached_before_the_commit_is_not_served_after_it():
    """A request served while an officer's save is not committed yet reads the old row and
    caches it; once the save commits the next request shows the new text."""
    NewsItemFactory(slug="race", title_en="Title before the save")
    other_answers = []

    def request_from_another_connection():
        try:
            other_answers.append(Client().get("/en/news/").content.decode())
        finally:
            connections.close_all()

    with transaction.atomic():
        item = NewsItem.objects.get(slug="race")
        item.title_en = "Title after the save"
        item.save()
        other = threading.Thread(target=request_from_another_connection)
        other.start()
        other.join()
        assert "Title before the save" in other_answers[0]

    response = Client().get("/en/news/")
    assert "Title after the save" in response.content.decode()


# --- Every worker sees a change -------------------------------------------------------------


@pytest.fixture
def workers(settings):
    """Two gunicorn workers, each with a local-memory cache of its own (no REDIS_URL):
    ``workers("a")`` sends the requests that follow to worker a."""

    def switch(name: str) -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"worker-{name}",
            }
        }

    yield switch
    for name in "ab":
        switch(name)
        cache.clear()


@pytest.mark.parametrize(("saved_through", "read_through"), [("a", "b"), ("b", "a")])
def test_a_save_through_one_worker_is_seen_at_once_through_another(
    superuser_client, public_site, workers, saved_through, read_through
):
    from tests.editorial.conftest import change_form_data

    anonymous = Client()
    for name in "ab":
        workers(name)
        warm(anonymous, "/en/news/")
        warm(anonymous, "/api/v1/news/")

    workers(saved_through)
    url = admin_url(NewsItem, "change", public_site.item.pk)
    data = change_form_data(superuser_client.get(url))
    data["title_en"] = "Renamed through the other worker"
    assert superuser_client.post(url, data).status_code == 302

    workers(read_through)
    page = anonymous.get("/en/news/")
    assert page["X-Cache"] == "miss"
    assert "Renamed through the other worker" in page.content.decode()
    assert "Renamed through the other worker" in api_text(anonymous.get("/api/v1/news/"))


def test_a_worker_whose_cache_was_filled_before_a_save_does_not_serve_it_after(
    client, public_site, workers
):
    """The save bumps the version in the database, not in the cache of the worker that
    made it: the other worker's entries, keyed by the old number, are never read again."""
    workers("a")
    stale = warm(client, "/en/news/")
    workers("b")
    public_site.item.title_en = "Saved while worker b served"
    public_site.item.save()

    workers("a")
    response = client.get("/en/news/")

    assert stale.content != response.content
    assert "Saved while worker b served" in response.content.decode()
    assert response["X-Cache"] == "miss"


@pytest.mark.parametrize("url", ["/en/news/", "/api/v1/news/"])
def test_a_request_reads_the_content_version_once(client, public_site, url):
    """Its key, its timeout and its max-age all need the version: one query for them all."""
    NewsItemFactory(scheduled=True)
    for _ in ("miss", "hit"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        reads = [
            q
            for q in queries.captured_queries
            # The number (SQLite) or its sequence (PostgreSQL); not when content last changed,
            # which only an API miss reads, for its Last-Modified date.
            if "core_contentversion" in q["sql"]
            and "nextval" not in q["sql"]
            and "changed_at" not in q["sql"]
        ]
        assert len(reads) == 1


def test_with_the_database_unreachable_cached_pages_are_still_served(
    client, public_site, monkeypatch, caplog
):
    """No content can change while the database is down: the entries of the last version
    this worker read stay valid (the outage is logged once)."""
    warm(client, "/en/news/")

    def unreachable(cls, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(ContentVersion, "current", classmethod(unreachable))
    for _ in range(3):
        response = client.get("/en/news/")
        assert response.status_code == 200
        assert response["X-Cache"] == "hit"

    [warning] = cache_warnings(caplog)
    assert "Database unavailable" in warning.getMessage()
    monkeypatch.undo()
    assert client.get("/en/news/")["X-Cache"] == "hit"
    assert not caching._database_version.failing


@pytest.mark.redis
def test_with_redis_and_the_database_unreachable_cached_pages_are_still_served(
    client, public_site, on_redis, monkeypatch, settings
):
    """A worker that has not read the next scheduled publication yet (just started) cannot
    while the database is down: it serves its cached pages all the same."""
    warm(client, "/en/news/")
    caching._next_publication.forget()

    def unreachable():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(caching, "_next_publication_timestamp", unreachable)
    for _ in range(2):
        response = client.get("/en/news/")
        assert (response.status_code, response["X-Cache"]) == (200, "hit")
        assert get_max_age(response) == settings.PUBLIC_MAX_AGE


def test_with_redis_the_version_is_not_kept_in_the_database(client, public_site, on_redis):
    before = ContentVersion.current()
    warm(client, "/en/news/")

    public_site.item.title_en = "Saved with Redis"
    public_site.item.save()

    assert ContentVersion.current() == before
    assert "Saved with Redis" in client.get("/en/news/").content.decode()


# --- Query parameters -----------------------------------------------------------------------

# Addresses with a parameter the view does not read ({n}: a different value each time).
MADE_UP_PARAMETERS = {
    "news list": "/en/news/?junk={n}",
    "news list with a known one": "/en/news/?topic=border-management&utm_source={n}",
    "a known one twice": "/en/news/?page={n}&page=1",
    "home": "/en/?x={n}",
    "news item paged": "/en/news/tashkent-roundtable/?page={n}",
    "search": "/en/search/?q=Tashkent&sort={n}",
    "RSS": "/en/feeds/news.rss?x={n}",
    "sitemap": "/sitemap.xml?x={n}",
    "robots.txt": "/robots.txt?{n}",
}
# The API refuses a parameter it does not read (a 400 naming it): nothing to cache either.
MADE_UP_API_PARAMETERS = {
    "API list": "/api/v1/news/?junk={n}",
    "API item paged": "/api/v1/news/tashkent-roundtable/?page={n}",
}

# Addresses with every kind of parameter the view reads: cached like any other.
READ_PARAMETERS = {
    "news list": "/en/news/?year=2021&country=UZ&topic=border-management"
    "&programme=programme-central-asia&page=1",
    "search": "/ru/search/?q=Ташкент&page=1",
    "RSS": "/en/feeds/news.rss?topic=border-management&year=2021",
    "Atom": "/ru/feeds/news.atom?country=UZ&programme=programme-central-asia",
    "sitemap": "/sitemap.xml?p=1",
    "API list": "/api/v1/news/?lang=ru&page=1&page_size=5&fields=title,slug"
    "&facets=topic&topic=border-management&ordering=-published_at",
    "API item": "/api/v1/news/tashkent-roundtable/?lang=ru&fields=title&format=json",
    "GeoJSON": "/api/v1/blos/?format=geojson&page_size=10",
}


@pytest.mark.parametrize("name", list(MADE_UP_PARAMETERS))
def test_made_up_query_parameters_never_fill_the_cache(client, public_site, backend, name):
    for n in range(1, 6):
        url = MADE_UP_PARAMETERS[name].format(n=n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response
        # Built by the view, which read content (a hit reads at most the content version).
        content_read = [q for q in queries.captured_queries if "contentversion" not in q["sql"]]
        assert content_read or name == "robots.txt", url

    assert page_entries() == {}
    assert page_entries("api") == {}


@pytest.mark.parametrize("name", list(MADE_UP_API_PARAMETERS))
def test_the_api_refuses_made_up_parameters_and_caches_nothing(client, public_site, backend, name):
    for n in range(1, 4):
        url = MADE_UP_API_PARAMETERS[name].format(n=n)
        response = client.get(f"{url}&lang=ru")
        assert response.status_code == 400, url
        [(parameter, [message])] = response.json().items()
        assert parameter in url
        assert message.startswith(f"Этот адрес не читает параметр «{parameter}»")

    assert page_entries() == {}
    assert page_entries("api") == {}


@pytest.mark.parametrize("name", list(READ_PARAMETERS))
def test_the_parameters_a_view_reads_are_cached(client, public_site, name):
    """(The API checks its filters' values before it looks in the cache: a hit with a
    filter may run that check's queries.)"""
    url = READ_PARAMETERS[name]
    kind = "api" if url.startswith("/api/") else "page"

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(page_entries(kind)) == 1
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")


def test_the_order_of_the_parameters_does_not_make_another_entry(client, public_site, backend):
    first = client.get("/en/news/?topic=border-management&country=UZ")
    second = client.get("/en/news/?country=UZ&topic=border-management")
    api_first = client.get("/api/v1/news/?lang=ru&page_size=5")
    api_second, queries = get(client, "/api/v1/news/?page_size=5&lang=ru")

    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert queries == hit_queries()
    assert api_second.content == api_first.content
    assert len(page_entries()) == len(page_entries("api")) == 1


def test_every_documented_api_parameter_is_one_the_cache_accepts():
    """The API's parameters are read by its base viewset and FilterSets, and documented in
    its schema: a new one that the cache did not know would be served uncached."""
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for path, operations in schema["paths"].items():
        documented = {
            parameter["name"]
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query"
        }
        address = re.sub(r"\{[^}]+\}", "some-slug", path)
        assert documented, path
        assert documented <= caching.accepted_parameters(address), path


# --- Scheduled publication ------------------------------------------------------------------


def test_a_scheduled_item_appears_on_time_despite_the_cache(client, public_site, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    publish_at = timezone.now() + timedelta(seconds=1.5)
    NewsItemFactory(title_en="Scheduled announcement", published_at=publish_at)

    before = client.get("/en/news/")
    assert before["X-Cache"] == "miss"
    assert "Scheduled announcement" not in before.content.decode()
    api_before = client.get("/api/v1/news/")
    assert "Scheduled announcement" not in api_text(api_before)

    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.1)

    after = client.get("/en/news/")
    assert "Scheduled announcement" in after.content.decode()
    assert "Scheduled announcement" in api_text(client.get("/api/v1/news/"))
    # Once it is live, pages are cached again for the full time.
    assert client.get("/en/news/")["X-Cache"] == "hit"
    assert all(left is not None and left > 290 for left in page_entries().values())


def test_an_entry_never_outlives_the_next_scheduled_publication(client, public_site, backend):
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=100))
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=200))

    client.get("/en/news/")
    client.get(f"/en/news/{public_site.item.slug}/")

    entries = page_entries()
    assert len(entries) == 2
    assert all(left is not None and 95 < left <= 100 for left in entries.values()), entries
    assert caching.entry_timeout() in range(95, 101)


def test_without_a_scheduled_item_entries_last_the_configured_time(
    client, public_site, backend, settings
):
    settings.PUBLIC_CACHE_SECONDS = 120

    client.get("/en/news/")

    [left] = page_entries().values()
    assert left is not None and 115 < left <= 120
    assert caching.entry_timeout() == 120


def test_a_scheduled_item_does_not_show_early(client, public_site):
    NewsItemFactory(title_en="Not yet", scheduled=True)

    for _ in range(2):
        assert "Not yet" not in client.get("/en/news/").content.decode()
        assert "Not yet" not in api_text(client.get("/api/v1/news/"))


@pytest.mark.parametrize(
    "url", ["/en/news/", "/ru/feeds/news.atom", "/sitemap.xml", "/api/v1/news/", "/api/v1/blos/"]
)
def test_max_age_never_reaches_past_the_next_scheduled_publication(
    client, public_site, backend, settings, url
):
    settings.PUBLIC_MAX_AGE = 600
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=100))
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=200))

    for _ in ("miss", "hit"):
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        assert 95 < get_max_age(response) <= 100, response["Cache-Control"]


def test_a_page_served_later_from_the_cache_has_less_time_left(
    client, public_site, settings, monkeypatch
):
    settings.PUBLIC_MAX_AGE = 600
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=100))
    assert 95 < get_max_age(client.get("/en/news/")) <= 100

    later = timezone.now() + timedelta(seconds=70)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/en/news/")

    assert response["X-Cache"] == "hit"
    assert 25 < get_max_age(response) <= 30


def test_max_age_is_0_when_a_scheduled_item_is_due(client, public_site, monkeypatch):
    publish_at = timezone.now() + timedelta(seconds=10)
    NewsItemFactory(scheduled=True, published_at=publish_at)
    monkeypatch.setattr(timezone, "now", lambda: publish_at - timedelta(milliseconds=500))

    for url in ("/en/news/", "/api/v1/news/"):
        assert get_max_age(client.get(url)) == 0


def test_without_a_scheduled_item_max_age_is_the_configured_one(client, public_site, settings):
    settings.PUBLIC_MAX_AGE = 600
    NewsItemFactory(published_at=timezone.now() - timedelta(minutes=1))  # live already

    for url in ("/en/news/", "/en/news/", "/api/v1/news/"):
        assert get_max_age(client.get(url)) == 600


def test_the_next_publication_is_read_once_per_content_version(
    client, public_site, backend, monkeypatch, settings
):
    """Hits do not query the database for it again; a save reads it again."""
    settings.PUBLIC_MAX_AGE = 600
    reads = []
    real = caching._next_publication_timestamp
    monkeypatch.setattr(caching, "_next_publication_timestamp", lambda: reads.append(1) or real())
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=100))

    for url in ("/en/news/", "/en/news/", "/api/v1/news/", "/api/v1/news/", "/ru/"):
        assert 95 < get_max_age(client.get(url)) <= 100
    assert len(reads) == 1

    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=50))
    assert 45 < get_max_age(client.get("/en/news/")) <= 50
    assert len(reads) == 2


def test_the_api_max_age_is_cut_even_with_the_cache_off(client, public_site, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    NewsItemFactory(scheduled=True, published_at=timezone.now() + timedelta(seconds=30))

    assert 25 < get_max_age(client.get("/api/v1/news/")) <= 30


# --- Staff, previews and the admin ----------------------------------------------------------


@pytest.fixture
def staff_client(django_user_model):
    officer = django_user_model.objects.create_user(
        username="olga", password="unused", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=roles.OFFICERS))
    client = Client()
    client.force_login(officer)
    return client


def assert_private(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control or {"no-cache", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "X-Cache" not in response


@pytest.mark.parametrize(
    "url",
    ["/en/", "/ru/news/", "/en/news/tashkent-roundtable/", "/en/feeds/news.rss", "/sitemap.xml"],
)
def test_staff_never_get_nor_fill_the_cache(client, staff_client, public_site, backend, url):
    # Staff first: nothing is stored for the public.
    for _ in range(2):
        response, queries = get(staff_client, url)
        assert response.status_code == 200
        assert queries > 0
        assert_private(response)
    assert client.get(url)["X-Cache"] == "miss"
    # The public's entry is never served to staff.
    assert client.get(url)["X-Cache"] == "hit"
    response, queries = get(staff_client, url)
    assert queries > 0
    assert_private(response)


def test_staff_see_their_change_even_before_anyone_else_asks(staff_client, public_site):
    """Staff pages are never cached, so nothing stale can be shown to the officer either."""
    warm(Client(), "/en/news/")
    NewsItem.objects.filter(pk=public_site.item.pk).update(title_en="Changed with update()")

    assert "Changed with update()" in staff_client.get("/en/news/").content.decode()


def test_the_api_answers_staff_as_anyone_else(client, staff_client, public_site):
    """The API has no session authentication: a staff member's request is anonymous there
    and gets the published content only, so sharing its cached answers is safe."""
    NewsItemFactory(draft=True, title_en="A draft only staff could preview")
    anonymous = client.get("/api/v1/news/")

    with CaptureQueriesContext(connection) as queries:
        staff = staff_client.get("/api/v1/news/")

    # Only the session and the user are read (by the middleware), not the content.
    assert not [q for q in queries.captured_queries if "news_newsitem" in q["sql"]]
    assert staff.content == anonymous.content
    assert "A draft only staff could preview" not in api_text(staff)


@pytest.mark.parametrize("kind", ["news", "blos", "programmes"])
def test_previews_are_never_cached(staff_client, public_site, kind):
    slug = {"news": public_site.item, "blos": public_site.blo, "programmes": public_site.programme}
    url = f"/en/preview/{kind}/{slug[kind].slug}/"

    for _ in range(2):
        response, queries = get(staff_client, url)
        assert response.status_code == 200
        assert queries > 0
        assert_private(response)
    assert page_entries() == {}


def test_a_preview_refused_to_the_public_is_not_cached(client, public_site):
    response = client.get(f"/en/preview/news/{public_site.item.slug}/")

    assert response.status_code == 302
    assert_private(response)
    assert page_entries() == {}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/news/newsitem/",
        "/admin/news/newsitem/add/",
        "/admin/translations/",
        "/admin/jsi18n/",
    ],
)
def test_admin_answers_are_never_cached(superuser_client, public_site, url):
    for _ in range(2):
        response, queries = get(superuser_client, url)
        assert response.status_code == 200, url
        assert queries > 0
        assert_private(response)
    assert page_entries() == {}


def test_the_admin_login_page_is_not_cached(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_private(response)
    assert page_entries() == {}


# --- HTTP caching: Cache-Control, ETag, 304 -------------------------------------------------


def content_etag(response) -> str:
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    return f'"{digest}"'


@pytest.mark.parametrize("name", ["home", "news item", "RSS", "sitemap", "robots.txt"])
def test_public_pages_are_public_with_max_age_and_an_etag(client, public_site, settings, name):
    url = PAGES[name](public_site)

    for expected in ("miss", "hit"):
        response = client.get(url)
        assert response["X-Cache"] == expected
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", f"max-age={settings.PUBLIC_MAX_AGE}"}
        # Stored with the entry, it is still the hash of what is served.
        assert response["ETag"] == content_etag(response)

        not_modified, queries = get(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert not_modified.status_code == 304
        assert not_modified.content == b""
        assert not_modified["ETag"] == response["ETag"]
        assert "public" in not_modified["Cache-Control"]
        if expected == "hit":
            assert queries == hit_queries()


@pytest.mark.parametrize(
    "url",
    [
        "/en/news/?utm_source=newsletter",  # a parameter no view reads
        "/en/news/?page=1&page=1",  # one it reads, twice
        "/ru/search/?q=%D0%B3%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D0%B0&ref=mail",
        "/en/feeds/news.rss?from=home",
    ],
)
def test_public_pages_the_site_does_not_keep_are_public_for_a_cdn(
    client, public_site, settings, url
):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Cache" not in response  # neither kept nor served by the site's cache
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", f"max-age={settings.PUBLIC_MAX_AGE}"}
        assert response["ETag"] == content_etag(response)
    assert page_entries() == {}


def test_errors_staff_and_the_admin_get_no_public_cache_control(
    superuser_client, public_site, settings
):
    settings.PUBLIC_CACHE_SECONDS = 0
    anonymous = Client()

    def directives(response) -> set[str]:
        return {part.strip() for part in response.get("Cache-Control", "").split(",")}

    off = anonymous.get("/en/news/")  # the site's cache off: no caching downstream either
    assert off.status_code == 200
    assert "public" not in directives(off)
    error = anonymous.get("/en/no-such-page/")
    assert error.status_code == 404
    assert "public" not in directives(error)
    login = anonymous.get("/admin/login/")
    assert login.status_code == 200
    assert {"private", "no-store"} <= directives(login)
    staff = superuser_client.get("/en/news/")
    assert staff.status_code == 200
    assert {"private", "no-store"} <= directives(staff)
    assert "public" not in directives(staff)


@pytest.mark.parametrize("name", ["news", "news item", "BLO", "contacts"])
def test_api_answers_are_public_with_max_age_and_an_etag(client, public_site, settings, name):
    url = API[name](public_site)

    for _ in ("miss", "hit"):
        response = client.get(url)
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", f"max-age={settings.PUBLIC_MAX_AGE}"}
        assert response["ETag"] == content_etag(response)
        not_modified, queries = get(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert not_modified.status_code == 304
        assert queries == hit_queries()


def test_an_old_etag_gets_the_new_page_after_a_change(client, public_site):
    old = client.get("/en/news/")
    public_site.item.title_en = "A newer title"
    public_site.item.save()

    response = client.get("/en/news/", HTTP_IF_NONE_MATCH=old["ETag"])

    assert response.status_code == 200
    assert "A newer title" in response.content.decode()


def test_errors_and_redirects_are_not_cached(client, public_site):
    for url, status in (("/en/no-such-page/", 404), ("/", 302), ("/api/v1/news/nope/", 404)):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == status
            assert "X-Cache" not in response
    assert page_entries() == {}


def test_no_cached_page_carries_a_csrf_token_or_a_cookie(client, public_site):
    for name, address in PAGES.items():
        for response in (client.get(address(public_site)), client.get(address(public_site))):
            assert not response.cookies, name
            assert "csrfmiddlewaretoken" not in response.content.decode(), name


def test_the_cache_can_be_switched_off(client, public_site, settings):
    settings.PUBLIC_CACHE_SECONDS = 0

    for _ in range(2):
        response, queries = get(client, "/en/news/")
        assert queries > 0
        assert "X-Cache" not in response
    assert get(client, "/api/v1/news/")[1] > 0
    assert get(client, "/api/v1/news/")[1] > 0


# --- The throttle still counts cached answers -----------------------------------------------


@pytest.fixture
def low_rate(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def test_cached_api_answers_still_count_towards_the_rate(client, public_site, backend, low_rate):
    answers = [client.get("/api/v1/news/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]

    throttled = client.get("/api/v1/news/")

    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0


def test_the_throttle_window_starts_at_the_first_request_and_ends_after_the_period(
    client, public_site, backend, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/second"})
    assert [client.get("/api/v1/news/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/news/")["Retry-After"] == "1"

    time.sleep(1.05)

    assert [client.get("/api/v1/news/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_counter_reports_the_count_and_the_seconds_left(backend):
    counts = [caching.soft_cache.count("a-client", 60) for _ in range(3)]

    assert [number for number, _left in counts] == [1, 2, 3]
    assert all(59 < left <= 60 for _number, left in counts)
    assert caching.soft_cache.count("another-client", 60)[0] == 1


@pytest.mark.redis
def test_concurrent_requests_are_all_counted(on_redis):
    """Forty requests at once in eight threads (as from several workers): every one counted.
    (DRF's own throttle reads and rewrites a list, and loses some.)"""
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda _: caching.soft_cache.count("busy", 60)[0], range(40)))

    assert sorted(numbers) == list(range(1, 41))


@pytest.mark.redis
def test_the_counter_goes_on_when_redis_has_forgotten_its_script(on_redis):
    """A restarted Redis has no scripts: the counter sends its script again, once."""
    assert caching.soft_cache.count("a-client", 60)[0] == 1
    on_redis.script_flush()

    assert caching.soft_cache.count("a-client", 60)[0] == 2
    assert caching.soft_cache.count("a-client", 60)[0] == 3
    assert on_redis.script_exists(caching._CountScript.script.sha) == [True]


@pytest.fixture
def redis_log(on_redis):
    """The commands clients send Redis from now on, in order, read from its slow log with
    every command logged (a script's own commands are logged without a client: left out)."""
    threshold = on_redis.config_get("slowlog-log-slower-than")["slowlog-log-slower-than"]
    on_redis.config_set("slowlog-log-slower-than", 0)
    on_redis.slowlog_reset()

    def sent() -> list[str]:
        entries = reversed(on_redis.slowlog_get(128))
        return [
            entry["command"].split()[0].decode().upper()
            for entry in entries
            if entry["client_address"] != b"?:0"
            and not entry["command"].upper().startswith((b"SLOWLOG", b"CONFIG"))
        ]

    yield sent
    on_redis.config_set("slowlog-log-slower-than", threshold)


@pytest.mark.redis
def test_an_api_answer_from_the_cache_costs_two_round_trips_to_redis(
    client, public_site, redis_log
):
    """The throttle's count also reads the content version; then the answer itself."""
    client.get("/api/v1/news/")  # the answer is cached
    first = redis_log()

    response = client.get("/api/v1/news/")

    assert response["X-Cache"] == "hit"
    assert redis_log()[len(first) :] == ["EVALSHA", "GET"]


@pytest.mark.redis
def test_the_version_read_with_the_count_is_the_current_one(client, public_site, on_redis):
    """A change between two answers is seen by the next one, whose count read the version."""
    first = client.get("/api/v1/news/").json()
    NewsItemFactory(title_en="Just published", published_at=timezone.now())

    answer = client.get("/api/v1/news/")

    assert answer["X-Cache"] == "miss"
    assert answer.json()["count"] == first["count"] + 1


# --- Redis down -----------------------------------------------------------------------------


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "bordercoop.cache" and r.levelno >= logging.WARNING
    ]


@pytest.mark.redis
def test_every_public_page_and_api_answer_works_with_redis_down(
    client, public_site, redis_down, caplog
):
    caplog.set_level(logging.INFO, logger="bordercoop.cache")
    urls = [address(public_site) for address in PAGES.values()]
    urls += [address(public_site) for address in API.values()]
    urls += ["/api/schema/", "/api/docs/"]

    for _ in range(2):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get("X-Cache") in (None, "miss"), url

    [warning] = cache_warnings(caplog)
    assert warning.levelno == logging.WARNING
    assert "Cache unavailable, serving uncached" in warning.getMessage()
    assert caching.soft_cache.failing


@pytest.mark.redis
def test_the_throttled_api_answers_with_redis_down(
    client, public_site, redis_down, low_rate, caplog
):
    """The throttle cannot count without its cache: it lets requests through rather than
    failing them."""
    for _ in range(6):
        response = client.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200
        assert response.json()["results"][0]["title"] == public_site.item.title_ru

    assert len(cache_warnings(caplog)) == 1


@pytest.mark.redis
def test_changes_show_with_redis_down(client, public_site, redis_down, caplog):
    client.get("/en/news/")
    public_site.item.title_en = "Changed while Redis is down"
    public_site.item.save()
    public_site.item.delete()

    response = client.get("/en/news/")
    assert response.status_code == 200
    assert "Changed while Redis is down" not in response.content.decode()
    assert len(cache_warnings(caplog)) == 1


@pytest.mark.redis
def test_the_admin_works_with_redis_down(superuser_client, public_site, redis_down, caplog):
    from tests.editorial.conftest import change_form_data

    url = admin_url(NewsItem, "change", public_site.item.pk)
    data = change_form_data(superuser_client.get(url))
    data["title_en"] = "Saved while Redis is down"

    assert superuser_client.post(url, data).status_code == 302
    assert Client().get("/en/news/").status_code == 200
    assert len(cache_warnings(caplog)) == 1


@pytest.mark.redis
@pytest.mark.parametrize("url", ["/en/news/", "/api/v1/news/"])
def test_a_change_saved_while_redis_was_unreachable_shows_once_it_answers_again(
    client, public_site, settings, redis_server, url
):
    """Redis kept its data through the outage (a network fault, not a restart): the entries
    cached before the save are still there, under the version the save could not change."""
    settings.CACHE_RETRY_SECONDS = 0  # tried again at once (the pause is tested below)
    settings.CACHES = redis_caches(REDIS_URL)
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    settings.CACHES = redis_caches(DOWN_REDIS_URL)
    public_site.item.title_en = "Saved while Redis was unreachable"
    public_site.item.save()
    assert caching.soft_cache.failing

    settings.CACHES = redis_caches(REDIS_URL)
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Saved while Redis was unreachable" in text_of(response)
    assert client.get(url)["X-Cache"] == "hit"  # cached again, under the new version


@pytest.fixture
def hung_redis():
    """A TCP server that accepts connections and never answers (a Redis that hangs): its URL
    and the connections it has accepted."""
    server = socket.create_server(("127.0.0.1", 0), backlog=128)
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    stop.set()
    thread.join()
    for connection_ in accepted:
        connection_.close()
    server.close()


def settled(accepted: list) -> int:
    """How many connections the hung server has accepted, once its accept loop caught up."""
    count = -1
    while count != len(accepted):
        count = len(accepted)
        time.sleep(0.2)
    return count


@pytest.mark.redis
def test_a_hung_redis_is_left_alone_for_a_while_after_a_failure(
    client, public_site, settings, hung_redis, caplog
):
    url, accepted = hung_redis
    settings.CACHE_RETRY_SECONDS = 60
    settings.CACHES = redis_caches(url)

    assert client.get("/en/news/").status_code == 200  # one timeout, then served uncached
    tried = settled(accepted)
    assert tried >= 1
    for _ in range(3):
        assert client.get("/en/news/").status_code == 200
        assert client.get(f"/en/news/{public_site.item.slug}/").status_code == 200
        assert client.get("/api/v1/news/").status_code == 200
    assert settled(accepted) == tried  # not one more connection while it rests
    assert len(cache_warnings(caplog)) == 1


@pytest.mark.redis
def test_without_a_pause_a_hung_redis_is_tried_by_every_request(
    client, public_site, settings, hung_redis
):
    """The same fault with the pause at 0: what the pause saves (and proof that the server
    above really is reached)."""
    url, accepted = hung_redis
    settings.CACHE_RETRY_SECONDS = 0
    settings.CACHES = redis_caches(url)

    assert client.get("/en/news/").status_code == 200
    tried = settled(accepted)
    for _ in range(3):
        assert client.get("/en/news/").status_code == 200
    assert settled(accepted) >= tried + 3


@pytest.mark.redis
def test_the_cache_is_used_again_once_redis_is_back(
    client, public_site, settings, redis_server, caplog
):
    caplog.set_level(logging.INFO, logger="bordercoop.cache")
    # A pause no request here outlasts, however slow the machine (0.3 s was outlasted on a
    # busy one); its end is then brought forward rather than waited for.
    settings.CACHE_RETRY_SECONDS = 60
    settings.CACHES = redis_caches(DOWN_REDIS_URL)
    assert client.get("/en/news/").status_code == 200
    assert client.get("/en/news/")["X-Cache"] == "miss"

    settings.CACHES = redis_caches(REDIS_URL)
    # Within the pause after the failure Redis is not asked, although it would answer.
    assert client.get("/en/news/")["X-Cache"] == "miss"
    assert client.get("/en/news/")["X-Cache"] == "miss"
    assert caching.soft_cache.failing
    caching.soft_cache.retry_at = time.monotonic()  # the pause is over
    assert client.get("/en/news/")["X-Cache"] == "miss"
    assert client.get("/en/news/")["X-Cache"] == "hit"

    messages = [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "bordercoop.cache"
    ]
    assert [level for level, _ in messages] == ["WARNING", "INFO"]
    assert messages[1][1] == "Cache available again."
    assert not caching.soft_cache.failing


# --- Last-Modified: never before the last change of public content --------------------------


@pytest.fixture
def changed_yesterday(public_site):
    """Every object, and the content as a whole, last changed a day ago: an answer read now
    is dated yesterday, and a change now is later by more than HTTP's one-second dates."""
    yesterday = timezone.now() - timedelta(days=1)
    # What stays in each answer when the site's own objects leave it: still dated yesterday.
    NewsItemFactory(slug="an-older-item", published_at=yesterday - timedelta(days=1))
    BorderLiaisonOfficeFactory(
        slug="blo-another",
        border=public_site.border,
        host_country=public_site.uz,
        status=BorderLiaisonOffice.Status.ESTABLISHED,
    )
    for model in django_apps.get_models():
        if model.__module__.startswith("apps.") and hasattr(model, "updated_at"):
            model.objects.update(updated_at=yesterday)
    ContentVersion.objects.update_or_create(
        pk=ContentVersion.ROW, defaults={"changed_at": yesterday}
    )
    return public_site


def item_back_to_draft(site):
    site.item.status = NewsItem.Status.DRAFT
    site.item.save()


def item_deleted(site):
    site.item.delete()


def component_unpublished(site):
    site.component.is_published = False
    site.component.save()


def blo_unpublished(site):
    site.blo.is_published = False
    site.blo.save()


@pytest.mark.parametrize(
    ("url", "change", "gone"),
    [
        ("/api/v1/news/", item_back_to_draft, "tashkent-roundtable"),
        ("/api/v1/news/?lang=ru", item_deleted, "tashkent-roundtable"),
        (
            "/api/v1/news/tashkent-roundtable/?lang=ru",
            component_unpublished,
            "Компонент по трансграничному сотрудничеству",
        ),
        ("/api/v1/blos/?format=geojson", blo_unpublished, "blo-yallama"),
        ("/api/v1/borders/kazakhstan-uzbekistan/", blo_unpublished, '"established":2'),
        ("/en/feeds/news.rss", item_back_to_draft, "tashkent-roundtable"),
        ("/ru/feeds/news.atom", item_deleted, "tashkent-roundtable"),
        ("/sitemap.xml", item_back_to_draft, "tashkent-roundtable"),
    ],
)
def test_an_answer_something_left_is_dated_after_it_left(
    client, changed_yesterday, committing, url, change, gone
):
    """Dated by the items still in it, the answer kept yesterday's date: a client revalidating
    with If-Modified-Since alone got 304 and kept what was withdrawn."""
    first = client.get(url)
    assert gone in first.content.decode()
    with committing():
        change(changed_yesterday)

    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 200
    assert gone not in again.content.decode()
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_an_unchanged_answer_still_revalidates_by_date(client, changed_yesterday):
    first = client.get("/api/v1/news/")

    again = client.get("/api/v1/news/", headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_a_change_rolled_back_does_not_date_the_content(changed_yesterday):
    before = ContentVersion.changed_at_latest()

    with pytest.raises(RuntimeError), transaction.atomic():
        item_back_to_draft(changed_yesterday)
        raise RuntimeError("rolled back")

    assert ContentVersion.changed_at_latest() == before


def test_two_changes_in_one_second_are_recorded_in_two_seconds(db):
    ContentVersion.record_change()
    first = ContentVersion.changed_at_latest()
    ContentVersion.record_change()

    assert whole_second(ContentVersion.changed_at_latest()) > whole_second(first)


def test_many_objects_saved_in_one_transaction_are_one_change_dated_now(
    changed_yesterday, committing
):
    """Each object saved recorded a change a second later than the one before: 30 items dated
    the content 30 s ahead (a move of 10,000, three hours), and answers had no date till then."""
    with committing(), transaction.atomic():
        NewsItemFactory.create_batch(30)
        changed_yesterday.blo.save()

    changed_at = ContentVersion.changed_at_latest()
    assert changed_at > timezone.now() - timedelta(minutes=1)
    assert whole_second(changed_at) <= whole_second(timezone.now())


@pytest.mark.parametrize("rolled_back", ["first", "second"])
def test_a_change_next_to_a_savepoint_rolled_back_is_still_recorded(
    changed_yesterday, committing, rolled_back
):
    def change(number):
        if number == rolled_back:
            with pytest.raises(RuntimeError), transaction.atomic():
                item_back_to_draft(changed_yesterday)
                raise RuntimeError("rolled back")
        else:
            blo_unpublished(changed_yesterday)

    with committing(), transaction.atomic():
        change("first")
        change("second")

    assert ContentVersion.changed_at_latest() > timezone.now() - timedelta(minutes=1)


@pytest.mark.parametrize("url", ["/api/v1/news/", "/en/feeds/news.rss", "/sitemap.xml"])
def test_an_answer_made_while_its_date_is_to_come_is_not_kept_undated(
    client, changed_yesterday, url
):
    """A change recorded in the next second leaves answers undated till then; kept, an answer
    made then stayed undated for as long as the cache kept it."""
    ContentVersion.objects.update(changed_at=timezone.now() + timedelta(seconds=30))
    undated = client.get(url)
    ContentVersion.objects.update(changed_at=timezone.now() - timedelta(seconds=2))

    again = client.get(url)

    assert undated.status_code == again.status_code == 200
    assert "Last-Modified" not in undated
    assert again["X-Cache"] == "miss"
    assert "Last-Modified" in again


@pytest.mark.parametrize("url", ["/api/v1/news/", "/en/feeds/news.rss"])
def test_an_answer_read_between_two_changes_of_one_second_is_modified_by_the_second(
    client, public_site, committing, url
):
    """HTTP dates are whole seconds: dated by the time of each change, an answer read between
    two changes of the same second kept its date, and a client revalidating by date got 304."""
    item = public_site.item
    with committing():
        item.title_en = "First change"
        item.save()
    first = client.get(url)
    with committing():
        item.title_en = "Second change"
        item.save()

    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 200
    assert "Second change" in again.content.decode()
    if again.has_header("Last-Modified"):  # none until the second it is dated in has come
        assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])


@pytest.mark.parametrize("url", ["/api/v1/news/", "/en/feeds/news.rss", "/sitemap.xml"])
def test_an_answer_is_not_dated_in_a_second_still_to_come(client, public_site, url):
    ahead = timezone.now() + timedelta(seconds=2)
    ContentVersion.objects.update_or_create(pk=ContentVersion.ROW, defaults={"changed_at": ahead})

    response = client.get(url)

    assert response.status_code == 200
    assert not response.has_header("Last-Modified")
