"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu.jar, run with Java).

The checker is not a Python package: the test runs ``java -jar vnu.jar`` on the pages written to
a temporary folder. It finds the jar through the ``VNU_JAR`` environment variable or, when that
is unset, at ``var/tools/vnu.jar`` (the jar of the npm package ``vnu-jar``, copied there).
Without the jar or without Java the test is skipped, except in CI (``CI`` set), where it fails.
Warnings are allowed; errors are not.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import NewsItemFactory
from tests.page_helpers import png_bytes

pytestmark = pytest.mark.django_db

VNU_JAR_VARIABLE = "VNU_JAR"
DEFAULT_VNU_JAR = Path(django_settings.BASE_DIR) / "var" / "tools" / "vnu.jar"
VNU_TIMEOUT_SECONDS = 300


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the HTML check may not be skipped)", pytrace=False)
    pytest.skip(reason)


def vnu_command() -> list[str]:
    """``java -jar <vnu.jar>``, or skip (fail in CI) when either is missing."""
    configured = os.environ.get(VNU_JAR_VARIABLE)
    jar = Path(configured) if configured else DEFAULT_VNU_JAR
    if not jar.is_file():
        where = f"{VNU_JAR_VARIABLE}={configured}" if configured else str(DEFAULT_VNU_JAR)
        _unavailable(
            f"Nu HTML Checker not found at {where}: set {VNU_JAR_VARIABLE} or copy vnu.jar "
            "(npm package vnu-jar, build/dist/vnu.jar) to var/tools/vnu.jar"
        )
    java = shutil.which("java")
    if java is None:
        _unavailable("java not found: the Nu HTML Checker needs a Java runtime (11 or newer)")
    return [java, "-jar", str(jar)]


def validate(files: list[Path]) -> dict[str, list[str]]:
    """The checker's errors, by file name (warnings and notes left out)."""
    result = subprocess.run(
        [*vnu_command(), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        timeout=VNU_TIMEOUT_SECONDS,
        check=False,
    )
    report = json.loads(result.stdout.decode("utf-8"))
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] in {"error", "non-document-error"} or message.get("subType") == "fatal":
            name = Path(message.get("url", "?").removeprefix("file:")).name
            where = f"line {message.get('lastLine', '?')}"
            errors.setdefault(name, []).append(
                f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
            )
    if result.returncode not in (0, 1):
        errors.setdefault("(checker)", []).append(result.stderr.decode("utf-8", "replace"))
    return errors


@pytest.fixture
def site_with_image_and_fallback(public_site, media_root):
    """The public site, its news item illustrated, plus an item not yet translated."""
    item = public_site.item
    item.image = SimpleUploadedFile("roundtable.png", png_bytes(), content_type="image/png")
    item.image_alt_en = "Participants of the roundtable around a table"
    item.image_alt_ru = "Участники круглого стола за столом"
    item.image_caption_en = "The roundtable in Tashkent"
    item.image_caption_ru = "Круглый стол в Ташкенте"
    item.save()
    untranslated = NewsItemFactory(slug="not-yet-translated", title_ru="", body_ru="")
    return public_site, untranslated


def pages(site, untranslated, lang: str) -> dict[str, tuple[str, int]]:
    """name → (address, expected status) of every kind of public page in ``lang``."""
    return {
        "home": (f"/{lang}/", 200),
        "news-list": (f"/{lang}/news/", 200),
        "news-list-filtered": (f"/{lang}/news/?country=uz&topic={site.topic.slug}", 200),
        "news-list-bad-filter": (f"/{lang}/news/?country=zz&year=abc", 200),
        "news-item": (f"/{lang}/news/{site.item.slug}/", 200),
        "news-item-fallback": (f"/{lang}/news/{untranslated.slug}/", 200),
        "blo-directory": (f"/{lang}/blos/", 200),
        "blo-page": (f"/{lang}/blos/{site.blo.slug}/", 200),
        "programmes": (f"/{lang}/programmes/", 200),
        "programme-page": (f"/{lang}/programmes/{site.programme.slug}/", 200),
        "component-page": (f"/{lang}/programmes/{site.component.slug}/", 200),
        "contacts": (f"/{lang}/contacts/", 200),
        "search-empty": (f"/{lang}/search/", 200),
        "search-results": (f"/{lang}/search/?q=Tashkent", 200),
        "search-script": (f"/{lang}/search/?q=%3Cscript%3Ealert(1)%3C/script%3E", 200),
        "not-found": (f"/{lang}/no-such-page/", 404),
    }


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_kind_of_public_page_is_valid_html(
    client, settings, site_with_image_and_fallback, tmp_path, lang
):
    site, untranslated = site_with_image_and_fallback
    vnu_command()  # skip (or fail in CI) before rendering anything when the checker is missing
    files = []
    for name, (url, status) in pages(site, untranslated, lang).items():
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"].startswith("text/html"), url
        path = tmp_path / f"{lang}-{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    # The 500 page, served by a URLconf with a failing view.
    settings.ROOT_URLCONF = "tests.core.urls_raising"
    client.raise_request_exception = False
    response = client.get(f"/{lang}/boom/")
    assert response.status_code == 500
    files.append(tmp_path / f"{lang}-server-error.html")
    files[-1].write_bytes(response.content)

    errors = validate(files)

    assert errors == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items()
    )
