"""Revisions (django-reversion): every admin save leaves one, naming who and what; officers
revert to an earlier version and recover deleted items; the demo content starts with one."""

import io

import pytest
import reversion
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import translation
from reversion.models import Revision, Version

from apps.blos.models import BorderLiaisonOffice
from apps.contacts.models import Contact
from apps.core.models import Country, FormerSlug, Topic
from apps.editorial.comments import readable_comment
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url, form_errors
from tests.editorial.conftest import change_form_data, run_action
from tests.factories import CountryFactory, NewsItemFactory, ProgrammeFactory, TopicFactory
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def history(obj) -> list[Version]:
    return list(Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk"))


def edit(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    return response


def add_news_item(client, countries, **changes):
    data = {
        "title_en": "First English title",
        "title_ru": "Первый русский заголовок",
        "slug": "revised",
        "dateline_en": "Osh, Kyrgyzstan",
        "dateline_ru": "Ош, Кыргызстан",
        "summary_en": "First summary.",
        "summary_ru": "Первое резюме.",
        "body_en": "<p>First body.</p>",
        "body_ru": "<p>Первый текст.</p>",
        "countries": [str(country.pk) for country in countries],
        "status": NewsItem.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        **changes,
    }
    response = client.post(admin_url(NewsItem, "add"), data)
    assert response.status_code == 302, form_errors(response)
    return NewsItem.objects.get(slug="revised")


# --- every save leaves a revision --------------------------------------------------------------


def test_adding_and_changing_in_the_admin_leave_revisions_with_user_and_comment(
    officer_client, officer
):
    item = add_news_item(officer_client, [])
    edit(officer_client, item, title_en="Second English title")

    added, changed = history(item)
    assert (added.revision.user, added.revision.get_comment()) == (officer, "Added.")
    assert changed.revision.user == officer
    assert "Changed" in changed.revision.get_comment()
    assert "Title [en]" in changed.revision.get_comment()
    assert added.field_dict["title_en"] == "First English title"
    assert changed.field_dict["title_en"] == "Second English title"


def test_a_translators_save_leaves_a_revision_naming_the_translator(translator_client, translator):
    item = NewsItemFactory(title_ru="", russian_ready=False)

    edit(translator_client, item, title_ru="Русский заголовок")

    [version] = history(item)
    assert version.revision.user == translator
    assert "Title [ru]" in version.revision.get_comment()
    assert version.field_dict["title_ru"] == "Русский заголовок"


ACTIONS = {
    "send_for_review": (NewsItem.Status.DRAFT, "Sent for review."),
    "publish": (NewsItem.Status.IN_REVIEW, "Published."),
    "unpublish": (NewsItem.Status.PUBLISHED, "Unpublished."),
    "mark_russian_up_to_date": (NewsItem.Status.PUBLISHED, "Russian marked up to date."),
    "publish_russian": (NewsItem.Status.PUBLISHED, "Russian published."),
    "unpublish_russian": (NewsItem.Status.PUBLISHED, "Russian withdrawn."),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_leaves_one_revision_for_all_the_items_it_changed(
    officer_client, officer, action
):
    status, comment = ACTIONS[action]
    ready = action != "publish_russian"
    items = [NewsItemFactory(status=status, russian_ready=ready) for _ in range(2)]
    if action == "mark_russian_up_to_date":
        for item in items:
            item.title_en += " (revised)"
            item.save()

    run_action(officer_client, NewsItem, action, *items)

    revision = Revision.objects.get()
    assert (revision.user, revision.get_comment()) == (officer, comment)
    assert {version.object for version in revision.version_set.all()} == set(items)


# --- the history page --------------------------------------------------------------------------


def test_history_page_lists_who_when_and_what(officer_client, translator_client):
    item = add_news_item(officer_client, [])
    edit(translator_client, item, title_ru="Второй русский заголовок")
    run_action(officer_client, NewsItem, "send_for_review", item)

    response = officer_client.get(admin_url(NewsItem, "history", item.pk))

    assert response.status_code == 200
    rows = page(response).get("table", id="change-history").get("tbody").find_all("tr")
    texts = [row.clean_text for row in rows]
    assert len(texts) == 3
    assert "anna" in texts[0] and "Added." in texts[0]
    assert "tatiana" in texts[1] and "Title [ru]" in texts[1]
    assert "anna" in texts[2] and "Sent for review." in texts[2]
    # Each row links to its version, and says when it was saved.
    versions = history(item)
    for row, version in zip(rows, versions, strict=True):
        link = row.get("a")
        assert link.attrs["href"] == admin_url(NewsItem, "revision", item.pk, version.pk)
        assert str(version.revision.date_created.year) in link.text


# --- reverting ---------------------------------------------------------------------------------


@pytest.fixture
def revised(officer_client):
    """An item saved twice in the admin: first version, then everything changed."""
    first_country, second_country = CountryFactory(), CountryFactory()
    item = add_news_item(officer_client, [first_country])
    edit(
        officer_client,
        item,
        title_en="Second English title",
        title_ru="Второй русский заголовок",
        body_en="<p>Second body.</p>",
        countries=[str(second_country.pk)],
    )
    first = history(item)[0]
    return item, first, first_country, second_country


def test_officer_opens_an_earlier_version_without_changing_anything(officer_client, revised):
    item, first, _first_country, second_country = revised
    url = admin_url(NewsItem, "revision", item.pk, first.pk)

    response = officer_client.get(url)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["title_en"] == "First English title"
    assert form.initial["title_ru"] == "Первый русский заголовок"
    # Only looking: the item is still as last saved.
    saved = fresh(item)
    assert (saved.title_en, list(saved.countries.all())) == (
        "Second English title",
        [second_country],
    )
    assert len(history(item)) == 2


def test_officer_reverts_to_an_earlier_version_in_both_languages_with_relations(
    officer_client, officer, revised
):
    item, first, first_country, _second_country = revised
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url))

    response = officer_client.post(url, data)

    assert response.status_code == 302
    saved = fresh(item)
    assert (saved.title_en, saved.title_ru, saved.body_en) == (
        "First English title",
        "Первый русский заголовок",
        "<p>First body.</p>",
    )
    assert list(saved.countries.all()) == [first_country]
    revert = history(item)[-1]
    assert revert.revision.user == officer
    assert readable_comment(revert.revision).startswith("Restored the version saved on ")
    assert revert.field_dict["title_en"] == "First English title"


def test_a_revert_that_cannot_be_saved_changes_nothing(officer_client, revised):
    item, first, _first_country, second_country = revised
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url))
    data["title_en"] = ""  # refused by the form: the old row written back is rolled back too

    response = officer_client.post(url, data)

    assert set(form_errors(response)) == {"title_en"}
    saved = fresh(item)
    assert (saved.title_en, saved.title_ru) == ("Second English title", "Второй русский заголовок")
    assert list(saved.countries.all()) == [second_country]
    assert len(history(item)) == 2


