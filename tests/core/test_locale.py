from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(PO_FILE))
    assert len(po) > 50
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


def test_russian_catalogue_is_compiled_and_current():
    mo_file = PO_FILE.with_suffix(".mo")
    assert mo_file.exists(), "run `make compilemessages` (make test does)"
    assert mo_file.stat().st_mtime >= PO_FILE.stat().st_mtime
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
