"""Pages of long lists that stay fast at a million rows.

Two costs grow with an agency's documents, and each has its answer here:

- **The count.** An exact ``count(*)`` reads every row that matches (half a second at a million, whatever the
  indexes). The count therefore stops at ``COUNT_CAP`` rows ("more than 10,000") — or at ``QUICK_CAP`` ("more than
  1,000") when counting further would take longer than ``COUNT_BUDGET_MS`` —, and lists load it after the page, in a
  request of its own, so the rows show at once.
- **A common word in a newest-first list.** PostgreSQL cannot tell that the words of a search come together
  ("chuyển đổi số"), underestimates how many rows match, and reads them all through the trigram index before
  sorting, where walking the newest rows would have found a page at once. ``newest_first_rows`` first looks for the
  page among the ``WINDOW`` newest rows of the table, walking the date index (``walking_the_date_index``), so that
  its cost is bounded by the window whatever the search; only when they do not fill the page does the plain query
  run. The answer is the same either way: every row outside the window is older than every row inside it.

So a list answers a page without counting (``quick_page``: one row more than the page tells whether a next one
exists) and counts in a request of its own (``capped_count``): the web lists' count views and the API lists'
``count/`` (``QuickPagination`` and ``CountedListMixin``).
"""

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from psycopg.errors import QueryCanceled
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .serializers import StrictBooleanField

COUNT_CAP = 10_000
# capped_count: up to QUICK_CAP at once, then up to COUNT_CAP within the budget.
QUICK_CAP = 1_000
COUNT_BUDGET_MS = 60
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
    with walking_the_date_index():
        rows = page_rows(queryset.filter(**{f"{date_field}__gte": cutoff[0]}), bottom, top)
    return rows if len(rows) == top - bottom else None


def page_rows(queryset: QuerySet, bottom: int, top: int) -> list:
    """Rows ``[bottom:top]`` of ``queryset``: their ids first, then those rows with what the list joins and
    prefetches. PostgreSQL makes a list's joins before it skips the rows of an OFFSET, so page 200 of a list joining
    five tables joined 10,000 rows to show 50 (150 ms at a million documents); the ids skip them through the index
    alone, and the second query finds the page's rows by primary key, in the list's order."""
    ids = list(queryset.values_list("pk", flat=True).prefetch_related(None)[bottom:top])
    return list(queryset.filter(pk__in=ids)) if ids else []


@contextmanager
def walking_the_date_index() -> Iterator[None]:
    """Queries inside walk the window in date order through the date index and test the other conditions row by row,
    stopping at the page's last row; never a bitmap of every match of a search in the table (PostgreSQL misjudges
    how many rows a phrase matches, and would otherwise read every match of a rare phrase before finding that the
    window holds too few). The cost is then bounded by the window's size whatever the search. The setting lasts for
    the block: rolled back with it on error, reset on success (a savepoint's SET LOCAL outlives the savepoint)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        yield
        cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")


@dataclass(frozen=True)
class CappedCount:
    """How many rows match, exact up to the cap; ``is_capped`` when there are more."""

    count: int
    is_capped: bool


def capped_count(queryset: QuerySet, cap: int | None = None) -> CappedCount:
    """Counts rows up to ``cap + 1`` (one more than the cap tells that there are more; ``COUNT_CAP`` by default), in
    two steps: up to ``QUICK_CAP`` first (a few milliseconds), then, when there are more, up to the cap within what is
    left of ``COUNT_BUDGET_MS``. Reaching 10,000 matches of a common phrase means reading tens of thousands of rows
    (half a second for a specialist's search at a million documents); past the budget the answer is "more than
    1,000", which is as true and tells the person as well to narrow the filters. The list's order is dropped, so
    PostgreSQL may count through whichever index serves the filters."""
    cap = COUNT_CAP if cap is None else cap
    queryset = queryset.order_by()
    started = time.perf_counter()
    counted = queryset[: min(cap, QUICK_CAP) + 1].count()
    if counted <= QUICK_CAP or cap <= QUICK_CAP:
        return CappedCount(min(counted, cap), counted > cap)
    # Both steps share the budget, and counting further costs at least what the first step cost (the same scans).
    spent = math.ceil((time.perf_counter() - started) * 1000)
    if 2 * spent < COUNT_BUDGET_MS:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [COUNT_BUDGET_MS - spent])
                counted = queryset[: cap + 1].count()
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return CappedCount(min(counted, cap), counted > cap)
        except OperationalError as exc:
            if not isinstance(exc.__cause__, QueryCanceled):
                raise
    return CappedCount(QUICK_CAP, is_capped=True)


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


def last_page(per_page: int) -> int:
    """The page holding the ``COUNT_CAP``-th row: lists page no further (narrow the filters instead)."""
    return math.ceil(COUNT_CAP / per_page)


def quick_page(queryset: QuerySet, number: object, per_page: int, *, newest_first: NewestFirst = None) -> QuickPage:
    """Page ``number`` (1 when not a whole number ≥ 1; at most ``last_page``, which has no next page)."""
    try:
        number = max(1, int(str(number)))
    except (TypeError, ValueError):
        number = 1
    number = min(number, last_page(per_page))
    bottom = (number - 1) * per_page
    top = bottom + per_page + 1
    rows = newest_first_rows(queryset, bottom, top, newest_first)
    if rows is None:
        rows = page_rows(queryset, bottom, top)
    has_more = len(rows) > per_page and number < last_page(per_page)
    return QuickPage(rows[:per_page], number, per_page, has_more=has_more)


class QuickPagination(PageNumberPagination):
    """API pages found as the web list's (``quick_page``): ``next`` and ``previous`` links, no count — the count of
    the same filters is the list's ``count/`` (``CountedListMixin``). ``page`` runs from 1 to the page holding the
    10,000th row; another value answers 404. A view with a ``newest_first`` attribute (see NewestFirst) gets the fast
    first pages."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        """``page_size`` from 1 to 200 (the default when absent); anything else is refused, not ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [_("Enter a whole number from 1 to 200.")]})
        return int(raw)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list:
        self.request = request
        per_page = self.get_page_size(request)
        number = request.query_params.get(self.page_query_param) or "1"
        if not number.isdigit() or not 1 <= int(number) <= last_page(per_page):
            raise NotFound(self.invalid_page_message.format(page_number=number, message=""))
        self.page = quick_page(queryset, number, per_page, newest_first=getattr(view, "newest_first", None))
        return list(self.page)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        del response["properties"]["count"]
        response["required"] = ["results"]
        return response


COUNT_SCHEMA = inline_serializer(
    "CappedCount",
    {
        "count": serializers.IntegerField(
            help_text="How many rows match: exact when count_is_capped is false; otherwise more than this many."
        ),
        "count_is_capped": StrictBooleanField(
            help_text="True when more rows match than count: more than 10,000, or more than 1,000 when counting "
            "further would take too long."
        ),
    },
)


class CountedListMixin:
    """``GET <list>/count/`` on the list's own filters (400 by field for a wrong value, as the list): how many rows
    match (``capped_count``). For viewsets paged by ``QuickPagination``."""

    @extend_schema(responses=COUNT_SCHEMA, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def count(self, request: Request) -> Response:
        """How many documents the list's filters match: ``count`` is exact when ``count_is_capped`` is false; otherwise
        more than ``count`` match — more than 10,000, or more than 1,000 when counting further would take longer
        than the server's time budget (then narrow the filters, or count again later)."""
        counted = capped_count(self.filter_queryset(self.get_queryset()))
        return Response({"count": counted.count, "count_is_capped": counted.is_capped})