def test_version_numbers_keep_rising_through_a_revert(officer_client, revised):
    item, first, _first_country, _second_country = revised
    before = fresh(item).version
    url = admin_url(NewsItem, "revision", item.pk, first.pk)

    officer_client.post(url, change_form_data(officer_client.get(url)))

    assert fresh(item).version == before + 1
    numbers = [version.field_dict["version"] for version in history(item)]
    assert numbers == sorted(set(numbers))


# The database checks a link's target at the commit, which a test's own transaction never
# reaches: these tests commit (transaction=True).


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_revert_leaves_out_links_to_what_was_deleted_since_and_says_so(officer_client, lang):
    """It was a 500: the old version's link to a deleted topic was written back, and the
    database refused the commit."""
    kept, deleted = TopicFactory(name_en="Kept"), TopicFactory(name_en="Deleted")
    item = add_news_item(officer_client, [CountryFactory()], topics=[kept.pk, deleted.pk])
    edit(officer_client, item, title_en="Second English title")
    first = history(item)[0]
    deleted.delete()
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url))

    with translation.override("en"):
        response = officer_client.post(url, data, HTTP_ACCEPT_LANGUAGE=lang, follow=True)

    assert response.status_code == 200
    saved = fresh(item)
    assert saved.title_en == "First English title"
    assert list(saved.topics.all()) == [kept]
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        {
            "en": "Links to items deleted since this version were left out: topics.",
            "ru": "Ссылки на удалённые с тех пор записи не восстановлены: темы.",
        }[lang]
    ]


@pytest.mark.django_db(transaction=True)
def test_a_revert_writes_back_only_its_own_object(officer_client):
    """A revision may hold many objects (load_demo saved the whole demo as one). Reversion
    wrote back all of them: here another object's link to a topic deleted since, which the
    database refused at the commit (the revert failed), and without the deletion, every
    other object's later edits, silently undone."""
    topic = TopicFactory()
    with reversion.create_revision():
        item = NewsItemFactory(title_en="First English title")
        programme = ProgrammeFactory(title_en="First programme title")
        programme.topics.add(topic)
    first = history(item)[0]
    edit(officer_client, item, title_en="Second English title")
    edit(officer_client, programme, title_en="Second programme title")
    topic.delete()
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url))

    response = officer_client.post(url, data)

    assert response.status_code == 302
    assert fresh(item).title_en == "First English title"
    assert fresh(programme).title_en == "Second programme title"
    assert list(fresh(programme).topics.all()) == []


