from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from tests.page_helpers import page

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-correct-horse-battery"

# How django-axes finds the client's address behind a trusted proxy (DJANGO_TRUSTED_PROXY=1) and
# without one; tests/core/test_production_settings.py checks that the settings say so.
BEHIND_A_TRUSTED_PROXY = {
    "AXES_IPWARE_PROXY_ORDER": "right-most",
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
}
WITHOUT_A_TRUSTED_PROXY = {
    "AXES_IPWARE_PROXY_ORDER": "right-most",
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
}


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        "officer", "officer@example.org", PASSWORD, is_staff=True
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

    locked = attempt(client, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_russian_for_a_russian_browser(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", accept_language="ru")

    locked = attempt(client, PASSWORD, accept_language="ru")

    assert locked.status_code == 429
    assert "Слишком много неудачных попыток входа" in locked.content.decode()


@pytest.mark.parametrize(
    ("lang", "header", "wait"),
    [
        (
            "en",
            "bordercoop administration",
            "Wait 15 minutes and try again, or ask an administrator to unlock it.",
        ),
        (
            "ru",
            "Администрирование bordercoop",
            "Подождите 15 минут и попробуйте снова или попросите администратора снять блокировку.",
        ),
    ],
)
def test_the_lockout_page_is_the_admins_and_says_how_long_the_lock_lasts(
    client, officer, settings, lang, header, wait
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", accept_language=lang)

    root = page(attempt(client, PASSWORD, accept_language=lang))

    assert root.get("div", id="site-name").clean_text == header
    assert wait in root.get("div", id="content-main").clean_text
    assert "Django" not in root.get("title").text


@pytest.mark.parametrize(("minutes", "wait"), [(1, "Wait 1 minute and"), (90, "Wait 90 minutes")])
def test_the_wait_follows_the_setting(client, officer, settings, minutes, wait):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")

    assert wait in page(attempt(client, PASSWORD)).get("div", id="content-main").clean_text


def test_a_correct_password_before_the_limit_logs_in_and_resets(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")

    response = attempt(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


# --- Behind nginx ----------------------------------------------------------------------------
# Every request comes from nginx (the test client's REMOTE_ADDR, 127.0.0.1); nginx tells the
# client's address in X-Forwarded-For.


def lock_out(client, settings, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", **headers)


def recorded_addresses() -> set[str]:
    return set(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_behind_a_trusted_proxy_each_forwarded_client_is_locked_out_on_its_own(officer, settings):
    for name, value in BEHIND_A_TRUSTED_PROXY.items():
        setattr(settings, name, value)
    locked_client = Client()
    lock_out(locked_client, settings, x_forwarded_for="203.0.113.7")

    assert attempt(locked_client, PASSWORD, x_forwarded_for="203.0.113.7").status_code == 429
    other = attempt(Client(), PASSWORD, x_forwarded_for="198.51.100.9")
    assert other.status_code == 302
    # The locked-out client is still locked out, even when it sends its own X-Forwarded-For
    # for nginx to append to: the right-most address is the one nginx saw.
    spoofed = attempt(locked_client, PASSWORD, x_forwarded_for="198.51.100.9, 203.0.113.7")
    assert spoofed.status_code == 429
    assert recorded_addresses() == {"203.0.113.7"}


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(officer, settings):
    """Anyone could send the header: without a proxy that sets it, it must not count, or a
    client would escape its lock-out by changing it."""
    for name, value in WITHOUT_A_TRUSTED_PROXY.items():
        setattr(settings, name, value)
    lock_out(Client(), settings, x_forwarded_for="203.0.113.7")

    other = attempt(Client(), PASSWORD, x_forwarded_for="198.51.100.9")

    assert other.status_code == 429
    assert recorded_addresses() == {"127.0.0.1"}
