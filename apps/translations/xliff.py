"""XLIFF 1.2 exchange with external translators.

Export: one ``<file source-language="en" target-language="ru">`` whose trans-units are the
translated fields of the chosen objects, one unit per field, with stable ids
``<app_label>.<model>.<pk>.<field>``. The ``<source>`` is the English text at export time; the
``<target>`` the Russian text (empty where missing).

Import: all or nothing. The file is checked whole first (well-formed XML, XLIFF 1.2, languages
en → ru, every unit id known); any problem refuses the file and nothing is applied. Then, in one
transaction, each unit is *applied* (its target differs from the Russian text), *skipped* (no
target, or nothing changed) or *refused* (the English source changed after the export, so the
translation may no longer fit; or the translation does not fit the field, e.g. too long). A
refused field's Russian stays recorded as translated from its earlier English, so an object
with a refused unit stays outdated.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from apps.core import i18n
from apps.core.fields import RichTextField
from apps.core.html import sanitize_html
from apps.translations.fingerprints import normalise

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGE = "ru"
_NS = {"x": NAMESPACE}


def unit_id(obj, field_name: str) -> str:
    opts = obj._meta
    return f"{opts.app_label}.{opts.model_name}.{obj.pk}.{field_name}"


def export(objects: Iterable) -> bytes:
    """The XLIFF 1.2 document for ``objects`` (any translated models, in the given order)."""
    root = Element("xliff", {"version": "1.2", "xmlns": NAMESPACE})
    file = SubElement(
        root,
        "file",
        {
            "original": "bordercoop",
            "source-language": SOURCE_LANGUAGE,
            "target-language": TARGET_LANGUAGE,
            "datatype": "html",
        },
    )
    body = SubElement(file, "body")
    for obj in objects:
        outdated = set(obj.outdated_russian_fields())
        group = SubElement(body, "group", {"resname": f"{obj._meta.label_lower}.{obj.pk}"})
        SubElement(group, "note").text = str(obj)
        for name in i18n.translated_fields(type(obj)):
            source = getattr(obj, build_localized_fieldname(name, SOURCE_LANGUAGE)) or ""
            if not source:
                continue
            target = getattr(obj, build_localized_fieldname(name, TARGET_LANGUAGE)) or ""
            unit = SubElement(group, "trans-unit", {"id": unit_id(obj, name), "resname": name})
            SubElement(unit, "source", {"xml:lang": SOURCE_LANGUAGE}).text = source
            target_element = SubElement(unit, "target", {"xml:lang": TARGET_LANGUAGE})
            target_element.text = target
            if target:
                # A Russian text whose English changed since is for a translator to check: a
                # CAT tool's "to review" filter finds it.
                state = "needs-review-translation" if name in outdated else "translated"
                target_element.set("state", state)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


class XliffError(Exception):
    """The file was refused as a whole; ``problems`` says exactly why."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class UnitResult:
    unit_id: str
    outcome: str  # "applied", "skipped" or "refused"
    reason: str = ""