def test_reverting_one_item_of_a_bulk_action_keeps_later_edits_of_the_others(officer_client):
    """A bulk action saves all its items as one revision."""
    one, two = NewsItemFactory(russian_ready=True), NewsItemFactory(russian_ready=True)
    run_action(officer_client, NewsItem, "unpublish_russian", one, two)
    after_action = history(one)[-1]
    edit(officer_client, two, title_en="Edited after the action")
    edit(officer_client, one, title_en="Edited too")
    two_version = fresh(two).version
    url = admin_url(NewsItem, "revision", one.pk, after_action.pk)

    response = officer_client.post(url, change_form_data(officer_client.get(url)))

    assert response.status_code == 302
    assert fresh(one).title_en != "Edited too"
    assert (fresh(two).title_en, fresh(two).version) == ("Edited after the action", two_version)


@pytest.mark.parametrize("view", ["revision", "recover"])
def test_a_version_of_another_kind_of_object_is_not_shown_or_written_back(officer_client, view):
    """The addresses take any version's number: a topic's version shown as a country's form,
    and saved, wrote the topic's revision back."""
    country = CountryFactory(name_en="Kazakhstan")
    with reversion.create_revision():  # the same id: only the kind of object differs
        topic = TopicFactory(pk=country.pk, name_en="Drug trafficking")
    topic_version = history(topic)[0]
    args = (country.pk, topic_version.pk) if view == "revision" else (topic_version.pk,)
    url = admin_url(Country, view, *args)

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, {"name_en": "Changed"}).status_code == 404
    assert fresh(country).name_en == "Kazakhstan"


# --- deleting and recovering -------------------------------------------------------------------


def test_officer_recovers_a_deleted_item(officer_client, officer, revised):
    item, _first, _first_country, second_country = revised
    pk = item.pk
    officer_client.post(admin_url(NewsItem, "delete", pk), {"post": "yes"})
    assert not NewsItem.objects.filter(pk=pk).exists()

    listing = officer_client.get(admin_url(NewsItem, "recoverlist"))
    assert listing.status_code == 200
    deleted = Version.objects.get_deleted(NewsItem).get()
    recover_url = admin_url(NewsItem, "recover", deleted.pk)
    assert f'href="{recover_url}"' in listing.content.decode()
    assert "Second English title" in listing.content.decode()

    form = officer_client.get(recover_url)
    assert form.status_code == 200
    assert not NewsItem.objects.filter(pk=pk).exists()  # only shown, not yet recovered
    response = officer_client.post(recover_url, change_form_data(form))

    assert response.status_code == 302
    recovered = NewsItem.objects.get(pk=pk)
    assert (recovered.title_en, recovered.title_ru) == (
        "Second English title",
        "Второй русский заголовок",
    )
    assert list(recovered.countries.all()) == [second_country]
    assert history(recovered)[-1].revision.user == officer


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_deleted_item_whose_address_was_taken_since_says_so(officer_client, revised, lang):
    """Not "it refers to something deleted since": the address is another item's now."""
    item, _first, _first_country, _second_country = revised
    officer_client.post(admin_url(NewsItem, "delete", item.pk), {"post": "yes"})
    NewsItemFactory(slug="revised", title_en="The new one", title_ru="Новая")
    deleted = Version.objects.get_deleted(NewsItem).get()

    response = officer_client.get(
        admin_url(NewsItem, "recover", deleted.pk), headers={"accept-language": lang}, follow=True
    )

    assert response.redirect_chain[-1][0] == admin_url(NewsItem, "recoverlist")
    assert [str(m) for m in get_messages(response.wsgi_request)][-1:] == [
        {
            "en": "This version cannot be restored: its address “revised” is now the address "
            "of “The new one”. Give that one another address first. Nothing was changed.",
            "ru": "Эту версию нельзя восстановить: её адрес «revised» теперь принадлежит "
            "материалу «Новая». Сначала дайте ему другой адрес. Ничего не изменено.",
        }[lang]
    ]
    assert NewsItem.objects.get().title_en == "The new one"


# --- the demo content --------------------------------------------------------------------------


