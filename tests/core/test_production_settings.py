"""Production mode (DJANGO_DEBUG=0): the settings refuse to start half-configured, pass Django's
deployment checklist, force HTTPS, and serve hashed, compressed static files with far-future
caching.

Settings are read once per process, so each case runs in a fresh Python process with its own
environment (nothing of the test run's own DJANGO_* variables leaks in).
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

from tests.core.test_login_lockout import BEHIND_A_TRUSTED_PROXY, WITHOUT_A_TRUSTED_PROXY

BASE_DIR = settings.BASE_DIR
SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'bordercoop.settings'; "
    "django.setup()\n"
)
# A key as `python -c "import secrets; print(secrets.token_urlsafe(50))"` makes one.
SECRET_KEY = "k7Qm2xV9pL4rT8wZ1cN6bH3jF5dS0aG-yU_eR7iO2pK9mX4vB6nC1zQ8wE3tY5uJ"
HOST = "bordercoop.example.org"
ONE_YEAR = 365 * 24 * 3600

# Variables of the test run's own environment that would change what the settings read.
SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PUBLIC_CACHE_SECONDS",
    "PUBLIC_MAX_AGE",
)


def environment(**variables) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in SETTINGS_VARIABLES
    }
    env.update({name: str(value) for name, value in variables.items()})
    return env


def production(**variables) -> dict:
    """The environment of a correctly configured production server, changed by ``variables``
    (None removes a variable)."""
    env = environment(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET_KEY, DJANGO_ALLOWED_HOSTS=HOST)
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


def run(args, env, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
    )


def run_python(code: str, env) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", SETUP + textwrap.dedent(code)], env)


def settings_of(env, *names) -> dict:
    """The values of the settings ``names`` as a process with ``env`` sees them."""
    result = run_python(
        f"""
        import json
        from django.conf import settings
        print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(*args, env) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


# --- Refusing to start half-configured -----------------------------------------------------


@pytest.mark.parametrize("secret", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(secret):
    result = run_python("", production(DJANGO_SECRET_KEY=secret))

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


@pytest.mark.parametrize("hosts", [None, "", " , "], ids=["unset", "empty", "blank-items"])
def test_production_refuses_to_start_without_allowed_hosts(hosts):
    result = run_python("", production(DJANGO_ALLOWED_HOSTS=hosts))

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off." in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = run_python("", production(DJANGO_DEBUG="maybe"))

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_development_starts_without_a_secret_key_or_hosts():
    values = settings_of(environment(), "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY")

    assert values["DEBUG"] is True
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    assert values["SECRET_KEY"].startswith("django-insecure-")


# --- Django's deployment checklist and the HTTPS settings ---------------------------------


def test_deployment_checklist_finds_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "?: (security." not in result.stdout + result.stderr


def test_production_forces_https_with_hsts_and_secure_cookies():
    values = settings_of(
        production(),
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER",
    )

    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": [HOST],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": ONE_YEAR,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        # Not behind a proxy unless told: X-Forwarded-Proto would be a client's say-so.
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_a_trusted_proxy_makes_x_forwarded_proto_count():
    values = settings_of(
        production(DJANGO_TRUSTED_PROXY="1"), "SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST"
    )

    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "USE_X_FORWARDED_HOST": False,
    }


@pytest.mark.parametrize(
    ("proxy", "expected"),
    [("1", BEHIND_A_TRUSTED_PROXY), (None, WITHOUT_A_TRUSTED_PROXY)],
    ids=["trusted proxy", "no proxy"],
)
def test_login_lockouts_read_x_forwarded_for_only_behind_a_trusted_proxy(proxy, expected):
    assert settings_of(production(DJANGO_TRUSTED_PROXY=proxy), *expected) == expected


