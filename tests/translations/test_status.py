"""The Russian translation status of each object: missing, outdated or up to date.

The status is set on every save, from the English fingerprint and the fingerprint of the English
the Russian was translated from (``apps.translations.models.TranslationTracked``). The same rules
hold for every translated model; they are checked here on four of them, with a plain-text field,
a rich-text field and an optional field each where the model has one.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core import i18n
from apps.core.models import Country, Topic
from apps.editorial import services
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from apps.translations.fingerprints import fingerprint, source_texts
from apps.translations.models import TranslationStatus, russian_texts
from tests.admin_helpers import admin_url, changelist_objects
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

MISSING = TranslationStatus.MISSING
OUTDATED = TranslationStatus.OUTDATED
UP_TO_DATE = TranslationStatus.UP_TO_DATE

HTML_EN = "<p>Officers from both sides met at the crossing point.</p><p>They agreed on a plan.</p>"
HTML_RU = "<p>Сотрудники обеих сторон встретились на пункте пропуска.</p><p>Они договорились.</p>"


@dataclass(frozen=True)
class Spec:
    factory: type
    text: str  # a required plain-text field
    html: str | None = None  # a rich-text field
    optional: str | None = None  # a field whose English may stay empty
    text_en: str = ""  # the text field's English (the factory's when empty)
    text_ru: str = ""

    @property
    def model(self):
        return self.factory._meta.model

    def create(self, *, russian: bool = True, **values):
        """An object with text in every field this spec tests (Russian too unless told)."""
        if self.text_en:
            values.setdefault(en(self.text), self.text_en)
            values.setdefault(ru(self.text), self.text_ru)
        if self.html:
            values.setdefault(en(self.html), HTML_EN)
            values.setdefault(ru(self.html), HTML_RU)
        if not russian:
            for name in i18n.translated_fields(self.model):
                values[ru(name)] = ""
        return self.factory(**values)


SPECS = {
    "newsitem": Spec(NewsItemFactory, text="summary", html="body", optional="image_caption"),
    "blo": Spec(
        BorderLiaisonOfficeFactory,
        text="crossing_point",
        html="description",
        optional="description",
        text_en="Dostyk road crossing point.",
        text_ru="Автомобильный пункт пропуска Достык.",
    ),
    "programme": Spec(ProgrammeFactory, text="summary", html="body", optional="body"),
    "country": Spec(CountryFactory, text="name"),
}
WITH_HTML = {key: spec for key, spec in SPECS.items() if spec.html}
WITH_OPTIONAL = {key: spec for key, spec in SPECS.items() if spec.optional}


def en(name: str) -> str:
    return build_localized_fieldname(name, "en")


def ru(name: str) -> str:
    return build_localized_fieldname(name, "ru")


def reload(obj):
    """A fresh copy from the database, as the admin or a shell would load it."""
    return type(obj)._default_manager.get(pk=obj.pk)


def edit(obj, **values):
    """Load ``obj`` afresh, change ``values``, save, and return it as stored."""
    fresh = reload(obj)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh.save()
    return reload(fresh)


def specs(mapping):
    return pytest.mark.parametrize("spec", list(mapping.values()), ids=list(mapping))


def punctuated(text: str) -> str:
    """``text`` with its final punctuation changed (or a full stop added)."""
    return text[:-1] + "!" if text.endswith(".") else text + "."


def comma_after_first_word(text: str) -> str:
    first, rest = text.split(" ", 1)
    return f"{first}, {rest}"


# --- missing and up to date on creation -------------------------------------------------------


@specs(SPECS)
def test_new_object_without_russian_is_missing(spec):
    obj = reload(spec.create(russian=False))

    assert obj.russian_status == MISSING
    assert obj.english_fingerprint == fingerprint(source_texts(obj))
    assert obj.english_changed_at is not None
    assert obj.russian_source_fingerprint == ""


@specs(SPECS)
def test_new_object_with_only_some_russian_is_missing(spec):
    obj = reload(spec.create(**{ru(spec.text): ""}))

    assert obj.russian_status == MISSING


@specs(SPECS)
def test_new_object_with_full_russian_is_up_to_date(spec):
    obj = reload(spec.create())

    assert obj.russian_status == UP_TO_DATE
    assert obj.russian_source_fingerprint == obj.english_fingerprint
    assert obj.russian_source == source_texts(obj)


# --- English changes ----------------------------------------------------------------------------


@specs(SPECS)
def test_editing_english_words_makes_the_translation_outdated(spec):
    obj = reload(spec.create())
    russian_before = russian_texts(obj)
    changed_at = obj.english_changed_at

    obj = edit(obj, **{en(spec.text): getattr(obj, en(spec.text)) + " And one more sentence."})

    assert obj.russian_status == OUTDATED
    assert obj.english_changed_at > changed_at
    assert russian_texts(obj) == russian_before
    assert obj.russian_source_fingerprint != obj.english_fingerprint


@specs(WITH_HTML)
def test_editing_english_words_of_rich_text_makes_the_translation_outdated(spec):
    obj = reload(spec.create())

    obj = edit(obj, **{en(spec.html): HTML_EN.replace("a plan", "a new plan")})

    assert obj.russian_status == OUTDATED


@specs(SPECS)
def test_replacing_one_english_word_makes_the_translation_outdated(spec):
    obj = reload(spec.create())
    text = getattr(obj, en(spec.text))
    first, rest = text.split(" ", 1)

    obj = edit(obj, **{en(spec.text): f"{first}X {rest}"})

    assert obj.russian_status == OUTDATED


WHITESPACE_VARIANTS = {
    "extra spaces": lambda t: t.replace(" ", "   "),
    "leading and trailing space": lambda t: f"  {t}  ",
    "line breaks": lambda t: t.replace(" ", "\n"),
    "windows line breaks": lambda t: t.replace(" ", "\r\n"),
    "indentation": lambda t: "\n    " + t.replace(" ", "\n    ") + "\n",
    "tabs": lambda t: t.replace(" ", "\t"),
}


@specs(SPECS)
@pytest.mark.parametrize(
    "variant", list(WHITESPACE_VARIANTS.values()), ids=list(WHITESPACE_VARIANTS)
)
def test_whitespace_only_english_changes_keep_the_translation_up_to_date(spec, variant):
    obj = reload(spec.create())
    changed_at = obj.english_changed_at
    original = getattr(obj, en(spec.text))

    obj = edit(obj, **{en(spec.text): variant(original)})

    assert getattr(obj, en(spec.text)) != original  # the text really was stored differently
    assert obj.russian_status == UP_TO_DATE
    assert obj.english_changed_at == changed_at


HTML_WHITESPACE_VARIANTS = {
    "line breaks between tags": (
        "<p>Officers from both sides met at the crossing point.</p>\n\n"
        "<p>They agreed on a plan.</p>\n"
    ),
    "indentation inside tags": (
        "<p>\n    Officers from both sides\n    met at the crossing point.\n</p>\n"
        "<p>\n    They agreed on a plan.\n</p>"
    ),
    "spaces between tags": (
        "  <p>Officers  from both sides met at the crossing point.</p>   "
        "<p>They agreed   on a plan.</p>  "
    ),
}


@specs(WITH_HTML)
@pytest.mark.parametrize(
    "html", list(HTML_WHITESPACE_VARIANTS.values()), ids=list(HTML_WHITESPACE_VARIANTS)
)
def test_whitespace_in_and_between_html_tags_keeps_the_translation_up_to_date(spec, html):
    obj = reload(spec.create())

    obj = edit(obj, **{en(spec.html): html})

    assert getattr(obj, en(spec.html)) != HTML_EN
    assert obj.russian_status == UP_TO_DATE


@specs(SPECS)
@pytest.mark.parametrize("change", [punctuated, comma_after_first_word])
def test_changing_punctuation_makes_the_translation_outdated(spec, change):
    obj = reload(spec.create())

    obj = edit(obj, **{en(spec.text): change(getattr(obj, en(spec.text)))})

    assert obj.russian_status == OUTDATED


@specs(WITH_HTML)
def test_changing_punctuation_of_rich_text_makes_the_translation_outdated(spec):
    obj = reload(spec.create())

    obj = edit(obj, **{en(spec.html): HTML_EN.replace("a plan.", "a plan!")})

    assert obj.russian_status == OUTDATED


@specs(SPECS)
def test_saving_an_outdated_object_again_keeps_it_outdated(spec):
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})

    obj = edit(obj)

    assert obj.russian_status == OUTDATED


# --- Russian changes ---------------------------------------------------------------------------


@specs(SPECS)
def test_saving_new_russian_text_makes_the_translation_up_to_date_again(spec):
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})
    assert obj.russian_status == OUTDATED

    obj = edit(obj, **{ru(spec.text): "Совершенно новые русские слова."})

    assert obj.russian_status == UP_TO_DATE
    # The fingerprint of the English was taken when the Russian was saved.
    assert obj.russian_source_fingerprint == obj.english_fingerprint
    assert obj.russian_source[spec.text] == "Completely new English words."


@specs(SPECS)
def test_english_changed_after_the_new_russian_makes_it_outdated_again(spec):
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})
    obj = edit(obj, **{ru(spec.text): "Совершенно новые русские слова."})

    obj = edit(obj, **{en(spec.text): "Completely new English words, again."})

    assert obj.russian_status == OUTDATED
    assert obj.russian_source[spec.text] == "Completely new English words."


@specs(SPECS)
def test_russian_saved_with_only_whitespace_changes_is_not_a_new_translation(spec):
    """Re-saving the same Russian words (as a browser does, with CRLF line breaks) does not
    record it as translated from the current English."""
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})
    russian = getattr(obj, ru(spec.text))

    obj = edit(obj, **{ru(spec.text): "  " + russian.replace(" ", "\r\n") + " "})

    assert obj.russian_status == OUTDATED


@specs(SPECS)
def test_emptying_a_russian_field_makes_the_translation_missing(spec):
    obj = reload(spec.create())

    obj = edit(obj, **{ru(spec.text): ""})

    assert obj.russian_status == MISSING


@specs(SPECS)
def test_emptying_a_russian_field_of_an_outdated_object_makes_it_missing(spec):
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})

    obj = edit(obj, **{ru(spec.text): ""})

    assert obj.russian_status == MISSING


@specs(WITH_HTML)
def test_an_empty_rich_text_paragraph_counts_as_missing_russian(spec):
    obj = reload(spec.create())

    obj = edit(obj, **{ru(spec.html): "<p></p>"})

    assert getattr(obj, ru(spec.html)) == ""
    assert obj.russian_status == MISSING


@specs(WITH_OPTIONAL)
def test_an_empty_optional_english_field_needs_no_russian(spec):
    obj = reload(spec.create(**{en(spec.optional): "", ru(spec.optional): ""}))
    assert obj.russian_status == UP_TO_DATE

    obj = edit(obj, **{en(spec.optional): "<p>Now there is English text.</p>"})
    assert obj.russian_status == MISSING

    obj = edit(obj, **{ru(spec.optional): "<p>Теперь есть и русский текст.</p>"})
    assert obj.russian_status == UP_TO_DATE


# --- marking up to date -------------------------------------------------------------------------


@specs(SPECS)
def test_service_marks_an_outdated_translation_up_to_date_without_changing_russian(spec):
    obj = edit(spec.create(), **{en(spec.text): "Completely new English words."})
    user = User.objects.create_user("reviewer")
    russian_before = russian_texts(obj)

    count, refused = services.russian_mark_up_to_date(
        objects=[reload(obj)], by=user, comment="Checked: still right."
    )

    obj = reload(obj)
    assert (count, refused) == (1, [])
    assert obj.russian_status == UP_TO_DATE
    assert russian_texts(obj) == russian_before
    assert obj.russian_source == source_texts(obj)
    version = Version.objects.get_for_object(obj).latest("pk")
    assert version.revision.user == user
    assert version.revision.comment == "Checked: still right."


def test_marking_up_to_date_does_not_hide_missing_russian():
    obj = NewsItemFactory(summary_en="New", summary_ru="")
    before = (reload(obj).russian_source, Version.objects.count())

    count, refused = services.russian_mark_up_to_date(objects=[reload(obj)], by=None, comment="")

    assert (count, [item.pk for item in refused]) == (0, [obj.pk])
    assert reload(obj).russian_status == MISSING
    # Refused, not recorded: no fingerprint taken, no revision saved.
    assert (reload(obj).russian_source, Version.objects.count()) == before


def test_marking_up_to_date_does_not_count_as_an_english_change():
    obj = edit(NewsItemFactory(), summary_en="Completely new English words.")
    changed_at = obj.english_changed_at

    services.russian_mark_up_to_date(objects=[obj], by=None, comment="")

    assert reload(obj).english_changed_at == changed_at


def run_action(client, model, action, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


@specs(SPECS)
@pytest.mark.parametrize("role", ["superuser_client", "officer_client", "translator_client"])
def test_admin_action_marks_selected_translations_up_to_date(spec, role, request):
    client = request.getfixturevalue(role)
    outdated = edit(spec.create(), **{en(spec.text): "Completely new English words."})
    other = edit(spec.create(), **{en(spec.text): "Other new English words."})
    russian_before = russian_texts(outdated)

    response = run_action(client, spec.model, "mark_russian_up_to_date", [outdated])

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 item marked up to date."]
    outdated = reload(outdated)
    assert outdated.russian_status == UP_TO_DATE
    assert russian_texts(outdated) == russian_before
    assert reload(other).russian_status == OUTDATED  # not selected


def test_admin_action_leaves_missing_translations_unmarked_and_says_so(officer_client):
    """It said "1 item marked up to date." while the item stayed missing."""
    missing = NewsItemFactory(title_en="Dup test", summary_ru="")

    response = run_action(officer_client, NewsItem, "mark_russian_up_to_date", [missing])

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Not marked up to date, Russian fields missing: Dup test."
    ]
    assert reload(missing).russian_status == MISSING


# --- the changelists -------------------------------------------------------------------------

ALL_MODELS = {
    "country": (CountryFactory, "name"),
    "topic": (TopicFactory, "name"),
    "office": (OfficeFactory, "name"),
    "contact": (ContactFactory, "full_name"),
    "border": (BorderFactory, "name"),
    "blo": (BorderLiaisonOfficeFactory, "name"),
    "programme": (ProgrammeFactory, "title"),
    "newsitem": (NewsItemFactory, "title"),
}
assert {factory._meta.model for factory, _field in ALL_MODELS.values()} == {
    Country,
    Topic,
    Office,
    Contact,
    Border,
    BorderLiaisonOffice,
    Programme,
    NewsItem,
}


@pytest.fixture
def three_of_each_status(request):
    """For the model under test: one object up to date, one outdated, one missing."""
    factory, field = ALL_MODELS[request.param]
    up_to_date = factory()
    outdated = edit(factory(), **{en(field): "A changed English name"})
    missing = factory(**{ru(field): ""})
    assert reload(up_to_date).russian_status == UP_TO_DATE
    assert outdated.russian_status == OUTDATED
    assert reload(missing).russian_status == MISSING
    return factory._meta.model, up_to_date, outdated, missing


@pytest.mark.parametrize("three_of_each_status", list(ALL_MODELS), indirect=True)
def test_changelist_shows_the_russian_status_column(superuser_client, three_of_each_status):
    model = three_of_each_status[0]

    response = superuser_client.get(admin_url(model, "changelist"))

    html = response.content.decode()
    assert "russian_column" in response.context["cl"].list_display
    assert "column-russian_column" in html  # the column's heading
    assert html.count('class="field-russian_column"') == len(response.context["cl"].result_list)
    for status in ("up_to_date", "outdated", "missing"):
        assert f'<span class="translation-status status-{status}">' in html


@pytest.mark.parametrize("three_of_each_status", list(ALL_MODELS), indirect=True)
def test_changelist_filters_by_russian_status(superuser_client, three_of_each_status):
    model, up_to_date, outdated, missing = three_of_each_status

    filtered = {
        status: changelist_objects(superuser_client, model, russian_status=status)
        for status in ("up_to_date", "outdated", "missing")
    }

    assert outdated in filtered["outdated"] and outdated not in filtered["up_to_date"]
    assert missing in filtered["missing"] and missing not in filtered["outdated"]
    assert up_to_date in filtered["up_to_date"] and up_to_date not in filtered["missing"]
    for status, objects in filtered.items():
        assert {obj.russian_status for obj in objects} == {status}
    # The sidebar's own links use the __exact form.
    assert (
        changelist_objects(superuser_client, model, russian_status__exact="outdated")
        == (filtered["outdated"])
    )


@pytest.mark.parametrize("three_of_each_status", list(ALL_MODELS), indirect=True)
def test_changelist_filters_by_russian_publication(superuser_client, three_of_each_status):
    model, up_to_date, outdated, missing = three_of_each_status

    published = changelist_objects(superuser_client, model, russian_ready="1")
    unpublished = changelist_objects(superuser_client, model, russian_ready="0")

    assert up_to_date in published and outdated in published
    assert missing in unpublished
    assert {obj.russian_ready for obj in published} == {True}
    assert {obj.russian_ready for obj in unpublished} == {False}


@pytest.mark.parametrize("three_of_each_status", list(ALL_MODELS), indirect=True)
def test_changelist_sidebar_offers_the_translation_filters(superuser_client, three_of_each_status):
    model = three_of_each_status[0]

    response = superuser_client.get(admin_url(model, "changelist"))

    titles = {str(spec.title) for spec in response.context["cl"].filter_specs}
    assert {"Russian translation", "Russian version published"} <= titles
    html = response.content.decode()
    assert "?russian_status__exact=outdated" in html
    assert "?russian_ready__exact=0" in html


@pytest.mark.parametrize("model", [NewsItem, BorderLiaisonOffice])
def test_russian_filter_titles_are_field_names_written_as_the_others(superuser_client, model):
    """Lower case, as Django's Russian writes every field's name ("статус")."""
    response = superuser_client.get(
        admin_url(model, "changelist"), headers={"accept-language": "ru"}
    )

    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert {"перевод на русский язык", "русская версия опубликована"} <= set(titles)
    assert [title for title in titles if title[:1].isupper()] == []


# --- through the admin change form ---------------------------------------------------------


def news_form(item, **changes):
    """The change form of ``item`` as a browser sends it back: every field as displayed,
    textareas with CRLF line breaks."""

    def crlf(text):
        return (text or "").replace("\r\n", "\n").replace("\n", "\r\n")

    data = {
        "opened_version": item.version,
        "slug": item.slug,
        "status": item.status,
        "published_at_0": "2021-11-23",
        "published_at_1": "12:00:00",
        "russian_ready": "on" if item.russian_ready else "",
    }
    for name in i18n.translated_fields(NewsItem):
        for language in ("en", "ru"):
            column = build_localized_fieldname(name, language)
            data[column] = crlf(getattr(item, column))
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def saved_in_admin(client, item, data):
    """``item`` as stored once ``client`` has sent its change form with ``data``."""
    response = client.post(admin_url(NewsItem, "change", item.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return reload(item)


def russian_form(item, **changes):
    """A translator's change form of ``item`` as sent back: the Russian fields, published."""
    data = {
        "opened_version": item.version,
        **{ru(name): getattr(item, ru(name)) or "" for name in i18n.translated_fields(NewsItem)},
        "russian_ready": "on",
    }
    return {**data, **changes}