def test_load_demo_gives_every_demo_object_an_initial_revision():
    call_command("load_demo", "--no-superuser", stdout=io.StringIO())

    for model in (Country, Topic, Contact, BorderLiaisonOffice, Programme, NewsItem):
        objects = list(model.objects.all())
        assert objects, model
        for obj in objects:
            versions = history(obj)
            assert len(versions) == 1, obj
            assert versions[0].revision.get_comment() == "Demo content loaded."
    roundtable = NewsItem.objects.get(slug="tashkent-border-management-roundtable")
    stored = history(roundtable)[0].field_dict
    assert stored["title_ru"] == roundtable.title_ru
    assert set(stored["countries"]) == set(roundtable.countries.values_list("pk", flat=True))


# --- the revert page says what saving it will change -------------------------------------------


def revert_notice(client, item, version, lang="en"):
    response = client.get(
        admin_url(NewsItem, "revision", item.pk, version.pk), headers={"accept-language": lang}
    )
    assert response.status_code == 200
    return page(response).get("div", class_="revert-notice")


def test_the_revert_page_names_the_fields_saving_will_change(officer_client, revised):
    item, first, _first_country, _second_country = revised

    notice = revert_notice(officer_client, item, first)

    assert notice.find("p").clean_text == (
        "Saving will change: title [en], title [ru], body [en], countries."
    )
    assert notice.find("p", class_="errornote") is None  # a draft then and now


@pytest.fixture
def published_later():
    """A draft without its Russian version published, then published in both languages."""
    with reversion.create_revision():
        item = NewsItemFactory(status=NewsItem.Status.DRAFT, published_at=None, russian_ready=False)
    with reversion.create_revision():
        item = fresh(item)
        item.status = NewsItem.Status.PUBLISHED
        item.published_at = item.created_at
        item.russian_ready = True
        item.save()
    draft, published = history(item)
    assert draft.field_dict["russian_ready"] is False
    return item, draft, published


def test_the_revert_page_warns_that_the_item_and_its_russian_leave_the_public_site(
    officer_client, published_later
):
    item, draft, _published = published_later

    warnings = [
        p.clean_text
        for p in revert_notice(officer_client, item, draft).find_all("p", class_="errornote")
    ]

    assert warnings == [
        "Saving will take this item off the public site: in this version it is not published.",
        "Saving will take the Russian version off the public site: in this version it is not "
        "published, and Russian readers will see the English text.",
    ]


def test_the_revert_warnings_are_in_russian_for_a_russian_browser(officer_client, published_later):
    item, draft, _published = published_later

    notice = revert_notice(officer_client, item, draft, lang="ru")

    assert "При сохранении изменятся поля:" in notice.clean_text
    assert "русская версия будет снята с публичного сайта" in notice.clean_text
    assert "Saving" not in notice.clean_text


def test_the_revert_page_of_the_current_version_says_saving_changes_nothing(
    officer_client, published_later
):
    item, _draft, published = published_later

    notice = revert_notice(officer_client, item, published)

    assert notice.clean_text == (
        "This version is the same as the item as it is now: saving changes nothing."
    )


# --- the history, read in each reader's language -----------------------------------------------


def history_rows(client, item, lang="en"):
    response = client.get(
        admin_url(NewsItem, "history", item.pk), headers={"accept-language": lang}
    )
    assert response.status_code == 200
    return page(response).get("table", id="change-history").get("tbody").find_all("tr")


def test_the_history_is_read_in_the_readers_language_whoever_saved(
    officer_client, translator_client
):
    item = add_news_item(officer_client, [])  # an English-speaking officer
    run_action(officer_client, NewsItem, "publish_russian", item)

    english = [row.find_all("td")[-1].clean_text for row in history_rows(officer_client, item)]
    russian = [
        row.find_all("td")[-1].clean_text for row in history_rows(translator_client, item, "ru")
    ]

    assert english[-2:] == ["Added.", "Russian published."]
    assert russian[-2:] == ["Добавлено.", "Русская версия опубликована."]


def test_the_fields_a_save_changed_are_named_in_the_readers_language(officer_client):
    """Django logs a field's label in English ("Summary [en]"); its catalogue has the field's
    name, not the name with its language."""
    item = NewsItemFactory(title_en="Roundtable", title_ru="Круглый стол")
    url = admin_url(NewsItem, "change", item.pk)
    data = change_form_data(officer_client.get(url, headers={"accept-language": "ru"}))
    data["summary_en"] = "A changed summary."
    data["dateline_ru"] = "Ош"
    response = officer_client.post(url, data, headers={"accept-language": "ru"})
    assert response.status_code == 302

    english = history_rows(officer_client, item)[-1].find_all("td")[-1].clean_text
    russian = history_rows(officer_client, item, "ru")[-1].find_all("td")[-1].clean_text

    assert english == "Changed Dateline [ru] and Summary [en]."
    assert russian == "Изменено Место выпуска [ru] и Краткое содержание [en]."