def empty_database(tmp_path) -> str:
    """A database without tables: a request that queries it fails loudly (these requests
    need none), and the developer's var/bordercoop.sqlite3 is never read."""
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    """One request through the whole middleware stack, in a production process."""
    result = run_python(
        f"""
        import json
        from django.test import Client
        client = Client(HTTP_HOST={HOST!r})
        plain = client.get("/robots.txt")
        forwarded = Client(HTTP_HOST={HOST!r}, HTTP_X_FORWARDED_PROTO="https").get("/robots.txt")
        secure = client.get("/robots.txt", secure=True)
        print(json.dumps({{
            "plain": [plain.status_code, plain.get("Location")],
            "forwarded": forwarded.status_code,
            "secure": [secure.status_code, secure.get("Strict-Transport-Security")],
        }}))
        """,
        # The public cache asks the database for the next scheduled item: off here.
        production(DATABASE_URL=empty_database(tmp_path), PUBLIC_CACHE_SECONDS=0),
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, f"https://{HOST}/robots.txt"]
    # Without DJANGO_TRUSTED_PROXY a client's X-Forwarded-Proto is not believed.
    assert answers["forwarded"] == 301
    assert answers["secure"] == [200, f"max-age={ONE_YEAR}; includeSubDomains; preload"]


# --- Static files ---------------------------------------------------------------------------


def test_collectstatic_writes_hashed_compressed_files_served_with_far_future_caching(tmp_path):
    static_root = tmp_path / "static"
    env = production(STATIC_ROOT=static_root, DATABASE_URL=empty_database(tmp_path))

    collected = manage("collectstatic", "--no-input", "-v", "0", env=env)

    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    assert hashed.startswith("css/site.") and hashed.endswith(".css")
    assert (static_root / hashed).is_file()
    assert (static_root / f"{hashed}.gz").is_file()
    try:
        import brotli  # noqa: F401
    except ImportError:
        pass
    else:
        assert (static_root / f"{hashed}.br").is_file()
    # The rich-text editor's modules, which the admin's import map names, are hashed too.
    assert manifest["django_prose_editor/editor.js"] != "django_prose_editor/editor.js"

    served = run_python(
        f"""
        import json
        from django.templatetags.static import static
        from django.test import Client
        client = Client(HTTP_HOST={HOST!r})
        answers = {{}}
        for url in (static("css/site.css"), static("django_prose_editor/editor.js")):
            response = client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
            body = b"".join(response.streaming_content)
            response.close()
            answers[url] = {{
                "status": response.status_code,
                "cache_control": response.get("Cache-Control"),
                "encoding": response.get("Content-Encoding"),
                "length": len(body),
                "headers": {{
                    name: response.get(name)
                    for name in (
                        "Strict-Transport-Security", "X-Content-Type-Options",
                        "Referrer-Policy", "X-Frame-Options", "Content-Security-Policy",
                    )
                }},
            }}
        print(json.dumps(answers))
        """,
        env,
    )

    assert served.returncode == 0, served.stderr
    answers = json.loads(served.stdout.strip().splitlines()[-1])
    assert list(answers) == [
        f"/static/{hashed}",
        f"/static/{manifest['django_prose_editor/editor.js']}",
    ]
    for url, answer in answers.items():
        assert answer["status"] == 200, url
        # Hashed names never change content: cached "forever" (whitenoise: ten years).
        assert cache_control(answer["cache_control"]) == {
            "max-age": str(10 * ONE_YEAR),
            "public": None,
            "immutable": None,
        }, url
        assert answer["encoding"] == "gzip", url
        compressed = static_root / f"{url.removeprefix('/static/')}.gz"
        assert answer["length"] == compressed.stat().st_size, url
        # Static files carry the same security headers as pages (an SVG opened on its own can
        # run scripts; the policy and frame denial stop it).
        headers = answer["headers"]
        assert headers["Strict-Transport-Security"].startswith(f"max-age={ONE_YEAR}"), url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert "default-src 'self'" in headers["Content-Security-Policy"], url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url


def cache_control(header: str) -> dict:
    directives = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value or None
    return directives
