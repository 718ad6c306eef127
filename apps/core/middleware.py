"""Cross-origin reads of the public API.

Partners embed bordercoop's data on their own sites, so any origin may read ``/api/``:
``GET``, ``HEAD`` and ``OPTIONS`` only, and never with credentials (no cookies, no
``Access-Control-Allow-Credentials``). Everything else is same-origin as usual.

The headers go on every API answer, whether the request named an ``Origin`` or not: the
answers are public and cached by shared caches (``Cache-Control: public``), and an answer kept
from a request without ``Origin`` is then served to a partner's browser too. (Sending them only
with ``Origin`` would need ``Vary: Origin``, one cached copy per partner.)
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
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if is_preflight:
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response


class HeadWithoutBodyMiddleware:
    """A ``HEAD`` request gets the headers of its ``GET`` and no body (RFC 9110, 9.3.2).

    Django writes the body anyway and leaves it to the server; gunicorn drops it with a
    warning in its log for every ``HEAD`` (the probes of uptime monitors). Outermost, so the
    ``Content-Length`` already set (CommonMiddleware) still says the ``GET``'s length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
