"""``reverse_slug`` (apps.core.links): the detail pages' addresses without a reverse() per link."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from apps.core.links import _around_slug, reverse_slug
from tests.factories import BorderLiaisonOfficeFactory, NewsItemFactory, ProgrammeFactory

DETAIL_VIEWS = ["news:detail", "blos:detail", "programmes:detail"]
SLUGS = ["a", "border-liaison-office-2026", "Mixed_Case-9"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("viewname", DETAIL_VIEWS)
def test_reverse_slug_is_reverse_in_the_active_language(viewname, language):
    with translation.override(language):
        for slug in SLUGS:
            assert reverse_slug(viewname, slug) == reverse(viewname, kwargs={"slug": slug})
        assert reverse_slug(viewname, "x").startswith(f"/{language}/")


def test_reverse_slug_follows_the_language_of_each_call():
    with translation.override("en"):
        english = reverse_slug("news:detail", "x")
    with translation.override("ru"):
        russian = reverse_slug("news:detail", "x")
    assert (english, russian) == ("/en/news/x/", "/ru/news/x/")


def test_reverse_slug_follows_the_script_prefix():
    set_script_prefix("/site/")
    try:
        with translation.override("en"):
            assert reverse_slug("blos:detail", "dostyk") == "/site/en/blos/dostyk/"
    finally:
        clear_script_prefix()
    with translation.override("en"):
        assert reverse_slug("blos:detail", "dostyk") == "/en/blos/dostyk/"


@pytest.mark.parametrize("slug", ["", "with space", "новость", "a/b"])
def test_reverse_slug_refuses_what_reverse_refuses(slug):
    with translation.override("en"), pytest.raises(NoReverseMatch):
        reverse("news:detail", kwargs={"slug": slug})
    with translation.override("en"), pytest.raises(NoReverseMatch):
        reverse_slug("news:detail", slug)


@pytest.mark.parametrize("slug", [None, 7])
def test_reverse_slug_leaves_anything_but_a_string_to_reverse(slug):
    with translation.override("en"):
        assert reverse_slug("news:detail", slug) == reverse("news:detail", kwargs={"slug": slug})


def test_a_changed_setting_forgets_the_kept_addresses():
    with translation.override("en"):
        reverse_slug("news:detail", "x")
    assert _around_slug.cache_info().currsize > 0
    with override_settings(APPEND_SLASH=True):
        assert _around_slug.cache_info().currsize == 0


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_detail_pages_link_to_themselves(client, language):
    """Each model's get_absolute_url is its page, in the reader's language."""
    objects = [NewsItemFactory(), BorderLiaisonOfficeFactory(), ProgrammeFactory()]
    with translation.override(language):
        urls = [obj.get_absolute_url() for obj in objects]
    for obj, url, viewname in zip(objects, urls, DETAIL_VIEWS, strict=True):
        with translation.override(language):
            assert url == reverse(viewname, kwargs={"slug": obj.slug})
        assert client.get(url).status_code == 200
