"""XLIFF 1.2 exchange with external translators: export, import, and the admin pages for both."""

import re
import xml.etree.ElementTree as ET
from html import escape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from reversion.models import Version

from apps.blos.models import BorderLiaisonOffice
from apps.core.models import Country
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from apps.translations import xliff
from apps.translations.models import TranslationStatus, russian_texts
from tests.admin_helpers import admin_url
from tests.factories import (
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXPORT_URL = "/admin/translations/export/"
IMPORT_URL = "/admin/translations/import/"

ET.register_namespace("", NS)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def reload(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def edit(obj, **values):
    fresh = reload(obj)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh.save()
    return reload(fresh)


def trans_units(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)
    return {unit.get("id"): unit for unit in root.iter(q("trans-unit"))}


def fill(data: bytes, targets: dict[str, str | None]) -> bytes:
    """The exported file with the given targets written in (None removes the <target>)."""
    root = ET.fromstring(data)
    units = {unit.get("id"): unit for unit in root.iter(q("trans-unit"))}
    for uid, text in targets.items():
        target = units[uid].find(q("target"))
        if text is None:
            units[uid].remove(target)
        else:
            target.text = text
            target.set("state", "translated")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def import_file(data: bytes) -> xliff.ImportReport:
    return xliff.import_(data, save=lambda obj: obj.save())


def outcomes(report: xliff.ImportReport) -> dict[str, str]:
    return {result.unit_id: result.outcome for result in report.results}


def uid(obj, field: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{obj.pk}.{field}"


def snapshot() -> dict:
    """Every translated object's Russian texts, tracking fields and version, for 'nothing
    changed' assertions."""
    state = {}
    for model in (Country, NewsItem, Programme, BorderLiaisonOffice):
        for obj in model.objects.all():
            state[(model._meta.label, obj.pk)] = (
                russian_texts(obj),
                obj.russian_status,
                obj.russian_source_fingerprint,
                obj.version,
            )
    return state


@pytest.fixture
def untranslated():
    """A news item and a country with no Russian text yet."""
    item = NewsItemFactory(title_ru="", dateline_ru="", summary_ru="", body_ru="")
    country = CountryFactory(name_en="Uzbekistan", name_ru="")
    return reload(item), reload(country)


# --- export -----------------------------------------------------------------------------------


def test_export_is_an_xliff_1_2_document_from_english_to_russian(untranslated):
    data = xliff.export(untranslated)

    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    assert root.tag == q("xliff")
    assert root.get("version") == "1.2"
    (file,) = root.findall(q("file"))
    assert file.get("source-language") == "en"
    assert file.get("target-language") == "ru"
    assert file.get("original")
    assert file.get("datatype") == "html"
    assert file.find(q("body")) is not None
    for unit in root.iter(q("trans-unit")):
        source, target = unit.find(q("source")), unit.find(q("target"))
        assert source is not None and target is not None
        assert source.get(XML_LANG) == "en"
        assert target.get(XML_LANG) == "ru"


def test_export_has_one_unit_per_translated_field_with_english_text(untranslated):
    item, country = untranslated

    units = trans_units(xliff.export([item, country]))

    # image_alt and image_caption have no English: nothing to translate.
    assert list(units) == [
        f"news.newsitem.{item.pk}.body",
        f"news.newsitem.{item.pk}.dateline",
        f"news.newsitem.{item.pk}.summary",
        f"news.newsitem.{item.pk}.title",
        f"core.country.{country.pk}.name",
    ]
    for field in ("body", "dateline", "summary", "title"):
        unit = units[uid(item, field)]
        assert unit.find(q("source")).text == getattr(item, f"{field}_en")
        assert not unit.find(q("target")).text
        assert unit.find(q("target")).get("state") is None
        assert unit.get("resname") == field
    assert units[uid(country, "name")].find(q("source")).text == "Uzbekistan"


def test_export_carries_the_current_russian_as_target():
    item = NewsItemFactory(image_alt_en="Officers at a table", image_alt_ru="")

    units = trans_units(xliff.export([item]))

    title = units[uid(item, "title")].find(q("target"))
    assert title.text == item.title_ru
    assert title.get("state") == "translated"
    assert not units[uid(item, "image_alt")].find(q("target")).text


def test_export_keeps_html_and_special_characters_as_text():
    item = NewsItemFactory(
        title_en='Border & customs: "one" <two>',
        body_en='<p>Officers &amp; <a href="https://example.org/">agents</a> met.</p>',
    )

    units = trans_units(xliff.export([item]))

    assert units[uid(item, "title")].find(q("source")).text == 'Border & customs: "one" <two>'
    assert units[uid(item, "body")].find(q("source")).text == item.body_en


def test_unit_ids_are_stable_across_exports(untranslated):
    item, country = untranslated
    first = xliff.export([item, country])

    edit(item, summary_en="A different summary.", title_ru="Заголовок")
    second = xliff.export([reload(country), reload(item)])

    assert set(trans_units(first)) == set(trans_units(second))
    assert xliff.export([item, country]) == first  # same objects, same file


def test_export_of_several_content_types():
    objects = [
        ProgrammeFactory(body_en="<p>The programme.</p>", body_ru=""),
        BorderLiaisonOfficeFactory(description_en="<p>An office.</p>"),
        TopicFactory(),
        OfficeFactory(address_en="1 Main Street"),
        ContactFactory(),
    ]

    units = trans_units(xliff.export(objects))

    programme, blo, topic, office, contact = objects
    assert {uid(programme, f) for f in ("title", "short_name", "summary", "body")} <= set(units)
    assert {uid(blo, f) for f in ("name", "crossing_point", "description")} <= set(units)
    assert uid(topic, "name") in units
    assert {uid(office, f) for f in ("name", "city", "address")} <= set(units)
    assert {uid(contact, f) for f in ("full_name", "position")} <= set(units)
    assert len(units) == 4 + 3 + 1 + 3 + 2


# --- import: the round trip -------------------------------------------------------------------


def test_round_trip_fills_the_russian_and_brings_it_up_to_date(untranslated):
    item, country = untranslated
    assert item.russian_status == country.russian_status == TranslationStatus.MISSING
    data = fill(
        xliff.export([item, country]),
        {
            uid(item, "title"): "Круглый стол",
            uid(item, "dateline"): "Ташкент, Узбекистан",
            uid(item, "summary"): "Сотрудники встретились.",
            uid(item, "body"): "<p>Сотрудники обеих сторон встретились.</p>",
            uid(country, "name"): "Узбекистан",
        },
    )

    report = import_file(data)

    assert set(outcomes(report).values()) == {"applied"}
    assert report.count("applied") == 5
    item, country = reload(item), reload(country)
    assert item.title_ru == "Круглый стол"
    assert item.body_ru == "<p>Сотрудники обеих сторон встретились.</p>"
    assert country.name_ru == "Узбекистан"
    assert item.russian_status == country.russian_status == TranslationStatus.UP_TO_DATE
    assert item.russian_source_fingerprint == item.english_fingerprint
    # English untouched, and the Russian is not published by the import.
    assert item.title_en == "News item 0"
    assert not item.russian_ready


def test_import_of_a_partly_filled_file_leaves_the_object_missing(untranslated):
    item, _country = untranslated
    data = fill(xliff.export([item]), {uid(item, "title"): "Круглый стол"})

    report = import_file(data)

    assert outcomes(report) == {
        uid(item, "title"): "applied",
        uid(item, "dateline"): "skipped",
        uid(item, "summary"): "skipped",
        uid(item, "body"): "skipped",
    }
    item = reload(item)
    assert item.title_ru == "Круглый стол"
    assert item.russian_status == TranslationStatus.MISSING


def test_import_edits_existing_russian_of_an_outdated_object():
    item = edit(NewsItemFactory(), summary_en="Officers met again at the border.")
    assert item.russian_status == TranslationStatus.OUTDATED
    data = fill(
        xliff.export([item]), {uid(item, "summary"): "Сотрудники снова встретились на границе."}
    )

    report = import_file(data)

    assert outcomes(report)[uid(item, "summary")] == "applied"
    assert [r.outcome for r in report.results if r.unit_id != uid(item, "summary")] == [
        "skipped"
    ] * 3  # the other targets are the current Russian: unchanged
    item = reload(item)
    assert item.summary_ru == "Сотрудники снова встретились на границе."
    assert item.russian_status == TranslationStatus.UP_TO_DATE


def test_empty_missing_and_unchanged_targets_are_skipped():
    item = NewsItemFactory()
    before = russian_texts(item)
    data = fill(
        xliff.export([item]),
        {
            uid(item, "title"): "",
            uid(item, "summary"): "   \n  ",
            uid(item, "dateline"): None,
            uid(item, "body"): item.body_ru,
        },
    )

    report = import_file(data)

    assert report.count("skipped") == 4
    reasons = {r.unit_id: r.reason for r in report.results}
    assert reasons[uid(item, "title")] == "No translation."
    assert reasons[uid(item, "summary")] == "No translation."
    assert reasons[uid(item, "dateline")] == "No translation."
    assert reasons[uid(item, "body")] == "Unchanged."
    assert russian_texts(reload(item)) == before
    assert reload(item).version == item.version  # not even saved


@pytest.mark.parametrize(
    "target",
    ["<p></p>", "<p> </p>", '<img src="x">', "<script>x</script>", "<p>&nbsp;</p>", "\u200b"],
)
def test_a_rich_text_target_with_no_text_left_once_cleaned_is_no_translation(target):
    """It emptied a published Russian body: the file's markup is cleaned on saving, after the
    check that an empty target is skipped."""
    item = NewsItemFactory(body_ru="<p>Сотрудники встретились.</p>", russian_ready=True)
    data = fill(xliff.export([item]), {uid(item, "body"): target})

    report = import_file(data)

    assert outcomes(report)[uid(item, "body")] == "skipped"
    saved = reload(item)
    assert (saved.body_ru, saved.russian_ready) == ("<p>Сотрудники встретились.</p>", True)


def test_a_unit_whose_english_changed_after_the_export_is_refused_and_the_others_apply():
    item = NewsItemFactory(summary_ru="", title_ru="")
    country = CountryFactory(name_ru="")
    exported = xliff.export([item, country])
    edit(item, summary_en="The English summary was rewritten after the export.")
    data = fill(
        exported,
        {
            uid(item, "title"): "Новый заголовок",
            uid(item, "summary"): "Перевод старого английского текста.",
            uid(country, "name"): "Страна",
        },
    )

    report = import_file(data)

    assert outcomes(report) == {
        uid(item, "title"): "applied",
        uid(item, "summary"): "refused",
        uid(item, "dateline"): "skipped",
        uid(item, "body"): "skipped",
        uid(country, "name"): "applied",
    }
    (refused,) = [r for r in report.results if r.outcome == "refused"]
    assert refused.reason == "The English text changed after the export; export it again."
    item = reload(item)
    assert item.title_ru == "Новый заголовок"
    assert item.summary_ru == ""
    assert reload(country).name_ru == "Страна"


def test_a_refused_unit_leaves_its_object_outdated(client, translator):
    """The refused field's Russian was translated from the old English: the object is not up
    to date, and the queue shows what changed in that field only."""
    item = NewsItemFactory()
    exported = xliff.export([item])
    item = edit(item, summary_en="The English summary was rewritten.", title_en="A new title")
    data = fill(
        exported,
        {
            uid(item, "title"): "Новый заголовок",  # its English changed too: refused
            uid(item, "dateline"): "Ташкент",
        },
    )
    # Translated again from a fresh export: now everything applies.
    data_fresh = fill(
        xliff.export([item]),
        {uid(item, "title"): "Новый заголовок", uid(item, "summary"): "Новая аннотация."},
    )

    report = import_file(data)
    assert outcomes(report)[uid(item, "dateline")] == "applied"
    item = reload(item)
    assert item.dateline_ru == "Ташкент"
    assert item.russian_status == TranslationStatus.OUTDATED
    assert item.russian_source["dateline"] == item.dateline_en
    assert item.russian_source["summary"] == "Officers met at the border."

    # The queue shows what changed in the English of the refused fields only.
    client.force_login(translator)
    (entry,) = client.get("/admin/translations/").context["items"]
    assert set(entry["diff"]) == {"title", "summary"}

    report = import_file(data_fresh)
    assert outcomes(report)[uid(item, "title")] == "applied"
    assert outcomes(report)[uid(item, "summary")] == "applied"
    item = reload(item)
    assert item.russian_status == TranslationStatus.UP_TO_DATE
    assert item.russian_source["title"] == "A new title"


def test_whitespace_changes_of_the_english_after_the_export_do_not_refuse():
    item = NewsItemFactory(summary_ru="")
    exported = xliff.export([item])
    edit(item, summary_en="  Officers met\nat the   border. ")

    report = import_file(fill(exported, {uid(item, "summary"): "Сотрудники встретились."}))

    assert outcomes(report)[uid(item, "summary")] == "applied"
    assert reload(item).russian_status == TranslationStatus.UP_TO_DATE


def test_imported_rich_text_is_sanitised():
    item = NewsItemFactory(body_ru="")
    data = fill(
        xliff.export([item]),
        {uid(item, "body"): '<p onclick="x()">Текст<script>alert(1)</script></p>'},
    )

    import_file(data)

    assert reload(item).body_ru == "<p>Текст</p>"


def test_a_target_longer_than_the_field_allows_is_refused():
    item = NewsItemFactory(title_ru="", summary_ru="")
    data = fill(
        xliff.export([item]),
        {uid(item, "title"): "Я" * 251, uid(item, "summary"): "Сотрудники встретились."},
    )

    report = import_file(data)

    assert outcomes(report)[uid(item, "title")] == "refused"
    assert outcomes(report)[uid(item, "summary")] == "applied"
    (refused,) = [r for r in report.results if r.outcome == "refused"]
    assert refused.reason == "Ensure this value has at most 250 characters (it has 251)."
    item = reload(item)
    assert item.title_ru == ""
    assert item.summary_ru == "Сотрудники встретились."


def test_import_applies_in_one_transaction():
    first = NewsItemFactory(summary_ru="")
    second = NewsItemFactory(summary_ru="")
    data = fill(
        xliff.export([first, second]),
        {uid(first, "summary"): "Первый.", uid(second, "summary"): "Второй."},
    )
    before = snapshot()
    saved = []

    def save(obj):
        saved.append(obj)
        obj.save()
        if len(saved) == 2:
            raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        xliff.import_(data, save=save)

    assert len(saved) == 2
    assert snapshot() == before


# --- import: files refused as a whole ---------------------------------------------------------


@pytest.fixture
def valid_units():
    """An exported file with one correct translation; each malformed file below contains it
    too, and nothing of it may be applied."""
    item = NewsItemFactory(summary_ru="")
    data = fill(xliff.export([item]), {uid(item, "summary"): "Сотрудники встретились."})
    # Sanity check on a copy: the file is accepted as it is.
    assert import_file(data) and reload(item).summary_ru == "Сотрудники встретились."
    NewsItem.objects.filter(pk=item.pk).update(summary_ru="", russian_status="missing")
    return item, data


# Not the parser's own words (English, with a Python repr such as "EntitiesForbidden(name=…").
REFUSED_FOR_SAFETY = (
    "The file declares XML entities or refers to outside files, which are refused for safety."
)


def malformed(name: str, item, data: bytes) -> tuple[bytes, str]:
    """A variant of ``data`` broken in one way, and the problem the import must report."""
    text = data.decode()
    unit = uid(item, "summary")
    if name == "bad xml":
        line = data[: data.index(b"</body>")].count(b"\n") + 1
        return data.replace(b"</body>", b"</bod>"), (
            f"The file is not well-formed XML: the error is on line {line}, column "
        )
    if name == "truncated":
        return data[: len(data) // 2], "The file is not well-formed XML: the error is on line "
    if name == "not xliff":
        return text.replace("<xliff", "<tmx").replace("</xliff>", "</tmx>").encode(), (
            "The file is not an XLIFF 1.2 document."
        )
    if name == "no namespace":
        return text.replace(f' xmlns="{NS}"', "").encode(), "The file is not an XLIFF 1.2 document."
    if name == "xliff 2.0":
        return text.replace('version="1.2"', 'version="2.0"', 1).encode(), (
            "The file is not an XLIFF 1.2 document."
        )
    if name == "target de":
        return text.replace('target-language="ru"', 'target-language="de"').encode(), (
            "Wrong languages: the file translates from “en” to “de”, "
            "but bordercoop exchanges en → ru."
        )
    if name == "source ru":
        return text.replace('source-language="en"', 'source-language="ru"').encode(), (
            "Wrong languages: the file translates from “ru” to “ru”"
        )
    if name == "no languages":
        return (
            text.replace(' source-language="en"', "").replace(' target-language="ru"', "").encode(),
            "Wrong languages: the file translates from “?” to “?”",
        )
    if name == "unknown id":
        extra = unit_xml(f"news.newsitem.{item.pk + 1000}.summary", "x", "y")
        return add_units(text, extra), f"Unknown unit id “news.newsitem.{item.pk + 1000}.summary”."
    if name == "id of an untranslated field":
        extra = unit_xml(f"news.newsitem.{item.pk}.slug", "x", "y")
        return add_units(text, extra), f"Unknown unit id “news.newsitem.{item.pk}.slug”."
    if name == "id of an unknown model":
        extra = unit_xml("news.nothing.1.title", "x", "y")
        return add_units(text, extra), "Unknown unit id “news.nothing.1.title”."
    if name == "id not in four parts":
        extra = unit_xml("summary", "x", "y")
        return add_units(text, extra), "Unknown unit id “summary”."
    if name == "duplicate id":
        extra = unit_xml(unit, item.summary_en, "Другой перевод.")
        return add_units(text, extra), f"Unit “{unit}” appears twice."
    if name == "unit without source":
        # image_alt has no English, so the export has no unit for it.
        extra = f'<trans-unit id="{uid(item, "image_alt")}"><target>Фото</target></trans-unit>'
        return add_units(text, extra), f"Unit “{uid(item, 'image_alt')}” has no <source>."
    if name == "id with a superscript digit":
        extra = unit_xml("news.newsitem.².summary", "x", "y")
        return add_units(text, extra), "Unknown unit id “news.newsitem.².summary”."
    if name in ("encoding unknown to python", "multi-byte encoding"):
        encoding = "x-nope" if name == "encoding unknown to python" else "shift_jis"
        declared = re.sub("encoding=[\"'][^\"']+[\"']", f'encoding="{encoding}"', text, count=1)
        assert declared != text
        return declared.encode(), (
            "The character encoding of the file cannot be read: save it as UTF-8."
        )
    if name == "no file element":
        return (
            f'<?xml version="1.0"?><xliff xmlns="{NS}" version="1.2"></xliff>'.encode(),
            "The file has no <file> element.",
        )
    if name == "no units":
        body_start = text.index("<body>") + len("<body>")
        body_end = text.index("</body>")
        return (text[:body_start] + text[body_end:]).encode(), (
            "The file contains no translation units."
        )
    if name == "billion laughs":
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">'
            for i in range(1, 10)
        )
        doctype = f"<!DOCTYPE xliff [{entities}]>"
        bomb = text.replace("<xliff", doctype + "<xliff", 1).replace(
            "Сотрудники встретились.", "&lol9;"
        )
        return bomb.encode(), REFUSED_FOR_SAFETY
    if name == "external entity":
        doctype = '<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        xxe = text.replace("<xliff", doctype + "<xliff", 1).replace(
            "Сотрудники встретились.", "&secret;"
        )
        return xxe.encode(), REFUSED_FOR_SAFETY
    raise AssertionError(name)


def unit_xml(unit_id: str, source: str, target: str) -> str:
    return (
        f'<trans-unit id="{unit_id}"><source>{escape(source)}</source>'
        f"<target>{escape(target)}</target></trans-unit>"
    )


def add_units(text: str, units: str) -> bytes:
    return text.replace("</body>", units + "</body>", 1).encode()


MALFORMED = [
    "bad xml",
    "truncated",
    "not xliff",
    "no namespace",
    "xliff 2.0",
    "target de",
    "source ru",
    "no languages",
    "unknown id",
    "id of an untranslated field",
    "id of an unknown model",
    "id not in four parts",
    "duplicate id",
    "unit without source",
    "id with a superscript digit",
    "encoding unknown to python",
    "multi-byte encoding",
    "no file element",
    "no units",
    "billion laughs",
    "external entity",
]


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_file_is_refused_whole_and_says_why(valid_units, name):
    item, data = valid_units
    bad, problem = malformed(name, item, data)
    before = snapshot()

    with pytest.raises(xliff.XliffError) as caught:
        import_file(bad)

    assert any(problem in message for message in caught.value.problems), caught.value.problems
    assert snapshot() == before
    assert reload(item).summary_ru == ""


def test_a_unit_of_a_deleted_object_refuses_the_file(valid_units):
    _item, data = valid_units
    gone = NewsItemFactory(summary_ru="")
    text = fill(xliff.export([gone]), {uid(gone, "summary"): "Удалено."}).decode()
    units = text[text.index("<trans-unit") : text.rindex("</trans-unit>") + len("</trans-unit>")]
    combined = add_units(data.decode(), units)
    gone_summary = uid(gone, "summary")
    gone.delete()
    before = snapshot()

    with pytest.raises(xliff.XliffError) as caught:
        import_file(combined)

    assert f"Unknown unit id “{gone_summary}”." in caught.value.problems
    assert snapshot() == before


def test_every_problem_of_a_file_is_reported():
    item = NewsItemFactory(summary_ru="")
    text = xliff.export([item]).decode()
    bad = add_units(
        text,
        unit_xml("news.newsitem.999.title", "x", "y")
        + unit_xml(uid(item, "summary"), item.summary_en, "Дубль."),
    )

    with pytest.raises(xliff.XliffError) as caught:
        import_file(bad)

    assert caught.value.problems == [
        "Unknown unit id “news.newsitem.999.title”.",
        f"Unit “{uid(item, 'summary')}” appears twice.",
    ]


def test_a_second_file_element_in_the_wrong_languages_refuses_the_file(valid_units):
    item, data = valid_units
    text = data.decode()
    start, end = text.index("<file"), text.index("</file>") + len("</file>")
    german = text[start:end].replace('target-language="ru"', 'target-language="de"')
    german = german.replace(uid(item, "summary"), uid(item, "title"))
    bad = (text[:end] + german + text[end:]).encode()
    before = snapshot()

    with pytest.raises(xliff.XliffError):
        import_file(bad)

    assert snapshot() == before


# --- the admin pages --------------------------------------------------------------------------


def upload(data: bytes, name: str = "translated.xlf") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="application/x-xliff+xml")}


