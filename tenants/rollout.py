"""Roll-out: bring every schema up to the code's migrations.

Public goes first (agency tables may refer to it), then the template (new agencies are cloned from it),
then every agency in parallel worker processes. A schema that fails is reported and the others go on;
running the roll-out again resumes with whatever is still behind, because up-to-date schemas are
recognised in one query each and skipped."""

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django_tenants.utils import get_public_schema_name

from . import schemas


@dataclass
class Outcome:
    schema: str
    status: str  # "migrated", "skipped" or "failed"
    seconds: float
    error: str = ""
    worker: int = field(default_factory=os.getpid)  # the process that handled the schema


def _migrate_one(schema: str, expected: set, force: bool) -> Outcome:
    started = time.perf_counter()
    try:
        state = schemas.schema_state(schema, schemas.AGENCY, expected)
        if not state.behind and not force:
            return Outcome(schema, "skipped", time.perf_counter() - started)
        schemas.migrate_schema(schema)
        return Outcome(schema, "migrated", time.perf_counter() - started)
    except Exception as exc:  # one broken schema must not stop the others
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(schema, "failed", time.perf_counter() - started, detail)


def _worker_init() -> None:
    # Forked children must not share the parent's database socket.
    for conn in connections.all(initialized_only=True):
        conn.inc_thread_sharing()
        conn.close()
        conn.dec_thread_sharing()
    connections.close_all()


def rollout(
    *,
    jobs: int | None = None,
    force: bool = False,
    only: list[str] | None = None,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Migrate public, the template and every agency schema (or only those named); returns one outcome each."""
    expected = schemas.expected_migrations()
    outcomes = []
    # Public first (the agency list lives there), then the template (new agencies are cloned from it).
    for schema in (get_public_schema_name(), settings.TENANT_TEMPLATE_SCHEMA):
        outcome = _migrate_one(schema, expected, force)
        report(outcome)
        outcomes.append(outcome)
        if outcome.status == "failed":
            return outcomes  # agencies depend on both: stop here
    agencies = [s for s, kind in schemas.known_schemas() if kind == schemas.AGENCY and (not only or s in only)]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(agencies) <= 1:
        for schema in agencies:
            outcome = _migrate_one(schema, expected, force)
            report(outcome)
            outcomes.append(outcome)
        return outcomes
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init) as pool:
        futures = {pool.submit(_migrate_one, schema, expected, force): schema for schema in agencies}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # a worker that died (killed, out of memory) breaks the pool
                outcome = Outcome(futures[future], "failed", 0.0, f"worker lost: {exc!r}")
            report(outcome)
            outcomes.append(outcome)
    return outcomes
