"""Admin of borders and Border Liaison Offices: pages, and every invalid form redisplayed."""

import pytest

from apps.blos.models import Border, BorderLiaisonOffice
from tests.admin_helpers import (
    admin_url,
    assert_admin_pages_render,
    assert_shown_in_russian,
    changelist_objects,
    form_errors,
    post_in_russian,
    rendered_field_errors,
)
from tests.factories import BorderFactory, BorderLiaisonOfficeFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "translated_field"),
    [(BorderFactory, "name"), (BorderLiaisonOfficeFactory, "crossing_point")],
    ids=["border", "blo"],
)
def test_admin_pages_render_with_english_and_russian_tabs(
    superuser_client, factory, translated_field
):
    assert_admin_pages_render(superuser_client, factory(), translated_field)


def test_russian_version_filter_splits_blos(superuser_client):
    translated = BorderLiaisonOfficeFactory()
    untranslated = BorderLiaisonOfficeFactory(crossing_point_ru="")

    assert changelist_objects(superuser_client, BorderLiaisonOffice, ru_complete="yes") == {
        translated
    }
    assert changelist_objects(superuser_client, BorderLiaisonOffice, ru_complete="no") == {
        untranslated
    }


# Border form --------------------------------------------------------------------------------


def border_form(country_a, country_b, **changes):
    return {
        "name_en": "Kazakhstan–Kyrgyzstan",
        "name_ru": "Казахстан–Кыргызстан",
        "slug": "kz-kg",
        "country_a": country_a.pk,
        "country_b": country_b.pk,
        **changes,
    }


def test_border_added_in_the_admin_is_saved(superuser_client):
    a, b = CountryFactory(), CountryFactory()

    response = superuser_client.post(admin_url(Border, "add"), border_form(a, b))

    assert response.status_code == 302
    assert Border.objects.get().countries == (a, b)


def test_border_between_country_and_itself_is_refused_by_the_admin(superuser_client):
    country = CountryFactory()

    response = superuser_client.post(admin_url(Border, "add"), border_form(country, country))

    errors = form_errors(response)
    assert set(errors) == {"country_b"}
    assert "two different countries" in errors["country_b"][0]
    assert not Border.objects.exists()


def test_border_entered_again_in_reverse_order_is_refused_by_the_admin(superuser_client):
    existing = BorderFactory()

    response = superuser_client.post(
        admin_url(Border, "add"), border_form(existing.country_b, existing.country_a)
    )

    errors = form_errors(response)
    assert set(errors) == {"country_b"}
    assert "already exists" in errors["country_b"][0]
    assert Border.objects.count() == 1


# BLO form -----------------------------------------------------------------------------------


def blo_form(border, **changes):
    return {
        "name_en": "Dostyk BLO",
        "name_ru": "ПКП Достык",
        "slug": "dostyk",
        "crossing_point_en": "Dostyk",
        "crossing_point_ru": "Достык",
        "description_en": "<p>The office at Dostyk.</p>",
        "description_ru": "",
        "border": border.pk,
        "host_country": border.country_a.pk,
        "latitude": "45.25000",
        "longitude": "82.48000",
        "programme": "",
        "contact": "",
        "status": BorderLiaisonOffice.Status.ESTABLISHED,
        "established_on": "2019-05-01",
        "is_published": "on",
        **changes,
    }


def test_blo_added_in_the_admin_is_saved(superuser_client):
    border = BorderFactory()

    response = superuser_client.post(admin_url(BorderLiaisonOffice, "add"), blo_form(border))

    assert response.status_code == 302
    blo = BorderLiaisonOffice.objects.get()
    assert (blo.slug, blo.host_country) == ("dostyk", border.country_a)


