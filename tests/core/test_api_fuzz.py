"""Property-based tests of the API against its own OpenAPI schema, with schemathesis.

Every operation of /api/schema/ is called in-process (WSGI) with requests generated from the
schema — valid ones, and invalid ones to see them refused — over the demo content. Each answer
must be documented and match its schema (schemathesis' default checks), and none may be a
server error. The run is reproducible (derandomized) and bounded: at most MAX_EXAMPLES
generated requests per operation, plus schemathesis' own coverage cases.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import AnonRateThrottle

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact
from apps.core.demo import load_demo
from apps.core.models import Country, Topic
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from bordercoop.wsgi import application

MAX_EXAMPLES = 30

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CASES: Counter = Counter()
PHASES: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_cases():
    """How many requests were made (shown with ``pytest -s``)."""
    yield
    if CASES:
        per_operation = ", ".join(f"{label}: {count}" for label, count in sorted(CASES.items()))
        per_phase = ", ".join(f"{phase}: {count}" for phase, count in sorted(PHASES.items()))
        print(f"\nschemathesis: {CASES.total()} requests ({per_phase}; {per_operation})")


@pytest.fixture
def _connection_kept_across_requests():
    """The WSGI handler closes "old" database connections at each request's start and end —
    inside a test's transaction, that is the test's own connection on PostgreSQL. Django's
    test client holds the same signals back for the same reason."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def demo_references(db, monkeypatch, _connection_kept_across_requests):
    """The demo content, a rate no run reaches, and the values that name existing objects."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    cache.clear()
    load_demo()
    return {
        # query parameters naming an object: a free string in the schema, a 400 if unknown
        "country": sorted(Country.objects.values_list("iso_code", flat=True)),
        "topic": sorted(Topic.objects.values_list("slug", flat=True)),
        "programme": sorted(Programme.objects.published().values_list("slug", flat=True)),
        "blo": sorted(BorderLiaisonOffice.objects.published().values_list("slug", flat=True)),
        "border": sorted(Border.objects.values_list("slug", flat=True)),
        # the items of each detail operation
        "/api/v1/news/{slug}/": sorted(NewsItem.objects.published().values_list("slug", flat=True)),
        "/api/v1/blos/{slug}/": sorted(
            BorderLiaisonOffice.objects.published().values_list("slug", flat=True)
        ),
        "/api/v1/borders/{slug}/": sorted(Border.objects.values_list("slug", flat=True)),
        "/api/v1/programmes/{slug}/": sorted(
            Programme.objects.published().values_list("slug", flat=True)
        ),
        "/api/v1/contacts/{id}/": sorted(
            str(pk) for pk in Contact.objects.published().press().values_list("pk", flat=True)
        ),
    }


def pick(values: list[str], seed: str) -> str:
    return values[sum(map(ord, seed)) % len(values)]


def use_existing_objects(case, references) -> None:
    """In a request meant to be valid, a generated name of a country, topic, programme, office
    or border becomes one that exists: the schema cannot list them, and an unknown one is
    rightly a 400. Three in four generated item addresses likewise name an existing item (the
    fourth stays, for the 404). Requests meant to be invalid are left as generated."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    for name, value in (case.query or {}).items():
        if name in references and isinstance(value, str) and value:
            known = references[name]
            if value.upper() not in known and value not in known:
                case.query[name] = pick(known, value)
    items = references.get(case.operation.path)
    for name, value in (case.path_parameters or {}).items():
        seed = str(value)
        if items and sum(map(ord, seed)) % 4:
            case.path_parameters[name] = pick(items, seed)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_answer_is_documented_and_never_a_server_error(case, demo_references):
    use_existing_objects(case, demo_references)
    CASES[case.operation.label] += 1
    if case.meta is not None:
        PHASES[f"{case.meta.phase.name.value} {case.meta.generation.mode.value}"] += 1

    response = case.call_and_validate()

    assert response.status_code < 500
