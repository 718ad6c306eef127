"""The translators' queue, /admin/translations/: everything missing or outdated in Russian."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.news.models import NewsItem
from apps.translations.models import TranslationStatus
from tests.admin_helpers import admin_url
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
from tests.page_helpers import page
from tests.translations.conftest import PASSWORD

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translations/"


def reload(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def edit(obj, **values):
    fresh = reload(obj)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh.save()
    return reload(fresh)


def set_changed_at(obj, when: datetime):
    type(obj)._default_manager.filter(pk=obj.pk).update(english_changed_at=when)


def queued(response) -> list:
    assert response.status_code == 200
    return [entry["object"] for entry in response.context["items"]]


def rows(response) -> list[str]:
    """The queue table's rows, as HTML."""
    return re.findall(r'<tr class="queue-item.*?</tr>', response.content.decode(), re.S)


def row_of(response, obj) -> str:
    url = admin_url(type(obj), "change", obj.pk)
    found = [row for row in rows(response) if f'href="{url}"' in row]
    assert len(found) == 1, f"{obj!r} ({url}) is not listed once in the queue"
    return found[0]


# --- who may see it ---------------------------------------------------------------------------


def test_url_name():
    assert reverse("translations:queue") == QUEUE


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={QUEUE}"


def test_user_who_is_not_staff_is_refused(client, django_user_model):
    NewsItemFactory(summary_ru="")
    user = django_user_model.objects.create_user("reader", password=PASSWORD)
    client.force_login(user)

    response = client.get(QUEUE, follow=True)

    assert response.redirect_chain == [(f"/admin/login/?next={QUEUE}", 302)]
    html = response.content.decode()
    assert "You are authenticated as reader, but are not authorized to access this page" in html
    assert "translation-queue" not in html
    assert "News item 0" not in html


def test_inactive_staff_user_is_refused(client, translator):
    translator.is_active = False
    translator.save()
    client.force_login(translator)

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["superuser_client", "officer_client", "translator_client"])
def test_staff_see_the_queue(role, request):
    client = request.getfixturevalue(role)
    item = NewsItemFactory(summary_ru="")

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert queued(response) == [item]
    html = response.content.decode()
    assert "<title>Translation queue | bordercoop</title>" in html
    assert "1 item needs Russian work, oldest first." in html


def test_officers_get_the_xliff_buttons_and_translators_do_not(officer_client, client, translator):
    officer_html = officer_client.get(QUEUE).content.decode()
    client.force_login(translator)
    translator_html = client.get(QUEUE).content.decode()

    for url in ("/admin/translations/export/", "/admin/translations/import/"):
        assert f'href="{url}"' in officer_html
        assert f'href="{url}"' not in translator_html


def test_staff_user_without_permissions_sees_nothing_listed(client, django_user_model):
    NewsItemFactory(summary_ru="")
    user = django_user_model.objects.create_user("intern", password=PASSWORD, is_staff=True)
    client.force_login(user)

    response = client.get(QUEUE)

    assert queued(response) == []