@dataclass
class ImportReport:
    results: list[UnitResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(result.outcome == outcome for result in self.results)


@dataclass
class _Unit:
    id: str
    obj: object
    field: str
    source: str
    target: str | None
    state: str = ""
    markup: str | None = None  # the first element found inside the target


# States by which a translator says a unit's target is done (XLIFF 1.2, "state").
DONE_STATES = frozenset({"translated", "final", "signed-off"})


def _text(element) -> str | None:
    if element is None:
        return None
    return "".join(element.itertext())


# XLIFF 1.2's own inline elements: a CAT tool wraps segments in <mrk mtype="seg"> and may
# write codes as <g>, <ph>…; their text is the translation's (as before this check).
XLIFF_INLINE = frozenset({"g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk", "sub"})


def _markup(element) -> str | None:
    """The first element inside ``element`` that is not one of XLIFF's inline elements
    (``<h2>``, ``<p>`` written as tags), or None: the site's HTML travels as text (escaped,
    or in CDATA), and such an element's own text would lose its tags."""
    if element is None:
        return None
    for child in element.iter():
        if child is element:
            continue
        namespace, _, name = child.tag.rpartition("}")
        if namespace.lstrip("{") != NAMESPACE or name not in XLIFF_INLINE:
            return name
    return None


def _parse(data: bytes) -> list[_Unit]:
    try:
        root = SafeElementTree.fromstring(data)
    except DefusedXmlException as error:
        # Not the parser's own words: English, with a Python repr, in the Russian admin too.
        message = _(
            "The file declares XML entities or refers to outside files, which are refused "
            "for safety."
        )
        raise XliffError([message]) from error
    except (LookupError, ValueError, UnicodeError) as error:
        # An encoding the declaration names that Python lacks ("x-nope") or that expat cannot
        # read (multi-byte ones such as Shift JIS, UTF-32).
        message = _("The character encoding of the file cannot be read: save it as UTF-8.")
        raise XliffError([message]) from error
    except SafeElementTree.ParseError as error:
        line, column = error.position
        message = _(
            "The file is not well-formed XML: the error is on line %(line)d, column %(column)d."
        ) % {"line": line, "column": column + 1}
        raise XliffError([message]) from error

    if root.tag != f"{{{NAMESPACE}}}xliff" or root.get("version") != "1.2":
        raise XliffError([_("The file is not an XLIFF 1.2 document.")])
    files = root.findall("x:file", _NS)
    if not files:
        raise XliffError([_("The file has no <file> element.")])

    problems, units, seen = [], [], set()
    for file in files:
        source_lang = file.get("source-language") or ""
        target_lang = file.get("target-language") or ""
        # en-US and ru-RU (as CAT tools write them) are English and Russian.
        if (
            source_lang.lower().partition("-")[0] != SOURCE_LANGUAGE
            or target_lang.lower().partition("-")[0] != TARGET_LANGUAGE
        ):
            problems.append(
                _(
                    "Wrong languages: the file translates from “%(source)s” to “%(target)s”, "
                    "but bordercoop exchanges en → ru."
                )
                % {"source": source_lang or "?", "target": target_lang or "?"}
            )
            continue
        for element in file.iter(f"{{{NAMESPACE}}}trans-unit"):
            uid = element.get("id") or ""
            if uid in seen:
                problems.append(_("Unit “%(id)s” appears twice.") % {"id": uid})
                continue
            seen.add(uid)
            resolved = _resolve(uid)
            if resolved is None:
                problems.append(_("Unknown unit id “%(id)s”.") % {"id": uid})
                continue
            source = _text(element.find("x:source", _NS))
            if source is None:
                problems.append(_("Unit “%(id)s” has no <source>.") % {"id": uid})
                continue
            obj, field_name = resolved
            target = element.find("x:target", _NS)
            units.append(
                _Unit(
                    uid,
                    obj,
                    field_name,
                    source,
                    _text(target),
                    state=target.get("state", "") if target is not None else "",
                    markup=_markup(target),
                )
            )
    if problems:
        raise XliffError(problems)
    if not units:
        raise XliffError([_("The file contains no translation units.")])
    return units


def _resolve(uid: str):
    """The (object, field) a unit id names, or None."""
    parts = uid.split(".")
    if len(parts) != 4:
        return None
    app_label, model_name, pk, field_name = parts
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    # ASCII digits only: isdigit() also takes "²", which int() refuses.
    if field_name not in i18n.translated_fields(model) or not (pk.isascii() and pk.isdigit()):
        return None
    obj = model._default_manager.filter(pk=int(pk)).first()
    if obj is None:
        return None
    return obj, field_name


def import_(data: bytes, *, save) -> ImportReport:
    """Apply a translated file. ``save(obj)`` stores one object (the caller decides how, so
    that revisions and translation fingerprints follow the usual path).

    Raises XliffError, having changed nothing, when the file cannot be taken as a whole.
    """
    units = _parse(data)
    report = ImportReport()
    changed, refused, confirmed = {}, defaultdict(set), defaultdict(set)
    with transaction.atomic():
        for unit in units:
            key = (type(unit.obj), unit.obj.pk)
            obj = changed.get(key, unit.obj)
            current_source = getattr(obj, build_localized_fieldname(unit.field, SOURCE_LANGUAGE))
            if normalise(current_source) != normalise(unit.source):
                refused[key].add(unit.field)
                report.results.append(
                    UnitResult(
                        unit.id,
                        "refused",
                        _("The English text changed after the export; export it again."),
                    )
                )
                continue
            if unit.markup:
                refused[key].add(unit.field)
                message = _(
                    "The translation contains the XML element <%(element)s>: write its HTML "
                    "as text, as exported (&lt;%(element)s&gt;, or inside <![CDATA[ ]]>)."
                ) % {"element": unit.markup}
                report.results.append(UnitResult(unit.id, "refused", message))
                continue
            target_field = build_localized_fieldname(unit.field, TARGET_LANGUAGE)
            target = (unit.target or "").strip()
            if isinstance(obj._meta.get_field(target_field), RichTextField):
                # As saving will clean it: markup with no allowed text in it ("<p></p>") is
                # no translation, not an empty Russian text over a published one.
                target = sanitize_html(target)
            if not target:
                report.results.append(UnitResult(unit.id, "skipped", _("No translation.")))
                continue
            if target == (getattr(obj, target_field) or "").strip():
                if unit.state in DONE_STATES and unit.field in obj.outdated_russian_fields():
                    # Checked against the new English and kept as it is.
                    confirmed[key].add(unit.field)
                    changed[key] = obj
                    message = _("Unchanged; confirmed as a translation of the current English.")
                    report.results.append(UnitResult(unit.id, "applied", message))
                    continue
                report.results.append(UnitResult(unit.id, "skipped", _("Unchanged.")))
                continue
            try:  # e.g. longer than the column holds
                obj._meta.get_field(target_field).run_validators(target)
            except ValidationError as error:
                refused[key].add(unit.field)
                report.results.append(UnitResult(unit.id, "refused", " ".join(error.messages)))
                continue
            setattr(obj, target_field, target)
            changed[key] = obj
            report.results.append(UnitResult(unit.id, "applied"))
        for key, obj in changed.items():
            # A refused field's Russian still translates the English it was made from.
            obj.keep_russian_source(refused[key])
            obj.confirm_russian_source(confirmed[key])
            save(obj)
    return report
