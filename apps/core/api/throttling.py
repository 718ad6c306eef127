import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, throttling

from apps.core.caching import soft_cache


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle (``API_ANON_RATE``, 120/minute), counted in one atomic step.

    DRF keeps each client's list of request times and reads and rewrites it on every request:
    two round trips to Redis, and concurrent requests in several workers overwrite each
    other's list, so some go uncounted. Here a client's window starts with its first request
    and lasts the rate's period; each request adds one to its counter (one round trip, atomic
    on Redis). Over the rate: 429 with ``Retry-After``, the seconds until the window ends. A
    client may thus make up to twice the rate across the end of one window and the start of
    the next. A cache outage never fails a request: unthrottled while it lasts."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted = soft_cache.count(self.key, self.duration)
        if counted is None:
            return True
        number, self.seconds_left = counted
        return number <= self.num_requests

    def wait(self):
        return self.seconds_left


class Throttled(exceptions.Throttled):
    """DRF's 429, its message in the answer's language. DRF puts the number of seconds into
    its message before looking the message up, so no translation ever matches it (a Russian
    client read "Expected available in 52 seconds.")."""

    def __init__(self, wait: float | None):
        if wait is None:
            detail = _("Too many requests. Try again later.")
        else:
            seconds = max(1, math.ceil(wait))
            detail = ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                seconds,
            ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = None if wait is None else seconds  # Retry-After
