"""What every API endpoint shares: language negotiation, read-only methods, CORS, conditional
GET, throttling, JSON errors, a constant number of queries per list, the OpenAPI schema and its
documentation page."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import drf_spectacular
import jsonschema
import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.throttling import AnonRateThrottle

from apps.blos.models import BorderLiaisonOffice
from apps.news.models import NewsItem
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Every public endpoint, as (name, address) — the details are those of the public_site fixture.
LISTS = {
    "news": "/api/v1/news/",
    "blos": "/api/v1/blos/",
    "geojson": "/api/v1/blos/?format=geojson",
    "borders": "/api/v1/borders/",
    "programmes": "/api/v1/programmes/",
    "contacts": "/api/v1/contacts/",
}
DETAILS = {
    "news item": "/api/v1/news/tashkent-roundtable/",
    "blo": "/api/v1/blos/blo-yallama/",
    "blo feature": "/api/v1/blos/blo-yallama/?format=geojson",
    "border": "/api/v1/borders/kazakhstan-uzbekistan/",
    "programme": "/api/v1/programmes/programme-central-asia/",
    "contact": "/api/v1/contacts/{contact}/",
}
# Addresses whose answers carry a Last-Modified date (a border has no modification time).
DATED = {name for name in [*LISTS, *DETAILS] if name not in ("borders", "border")}


def address(name: str, site) -> str:
    url = {**LISTS, **DETAILS}[name]
    return url.format(contact=site.contact.pk)


def with_params(url: str, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


ENDPOINTS = [*LISTS, *DETAILS]


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENDPOINTS)
def test_answers_are_in_english_by_default(client, public_site, name):
    response = client.get(address(name, public_site))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_accept_language_chooses_russian(client, public_site, name):
    response = client.get(address(name, public_site), headers={"Accept-Language": "ru-RU,ru;q=0.9"})

    assert response["Content-Language"] == "ru"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_lang_parameter_wins_over_accept_language(client, public_site, name):
    url = address(name, public_site)

    english = client.get(with_params(url, lang="en"), headers={"Accept-Language": "ru"})
    russian = client.get(with_params(url, lang="ru"), headers={"Accept-Language": "en"})

    assert english["Content-Language"] == "en"
    assert russian["Content-Language"] == "ru"
    assert english.content != russian.content


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ru", "ru"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-CH, fr;q=0.9, ru;q=0.8", "ru"),
        ("de", "en"),
        ("", "en"),
    ],
)
def test_accept_language_is_read_like_a_browsers(client, public_site, accept_language, expected):
    response = client.get(LISTS["news"], headers={"Accept-Language": accept_language})

    assert response["Content-Language"] == expected
    title = response.json()["results"][0]["title"]
    assert title == public_site.item.title_en if expected == "en" else public_site.item.title_ru


def test_lang_is_read_in_either_case(client, public_site):
    response = client.get(LISTS["news"], {"lang": "RU"})

    assert response["Content-Language"] == "ru"
    assert response.json()["results"][0]["language"] == "ru"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_lang_all_says_both_languages(client, public_site, name):
    response = client.get(with_params(address(name, public_site), lang="all"))

    assert response.status_code == 200
    assert response["Content-Language"] == "en, ru"


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("lang", ["de", "english", "", "en-US"])
def test_unsupported_lang_is_a_400_listing_the_supported_languages(client, public_site, name, lang):
    response = client.get(with_params(address(name, public_site), lang=lang))

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["lang"]
    for code in ("en", "ru", "all"):
        assert code in errors["lang"][0]


# --- read-only ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_not_allowed(client, public_site, name, method):
    response = getattr(client, method)(
        address(name, public_site), data={"title": "x"}, content_type="application/json"
    )

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "detail" in response.json()


def test_writing_changes_nothing(client, public_site):
    client.delete(DETAILS["news item"])
    client.put(DETAILS["news item"], data={"title": "x"}, content_type="application/json")

    assert NewsItem.objects.get(slug="tashkent-roundtable").title_en == public_site.item.title_en


@pytest.mark.parametrize("name", ENDPOINTS)
def test_head_answers_like_get_without_a_body(client, public_site, name):
    response = client.head(address(name, public_site))

    assert response.status_code == 200
    assert response.content == b""


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing/",
        "/api/v1/news/a.b/",
        "/api/v1/news/tashkent-roundtable/extra/",
        "/api/v1/contacts/abc/",
    ],
)
def test_addresses_the_api_does_not_know_are_json_404s(client, public_site, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize(
    ("url", "formats"),
    [("/api/v1/blos/?format=xml", "json, geojson"), ("/api/v1/news/?format=geojson", "json")],
)
def test_an_unknown_format_is_a_400_naming_the_formats(client, public_site, url, formats):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["format"]
    assert formats in response.json()["format"][0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/blos/?format=xml&lang=ru", {"format": ["Неизвестный формат «xml»"]}),
        ("/api/v1/nothing/?lang=ru", {"detail": "Страница не найдена."}),
    ],
)
def test_errors_found_before_the_language_is_read_are_in_the_language_asked_for(
    client, public_site, url, expected
):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "ru"
    [(name, message)] = expected.items()
    text = response.json()[name]
    assert (text[0] if isinstance(text, list) else text).startswith(
        message[0] if isinstance(message, list) else message
    )


@pytest.mark.parametrize("endpoint", ["news", "blos", "borders", "programmes"])
def test_an_address_that_is_not_a_slug_is_a_404_without_a_query(
    client, public_site, endpoint, django_assert_num_queries
):
    """PostgreSQL refuses a NUL character in a string: looking it up was a 500."""
    with django_assert_num_queries(0):
        response = client.get(f"/api/v1/{endpoint}/%00/")

    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
@pytest.mark.parametrize("number", ["1_0", "01", "+1", "١", " 1"])
def test_a_number_written_otherwise_is_a_400_naming_its_parameter(
    client, public_site, name, parameter, number
):
    # int() reads each of them as 1 or 10: a second address of the same page.
    url = with_params(address(name, public_site), lang="ru", **{parameter: quote(number)})

    response = client.get(url)

    assert response.status_code == 400
    assert response.json()[parameter] == ["Значение должно быть целым числом."]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_parameter_the_address_does_not_read_is_a_400_naming_it(client, public_site, name):
    # A typo gave the whole list as if filtered; a list's filter on one item gave a 404.
    misspelt = "search" if name in LISTS else "country"

    response = client.get(with_params(address(name, public_site), **{misspelt: "uz"}))

    assert response.status_code == 400
    assert list(response.json()) == [misspelt]
    assert "lang" in response.json()[misspelt][0]


@pytest.mark.parametrize("name", ["news", "blos", "programmes"])
@pytest.mark.parametrize("lang", ["ru", "all", "en"])
def test_an_items_address_keeps_the_language_asked_for(client, public_site, name, lang):
    # Followed, the address of an item of a Russian list answered in English.
    listed = client.get(LISTS[name], {"lang": lang}).json()["results"][0]

    assert listed["url"].endswith(f"/?lang={lang}")
    followed = client.get(listed["url"])
    assert followed.status_code == 200
    assert followed.json()["slug"] == listed["slug"]
    assert followed["Content-Language"] == {"all": "en, ru"}.get(lang, lang)


def test_an_items_address_has_no_language_unless_asked_for(client, public_site):
    listed = client.get("/api/v1/news/", headers={"Accept-Language": "ru"}).json()["results"]

    assert listed[0]["url"] == "http://testserver/api/v1/news/tashkent-roundtable/"


def test_a_preflight_request_with_a_query_is_still_answered(client, public_site):
    response = client.options(
        "/api/v1/news/?contry=uz",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 204


def test_errors_of_a_geojson_request_are_plain_json(client, public_site):
    response = client.get("/api/v1/blos/?format=geojson&status=nonsense")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "status" in response.json()


def test_an_address_without_its_final_slash_is_redirected(client, public_site):
    response = client.get("/api/v1/news")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/news/"


def test_the_api_root_lists_the_endpoints(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert set(response.json()) == {"news", "blos", "borders", "programmes", "contacts"}


# Hostile or odd input, on every endpoint: answered (200, 400 or 404), never a server error.
NASTY_PARAMS = [
    {"page": "-1"},
    {"page": "1e3"},
    {"page": "99999999999999999999999"},
    {"page_size": "99999999999999999999999"},
    {"page_size": "-5"},
    {"page": "last"},
    {"fields": ","},
    {"fields": "slug,,slug"},
    {"facets": ",,"},
    {"lang": "ru\x00"},
    {"q": "\x00"},
    {"q": "' OR 1=1 --"},
    {"q": "&|!():*<->"},
    {"q": "границы & !"},
    {"country": "\x00"},
    {"country": "ÜZ"},
    {"topic": "../../etc/passwd"},
    {"published_after": "0001-01-01"},
    {"published_before": "9999-12-31"},
    {"published_after": "2021-01-01T00:00:00"},
    {"border": "%"},
    {"status": "ESTABLISHED"},
    {"ordering": "-"},
    {"top_level": "\x00"},
    {"format": "geojson"},
]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("params", NASTY_PARAMS, ids=lambda params: repr(params)[:40])
def test_odd_input_never_causes_a_server_error(client, public_site, name, params):
    response = client.get(address(name, public_site).split("?")[0], params)

    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"] in ("application/json", "application/geo+json")


@pytest.mark.parametrize(
    "path",
    ["%00", "%C2%84", "99999999999999999999999", "-1", "ab%2Fcd", "%D0%B3%D1%80", " ", "x" * 300],
)
@pytest.mark.parametrize("endpoint", ["news", "blos", "borders", "programmes", "contacts"])
def test_odd_item_addresses_are_404s_not_server_errors(client, public_site, endpoint, path):
    response = client.get(f"/api/v1/{endpoint}/{path}/")

    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


# --- CORS -----------------------------------------------------------------------------------------

ORIGIN = {"Origin": "https://partner.example"}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_any_origin_may_read_the_api_without_credentials(client, public_site, name):
    response = client.get(address(name, public_site), headers=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"Content-Language", "ETag", "Last-Modified", "Retry-After"} <= exposed


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/news/?lang=xx"),
        ("get", "/api/v1/news/no-such-item/"),
        ("get", "/api/v1/nothing/"),
        ("post", "/api/v1/news/"),
        ("get", "/api/schema/"),
        ("get", "/api/docs/"),
    ],
)
def test_errors_and_documentation_carry_the_cors_header_too(client, public_site, method, url):
    response = getattr(client, method)(url, headers=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_the_cors_headers_do_not_depend_on_the_origin(client, public_site):
    """A shared cache keeps one answer for everyone (Cache-Control: public): one fetched
    without an Origin is served to a partner's browser too, and must let it read."""
    without = client.get(LISTS["news"])
    with_origin = client.get(LISTS["news"], headers=ORIGIN)

    assert without["Cache-Control"].startswith("public")
    for name in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
        assert without[name] == with_origin[name]
    assert without["Access-Control-Allow-Origin"] == "*"
    assert "Origin" not in without.get("Vary", "")