def test_officer_editing_english_in_the_admin_makes_the_translation_outdated(officer_client):
    item = reload(
        NewsItemFactory(
            summary_ru="Сотрудники встретились на границе.\nОни договорились о плане.",
            body_ru="<p>Сотрудники встретились\nна пункте пропуска.</p>",
        )
    )
    assert item.russian_status == UP_TO_DATE

    item = saved_in_admin(
        officer_client, item, news_form(item, summary_en="Officers met at the border on Monday.")
    )

    assert item.summary_en == "Officers met at the border on Monday."
    assert item.russian_status == OUTDATED


def test_translator_saving_russian_in_the_admin_makes_the_translation_up_to_date(
    translator_client,
):
    item = edit(NewsItemFactory(), summary_en="Officers met at the border on Monday.")
    assert item.russian_status == OUTDATED

    item = saved_in_admin(
        translator_client,
        item,
        russian_form(item, summary_ru="Сотрудники встретились на границе в понедельник."),
    )

    assert item.summary_ru == "Сотрудники встретились на границе в понедельник."
    assert item.summary_en == "Officers met at the border on Monday."
    assert item.russian_status == UP_TO_DATE


# --- Field by field ----------------------------------------------------------------------------


def test_russian_saved_for_one_changed_field_leaves_the_other_changed_field_outdated():
    """A translator who updates the summary after the summary and the body changed has not
    translated the body's new sentence: the item stays outdated, with the body's diff."""
    item = edit(
        NewsItemFactory(),
        summary_en="Six officers met.",
        body_en="<p>Officers met.</p><p>Trainers came from three countries.</p>",
    )
    assert set(item.outdated_russian_fields()) == {"summary", "body"}

    item = edit(item, summary_ru="Встретились шесть сотрудников.")

    assert item.russian_status == OUTDATED
    assert item.outdated_russian_fields() == ["body"]
    item = edit(item, body_ru="<p>Сотрудники встретились.</p><p>Тренеры из трёх стран.</p>")
    assert item.russian_status == UP_TO_DATE
    assert item.outdated_russian_fields() == []


