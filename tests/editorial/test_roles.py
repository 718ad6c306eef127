"""The two roles of the admin: Communications officers do everything; Translators see
everything and change only the Russian fields — on the page and, above all, on the server."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from reversion.models import Version

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core.models import Country, Topic
from apps.editorial import roles
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url
from tests.editorial.conftest import (
    action_choices,
    change_form_data,
    make_user,
    messages_of,
    run_action,
)
from tests.factories import (
    BorderLiaisonOfficeFactory,
    CountryFactory,
    NewsItemFactory,
    ProgrammeFactory,
)
from tests.page_helpers import page, visible_text

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [Country, Topic, Office, Contact, Border, BorderLiaisonOffice, Programme, NewsItem]
MODEL_IDS = [model._meta.model_name for model in CONTENT_MODELS]
NEWS_ACTIONS = {"send_for_review", "publish", "unpublish"}
TRANSLATION_ACTIONS = {"mark_russian_up_to_date", "publish_russian", "unpublish_russian"}


def group_permissions(name: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def content_permissions(*actions: str) -> set[tuple[str, str]]:
    return {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in CONTENT_MODELS
        for action in actions
    }


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- the groups --------------------------------------------------------------------------------


def test_the_roles_migration_created_the_two_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Communications officers",
        "Translators",
    }
    assert (roles.OFFICERS, roles.TRANSLATORS) == ("Communications officers", "Translators")


def test_officers_may_add_change_delete_and_view_all_content_and_publish_news():
    expected = content_permissions("add", "change", "delete", "view") | {
        ("news", "publish_newsitem")
    }
    assert len(expected) == 33
    assert group_permissions(roles.OFFICERS) == expected


def test_translators_may_only_view_and_change_content():
    assert group_permissions(roles.TRANSLATORS) == content_permissions("change", "view")


def test_the_publish_permission_exists_with_a_readable_name():
    permission = Permission.objects.get(content_type__app_label="news", codename="publish_newsitem")
    assert permission.name == "Can publish and unpublish news items"


def test_role_helpers_tell_the_roles_apart(officer, translator, superuser, django_user_model):
    both = make_user(django_user_model, "both", roles.TRANSLATORS)
    both.groups.add(Group.objects.get(name=roles.OFFICERS))
    nobody = make_user(django_user_model, "nobody")

    assert [roles.is_officer(u) for u in (officer, translator, superuser, both, nobody)] == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert [roles.is_translator_only(u) for u in (officer, translator, superuser, both)] == [
        False,
        True,
        False,
        False,
    ]
    translator.is_active = False
    assert not roles.is_translator_only(translator)


# --- officers ----------------------------------------------------------------------------------


def news_form(**changes):
    return {
        "title_en": "A new BLO opens at Dostyk",
        "title_ru": "В Достыке открылся новый ПКП",
        "slug": "blo-opens-at-dostyk",
        "dateline_en": "Dostyk, Kazakhstan",
        "dateline_ru": "Достык, Казахстан",
        "summary_en": "The office opened on Monday.",
        "summary_ru": "Офис открылся в понедельник.",
        "body_en": "<p>The office opened on Monday.</p>",
        "body_ru": "<p>Офис открылся в понедельник.</p>",
        "status": NewsItem.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        **changes,
    }


def test_officer_can_add_change_and_delete_a_news_item(officer_client):
    response = officer_client.post(admin_url(NewsItem, "add"), news_form())
    assert response.status_code == 302
    item = NewsItem.objects.get(slug="blo-opens-at-dostyk")

    data = change_form_data(officer_client.get(admin_url(NewsItem, "change", item.pk)))
    data["title_en"] = "A new BLO opened at Dostyk"
    response = officer_client.post(admin_url(NewsItem, "change", item.pk), data)
    assert response.status_code == 302
    assert fresh(item).title_en == "A new BLO opened at Dostyk"

    response = officer_client.post(admin_url(NewsItem, "delete", item.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=MODEL_IDS)
def test_officer_may_open_every_page_of_every_content_model(officer_client, model):
    assert officer_client.get(admin_url(model, "changelist")).status_code == 200
    assert officer_client.get(admin_url(model, "add")).status_code == 200


def test_officer_can_send_for_review_publish_and_unpublish(officer_client):
    item = NewsItemFactory(draft=True)

    run_action(officer_client, NewsItem, "send_for_review", item)
    assert fresh(item).status == NewsItem.Status.IN_REVIEW
    run_action(officer_client, NewsItem, "publish", item)
    assert fresh(item).status == NewsItem.Status.PUBLISHED
    assert list(NewsItem.objects.published()) == [item]
    run_action(officer_client, NewsItem, "unpublish", item)
    assert fresh(item).status == NewsItem.Status.DRAFT


def test_officer_is_offered_every_action(officer_client):
    assert action_choices(officer_client, NewsItem) >= {
        "delete_selected",
        "export_xliff",
        *NEWS_ACTIONS,
        *TRANSLATION_ACTIONS,
    }


def test_publishing_needs_the_publish_permission_and_review_needs_an_officer(
    django_user_model, client
):
    """A staff member given the news permissions one by one, outside the officers' group."""
    editor = make_user(django_user_model, "editor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="news", codename__in=["view_newsitem", "change_newsitem"]
        )
    )
    client.force_login(editor)
    assert not action_choices(client, NewsItem) & NEWS_ACTIONS

    editor.user_permissions.add(Permission.objects.get(codename="publish_newsitem"))
    # send_for_review belongs to the officers' role, not to a single permission.
    assert action_choices(client, NewsItem) & NEWS_ACTIONS == {"publish", "unpublish"}
    reviewed = NewsItemFactory(status=NewsItem.Status.IN_REVIEW, published_at=None)
    draft = NewsItemFactory(draft=True)

    run_action(client, NewsItem, "publish", reviewed)
    run_action(client, NewsItem, "send_for_review", draft)

    assert fresh(reviewed).status == NewsItem.Status.PUBLISHED
    assert fresh(draft).status == NewsItem.Status.DRAFT


