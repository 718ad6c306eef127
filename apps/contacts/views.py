from django.db.models import Prefetch
from django.views.generic import ListView

from apps.contacts.models import Contact, Office
from apps.core.views import PublishedMixin


class PressContactListView(PublishedMixin, ListView):
    """Press contacts grouped by office."""

    model = Office
    paginate_by = None
    template_name = "contacts/contact_list.html"

    def get_queryset(self):
        press = Contact.objects.published().press()
        return (
            super()
            .get_queryset()
            .filter(contacts__in=press)
            .distinct()
            .select_related("country")
            .prefetch_related(Prefetch("contacts", queryset=press, to_attr="press_contacts"))
        )
