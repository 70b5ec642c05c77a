"""Raw SQL for tests: what PostgreSQL does with a query (to prove an index serves it), ids a raw check finds."""

from django.db import connection
from django.db.models import QuerySet


def index_plan(queryset: QuerySet) -> str:
    """The plan of ``queryset`` with sequential scans off (inside the test's transaction): whether an index can
    serve the query at all, whatever the table's size."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def ids_where(query: str) -> list[int]:
    """The first column of every row ``query`` returns: the ids of the rows a raw consistency check finds."""
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [row[0] for row in cursor.fetchall()]
