"""Whether the texts being read are for the public.

Public pages, feeds, the sitemap and the API show a Russian version only once it is
published (``russian_ready``); the admin and staff previews show every text as stored.
``PublicTextsMiddleware`` switches this on for public requests; objects loaded meanwhile have
their unpublished Russian fields blanked, so every template, feed and serializer falls back to
English by the one rule modeltranslation already applies.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

_public_texts_only: ContextVar[bool] = ContextVar("public_texts_only", default=False)

PRIVATE_PREFIXES = ("/admin/",)
PREVIEW_PATH = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?/preview/")


def public_texts_only() -> bool:
    return _public_texts_only.get()


@contextmanager
def public_texts(enabled: bool = True):
    token = _public_texts_only.set(enabled)
    try:
        yield
    finally:
        _public_texts_only.reset(token)


def is_public_path(path: str) -> bool:
    return not path.startswith(PRIVATE_PREFIXES) and not PREVIEW_PATH.match(path)


class PublicTextsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with public_texts(is_public_path(request.path)):
            return self.get_response(request)
