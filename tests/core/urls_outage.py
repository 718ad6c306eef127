"""The site's URLs plus a page whose database is gone, for the 503 tests."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from bordercoop.urls import handler500, urlpatterns


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    path("api/v1/db-gone/", database_gone),
    *urlpatterns,
    *i18n_patterns(path("db-gone/", database_gone)),
]
handler500 = handler500
