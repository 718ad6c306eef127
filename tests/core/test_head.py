"""HEAD requests through the whole WSGI application (Django's test client strips HEAD bodies
itself, so it cannot see whether the site does): the GET's headers, no body."""

import io
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bordercoop.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def _connection_kept_across_requests():
    """The WSGI handler closes the database connection at each request's start and end:
    inside a test's transaction that is the test's own (Django's test client holds these
    signals back too)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def wsgi(method: str, path: str) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    chunks = application(environ, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize(
    "path", ["/en/", "/ru/news/", "/api/v1/news/", "/en/feeds/news.rss", "/robots.txt", "/en/x/"]
)
def test_head_has_the_gets_headers_and_no_body(public_site, _connection_kept_across_requests, path):
    get_status, get_headers, get_body = wsgi("GET", path)
    head_status, head_headers, head_body = wsgi("HEAD", path)

    assert get_body
    assert head_body == b""
    assert head_status == get_status
    assert head_headers["Content-Length"] == str(len(get_body))
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
