"""Caching of public pages and API answers, per language, that never serves stale content.

* Every cache key carries the **content version**, a token that changes whenever any content
  is saved or deleted (signals below), so a change is visible at once without hunting keys.
  With a cache that every worker shares (Redis) the version is kept in that cache, and a hit
  costs no query. The local-memory cache is one per worker process, so there the version is
  a counter in the database (``core.ContentVersion``), read once per cacheable request: a
  save made through one worker is seen by every other at once.
* An entry never outlives the next **scheduled publication**: its timeout is cut to the
  moment the next scheduled news item goes live, so scheduled items appear on time; the
  ``max-age`` that browsers and a CDN see is cut the same way, on every answer served.
* Only requests whose **query parameters** the view reads are cached (see
  ``has_only_accepted_parameters``): made-up parameters cannot fill the cache.
* Staff requests, previews and the admin are never cached (they are not public).
* The cache is an optimisation, never a dependency: if Redis is down every call fails
  softly, the site serves uncached, and the failure is logged once (until it recovers).
  When it answers again, a worker that saw it fail starts a new content version: a save made
  meanwhile could not change the version, and Redis may have kept the entries of before.
"""

import contextvars
import functools
import hashlib
import logging
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from django.views.generic.list import MultipleObjectMixin
from rest_framework.settings import api_settings

from apps.translations.visibility import is_public_path

logger = logging.getLogger("bordercoop.cache")

VERSION_KEY = "content-version"


class _SoftCache:
    """The default cache, with every failure turned into a miss and logged once.

    Once a call has failed, the cache is left alone for ``CACHE_RETRY_SECONDS``, then tried
    again by the next call: a Redis that accepts connections and never answers would
    otherwise cost every call its timeouts (0.25 s to connect, 0.25 s to read), several times
    a request, and the workers would spend their time waiting on it.
    """

    def __init__(self):
        self.failing = False
        self.recovered = False  # answering again since it failed; no new version yet
        self.retry_at = 0.0  # time.monotonic() before which a failing cache is not tried

    def _failed(self, error: Exception) -> None:
        if not self.failing:
            logger.warning("Cache unavailable, serving uncached: %s", error)
        self.failing = True
        self.retry_at = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def _resting(self) -> bool:
        """Whether the cache failed less than ``CACHE_RETRY_SECONDS`` ago (not tried now)."""
        return self.failing and time.monotonic() < self.retry_at

    def _ok(self) -> None:
        if self.failing:
            logger.info("Cache available again.")
            self.recovered = True
        self.failing = False

    def take_recovery(self) -> bool:
        """Whether the cache answers again after failing, once: the caller starts a new
        content version."""
        recovered, self.recovered = self.recovered, False
        return recovered

    def get(self, key, default=None):
        if self._resting():
            return default
        try:
            value = cache.get(key, default)
        except Exception as error:
            self._failed(error)
            return default
        self._ok()
        return value

    def set(self, key, value, timeout) -> None:
        if self._resting():
            return
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            self._failed(error)
        else:
            self._ok()

    def delete(self, key) -> None:
        if self._resting():
            return
        try:
            cache.delete(key)
        except Exception as error:
            self._failed(error)

    def count(self, key, window: int) -> tuple[int, float] | None:
        """Add one to the counter ``key``, which starts at its first count and lasts
        ``window`` seconds: (the count so far, seconds until it starts again), or None if the
        cache fails. On Redis one atomic round trip (COUNT_SCRIPT)."""
        if self._resting():
            return None
        try:
            counted = _count(caches["default"], key, window)
        except Exception as error:
            self._failed(error)
            return None
        self._ok()
        return counted