def test_pages_outside_the_api_send_no_cors_header(client, public_site):
    response = client.get("/en/news/", headers=ORIGIN)

    assert not [header for header in response.headers if header.startswith("Access-Control-")]


@pytest.mark.parametrize("url", ["/api/v1/news/", "/api/v1/blos/blo-yallama/", "/api/schema/"])
def test_a_preflight_is_answered_204_for_reading_methods_only(client, public_site, url):
    response = client.options(
        url,
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept-language, if-none-match",
        },
    )

    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"accept-language", "if-none-match"} <= allowed
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_writing_does_not_allow_it(client, public_site):
    response = client.options(
        LISTS["news"], headers={**ORIGIN, "Access-Control-Request-Method": "DELETE"}
    )

    assert "DELETE" not in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("url", ["/en/", "/ru/news/", "/en/blos/", "/robots.txt", "/sitemap.xml"])
def test_pages_outside_the_api_get_no_cors_headers(client, public_site, url):
    response = client.get(url, headers=ORIGIN)
    preflight = client.options(url, headers={**ORIGIN, "Access-Control-Request-Method": "GET"})

    assert response.status_code == 200
    for answer in (response, preflight):
        assert not [h for h in answer.headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_api_answers_set_no_cookies(client, public_site, name):
    response = client.get(address(name, public_site), headers=ORIGIN)

    assert not response.cookies


# --- conditional GET ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENDPOINTS)
def test_answers_carry_an_etag_and_revalidate_with_if_none_match(client, public_site, name):
    url = address(name, public_site)
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert first["ETag"]
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("name", sorted(DATED))
def test_answers_carry_last_modified_and_revalidate_with_if_modified_since(
    client, public_site, name
):
    url = address(name, public_site)
    first = client.get(url)

    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_an_edit_changes_the_etag_and_the_last_modified_date(client, public_site):
    url = DETAILS["news item"]
    first = client.get(url)
    item = NewsItem.objects.get(slug="tashkent-roundtable")
    NewsItem.objects.filter(pk=item.pk).update(
        title_en="A new title", updated_at=item.updated_at + timedelta(minutes=5)
    )

    by_tag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_tag.status_code == 200
    assert by_tag.json()["title"] == "A new title"
    assert by_tag["ETag"] != first["ETag"]
    assert by_date.status_code == 200


def test_the_etag_differs_per_language(client, public_site):
    english = client.get(LISTS["news"], {"lang": "en"})

    russian = client.get(LISTS["news"], {"lang": "ru"}, headers={"If-None-Match": english["ETag"]})

    assert russian.status_code == 200
    assert russian["ETag"] != english["ETag"]


def test_a_lists_last_modified_is_its_latest_change(client, public_site):
    older = timezone.now() - timedelta(days=3)
    newer = timezone.now() - timedelta(days=1)
    BorderLiaisonOfficeFactory(slug="older")
    BorderLiaisonOfficeFactory(slug="newer")
    BorderLiaisonOffice.objects.update(updated_at=older)
    BorderLiaisonOffice.objects.filter(slug="newer").update(updated_at=newer)

    response = client.get(LISTS["blos"])

    assert response["Last-Modified"] == http_date(newer.timestamp())


# --- throttling -----------------------------------------------------------------------------------


@pytest.fixture
def low_rate(monkeypatch):
    """Three requests a minute: DRF reads the rates when it is imported, so patch them there."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_over_the_rate_get_429_with_retry_after(client, public_site, low_rate):
    answers = [client.get(LISTS["news"]) for _ in range(3)]

    throttled = client.get(LISTS["news"], headers=ORIGIN)

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled["Content-Type"] == "application/json"
    assert list(throttled.json()) == ["detail"]
    assert throttled["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", r"Too many requests\. Try again in \d+ seconds?\."),
        ("ru", r"Слишком много запросов\. Повторите через \d+ секунд[уы]?\."),
    ],
)
def test_the_429_says_when_to_try_again_in_the_language_asked_for(
    client, public_site, low_rate, lang, message
):
    for _ in range(3):
        client.get(LISTS["news"])

    throttled = client.get(LISTS["news"], {"lang": lang}, HTTP_ACCEPT_LANGUAGE="en")

    assert throttled.status_code == 429
    assert throttled["Content-Language"] == lang
    assert re.fullmatch(message, throttled.json()["detail"])
    assert str(throttled["Retry-After"]) in throttled.json()["detail"]


@pytest.mark.parametrize(
    ("url", "params", "headers"),
    [
        ("/api/v1/", {"lang": "ru"}, {}),
        ("/api/schema/", {}, {"Accept-Language": "ru"}),
    ],
    ids=["api root", "schema"],
)
def test_the_api_root_and_the_schema_are_throttled_as_the_api(
    client, public_site, low_rate, url, params, headers
):
    # The root's 429 read "Запрос был проигнорирован. Expected available in 4 seconds."; the
    # schema's was YAML served as a schema.
    for _ in range(3):
        assert client.get(url, params, headers=headers).status_code == 200

    throttled = client.get(url, params, headers=headers)

    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/json"
    assert re.fullmatch(
        r"Слишком много запросов\. Повторите через \d+ секунд[уы]?\.", throttled.json()["detail"]
    )


def test_the_api_root_answers_in_the_language_asked_for(client, public_site):
    assert client.get("/api/v1/", {"lang": "ru"})["Content-Language"] == "ru"
    refused = client.get("/api/v1/", {"lang": "xx", "x": "1"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"lang", "x"}


def cyrillic(text: str) -> int:
    return len(re.findall("[а-яё]", text, re.I))


@pytest.mark.parametrize(
    ("lang", "said", "russian"), [("ru", "ru", True), ("RU", "ru", True), (None, "en", False)]
)
def test_the_schema_says_the_language_it_is_written_in(client, lang, said, russian):
    response = client.get("/api/schema/", {"lang": lang} if lang else {})

    assert response["Content-Language"] == said
    assert (cyrillic(response.content.decode()) > 100) is russian


def test_the_schema_refuses_a_language_it_cannot_write(client):
    # It wrote ?lang=xx in English and said Content-Language: ru (the Accept-Language).
    response = client.get("/api/schema/", {"lang": "xx"}, headers={"Accept-Language": "ru"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "en, ru" in response.json()["lang"][0]


def test_a_client_cannot_escape_the_rate_with_its_own_x_forwarded_for(
    client, public_site, low_rate
):
    for _ in range(3):
        assert client.get(LISTS["news"]).status_code == 200

    for forwarded in ("203.0.113.9", "198.51.100.1, 203.0.113.10"):
        assert client.get(LISTS["news"], HTTP_X_FORWARDED_FOR=forwarded).status_code == 429


def test_behind_a_trusted_proxy_the_rate_counts_the_address_it_wrote(
    client, public_site, low_rate, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def through_nginx(forwarded_for: str) -> int:
        response = client.get(
            LISTS["news"], HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="127.0.0.1"
        )
        return response.status_code

    assert [through_nginx("203.0.113.9") for _ in range(4)] == [200, 200, 200, 429]
    # Another client behind the same proxy has its own count; a forged entry to the left of
    # what the proxy wrote does not change whom it counts.
    assert through_nginx("198.51.100.1") == 200
    assert through_nginx("1.2.3.4, 203.0.113.9") == 429


def test_the_rate_is_counted_per_client_and_across_endpoints(client, public_site, low_rate):
    for url in (LISTS["news"], LISTS["blos"], DETAILS["programme"]):
        assert client.get(url).status_code == 200

    assert client.get(LISTS["borders"]).status_code == 429
    assert client.get(LISTS["borders"], REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_documented_rate_is_120_a_minute_by_default():
    assert settings.API_ANON_RATE == "120/minute"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {"anon": settings.API_ANON_RATE}


# --- queries per list ---------------------------------------------------------------------------


def add_news(count: int):
    countries = [CountryFactory(), CountryFactory()]
    topics = [TopicFactory(), TopicFactory()]
    programmes = [ProgrammeFactory(), ProgrammeFactory()]
    blo = BorderLiaisonOfficeFactory()
    contact = ContactFactory()
    for item in NewsItemFactory.create_batch(count):
        item.countries.add(*countries)
        item.topics.add(*topics)
        item.programmes.add(*programmes)
        item.blos.add(blo)
        item.contacts.add(contact)


def add_blos(count: int):
    border = BorderFactory()
    programme = ProgrammeFactory()
    contact = ContactFactory()
    BorderLiaisonOfficeFactory.create_batch(
        count, border=border, programme=programme, contact=contact
    )


def add_borders(count: int):
    for border in BorderFactory.create_batch(count):
        BorderLiaisonOfficeFactory(border=border)


def add_programmes(count: int):
    topic = TopicFactory()
    for _ in range(count // 2):
        programme = ProgrammeFactory()
        programme.topics.add(topic)
        ProgrammeFactory(parent=programme).topics.add(topic)
    if count % 2:
        ProgrammeFactory()


def add_contacts(count: int):
    office = OfficeFactory()
    ContactFactory.create_batch(count, office=office, is_press_contact=True)


ADD = {
    "news": add_news,
    "blos": add_blos,
    "geojson": add_blos,
    "borders": add_borders,
    "programmes": add_programmes,
    "contacts": add_contacts,
}
# The most queries each list may make, whatever its length; plus two: finding the next scheduled
# publication, which bounds the answer's max-age (apps.core.caching.limit_max_age), and the last
# change of public content, which bounds its Last-Modified (apps.core.caching.last_modified).
MAX_AGE_QUERY = 2
MAX_QUERIES = {
    "news": 7,
    "blos": 2,
    "geojson": 1,
    "borders": 2,
    "programmes": 4,
    "contacts": 2,
}


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(with_params(url, page_size=100))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_for_5_items_as_for_100(client, name):
    url = LISTS[name]
    ADD[name](5)
    five = queries_for(client, url)
    ADD[name](95)
    hundred = queries_for(client, url)

    assert five == hundred
    body = client.get(with_params(url, page_size=100)).json()
    assert len(body["features"] if name == "geojson" else body["results"]) == 100


@pytest.mark.parametrize("name", LISTS)
def test_a_full_list_page_stays_within_its_query_budget(
    client, name, django_assert_max_num_queries
):
    ADD[name](100)

    with django_assert_max_num_queries(MAX_QUERIES[name] + MAX_AGE_QUERY):
        client.get(with_params(LISTS[name], page_size=100))


def test_facets_cost_one_query_each(client):
    add_news(30)
    plain = queries_for(client, LISTS["news"])

    faceted = queries_for(client, with_params(LISTS["news"], facets="country,topic,programme"))

    assert faceted == plain + 3


# --- the schema -----------------------------------------------------------------------------------


@pytest.fixture
def served_schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_served_as_openapi_3_yaml_by_default(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert yaml.safe_load(target.read_text())["info"]["title"] == "bordercoop API"


def test_the_served_schema_is_a_valid_openapi_3_document(served_schema):
    try:
        from openapi_spec_validator import validate
    except ImportError:
        bundled = Path(drf_spectacular.__file__).parent / "validation" / "openapi_3_0_schema.json"
        jsonschema.validate(served_schema, json.loads(bundled.read_text()))
    else:
        validate(served_schema)
    assert served_schema["openapi"].startswith("3.0")


def test_the_schema_documents_every_endpoint_read_only(served_schema):
    paths = served_schema["paths"]

    assert set(paths) == {
        "/api/v1/news/",
        "/api/v1/news/{slug}/",
        "/api/v1/blos/",
        "/api/v1/blos/{slug}/",
        "/api/v1/borders/",
        "/api/v1/borders/{slug}/",
        "/api/v1/programmes/",
        "/api/v1/programmes/{slug}/",
        "/api/v1/contacts/",
        "/api/v1/contacts/{id}/",
    }
    for path, operations in paths.items():
        assert set(operations) - {"parameters"} == {"get"}, path
        responses = operations["get"]["responses"]
        assert {"200", "400", "404", "429"} <= set(responses), path
        parameters = {p["name"] for p in operations["get"]["parameters"]}
        assert "lang" in parameters, path


def test_the_schema_documents_languages_limits_and_geojson(served_schema):
    news = served_schema["paths"]["/api/v1/news/"]["get"]
    parameters = {p["name"]: p for p in news["parameters"]}
    blos = served_schema["paths"]["/api/v1/blos/"]["get"]

    assert parameters["lang"]["schema"]["enum"] == ["all", "en", "ru"]
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert set(parameters) >= {
        "country",
        "topic",
        "programme",
        "blo",
        "published_after",
        "published_before",
        "q",
        "ordering",
        "page",
        "page_size",
        "fields",
        "facets",
    }
    assert "up to 120 requests a minute;" in served_schema["info"]["description"]
    assert set(blos["responses"]["200"]["content"]) == {"application/json", "application/geo+json"}


def test_the_schema_says_what_the_api_accepts_and_answers(client, public_site, served_schema):
    """As an API client read it: 'last' is a page, q has a length limit, a public item always
    has its date, one office in GeoJSON is a Feature, and a list without facets takes none."""
    paths = served_schema["paths"]
    news = {p["name"]: p for p in paths["/api/v1/news/"]["get"]["parameters"]}
    blo = {p["name"]: p for p in paths["/api/v1/blos/{slug}/"]["get"]["parameters"]}
    programmes = {p["name"] for p in paths["/api/v1/programmes/"]["get"]["parameters"]}
    page_pattern = re.compile(news["page"]["schema"]["pattern"])
    published_at = served_schema["components"]["schemas"]["NewsItem"]["properties"]["published_at"]

    assert page_pattern.match("last") and page_pattern.match("12")
    assert not page_pattern.match("0") and not page_pattern.match("1_0")
    assert news["q"]["schema"]["maxLength"] == 200
    assert client.get(LISTS["news"], {"q": "x" * 201}).status_code == 400
    assert "nullable" not in published_at
    assert "Feature." in blo["format"]["description"]
    assert "FeatureCollection" not in blo["format"]["description"]
    assert "facets" not in programmes
    assert list(client.get(LISTS["programmes"], {"facets": "topic"}).json()) == ["facets"]


def test_each_operation_is_described_for_clients_not_by_the_code_behind_it(served_schema):
    for path, operations in served_schema["paths"].items():
        description = operations["get"]["description"]
        assert description, path
        assert "Subclasses" not in description, path
        assert "queryset" not in description, path


# --- the documentation page ---------------------------------------------------------------------


class AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.assets.append(attrs["href"])


def test_the_documentation_page_uses_only_local_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    collector = AssetCollector()
    collector.feed(html)
    assert collector.assets
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    static = [url for url in collector.assets if url.startswith(settings.STATIC_URL)]
    others = [url for url in collector.assets if url not in static]
    assert static
    assert all(url.startswith("/api/") for url in others)
    for url in static:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    for url in others:
        script = client.get(url)
        assert script.status_code == 200
        assert not re.search(r"https?://", script.content.decode())


@pytest.mark.parametrize("method", ["options", "post", "put", "patch", "delete"])
def test_the_documentation_page_takes_only_get_and_head(client, method):
    """OPTIONS was a 500: DRF described the view in a page with no template for it."""
    response = getattr(client, method)("/api/docs/")

    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert client.head("/api/docs/").status_code == 200


@pytest.mark.parametrize("name", ENDPOINTS)
def test_options_tells_the_formats_with_no_english_text_of_its_own(client, public_site, name):
    """DRF's name and description of a view come from the code, in English even for
    ?lang=ru."""
    response = client.options(with_params(address(name, public_site), lang="ru"))

    assert response.status_code == 200
    assert set(response.json()) == {"renders", "parses"}
    assert "application/json" in response.json()["renders"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
