"""``create_demo_users``: one demo user of each role, with a generated password printed once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.editorial import roles

pytestmark = pytest.mark.django_db

DEMO_USERS = {"officer": roles.OFFICERS, "translator": roles.TRANSLATORS}
PASSWORD_LINE = re.compile(
    r"^(?P<group>.+): log in at /admin/ as '(?P<user>\w+)' with password (?P<password>\S+)$"
)


def create_demo_users() -> str:
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def printed_passwords(out: str) -> dict[str, str]:
    passwords = {}
    for line in out.splitlines():
        match = PASSWORD_LINE.match(line)
        if match and match["user"] in DEMO_USERS:  # load_demo also prints the superuser's
            assert DEMO_USERS[match["user"]] == match["group"]
            passwords[match["user"]] = match["password"]
    return passwords


def test_creates_one_staff_user_of_each_role_with_the_printed_password():
    passwords = printed_passwords(create_demo_users())

    assert set(passwords) == {"officer", "translator"}
    User = get_user_model()
    for username, group in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.is_staff and user.is_active and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(passwords[username])
        assert len(passwords[username]) >= 12
    assert passwords["officer"] != passwords["translator"]


def test_the_roles_match_the_users():
    create_demo_users()
    User = get_user_model()
    officer, translator = (
        User.objects.get(username="officer"),
        User.objects.get(username="translator"),
    )

    assert roles.is_officer(officer) and not roles.is_translator_only(officer)
    assert roles.is_translator_only(translator) and not roles.is_officer(translator)
    assert officer.has_perm("news.publish_newsitem")
    assert not translator.has_perm("news.publish_newsitem")
    assert translator.has_perm("news.change_newsitem")
    assert not translator.has_perm("news.add_newsitem")


def test_demo_users_log_in_to_the_admin_with_the_printed_passwords(client):
    passwords = printed_passwords(create_demo_users())

    for username, password in passwords.items():
        # Through the login form, as a person would (django-axes watches that form).
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200
        client.logout()


def test_passwords_are_generated_afresh_on_a_fresh_database():
    first = printed_passwords(create_demo_users())
    get_user_model().objects.filter(username__in=DEMO_USERS).delete()

    second = printed_passwords(create_demo_users())

    assert set(second) == set(first)
    for username in DEMO_USERS:
        assert second[username] != first[username]


def test_a_second_run_leaves_the_users_and_their_passwords_as_they_are():
    first = printed_passwords(create_demo_users())

    out = create_demo_users()

    assert printed_passwords(out) == {}
    for username in DEMO_USERS:
        assert f"'{username}' exists; password unchanged" in out
        assert first[username] not in out
    User = get_user_model()
    assert User.objects.filter(username__in=DEMO_USERS).count() == 2
    for username, password in first.items():
        assert User.objects.get(username=username).check_password(password)


def test_load_demo_creates_the_demo_users_unless_told_not_to(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", "--no-superuser", stdout=out)
    assert not get_user_model().objects.filter(username__in=DEMO_USERS).exists()

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    passwords = printed_passwords(out.getvalue())
    assert set(passwords) == set(DEMO_USERS)
    assert get_user_model().objects.get(username="officer").check_password(passwords["officer"])