# Start the counter if it is not running, count one, say how long it has left: atomic, one
# command and one reply (a MULTI of the three steps is five commands and seven replies to
# parse, a third of the time of an API answer served from the cache). The same trip reads
# the content version (KEYS[2]), which the answer needs next: an API answer from the cache
# then costs two round trips to Redis, not three.
COUNT_SCRIPT = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return {redis.call('INCR', KEYS[1]), redis.call('PTTL', KEYS[1]), redis.call('GET', KEYS[2])}
"""


class _CountScript:
    """COUNT_SCRIPT, registered once per process: run by its SHA (EVALSHA), sent again
    (EVAL) when Redis has forgotten it, after a restart."""

    script = None

    @classmethod
    def run(cls, client, keys: list[str], window: int):
        if cls.script is None:
            cls.script = client.register_script(COUNT_SCRIPT)
        return cls.script(keys=keys, args=[window], client=client)


def _count(backend, key, window: int) -> tuple[int, float]:
    if isinstance(backend, RedisCache):
        name = backend.make_and_validate_key(key)
        client = backend._cache.get_client(name, write=True)
        version_key = backend.make_and_validate_key(VERSION_KEY)
        number, left_ms, version = _CountScript.run(client, [name, version_key], window)
        if version is not None:
            _remember_version(backend._cache._serializer.loads(version))
        return number, max(left_ms, 0) / 1000
    # Any other cache (the local-memory one): one process, each step under the cache's lock.
    now = time.time()
    backend.add(f"{key}:start", now, window)
    backend.add(key, 0, window)
    try:
        number = backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(f"{key}:start", now, window)
        backend.set(key, number := 1, window)
    started = backend.get(f"{key}:start", now)
    return number, max(0.0, started + window - now)


soft_cache = _SoftCache()


# --- The content version --------------------------------------------------------------------


def cache_is_shared() -> bool:
    """Whether every worker process reads the same cache (Redis): the local-memory cache is
    one per process."""
    return not isinstance(caches["default"], LocMemCache)


# The content version as this request read it (set up by PublicPageCacheMiddleware for every
# request): read once, however many keys and timeouts the request works out.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "bordercoop_content_version", default=None
)


def _remember_version(version: str) -> None:
    """Keep ``version``, read from the shared cache on the way, as this request's (unless
    the cache is answering again after failing: ``_shared_version`` starts a new one)."""
    if soft_cache.failing or soft_cache.recovered:
        return
    memo = _request_memo.get()
    if memo is not None and "version" not in memo:
        memo["version"] = version


def content_version() -> str:
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _shared_version() if cache_is_shared() else _database_version.read()
    if memo is not None:
        memo["version"] = version
    return version


def _shared_version() -> str:
    version = soft_cache.get(VERSION_KEY)
    # None: the first request, or Redis has lost its data. Answering again after failing: a
    # save made while this worker could not reach Redis did not change the version there,
    # and Redis may have kept the entries of before (a network outage, not a restart).
    recovered = soft_cache.take_recovery()
    if version is None or recovered:
        version = uuid.uuid4().hex
        soft_cache.set(VERSION_KEY, version, None)
    return version


class _DatabaseVersion:
    """The content version as kept in the database, with the last number this process read:
    while the database is unreachable no content can change, so the entries cached under that
    number are still served (the outage is logged once)."""

    def __init__(self):
        self.last: int | None = None
        self.failing = False

    def read(self) -> str:
        from apps.core.models import ContentVersion

        try:
            self.last = ContentVersion.current()
        except (OperationalError, InterfaceError):
            if self.last is None:
                raise
            if not self.failing:
                logger.warning(
                    "Database unavailable: serving cached pages of version %d.", self.last
                )
            self.failing = True
        else:
            self.failing = False
        return f"db{self.last}"


_database_version = _DatabaseVersion()


def _new_content_version(using=None) -> None:
    if cache_is_shared():
        soft_cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    else:
        from apps.core.models import ContentVersion

        ContentVersion.bump(using=using)
    _next_publication.forget()
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("version", None)


def bump_content_version(**kwargs) -> None:
    """A new content version now, and again once the saving transaction commits: a request
    served between the save and the commit reads the old rows and may cache them under the
    version of the first bump; the second one abandons those entries. (The version in the
    database is bumped inside the saving transaction: other workers see the new number when
    the rows it goes with are committed.)"""
    using = kwargs.get("using")
    _new_content_version(using)
    _once_on_commit(_after_commit(using), using)


@functools.cache
def _after_commit(using):
    """What a committed change does, one callable per database: once per transaction, however
    many objects it saved (``_once_on_commit``)."""

    def after_commit():
        from apps.core.models import ContentVersion

        _new_content_version(using)
        ContentVersion.record_change(using=using)

    return after_commit


def _once_on_commit(callback, using) -> None:
    """``transaction.on_commit(callback)``, unless the transaction already runs it on commit:
    each of 10,000 items loaded in one transaction recorded a change of its own, a second
    later than the one before, and the site's answers had no date until that time came
    (about three hours).

    One registered already is as good as this one: the savepoints it may still be dropped
    with (rolled back) are those still open, and this change is inside all of them."""
    connection = transaction.get_connection(using)
    if not any(registered is callback for _, registered, _ in connection.run_on_commit):
        transaction.on_commit(callback, using=using)


def last_modified(*stamps):
    """The ``Last-Modified`` date of a public answer whose items last changed at ``stamps``:
    the latest of them and of the last change of any public content.

    An answer also changes when an item leaves it (unpublished, deleted, its Russian version
    withdrawn) or when a related object changes, which no remaining item's date shows: dated
    by its items alone, a client revalidating with ``If-Modified-Since`` kept the withdrawn
    item (304). None when nothing is known."""
    from apps.core.models import ContentVersion

    known = [stamp for stamp in (*stamps, ContentVersion.changed_at_latest()) if stamp]
    latest = max(known, default=None)
    if _still_to_come(latest):
        return None  # a change recorded in the next second (``record_change``): no date yet
    return latest


def date_pending() -> bool:
    """Whether the last change is recorded in a second still to come (``record_change``):
    an answer made now has no date, and is not kept (kept, it stayed undated for as long as
    the cache keeps it)."""
    from apps.core.models import ContentVersion

    return _still_to_come(ContentVersion.changed_at_latest())


def _still_to_come(moment) -> bool:
    """Whether ``moment`` is in a second (as HTTP dates count) still to come."""
    from apps.core.models import whole_second

    return moment is not None and whole_second(moment) > whole_second(timezone.now())


def date_no_earlier_than_last_change(response) -> None:
    """Move the ``Last-Modified`` date Django gave ``response`` (a feed: its newest item's;
    the sitemap: its newest ``lastmod``) to ``last_modified()``: no earlier than the last
    change of public content, and none while that is dated in a second still to come."""
    given = parse_http_date_safe(response.get("Last-Modified", ""))
    if given is None:
        return
    latest = last_modified(datetime.fromtimestamp(given, tz=UTC))
    if latest is None:
        del response["Last-Modified"]
        response.date_pending = True  # not kept by the page cache (``date_pending``)
    else:
        response["Last-Modified"] = http_date(latest.timestamp())


# --- Scheduled publication ------------------------------------------------------------------


def _next_publication_timestamp() -> float:
    """When the next scheduled news item goes live (0: none is scheduled)."""
    from apps.news.models import NewsItem

    upcoming = (
        NewsItem.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else 0


class _NextPublication:
    """When the next scheduled news item goes live, as this process last read it, with the
    content version it was read under.

    Scheduling, rescheduling or unpublishing an item is a save, which makes a new content
    version, so the time read under a version holds until that version changes; it is read
    again once the item it named is live (no save marks that moment) and at least every
    PUBLIC_CACHE_SECONDS. Kept in the process, not in Redis: a cache hit then costs no
    round trip for it."""

    def __init__(self):
        self.known: tuple[str, float, float] | None = None  # (version, timestamp, read at)

    def timestamp(self) -> float:
        version = content_version()
        now = time.monotonic()
        known = self.known
        if (
            known is None
            or known[0] != version
            or now - known[2] >= settings.PUBLIC_CACHE_SECONDS
            or (known[1] and known[1] <= timezone.now().timestamp())
        ):
            try:
                at = _next_publication_timestamp()
            except (OperationalError, InterfaceError):
                # The database is down, so nothing is being scheduled: keep what this worker
                # last read (nothing: no cut), and serve cached pages meanwhile.
                return known[1] if known is not None else 0
            known = self.known = (version, at, now)
        return known[1]

    def forget(self) -> None:
        self.known = None


_next_publication = _NextPublication()


def seconds_until_next_publication() -> int | None:
    """Seconds until the next scheduled news item goes live (None if none is scheduled)."""
    if settings.PUBLIC_CACHE_SECONDS:
        next_at = _next_publication.timestamp()
    else:
        next_at = _next_publication_timestamp()
    if not next_at:
        return None
    return max(0, int(next_at - timezone.now().timestamp()))


def entry_timeout() -> int:
    timeout = settings.PUBLIC_CACHE_SECONDS
    until = seconds_until_next_publication()
    if until is not None:
        timeout = min(timeout, until)
    return timeout


def limit_max_age(response):
    """Cut the ``max-age`` of a public answer to the next scheduled publication (down to 0
    when it is due), so neither a browser nor a CDN keeps the list without the new item.

    Applied to every public answer as it is served, cached or not: the time left shrinks
    while an entry sits in the cache."""
    if not response.has_header("Cache-Control") or get_max_age(response) is None:
        return response
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response["Cache-Control"])
    }
    if "public" not in directives:
        return response
    until = seconds_until_next_publication()
    if until is not None:
        patch_cache_control(response, max_age=until)  # keeps the smaller of the two
    return response


# --- Which requests are cached, under which key ---------------------------------------------


@functools.cache
def _parameters_read_directly() -> dict[str, frozenset[str]]:
    """Query parameters that views read from ``request.GET`` themselves, by URL name; those
    read through a paginator or a FilterSet are found on the view (``_view_parameters``)."""
    from apps.news.filters import NewsItemFilter

    news_filters = frozenset(NewsItemFilter.base_filters)
    return {
        "search": frozenset({"q"}),
        "feeds:news-rss": news_filters,
        "feeds:news-atom": news_filters,
        "sitemap": frozenset({"p"}),  # django.contrib.sitemaps' page
    }


def api_parameters(viewset, action: str | None) -> frozenset[str]:
    """What ``apps.core.api.views.PublicReadOnlyViewSet`` reads: the language, the format,
    sparse fields; on lists also the page, its size, facets and the FilterSet's filters."""
    names = {"lang", "fields", api_settings.URL_FORMAT_OVERRIDE}
    if action == "list":
        paginator = viewset.pagination_class
        if paginator is not None:
            names |= {paginator.page_query_param, paginator.page_size_query_param}
        if getattr(viewset, "facets", None):
            names.add("facets")
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
    return frozenset(name for name in names if name)


