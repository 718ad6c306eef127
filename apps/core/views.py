import sys
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import InterfaceError, OperationalError
from django.db.models import Count, Q
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language, gettext, gettext_noop
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from apps.blos.models import BorderLiaisonOffice
from apps.core import caching, i18n
from apps.core.links import same_view_at
from apps.core.models import FormerSlug
from apps.core.paginators import Paginator, is_plain_integer
from apps.news.models import NewsItem
from apps.programmes.models import Programme


class PublishedMixin:
    """Shared by every public list and detail view: start from the model's published() rule."""

    paginate_by = 20
    paginator_class = Paginator

    def get_queryset(self):
        return self.model.objects.published()

    def paginate_queryset(self, queryset, page_size):
        """A page number only as the site writes it: ``?page=1_0`` or ``?page=02`` is not a
        page (Django's ListView reads them as pages 10 and 2), as ``?page=x`` is not."""
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or "1"
        if page != "last" and not is_plain_integer(str(page)):
            raise Http404(gettext("No page has this number."))
        return super().paginate_queryset(queryset, page_size)


class LowercaseSlugMixin:
    """Slugs are stored in lower case: an address typed with capitals
    (``/en/news/BLO-Opens/``) is sent on, permanently, to the lower-case one rather than
    answered as a page that does not exist. So is an address the object had before its slug
    was changed (``FormerSlug``), to the one it has now."""

    def get(self, request, *args, **kwargs):
        slug = kwargs.get(self.slug_url_kwarg, "")
        if slug != slug.lower():
            return self._moved(request, slug.lower())
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = FormerSlug.moved_within(self.get_queryset(), slug)
            if moved is None:
                raise
            return self._moved(request, moved)

    def _moved(self, request, slug: str):
        return HttpResponsePermanentRedirect(same_view_at(request, **{self.slug_url_kwarg: slug}))


class TranslatedDetailMixin:
    """Tells the template which languages the object exists in and whether the reader's
    language is shown through the English fallback."""

    #: Previews show a translation as it will look once published.
    require_published_translation = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        languages = i18n.available_languages(
            self.object, require_published=self.require_published_translation
        )
        context["page_languages"] = languages
        context["is_fallback"] = get_language() not in languages
        context["other_languages"] = [code for code in languages if code != get_language()]
        return context


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = BorderLiaisonOffice.Status
        blos = BorderLiaisonOffice.objects.published()
        context["latest_news"] = NewsItem.objects.published().for_list()[:5]
        context["blo_stats"] = blos.aggregate(
            established=Count("pk", filter=Q(status=status.ESTABLISHED)),
            being_established=Count("pk", filter=Q(status=status.BEING_ESTABLISHED)),
            borders=Count("border", filter=Q(status=status.ESTABLISHED), distinct=True),
        )
        context["programmes"] = Programme.objects.published().top_level().for_links()
        return context


@require_safe
def sitemap(request, sitemaps):
    """Django's sitemap, dated no earlier than the last change of public content: Django
    dates it by its newest ``lastmod``, which does not move when a page leaves it."""
    response = sitemap_views.sitemap(request, sitemaps)
    caching.date_no_earlier_than_last_change(response)
    return response


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _api_error(request, status: int, message: str) -> JsonResponse:
    """An error of the API as its own errors are: ``{"detail": …}`` in the language of its
    ``?lang=``, read from the raw query string (Django may have refused to parse it; the last
    one, as the API reads it)."""
    asked = parse_qs(request.META.get("QUERY_STRING", "")).get("lang", [""])[-1].strip().lower()
    language = asked if asked in dict(settings.LANGUAGES) else get_language()
    with translation.override(language):
        detail = gettext(message)
    response = JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Language"] = language
    return response


@requires_csrf_token
def bad_request(request, exception, template_name="400.html"):
    """The 400 handler, for a request Django refuses before any view reads it: more than
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` parameters, a body over its size limit, a host not in
    ``ALLOWED_HOSTS``. A translated page, and JSON on the API."""
    if not request.path.startswith("/api/"):
        return render(request, template_name, status=400)
    return _api_error(
        request,
        400,
        gettext_noop(
            "The request could not be read: it has too many parameters, is too large, or "
            "names an unknown host."
        ),
    )


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 handler; a lost database connection is a translated 503 instead, so clients and
    proxies retry, and the site recovers by itself once the database is back. JSON on the
    API."""
    error = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if isinstance(error, DATABASE_UNAVAILABLE):
        if api:
            response = _api_error(request, 503, DATABASE_UNAVAILABLE_MESSAGE)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    if api:
        return _api_error(request, 500, SERVER_ERROR_MESSAGE)
    return render(request, template_name, status=500)


DATABASE_UNAVAILABLE_MESSAGE = gettext_noop(
    "The service cannot reach its database right now. It will be back by itself shortly: "
    "please try again in a minute."
)
SERVER_ERROR_MESSAGE = gettext_noop(
    "The answer could not be given because of an error on our side. Please try again in a few "
    "minutes."
)
