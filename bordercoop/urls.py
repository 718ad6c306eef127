from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.core.views import HomeView

admin.site.site_header = _("bordercoop administration")
admin.site.site_title = _("bordercoop")
admin.site.index_title = _("Content")

# Outside the language prefix: the admin (in the user's browser language) and site-wide files.
urlpatterns = [
    path("admin/", admin.site.urls),
]

# Every public page lives under /en/ or /ru/; "/" is redirected by LocaleMiddleware following
# the browser's Accept-Language (English by default).
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("news/", include("apps.news.urls")),
    path("blos/", include("apps.blos.urls")),
    path("programmes/", include("apps.programmes.urls")),
    path("contacts/", include("apps.contacts.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