def test_only_officers_are_offered_the_old_versions(officer_client, translator_client):
    item = add_news_item(officer_client, [])

    [officers] = history_rows(officer_client, item)
    [translators] = history_rows(translator_client, item)

    assert officers.get("th").find("a") is not None
    assert translators.get("th").find("a") is None
    assert translators.get("th").clean_text == officers.get("th").clean_text


@pytest.mark.parametrize(
    ("lang", "title", "instruction"),
    [
        (
            "en",
            "Revert First English title",
            "Press the save button below to revert to this version of the object.",
        ),
        (
            "ru",
            "Возврат к версии: Первый русский заголовок",
            "Нажмите кнопку «Сохранить» внизу, чтобы вернуть эту версию объекта.",
        ),
    ],
)
def test_the_revert_page_names_the_version_in_the_readers_language(
    officer_client, revised, lang, title, instruction
):
    """Reversion titled it with the name stored with the version: the saver's language."""
    item, first, _first_country, _second_country = revised
    url = admin_url(NewsItem, "revision", item.pk, first.pk)

    root = page(officer_client.get(url, headers={"accept-language": lang}))

    assert root.get("h1").clean_text == title
    assert instruction in root.get("div", id="content").clean_text


def test_the_recover_page_names_the_version_in_the_readers_language(officer_client, revised):
    item, _first, _first_country, _second_country = revised
    last = history(item)[-1]
    item.delete()
    url = admin_url(NewsItem, "recover", last.pk)

    root = page(officer_client.get(url, headers={"accept-language": "ru"}))

    assert root.get("h1").clean_text == "Восстановление: Второй русский заголовок"
    assert "Нажмите кнопку «Сохранить» внизу" in root.get("div", id="content").clean_text


def test_a_revert_reads_in_the_readers_language_whoever_made_it(officer_client, revised):
    item, first, _first_country, _second_country = revised
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url, headers={"accept-language": "ru"}))
    assert officer_client.post(url, data, headers={"accept-language": "ru"}).status_code == 302

    english = history_rows(officer_client, item)[-1].find_all("td")[-1].clean_text
    russian = history_rows(officer_client, item, "ru")[-1].find_all("td")[-1].clean_text

    assert english.startswith("Restored the version saved on ")
    assert russian.startswith("Восстановлена версия, сохранённая ")
    assert english.endswith(".") and russian.endswith(".")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The news item “Roundtable” was changed successfully."),
        ("ru", "Изменения сохранены: новость «Круглый стол»."),
    ],
)
def test_the_message_after_a_save_needs_no_case_of_the_models_name(officer_client, lang, expected):
    item = NewsItemFactory(title_en="Roundtable", title_ru="Круглый стол")
    url = admin_url(NewsItem, "change", item.pk)
    data = change_form_data(officer_client.get(url))
    data["summary_en"] = "A changed summary."

    response = officer_client.post(url, data, headers={"accept-language": lang}, follow=True)

    assert page(response).get("ul", class_="messagelist").clean_text == expected


def test_reverting_to_an_earlier_address_keeps_the_later_one(officer_client, revised):
    """A revert writes the old row back past the model's save(): the address it leaves is
    kept all the same (``FormerSlug``), and leads to the item."""
    item, first, _first_country, _second_country = revised
    edit(officer_client, item, slug="renamed")
    url = admin_url(NewsItem, "revision", item.pk, first.pk)
    data = change_form_data(officer_client.get(url))

    assert officer_client.post(url, data).status_code == 302

    assert NewsItem.objects.get(pk=item.pk).slug == "revised"
    assert FormerSlug.moved_to(NewsItem, "renamed") == "revised"
    response = officer_client.get("/en/preview/news/renamed/")
    assert (response.status_code, response["Location"]) == (301, "/en/preview/news/revised/")


def test_a_recovered_items_address_is_its_own_again(officer_client, client, revised):
    """Another item had the address after the deletion and left it: the address must not
    send readers of the recovered item's page on to that other item."""
    item, _first, _first_country, _second_country = revised
    officer_client.post(admin_url(NewsItem, "delete", item.pk), {"post": "yes"})
    other = NewsItemFactory(slug="revised")
    other.slug = "other-item"
    other.save()
    deleted = Version.objects.get_deleted(NewsItem).get()
    url = admin_url(NewsItem, "recover", deleted.pk)

    assert officer_client.post(url, change_form_data(officer_client.get(url))).status_code == 302

    assert FormerSlug.moved_to(NewsItem, "revised") is None
    assert client.get("/en/news/revised/").status_code == 404  # a draft: not a redirect
