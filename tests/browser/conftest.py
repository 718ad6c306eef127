"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test in this folder is marked ``browser``. Without ``/usr/bin/chromium`` (or without the
Playwright package) the tests are skipped, except in CI (``CI`` set): there a missing browser is
an error, because ``.ci/run`` installs it.

The browser is never downloaded (no ``playwright install``): Playwright launches the system's
Chromium by its path.
"""

import os
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
SCREENSHOT_DIR = PROJECT_ROOT / "test-output" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_MISSING = "chromium missing: .ci/run installs it with apt-get"
PLAYWRIGHT_MISSING = (
    "playwright (the Python package) missing: install it in .venv "
    "(pip install -c constraints.txt playwright); never run `playwright install`"
)

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
NARROW_VIEWPORT = {"width": 320, "height": 640}
# Fail fast: every page of the site is local and small.
TIMEOUT_MS = 10_000


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium through Playwright against the live server"
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    """Fail in CI, where the browser must be there; skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright_instance():
    """Playwright, started for one test module at a time.

    Its sync API keeps an asyncio event loop marked as running in the main thread, so Django
    would refuse every ORM call made meanwhile (the tests' own queries, the database flush
    between tests) with SynchronousOnlyOperation. The tests and the live server really are
    synchronous; Django is told so while Playwright runs, and only then.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(PLAYWRIGHT_MISSING)
    if not CHROMIUM.exists():
        _unavailable(CHROMIUM_MISSING)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def expect(playwright_instance):
    """Playwright's ``expect`` (retrying assertions), once Playwright is known to be there."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    return expect


@pytest.fixture(scope="module")
def browser(playwright_instance):
    """One Chromium per test module."""
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    """Factory: a fresh browser context (own cookies, own settings), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP_VIEWPORT)
        options.setdefault("java_script_enabled", True)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a new 1280×900 context with JavaScript on."""
    return new_context().new_page()


@pytest.fixture
def narrow_page(new_context):
    """A page in a new context 320 px wide, the narrowest phone the site supports."""
    return new_context(viewport=NARROW_VIEWPORT).new_page()


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo content, committed so that the live server's thread sees it.

    ``transactional_db`` empties the database after each test, so it is loaded for each test.
    """
    from apps.core.demo import load_demo

    return load_demo()


class Site:
    """Absolute addresses on the live server: ``site.url("/en/news/")``."""

    def __init__(self, base: str):
        self.base = base

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site(demo, live_server):
    """The live server, with the demo content loaded."""
    return Site(live_server.url)


@pytest.fixture
def screenshot(request):
    """``screenshot(page)`` saves a full-page PNG as test-output/screenshots/<test-name>.png
    (``suffix`` tells several shots of one test apart) and returns its path."""

    def save(page, suffix: str = "") -> Path:
        name = request.node.name + (f"-{suffix}" if suffix else "")
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