def test_import_page_shows_the_upload_form_to_officers(officer_client):
    response = officer_client.get(IMPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="file"' in html


def test_officer_imports_a_file_and_reads_the_report(officer_client, officer):
    item = NewsItemFactory(summary_ru="", title_ru="")
    exported = xliff.export([item])
    edit(item, dateline_en="Termez, Uzbekistan")
    data = fill(
        exported,
        {
            uid(item, "summary"): "Сотрудники встретились.",
            uid(item, "title"): "Круглый стол",
            uid(item, "dateline"): "Термез, Узбекистан",
        },
    )

    response = officer_client.post(IMPORT_URL, upload(data))

    assert response.status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 applied, 1 skipped, 1 refused."
    ]
    html = response.content.decode()
    assert '<table id="import-report">' in html
    for unit, outcome in [
        (uid(item, "summary"), "applied"),
        (uid(item, "title"), "applied"),
        (uid(item, "body"), "skipped"),
        (uid(item, "dateline"), "refused"),
    ]:
        assert (
            f'<tr class="outcome-{outcome}"><td><code>{unit}</code></td><td>{outcome}</td>' in html
        )
    assert "The English text changed after the export; export it again." in html
    item = reload(item)
    assert item.summary_ru == "Сотрудники встретились."
    assert item.title_ru == "Круглый стол"
    assert item.dateline_ru == "Ташкент, Узбекистан"
    # One revision for the whole file, naming the officer.
    version = Version.objects.get_for_object(item).latest("pk")
    assert version.revision.user == officer
    assert version.revision.comment == "Russian imported from XLIFF."


