"""/<lang>/contacts/: the press contacts, grouped by office, with protected e-mail addresses."""

import pytest

from tests.factories import ContactFactory, CountryFactory, OfficeFactory
from tests.page_helpers import in_both, page, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]


@pytest.fixture
def offices(db):
    tj = CountryFactory(iso_code="TJ", name_en="Tajikistan", name_ru="Таджикистан")
    uz = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    dushanbe = OfficeFactory(
        name_en="Regional Office for Central Asia",
        name_ru="Региональное представительство для Центральной Азии",
        city_en="Dushanbe",
        city_ru="Душанбе",
        address_en="Bokhtar Street 37/1",
        address_ru="ул. Бохтар, 37/1",
        country=tj,
    )
    tashkent = OfficeFactory(
        name_en="Project Office in Uzbekistan",
        name_ru="Проектный офис в Узбекистане",
        city_en="Tashkent",
        city_ru="Ташкент",
        country=uz,
    )
    hidden_office = OfficeFactory(name_en="Hidden Office", country=uz, is_published=False)
    quiet_office = OfficeFactory(name_en="Office Without Press Contacts", country=uz)
    contacts = {
        "second": ContactFactory(
            office=dushanbe,
            full_name_en="Bakhtiyor Karimov",
            full_name_ru="Бахтиёр Каримов",
            is_press_contact=True,
            sort_order=2,
            email="b.karimov@example.org",
            phone="+992 44 600 00 01",
        ),
        "first": ContactFactory(
            office=dushanbe,
            full_name_en="Anna Petrova",
            full_name_ru="Анна Петрова",
            is_press_contact=True,
            sort_order=1,
            email="a.petrova@example.org",
        ),
        "tashkent": ContactFactory(
            office=tashkent,
            full_name_en="Dilnoza Yusupova",
            full_name_ru="Дилноза Юсупова",
            is_press_contact=True,
            email="",
        ),
        "not-press": ContactFactory(
            office=dushanbe, full_name_en="Not A Press Contact", is_press_contact=False
        ),
        "unpublished": ContactFactory(
            office=dushanbe,
            full_name_en="Unpublished Contact",
            is_press_contact=True,
            is_published=False,
        ),
        "of-hidden-office": ContactFactory(
            office=hidden_office, full_name_en="Contact Of Hidden Office", is_press_contact=True
        ),
        "of-quiet-office": ContactFactory(
            office=quiet_office, full_name_en="Quiet Contact", is_press_contact=False
        ),
    }
    return {"dushanbe": dushanbe, "tashkent": tashkent, "contacts": contacts}


def grouped(root) -> dict[str, list[str]]:
    """Office name → the names of its press contacts, as shown."""
    return {
        section.get("h2").text: [
            div.get("strong").text for div in section.find_all("div", class_="contact")
        ]
        for section in root.find_all("section", class_="office")
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "Project Office in Uzbekistan": ["Dilnoza Yusupova"],
                "Regional Office for Central Asia": ["Anna Petrova", "Bakhtiyor Karimov"],
            },
        ),
        (
            "ru",
            {
                "Проектный офис в Узбекистане": ["Дилноза Юсупова"],
                "Региональное представительство для Центральной Азии": [
                    "Анна Петрова",
                    "Бахтиёр Каримов",
                ],
            },
        ),
    ],
)
def test_press_contacts_are_grouped_by_office(client, offices, lang, expected):
    root = page(client.get(f"/{lang}/contacts/"))

    assert grouped(root) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contacts_page_leaves_out_everyone_who_is_not_a_public_press_contact(client, offices, lang):
    html = client.get(f"/{lang}/contacts/").content.decode()

    for name in (
        "Not A Press Contact",
        "Unpublished Contact",
        "Contact Of Hidden Office",
        "Hidden Office",
        "Office Without Press Contacts",
        "Quiet Contact",
    ):
        assert name not in html


@pytest.mark.parametrize(
    ("lang", "meta"),
    [
        ("en", "Dushanbe, Tajikistan · Bokhtar Street 37/1"),
        ("ru", "Душанбе, Таджикистан · ул. Бохтар, 37/1"),
    ],
)
def test_office_shows_its_city_country_and_address(client, offices, lang, meta):
    root = page(client.get(f"/{lang}/contacts/"))
    section = root.get("section", id=f"office-{offices['dushanbe'].pk}")

    assert section.get("p", class_="meta").clean_text == meta


def test_contacts_show_protected_emails_and_phone_links(client, offices):
    response = client.get("/en/contacts/")
    html = response.content.decode()
    root = page(response)
    karimov = root.get("div", id=f"contact-{offices['contacts']['second'].pk}")

    assert karimov.get("span", class_="protected-email").text == "b.karimov[at]example.org"
    assert karimov.get("a").attrs["href"] == "tel:+992446000001"
    assert "@example.org" not in html
    assert "mailto:" not in html
    yusupova = root.get("div", id=f"contact-{offices['contacts']['tashkent'].pk}")
    assert yusupova.find("span", class_="protected-email") is None
    assert "E-mail:" not in yusupova.text


def test_office_address_is_its_anchor_on_the_contacts_page(client, offices):
    office = offices["dushanbe"]

    root = page(client.get(office.get_absolute_url()))

    assert office.get_absolute_url().startswith("/en/contacts/#office-")
    assert root.find("section", id=f"office-{office.pk}") is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contacts_page_without_contacts_says_so(client, lang):
    root = page(client.get(f"/{lang}/contacts/"))

    assert root.find_all("section", class_="office") == []
    assert in_both("No contacts yet.")[lang] in visible_text(root)
