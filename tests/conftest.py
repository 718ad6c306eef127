"""Fixtures shared by the whole suite, and the rule for PostgreSQL-only tests.

Tests marked ``postgresql`` check behaviour that belongs to PostgreSQL (its catalogue, its
triggers). On SQLite they are skipped, unless ``BORDERCOOP_REQUIRE_POSTGRESQL=1`` says that this
run is the PostgreSQL pass: then running on another database is an error, not a skip.
"""

import os
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.utils import translation

from tests.factories import (
    ALL_FACTORIES,
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ContactFactory,
    CountryFactory,
    NewsItemFactory,
    OfficeFactory,
    ProgrammeFactory,
    TopicFactory,
)

POSTGRESQL_SKIP_REASON = "needs PostgreSQL; runs in CI's PostgreSQL pass"
REQUIRE_POSTGRESQL_VARIABLE = "BORDERCOOP_REQUIRE_POSTGRESQL"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("postgresql") is None:
        return
    vendor = connections["default"].vendor
    if vendor == "postgresql":
        return
    if os.environ.get(REQUIRE_POSTGRESQL_VARIABLE) == "1":
        pytest.fail(
            f"{REQUIRE_POSTGRESQL_VARIABLE}=1 but the default database is {vendor}, "
            "not PostgreSQL (set DATABASE_URL)",
            pytrace=False,
        )
    pytest.skip(POSTGRESQL_SKIP_REASON)


@pytest.fixture(autouse=True)
def _language_starts_as_configured():
    """Every test starts in the default language, whatever ran before it: a request through
    the test client leaves the language it activated (LocaleMiddleware) active in the thread,
    so a test calling code directly after a Russian request met Russian messages."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _factory_sequences_start_at_zero():
    """Every test numbers its objects from 0 ("AA", "news-item-0"), whatever ran before it.

    Names are then the same in a test run alone or in the suite, and a generated ISO code reaches
    a real one that a test names itself (KZ, UZ) only if that test creates hundreds of countries.
    """
    for factory in ALL_FACTORIES:
        factory.reset_sequence()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="officer", email="officer@example.org", password="not-used-by-force-login"
    )


@pytest.fixture
def superuser_client(client, superuser):
    """A test client logged in to the admin as a superuser."""
    client.force_login(superuser)
    return client


# --- The public site ---------------------------------------------------------------------------

ROUNDTABLE_PUBLISHED_AT = datetime(2021, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Tashkent"))


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def public_site(db):
    """One published, fully translated object of every kind, linked as on the real site.

    Uzbekistan and Kazakhstan share a border with one established BLO; the Programme for
    Central Asia has one component; the Dushanbe office has a press contact; the roundtable
    news item (23 November 2021) names all of them.
    """
    uz = CountryFactory(iso_code="UZ", name_en="Uzbekistan", name_ru="Узбекистан")
    kz = CountryFactory(iso_code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    tj = CountryFactory(iso_code="TJ", name_en="Tajikistan", name_ru="Таджикистан")
    topic = TopicFactory(
        slug="border-management", name_en="Border management", name_ru="Управление границами"
    )
    border = BorderFactory(
        country_a=kz,
        country_b=uz,
        name_en="Kazakhstan–Uzbekistan",
        name_ru="Казахстан–Узбекистан",
        slug="kazakhstan-uzbekistan",
    )
    programme = ProgrammeFactory(
        slug="programme-central-asia",
        title_en="Programme for Central Asia 2015-2021",
        title_ru="Программа для Центральной Азии на 2015-2021 годы",
        short_name_en="PCA",
        short_name_ru="ПЦА",
        body_en="<p>The programme supports the countries of the region.</p>",
        body_ru="<p>Программа поддерживает страны региона.</p>",
    )
    component = ProgrammeFactory(
        parent=programme,
        slug="cross-border-cooperation",
        title_en="Cross-Border Cooperation Component",
        title_ru="Компонент по трансграничному сотрудничеству",
        short_name_en="CBC",
        short_name_ru="ТГС",
    )
    office = OfficeFactory(
        country=tj,
        name_en="Regional Office for Central Asia",
        name_ru="Региональное представительство для Центральной Азии",
        city_en="Dushanbe",
        city_ru="Душанбе",
    )
    contact = ContactFactory(
        office=office,
        full_name_en="Anna Petrova",
        full_name_ru="Анна Петрова",
        position_en="Press officer",
        position_ru="Сотрудник по связям с прессой",
        email="press.officer@example.org",
        phone="+992 44 600 00 00",
        is_press_contact=True,
    )
    blo = BorderLiaisonOfficeFactory(
        border=border,
        host_country=uz,
        slug="blo-yallama",
        name_en="BLO Yallama",
        name_ru="ПОС Яллама",
        crossing_point_en="Yallama",
        crossing_point_ru="Яллама",
        description_en="<p>An office at the Yallama crossing point.</p>",
        description_ru="<p>Офис на пункте пропуска Яллама.</p>",
        programme=component,
        contact=contact,
        latitude=Decimal("41.19000"),
        longitude=Decimal("69.19000"),
    )
    item = NewsItemFactory(
        slug="tashkent-roundtable",
        title_en="Roundtable on cross-border cooperation in Tashkent",
        title_ru="Круглый стол по трансграничному сотрудничеству в Ташкенте",
        summary_en="Heads of border services discussed the Border Liaison Offices.",
        summary_ru="Руководители пограничных служб обсудили пограничные офисы связи.",
        body_en="<p>The heads of the border services met in Tashkent.</p>",
        body_ru="<p>Руководители пограничных служб встретились в Ташкенте.</p>",
        published_at=ROUNDTABLE_PUBLISHED_AT,
    )
    item.countries.add(uz, kz)
    item.topics.add(topic)
    item.programmes.add(programme, component)
    item.blos.add(blo)
    item.contacts.add(contact)
    return SimpleNamespace(
        uz=uz,
        kz=kz,
        tj=tj,
        topic=topic,
        border=border,
        programme=programme,
        component=component,
        office=office,
        contact=contact,
        blo=blo,
        item=item,
    )


# --- The API -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _api_throttle_starts_afresh():
    """The API's anonymous throttle counts requests in Django's default cache: every test starts
    with an empty cache, so the suite's many API calls never add up to the rate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- The public cache --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _public_cache_only_where_tested(request, settings):
    """Most tests change data between requests in ways signals don't see (queryset.update):
    the public page/API cache is off for them and on for tests marked ``public_cache``."""
    if request.node.get_closest_marker("public_cache") is None:
        settings.PUBLIC_CACHE_SECONDS = 0
    # A rolled-back test can leave the next one the same content version number with other
    # rows: the process's memory of the next scheduled publication starts empty.
    from apps.core import caching

    caching._next_publication.forget()


@pytest.fixture(autouse=True)
def _role_groups_exist(request):
    """The roles migration creates the two groups; a transactional test's flush removes them.
    Put them back before every test that uses the database."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    from apps.editorial.roles import ensure_groups

    with blocker.unblock():
        ensure_groups()
