"""Admin of offices and contacts."""

import pytest

from apps.contacts.models import Contact, Office
from tests.admin_helpers import (
    admin_url,
    assert_admin_pages_render,
    changelist_objects,
    form_errors,
)
from tests.factories import ContactFactory, CountryFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "translated_field"),
    [(OfficeFactory, "name"), (ContactFactory, "full_name")],
    ids=["office", "contact"],
)
def test_admin_pages_render_with_english_and_russian_tabs(
    superuser_client, factory, translated_field
):
    assert_admin_pages_render(superuser_client, factory(), translated_field)


def test_russian_version_filter_splits_contacts(superuser_client):
    translated = ContactFactory()
    untranslated = ContactFactory(position_ru="")

    assert changelist_objects(superuser_client, Contact, ru_complete="yes") == {translated}
    assert changelist_objects(superuser_client, Contact, ru_complete="no") == {untranslated}


def test_office_without_english_name_is_refused_by_the_admin(superuser_client):
    country = CountryFactory()

    response = superuser_client.post(
        admin_url(Office, "add"),
        {
            "name_en": "",
            "name_ru": "Офис",
            "city_en": "Almaty",
            "city_ru": "Алматы",
            "address_en": "",
            "address_ru": "",
            "country": country.pk,
            "phone": "",
            "email": "",
        },
    )

    assert set(form_errors(response)) == {"name_en"}
    assert not Office.objects.exists()
