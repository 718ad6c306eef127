"""The public read-only API, version 1: one router for every app's endpoints."""

from django.urls import re_path
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from apps.blos.api.views import BorderLiaisonOfficeViewSet, BorderViewSet
from apps.contacts.api.views import PressContactViewSet
from apps.core.api.views import AnswerLanguageMixin, ApiRootView
from apps.news.api.views import NewsItemViewSet
from apps.programmes.api.views import ProgrammeViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.APIRootView = ApiRootView
router.register("news", NewsItemViewSet, basename="news")
router.register("blos", BorderLiaisonOfficeViewSet, basename="blo")
router.register("borders", BorderViewSet, basename="border")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("contacts", PressContactViewSet, basename="contact")


class NotFoundView(AnswerLanguageMixin, APIView):
    """Any other address under /api/v1/ (a slug with a dot, a mistyped endpoint): a JSON 404
    like every other API error, not the site's HTML page, in the language asked for."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()


# Only addresses ending in a slash: the others still get CommonMiddleware's APPEND_SLASH
# redirect (/api/v1/news → /api/v1/news/).
urlpatterns = [*router.urls, re_path(r"^[\s\S]+/$", NotFoundView.as_view(), name="not-found")]
