from rest_framework import throttling

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