def test_without_the_publish_permission_status_and_date_are_read_only(django_user_model, client):
    editor = make_user(django_user_model, "editor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="news", codename__in=["view_newsitem", "change_newsitem"]
        )
    )
    client.force_login(editor)
    item = NewsItemFactory(draft=True)

    response = client.get(admin_url(NewsItem, "change", item.pk))
    data = change_form_data(response)
    assert "status" not in data
    assert "published_at_0" not in data
    data.update(status=NewsItem.Status.PUBLISHED, published_at_0="2021-11-23", title_en="Edited")
    client.post(admin_url(NewsItem, "change", item.pk), data)

    item = fresh(item)
    assert (item.title_en, item.status, item.published_at) == ("Edited", "draft", None)


# --- translators: what they see ----------------------------------------------------------------


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=MODEL_IDS)
def test_translator_can_view_every_changelist(translator_client, model):
    response = translator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=MODEL_IDS)
def test_translator_cannot_add(translator_client, model):
    assert translator_client.get(admin_url(model, "add")).status_code == 403
    count = model.objects.count()
    assert translator_client.post(admin_url(model, "add"), {}).status_code == 403
    assert model.objects.count() == count


def test_translator_cannot_delete(translator_client):
    item = NewsItemFactory()

    assert translator_client.get(admin_url(NewsItem, "delete", item.pk)).status_code == 403
    response = translator_client.post(admin_url(NewsItem, "delete", item.pk), {"post": "yes"})
    assert response.status_code == 403
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_translator_sees_each_english_field_read_only_beside_its_russian_input(
    translator_client,
):
    item = NewsItemFactory(
        title_en="Officers trained in Termez",
        title_ru="",
        summary_en="Twenty officers trained together.",
        russian_ready=False,
    )

    response = translator_client.get(admin_url(NewsItem, "change", item.pk))

    assert response.status_code == 200
    root = page(response)
    # One row of the form holds the English title (read-only text) and the Russian input.
    [row] = [
        div for div in root.find_all("div", class_="form-row") if "field-title_ru" in div.classes()
    ]
    assert row.get("input", name="title_ru").attrs["type"] == "text"
    english = row.get("div", class_="readonly")
    assert english.clean_text == "Officers trained in Termez"
    assert "English" in english.parent.clean_text
    html = response.content.decode()
    for name in ("title_ru", "summary_ru", "body_ru", "dateline_ru", "russian_ready"):
        assert f'name="{name}"' in html
    for name in ("title_en", "summary_en", "body_en", "slug", "status", "published_at_0"):
        assert f'name="{name}"' not in html
    assert "Twenty officers trained together." in html
    assert set(response.context["adminform"].form.fields) == {
        "title_ru",
        "dateline_ru",
        "summary_ru",
        "body_ru",
        "image_alt_ru",
        "image_caption_ru",
        "russian_ready",
        "opened_version",
    }


