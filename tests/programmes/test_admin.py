"""Admin of programmes, with their components edited inline."""

import pytest
from django.utils import translation

from apps.programmes.models import Programme
from tests.admin_helpers import (
    admin_url,
    assert_admin_pages_render,
    assert_shown_in_russian,
    changelist_objects,
    form_errors,
    post_in_russian,
)
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

NO_COMPONENTS = {
    "components-TOTAL_FORMS": "0",
    "components-INITIAL_FORMS": "0",
    "components-MIN_NUM_FORMS": "0",
    "components-MAX_NUM_FORMS": "1000",
}


def programme_form(**changes):
    return {
        "title_en": "Cross-Border Cooperation",
        "title_ru": "Трансграничное сотрудничество",
        "short_name_en": "CBC",
        "short_name_ru": "ТГС",
        "slug": "cbc",
        "summary_en": "Cooperation across the borders of Central Asia.",
        "summary_ru": "Сотрудничество через границы Центральной Азии.",
        "body_en": "<p>About the programme.</p>",
        "body_ru": "",
        "start_year": "2015",
        "end_year": "2021",
        "parent": "",
        "sort_order": "0",
        "is_published": "on",
        **NO_COMPONENTS,
        **changes,
    }


def component_form(index, **values):
    return {f"components-{index}-{name}": value for name, value in values.items()}


def one_component(**values):
    """The inline fields of one new component, "Border management", with ``values`` on top."""
    values = {
        "title_en": "Border management",
        "short_name_en": "BM",
        "summary_en": "Training.",
        "slug": "border-management",
        "start_year": "2016",
        "end_year": "",
        **values,
    }
    return {"components-TOTAL_FORMS": "1", **component_form(0, **values)}


def test_admin_pages_render_with_english_and_russian_tabs(superuser_client):
    programme = ProgrammeFactory()
    ProgrammeFactory(parent=programme)

    assert_admin_pages_render(superuser_client, programme, "title")


def test_change_page_shows_the_components_inline(superuser_client):
    programme = ProgrammeFactory()
    component = ProgrammeFactory(parent=programme, title_en="Border management")

    response = superuser_client.get(admin_url(Programme, "change", programme.pk))

    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.prefix == "components"
    assert [form.instance for form in formset.forms] == [component]
    assert 'name="components-0-title_ru"' in response.content.decode()


def test_level_and_russian_version_filters(superuser_client):
    programme = ProgrammeFactory()
    component = ProgrammeFactory(parent=programme, summary_ru="")

    assert changelist_objects(superuser_client, Programme, level="programme") == {programme}
    assert changelist_objects(superuser_client, Programme, level="component") == {component}
    assert changelist_objects(superuser_client, Programme, ru_complete="yes") == {programme}
    assert changelist_objects(superuser_client, Programme, ru_complete="no") == {component}


def test_programme_with_a_component_added_in_the_admin_is_saved(superuser_client):
    data = programme_form(
        **one_component(
            title_ru="Управление границами",
            summary_en="Training of border officers.",
            is_published="on",
        )
    )

    response = superuser_client.post(admin_url(Programme, "add"), data)

    assert response.status_code == 302
    programme = Programme.objects.get(slug="cbc")
    component = Programme.objects.get(slug="border-management")
    assert component.parent == programme
    assert component.end_year is None


def test_programme_ending_before_it_starts_is_refused_by_the_admin(superuser_client):
    response = superuser_client.post(
        admin_url(Programme, "add"), programme_form(start_year="2015", end_year="2014")
    )

    errors = form_errors(response)
    assert set(errors) == {"end_year"}
    assert "cannot be before the start year" in errors["end_year"][0]
    assert not Programme.objects.exists()


def test_component_ending_before_it_starts_is_refused_by_the_admin(superuser_client):
    data = programme_form(**one_component(end_year="2010"))

    response = superuser_client.post(admin_url(Programme, "add"), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert set(formset.errors[0]) == {"end_year"}
    assert not Programme.objects.exists()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_component_with_its_new_programmes_slug_is_refused_by_the_admin(superuser_client, lang):
    """Both rows are new in the same save: no form finds the other in the database."""
    data = programme_form(slug="same-slug", **one_component(slug="same-slug"))

    with translation.override("en"):  # the test's own language, after the request's
        response = superuser_client.post(
            admin_url(Programme, "add"), data, HTTP_ACCEPT_LANGUAGE=lang
        )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["slug"] == [
        {
            "en": "The programme itself has this address: choose another one.",
            "ru": "Этот адрес уже у самой программы: выберите другой.",
        }[lang]
    ]
    assert not Programme.objects.exists()


def test_duplicate_programme_slug_is_refused_by_the_admin(superuser_client):
    ProgrammeFactory(slug="cbc")

    response = superuser_client.post(admin_url(Programme, "add"), programme_form(slug="cbc"))

    assert set(form_errors(response)) == {"slug"}
    assert Programme.objects.count() == 1


def test_programme_made_its_own_parent_is_refused_by_the_admin(superuser_client):
    programme = ProgrammeFactory(slug="cbc")

    response = superuser_client.post(
        admin_url(Programme, "change", programme.pk), programme_form(parent=programme.pk)
    )

    assert set(form_errors(response)) == {"parent"}
    programme.refresh_from_db()
    assert programme.parent is None


def test_component_made_part_of_a_component_is_refused_by_the_admin(superuser_client):
    component = ProgrammeFactory(parent=ProgrammeFactory())

    response = superuser_client.post(
        admin_url(Programme, "add"), programme_form(parent=component.pk)
    )

    assert set(form_errors(response)) == {"parent"}
    assert Programme.objects.count() == 2


def test_change_page_of_a_component_offers_no_components_inline(superuser_client):
    component = ProgrammeFactory(parent=ProgrammeFactory())

    response = superuser_client.get(admin_url(Programme, "change", component.pk))

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"] == []
    assert 'name="components-TOTAL_FORMS"' not in response.content.decode()


def test_component_posted_inline_under_a_component_is_not_saved(superuser_client):
    programme = ProgrammeFactory()
    component = ProgrammeFactory(parent=programme)
    data = programme_form(
        slug=component.slug,
        parent=programme.pk,
        **{"components-TOTAL_FORMS": "1"},
        **component_form(
            0,
            title_en="Too deep",
            short_name_en="TD",
            summary_en="A component of a component.",
            slug="too-deep",
            start_year="2016",
        ),
    )

    superuser_client.post(admin_url(Programme, "change", component.pk), data)

    assert not Programme.objects.filter(slug="too-deep").exists()
    assert not component.components.exists()


def test_end_year_error_is_in_russian_in_the_russian_admin(superuser_client):
    response = post_in_russian(
        superuser_client,
        admin_url(Programme, "add"),
        programme_form(start_year="2015", end_year="2014"),
    )

    assert set(form_errors(response)) == {"end_year"}
    assert_shown_in_russian(
        response, "end_year", english="The end year cannot be before the start year."
    )
    assert not Programme.objects.exists()
