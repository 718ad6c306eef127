import json
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# The admin's scripts' strings (the rich-text editor's labels): the JavaScript catalogue.
JS_PO_FILE = PO_FILE.with_name("djangojs.po")


@pytest.mark.parametrize(("po_file", "size"), [(PO_FILE, 50), (JS_PO_FILE, 30)])
def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries(po_file, size):
    po = polib.pofile(str(po_file))
    assert len(po) > size
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("po_file", [PO_FILE, JS_PO_FILE])
def test_russian_catalogue_is_compiled_and_current(po_file):
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), "run `make compilemessages` (make test does)"
    assert mo_file.stat().st_mtime >= po_file.stat().st_mtime
    with translation.override("ru"):
        assert translation.gettext("Border Liaison Offices") == "Пограничные офисы связи"


def test_russian_plurals_use_all_forms():
    with translation.override("ru"):
        text = {
            n: translation.ngettext(
                "%(count)d news item was published.", "%(count)d news items were published.", n
            )
            % {"count": n}
            for n in (1, 3, 5)
        }
    assert text == {
        1: "1 новость опубликована.",
        3: "3 новости опубликованы.",
        5: "5 новостей опубликовано.",
    }


def test_the_admins_javascript_catalogue_has_the_editors_labels(admin_client):
    response = admin_client.get("/admin/jsi18n/", headers={"accept-language": "ru"})

    assert response.status_code == 200
    text = response.content.decode()
    assert f'"bold": {json.dumps("Полужирный")}' in text
