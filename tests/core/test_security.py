"""Security headers on every kind of answer, a Content-Security-Policy without inline scripts
that the admin's rich-text editor still works under, HttpOnly cookies, and public pages whose
only inline scripts are JSON-LD data."""

import base64
import hashlib
import re

import pytest
from django.test import Client

from apps.blos.models import BorderLiaisonOffice
from apps.core.security import importmap_hash
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url
from tests.page_helpers import page

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]

# name → address, given the public_site fixture and a language (the last two are 404 pages)
PUBLIC_PAGES = {
    "home": lambda s, lang: f"/{lang}/",
    "news list": lambda s, lang: f"/{lang}/news/",
    "news item": lambda s, lang: f"/{lang}/news/{s.item.slug}/",
    "BLO directory": lambda s, lang: f"/{lang}/blos/",
    "BLO page": lambda s, lang: f"/{lang}/blos/{s.blo.slug}/",
    "programmes": lambda s, lang: f"/{lang}/programmes/",
    "programme page": lambda s, lang: f"/{lang}/programmes/{s.programme.slug}/",
    "component page": lambda s, lang: f"/{lang}/programmes/{s.component.slug}/",
    "contacts": lambda s, lang: f"/{lang}/contacts/",
    "search form": lambda s, lang: f"/{lang}/search/",
    "search results": lambda s, lang: f"/{lang}/search/?q=Tashkent",
    "news page 2 (empty)": lambda s, lang: f"/{lang}/news/?page=2",
    "missing page": lambda s, lang: f"/{lang}/no-such-page/",
}

# Every kind of answer the site gives an anonymous client: (address, expected status, kind).
ANSWERS = [
    pytest.param("/en/", 200, "html", id="public-page"),
    pytest.param("/ru/news/tashkent-roundtable/", 200, "html", id="public-page-ru"),
    pytest.param("/en/no-such-page/", 404, "html", id="404"),
    pytest.param("/api/v1/news/", 200, "api", id="api-json"),
    pytest.param("/api/v1/news/no-such-item/", 404, "api", id="api-404"),
    pytest.param("/api/schema/", 200, "api", id="api-schema"),
    pytest.param("/en/feeds/news.rss", 200, "feed", id="rss"),
    pytest.param("/ru/feeds/news.atom", 200, "feed", id="atom"),
    pytest.param("/sitemap.xml", 200, "xml", id="sitemap"),
    pytest.param("/robots.txt", 200, "text", id="robots"),
    pytest.param("/admin/login/", 200, "admin", id="admin-login"),
    pytest.param("/admin/", 302, "admin", id="admin-redirect"),
    # Redirects made before any view runs: the language prefix and the trailing slash.
    pytest.param("/", 302, "html", id="language-redirect"),
    pytest.param("/news/", 302, "html", id="language-prefix-redirect"),
    pytest.param("/en/news", 301, "html", id="trailing-slash-redirect"),
    pytest.param("/api/v1/news", 301, "api", id="api-trailing-slash-redirect"),
    pytest.param("/api/docs/", 200, "admin", id="api-docs"),
]
RELAXED = {"admin"}  # the admin and the API docs: one hashed import map, inline styles


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        assert name not in policy, f"{name} given twice in {header!r}"
        policy[name] = sources
    return policy