def _view_parameters(match) -> frozenset[str]:
    view = match.func
    viewset = getattr(view, "cls", None)  # Django REST framework
    if viewset is not None:
        return api_parameters(viewset, (getattr(view, "actions", None) or {}).get("get"))
    names = set(_parameters_read_directly().get(match.view_name, ()))
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        if issubclass(view_class, MultipleObjectMixin) and view_class.paginate_by:
            names.add(view_class.page_kwarg)
        filterset_class = getattr(view_class, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
    return frozenset(names)


def accepted_parameters(path: str, urlconf=None) -> frozenset[str]:
    """The query parameters that the view at ``path`` reads (none for an unknown path)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return frozenset()
    return _view_parameters(match)


def has_only_accepted_parameters(request) -> bool:
    """Whether every query parameter of ``request`` is one its view reads, given once.

    Anything else (``?utm_source=…``, ``?x=1``, ``?page=1&page=2``) is answered normally but
    neither cached nor served from the cache: a key per made-up parameter would let anyone
    fill the cache, and the page may echo the parameters (the pagination links keep the
    query), so they cannot simply be left out of the key either. The key then holds the
    parameters sorted by name (``public_key``).
    """
    if not request.GET:
        return True
    accepted = accepted_parameters(request.path_info, getattr(request, "urlconf", None))
    return all(name in accepted and len(values) == 1 for name, values in request.GET.lists())


def public_key(prefix: str, request, variant: str = "") -> str:
    """The cache key of a public answer: its language, content version, host, path and
    read parameters, and ``variant``, what else the answer depends on (the API's negotiated
    format). Not the raw ``Accept`` header: a page does not depend on it, and endless
    variants of it would each make an entry."""
    # Pages and answers carry absolute URLs (canonical links, the sitemap, the API's links)
    # built from the request's scheme and host: each allowed host has its own entries.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}|{variant}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{prefix}:{content_version()}:{get_language()}:{digest}"


def is_cacheable_request(request) -> bool:
    if not settings.PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if not is_public_path(request.path):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return False
    return has_only_accepted_parameters(request)


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def _is_shareable(response) -> bool:
    """Whether a public page's ``response`` may be kept for every reader: a 200 that sets no
    cookie, dated unless its date is still to come (``date_pending``)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "date_pending", False)
    )


