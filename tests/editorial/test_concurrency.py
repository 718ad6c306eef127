"""Two officers editing the same item: the second save from a form opened before the first is
refused, says who changed what, keeps the typed text, and changes nothing (optimistic locking
with the item's version number, checked with the row locked)."""

import threading
import time

import pytest
import reversion
from django.db import connection
from django.utils import translation
from reversion.models import Version

from apps.editorial import roles
from apps.editorial.admin import OptimisticLockForm
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests import factories
from tests.admin_helpers import admin_url
from tests.editorial.conftest import change_form_data, logged_in, make_user, run_action
from tests.factories import NewsItemFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def open_form(client, item) -> dict:
    """GET the change form; what the browser would send back, and the opened version as the
    page's hidden input carries it."""
    response = client.get(admin_url(NewsItem, "change", item.pk))
    assert response.status_code == 200
    hidden = page(response).get("input", name="opened_version")
    assert hidden.attrs["type"] == "hidden"
    data = change_form_data(response)
    assert str(data["opened_version"]) == hidden.attrs["value"]
    return data


def save(client, item, data):
    return client.post(admin_url(NewsItem, "change", item.pk), data)


@pytest.fixture
def item(db):
    """A news item with its first revision, as one created in the admin has."""
    with reversion.create_revision():
        return NewsItemFactory(
            title_en="Original title",
            summary_en="Original summary.",
            title_ru="Исходный заголовок",
        )


def check_stale_save_is_refused(officer_client, second_officer_client, item):
    form_a = open_form(officer_client, item)
    form_b = open_form(second_officer_client, item)
    assert form_a["opened_version"] == form_b["opened_version"] == item.version

    form_a["title_en"] = "Title by Anna"
    assert save(officer_client, item, form_a).status_code == 302
    after_a = fresh(item)
    assert after_a.title_en == "Title by Anna"

    form_b["summary_en"] = "Summary typed by Boris."
    form_b["title_ru"] = "Заголовок Бориса"
    response = save(second_officer_client, item, form_b)

    # Boris gets his form back with the reason ...
    assert response.status_code == 200
    form = response.context["adminform"].form
    [error] = form.non_field_errors()
    assert "anna" in error
    assert "title [en]" in error
    assert "summary" not in error  # Anna did not change it
    root = page(response)
    shown = root.get("ul", class_="nonfield").clean_text
    assert "anna" in shown and "title [en]" in shown
    # ... his text still in the inputs ...
    assert root.get("input", name="title_ru").attrs["value"] == "Заголовок Бориса"
    assert root.get("textarea", name="summary_en").text.strip() == "Summary typed by Boris."
    # ... and the database holds Anna's version: Boris changed nothing.
    saved = fresh(item)
    assert (saved.title_en, saved.summary_en, saved.title_ru, saved.version) == (
        "Title by Anna",
        "Original summary.",
        "Исходный заголовок",
        after_a.version,
    )


def test_a_save_from_a_form_opened_before_anothers_save_is_refused(
    officer_client, second_officer_client, item
):
    check_stale_save_is_refused(officer_client, second_officer_client, item)


@pytest.mark.postgresql
def test_a_save_from_a_form_opened_before_anothers_save_is_refused_on_postgresql(
    officer_client, second_officer_client, item
):
    assert connection.vendor == "postgresql"
    check_stale_save_is_refused(officer_client, second_officer_client, item)


def test_saves_one_after_the_other_both_go_through(officer_client, second_officer_client, item):
    form_a = open_form(officer_client, item)
    form_a["title_en"] = "Title by Anna"
    assert save(officer_client, item, form_a).status_code == 302

    form_b = open_form(second_officer_client, item)  # opened after Anna's save
    form_b["summary_en"] = "Summary by Boris."
    assert save(second_officer_client, item, form_b).status_code == 302

    saved = fresh(item)
    assert (saved.title_en, saved.summary_en) == ("Title by Anna", "Summary by Boris.")


def test_saving_again_with_save_and_continue_goes_through(officer_client, item):
    form = open_form(officer_client, item)
    form.update(title_en="First change", _continue="1")
    response = save(officer_client, item, form)
    assert response.status_code == 302

    form = open_form(officer_client, item)  # the page shown after "save and continue"
    form["title_en"] = "Second change"
    assert save(officer_client, item, form).status_code == 302
    assert fresh(item).title_en == "Second change"


def test_a_form_opened_before_an_action_is_refused_too(officer_client, second_officer_client, item):
    form_a = open_form(officer_client, item)
    run_action(second_officer_client, NewsItem, "unpublish", item)

    form_a["title_en"] = "Title by Anna"
    response = save(officer_client, item, form_a)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert "boris" in error
    assert "status" in error
    saved = fresh(item)
    assert (saved.title_en, saved.status) == ("Original title", NewsItem.Status.DRAFT)


