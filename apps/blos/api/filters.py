import django_filters

from apps.blos.models import Border, BorderLiaisonOffice
from apps.core.api.filters import (
    ListedChoiceFilter,
    OrderingFilter,
    SlugFilter,
    translated_ordering,
)
from apps.core.filters import CountryCodeFilter, of_programme
from apps.programmes.models import Programme


class BorderLiaisonOfficeFilter(django_filters.FilterSet):
    border = SlugFilter(queryset=Border.objects.all(), help_text="border slug")
    country = CountryCodeFilter(
        field_name="host_country", help_text="ISO 3166 alpha-2 code of the host country"
    )
    status = ListedChoiceFilter(
        choices=BorderLiaisonOffice.Status.choices,
        help_text="planned, being_established, established or closed",
    )
    programme = SlugFilter(
        queryset=Programme.objects.published(),
        method=of_programme,
        help_text="programme slug; a programme's offices include its components' offices",
    )
    ordering = OrderingFilter(
        orderings={
            "name": translated_ordering("name", then=["slug"]),
            "-name": translated_ordering("name", descending=True, then=["slug"]),
            "established_on": ["established_on", "slug"],
            "-established_on": ["-established_on", "slug"],
            "status": ["status", "slug"],
            "border": ["border__slug", "slug"],
        },
        help_text="name, -name, established_on, -established_on, status or border",
    )

    class Meta:
        model = BorderLiaisonOffice
        fields = []
