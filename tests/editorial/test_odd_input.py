"""Odd input sent to the content admins (hand-made addresses and forms, as a fuzzer sends
them) is answered with the admin's own refusals, never a server error."""

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from apps.blos.models import BorderLiaisonOffice
from apps.contacts.models import Office
from apps.core.models import Topic
from apps.news.models import NewsItem
from tests.admin_helpers import admin_url, form_errors
from tests.editorial.conftest import change_form_data, messages_of
from tests.factories import (
    BorderLiaisonOfficeFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    TopicFactory,
)
from tests.page_helpers import page

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "1.5", "1e0", "\x00", "99999999999999999999"]


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    ("who", "action"),
    [("translator_client", "mark_russian_up_to_date"), ("officer_client", "delete_selected")],
)
def test_an_action_on_a_selection_that_names_no_item_is_refused(request, who, action, value):
    client = request.getfixturevalue(who)
    topic = TopicFactory(name_en="Border management")

    response = client.post(
        admin_url(Topic, "changelist"), {"action": action, "_selected_action": [value]}
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "The selection names no item of this list. Nothing was changed."
    ]
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_an_action_on_a_selection_that_names_no_item_is_refused_in_russian(officer_client):
    response = officer_client.post(
        admin_url(Topic, "changelist"),
        {"action": "delete_selected", "_selected_action": ["abc"]},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert messages_of(response) == [
        "Среди выбранного нет ни одной записи этого списка. Ничего не изменено."
    ]


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_foreign_key_that_is_no_id_is_a_field_error(superuser_client, value):
    """The form refused it, then its autocomplete widget looked it up to redraw: a 500."""
    office = OfficeFactory()
    url = admin_url(Office, "change", office.pk)
    data = change_form_data(superuser_client.get(url))
    data["country"] = value

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert set(form_errors(response)) == {"country"}
    assert page(response).get("select", name="country").find_all("option", selected=True) == []


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_many_to_many_choice_that_is_no_id_is_a_field_error(superuser_client, value):
    item = NewsItemFactory()
    country = CountryFactory()
    url = admin_url(NewsItem, "change", item.pk)
    data = change_form_data(superuser_client.get(url))
    data["countries"] = [str(country.pk), value]

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert set(form_errors(response)) == {"countries"}
    kept = page(response).get("select", name="countries").find_all("option", selected=True)
    assert [option.attrs["value"] for option in kept] == [str(country.pk)]


def test_a_blos_autocomplete_fields_redraw_with_a_bad_value(superuser_client):
    blo = BorderLiaisonOfficeFactory()
    url = admin_url(BorderLiaisonOffice, "change", blo.pk)
    data = change_form_data(superuser_client.get(url))
    data["border"] = "abc"

    response = superuser_client.post(url, data)

    assert set(form_errors(response)) == {"border"}


@pytest.mark.parametrize("who", ["superuser_client", "translator_client"])
def test_a_nul_in_an_autocomplete_search_finds_as_without_it(request, who):
    client = request.getfixturevalue(who)
    CountryFactory(name_en="Kazakhstan")
    params = {
        "app_label": "news",
        "model_name": "newsitem",
        "field_name": "countries",
        "term": "Kaz\x00",
    }

    response = client.get("/admin/autocomplete/", params)

    assert response.status_code in (200, 403)  # translators have no autocomplete fields
    if response.status_code == 200:
        assert [result["text"] for result in response.json()["results"]] == ["Kazakhstan"]


@pytest.mark.parametrize("view", ["history", "revision"])
def test_an_object_id_with_a_nul_is_a_404(officer_client, view):
    NewsItemFactory()
    url = "/admin/news/newsitem/%00/history/" + ("1/" if view == "revision" else "")

    assert officer_client.get(url).status_code == 404


def _registered_models():
    return sorted(
        (model for model in apps.get_models() if admin.site.is_registered(model)),
        key=lambda model: model._meta.label,
    )


@pytest.mark.parametrize("model", _registered_models(), ids=lambda model: model._meta.label)
@pytest.mark.parametrize("params", [{"id__regex": "["}, {"id__range": "1"}, {"q": "\x00"}])
def test_every_admin_list_answers_odd_filters(superuser_client, model, params):
    """Django's user and group lists and django-axes' lists of login attempts too."""
    if model._meta.label == "axes.AccessLog":
        AccessLog.objects.create(username="someone", ip_address="127.0.0.1", user_agent="x")
    path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = superuser_client.get(path, params)

    # The list refused as a bad filter, or (a NUL in a search is ignored; SQLite reads a
    # regular expression only against rows) the whole list.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == f"{path}?e=1"
    else:
        assert "q" in params or "id__regex" in params


def test_a_nul_in_a_group_autocomplete_search_is_ignored(superuser_client):
    params = {"app_label": "auth", "model_name": "user", "field_name": "groups", "term": "\x00"}

    response = superuser_client.get("/admin/autocomplete/", params)

    assert response.status_code == 200
    assert {"Communications officers", "Translators"} <= {
        result["text"] for result in response.json()["results"]
    }
