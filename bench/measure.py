"""Per-URL SQL queries, in-process time split and a cProfile summary; EXPLAIN ANALYZE of the
searches. Run with the same environment as gunicorn (bench/run.sh does):

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/measure.py NAME=PATH ...

Writes bench/out/measure.json and bench/out/profile_<name>.txt.
"""

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import translation  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402
from rest_framework.request import Request  # noqa: E402

from apps.news.api.views import NewsItemViewSet  # noqa: E402
from apps.news.filters import NewsItemFilter  # noqa: E402
from apps.news.models import NewsItem  # noqa: E402
from apps.news.search import search  # noqa: E402

OUT = BASE / "bench" / "out"
urls = dict(arg.split("=", 1) for arg in sys.argv[1:])
client = Client(HTTP_HOST="127.0.0.1")
result = {"urls": {}, "explain": {}}


def timed(path, n=5, rounds=7):
    """(ms per request, of which SQL ms) of the fastest of ``rounds`` rounds of ``n``
    requests: the machine's speed drifts, and the fastest round is the least disturbed."""
    sql_time = [0.0]

    def wrapper(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - t

    timings = []
    with connection.execute_wrapper(wrapper):
        for _ in range(rounds):
            sql_time[0] = 0.0
            t0 = time.perf_counter()
            for _ in range(n):
                client.get(path)
            timings.append(((time.perf_counter() - t0) / n * 1000, sql_time[0] / n * 1000))
    return min(timings)


for name, path in urls.items():
    r = {}
    with override_settings(PUBLIC_CACHE_SECONDS=0):
        client.get(path)  # warm (templates, translations, connection)
        with CaptureQueriesContext(connection) as q:
            resp = client.get(path)
        r["status_off"] = resp.status_code
        r["queries_off"] = len(q.captured_queries)
        r["sql_off"] = [x["sql"][:300] for x in q.captured_queries]
        r["ms_off"], r["sql_ms_off"] = timed(path)
        r["bytes"] = len(resp.content)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            client.get(path)
        prof.disable()
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(35)
        (OUT / f"profile_{name}.txt").write_text(s.getvalue())
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(15)
        (OUT / f"profile_{name}_tottime.txt").write_text(s.getvalue())
    with override_settings(PUBLIC_CACHE_SECONDS=300):
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as q:
            resp = client.get(path)
        r["status_on"] = resp.status_code
        r["x_cache_on"] = resp.headers.get("X-Cache", "")
        r["queries_on"] = len(q.captured_queries)
        r["sql_on"] = [x["sql"][:300] for x in q.captured_queries]
    result["urls"][name] = r
    print(
        f"{name:10} {path:45} off: {r['status_off']} {r['queries_off']} q "
        f"{r['ms_off']:.1f} ms (SQL {r['sql_ms_off']:.1f} ms) | on: {r['status_on']} "
        f"{r['queries_on']} q X-Cache={r['x_cache_on']}"
    )

# Pieces of the uncached pages, each timed alone (no HTTP, no middleware), to compare with the
# CPU a page may use at its target: what the template language, the ORM and DRF cost for
# the parts every such page must produce.


def fastest(produce, n=20, rounds=7):
    """ms of one call of ``produce``: the fastest of ``rounds`` rounds of ``n`` calls."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            produce()
        times.append((time.perf_counter() - t0) / n * 1000)
    return min(times)


def page_request(path):
    request = RequestFactory(HTTP_HOST="127.0.0.1").get(path)
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    return request


with translation.override("en"):
    request = page_request("/en/news/")
    base = get_template("base.html")
    cards = get_template("news/_newsitem_cards.html")
    shown = list(NewsItem.objects.published().for_list()[:20])
    fields = engines["django"].from_string("{% for field in filter.form %}{{ field }}{% endfor %}")
    api = NewsItemViewSet(format_kwarg=None, args=(), kwargs={}, action="list")
    api.request = Request(RequestFactory(HTTP_HOST="127.0.0.1").get("/api/v1/news/"))
    api_items = api.get_public_queryset()
    api_page = list(api_items[:20])
    serializer_class, serializer_context = api.get_serializer_class(), api.get_serializer_context()
    api_data = serializer_class(api_page, many=True, context=serializer_context).data
    result["pieces"] = {
        "base.html alone (the layout; no database)": fastest(lambda: base.render({}, request)),
        "20 news cards (template only; items already read)": fastest(
            lambda: cards.render({"items": shown, "heading_level": 2}, request)
        ),
        "the news filter form: built, its 4 lists read, rendered": fastest(
            lambda: fields.render(
                {"filter": NewsItemFilter({}, queryset=NewsItem.objects.published())}, request
            )
        ),
        "API: 20 news items read with their 5 related lists (6 queries)": fastest(
            lambda: list(api_items.all()[:20])
        ),
        "API: 20 news items through the serializer (DRF; items already read)": fastest(
            lambda: serializer_class(api_page, many=True, context=serializer_context).data
        ),
        "API: the 20 items' JSON (DRF's renderer)": fastest(
            lambda: JSONRenderer().render({"results": api_data})
        ),
    }
for piece, took in result["pieces"].items():
    print(f"piece: {piece}: {took:.2f} ms")

# EXPLAIN ANALYZE of the searches, as the search module builds them.
# A word in a sixth of the items (what readers search for) and a word in every item (the
# worst case: the GIN index cannot narrow it; the newest matches come from the date index).
for lang, q in (("en", "roundtable"), ("ru", "круглый стол"), ("en", "border"), ("ru", "границы")):
    with translation.override(lang):
        qs = search(NewsItem.objects.published().for_list(), q, lang)[:20]
        plan = qs.explain(analyze=True)
        result["explain"][f"{lang}:{q}"] = {
            "sql": str(qs.query)[:1500],
            "plan": plan,
            "count": search(NewsItem.objects.published(), q, lang).count(),
        }
        print(f"EXPLAIN {lang} {q}: count={result['explain'][f'{lang}:{q}']['count']}")
        print(plan)
(OUT / "measure.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
