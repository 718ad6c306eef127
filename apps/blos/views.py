from django.views.generic import DetailView, ListView

from apps.blos.models import BorderLiaisonOffice
from apps.core.views import PublishedMixin


class BorderLiaisonOfficeListView(PublishedMixin, ListView):
    model = BorderLiaisonOffice
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().for_list()


class BorderLiaisonOfficeDetailView(PublishedMixin, DetailView):
    model = BorderLiaisonOffice

    def get_queryset(self):
        return super().get_queryset().for_list()
