"""A page and the number of rows in one query.

Django's Paginator asks for ``COUNT(*)`` before it reads a page: for a search that is the
whole search twice (finding and sorting the matches, then again for the page). A queryset
annotated by ``with_total()`` carries the count on each row (``COUNT(*) OVER ()``, worked out
before LIMIT); ``CountedPaginator`` reads the page first and takes the count from it.
"""

import re

from django.core import paginator
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, Window

TOTAL = "total_rows"
# No list is this long; a larger OFFSET is past a 64-bit integer, which SQLite and PostgreSQL
# refuse with an error (?page=99999999999999999999).
LARGEST_OFFSET = 2**62
# An integer as the site writes one. Python's int() also reads " 2", "+2", "02", "1_0" (10)
# and "٣" (3): each would be a second address of a page.
INTEGER = re.compile(r"0|-?[1-9][0-9]*")


def is_plain_integer(value: str) -> bool:
    """Whether a query parameter's ``value`` is an integer written as the site writes it."""
    return INTEGER.fullmatch(value) is not None


class Paginator(paginator.Paginator):
    """Django's Paginator, reading a page number only as the site writes it: "1_0" or "02" is
    not a page (Django's own reads them as pages 10 and 2)."""

    def validate_number(self, number):
        if isinstance(number, str) and not is_plain_integer(number):
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        return super().validate_number(number)


def with_total(queryset):
    """``queryset`` with the number of rows it has on each of them."""
    return queryset.annotate(**{TOTAL: Window(Count("pk"))})


class CountedPaginator(Paginator):
    """Pages of a ``with_total()`` queryset: one query per page instead of two. The same
    pages, numbers and errors as Django's Paginator (tested side by side)."""

    def page(self, number):
        number = self._positive_number(number)
        bottom = (number - 1) * self.per_page
        if bottom > LARGEST_OFFSET:
            rows = []  # past the end of any list: the count below gives the message
        else:
            rows = list(self.object_list[bottom : bottom + self.per_page + self.orphans])
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)
        elif number == 1:
            self.__dict__["count"] = 0
        else:  # past the end: the count decides the message, as Django's validate_number does
            self.__dict__["count"] = self.object_list.count()
        # Django's own check, now that the count is known (orphans, an empty first page).
        number = self.validate_number(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows[: top - bottom], number, self)

    def _positive_number(self, number) -> int:
        if isinstance(number, str) and not is_plain_integer(number):
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
