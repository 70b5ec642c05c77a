"""Pages of long lists whose count stays cheap at a million rows.

An exact ``count(*)`` of an agency's documents reads every visible row (half a second at a million, whatever the
indexes); the first page alone costs a few milliseconds. The count therefore stops at ``COUNT_CAP`` rows: beyond
it the list says "more than 10,000" and offers the pages up to there (narrow the filters to go further)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap`` (``is_capped`` then says so). The count query drops the list's
    order, so PostgreSQL may count through whichever index serves the filters."""

    def __init__(self, *args, cap: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

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
        return self._get_page(self.object_list[bottom:top], number, self)


class CappedPagination(PageNumberPagination):
    """API pages with the same capped count: ``count`` is exact up to 10,000, and ``count_is_capped`` is true when
    there are more."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 200

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
