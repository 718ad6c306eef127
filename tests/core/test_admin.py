"""Admin of the reference data: countries and topics."""

import pytest

from apps.core.models import Country, Topic
from tests.admin_helpers import (
    admin_url,
    assert_admin_pages_render,
    changelist_objects,
    form_errors,
)
from tests.factories import CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "translated_field"),
    [(CountryFactory, "name"), (TopicFactory, "name")],
    ids=["country", "topic"],
)
def test_admin_pages_render_with_english_and_russian_tabs(
    superuser_client, factory, translated_field
):
    assert_admin_pages_render(superuser_client, factory(), translated_field)


def test_admin_index_lists_the_reference_data(superuser_client):
    response = superuser_client.get("/admin/")

    assert response.status_code == 200
    assert admin_url(Country, "changelist") in response.content.decode()
    assert admin_url(Topic, "changelist") in response.content.decode()


def test_admin_requires_a_login(client):
    response = client.get(admin_url(Country, "changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_russian_version_filter_splits_countries(superuser_client):
    translated = CountryFactory(name_ru="Казахстан")
    untranslated = CountryFactory(name_ru="")

    assert changelist_objects(superuser_client, Country, ru_complete="yes") == {translated}
    assert changelist_objects(superuser_client, Country, ru_complete="no") == {untranslated}
    assert changelist_objects(superuser_client, Country) == {translated, untranslated}


def test_country_added_in_the_admin_is_saved(superuser_client):
    response = superuser_client.post(
        admin_url(Country, "add"), {"iso_code": "UZ", "name_en": "Uzbekistan", "name_ru": ""}
    )

    assert response.status_code == 302
    country = Country.objects.get(iso_code="UZ")
    assert country.name_en == "Uzbekistan"
    assert not country.name_ru


def test_country_with_lower_case_iso_code_is_refused_by_the_admin(superuser_client):
    response = superuser_client.post(
        admin_url(Country, "add"), {"iso_code": "uz", "name_en": "Uzbekistan", "name_ru": ""}
    )

    assert set(form_errors(response)) == {"iso_code"}
    assert not Country.objects.exists()


def test_duplicate_topic_slug_is_refused_by_the_admin(superuser_client):
    TopicFactory(slug="trade")

    response = superuser_client.post(
        admin_url(Topic, "add"), {"slug": "trade", "name_en": "Trade", "name_ru": "Торговля"}
    )

    assert set(form_errors(response)) == {"slug"}
    assert Topic.objects.count() == 1