@pytest.mark.parametrize("name", MALFORMED)
def test_officer_uploading_a_malformed_file_is_told_why_and_nothing_changes(
    officer_client, valid_units, name
):
    item, data = valid_units
    bad, problem = malformed(name, item, data)
    before = snapshot()

    response = officer_client.post(IMPORT_URL, upload(bad))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The file was refused; nothing was changed" in html
    assert escape(problem, quote=False) in html
    assert 'id="import-report"' not in html
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The file was refused; nothing was changed."
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bad xml", "Файл не является корректным XML: ошибка в строке "),
        ("billion laughs", "Файл объявляет XML-сущности или ссылается на внешние файлы"),
    ],
)
def test_a_malformed_file_is_explained_in_russian_in_the_russian_admin(
    officer_client, valid_units, name, problem
):
    item, data = valid_units
    bad, _english = malformed(name, item, data)

    with translation.override("en"):
        response = officer_client.post(IMPORT_URL, upload(bad), HTTP_ACCEPT_LANGUAGE="ru")

    html = response.content.decode()
    assert problem in html
    assert "Forbidden" not in html and "the error is on line" not in html


def test_an_empty_or_missing_upload_is_a_form_error(officer_client):
    empty = officer_client.post(IMPORT_URL, upload(b""))
    missing = officer_client.post(IMPORT_URL, {})

    assert "The submitted file is empty." in empty.content.decode()
    assert "This field is required." in missing.content.decode()