def test_english_and_another_fields_russian_changed_in_one_save_leave_the_english_outdated():
    item = NewsItemFactory()

    item = edit(item, title_en="A new title", dateline_ru="Ош, Кыргызстан")

    assert item.russian_status == OUTDATED
    assert item.outdated_russian_fields() == ["title"]


def test_russian_saved_in_the_same_save_as_its_english_counts_as_translated():
    item = NewsItemFactory()

    item = edit(item, title_en="A new title", title_ru="Новый заголовок")

    assert item.russian_status == UP_TO_DATE


def test_translator_saving_one_field_in_the_admin_leaves_the_item_in_the_queue(
    client, officer, translator
):
    item = reload(NewsItemFactory())
    client.force_login(officer)
    item = saved_in_admin(
        client,
        item,
        news_form(item, summary_en="Six officers met.", body_en="<p>Trainers came.</p>"),
    )
    assert set(item.outdated_russian_fields()) == {"summary", "body"}

    client.force_login(translator)
    item = saved_in_admin(
        client, item, russian_form(item, summary_ru="Встретились шесть сотрудников.")
    )

    assert item.summary_ru == "Встретились шесть сотрудников."
    assert (item.russian_status, item.outdated_russian_fields()) == (OUTDATED, ["body"])


def test_a_russian_text_emptied_with_its_english_is_up_to_date():
    """The caption was removed in English, then in Russian: nothing is left to translate."""
    item = NewsItemFactory(image_caption_en="A caption", image_caption_ru="Подпись")
    item = edit(item, image_caption_en="")
    assert (item.russian_status, item.outdated_russian_fields()) == (OUTDATED, ["image_caption"])

    item = edit(item, image_caption_ru="")

    assert (item.russian_status, item.outdated_russian_fields()) == (UP_TO_DATE, [])


def test_a_russian_text_emptied_while_its_english_has_words_is_missing():
    item = edit(NewsItemFactory(), summary_ru="")

    assert item.russian_status == MISSING
