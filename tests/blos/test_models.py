"""Borders and Border Liaison Offices: every invariant, at the model and at the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from apps.blos import geo
from apps.blos.models import Border, BorderLiaisonOffice
from apps.translations.visibility import public_texts
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


# Border: two different countries -----------------------------------------------------------


def test_border_between_country_and_itself_is_refused_by_full_clean():
    country = CountryFactory()
    border = Border(country_a=country, country_b=country, name_en="Nowhere", slug="nowhere")

    with pytest.raises(ValidationError) as exc:
        border.full_clean()

    assert set(exc.value.message_dict) == {"country_b"}


def test_border_between_country_and_itself_is_refused_by_database():
    country = CountryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Border.objects.create(country_a=country, country_b=country, name_en="Nowhere", slug="x")


def test_border_changed_to_join_a_country_with_itself_is_refused_by_database():
    border = BorderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Border.objects.filter(pk=border.pk).update(country_b=border.country_a)


# Border: one per pair of countries, in either order -----------------------------------------


@pytest.mark.parametrize("reverse_order", [False, True], ids=["same-order", "reverse-order"])
def test_second_border_between_the_same_countries_is_refused_by_full_clean(reverse_order):
    existing = BorderFactory()
    a, b = existing.country_a, existing.country_b
    if reverse_order:
        a, b = b, a
    duplicate = Border(country_a=a, country_b=b, name_en="Again", slug="again")

    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()

    assert set(exc.value.message_dict) == {"country_b"}


@pytest.mark.parametrize("reverse_order", [False, True], ids=["same-order", "reverse-order"])
def test_second_border_between_the_same_countries_is_refused_by_database(reverse_order):
    existing = BorderFactory()
    a, b = existing.country_a, existing.country_b
    if reverse_order:
        a, b = b, a

    with pytest.raises(IntegrityError), transaction.atomic():
        Border.objects.create(country_a=a, country_b=b, name_en="Again", slug="again")


def test_existing_border_passes_full_clean_against_itself():
    border = BorderFactory()

    border.full_clean()


def test_borders_sharing_one_country_are_allowed():
    border = BorderFactory()

    other = BorderFactory(country_a=border.country_b)

    other.full_clean()
    assert Border.objects.count() == 2


def test_duplicate_border_slug_is_refused_by_full_clean():
    BorderFactory(slug="kz-kg")
    border = BorderFactory.build(
        country_a=CountryFactory(), country_b=CountryFactory(), slug="kz-kg"
    )

    with pytest.raises(ValidationError) as exc:
        border.full_clean()

    assert set(exc.value.message_dict) == {"slug"}


def test_duplicate_border_slug_is_refused_by_database():
    BorderFactory(slug="kz-kg")

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderFactory(slug="kz-kg")


# BLO: the host country is one of the border's countries -------------------------------------


def test_blo_hosted_by_either_country_of_its_border_passes_full_clean():
    border = BorderFactory()

    for host in border.countries:
        BorderLiaisonOfficeFactory(border=border, host_country=host).full_clean()


def test_blo_hosted_by_a_country_off_its_border_is_refused_by_full_clean():
    blo = BorderLiaisonOfficeFactory.build(border=BorderFactory(), host_country=CountryFactory())

    with pytest.raises(ValidationError) as exc:
        blo.full_clean()

    assert set(exc.value.message_dict) == {"host_country"}


def test_blo_hosted_by_a_country_off_its_border_is_refused_by_database_on_insert():
    border = BorderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderLiaisonOfficeFactory(border=border, host_country=CountryFactory())

    assert not BorderLiaisonOffice.objects.exists()


def test_blo_host_country_changed_off_its_border_is_refused_by_database():
    blo = BorderLiaisonOfficeFactory()
    blo.host_country = CountryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        blo.save()


def test_blo_host_country_changed_off_its_border_by_queryset_update_is_refused_by_database():
    blo = BorderLiaisonOfficeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderLiaisonOffice.objects.filter(pk=blo.pk).update(host_country=CountryFactory())


def test_blo_moved_to_a_border_without_its_host_country_is_refused_by_database():
    blo = BorderLiaisonOfficeFactory()
    blo.border = BorderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        blo.save()


def test_blo_moved_to_another_border_of_its_host_country_is_allowed():
    blo = BorderLiaisonOfficeFactory()
    other_border = BorderFactory(country_b=blo.host_country)

    blo.border = other_border
    blo.save()

    blo.refresh_from_db()
    assert blo.border == other_border


def test_border_change_that_strands_a_blo_is_refused_by_database():
    blo = BorderLiaisonOfficeFactory()
    border = blo.border
    assert blo.host_country == border.country_a
    border.country_a = CountryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        border.save()


def test_border_change_that_keeps_every_blo_host_country_is_allowed():
    blo = BorderLiaisonOfficeFactory()
    border = blo.border
    new_neighbour = CountryFactory()

    border.country_b = new_neighbour
    border.save()

    border.refresh_from_db()
    assert border.countries == (blo.host_country, new_neighbour)


# BLO: coordinates, status, slug -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("95")),
        ("latitude", Decimal("-90.00001")),
        ("longitude", Decimal("200")),
        ("longitude", Decimal("-180.5")),
    ],
)
def test_blo_coordinate_out_of_range_is_refused_by_full_clean(field, value):
    blo = BorderLiaisonOfficeFactory.build(border=BorderFactory(), **{field: value})
    blo.host_country = blo.border.country_a

    with pytest.raises(ValidationError) as exc:
        blo.full_clean()

    assert set(exc.value.message_dict) == {field}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("95")),
        ("latitude", Decimal("-90.00001")),
        ("longitude", Decimal("200")),
        ("longitude", Decimal("-180.5")),
    ],
)
def test_blo_coordinate_out_of_range_is_refused_by_database(field, value):
    border = BorderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderLiaisonOfficeFactory(border=border, **{field: value})


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(Decimal("90"), Decimal("180")), (Decimal("-90"), Decimal("-180"))]
)
def test_blo_coordinates_on_the_limits_are_stored(latitude, longitude):
    # (Off the map of Central Asia, which full_clean() refuses; the database's limits.)
    blo = BorderLiaisonOfficeFactory(latitude=latitude, longitude=longitude)

    blo.refresh_from_db()
    assert (blo.latitude, blo.longitude) == (latitude, longitude)


def test_blo_status_outside_the_choices_is_refused_by_full_clean():
    blo = BorderLiaisonOfficeFactory(status=BorderLiaisonOffice.Status.PLANNED)
    blo.status = "abandoned"

    with pytest.raises(ValidationError) as exc:
        blo.full_clean()

    assert set(exc.value.message_dict) == {"status"}


def test_blo_status_outside_the_choices_is_refused_by_database():
    border = BorderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderLiaisonOfficeFactory(border=border, status="abandoned")


def test_duplicate_blo_slug_is_refused_by_full_clean():
    BorderLiaisonOfficeFactory(slug="dostyk")
    blo = BorderLiaisonOfficeFactory.build(border=BorderFactory(), slug="dostyk")
    blo.host_country = blo.border.country_a

    with pytest.raises(ValidationError) as exc:
        blo.full_clean()

    assert set(exc.value.message_dict) == {"slug"}


def test_duplicate_blo_slug_is_refused_by_database():
    existing = BorderLiaisonOfficeFactory(slug="dostyk")

    with pytest.raises(IntegrityError), transaction.atomic():
        BorderLiaisonOfficeFactory(border=existing.border, slug="dostyk")


# BLO: what the public may see --------------------------------------------------------------


def test_published_blos_exclude_unpublished_ones():
    published = BorderLiaisonOfficeFactory(is_published=True)
    BorderLiaisonOfficeFactory(is_published=False)

    assert list(BorderLiaisonOffice.objects.published()) == [published]


# The triggers themselves, in PostgreSQL's catalogue ---------------------------------------


@pytest.mark.postgresql
def test_host_country_triggers_are_installed_in_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, t.tgname
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgname LIKE 'blos_%%'
            ORDER BY t.tgname
            """
        )
        triggers = cursor.fetchall()

    assert triggers == [
        ("blos_borderliaisonoffice", "blos_blo_host_country_on_border"),
        ("blos_border", "blos_border_keeps_host_countries"),
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("status", BorderLiaisonOffice.Status.values)
def test_status_display_is_djangos_label_in_the_active_language(language, status):
    blo = BorderLiaisonOffice(status=status)
    field = BorderLiaisonOffice._meta.get_field("status")
    with translation.override(language):
        assert blo.get_status_display() == blo._get_FIELD_display(field)
        shown = blo.get_status_display()
    assert (shown == BorderLiaisonOffice.Status(status).label) is (language == "en")


def test_status_display_of_an_unknown_status_is_the_value_as_django_shows_it():
    blo = BorderLiaisonOffice(status="demolished")
    field = BorderLiaisonOffice._meta.get_field("status")
    assert blo.get_status_display() == blo._get_FIELD_display(field) == "demolished"


# What a page or an API answer loads ------------------------------------------------------------


def test_for_detail_loads_what_an_office_shows_in_one_query_and_no_long_texts(
    django_assert_num_queries,
):
    programme = ProgrammeFactory(title_en="Programme", title_ru="Программа")
    contact = ContactFactory(full_name_en="Person", full_name_ru="Лицо")
    office = BorderLiaisonOfficeFactory(programme=programme, contact=contact)

    with (
        django_assert_num_queries(1) as captured,
        public_texts(),
        translation.override("ru"),
    ):
        loaded = BorderLiaisonOffice.objects.for_detail().get(pk=office.pk)
        loaded.description  # noqa: B018 (read, without a query)
        shown = (
            loaded.name,
            loaded.border.name,
            loaded.host_country.name,
            loaded.public_programme.title,
            loaded.public_programme.get_absolute_url(),
            loaded.public_contact.full_name,
            loaded.public_contact.office.name,
        )

    [query] = captured.captured_queries
    assert '"programmes_programme"."body_en"' not in query["sql"]
    assert '"programmes_programme"."summary_ru"' not in query["sql"]
    assert shown[3] == "Программа" and shown[5] == "Лицо"
    assert all(shown)


def test_for_detail_hides_an_unpublished_programme_and_contact():
    office = BorderLiaisonOfficeFactory(
        programme=ProgrammeFactory(is_published=False),
        contact=ContactFactory(is_published=False),
    )

    loaded = BorderLiaisonOffice.objects.for_detail().get(pk=office.pk)

    assert loaded.public_programme is None and loaded.public_contact is None


# BLO: a position on the map --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "fields"),
    [
        ("10", "67.28", {"latitude"}),  # south of the map
        ("41.3", "120", {"longitude"}),  # east of it
        ("67.28", "37.22", {"latitude", "longitude"}),  # Termez, swapped
    ],
)
def test_a_position_off_the_map_is_refused_by_full_clean(latitude, longitude, fields):
    blo = BorderLiaisonOfficeFactory.build(
        border=(border := BorderFactory()),
        host_country=border.country_a,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
    )

    with pytest.raises(ValidationError) as exc:
        blo.full_clean()

    assert set(exc.value.message_dict) == fields
    messages = " ".join(message for field in fields for message in exc.value.message_dict[field])
    assert "Outside the map of Central Asia" in messages
    assert ("Latitude and longitude look swapped." in messages) == (len(fields) == 2)


def test_a_position_on_the_edge_of_the_map_passes_full_clean():
    border = BorderFactory()
    extent = geo.bounds()
    BorderLiaisonOfficeFactory(
        border=border,
        host_country=border.country_a,
        latitude=Decimal(str(extent["north"])),
        longitude=Decimal(str(extent["west"])),
    ).full_clean()