def test_a_file_over_5_mb_is_a_form_error(officer_client, valid_units):
    _item, data = valid_units
    big = data.replace(b"</xliff>", b"<!--" + b"x" * (5 * 1024 * 1024) + b"--></xliff>")
    before = snapshot()

    response = officer_client.post(IMPORT_URL, upload(big))

    assert "The file is larger than 5 MB." in response.content.decode()
    assert snapshot() == before


def test_translators_may_not_import(translator_client, valid_units):
    _item, data = valid_units
    before = snapshot()

    assert translator_client.get(IMPORT_URL).status_code == 403
    assert translator_client.post(IMPORT_URL, upload(data)).status_code == 403
    assert snapshot() == before


def test_anonymous_import_goes_to_the_login_page(client, valid_units):
    item, data = valid_units

    response = client.post(IMPORT_URL, upload(data))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert reload(item).summary_ru == ""


def test_officer_exports_the_whole_queue(officer_client):
    missing = NewsItemFactory(summary_ru="")
    outdated = edit(CountryFactory(), name_en="Renamed")
    up_to_date = ProgrammeFactory()

    response = officer_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-xliff+xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="bordercoop-translation-queue.xlf"'
    )
    units = trans_units(response.content)
    assert uid(missing, "summary") in units
    assert uid(outdated, "name") in units
    assert not any(unit.startswith(f"programmes.programme.{up_to_date.pk}.") for unit in units)


