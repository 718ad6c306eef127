"""Offices and contacts: what the public may see."""

import pytest
from django.core.exceptions import ValidationError

from apps.contacts.models import Contact, Office
from tests.factories import ContactFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def test_published_offices_exclude_unpublished_ones():
    published = OfficeFactory(is_published=True)
    OfficeFactory(is_published=False)

    assert list(Office.objects.published()) == [published]


def test_published_contacts_need_the_contact_published():
    office = OfficeFactory(is_published=True)
    published = ContactFactory(office=office, is_published=True)
    ContactFactory(office=office, is_published=False)

    assert list(Contact.objects.published()) == [published]


def test_published_contact_of_an_unpublished_office_is_not_public():
    ContactFactory(office=OfficeFactory(is_published=False), is_published=True)

    assert not Contact.objects.published().exists()


def test_press_contacts_are_the_ones_ticked_as_press_contacts():
    press = ContactFactory(is_press_contact=True)
    ContactFactory(is_press_contact=False)

    assert list(Contact.objects.published().press()) == [press]


def test_new_office_is_unpublished_by_default():
    office = Office(name_en="Almaty office", city_en="Almaty")

    assert office.is_published is False


def test_office_without_english_name_and_city_is_refused_by_full_clean():
    office = OfficeFactory.build(name_en="", city_en="")

    with pytest.raises(ValidationError) as exc:
        office.full_clean()

    assert {"name_en", "city_en"} <= set(exc.value.message_dict)


def test_office_without_russian_text_passes_full_clean():
    office = OfficeFactory(name_ru="", city_ru="", address_en="1 Main Street", address_ru="")

    office.full_clean()
