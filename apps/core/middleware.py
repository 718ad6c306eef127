"""Cross-origin reads of the public API.

Partners embed bordercoop's data on their own sites, so any origin may read ``/api/``:
``GET``, ``HEAD`` and ``OPTIONS`` only, and never with credentials (no cookies, no
``Access-Control-Allow-Credentials``). Everything else is same-origin as usual.
"""

from django.http import HttpResponse

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "Content-Language, ETag, Last-Modified, Retry-After, Link"
PREFLIGHT_MAX_AGE = "86400"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        is_preflight = (
            request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )
        response = HttpResponse(status=204) if is_preflight else self.get_response(request)
        if "HTTP_ORIGIN" in request.META:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            if is_preflight:
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
