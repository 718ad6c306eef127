import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage_client(settings):
    settings.ROOT_URLCONF = "tests.core.urls_outage"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "temporarily unavailable"), ("ru", "временно недоступен")],
)
def test_lost_database_is_a_translated_503_not_a_traceback(outage_client, lang, text):
    response = outage_client.get(f"/{lang}/db-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert text in html.lower()
    assert f'<html lang="{lang}">' in html
    assert "Traceback" not in html and "OperationalError" not in html
    # Home is the reader's language's home, not "/" (which picks a language by the browser's).
    links = re.findall(r'<a [^>]*href="([^"]*)"', html)
    assert links and set(links) == {f"/{lang}/"}


def test_other_errors_stay_a_500(settings):
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    response = Client(raise_request_exception=False).get("/en/boom/")

    assert response.status_code == 500
    assert set(re.findall(r'<a [^>]*href="([^"]*)"', response.content.decode())) == {"/en/"}


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "cannot reach its database"), ("ru", "базой данных")]
)
def test_lost_database_is_a_json_503_on_the_api(outage_client, lang, text):
    response = outage_client.get(f"/api/v1/db-gone/?lang={lang}")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == lang
    assert text in response.json()["detail"]


def test_other_errors_of_the_api_are_a_json_500(settings):
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    response = Client(raise_request_exception=False).get("/api/v1/boom/?lang=ru")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "ошибк" in response.json()["detail"]
