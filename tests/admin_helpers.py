"""Helpers shared by the tests/<app>/test_admin.py modules."""

import html
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

JQUERY_UI_PATH = "vendor/jquery-ui/jquery-ui.min.js"

RUSSIAN_CATALOGUE = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def assert_admin_pages_render(client, obj, translated_field):
    """The changelist, add and change pages of ``obj``'s model render for a superuser, and the
    forms show the English and Russian versions of ``translated_field`` as tabs, with the
    locally served jQuery UI and nothing from Google's CDN."""
    model = type(obj)
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert obj in changelist.context["cl"].result_list

    for response in (
        client.get(admin_url(model, "add")),
        client.get(admin_url(model, "change", obj.pk)),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert f'name="{translated_field}_en"' in html
        assert f'name="{translated_field}_ru"' in html
        assert f'src="{static(JQUERY_UI_PATH)}"' in html
        assert "tabbed_translation_fields.js" in html
        assert "googleapis" not in html


def changelist_objects(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def form_errors(response):
    """The errors of the main form of a redisplayed admin add/change page."""
    assert response.status_code == 200, "expected the form to be redisplayed, not saved"
    return response.context["adminform"].form.errors


def post_in_russian(client, url, data):
    """POST as an officer whose browser asks for Russian; the test's own language is restored."""
    with translation.override("en"):
        return client.post(url, data, HTTP_ACCEPT_LANGUAGE="ru")


def rendered_field_errors(response, field):
    """The error messages shown under ``field`` on the page, as the officer reads them."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    assert match, f"no error shown under {field}"
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)]


def assert_shown_in_russian(response, field, english):
    """The error under ``field`` is in Russian, not the English ``english`` text."""
    compiled = RUSSIAN_CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), (
        f"{compiled} is missing (compiled catalogues are not committed): "
        "run `python manage.py compilemessages -l ru` before the tests"
    )
    messages = rendered_field_errors(response, field)
    assert messages
    assert english not in response.content.decode()
    assert all(CYRILLIC.search(message) for message in messages), messages
