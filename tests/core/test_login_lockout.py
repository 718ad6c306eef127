import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        "officer", "officer@example.org", "a-correct-horse-battery", is_staff=True
    )


def attempt(client, password, **headers):
    return client.post(
        LOGIN, {"username": "officer", "password": password}, headers=headers or None
    )


def test_a_wrong_password_is_an_ordinary_form_error(client, officer):
    response = attempt(client, "wrong")

    assert response.status_code == 200
    assert response.context["form"].errors


def test_repeated_failures_lock_the_account_with_a_clear_message(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")

    locked = attempt(client, "a-correct-horse-battery")

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_russian_for_a_russian_browser(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", accept_language="ru")

    locked = attempt(client, "a-correct-horse-battery", accept_language="ru")

    assert locked.status_code == 429
    assert "Слишком много неудачных попыток входа" in locked.content.decode()


def test_a_correct_password_before_the_limit_logs_in_and_resets(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")

    response = attempt(client, "a-correct-horse-battery")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
