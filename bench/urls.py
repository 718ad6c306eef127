"""The site's URLs plus /bench/ok, a trivial view that measures the ceiling of the stack."""

from django.http import HttpResponse
from django.urls import path

from bordercoop.urls import handler500  # noqa: F401 — the site's 500/503 handler applies here too
from bordercoop.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/ok", lambda request: HttpResponse("ok")), *site_urlpatterns]
