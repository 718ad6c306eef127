from django.views.generic import DetailView, ListView

from apps.core.views import LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin
from apps.news.models import NewsItem
from apps.programmes.models import Programme

RELATED_NEWS = 10


class ProgrammeListView(PublishedMixin, ListView):
    """The programmes, each with its published components."""

    model = Programme
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().top_level().with_components()


class ProgrammeDetailView(LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin, DetailView):
    model = Programme

    def get_queryset(self):
        return super().get_queryset().select_related("parent").with_components()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parent = self.object.parent
        context["parent"] = parent if parent is not None and parent.is_published else None
        news = NewsItem.objects.published().of_programme(self.object)
        context["news"] = news.for_list()[:RELATED_NEWS]
        return context
