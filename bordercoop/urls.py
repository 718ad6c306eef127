from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.blos.sitemaps import BorderLiaisonOfficeSitemap
from apps.core.api.views import ApiDocsView, ApiSchemaView
from apps.core.sitemaps import StaticPagesSitemap
from apps.core.views import HomeView, RobotsView, sitemap
from apps.news.sitemaps import NewsItemSitemap
from apps.news.views import SearchView
from apps.programmes.sitemaps import ProgrammeSitemap

admin.site.site_header = _("bordercoop administration")
admin.site.site_title = _("bordercoop")
admin.site.index_title = _("Content")

sitemaps = {
    "pages": StaticPagesSitemap,
    "news": NewsItemSitemap,
    "blos": BorderLiaisonOfficeSitemap,
    "programmes": ProgrammeSitemap,
}

# Outside the language prefix: the admin (in the user's browser language) and site-wide files.
urlpatterns = [
    path("admin/translations/", include("apps.translations.admin_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("bordercoop.api_router")),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

# Every public page lives under /en/ or /ru/; "/" is redirected by LocaleMiddleware following
# the browser's Accept-Language (English by default).
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("news/", include("apps.news.urls")),
    path("blos/", include("apps.blos.urls")),
    path("programmes/", include("apps.programmes.urls")),
    path("contacts/", include("apps.contacts.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("feeds/", include("apps.news.feed_urls")),
    path("preview/", include("apps.editorial.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "apps.core.views.bad_request"
handler500 = "apps.core.views.server_error"
