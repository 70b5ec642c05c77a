"""What the printed registers' row sources (documents.register_rows, outgoing.register_rows) share."""

from django.db.models import QuerySet

from apps.registers.exports import RegisterRange
from apps.registers.models import Register


def in_range(documents: QuerySet, register: Register, span: RegisterRange, *, date: str, number: str) -> QuerySet:
    """``documents`` of ``register`` and the range's year within the range's dates (on the ``date`` column) and
    numbers (on the ``number`` column); a bound left empty does not limit."""
    documents = documents.filter(register=register, year=span.year)
    bounds = (
        (f"{date}__gte", span.from_date),
        (f"{date}__lte", span.to_date),
        (f"{number}__gte", span.from_number),
        (f"{number}__lte", span.to_number),
    )
    return documents.filter(**{lookup: value for lookup, value in bounds if value})