def test_blo_hosted_by_a_country_off_its_border_is_refused_by_the_admin(superuser_client):
    border = BorderFactory()
    elsewhere = CountryFactory()

    response = superuser_client.post(
        admin_url(BorderLiaisonOffice, "add"), blo_form(border, host_country=elsewhere.pk)
    )

    errors = form_errors(response)
    assert set(errors) == {"host_country"}
    assert "host country must be one of the two countries" in errors["host_country"][0]
    assert not BorderLiaisonOffice.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("latitude", "95"), ("longitude", "200")])
def test_blo_coordinate_out_of_range_is_refused_by_the_admin(superuser_client, field, value):
    response = superuser_client.post(
        admin_url(BorderLiaisonOffice, "add"), blo_form(BorderFactory(), **{field: value})
    )

    assert set(form_errors(response)) == {field}
    assert not BorderLiaisonOffice.objects.exists()


def test_duplicate_blo_slug_is_refused_by_the_admin(superuser_client):
    BorderLiaisonOfficeFactory(slug="dostyk")

    response = superuser_client.post(
        admin_url(BorderLiaisonOffice, "add"), blo_form(BorderFactory(), slug="dostyk")
    )

    assert set(form_errors(response)) == {"slug"}
    assert BorderLiaisonOffice.objects.count() == 1


def test_blo_host_country_changed_off_its_border_is_refused_by_the_admin(superuser_client):
    blo = BorderLiaisonOfficeFactory(slug="dostyk")
    elsewhere = CountryFactory()

    response = superuser_client.post(
        admin_url(BorderLiaisonOffice, "change", blo.pk),
        blo_form(blo.border, host_country=elsewhere.pk),
    )

    assert set(form_errors(response)) == {"host_country"}
    blo.refresh_from_db()
    assert blo.host_country == blo.border.country_a


# Errors in the Russian admin ----------------------------------------------------------------


def test_latitude_error_is_in_russian_in_the_russian_admin(superuser_client):
    # Django's own validator message, translated by Django's catalogue.
    response = post_in_russian(
        superuser_client,
        admin_url(BorderLiaisonOffice, "add"),
        blo_form(BorderFactory(), latitude="95"),
    )

    assert set(form_errors(response)) == {"latitude"}
    assert rendered_field_errors(response, "latitude") == [
        "Убедитесь, что это значение меньше либо равно 90."
    ]
    assert not BorderLiaisonOffice.objects.exists()


def test_host_country_error_is_in_russian_in_the_russian_admin(superuser_client):
    response = post_in_russian(
        superuser_client,
        admin_url(BorderLiaisonOffice, "add"),
        blo_form(BorderFactory(), host_country=CountryFactory().pk),
    )

    assert set(form_errors(response)) == {"host_country"}
    assert_shown_in_russian(
        response, "host_country", english="The host country must be one of the two countries"
    )
    assert not BorderLiaisonOffice.objects.exists()


def test_border_error_is_in_russian_in_the_russian_admin(superuser_client):
    country = CountryFactory()

    response = post_in_russian(
        superuser_client, admin_url(Border, "add"), border_form(country, country)
    )

    assert set(form_errors(response)) == {"country_b"}
    assert_shown_in_russian(response, "country_b", english="A border joins two different")
    assert not Border.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "Outside the map of Central Asia: the latitude must be between 29 and 49.5. "
            "Latitude and longitude look swapped.",
        ),
        (
            "ru",
            "Вне карты Центральной Азии: широта должна быть от 29 до 49,5. "
            "Похоже, широта и долгота перепутаны.",
        ),
    ],
)
def test_swapped_coordinates_are_refused_by_the_admin_naming_both_fields(
    superuser_client, lang, message
):
    border = BorderFactory()

    response = superuser_client.post(
        admin_url(BorderLiaisonOffice, "add"),
        blo_form(border, latitude="67.28000", longitude="37.22000"),
        headers={"accept-language": lang},
    )

    errors = form_errors(response)
    assert set(errors) == {"latitude", "longitude"}
    assert errors["latitude"] == [message]
    assert not BorderLiaisonOffice.objects.exists()