def test_translators_may_not_export_the_queue(translator_client, client):
    assert translator_client.get(EXPORT_URL).status_code == 403
    client.logout()
    assert client.get(EXPORT_URL).status_code == 302


EXPORT_ACTION_MODELS = {
    "newsitem": (NewsItemFactory, "news.newsitem"),
    "blo": (BorderLiaisonOfficeFactory, "blos.borderliaisonoffice"),
    "programme": (ProgrammeFactory, "programmes.programme"),
    "country": (CountryFactory, "core.country"),
}


@pytest.mark.parametrize(
    ("factory", "prefix"), list(EXPORT_ACTION_MODELS.values()), ids=list(EXPORT_ACTION_MODELS)
)
def test_officer_exports_the_selected_objects_with_the_admin_action(
    officer_client, factory, prefix
):
    chosen, other = factory(), factory()
    model = type(chosen)

    response = officer_client.post(
        admin_url(model, "changelist"),
        {"action": "export_xliff", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="bordercoop-{model._meta.model_name}.xlf"'
    )
    units = trans_units(response.content)
    assert units
    assert all(unit.startswith(f"{prefix}.{chosen.pk}.") for unit in units)
    assert not any(unit.startswith(f"{prefix}.{other.pk}.") for unit in units)


def test_translators_are_not_offered_the_export_action(translator_client):
    item = NewsItemFactory()

    page = translator_client.get(admin_url(NewsItem, "changelist"))
    response = translator_client.post(
        admin_url(NewsItem, "changelist"),
        {"action": "export_xliff", "_selected_action": [item.pk]},
    )

    assert 'value="export_xliff"' not in page.content.decode()
    assert "Content-Disposition" not in response
    assert b"<xliff" not in response.content


def test_export_action_round_trips_through_the_import_page(officer_client):
    items = [edit(NewsItemFactory(), summary_en=f"Officers met again, time {n}.") for n in (1, 2)]
    exported = officer_client.post(
        admin_url(NewsItem, "changelist"),
        {"action": "export_xliff", "_selected_action": [i.pk for i in items]},
    ).content
    data = fill(exported, {uid(i, "summary"): f"Снова встретились ({i.pk})." for i in items})

    response = officer_client.post(IMPORT_URL, upload(data))

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 applied, 6 skipped, 0 refused."
    ]
    for item in items:
        item = reload(item)
        assert item.summary_ru == f"Снова встретились ({item.pk})."
        assert item.russian_status == TranslationStatus.UP_TO_DATE
    assert officer_client.get("/admin/translations/").context["items"] == []