def test_without_an_earlier_revision_the_conflict_still_names_who_saved(
    officer_client, second_officer_client
):
    item = NewsItemFactory()  # created outside the admin: no revision to compare with
    form_a = open_form(officer_client, item)
    form_b = open_form(second_officer_client, item)
    form_a["title_en"] = "Title by Anna"
    save(officer_client, item, form_a)

    response = save(second_officer_client, item, form_b)

    [error] = response.context["adminform"].form.non_field_errors()
    assert "anna" in error
    assert "the item" in error
    assert fresh(item).title_en == "Title by Anna"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_conflict_with_a_user_deleted_since_names_someone(
    officer_client, second_officer_client, second_officer, item, lang
):
    """A revision keeps no user once its user is deleted: the message was a server error."""
    form_a = open_form(officer_client, item)
    form_b = open_form(second_officer_client, item)
    form_b["title_en"] = "Title by Boris"
    save(second_officer_client, item, form_b)
    second_officer.delete()
    form_a["title_en"] = "Title by Anna"

    with translation.override("en"):
        response = officer_client.post(
            admin_url(NewsItem, "change", item.pk), form_a, HTTP_ACCEPT_LANGUAGE=lang
        )

    [error] = response.context["adminform"].form.non_field_errors()
    someone = {"en": "While you were editing, someone saved", "ru": "Пока вы редактировали"}
    assert error.startswith(someone[lang])
    assert fresh(item).title_en == "Title by Boris"


def test_a_change_made_outside_the_admin_also_refuses_a_stale_form(officer_client, item):
    form = open_form(officer_client, item)
    changed = fresh(item)
    changed.summary_en = "Changed by a script."
    changed.save()

    form["title_en"] = "Title by Anna"
    response = save(officer_client, item, form)

    [error] = response.context["adminform"].form.non_field_errors()
    assert error == "This item was changed by someone else while you were editing it."
    assert fresh(item).title_en == "Original title"


# --- two saves at the same moment (PostgreSQL: the row lock decides) ---------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_refused(
    django_user_model, monkeypatch
):
    anna = make_user(django_user_model, "anna", roles.OFFICERS)
    boris = make_user(django_user_model, "boris", roles.OFFICERS)
    with reversion.create_revision():
        item = NewsItemFactory(title_en="Original title")
    clients = {"anna": logged_in(anna), "boris": logged_in(boris)}
    forms = {name: open_form(client, item) for name, client in clients.items()}
    forms["anna"]["title_en"] = "Title by Anna"
    forms["boris"]["title_en"] = "Title by Boris"

    # Hold the row lock a while after the check, so that the other save has to wait for it.
    checked = OptimisticLockForm.clean

    def slow_clean(self):
        cleaned = checked(self)
        time.sleep(0.5)
        return cleaned

    monkeypatch.setattr(OptimisticLockForm, "clean", slow_clean)
    responses = {}

    def post(name):
        try:
            responses[name] = save(clients[name], item, forms[name])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(name,)) for name in ("anna", "boris")]
    threads[0].start()
    time.sleep(0.1)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=30)

    codes = {name: response.status_code for name, response in responses.items()}
    assert sorted(codes.values()) == [200, 302], codes
    [winner] = [name for name, code in codes.items() if code == 302]
    [loser] = [name for name, code in codes.items() if code == 200]
    [error] = responses[loser].context["adminform"].form.non_field_errors()
    assert winner in error
    saved = fresh(item)
    assert saved.title_en == f"Title by {winner.capitalize()}"
    assert saved.version == item.version + 1


# --- every change form carries the opened version ----------------------------------------------


CONTENT_FACTORIES = {
    "country": factories.CountryFactory,
    "topic": factories.TopicFactory,
    "office": factories.OfficeFactory,
    "contact": factories.ContactFactory,
    "border": factories.BorderFactory,
    "borderliaisonoffice": factories.BorderLiaisonOfficeFactory,
    "programme": factories.ProgrammeFactory,
    "newsitem": factories.NewsItemFactory,
}


@pytest.mark.parametrize("who", ["officer_client", "translator_client"])
@pytest.mark.parametrize("model_name", list(CONTENT_FACTORIES))
def test_every_change_form_carries_the_opened_version_as_a_hidden_input(request, who, model_name):
    """Without it in the page the browser sends no version and no save is checked."""
    obj = CONTENT_FACTORIES[model_name]()
    client = request.getfixturevalue(who)

    response = client.get(admin_url(type(obj), "change", obj.pk))

    hidden = page(response).get("input", name="opened_version")
    assert (hidden.attrs["type"], hidden.attrs["value"]) == ("hidden", str(obj.version))


# --- a component edited on its programme's page ---------------------------------------------


