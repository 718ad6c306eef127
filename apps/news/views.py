from django.views.generic import DetailView, ListView

from apps.core.views import PublishedMixin
from apps.news.models import NewsItem


class NewsItemListView(PublishedMixin, ListView):
    model = NewsItem

    def get_queryset(self):
        return super().get_queryset().for_list()


class NewsItemDetailView(PublishedMixin, DetailView):
    model = NewsItem

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("countries", "topics", "programmes", "blos", "contacts__office")
        )
