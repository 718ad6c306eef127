"""Users of the two admin roles, for the translation workflow's tests.

The role groups come from a data migration; a test that flushes the database (the browser
tests) removes them, so they are (re)created here with the permissions the migration gives.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from apps.editorial import roles

PASSWORD = "translate-this-1"


def role_group(name: str) -> Group:
    codenames = (
        roles.officer_codenames() if name == roles.OFFICERS else roles.translator_codenames()
    )
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in codenames
    )
    return group


def make_role_user(django_user_model, username: str, group_name: str | None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, is_staff=True
    )
    if group_name:
        user.groups.add(role_group(group_name))
    return user


@pytest.fixture
def officer(django_user_model):
    return make_role_user(django_user_model, "comms", roles.OFFICERS)


@pytest.fixture
def translator(django_user_model):
    return make_role_user(django_user_model, "translator", roles.TRANSLATORS)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client