def test_translator_change_form_of_a_programme_has_no_components_inline(translator_client):
    programme = ProgrammeFactory()
    ProgrammeFactory(parent=programme)

    response = translator_client.get(admin_url(Programme, "change", programme.pk))

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"] == []
    assert 'name="components-TOTAL_FORMS"' not in response.content.decode()


# --- translators: what they may save -----------------------------------------------------------


def translator_data(client, obj) -> dict:
    response = client.get(admin_url(type(obj), "change", obj.pk))
    assert response.status_code == 200
    return change_form_data(response)


def test_translator_saves_the_russian_fields(translator_client):
    item = NewsItemFactory(title_en="Officers trained", title_ru="", russian_ready=False)
    data = translator_data(translator_client, item)
    data.update(title_ru="Сотрудники прошли обучение", summary_ru="Двадцать сотрудников.")

    response = translator_client.post(admin_url(NewsItem, "change", item.pk), data)

    assert response.status_code == 302
    saved = fresh(item)
    assert (saved.title_ru, saved.summary_ru) == (
        "Сотрудники прошли обучение",
        "Двадцать сотрудников.",
    )
    assert (saved.title_en, saved.slug, saved.status) == (item.title_en, item.slug, item.status)
    assert saved.russian_ready is False


def test_translator_can_publish_the_russian_version_in_the_form(translator_client):
    item = NewsItemFactory(title_ru="", russian_ready=False)
    data = translator_data(translator_client, item)
    data.update(title_ru="Заголовок", russian_ready="on")

    response = translator_client.post(admin_url(NewsItem, "change", item.pk), data)

    assert response.status_code == 302
    assert fresh(item).russian_ready is True


FORGED_NEWS_FIELDS = {
    "English title": {"title_en": "Forged English title"},
    "status": {"status": NewsItem.Status.PUBLISHED},
    "slug": {"slug": "forged-slug"},
    "publication date": {"published_at_0": "2020-01-01", "published_at_1": "10:00:00"},
    "countries": {"countries": ["__country__"]},
}


@pytest.mark.parametrize("forged", FORGED_NEWS_FIELDS.values(), ids=FORGED_NEWS_FIELDS.keys())
def test_translator_post_with_a_non_russian_field_is_refused_and_changes_nothing(
    translator_client, forged
):
    item = NewsItemFactory(draft=True, title_ru="Старый заголовок")
    country = CountryFactory()
    before = (fresh(item).version, Version.objects.count())
    data = translator_data(translator_client, item)
    data["title_ru"] = "Новый заголовок"
    data.update({k: [str(country.pk)] if v == ["__country__"] else v for k, v in forged.items()})

    response = translator_client.post(admin_url(NewsItem, "change", item.pk), data)

    assert response.status_code == 403
    saved = fresh(item)
    # Not even the Russian title sent in the same POST was saved.
    assert saved.title_ru == "Старый заголовок"
    assert (saved.title_en, saved.slug, saved.status, saved.published_at) == (
        item.title_en,
        item.slug,
        NewsItem.Status.DRAFT,
        None,
    )
    assert not saved.countries.exists()
    assert (saved.version, Version.objects.count()) == before


@pytest.mark.parametrize(
    ("lang", "heading", "reason"),
    [
        ("en", "Access denied", "Translators may change only the Russian fields (refused: "),
        ("ru", "Доступ запрещён", "Переводчики могут изменять только русские поля (отклонено: "),
    ],
)
def test_a_refused_translator_post_says_why_in_the_admins_language(
    translator_client, lang, heading, reason
):
    """The 403 page was Django's bare English "403 Forbidden", without the reason."""
    item = NewsItemFactory(draft=True)
    data = translator_data(translator_client, item)
    data["title_en"] = "Forged English title"

    with translation.override("en"):
        response = translator_client.post(
            admin_url(NewsItem, "change", item.pk), data, HTTP_ACCEPT_LANGUAGE=lang
        )

    assert response.status_code == 403
    root = page(response)
    assert root.get("html").attrs["lang"] == lang
    assert root.get("h1").clean_text == heading
    assert reason + "title_en)." in visible_text(root)
    assert root.get("a", href="/admin/")


def test_translator_cannot_publish_a_blo_by_a_forged_post(translator_client):
    blo = BorderLiaisonOfficeFactory(is_published=False)
    data = translator_data(translator_client, blo)
    data.update(name_ru="Новое имя", is_published="on")

    response = translator_client.post(admin_url(BorderLiaisonOffice, "change", blo.pk), data)

    assert response.status_code == 403
    saved = fresh(blo)
    assert (saved.is_published, saved.name_ru) == (False, blo.name_ru)


