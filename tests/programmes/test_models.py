"""Programmes and their components: years, the one-level hierarchy, publication."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.programmes.models import Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_programme_ending_before_it_starts_is_refused_by_full_clean():
    programme = ProgrammeFactory.build(start_year=2015, end_year=2014)

    with pytest.raises(ValidationError) as exc:
        programme.full_clean()

    assert set(exc.value.message_dict) == {"end_year"}


def test_programme_ending_before_it_starts_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(start_year=2015, end_year=2014)


def test_programme_changed_to_end_before_it_starts_is_refused_by_database():
    programme = ProgrammeFactory(start_year=2015, end_year=2021)

    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(end_year=2010)


def test_programme_starting_and_ending_in_the_same_year_is_allowed():
    programme = ProgrammeFactory(start_year=2019, end_year=2019)

    programme.full_clean()
    assert programme.years == "2019"


def test_open_ended_programme_without_end_year_is_allowed():
    programme = ProgrammeFactory(start_year=2022, end_year=None)

    programme.full_clean()
    programme.refresh_from_db()
    assert programme.end_year is None
    assert programme.years == "since 2022"
    with translation.override("ru"):
        assert programme.years == "с 2022 года"


@pytest.mark.parametrize(("field", "year"), [("start_year", 1989), ("end_year", 2101)])
def test_year_outside_1990_to_2100_is_refused_by_full_clean(field, year):
    programme = ProgrammeFactory.build(**{field: year})

    with pytest.raises(ValidationError) as exc:
        programme.full_clean()

    assert field in exc.value.message_dict


def test_programme_as_its_own_parent_is_refused_by_full_clean():
    programme = ProgrammeFactory()
    programme.parent = programme

    with pytest.raises(ValidationError) as exc:
        programme.full_clean()

    assert set(exc.value.message_dict) == {"parent"}


def test_programme_as_its_own_parent_is_refused_by_database():
    programme = ProgrammeFactory()
    programme.parent = programme

    with pytest.raises(IntegrityError), transaction.atomic():
        programme.save()


def test_component_of_a_programme_passes_full_clean():
    component = ProgrammeFactory(parent=ProgrammeFactory())

    component.full_clean()
    assert list(Programme.objects.top_level()) == [component.parent]


def test_component_of_a_component_is_refused_by_full_clean():
    component = ProgrammeFactory(parent=ProgrammeFactory())
    grandchild = ProgrammeFactory.build(parent=component)

    with pytest.raises(ValidationError) as exc:
        grandchild.full_clean()

    assert set(exc.value.message_dict) == {"parent"}


def test_programme_with_components_made_a_component_is_refused_by_full_clean():
    programme = ProgrammeFactory()
    ProgrammeFactory(parent=programme)
    programme.parent = ProgrammeFactory()

    with pytest.raises(ValidationError) as exc:
        programme.full_clean()

    assert set(exc.value.message_dict) == {"parent"}


def test_duplicate_programme_slug_is_refused_by_full_clean():
    ProgrammeFactory(slug="cbc")

    with pytest.raises(ValidationError) as exc:
        ProgrammeFactory.build(slug="cbc").full_clean()

    assert set(exc.value.message_dict) == {"slug"}


def test_duplicate_programme_slug_is_refused_by_database():
    ProgrammeFactory(slug="cbc")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(slug="cbc")


def test_published_programmes_exclude_unpublished_ones():
    published = ProgrammeFactory(is_published=True)
    ProgrammeFactory(is_published=False)

    assert list(Programme.objects.published()) == [published]


# What lists load -------------------------------------------------------------------------------


@pytest.fixture
def programmes_with_components():
    first = ProgrammeFactory(slug="first", title_en="First")
    ProgrammeFactory(slug="first-b", title_en="First B", parent=first, sort_order=2)
    ProgrammeFactory(slug="first-a", title_en="First A", parent=first, sort_order=1)
    ProgrammeFactory(slug="first-draft", parent=first, is_published=False)
    ProgrammeFactory(slug="second", title_en="Second")
    return first


def _components(programmes):
    return {p.slug: [c.slug for c in p.public_components] for p in programmes}


def test_with_components_lists_each_programmes_published_components(
    programmes_with_components, django_assert_num_queries
):
    with django_assert_num_queries(2):
        programmes = list(Programme.objects.published().top_level().with_components())
        components = _components(programmes)

    assert components == {"first": ["first-a", "first-b"], "second": []}


def test_for_links_reads_addresses_and_titles_only(
    programmes_with_components, django_assert_num_queries
):
    with django_assert_num_queries(2) as captured:
        programmes = list(Programme.objects.published().top_level().for_links())
        components = _components(programmes)
        links = [(p.get_absolute_url(), p.title) for p in programmes]
        links += [(c.get_absolute_url(), c.title) for p in programmes for c in p.public_components]

    assert components == {"first": ["first-a", "first-b"], "second": []}
    assert links[0] == ("/en/programmes/first/", "First")
    assert links[2:] == [
        ("/en/programmes/first-a/", "First A"),
        ("/en/programmes/first-b/", "First B"),
    ]
    assert all('"body_en"' not in query["sql"] for query in captured.captured_queries)
