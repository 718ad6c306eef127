from rest_framework import throttling

from apps.core.caching import soft_cache


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, on a cache whose outage never fails a request."""

    cache = soft_cache
