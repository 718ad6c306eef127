"""/sitemap.xml: every public page in each language it really exists in, with hreflang
alternates, x-default and lastmod; nothing unpublished. And /robots.txt, which points to it."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from apps.blos.models import BorderLiaisonOffice
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.factories import (
    BorderLiaisonOfficeFactory,
    NewsItemFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "http://testserver"
STATIC_PAGES = ["", "news/", "blos/", "programmes/", "contacts/"]


def read_sitemap(client) -> dict[str, dict]:
    """loc → {"lastmod": …, "changefreq": …, "alternates": {hreflang: href}}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}urlset"
    entries = {}
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = {
            "lastmod": url.findtext(f"{SM}lastmod"),
            "changefreq": url.findtext(f"{SM}changefreq"),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall(f"{XHTML}link")
                if link.get("rel") == "alternate"
            },
        }
    return entries


def both_languages(path: str) -> dict[str, str]:
    return {
        "en": f"{BASE}/en/{path}",
        "ru": f"{BASE}/ru/{path}",
        "x-default": f"{BASE}/{path}",
    }


def test_sitemap_lists_every_public_page_in_both_languages(client, public_site):
    entries = read_sitemap(client)
    paths = [
        *STATIC_PAGES,
        f"news/{public_site.item.slug}/",
        f"blos/{public_site.blo.slug}/",
        f"programmes/{public_site.programme.slug}/",
        f"programmes/{public_site.component.slug}/",
    ]

    assert set(entries) == {f"{BASE}/{lang}/{path}" for path in paths for lang in ("en", "ru")}
    for path in paths:
        for lang in ("en", "ru"):
            assert entries[f"{BASE}/{lang}/{path}"]["alternates"] == both_languages(path), path


def test_sitemap_gives_every_page_a_lastmod(client, public_site):
    entries = read_sitemap(client)
    item_day = timezone.localdate(public_site.item.updated_at)

    for loc, entry in entries.items():
        assert date.fromisoformat(entry["lastmod"]), loc
    assert entries[f"{BASE}/en/news/{public_site.item.slug}/"]["lastmod"] == item_day.isoformat()
    blo_day = timezone.localdate(public_site.blo.updated_at)
    assert entries[f"{BASE}/ru/blos/{public_site.blo.slug}/"]["lastmod"] == blo_day.isoformat()
    # The lists change when the news do.
    assert entries[f"{BASE}/en/"]["lastmod"] == item_day.isoformat()


def test_static_pages_lastmod_follows_the_latest_public_news(client):
    updated = timezone.now() - timedelta(days=40)
    old = NewsItemFactory(published_at=updated - timedelta(days=1))
    NewsItem.objects.filter(pk=old.pk).update(updated_at=updated)
    NewsItemFactory(draft=True)  # a newer draft does not count
    NewsItemFactory(published_at=timezone.now() + timedelta(minutes=1))  # nor a scheduled item

    entries = read_sitemap(client)

    assert entries[f"{BASE}/en/news/"]["lastmod"] == timezone.localdate(updated).isoformat()


def test_an_item_gone_live_after_its_last_edit_dates_the_sitemap_by_its_publication(
    client, public_site
):
    """A scheduled item appears at its publication time, with no save to date it: a crawler
    that read the sitemap before, revalidating by date, gets it again with the item."""
    published_at = timezone.now().replace(microsecond=0) - timedelta(days=2)
    item = NewsItemFactory(published_at=published_at)
    edited = published_at - timedelta(days=3)
    for model in (NewsItem, BorderLiaisonOffice, Programme):
        model.objects.update(updated_at=edited)
    NewsItem.objects.exclude(pk=item.pk).update(published_at=edited)
    read_before = http_date((published_at - timedelta(days=1)).timestamp())

    response = client.get("/sitemap.xml", headers={"if-modified-since": read_before})

    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) >= published_at.timestamp()
    entries = read_sitemap(client)
    day = timezone.localdate(published_at).isoformat()
    assert entries[f"{BASE}/en/news/{item.slug}/"]["lastmod"] == day
    assert entries[f"{BASE}/en/news/"]["lastmod"] == day


def test_untranslated_item_is_listed_in_english_only(client, public_site):
    item = NewsItemFactory(slug="untranslated", title_ru="", body_ru="")
    blo = BorderLiaisonOfficeFactory(slug="untranslated-blo", name_ru="")
    programme = ProgrammeFactory(slug="untranslated-programme", summary_ru="")

    entries = read_sitemap(client)

    for path in [
        f"news/{item.slug}/",
        f"blos/{blo.slug}/",
        f"programmes/{programme.slug}/",
    ]:
        assert f"{BASE}/ru/{path}" not in entries, path
        assert entries[f"{BASE}/en/{path}"]["alternates"] == {
            "en": f"{BASE}/en/{path}",
            "x-default": f"{BASE}/{path}",
        }


def test_sitemap_leaves_out_everything_unpublished(client, public_site):
    now = timezone.now()
    NewsItemFactory(slug="draft-item", draft=True)
    NewsItemFactory(slug="scheduled-item", published_at=now + timedelta(minutes=1))
    NewsItemFactory(slug="just-published", published_at=now - timedelta(minutes=1))
    BorderLiaisonOfficeFactory(slug="hidden-blo", is_published=False)
    ProgrammeFactory(slug="hidden-programme", is_published=False)
    ProgrammeFactory(slug="hidden-component", parent=public_site.programme, is_published=False)

    locs = set(read_sitemap(client))
    text = client.get("/sitemap.xml").content.decode()

    assert f"{BASE}/en/news/just-published/" in locs
    assert f"{BASE}/ru/news/just-published/" in locs
    for hidden in (
        "draft-item",
        "scheduled-item",
        "hidden-blo",
        "hidden-programme",
        "hidden-component",
    ):
        assert hidden not in text


def test_sitemap_leaves_out_search_and_feeds(client, public_site):
    text = client.get("/sitemap.xml").content.decode()

    assert "/search/" not in text
    assert "/feeds/" not in text


def test_every_address_of_the_sitemap_answers_200(client, public_site):
    NewsItemFactory(slug="untranslated", title_ru="")

    for loc, entry in read_sitemap(client).items():
        assert client.get(loc.removeprefix(BASE)).status_code == 200, loc
        for href in entry["alternates"].values():
            response = client.get(href.removeprefix(BASE))
            assert response.status_code in (200, 302), href


def test_empty_site_has_a_valid_sitemap_of_the_fixed_pages(client):
    entries = read_sitemap(client)

    assert set(entries) == {
        f"{BASE}/{lang}/{path}" for path in STATIC_PAGES for lang in ("en", "ru")
    }


# --- robots.txt ---------------------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    sitemap_lines = [line for line in lines if line.startswith("Sitemap:")]
    assert sitemap_lines == ["Sitemap: http://testserver/sitemap.xml"]
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_disallows_the_admin_and_the_search(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /en/search/" in lines
    assert "Disallow: /ru/search/" in lines
    assert "Disallow: /" not in lines


@override_settings(ALLOWED_HOSTS=["www.example.org"])
def test_robots_txt_names_the_sitemap_on_the_requested_host(client):
    response = client.get("/robots.txt", headers={"Host": "www.example.org"}, secure=True)

    assert "Sitemap: https://www.example.org/sitemap.xml" in response.content.decode().splitlines()