def sha256_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def inline_scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, body) of every <script> without a src, as the browser would see it."""
    return [
        (attrs, body)
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script\s*>", html, re.S | re.I)
        if not re.search(r"\bsrc\s*=", attrs, re.I)
    ]


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src and "data:" not in script_src
    return policy


def test_the_redirect_to_https_carries_the_security_headers(public_site, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/en/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"
    assert_security_headers(response)


@pytest.mark.parametrize(("url", "status", "kind"), ANSWERS)
def test_every_kind_of_answer_carries_the_security_headers(public_site, url, status, kind):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    policy = assert_security_headers(response)
    if kind in RELAXED:
        assert policy["script-src"] == ["'self'", importmap_hash()]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    else:
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]


@pytest.fixture
def raising_client(settings):
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    return Client(raise_request_exception=False)


def test_the_500_page_carries_the_security_headers(raising_client):
    response = raising_client.get("/en/boom/")

    assert response.status_code == 500
    policy = assert_security_headers(response)
    assert policy["style-src"] == ["'self'"]


def test_security_headers_on_the_admin_change_form_too(superuser_client, public_site):
    response = superuser_client.get(admin_url(NewsItem, "change", public_site.item.pk))

    assert response.status_code == 200
    assert_security_headers(response)


# --- The admin's import map under the policy --------------------------------------------------


RICH_TEXT_ADMINS = [
    pytest.param(NewsItem, "item", id="news-item"),
    pytest.param(BorderLiaisonOffice, "blo", id="blo"),
    pytest.param(Programme, "programme", id="programme"),
]


@pytest.mark.parametrize(("model", "attribute"), RICH_TEXT_ADMINS)
def test_admin_policy_allows_exactly_the_import_map_of_the_rendered_change_form(
    superuser_client, public_site, model, attribute
):
    obj = getattr(public_site, attribute)
    for url in (admin_url(model, "change", obj.pk), admin_url(model, "add")):
        response = superuser_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()

        scripts = inline_scripts(html)
        # The editor's import map is the only inline script (the others would be blocked).
        assert [re.sub(r"\s+", " ", attrs).strip() for attrs, _body in scripts] == [
            'type="importmap"'
        ], url
        [(_attrs, body)] = scripts
        assert "django_prose_editor/editor" in body
        hashes = [s for s in csp(response)["script-src"] if s.startswith("'sha256-")]
        assert hashes == [sha256_source(body)], url


def test_api_docs_have_no_inline_script():
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    assert inline_scripts(response.content.decode()) == []


# --- Cookies --------------------------------------------------------------------------------


def test_session_and_csrf_cookies_are_http_only(superuser):
    client = Client(enforce_csrf_checks=True)
    login_page = client.get("/admin/login/")
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["httponly"] is True
    assert csrf_cookie["samesite"] == "Lax"

    token = login_page.context["csrf_token"]
    superuser.set_password("a-long-enough-password-1")
    superuser.save()
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": superuser.username,
            "password": "a-long-enough-password-1",
            "csrfmiddlewaretoken": str(token),
            "next": "/admin/",
        },
        REMOTE_ADDR="127.0.0.1",
    )

    assert response.status_code == 302, response.content[:2000]
    session_cookie = response.cookies["sessionid"]
    assert session_cookie.value
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    # CSRF rotates on login: the new token cookie is HttpOnly too.
    assert response.cookies["csrftoken"]["httponly"] is True


# --- No inline script on public pages -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_have_no_inline_script_but_json_ld(client, public_site, lang):
    json_ld_seen = False
    for name, address in PUBLIC_PAGES.items():
        url = address(public_site, lang)
        response = client.get(url)
        expected = 404 if name in ("news page 2 (empty)", "missing page") else 200
        assert response.status_code == expected, (name, response.status_code)
        root = page(response)
        for script in root.find_all("script"):
            if "src" in script.attrs:
                assert script.text.strip() == "", (name, script.attrs)
                continue
            assert script.attrs == {"type": "application/ld+json"}, (name, script.attrs)
            json_ld_seen = True
        # Styles only from files: style-src 'self' would block these.
        assert root.find_all("style") == [], name
        for element in root.iter():
            assert "style" not in element.attrs, (name, element.tag)
            handlers = [attr for attr in element.attrs if attr.lower().startswith("on")]
            assert handlers == [], (name, element.tag, handlers)
            for attr in ("href", "src", "action", "formaction"):
                value = element.attrs.get(attr, "").strip().lower()
                assert not value.startswith("javascript:"), (name, element.tag, attr)
        assert_security_headers(response)
        assert csp(response)["style-src"] == ["'self'"]
    assert json_ld_seen, "the news item page should carry its JSON-LD"


def test_public_pages_load_scripts_only_from_this_site(client, public_site):
    html = client.get(f"/en/news/{public_site.item.slug}/").content.decode()

    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
