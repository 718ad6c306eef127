"""The layout's links, worked out once per language (apps.core.context_processors), and the
dates of news cards (``local_date``)."""

import datetime

import pytest
from django.template import Context, Template
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.context_processors import SECTIONS, site
from tests.factories import NewsItemFactory


@pytest.mark.parametrize("language", ["en", "ru"])
def test_site_urls_are_the_sections_reversed_in_the_current_language(language):
    with translation.override(language):
        urls = site(RequestFactory().get("/"))["site_urls"]
        expected = {name: reverse(view) for name, view in SECTIONS.items()}
    assert dict(urls) == expected
    assert urls["news"] == f"/{language}/news/"


def test_site_urls_follow_the_language_of_each_request():
    with translation.override("en"):
        english = site(RequestFactory().get("/"))["site_urls"]["news"]
    with translation.override("ru"):
        russian = site(RequestFactory().get("/"))["site_urls"]["news"]
    assert (english, russian) == ("/en/news/", "/ru/news/")


def test_site_assets_are_the_static_files_urls():
    assets = site(RequestFactory().get("/"))["site_assets"]
    assert assets["css"] == static("css/site.css")
    assert assets["js"] == static("js/site.js")


def test_site_assets_follow_a_changed_setting():
    before = site(RequestFactory().get("/"))["site_assets"]["css"]
    with override_settings(STATIC_URL="/elsewhere/"):
        moved = site(RequestFactory().get("/"))["site_assets"]["css"]
    assert moved.startswith("/elsewhere/")
    assert site(RequestFactory().get("/"))["site_assets"]["css"] == before


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/ru/news/", "/en/search/"])
def test_every_layout_link_is_the_reversed_address(client, path):
    html = client.get(path).content.decode()
    language = path.split("/")[1]
    with translation.override(language):
        for view in SECTIONS.values():
            assert f'href="{reverse(view)}' in html or f'action="{reverse(view)}"' in html, view
    assert f'href="{static("css/site.css")}"' in html


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    ("moment", "local_day"),
    [
        # 20:30 UTC is already the next day in Tashkent (UTC+5): the card shows the local day.
        (datetime.datetime(2026, 3, 8, 20, 30, tzinfo=datetime.UTC), "9"),
        (datetime.datetime(2025, 12, 31, 4, 0, tzinfo=datetime.UTC), "31"),
    ],
)
def test_local_date_writes_what_the_date_filter_writes(language, moment, local_day):
    template = Template(
        '{% load bordercoop %}{{ value|local_date }}|{{ value|date:"DATE_FORMAT" }}'
    )
    with translation.override(language), timezone.override("Asia/Tashkent"):
        ours, django = template.render(Context({"value": moment})).split("|")
    assert ours == django
    assert local_day in ours.split()


def test_local_date_of_a_date_and_of_nothing():
    template = Template("{% load bordercoop %}[{{ value|local_date }}]")
    with translation.override("ru"):
        assert (
            template.render(Context({"value": datetime.date(2026, 11, 28)}))
            == "[28 ноября 2026\u00a0г.]"  # a no-break space: "г." never starts a line
        )
        assert template.render(Context({"value": None})) == "[]"


@pytest.mark.django_db
def test_news_cards_show_the_local_day_in_russian(client):
    NewsItemFactory(published_at=datetime.datetime(2026, 3, 8, 20, 30, tzinfo=datetime.UTC))
    html = client.get("/ru/news/").content.decode()
    assert "9 марта 2026\u00a0г." in html