# --- What a CAT tool writes ---------------------------------------------------------------------


def test_an_outdated_fields_target_is_exported_for_review():
    """A CAT tool's "to review" filter finds the Russian whose English changed since."""
    item = edit(NewsItemFactory(), summary_en="Six officers met at the border.")

    units = trans_units(xliff.export([item]))

    states = {unit_id: unit.find(q("target")).get("state") for unit_id, unit in units.items()}
    assert states == {
        uid(item, "title"): "translated",
        uid(item, "dateline"): "translated",
        uid(item, "summary"): "needs-review-translation",
        uid(item, "body"): "translated",
    }


@pytest.mark.parametrize(
    ("state", "outcome", "status"),
    [
        ("translated", "applied", TranslationStatus.UP_TO_DATE),
        ("final", "applied", TranslationStatus.UP_TO_DATE),
        ("needs-review-translation", "skipped", TranslationStatus.OUTDATED),
    ],
)
def test_an_unchanged_target_marked_done_confirms_it_for_the_new_english(state, outcome, status):
    """The translator checked the Russian against the changed English and kept it."""
    item = edit(NewsItemFactory(), summary_en="Officers met again, on Monday.")
    assert item.russian_status == TranslationStatus.OUTDATED
    data = xliff.export([item])
    root = ET.fromstring(data)
    for unit in root.iter(q("trans-unit")):
        unit.find(q("target")).set("state", state)

    report = import_file(ET.tostring(root, encoding="utf-8", xml_declaration=True))

    assert outcomes(report)[uid(item, "summary")] == outcome
    assert outcomes(report)[uid(item, "title")] == "skipped"  # up to date already: unchanged
    assert (reload(item).summary_ru, reload(item).russian_status) == (item.summary_ru, status)