@pytest.fixture
def programme_with_component(db):
    with reversion.create_revision():
        programme = factories.ProgrammeFactory(title_en="Programme for Central Asia")
        component = factories.ProgrammeFactory(
            parent=programme,
            title_en="Cross-Border Cooperation",
            title_ru="Трансграничное сотрудничество",
            summary_en="Border Liaison Offices.",
        )
    return programme, component


def open_programme(client, programme) -> dict:
    response = client.get(admin_url(Programme, "change", programme.pk))
    assert response.status_code == 200
    return change_form_data(response)


def component_key(data, component, name):
    """The inline input of ``component``'s field ``name`` ("components-0-title_ru")."""
    [prefix] = [
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("components-") and key.endswith("-id") and str(value) == str(component.pk)
    ]
    return f"{prefix}-{name}"


def test_a_component_changed_on_its_own_page_is_not_written_back_from_its_programmes_page(
    officer_client, translator_client, programme_with_component
):
    programme, component = programme_with_component
    programme_page = open_programme(officer_client, programme)
    # Meanwhile a translator corrects the component's Russian title on its own page.
    own_page = change_form_data(translator_client.get(admin_url(Programme, "change", component.pk)))
    own_page["title_ru"] = "Трансграничное сотрудничество (исправлено)"
    response = translator_client.post(admin_url(Programme, "change", component.pk), own_page)
    assert response.status_code == 302
    translated = fresh(component)

    # The officer changes the component's English summary on the programme's page.
    programme_page[component_key(programme_page, component, "summary_en")] = "Typed by Anna."
    response = officer_client.post(admin_url(Programme, "change", programme.pk), programme_page)

    assert response.status_code == 200  # refused, her form back
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"]]
    errors = [error for form in formset.forms for error in form.non_field_errors()]
    assert len(errors) == 1 and "title [ru]" in errors[0]
    shown = page(response).get(
        "textarea", name=component_key(programme_page, component, "summary_en")
    )
    assert shown.text.strip() == "Typed by Anna."
    saved = fresh(component)
    assert (saved.title_ru, saved.summary_en, saved.version) == (
        "Трансграничное сотрудничество (исправлено)",
        "Border Liaison Offices.",
        translated.version,
    )


def test_a_component_left_as_it_was_does_not_block_the_programmes_save(
    officer_client, programme_with_component
):
    programme, component = programme_with_component
    programme_page = open_programme(officer_client, programme)
    programme_page["title_en"] = "Programme for Central Asia 2022–2025"

    response = officer_client.post(admin_url(Programme, "change", programme.pk), programme_page)

    assert response.status_code == 302
    assert fresh(programme).title_en == "Programme for Central Asia 2022–2025"
    assert fresh(component).version == component.version  # not saved again


def test_a_component_changed_on_the_programmes_page_is_saved(
    officer_client, programme_with_component
):
    programme, component = programme_with_component
    programme_page = open_programme(officer_client, programme)
    programme_page[component_key(programme_page, component, "summary_en")] = "Typed by Anna."

    response = officer_client.post(admin_url(Programme, "change", programme.pk), programme_page)

    assert response.status_code == 302
    assert fresh(component).summary_en == "Typed by Anna."


# --- a save with nothing changed ---------------------------------------------------------------


def test_a_save_with_nothing_changed_stores_nothing_and_blocks_no_one(
    officer_client, translator_client, item
):
    translator_form = change_form_data(
        translator_client.get(admin_url(NewsItem, "change", item.pk))
    )
    versions = Version.objects.get_for_object(item).count()

    response = save(officer_client, item, open_form(officer_client, item))  # Save, no change

    assert response.status_code == 302
    assert fresh(item).version == item.version
    assert Version.objects.get_for_object(item).count() == versions
    translator_form["title_ru"] = "Заголовок переводчика"
    assert (
        translator_client.post(admin_url(NewsItem, "change", item.pk), translator_form).status_code
        == 302
    )
    assert fresh(item).title_ru == "Заголовок переводчика"


def test_a_save_with_a_change_still_numbers_a_new_version(officer_client, item):
    form = open_form(officer_client, item)
    form["summary_en"] = "A new summary."

    assert save(officer_client, item, form).status_code == 302
    assert fresh(item).version == item.version + 1


def test_a_link_removed_by_a_deletion_is_not_named_as_a_colleagues_change(
    officer_client, second_officer_client
):
    """Deleting a contact unlinks it from every item; the conflict names what Anna changed."""
    contact = factories.ContactFactory()
    with reversion.create_revision():
        item = NewsItemFactory(title_en="Original title")
        item.contacts.add(contact)
    contact.delete()
    form_a = open_form(officer_client, item)
    form_b = open_form(second_officer_client, item)

    form_a["dateline_en"] = "Osh, Kyrgyzstan (changed)"
    assert save(officer_client, item, form_a).status_code == 302
    form_b["summary_en"] = "Summary by Boris."
    response = save(second_officer_client, item, form_b)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.non_field_errors()
    assert "dateline [en]" in error
    assert "contacts" not in error
