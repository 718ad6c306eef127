"""The site's addresses plus /<lang>/boom/, a view that fails: for testing the 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from bordercoop.urls import handler500
from bordercoop.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a deliberate failure, for the 500 page test")


urlpatterns = [
    path("api/v1/boom/", boom),
    *site_urlpatterns,
    *i18n_patterns(path("boom/", boom, name="boom")),
]
handler500 = handler500
