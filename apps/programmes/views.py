from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from apps.core.views import PublishedMixin
from apps.programmes.models import Programme


class ProgrammeListView(PublishedMixin, ListView):
    model = Programme
    paginate_by = None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .top_level()
            .prefetch_related(Prefetch("components", queryset=Programme.objects.published()))
        )


class ProgrammeDetailView(PublishedMixin, DetailView):
    model = Programme

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .prefetch_related(Prefetch("components", queryset=Programme.objects.published()))
        )
