"""The province's view of file intake (issue 9 point 8): per agency, the files the chain has not finished with and
those it stopped, the files being read with their progress, and the length of the scan and OCR queues. One query
over every agency's partial index of files not ready (``stored_file_not_ready``), so it stays fast at 250 agencies."""

from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import connection
from psycopg import sql

from apps.documents.intake import INTAKE_QUEUE, OCR_QUEUE
from tenants.tasks import agency_schemas

TABLE = "documents_storedfile"
OTHER_COLUMNS = ("reading", "quarantined", "refused", "failed")


@dataclass
class AgencyIntake:
    schema: str
    counts: dict[str, int] = field(default_factory=dict)
    reading: list[tuple[str, int, int]] = field(default_factory=list)  # (name, pages read, pages)

    @property
    def columns(self) -> list[int]:
        """The table's figures: waiting (or being scanned), being read, quarantined, refused, failed."""
        count = self.counts.get
        return [count("waiting", 0) + count("scanning", 0)] + [count(s, 0) for s in OTHER_COLUMNS]


def agency_backlog() -> list[AgencyIntake]:
    """Every agency with files not ready, and the files being read there (at most five each)."""
    schemas = agency_schemas(active_only=False)
    if not schemas:
        return []
    counts = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {s}, intake_state, count(*) FROM {t} WHERE intake_state <> 'ready' GROUP BY 2").format(
            s=sql.Literal(schema), t=sql.Identifier(schema, TABLE)
        )
        for schema in schemas
    )
    reading = sql.SQL(" UNION ALL ").join(
        sql.SQL(
            "(SELECT {s}, original_name, pages_read, coalesce(pages, 0) FROM {t}"
            " WHERE intake_state = 'reading' ORDER BY created_at LIMIT 5)"
        ).format(s=sql.Literal(schema), t=sql.Identifier(schema, TABLE))
        for schema in schemas
    )
    found: dict[str, AgencyIntake] = {}
    with connection.cursor() as cursor:
        cursor.execute(counts)
        for schema, state, count in cursor.fetchall():
            found.setdefault(schema, AgencyIntake(schema)).counts[state] = count
        cursor.execute(reading)
        for schema, name, done, total in cursor.fetchall():
            found.setdefault(schema, AgencyIntake(schema)).reading.append((name, done, total))
    return [found[s] for s in schemas if s in found]


def queue_lengths() -> dict[str, int | None]:
    """Messages waiting in the scan and OCR queues of the broker (None: the broker did not answer)."""
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
        return {queue: client.llen(queue) for queue in (INTAKE_QUEUE, OCR_QUEUE)}
    except redis.RedisError:
        return dict.fromkeys((INTAKE_QUEUE, OCR_QUEUE))
