from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from apps.core.paginators import CountedPaginator, Paginator, with_total

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """20 a page by default, ``page_size`` up to 100 (larger is a 400, not silently capped)."""

    django_paginator_class = Paginator
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = _("There is no page {page_number} in this list.")

    def paginate_queryset(self, queryset, request, view=None):
        """A list the view counts with its page (a search: ``counted_with_page``) is read in
        one query, page and count together (``COUNT(*) OVER ()``): its matches are found and
        ranked once, not once for the count and again for the page."""
        if view is not None and view.counts_with_page(request):
            self.django_paginator_class = CountedPaginator
            queryset = with_total(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        body = {
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        }
        facets = getattr(self, "facets", None)
        if facets is not None:
            body["facets"] = facets
        return Response(body)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["facets"] = {
            "type": "object",
            "description": "With ?facets=…: for each facet, the values and their counts.",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "string"},
                        "label": {"type": "string"},
                        "count": {"type": "integer"},
                    },
                },
            },
        }
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                # A number from 1, or "last": a string whose pattern says both.
                parameter["schema"] = {"type": "string", "pattern": "^([1-9][0-9]*|last)$"}
                parameter["description"] = (
                    "A page number, from 1 ('last' for the last page); past the end is a 404."
                )
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Items a page: {self.page_size} by default, at most {self.max_page_size}."
                )
        return parameters