def test_a_target_holding_xml_elements_is_refused_not_stripped_of_its_tags():
    """A target written with real tags (<h2>…</h2>) instead of the exported text (&lt;h2&gt;):
    its text alone would be stored, headings, lists and links lost, words run together."""
    item = NewsItemFactory(summary_ru="")
    data = xliff.export([item]).decode()
    body_id = uid(item, "body")
    summary_id = uid(item, "summary")
    start = data.index(f'<trans-unit id="{body_id}"')
    target_start = data.index("<target", start)
    target_end = data.index("</target>", target_start) + len("</target>")
    data = (
        data[:target_start]
        + '<target xml:lang="ru" state="translated"><h2>Итоги</h2><p>Текст.</p></target>'
        + data[target_end:]
    ).encode()
    data = fill(data, {summary_id: "Сотрудники встретились."})
    before = reload(item).body_ru

    report = import_file(data)

    results = {result.unit_id: result for result in report.results}
    assert results[body_id].outcome == "refused"
    assert results[body_id].reason == (
        "The translation contains the XML element <h2>: write its HTML as text, as exported "
        "(&lt;h2&gt;, or inside <![CDATA[ ]]>)."
    )
    assert results[summary_id].outcome == "applied"
    assert reload(item).body_ru == before
    assert reload(item).summary_ru == "Сотрудники встретились."


