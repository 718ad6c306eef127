"""Fixtures shared by the whole suite, and the rule for PostgreSQL-only tests.

Tests marked ``postgresql`` check behaviour that belongs to PostgreSQL (its catalogue, its
triggers). On SQLite they are skipped, unless ``BORDERCOOP_REQUIRE_POSTGRESQL=1`` says that this
run is the PostgreSQL pass: then running on another database is an error, not a skip.
"""

import os

import pytest
from django.db import connections

from tests.factories import ALL_FACTORIES

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
