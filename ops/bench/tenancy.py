"""Tenancy benchmark: a new agency by clone against one by migrations, then the roll-out and schema_status
over many agency schemas. Targets: provisioning ≤ 1 s (by clone); a no-op roll-out over 250 agencies ≤ 60 s.

    .venv/bin/python ops/bench/tenancy.py [--agencies 250] [--repeat 10] [--jobs N] [--keep]

Runs against a database of its own (BENCH_DATABASE_URL, default postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench),
created fresh by the qlvb role (which has CREATEDB) and dropped at the end unless --keep. Figures are
recorded in docs/benchmarks.md."""

import argparse
import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

from common import add_database_arguments, bench_database
from psycopg import sql

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run_command(name: str, **options) -> tuple[int, str]:
    """Exit code and last line of output (the command's own summary)."""
    from django.core.management import call_command
    from django.utils import translation

    out = io.StringIO()
    try:
        with translation.override("en"):
            call_command(name, stdout=out, stderr=io.StringIO(), **options)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    lines = out.getvalue().strip().splitlines()
    return code, lines[-1] if lines else ""


def agency_spec(number: int):
    """Agency ``number`` of the benchmark (up to 999 of them: the number leads the QCVN 102 code)."""
    from tenants.services import AgencySpec
    from tests.support.agencies import department

    name, short_name, host = f"Cơ quan đo hiệu năng {number}", f"Cơ quan {number}", f"bench{number}"
    fields = department(number, name, short_name, f"CQ{number}", host, code_102=f"{number:03d}.00.01.H19")
    return AgencySpec(**fields, schema_name=host)


def unapply(app: str) -> tuple[int, str]:
    """Put every agency behind by ``app``'s migrations, as a release that adds them finds it (set-up only)."""
    from django.core.management import call_command

    call_command("migrate_schemas", app, "zero", tenant=True, interactive=False, verbosity=0)
    return 0, "(set-up, one schema after the other)"


def drop_schema(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


def summary(label: str, seconds: list[float]) -> str:
    return (
        f"{label:<48} {len(seconds):>5} {statistics.mean(seconds):>9.3f} {statistics.median(seconds):>9.3f}"
        f" {max(seconds):>9.3f}"
    )


def provisioning_figures(repeat: int) -> None:
    """(a) One new agency: by clone (the whole service, and the copy alone) against CREATE SCHEMA + every
    migration, alternating so that both meet the same load."""
    from django.conf import settings

    from tenants import cloning, schemas
    from tenants.services import provision_agency

    by_service, by_clone, by_migrations = [], [], []
    for n in range(1, repeat + 1):
        by_service.append(timed(lambda n=n: provision_agency(agency_spec(n))))
        by_clone.append(timed(lambda n=n: cloning.clone_schema(settings.TENANT_TEMPLATE_SCHEMA, f"bare{n}")))
        by_migrations.append(timed(lambda n=n: schemas.migrate_schema(f"migrated{n}")))
        drop_schema(f"bare{n}")
        drop_schema(f"migrated{n}")
    print(f"{'one new agency (seconds)':<48} {'runs':>5} {'mean':>9} {'median':>9} {'max':>9}")
    print(summary("provision_agency (clone, defaults, registry)", by_service))
    print(summary("clone_schema alone", by_clone))
    print(summary("CREATE SCHEMA + migrate_schema", by_migrations))


def rollout_figures(first: int, agencies: int, jobs: int | None, lag: str) -> None:
    """(b) Fill up to ``agencies`` agencies through the service, then time the commands over all of them."""
    from django.db import connections

    from tenants import schemas
    from tenants.services import provision_agency

    rest = range(first, agencies + 1)
    filling = timed(lambda: [provision_agency(agency_spec(n)) for n in rest])
    print(f"\n{len(rest)} more agencies provisioned in {filling:.1f} s ({filling / max(len(rest), 1):.3f} s each)")
    connections.close_all()
    heading = f"over {len(schemas.known_schemas())} schemas ({agencies} agencies)"
    print(f"\n{heading:<48} {'seconds':>9}  exit  summary")
    steps: list[tuple[str, Callable[[], tuple[int, str]]]] = [
        ("schema_status", lambda: run_command("schema_status")),
        ("rollout (nothing to do)", lambda: run_command("rollout", jobs=jobs)),
        ("rollout --jobs 1 (nothing to do)", lambda: run_command("rollout", jobs=1)),
        ("rollout --force (migrate on every schema)", lambda: run_command("rollout", jobs=jobs, force=True)),
        (f"every agency: migrate {lag} zero", lambda: unapply(lag)),
        ("schema_status (every agency behind)", lambda: run_command("schema_status")),
        (f"rollout ({lag} pending everywhere)", lambda: run_command("rollout", jobs=jobs)),
        (f"every agency: migrate {lag} zero", lambda: unapply(lag)),
        (f"rollout --jobs 1 ({lag} pending everywhere)", lambda: run_command("rollout", jobs=1)),
        ("schema_status after", lambda: run_command("schema_status")),
    ]
    for label, step in steps:
        started = time.perf_counter()
        code, said = step()
        seconds = time.perf_counter() - started
        print(f"{label:<48} {seconds:>9.2f}  {code:>4}  {said}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=250, help="agency schemas for the roll-out figures")
    parser.add_argument("--repeat", type=int, default=10, help="repetitions of each way to provision")
    parser.add_argument("--jobs", type=int, default=None, help="roll-out workers (default: CPU count)")
    parser.add_argument(
        "--lag", default="sessions", help="tenant app whose migrations every agency is made to miss (default: sessions)"
    )
    add_database_arguments(parser)
    args = parser.parse_args()
    with bench_database(args, DEFAULT_URL) as database:
        from django.db import connection

        from tenants.rollout import rollout

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
        print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {pg_version}")
        print(f"database: {database.url.rsplit('@', 1)[-1]}, roll-out jobs: {args.jobs or os.cpu_count()}\n")
        first = timed(lambda: rollout(jobs=1))
        print(f"fresh database, public and template migrated in {first:.1f} s\n")
        provisioning_figures(args.repeat)
        rollout_figures(args.repeat + 1, args.agencies, args.jobs, args.lag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
