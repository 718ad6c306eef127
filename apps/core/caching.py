"""Caching of public pages and API answers, per language, that never serves stale content.

* Every cache key carries the **content version**, a token that changes whenever any content
  is saved or deleted (signals below), so a change is visible at once without hunting keys.
* An entry never outlives the next **scheduled publication**: its timeout is cut to the
  moment the next scheduled news item goes live, so scheduled items appear on time.
* Staff requests, previews and the admin are never cached (they are not public).
* The cache is an optimisation, never a dependency: if Redis is down every call fails
  softly, the site serves uncached, and the failure is logged once (until it recovers).
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from apps.translations.visibility import is_public_path

logger = logging.getLogger("bordercoop.cache")

VERSION_KEY = "content-version"
NEXT_PUBLICATION_KEY = "next-publication"


class _SoftCache:
    """The default cache, with every failure turned into a miss and logged once."""

    def __init__(self):
        self.failing = False

    def _failed(self, error: Exception) -> None:
        if not self.failing:
            logger.warning("Cache unavailable, serving uncached: %s", error)
        self.failing = True

    def _ok(self) -> None:
        if self.failing:
            logger.info("Cache available again.")
        self.failing = False

    def get(self, key, default=None):
        try:
            value = cache.get(key, default)
        except Exception as error:
            self._failed(error)
            return default
        self._ok()
        return value

    def set(self, key, value, timeout) -> None:
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            self._failed(error)
        else:
            self._ok()

    def delete(self, key) -> None:
        try:
            cache.delete(key)
        except Exception as error:
            self._failed(error)


soft_cache = _SoftCache()


def content_version() -> str:
    version = soft_cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        soft_cache.set(VERSION_KEY, version, None)
    return version


def _new_content_version() -> None:
    soft_cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_content_version(**kwargs) -> None:
    """A new content version now, and again once the saving transaction commits: a request
    served between the save and the commit reads the old rows and may cache them under the
    version of the first bump; the second one abandons those entries."""
    _new_content_version()
    transaction.on_commit(_new_content_version, using=kwargs.get("using"))


def seconds_until_next_publication() -> int | None:
    """Seconds until the next scheduled news item goes live (None if none is scheduled)."""
    from apps.news.models import NewsItem

    key = f"{NEXT_PUBLICATION_KEY}:{content_version()}"
    next_at = soft_cache.get(key)
    # Once that item is live (no save bumps the version then), look for the next one: a time
    # in the past would otherwise keep every entry's timeout at 0 until this key expires.
    if next_at is None or (next_at and next_at <= timezone.now().timestamp()):
        upcoming = NewsItem.objects.scheduled().order_by("published_at").first()
        next_at = upcoming.published_at.timestamp() if upcoming else 0
        soft_cache.set(key, next_at, settings.PUBLIC_CACHE_SECONDS)
    if not next_at:
        return None
    return max(0, int(next_at - timezone.now().timestamp()))


def entry_timeout() -> int:
    timeout = settings.PUBLIC_CACHE_SECONDS
    until = seconds_until_next_publication()
    if until is not None:
        timeout = min(timeout, until)
    return timeout


def public_key(prefix: str, request) -> str:
    # Pages and answers carry absolute URLs (canonical links, the sitemap, the API's links)
    # built from the request's scheme and host: each allowed host has its own entries.
    raw = (
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        f"|{request.headers.get('Accept', '')}"
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{prefix}:{content_version()}:{get_language()}:{digest}"


def is_cacheable_request(request) -> bool:
    if not settings.PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if not is_public_path(request.path):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


class PublicPageCacheMiddleware:
    """Cache whole public HTML pages (and feeds, sitemap) per language and content version.

    The API caches its answers itself, after throttling (``apps.core.api.views``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = is_cacheable_request(request) and not request.path.startswith("/api/")
        if not cacheable:
            response = self.get_response(request)
            if not is_public_path(request.path) or (
                getattr(request, "user", None)
                and (request.user.is_authenticated and request.user.is_staff)
            ):
                patch_cache_control(response, private=True, no_store=True)
            return response
        key = public_key("page", request)
        cached = soft_cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            soft_cache.set(key, response, entry_timeout())
            response["X-Cache"] = "miss"
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
