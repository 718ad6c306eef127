"""What the public reads of a Russian version that is not published: nothing, however the
object is loaded (whole rows, only() some columns, related objects of a news item)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.core import i18n
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from apps.translations.visibility import public_texts
from tests.factories import NewsItemFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unready():
    return ProgrammeFactory(title_en="English title", title_ru="Черновик", russian_ready=False)


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(lambda pk: Programme.objects.get(pk=pk), id="whole-row"),
        pytest.param(
            lambda pk: Programme.objects.only(*i18n.columns(Programme, "title")).get(pk=pk),
            id="only-with-flag",
        ),
        pytest.param(
            lambda pk: Programme.objects.only("slug", "title_en", "title_ru").get(pk=pk),
            id="only-without-flag",
        ),
    ],
)
def test_an_unpublished_russian_text_is_never_shown_to_the_public(unready, load):
    with public_texts(), translation.override("ru"):
        programme = load(unready.pk)
        assert programme.title == "English title"
        assert programme.title_ru is None


def test_loaded_without_its_flag_a_published_russian_text_counts_as_unpublished():
    """The safe side: only() without russian_ready cannot tell, so English is shown."""
    ready = ProgrammeFactory(title_en="English title", title_ru="Готово")

    with public_texts(), translation.override("ru"):
        assert Programme.objects.only(*i18n.columns(Programme, "title")).get().title == "Готово"
        assert Programme.objects.only("title_en", "title_ru").get(pk=ready.pk).title == (
            "English title"
        )


def test_staff_read_every_text_as_stored(unready):
    with translation.override("ru"):
        assert Programme.objects.only("title_en", "title_ru").get().title == "Черновик"


def test_a_news_item_reads_only_the_columns_its_related_objects_show(unready):
    item = NewsItemFactory()
    item.programmes.add(unready)

    with (
        CaptureQueriesContext(connection) as queries,
        public_texts(),
        translation.override("ru"),
    ):
        loaded = NewsItem.objects.for_detail().get(pk=item.pk)
        titles = [programme.title for programme in loaded.public_programmes]

    programme_sql = next(q["sql"] for q in queries if 'FROM "programmes_programme"' in q["sql"])
    assert '"programmes_programme"."body_ru"' not in programme_sql
    assert '"programmes_programme"."russian_ready"' in programme_sql
    assert titles == ["English title"]


def test_a_deferred_russian_text_loaded_later_follows_the_objects_own_flag():
    """Read after an only() without it, a published Russian title is shown (and a save keeps
    it); an unpublished one stays hidden, and that copy refuses to be saved."""
    ready = ProgrammeFactory(title_en="English", title_ru="Русский")
    unready_programme = ProgrammeFactory(
        title_en="English too", title_ru="Черновик", russian_ready=False
    )

    with public_texts(), translation.override("ru"):
        shown = Programme.objects.only("slug", "title_en", "russian_ready").get(pk=ready.pk)
        assert shown.title_ru == "Русский"
        shown.save()
        hidden = Programme.objects.only("slug", "title_en").get(pk=unready_programme.pk)
        assert hidden.title_ru is None
        assert hidden.title == "English too"
        with pytest.raises(RuntimeError):
            hidden.save()

    ready.refresh_from_db()
    unready_programme.refresh_from_db()
    assert ready.title_ru == "Русский"
    assert unready_programme.title_ru == "Черновик"


def test_a_whole_reload_for_the_public_keeps_the_mask_on_the_object(unready):
    with public_texts():
        programme = Programme.objects.get(pk=unready.pk)
        programme.refresh_from_db()

        assert programme.title_ru is None
        with pytest.raises(RuntimeError):
            programme.save()
