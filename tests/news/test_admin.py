"""Admin of news items: pages, filters, invalid forms and the workflow actions (send for review,
publish, unpublish), which move only the items that may make the step."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.utils import timezone, translation

from apps.news.models import NewsItem
from tests.admin_helpers import (
    admin_url,
    assert_admin_pages_render,
    assert_shown_in_russian,
    changelist_objects,
    form_errors,
    post_in_russian,
)
from tests.factories import CountryFactory, NewsItemFactory
from tests.page_helpers import page, visible_text

pytestmark = pytest.mark.django_db


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
        "image_alt_en": "",
        "image_alt_ru": "",
        "image_caption_en": "",
        "image_caption_ru": "",
        "status": NewsItem.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        **changes,
    }


def test_admin_pages_render_with_english_and_russian_tabs(superuser_client):
    assert_admin_pages_render(superuser_client, NewsItemFactory(), "title")


def test_change_form_has_english_and_russian_title_inputs(superuser_client):
    item = NewsItemFactory(title_en="Opening", title_ru="Открытие")

    response = superuser_client.get(admin_url(NewsItem, "change", item.pk))

    form = response.context["adminform"].form
    assert {"title_en", "title_ru", "body_en", "body_ru"} <= set(form.fields)
    assert form.initial["title_ru"] == "Открытие"
    html = response.content.decode()
    assert 'name="title_en"' in html
    assert 'name="title_ru"' in html


def test_russian_version_filter_splits_news_items(superuser_client):
    complete = NewsItemFactory()
    no_russian_title = NewsItemFactory(title_ru="")
    untranslated_caption = NewsItemFactory(image_caption_en="Caption", image_caption_ru="")

    assert changelist_objects(superuser_client, NewsItem, ru_complete="yes") == {complete}
    assert changelist_objects(superuser_client, NewsItem, ru_complete="no") == {
        no_russian_title,
        untranslated_caption,
    }
    assert len(changelist_objects(superuser_client, NewsItem)) == 3


@pytest.mark.parametrize("query", ["таможенники", "ТАМОЖЕННИКИ", "термезе", "CUSTOMS", "customs"])
def test_admin_search_finds_words_in_any_case_in_both_languages(superuser_client, query):
    """On SQLite too, whose own LIKE folds only ASCII letters."""
    item = NewsItemFactory(
        title_en="Customs officers meet", title_ru="Таможенники встречаются в Термезе"
    )
    NewsItemFactory(title_en="Other", title_ru="Другое")

    assert changelist_objects(superuser_client, NewsItem, q=query) == {item}


def test_admin_autocomplete_finds_russian_names_in_any_case(superuser_client):
    """The news form's country field asks the country admin's search."""
    country = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    CountryFactory(iso_code="TJ", name_en="Tajikistan", name_ru="Таджикистан")

    response = superuser_client.get(
        "/admin/autocomplete/",
        {"term": "узбек", "app_label": "news", "model_name": "newsitem", "field_name": "countries"},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(country.pk)]


def test_changelist_lists_drafts_and_scheduled_items_too(superuser_client):
    items = {NewsItemFactory(), NewsItemFactory(draft=True), NewsItemFactory(scheduled=True)}

    assert changelist_objects(superuser_client, NewsItem) == items


@pytest.mark.parametrize(
    "params",
    [
        {"published_at__year": "9999"},
        {"published_at__year": "9999", "published_at__month": "12"},
        {"published_at__year": "9999", "published_at__month": "12", "published_at__day": "31"},
        {"published_at__year": "0"},
        {"published_at__year": "2021", "published_at__month": "13"},
        {"published_at__year": "2021", "published_at__month": "2", "published_at__day": "30"},
    ],
)
def test_an_impossible_date_in_the_lists_address_is_a_bad_filter_not_an_error(
    superuser_client, params
):
    """Year 9999's end, the year 10000, is out of Python's range: Django's own date hierarchy
    raised it as a server error."""
    NewsItemFactory()

    response = superuser_client.get(admin_url(NewsItem, "changelist"), params)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "params",
    [
        {"id__range": "1"},
        {"id__regex": "["},
        {"title_en__iregex": "(?"},
        pytest.param({"status__exact": "\x00"}, marks=pytest.mark.postgresql),
        pytest.param({"russian_status__exact": "\x00"}, marks=pytest.mark.postgresql),
    ],
)
def test_a_filter_the_database_cannot_run_is_a_bad_filter_not_an_error(superuser_client, params):
    """The admin allows any lookup in its address; these failed only when the query ran (one
    bound, a broken regular expression, NUL on PostgreSQL, before year 1 in UTC on SQLite:
    a 500, or on SQLite a 503 "database unavailable")."""
    NewsItemFactory(title_en="Still listed")

    response = superuser_client.get(admin_url(NewsItem, "changelist"), params)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert "Still listed" in superuser_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"published_at__year": "1"},
        {"published_at__gte": "0001-01-01"},
        {"updated_at__gte": "0001-01-01 00:00:00"},
    ],
)
def test_a_date_in_year_1_is_a_list_or_a_bad_filter_not_an_error(superuser_client, params):
    """Year 1 in Tashkent is before year 1 in UTC: converting it failed as the query ran (a
    500 on SQLite). A database that can run it lists what matches; otherwise the answer is the
    one for a bad filter."""
    NewsItemFactory(title_en="Still listed")

    response = superuser_client.get(admin_url(NewsItem, "changelist"), params)

    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    else:
        assert response.status_code == 200
        assert response.context["cl"].result_count in (0, 1)
    if connection.vendor == "sqlite":
        assert response.status_code == 302


def test_a_date_in_the_lists_address_still_narrows_the_list(superuser_client):
    in_2021 = NewsItemFactory(published_at=timezone.now().replace(year=2021, month=6, day=15))
    NewsItemFactory(published_at=timezone.now().replace(year=2022, month=6, day=15))

    listed = changelist_objects(superuser_client, NewsItem, published_at__year="2021")

    assert listed == {in_2021}


def test_the_slugs_help_text_shows_whole_in_both_languages(superuser_client):
    """The admin shows help texts as HTML: "/en/news/<slug>/" read "/en/news//"."""
    english = superuser_client.get(admin_url(NewsItem, "add"))
    russian = superuser_client.get(admin_url(NewsItem, "add"), HTTP_ACCEPT_LANGUAGE="ru")

    assert "as in /en/news/tashkent-roundtable/." in visible_text(page(english))
    assert "например /ru/news/tashkent-roundtable/." in visible_text(page(russian))


def test_news_item_added_in_the_admin_is_saved(superuser_client):
    response = superuser_client.post(admin_url(NewsItem, "add"), news_form())

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert (item.slug, item.status, item.title_ru) == (
        "blo-opens-at-dostyk",
        NewsItem.Status.DRAFT,
        "В Достыке открылся новый ПКП",
    )


def test_history_names_only_the_fields_whose_text_changed(superuser_client):
    """The rich-text editor writes back the HTML it was given in its own layout (no line
    breaks between paragraphs): that is not a change of the body."""
    body = "<p>The office opened on Monday.</p>\n<p>It serves two crossings.</p>"
    superuser_client.post(admin_url(NewsItem, "add"), news_form(body_en=body))
    item = NewsItem.objects.get()

    response = superuser_client.post(
        admin_url(NewsItem, "change", item.pk),
        news_form(
            title_en="A new BLO opens at Dostyk station",
            body_en=body.replace("\n", ""),
            opened_version=item.version,
        ),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.filter(action_flag=CHANGE).get()
    assert entry.get_change_message() == "Changed Title [en]."


def test_history_names_a_body_whose_words_changed(superuser_client):
    superuser_client.post(admin_url(NewsItem, "add"), news_form())
    item = NewsItem.objects.get()

    superuser_client.post(
        admin_url(NewsItem, "change", item.pk),
        news_form(body_en="<p>The office opened on Tuesday.</p>", opened_version=item.version),
    )

    entry = LogEntry.objects.filter(action_flag=CHANGE).get()
    assert entry.get_change_message() == "Changed Body [en]."


def test_published_item_without_date_is_refused_by_the_admin(superuser_client):
    response = superuser_client.post(
        admin_url(NewsItem, "add"), news_form(status=NewsItem.Status.PUBLISHED)
    )

    errors = form_errors(response)
    assert set(errors) == {"published_at"}
    assert "needs a publication date" in errors["published_at"][0]
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize(
    ("day", "time"), [("0001-01-01", "00:00"), ("9999-12-31", "23:59"), ("1989-12-31", "12:00")]
)
def test_publication_date_out_of_the_sites_range_is_a_field_error(superuser_client, day, time):
    """Year 1 could not be converted to UTC (a 500 on save); year 9999 broke the admin's
    list of years."""
    data = news_form(published_at_0=day, published_at_1=time)

    response = superuser_client.post(admin_url(NewsItem, "add"), data)
    russian = post_in_russian(superuser_client, admin_url(NewsItem, "add"), data)

    assert form_errors(response) == {"published_at": ["Enter a date between 1990 and 2100."]}
    assert form_errors(russian) == {"published_at": ["Введите дату в пределах 1990–2100 годов."]}
    assert not NewsItem.objects.exists()


def test_publication_dates_at_the_ends_of_the_range_are_kept(superuser_client):
    for slug, day in (("first", "1990-01-01"), ("last", "2100-12-31")):
        data = news_form(slug=slug, published_at_0=day, published_at_1="12:00")
        assert superuser_client.post(admin_url(NewsItem, "add"), data).status_code == 302

    assert sorted(item.published_at.year for item in NewsItem.objects.all()) == [1990, 2100]


def test_a_slug_typed_in_capitals_is_stored_in_lower_case(superuser_client):
    response = superuser_client.post(admin_url(NewsItem, "add"), news_form(slug="BLO-Opens"))

    assert response.status_code == 302
    assert NewsItem.objects.get().slug == "blo-opens"


def test_a_slug_differing_only_in_case_is_refused_as_a_duplicate(superuser_client):
    """/en/news/Draft-Example/ and /en/news/draft-example/ were two articles."""
    NewsItemFactory(slug="blo-opens-at-dostyk")

    response = superuser_client.post(
        admin_url(NewsItem, "add"), news_form(slug="BLO-Opens-at-Dostyk")
    )

    assert set(form_errors(response)) == {"slug"}
    assert NewsItem.objects.count() == 1


def test_duplicate_news_slug_is_refused_by_the_admin(superuser_client):
    NewsItemFactory(slug="blo-opens-at-dostyk")

    response = superuser_client.post(admin_url(NewsItem, "add"), news_form())

    assert set(form_errors(response)) == {"slug"}
    assert NewsItem.objects.count() == 1


def test_item_without_english_title_is_refused_by_the_admin(superuser_client):
    response = superuser_client.post(admin_url(NewsItem, "add"), news_form(title_en=""))

    assert set(form_errors(response)) == {"title_en"}
    assert not NewsItem.objects.exists()


def test_publication_date_error_is_in_russian_in_the_russian_admin(superuser_client):
    response = post_in_russian(
        superuser_client, admin_url(NewsItem, "add"), news_form(status=NewsItem.Status.PUBLISHED)
    )

    assert set(form_errors(response)) == {"published_at"}
    assert_shown_in_russian(
        response, "published_at", english="A published item needs a publication date."
    )
    assert not NewsItem.objects.exists()


def test_item_saved_in_the_russian_admin_keeps_its_russian_body_empty(superuser_client):
    response = post_in_russian(
        superuser_client, admin_url(NewsItem, "add"), news_form(body_ru="", title_ru="")
    )

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert not item.body_ru


# Actions -----------------------------------------------------------------------------------


def run_action(client, action, *items, **headers):
    return client.post(
        admin_url(NewsItem, "changelist"),
        {"action": action, "_selected_action": [item.pk for item in items]},
        **headers,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def in_review(**kwargs):
    return NewsItemFactory(status=NewsItem.Status.IN_REVIEW, published_at=None, **kwargs)


def test_publish_action_publishes_an_undated_item_in_review_now(superuser_client):
    item = in_review()
    before = timezone.now()

    response = run_action(superuser_client, "publish", item)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED
    assert before <= item.published_at <= timezone.now()
    assert list(NewsItem.objects.published()) == [item]
    assert messages_of(response) == ["1 news item was published."]


def test_publish_action_leaves_a_draft_as_it_was_and_says_so(superuser_client):
    """Drafts are sent for review before they are published."""
    draft = NewsItemFactory(draft=True)

    response = run_action(superuser_client, "publish", draft)

    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (NewsItem.Status.DRAFT, None)
    assert not NewsItem.objects.published().exists()
    # No "0 news items were published." success: only what to do instead.
    assert messages_of(response) == [
        "1 item was left as it was: this step is open only to items with the status “in review”.",
    ]


def test_publish_actions_refusal_says_what_to_do_in_russian(superuser_client):
    draft = NewsItemFactory(draft=True)

    with translation.override("en"):
        response = run_action(superuser_client, "publish", draft, HTTP_ACCEPT_LANGUAGE="ru")

    assert messages_of(response) == [
        "1 запись оставлена без изменений: этот шаг доступен только записям со статусом "
        "«на проверке».",
    ]


def test_publish_action_keeps_a_future_date_so_the_item_stays_scheduled(superuser_client):
    future = timezone.now() + timedelta(days=2)
    dated = NewsItemFactory(status=NewsItem.Status.IN_REVIEW, published_at=future)
    scheduled = NewsItemFactory(scheduled=True)
    scheduled_at = scheduled.published_at
    scheduled_version = scheduled.version

    run_action(superuser_client, "publish", dated, scheduled)

    dated.refresh_from_db()
    scheduled.refresh_from_db()
    assert dated.status == NewsItem.Status.PUBLISHED
    assert dated.published_at == future
    # Already published (scheduled): not a step it can make, left untouched.
    assert scheduled.published_at == scheduled_at
    assert scheduled.version == scheduled_version
    assert set(NewsItem.objects.scheduled()) == {dated, scheduled}
    assert not NewsItem.objects.published().exists()


def test_publish_action_reports_how_many_items_it_published_and_how_many_it_left(
    superuser_client,
):
    reviewed = [in_review(), in_review()]
    draft = NewsItemFactory(draft=True)
    already_published = NewsItemFactory()

    response = run_action(superuser_client, "publish", *reviewed, draft, already_published)

    assert messages_of(response) == [
        "2 news items were published.",
        "2 items were left as they were: this step is open only to items with the status "
        "“in review”.",
    ]
    assert set(NewsItem.objects.published()) == {*reviewed, already_published}
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT


def test_unpublish_action_returns_published_and_scheduled_items_to_draft(superuser_client):
    published = NewsItemFactory()
    scheduled = NewsItemFactory(scheduled=True)
    draft = NewsItemFactory(draft=True)
    reviewed = in_review()

    response = run_action(superuser_client, "unpublish", published, scheduled, draft, reviewed)

    assert response.status_code == 302
    assert set(NewsItem.objects.drafts()) == {published, scheduled, draft}
    assert not NewsItem.objects.published().exists()
    assert not NewsItem.objects.scheduled().exists()
    # Only published items are unpublished: the item in review stays in review.
    reviewed.refresh_from_db()
    assert reviewed.status == NewsItem.Status.IN_REVIEW
    assert messages_of(response) == [
        "2 news items were returned to draft.",
        "2 items were left as they were: this step is open only to items with the status "
        "“published”.",
    ]


def test_send_for_review_action_moves_drafts_to_review_only(superuser_client):
    drafts = [NewsItemFactory(draft=True), NewsItemFactory(draft=True)]
    published = NewsItemFactory()

    response = run_action(superuser_client, "send_for_review", *drafts, published)

    assert set(NewsItem.objects.filter(status=NewsItem.Status.IN_REVIEW)) == set(drafts)
    published.refresh_from_db()
    assert published.status == NewsItem.Status.PUBLISHED
    assert messages_of(response) == [
        "2 news items were sent for review.",
        "1 item was left as it was: this step is open only to items with the status “draft”.",
    ]


def test_unpublished_item_goes_through_review_again_and_keeps_its_date(superuser_client):
    item = NewsItemFactory()
    first_published_at = item.published_at

    run_action(superuser_client, "unpublish", item)
    run_action(superuser_client, "publish", item)
    item.refresh_from_db()
    assert item.status == NewsItem.Status.DRAFT  # a draft is not published directly

    run_action(superuser_client, "send_for_review", item)
    run_action(superuser_client, "publish", item)

    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED
    assert item.published_at == first_published_at
    assert list(NewsItem.objects.published()) == [item]