def test_regional_language_codes_are_english_and_russian(valid_units):
    item, data = valid_units
    data = (
        data.decode()
        .replace('source-language="en"', 'source-language="en-US"')
        .replace('target-language="ru"', 'target-language="ru-RU"')
        .encode()
    )

    report = import_file(data)

    assert outcomes(report)[uid(item, "summary")] == "applied"
    assert reload(item).summary_ru == "Сотрудники встретились."


def test_a_wrong_language_is_quoted_as_the_file_writes_it(valid_units):
    _, data = valid_units
    data = data.decode().replace('target-language="ru"', 'target-language="de-DE"').encode()

    with pytest.raises(xliff.XliffError) as refused:
        import_file(data)

    assert refused.value.problems == [
        "Wrong languages: the file translates from “en” to “de-DE”, "
        "but bordercoop exchanges en → ru."
    ]


@pytest.mark.parametrize(
    "inline",
    [
        '<mrk mtype="seg" mid="1">Сотрудники встретились.</mrk>',
        'Сотрудники <g id="1">встретились</g>.',
    ],
    ids=["mrk", "g"],
)
def test_xliffs_own_inline_elements_are_read_as_the_translations_text(inline):
    """A CAT tool wraps each segment in <mrk mtype="seg"> and may write codes as <g>."""
    item = NewsItemFactory(summary_ru="")
    data = xliff.export([item]).decode()
    summary_id = uid(item, "summary")
    start = data.index(f'<trans-unit id="{summary_id}"')
    target_start = data.index("<target", start)
    target_end = data.index("</target>", target_start) + len("</target>")
    data = data[:target_start] + f'<target xml:lang="ru">{inline}</target>' + data[target_end:]

    report = import_file(data.encode())

    assert outcomes(report)[summary_id] == "applied"
    assert reload(item).summary_ru == "Сотрудники встретились."
