from django.db.models import Count, Q
from django.views.generic import TemplateView

from apps.blos.models import BorderLiaisonOffice
from apps.news.models import NewsItem
from apps.programmes.models import Programme


class PublishedMixin:
    """Shared by every public list and detail view: start from the model's published() rule."""

    paginate_by = 20

    def get_queryset(self):
        return self.model.objects.published()


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        Status = BorderLiaisonOffice.Status
        blos = BorderLiaisonOffice.objects.published()
        context["latest_news"] = NewsItem.objects.published().for_list()[:5]
        context["blo_stats"] = blos.aggregate(
            established=Count("pk", filter=Q(status=Status.ESTABLISHED)),
            being_established=Count("pk", filter=Q(status=Status.BEING_ESTABLISHED)),
            borders=Count("border", filter=Q(status=Status.ESTABLISHED), distinct=True),
        )
        context["programmes"] = (
            Programme.objects.published().top_level().prefetch_related("components")
        )
        return context