def test_translator_cannot_add_components_through_a_forged_inline_form(translator_client):
    programme = ProgrammeFactory()
    data = translator_data(translator_client, programme)
    data.update(
        {
            "title_ru": "Новое название",
            "components-TOTAL_FORMS": "1",
            "components-INITIAL_FORMS": "0",
            "components-MIN_NUM_FORMS": "0",
            "components-MAX_NUM_FORMS": "1000",
            "components-0-title_en": "Forged component",
            "components-0-short_name_en": "FC",
            "components-0-summary_en": "Forged.",
            "components-0-slug": "forged-component",
            "components-0-start_year": "2020",
            "components-0-end_year": "2021",
        }
    )

    response = translator_client.post(admin_url(Programme, "change", programme.pk), data)

    assert response.status_code == 403
    assert not Programme.objects.filter(slug="forged-component").exists()
    assert fresh(programme).title_ru == programme.title_ru


# --- translators: actions ----------------------------------------------------------------------


def test_translator_is_offered_only_the_translation_actions(translator_client):
    choices = action_choices(translator_client, NewsItem) - {""}
    assert choices == TRANSLATION_ACTIONS
    assert action_choices(translator_client, Country) - {""} == TRANSLATION_ACTIONS


@pytest.mark.parametrize("action", [*sorted(NEWS_ACTIONS), "export_xliff", "delete_selected"])
def test_translator_forged_action_is_not_run(translator_client, action):
    draft = NewsItemFactory(draft=True)
    reviewed = NewsItemFactory(status=NewsItem.Status.IN_REVIEW, published_at=None)
    published = NewsItemFactory()
    items = [draft, reviewed, published]
    before = {item.pk: (item.status, item.version) for item in items}
    versions = Version.objects.count()

    response = run_action(translator_client, NewsItem, action, *items)

    # Django does not know the action for this user: it says so and shows the list again.
    assert response.status_code == 302
    assert response["Location"] == admin_url(NewsItem, "changelist")
    assert messages_of(response) == ["No action selected."]
    after = {item.pk: (item.status, item.version) for item in NewsItem.objects.all()}
    assert after == before
    assert Version.objects.count() == versions


def test_translator_can_mark_the_russian_up_to_date(translator_client):
    item = NewsItemFactory()
    item.title_en = "A new English title"
    item.save()
    assert fresh(item).russian_status == "outdated"

    response = run_action(translator_client, NewsItem, "mark_russian_up_to_date", item)

    assert response.status_code == 302
    assert fresh(item).russian_status == "up_to_date"
    assert messages_of(response) == ["1 item marked up to date."]


def test_translator_can_publish_a_complete_russian_version(translator_client):
    item = NewsItemFactory(russian_ready=False)

    run_action(translator_client, NewsItem, "publish_russian", item)

    assert fresh(item).russian_ready is True


# --- translators: history ----------------------------------------------------------------------


@pytest.fixture
def item_with_history(officer_client):
    item = NewsItemFactory(title_en="First title")
    for title in ("Second title", "Third title"):
        data = change_form_data(officer_client.get(admin_url(NewsItem, "change", item.pk)))
        data["title_en"] = title
        assert officer_client.post(admin_url(NewsItem, "change", item.pk), data).status_code == 302
    return item


def test_translator_can_read_the_history(translator_client, item_with_history):
    response = translator_client.get(admin_url(NewsItem, "history", item_with_history.pk))

    assert response.status_code == 200
    assert "anna" in response.content.decode()


def test_translator_cannot_revert_to_an_earlier_version(translator_client, item_with_history):
    first = Version.objects.get_for_object(item_with_history).order_by("pk").first()
    url = admin_url(NewsItem, "revision", item_with_history.pk, first.pk)

    assert translator_client.get(url).status_code == 403
    data = {"title_ru": "Заголовок", "opened_version": "2"}
    assert translator_client.post(url, data).status_code == 403
    assert fresh(item_with_history).title_en == "Third title"


def test_translator_cannot_recover_a_deleted_item(
    translator_client, officer_client, item_with_history
):
    officer_client.post(admin_url(NewsItem, "delete", item_with_history.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(NewsItem).get()

    assert translator_client.get(admin_url(NewsItem, "recoverlist")).status_code == 403
    assert translator_client.get(admin_url(NewsItem, "recover", deleted.pk)).status_code == 403
    assert translator_client.post(admin_url(NewsItem, "recover", deleted.pk), {}).status_code == 403
    assert not NewsItem.objects.exists()
