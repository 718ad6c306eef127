"""Users of the two admin roles, logged in on their own test clients, and admin helpers for the
editorial workflow's tests.

The role groups are the ones the data migration ``editorial.0001_roles`` created: the tests use
them as they are, so that a wrong permission in the migration shows up here.
"""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.test import Client

from apps.editorial import roles
from tests.admin_helpers import admin_url


def make_user(django_user_model, username: str, group_name: str | None = None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="unused", is_staff=True
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(django_user_model):
    return make_user(django_user_model, "anna", roles.OFFICERS)


@pytest.fixture
def second_officer(django_user_model):
    return make_user(django_user_model, "boris", roles.OFFICERS)


@pytest.fixture
def translator(django_user_model):
    return make_user(django_user_model, "tatiana", roles.TRANSLATORS)


@pytest.fixture
def officer_client(officer):
    return logged_in(officer)


@pytest.fixture
def second_officer_client(second_officer):
    return logged_in(second_officer)


@pytest.fixture
def translator_client(translator):
    return logged_in(translator)


def run_action(client, model, action, *objects):
    """POST an admin action over ``objects`` as the changelist's action form does."""
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def action_choices(client, model) -> set[str]:
    """The actions the changelist offers to the client's user."""
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def change_form_data(response) -> dict:
    """What the browser would POST back, unchanged, from a rendered admin change form: the
    main form's fields (hidden ones included) and every inline formset's management form and
    forms. Multi-value widgets (a split date and time) give one key per input."""
    context = response.context
    data = {}
    form = context["adminform"].form
    for bound in form:
        data.update(_widget_values(bound))
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data.update(_widget_values(bound))
        for inline_form in formset.forms:
            for bound in inline_form:
                data.update(_widget_values(bound))
    return {key: value for key, value in data.items() if value is not None}


def _widget_values(bound) -> dict:
    widget = bound.field.widget
    if isinstance(widget, forms.FileInput):  # a browser sends no file when none is chosen
        return {}
    value = bound.value()
    if hasattr(widget, "widgets"):  # MultiWidget: one input per sub-widget
        values = widget.decompress(value) if not isinstance(value, list) else value
        return {
            f"{bound.html_name}{widget.widgets_names[i]}": _as_post(sub.format_value(v))
            for i, (sub, v) in enumerate(zip(widget.widgets, values, strict=True))
        }
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {bound.html_name: [str(v) for v in value]}
    return {bound.html_name: _as_post(value)}


def _as_post(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return value