class PublicPageCacheMiddleware:
    """Cache whole public HTML pages (and feeds, sitemap) per language and content version.

    The API caches its answers itself, after throttling (``apps.core.api.views``); this
    middleware only cuts their ``max-age`` (``limit_max_age``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = _request_memo.set({})
        try:
            return self.respond(request)
        finally:
            _request_memo.reset(memo)

    def respond(self, request):
        if request.path.startswith("/api/") or not is_cacheable_request(request):
            response = self.get_response(request)
            if not is_public_path(request.path) or _is_staff(request):
                patch_cache_control(response, private=True, no_store=True)
            elif (
                settings.PUBLIC_CACHE_SECONDS  # off: no caching, by the site or downstream
                and not request.path.startswith("/api/")  # the API sets its own
                and request.method in ("GET", "HEAD")
                and _is_shareable(response)
                and not response.has_header("Cache-Control")
            ):
                # Not kept by the site (made-up parameters), but as public as a cached page:
                # a browser or a CDN may keep it as long, cut the same way.
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
            return limit_max_age(response)
        key = public_key("page", request)
        cached = soft_cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return limit_max_age(cached)
        response = self.get_response(request)
        if _is_shareable(response) and not response.streaming:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Stored with its ETag: a hit is not hashed again (ConditionalGetMiddleware keeps
            # an ETag it finds).
            set_response_etag(response)
            soft_cache.set(key, response, entry_timeout())
            response["X-Cache"] = "miss"
            limit_max_age(response)
        return response


def connect_invalidation(models) -> None:
    """Bump the content version whenever any of ``models`` is saved or deleted."""
    for model in models:
        uid = f"bordercoop-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_content_version,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
