"""Pages of long lists that stay fast at a million rows.

Two costs grow with an agency's documents, and each has its answer here:

- **The count.** An exact ``count(*)`` reads every row that matches (half a second at a million, whatever the
  indexes). The count therefore stops at ``COUNT_CAP`` rows ("more than 10,000"); the web list even loads it
  after the page, in a request of its own, so the rows show at once.
- **A common word in a newest-first list.** PostgreSQL cannot tell that the words of a search come together
  ("chuyển đổi số"), underestimates how many rows match, and reads them all through the trigram index before
  sorting, where walking the newest rows would have found a page at once. ``newest_first_rows`` first looks for the
  page among the ``WINDOW`` newest rows of the table (a range on the date, which PostgreSQL estimates well); only
  when they do not fill the page does the plain query run. The answer is the same either way: every row outside
  the window is older than every row inside it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000
WINDOW = 20_000

# (every row of the table, the date column the list is sorted on, newest first), or None for any other order.
NewestFirst = tuple[QuerySet, str] | None


def newest_first_rows(queryset: QuerySet, bottom: int, top: int, newest_first: NewestFirst) -> list | None:
    """Rows ``[bottom:top]`` of ``queryset`` (sorted newest first on the date column) when they all lie among the
    ``WINDOW`` newest rows of the table; None when the plain query must answer (small table, deep page, rare rows)."""
    if newest_first is None or top > WINDOW:
        return None
    table, date_field = newest_first
    cutoff = list(table.order_by(F(date_field).desc()).values_list(date_field, flat=True)[WINDOW - 1 : WINDOW])
    if not cutoff:
        return None  # fewer rows than the window: the plain query is as cheap
    rows = list(queryset.filter(**{f"{date_field}__gte": cutoff[0]})[bottom:top])
    return rows if len(rows) == top - bottom else None


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap`` (``is_capped`` then says so) and whose first pages of a newest-first
    list come from the newest rows when they can (``newest_first``). The count query drops the list's order, so
    PostgreSQL may count through whichever index serves the filters."""

    def __init__(self, *args, cap: int | None = None, newest_first: NewestFirst = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.newest_first = newest_first

    @cached_property
    def _counted(self) -> int:
        """Rows up to ``cap + 1``: one more than the cap tells that there are more."""
        object_list = self.object_list
        if hasattr(object_list, "query"):
            return object_list.order_by()[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number):
        """As Paginator.page, except that the last page before the cap is full (the rows go on beyond it)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.is_capped and top + self.orphans >= self.count:
            top = self.count
        rows = newest_first_rows(self.object_list, bottom, top, self.newest_first) if top > bottom else None
        return self._get_page(self.object_list[bottom:top] if rows is None else rows, number, self)


@dataclass
class QuickPage:
    """One page of a list, found without counting the list (the web list loads its count separately). It knows
    whether a next page exists by reading one row more than it shows."""

    object_list: Sequence
    number: int
    per_page: int
    has_more: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def quick_page(queryset: QuerySet, number: object, per_page: int, *, newest_first: NewestFirst = None) -> QuickPage:
    """Page ``number`` (1 when not a whole number ≥ 1; at most the page holding the ``COUNT_CAP``-th row)."""
    try:
        number = max(1, int(str(number)))
    except (TypeError, ValueError):
        number = 1
    number = min(number, math.ceil(COUNT_CAP / per_page))
    bottom = (number - 1) * per_page
    top = bottom + per_page + 1
    rows = newest_first_rows(queryset, bottom, top, newest_first)
    if rows is None:
        rows = list(queryset[bottom:top])
    return QuickPage(rows[:per_page], number, per_page, has_more=len(rows) > per_page)


class CappedPagination(PageNumberPagination):
    """API pages with the same capped count: ``count`` is exact up to 10,000, and ``count_is_capped`` is true when
    there are more. A view with a ``newest_first`` attribute (see NewestFirst) gets the fast first pages."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        newest_first = getattr(view, "newest_first", None)
        self.django_paginator_class = lambda *args, **kwargs: CappedPaginator(
            *args, newest_first=newest_first, **kwargs
        )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_capped": paginator.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_is_capped"] = {"type": "boolean", "example": False}
        return response
