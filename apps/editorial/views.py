"""Staff previews: any item, published or not, in either language, exactly as its public page
will look — never cached, never indexed."""

from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from apps.blos.models import BorderLiaisonOffice
from apps.blos.views import BorderLiaisonOfficeDetailView
from apps.news.models import NewsItem
from apps.news.views import NewsItemDetailView
from apps.programmes.models import Programme
from apps.programmes.views import ProgrammeDetailView


class PreviewMixin:
    require_published_translation = False

    @method_decorator(never_cache)
    @method_decorator(staff_member_required)
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context


class NewsItemPreviewView(PreviewMixin, NewsItemDetailView):
    def get_queryset(self):
        return NewsItem.objects.for_detail()


class BorderLiaisonOfficePreviewView(PreviewMixin, BorderLiaisonOfficeDetailView):
    def get_queryset(self):
        return BorderLiaisonOffice.objects.for_detail()


class ProgrammePreviewView(PreviewMixin, ProgrammeDetailView):
    def get_queryset(self):
        return Programme.objects.select_related("parent").with_components(as_if_published=True)
