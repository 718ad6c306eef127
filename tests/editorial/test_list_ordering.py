"""Admin lists sorted by a column of a related object (a BLO's border, a contact's office)."""

import pytest
from django.contrib import admin
from django.utils import translation

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.programmes.models import Programme
from tests.admin_helpers import admin_url
from tests.factories import (
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    OfficeFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def related_names_in_two_orders():
    """Countries, borders and offices whose English and Russian names sort differently, each
    linked from rows whose own names sort another way."""
    countries = [
        CountryFactory(iso_code="AA", name_en="Alpha", name_ru="Яблоко"),
        CountryFactory(iso_code="BB", name_en="Bravo", name_ru="Банан"),
        CountryFactory(iso_code="CC", name_en="Charlie", name_ru="Вишня"),
    ]
    borders = [
        BorderFactory(
            country_a=countries[0], country_b=countries[1], name_en="Zulu", name_ru="Абрикос"
        ),
        BorderFactory(
            country_a=countries[2], country_b=countries[0], name_en="Echo", name_ru="Яшма"
        ),
    ]
    for number, (border, host) in enumerate(
        [(borders[0], countries[1]), (borders[1], countries[2]), (borders[0], countries[0])]
    ):
        BorderLiaisonOfficeFactory(
            border=border, host_country=host, name_en=f"Office {'CBA'[number]}"
        )
    offices = [
        OfficeFactory(country=country, name_en=name_en, name_ru=name_ru)
        for country, name_en, name_ru in [
            (countries[0], "Yankee office", "Альфа-офис"),
            (countries[1], "Kilo office", "Юг-офис"),
            (countries[2], "Mike office", "Дельта-офис"),
        ]
    ]
    for number, office in enumerate(offices):
        ContactFactory(office=office, full_name_en=f"Person {'ZYX'[number]}")
    # Programmes: their own order is sort order, then years, then title; their parents' too.
    parents = [
        ProgrammeFactory(slug="p-bravo", title_en="Bravo", title_ru="Альфа"),
        ProgrammeFactory(slug="p-alpha", title_en="Alpha", title_ru="Браво"),
    ]
    for number in range(4):
        ProgrammeFactory(
            slug=f"component-{number}", parent=parents[number % 2], title_en=f"Part {number}"
        )


def foreign_key_columns(model):
    model_admin = admin.site._registry[model]
    return [
        (index, name)
        for index, name in enumerate(model_admin.list_display, start=1)
        if isinstance(name, str)
        and name in {f.name for f in model._meta.fields}
        and model._meta.get_field(name).many_to_one
    ]


COLUMNS = [
    (model, index, name)
    for model in (BorderLiaisonOffice, Contact, Office, Border, Programme)
    for index, name in foreign_key_columns(model)
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("direction", ["", "-"])
@pytest.mark.parametrize(
    ("model", "index", "name"), COLUMNS, ids=[f"{m.__name__}.{n}" for m, _, n in COLUMNS]
)
def test_a_related_column_sorts_by_the_related_objects_name_as_the_reader_reads_it(
    superuser_client, related_names_in_two_orders, model, index, name, direction, lang
):
    response = superuser_client.get(
        admin_url(model, "changelist"),
        {"o": f"{direction}{index}"},
        headers={"accept-language": lang},
    )

    assert response.status_code == 200
    related = model._meta.get_field(name).related_model
    with translation.override(lang):
        rank = {obj.pk: place for place, obj in enumerate(related.objects.all())}
    rows = response.context["cl"].result_list
    # (Rows without one, top-level programmes, come first or last as the database sorts NULL.)
    shown = [rank[value] for row in rows if (value := getattr(row, f"{name}_id")) is not None]
    assert len(set(shown)) > 1, "the fixture must give the column more than one value"
    assert shown == sorted(shown, reverse=direction == "-")
