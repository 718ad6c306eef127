"""Country and Topic: the ISO code rule, at the model and at the database. The content
version: one row, a counter that concurrent saves never lose a step of."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation

from apps.core.models import ContentVersion, Country, Topic
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    CountryFactory,
    NewsItemFactory,
    ProgrammeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("iso_code", ["uz", "Uz", "U", "UZB", "U1", "12"])
def test_country_iso_code_other_than_two_capitals_is_refused_by_full_clean(iso_code):
    country = Country(iso_code=iso_code, name_en="Uzbekistan")

    with pytest.raises(ValidationError) as exc:
        country.full_clean()

    assert set(exc.value.message_dict) == {"iso_code"}


def test_country_with_two_capitals_passes_full_clean():
    Country(iso_code="UZ", name_en="Uzbekistan").full_clean()


@pytest.mark.parametrize("iso_code", ["uz", "Uz", "U", "U1", "1 ", "12", "-Z"])
def test_country_iso_code_other_than_two_capitals_is_refused_by_database(iso_code):
    # Lower case and a single letter: "UZB" would be stopped by varchar(2) on PostgreSQL
    # (a DataError) before the CHECK constraint, so the constraint is shown with these.
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso_code=iso_code, name_en="Uzbekistan")


def test_country_iso_code_changed_to_lower_case_by_update_is_refused_by_database():
    country = CountryFactory(iso_code="UZ")

    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.filter(pk=country.pk).update(iso_code="uz")


def test_duplicate_country_iso_code_is_refused_by_full_clean():
    CountryFactory(iso_code="KZ")

    with pytest.raises(ValidationError) as exc:
        Country(iso_code="KZ", name_en="Kazakhstan again").full_clean()

    assert set(exc.value.message_dict) == {"iso_code"}


def test_duplicate_country_iso_code_is_refused_by_database():
    CountryFactory(iso_code="KZ")

    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso_code="KZ", name_en="Kazakhstan again")


def test_country_without_english_name_is_refused_by_full_clean():
    with pytest.raises(ValidationError) as exc:
        Country(iso_code="TJ", name_en="", name_ru="Таджикистан").full_clean()

    assert "name_en" in exc.value.message_dict


def test_country_without_russian_name_passes_full_clean():
    Country(iso_code="TJ", name_en="Tajikistan", name_ru="").full_clean()


def test_country_name_follows_the_active_language_and_falls_back_to_english():
    country = CountryFactory(name_en="Kyrgyzstan", name_ru="Кыргызстан")
    untranslated = CountryFactory(name_en="Turkmenistan", name_ru="")

    with translation.override("en"):
        assert str(country) == "Kyrgyzstan"
    with translation.override("ru"):
        assert str(country) == "Кыргызстан"
        assert str(untranslated) == "Turkmenistan"


def test_duplicate_topic_slug_is_refused_by_full_clean():
    TopicFactory(slug="trade")

    with pytest.raises(ValidationError) as exc:
        Topic(slug="trade", name_en="Trade again").full_clean()

    assert set(exc.value.message_dict) == {"slug"}


def test_duplicate_topic_slug_is_refused_by_database():
    TopicFactory(slug="trade")

    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(slug="trade", name_en="Trade again")


# --- The content version ----------------------------------------------------------------------


def test_the_content_version_row_is_made_by_the_migration_and_counts_up():
    assert ContentVersion.objects.count() == 1
    before = ContentVersion.current()

    ContentVersion.bump()
    ContentVersion.bump()

    assert ContentVersion.current() == before + 2


def test_saving_content_bumps_the_content_version():
    before = ContentVersion.current()

    topic = TopicFactory()
    topic.delete()

    assert ContentVersion.current() > before + 1


def test_without_its_row_the_content_version_reads_0_and_the_next_bump_makes_it():
    """A flushed database (a transactional test) has no row; reading never writes."""
    if connection.vendor == "postgresql":
        pytest.skip("On PostgreSQL the content version is a sequence, not the row")
    ContentVersion.objects.all().delete()

    assert ContentVersion.current() == 0
    assert not ContentVersion.objects.exists()
    ContentVersion.bump()
    assert ContentVersion.current() == 1


def test_a_second_content_version_row_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentVersion.objects.create(pk=2)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_bumps_of_the_content_version_are_all_counted():
    """Eight connections bump at once, each in its own transaction: none of the increments
    is lost."""
    before = ContentVersion.current()
    start = threading.Barrier(8)
    errors = []

    def bump_in_a_transaction():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    ContentVersion.bump()
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=bump_in_a_transaction) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert ContentVersion.current() == before + 40


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_bump_in_an_open_transaction_neither_waits_nor_blocks():
    """An editor's long transaction (an XLIFF import) has bumped the version: another
    connection sees the new number at once and bumps it too without waiting (a locked row
    would make it wait until the first transaction ends, or deadlock)."""
    bumped, release = threading.Event(), threading.Event()

    def long_transaction():
        try:
            with transaction.atomic():
                ContentVersion.bump()
                bumped.set()
                release.wait(10)
        finally:
            connections.close_all()

    before = ContentVersion.current()
    thread = threading.Thread(target=long_transaction)
    thread.start()
    try:
        assert bumped.wait(10)
        assert ContentVersion.current() == before + 1
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        started = time.monotonic()
        with transaction.atomic():
            ContentVersion.bump()
        assert time.monotonic() - started < 0.5
        assert ContentVersion.current() == before + 2
    finally:
        release.set()
        thread.join()


# --- slugs in lower case (LowercaseSlugField, and a CHECK constraint on each table) ----------


def slugged_objects():
    return [
        TopicFactory(),
        BorderFactory(),
        BorderLiaisonOfficeFactory(),
        ProgrammeFactory(),
        NewsItemFactory(),
    ]


def test_a_slug_saved_in_capitals_is_stored_in_lower_case():
    for n, obj in enumerate(slugged_objects()):
        obj.slug = f"Mixed-Case-{n}"
        obj.save()

        assert type(obj).objects.get(pk=obj.pk).slug == f"mixed-case-{n}", type(obj)


def test_an_update_of_a_slug_in_capitals_stores_it_in_lower_case():
    for n, obj in enumerate(slugged_objects()):
        type(obj).objects.filter(pk=obj.pk).update(slug=f"Upper-Case-{n}")

        assert type(obj).objects.get(pk=obj.pk).slug == f"upper-case-{n}", type(obj)


def test_a_slug_in_capitals_written_past_the_orm_is_refused_by_the_database():
    for obj in slugged_objects():
        table = type(obj)._meta.db_table
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET slug = %s WHERE id = %s", ["Upper-Case", obj.pk])
