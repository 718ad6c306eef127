"""The press contacts API: /api/v1/contacts/ — published press contacts of published offices,
with their office, and e-mail addresses written name[at]domain."""

import pytest

from tests.factories import ContactFactory, CountryFactory, OfficeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/"


def get(client, url=LIST, **params):
    return client.get(url, params)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [contact["full_name"] for contact in response.json()["results"]]


@pytest.fixture
def contacts(db):
    tj = CountryFactory(iso_code="TJ", name_en="Tajikistan", name_ru="Таджикистан")
    office = OfficeFactory(
        name_en="Regional Office",
        name_ru="Региональное представительство",
        city_en="Dushanbe",
        city_ru="Душанбе",
        address_en="1 Main Street",
        address_ru="ул. Главная, 1",
        country=tj,
        phone="+992 44 600 00 00",
        email="office@example.org",
    )
    hidden_office = OfficeFactory(is_published=False)
    return {
        "press": ContactFactory(
            office=office,
            full_name_en="Anna Petrova",
            full_name_ru="Анна Петрова",
            position_en="Press officer",
            position_ru="Пресс-секретарь",
            email="anna.petrova@example.org",
            phone="+992 44 600 00 01",
            is_press_contact=True,
            sort_order=1,
        ),
        "second": ContactFactory(
            office=office, full_name_en="Boris", is_press_contact=True, sort_order=2
        ),
        "not_press": ContactFactory(office=office, full_name_en="Not press"),
        "unpublished": ContactFactory(
            office=office, full_name_en="Unpublished", is_press_contact=True, is_published=False
        ),
        "hidden_office": ContactFactory(
            office=hidden_office, full_name_en="Hidden office", is_press_contact=True
        ),
    }


def test_contacts_are_published_press_contacts_of_published_offices(client, contacts):
    response = get(client)

    assert names(response) == ["Anna Petrova", "Boris"]
    assert response.json()["count"] == 2


def test_contact_carries_its_office(client, contacts):
    contact = get(client).json()["results"][0]

    assert contact["id"] == contacts["press"].pk
    assert contact["position"] == "Press officer"
    assert contact["phone"] == "+992 44 600 00 01"
    assert contact["office"] == {
        "name": "Regional Office",
        "city": "Dushanbe",
        "address": "1 Main Street",
        "country": {"iso_code": "TJ", "name": "Tajikistan"},
        "phone": "+992 44 600 00 00",
        "email": "office[at]example.org",
    }
    assert contact["links"] == {
        "en": f"http://testserver/en/contacts/#contact-{contacts['press'].pk}",
        "ru": f"http://testserver/ru/contacts/#contact-{contacts['press'].pk}",
    }


def test_email_addresses_are_written_name_at_domain_and_no_at_sign_is_served(client, contacts):
    for params in ({}, {"lang": "ru"}, {"lang": "all"}):
        response = get(client, **params)
        assert b"@" not in response.content
    assert get(client).json()["results"][0]["email"] == "anna.petrova[at]example.org"
    one = get(client, f"{LIST}{contacts['press'].pk}/")
    assert b"@" not in one.content
    assert one.json()["email"] == "anna.petrova[at]example.org"


def test_contact_in_russian_and_in_every_language(client, contacts):
    russian = get(client, lang="ru").json()["results"][0]
    every = get(client, lang="all").json()["results"][0]

    assert russian["full_name"] == "Анна Петрова"
    assert russian["office"]["city"] == "Душанбе"
    assert russian["office"]["country"]["name"] == "Таджикистан"
    assert every["position"] == {"en": "Press officer", "ru": "Пресс-секретарь"}
    assert every["office"]["address"] == {"en": "1 Main Street", "ru": "ул. Главная, 1"}


def test_contact_without_russian_name_falls_back(client, contacts):
    contacts["second"].full_name_ru = ""
    contacts["second"].save()

    boris = get(client, lang="ru").json()["results"][1]

    assert boris["full_name"] == "Boris"
    assert boris["is_fallback"] is True
    assert list(boris["links"]) == ["en"]


def test_contact_detail_by_id_and_404_for_those_not_shown(client, contacts):
    assert get(client, f"{LIST}{contacts['press'].pk}/").json()["full_name"] == "Anna Petrova"
    for hidden in ("not_press", "unpublished", "hidden_office"):
        response = get(client, f"{LIST}{contacts[hidden].pk}/")
        assert response.status_code == 404
        assert list(response.json()) == ["detail"]


@pytest.mark.parametrize("address", ["999999/", "99999999999999999999999/", "abc/", "1.5/"])
def test_contact_addresses_that_name_no_contact_are_json_404s(client, contacts, address):
    response = client.get(LIST + address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


def test_a_contact_has_one_address(client, contacts):
    pk = contacts["press"].pk

    assert client.get(f"{LIST}{pk}/").status_code == 200
    for other in (f"0{pk}", f"000{pk}"):
        response = client.get(f"{LIST}{other}/")
        assert response.status_code == 404
        assert list(response.json()) == ["detail"]


def test_contacts_sparse_fields(client, contacts):
    results = get(client, fields="full_name,email").json()["results"]

    assert results == [
        {"full_name": "Anna Petrova", "email": "anna.petrova[at]example.org"},
        {"full_name": "Boris", "email": "contact1[at]example.org"},
    ]