def test_staff_user_who_may_only_view_sees_items_without_links(client, django_user_model):
    item = NewsItemFactory(summary_ru="")
    user = django_user_model.objects.create_user("auditor", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_newsitem"))
    client.force_login(user)

    response = client.get(QUEUE)

    assert queued(response) == [item]
    assert admin_url(NewsItem, "change", item.pk) not in response.content.decode()


# --- what it lists -------------------------------------------------------------------------------


def test_lists_missing_and_outdated_items_of_every_content_type(translator_client):
    up_to_date = [
        CountryFactory(),
        TopicFactory(),
        NewsItemFactory(),
        ProgrammeFactory(),
        BorderLiaisonOfficeFactory(),
    ]
    expected = {
        CountryFactory(name_ru=""),
        edit(TopicFactory(), name_en="Customs"),
        OfficeFactory(city_ru=""),
        edit(ContactFactory(), position_en="Head of office"),
        BorderFactory(name_ru=""),
        edit(BorderLiaisonOfficeFactory(), crossing_point_en="Khorgos"),
        ProgrammeFactory(summary_ru=""),
        edit(NewsItemFactory(), title_en="A changed title"),
    }

    response = translator_client.get(QUEUE)

    listed = queued(response)
    assert set(listed) == expected
    assert len(listed) == len(expected)
    assert {type(obj) for obj in listed} == {type(obj) for obj in expected}  # all eight kinds
    for obj in up_to_date:
        assert obj not in listed
    assert {entry["status"] for entry in response.context["items"]} == {
        TranslationStatus.MISSING,
        TranslationStatus.OUTDATED,
    }
    for obj in expected:
        assert f'href="{admin_url(type(obj), "change", obj.pk)}"' in row_of(response, obj)


def test_every_row_links_straight_to_the_admin_change_page(translator_client):
    item = edit(NewsItemFactory(), summary_en="Officers met again.")
    blo = BorderLiaisonOfficeFactory(name_ru="")

    response = translator_client.get(QUEUE)

    assert f'<a href="/admin/news/newsitem/{item.pk}/change/">{item.title_en}</a>' in row_of(
        response, item
    )
    assert f'<a href="/admin/blos/borderliaisonoffice/{blo.pk}/change/">' in row_of(response, blo)
    assert translator_client.get(admin_url(NewsItem, "change", item.pk)).status_code == 200


def test_oldest_english_change_comes_first(translator_client):
    newest = NewsItemFactory(summary_ru="")
    oldest = edit(ProgrammeFactory(), summary_en="A new summary.")
    middle = CountryFactory(name_ru="")
    set_changed_at(newest, datetime(2024, 3, 1, tzinfo=UTC))
    set_changed_at(oldest, datetime(2022, 1, 1, tzinfo=UTC))
    set_changed_at(middle, datetime(2023, 6, 1, tzinfo=UTC))

    response = translator_client.get(QUEUE)

    assert queued(response) == [oldest, middle, newest]
    html = response.content.decode()
    positions = [html.index(admin_url(type(o), "change", o.pk)) for o in (oldest, middle, newest)]
    assert positions == sorted(positions)


def test_items_never_dated_come_last(translator_client):
    undated = NewsItemFactory(summary_ru="")
    dated = CountryFactory(name_ru="")
    NewsItem.objects.filter(pk=undated.pk).update(english_changed_at=None)
    set_changed_at(dated, datetime(2020, 1, 1, tzinfo=UTC))

    assert queued(translator_client.get(QUEUE)) == [dated, undated]


def test_up_to_date_items_are_absent_and_an_empty_queue_says_so(translator_client):
    NewsItemFactory()
    CountryFactory()

    response = translator_client.get(QUEUE)

    assert queued(response) == []
    assert "Nothing to translate: every Russian version is up to date." in (
        response.content.decode()
    )


def test_an_item_leaves_the_queue_once_translated_or_marked_up_to_date(translator_client):
    translated = edit(NewsItemFactory(), summary_en="Officers met again.")
    checked = edit(NewsItemFactory(), summary_en="Officers met once more.")
    assert set(queued(translator_client.get(QUEUE))) == {translated, checked}

    edit(translated, summary_ru="Сотрудники снова встретились.")
    translator_client.post(
        admin_url(NewsItem, "changelist"),
        {"action": "mark_russian_up_to_date", "_selected_action": [checked.pk]},
    )

    assert queued(translator_client.get(QUEUE)) == []


# --- what changed in the English ----------------------------------------------------------


def test_outdated_item_shows_a_word_diff_of_the_changed_fields_only(translator_client):
    item = NewsItemFactory(
        summary_en="Officers met at the border.",
        body_en="<p>Officers from both sides met.</p><p>They agreed on a plan.</p>",
    )
    item = edit(
        item,
        summary_en="Senior officers met at the northern border.",
        body_en="<p>Officers from both sides met.</p><p>They agreed on a new plan.</p>",
    )

    response = translator_client.get(QUEUE)

    (entry,) = response.context["items"]
    assert list(entry["diff"]) == ["body", "summary"]
    row = row_of(response, item)
    assert (
        '<p class="diff"><strong>Summary:</strong> <del>Officers</del> <ins>Senior officers</ins> '
        "met at the <ins>northern</ins> border.</p>"
    ) in row
    assert (
        '<p class="diff"><strong>Body:</strong> Officers from both sides met. They agreed on a '
        "<ins>new</ins> plan.</p>"
    ) in row
    # The title and dateline did not change: not shown.
    assert "Title:" not in row
    assert "Dateline:" not in row


def test_whitespace_changes_are_not_shown_as_changes(translator_client):
    item = edit(NewsItemFactory(), summary_en="Officers met at the border.\n\nAgain.")
    item = edit(item, title_en=item.title_en + "  \n")

    row = row_of(translator_client.get(QUEUE), item)

    assert "Title:" not in row
    assert "<strong>Summary:</strong> Officers met at the border. <ins>Again.</ins>" in row


def test_the_diff_runs_from_the_english_last_translated(translator_client):
    item = edit(NewsItemFactory(summary_en="One."), summary_en="One two.")
    item = edit(item, summary_en="One two three.")

    row = row_of(translator_client.get(QUEUE), item)

    assert "<strong>Summary:</strong> <del>One.</del> <ins>One two three.</ins>" in row


@pytest.mark.parametrize(
    ("body_en", "shown"),
    [
        ("<h2>Officers met.</h2>", "Изменилось только оформление (заголовки, списки, полужирный"),
        (
            '<p><a href="https://example.org/osh-report">Officers met.</a></p>',
            "Ссылки: <ins>https://example.org/osh-report</ins>",
        ),
    ],
    ids=["formatting", "link"],
)
def test_a_change_of_formatting_or_links_alone_is_shown_not_blank(
    translator_client, body_en, shown
):
    """The item is outdated (its markup changed): the translator is told what changed."""
    item = edit(NewsItemFactory(body_en="<p>Officers met.</p>"), body_en=body_en)
    assert item.russian_status == TranslationStatus.OUTDATED

    row = row_of(translator_client.get(QUEUE, headers={"accept-language": "ru"}), item)

    assert shown in row


def test_missing_item_shows_no_diff(translator_client):
    item = NewsItemFactory(summary_ru="")

    response = translator_client.get(QUEUE)

    (entry,) = response.context["items"]
    assert entry["status"] == TranslationStatus.MISSING
    assert entry["diff"] == {}
    assert "<td>missing</td>" in row_of(response, item)


def test_english_text_with_a_script_tag_is_shown_escaped(translator_client):
    item = edit(
        NewsItemFactory(),
        title_en="<script>alert('title')</script> Roundtable",
        summary_en="Officers met <script>alert('summary')</script> at the border.",
        body_en="<p>Officers &lt;script&gt;alert(1)&lt;/script&gt; met at the crossing point.</p>"
        "<script>x()</script>",
    )

    response = translator_client.get(QUEUE)

    html = response.content.decode()
    assert "<script>alert(" not in html
    row = row_of(response, item)
    assert "<ins>&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt;</ins>" in row, row
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Roundtable</a>" in row
    # The body is rich text: a real <script> was removed when it was saved; one written as
    # text is shown as text.
    assert (
        "<strong>Body:</strong> Officers <del>from both sides</del> "
        "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> met" in row
    )
    assert "x()" not in row


def test_queue_page_in_russian(translator_client):
    edit(NewsItemFactory(), summary_en="Officers met again.")

    response = translator_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "Translation queue" not in html


@pytest.mark.parametrize(
    ("path", "current"),
    [(QUEUE, True), ("/admin/translations/import/", False), ("/admin/news/newsitem/", False)],
)
def test_the_admins_sidebar_leads_to_the_queue_as_the_index_does(officer_client, path, current):
    response = officer_client.get(path, headers={"accept-language": "ru"})

    sidebar = page(response).get("nav", id="nav-sidebar")
    tools = sidebar.get("div", id="translation-tools")
    assert tools.get("caption").clean_text == "Переводы"
    link = tools.get("a")
    assert (link.attrs["href"], link.clean_text) == (QUEUE, "Очередь перевода")
    assert (link.attrs.get("aria-current") == "page") is current
    assert page(officer_client.get("/admin/")).find_all("div", id="translation-tools")
