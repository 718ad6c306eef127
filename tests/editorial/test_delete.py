"""Deleting an item others link to: the confirmation names what stays but loses its link to it
(Django lists only what is deleted with it), in place of the rows of hidden link tables."""

import pytest

from apps.blos.models import BorderLiaisonOffice
from apps.contacts.models import Contact
from tests.admin_helpers import admin_url
from tests.factories import BorderLiaisonOfficeFactory, ContactFactory, NewsItemFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked_contact():
    contact = ContactFactory(full_name_en="Nurangez Abdulhamidova")
    BorderLiaisonOfficeFactory(name_en="BLO Yallama", contact=contact)
    NewsItemFactory(title_en="Roundtable in Tashkent").contacts.add(contact)
    return contact


def confirmation(client, contact, lang="en"):
    response = client.get(
        admin_url(Contact, "delete", contact.pk), headers={"accept-language": lang}
    )
    assert response.status_code == 200
    return page(response)


def test_the_confirmation_names_what_loses_its_link(officer_client, linked_contact):
    root = confirmation(officer_client, linked_contact)

    lost = root.get("div", class_="links-lost")
    assert [item.clean_text for item in lost.get("ul").find_all("li")] == [
        "Border Liaison Offices (1): BLO Yallama",
        "News items (1): Roundtable in Tashkent",
    ]
    assert "not these links" in lost.clean_text
    assert "relationship" not in root.get("div", id="content").clean_text


def test_the_confirmation_is_in_russian_for_a_russian_browser(officer_client, linked_contact):
    root = confirmation(officer_client, linked_contact, "ru")
    lost = root.get("div", class_="links-lost")

    # Django's "удалить контакт" needs no case of the model's name here.
    question = f"Удалить запись «{linked_contact.full_name_ru}» (контактное лицо)?"
    assert question in root.get("div", id="content").clean_text

    assert "больше не будут связаны" in lost.clean_text
    assert "These stay" not in lost.clean_text


def test_a_long_list_is_cut_and_counted(officer_client):
    contact = ContactFactory()
    for number in range(13):
        BorderLiaisonOfficeFactory(name_en=f"BLO {number:02}", contact=contact)

    [group] = confirmation(officer_client, contact).get("div", class_="links-lost").find_all("li")

    assert group.clean_text.startswith("Border Liaison Offices (13): ")
    assert group.clean_text.endswith("and 3 more")


def test_an_item_nothing_links_to_has_no_such_list(officer_client):
    assert confirmation(officer_client, ContactFactory()).find("div", class_="links-lost") is None


def test_deleting_keeps_what_was_linked(officer_client, linked_contact):
    response = officer_client.post(admin_url(Contact, "delete", linked_contact.pk), {"post": "yes"})

    assert response.status_code == 302
    assert BorderLiaisonOffice.objects.get(name_en="BLO Yallama").contact is None


def test_deleting_a_selection_names_what_loses_its_link_too(officer_client, linked_contact):
    other = ContactFactory()
    BorderLiaisonOfficeFactory(name_en="BLO Zhibek Zholy", contact=other)

    response = officer_client.post(
        admin_url(Contact, "changelist"),
        {"action": "delete_selected", "_selected_action": [linked_contact.pk, other.pk]},
    )

    lost = page(response).get("div", class_="links-lost")
    assert [item.clean_text for item in lost.get("ul").find_all("li")] == [
        "Border Liaison Offices (2): BLO Yallama; BLO Zhibek Zholy",
        "News items (1): Roundtable in Tashkent",
    ]
    assert "linked to the selected items" in lost.clean_text
