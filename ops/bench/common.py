"""What every benchmark needs: a database of its own and Django set up on it (development settings with
DEBUG off, so Django keeps no query log)."""

import argparse
import os
import platform
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]


def _admin_connection(url: str) -> tuple[psycopg.Connection, str]:
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.pop("dbname")
    return psycopg.connect(psycopg.conninfo.make_conninfo(**info, dbname="postgres"), autocommit=True), name


def drop_database(url: str) -> None:
    """Drop the bench database, waiting a little for an autovacuum worker (a process of another role, which FORCE
    may not end) to finish with it."""
    import time

    conn, name = _admin_connection(url)
    with conn:
        for attempt in range(30):
            try:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                return
            except psycopg.errors.InsufficientPrivilege:
                if attempt == 29:
                    raise
                time.sleep(1)


def recreate_database(url: str) -> None:
    drop_database(url)
    conn, name = _admin_connection(url)
    with conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str) -> bool:
    conn, name = _admin_connection(url)
    with conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["QLVB_ENV"] = "development"
    os.environ["DEBUG"] = "False"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "province.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine_line(title: str) -> str:
    """``# title — host, CPUs, PostgreSQL version, Python version`` (Django must be set up)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"# {title} — {platform.node()}, {os.cpu_count()} CPUs, PostgreSQL {pg}, Python {platform.python_version()}"


def vacuum(url: str, schema: str, tables: tuple[str, ...]) -> None:
    """VACUUM ANALYZE freshly loaded tables, as autovacuum does soon after a bulk load in production: without the
    visibility map an index-only scan (the lists' newest-first window) visits the heap for every row."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in tables:
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(schema, table)))


# (persona, scenario, endpoint kind, the timed requests in ms sorted, rows in the API answer)
Timed = tuple[str, str, str, list[float], int]
GOALS = {"list": 100, "search": 200}  # p95, ms (the goals for lists and searches at a million documents)


def p95(timings: list[float]) -> float:
    """The 95th percentile of sorted timings (of 20, the second slowest)."""
    return timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]


class Plan(NamedTuple):
    """What a list benchmark requests: on ``host`` (agency ``schema``), each persona, scenario and endpoint."""

    host: str
    schema: str
    personas: tuple
    scenarios: list
    endpoints: tuple


def time_requests(plan: Plan, values: dict, repeat: int) -> list[Timed]:
    """Every persona (user ``<persona>.bench``) requests every scenario's query string (formatted with ``values``) on
    every endpoint of the plan ``repeat`` times after two warm-up requests, in-process (Django's test client: routing,
    middleware, session, access rules, filters, queries, template or serializer; no network)."""
    import time

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_tenants.utils import schema_context

    results: list[Timed] = []
    for persona in plan.personas:
        client = Client(HTTP_HOST=plan.host)
        with schema_context(plan.schema):
            user = get_user_model().objects.get(username=f"{persona}.bench")
            client.force_login(user, backend="apps.people.backends.MembershipBackend")
        for label, query in plan.scenarios:
            query = query.format(**values)
            for kind, path in plan.endpoints:
                url = f"{path}?{query}" if query else path
                timings: list[float] = []
                for attempt in range(repeat + 2):
                    began = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - began) * 1000
                    if response.status_code != 200:
                        raise SystemExit(f"{persona} {url}: HTTP {response.status_code}")
                    if attempt >= 2:
                        timings.append(elapsed)
                rows = len(response.json()["results"]) if kind == "api" else 0
                timings.sort()
                results.append((persona, label, kind, timings, rows))
                median = timings[len(timings) // 2]
                print(
                    f"  {persona:<10} {label:<36} {kind:<9} p50 {median:7.1f}  p95 {p95(timings):7.1f} ms", flush=True
                )
    return results


def report(results: list[Timed]) -> None:
    """Each row's p50 / p95 against its family's goal, then the p95 over every request of a family (lists, searches)
    for each persona and for all: the issue's "list p95" and "search p95"."""
    import statistics

    print(f"\n{'persona':<10} {'scenario':<36} {'kind':<9} {'p50 ms':>7} {'p95 ms':>7}  goal")
    pooled: dict[tuple[str, str], list[float]] = {}
    over = 0
    for persona, label, kind, timings, _rows in results:
        family = "search" if label.startswith("search") else "list"
        goal = GOALS[family]
        for key in ((persona, family), ("all", family)):
            pooled.setdefault(key, []).extend(timings)
        median, tail = statistics.median(timings), p95(timings)
        over += tail > goal
        verdict = "ok" if tail <= goal else "OVER"
        print(f"{persona:<10} {label:<36} {kind:<9} {median:7.1f} {tail:7.1f}  {verdict} ≤ {goal}")
    print(f"\nrows over their goal at p95: {over} of {len(results)}")
    print("p95 of every request of a family (requests; p50 / p95 ms; goal):")
    for (who, family), timings in sorted(pooled.items()):
        timings.sort()
        median, tail, goal = statistics.median(timings), p95(timings), GOALS[family]
        verdict = "met" if tail <= goal else "NOT met"
        print(f"  {who:<10} {family:<6} {len(timings):5d}  {median:6.1f} / {tail:6.1f}  ≤ {goal}: {verdict}")


def provision_bench_agency(schema: str, number: int, name: str, abbreviation: str) -> None:
    """Roll out the migrations, then provision the benchmark's agency (code ``000.00.<number>.H19``, host and schema
    ``schema``) through the product's own service."""
    from tenants.rollout import rollout
    from tenants.services import AgencySpec, provision_agency

    failed = [o for o in rollout(jobs=1) if o.status == "failed"]
    if failed:
        raise SystemExit(f"roll-out failed: {failed}")
    spec = AgencySpec(
        code_102=f"000.00.{number}.H19", code_qd20=f"H19.{number}", name=name, short_name=name[:40],
        abbreviation=abbreviation, domain=schema, schema_name=schema,
    )  # fmt: skip
    provision_agency(spec)


def bench_people(schema: str, people: list[tuple[str, str, int]]) -> tuple[list, dict]:
    """The agency's office and seven more units, and ``people`` — (persona, role, index of their unit) — as users
    ``<persona>.bench`` in the lowest position; returns (units, users by persona)."""
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from apps.people.models import Membership, Position, Unit

    with schema_context(schema):
        position = Position.objects.order_by("-rank").first()
        units = [Unit.objects.get(abbreviation="VP")] + [
            Unit.objects.create(name=f"Phòng Chuyên môn {n}", abbreviation=f"CM{n}") for n in range(1, 8)
        ]
        users = {}
        for persona, role, unit in people:
            users[persona] = get_user_model().objects.create_user(f"{persona}.bench", full_name=f"Người đo {persona}")
            Membership.objects.create(user=users[persona], unit=units[unit], position=position, roles=[role])
    return units, users


def add_database_arguments(parser: argparse.ArgumentParser, *, reuse: bool = False) -> None:
    """``--keep`` (and, for benchmarks whose data takes minutes to generate, ``--reuse``)."""
    if reuse:
        parser.add_argument("--reuse", action="store_true", help="use the database a previous --keep run left")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")


class BenchDatabase(NamedTuple):
    url: str
    reused: bool


@contextmanager
def bench_database(args: argparse.Namespace, default_url: str) -> Iterator[BenchDatabase]:
    """The benchmark's own database (BENCH_DATABASE_URL, else ``default_url``), made anew unless ``--reuse`` finds
    the one a ``--keep`` run left, with Django set up on it (any host allowed: requests come in-process); dropped
    at the end unless ``--keep``."""
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    reused = getattr(args, "reuse", False) and database_exists(url)
    if not reused:
        recreate_database(url)
    setup_django(url)
    from django.conf import settings
    from django.db import connections

    settings.ALLOWED_HOSTS = ["*"]
    try:
        yield BenchDatabase(url, reused)
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(url)


def drop_plain_indexes(schema: str, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Drop the plain indexes of ``tables`` before a bulk load, returning (name, definition) to rebuild them; those
    behind a primary key or unique constraint stay (they guard the data)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE n.nspname = %s AND t.relname = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [schema, list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name)))
    return indexes


class Loaded(NamedTuple):
    """What a bulk load leaves to set right: the plain indexes it dropped, the tables whose ids it wrote (up to
    ``total``) and each register's last number per year."""

    indexes: list[tuple[str, str]]
    id_tables: tuple[str, ...]
    total: int
    last_numbers: dict[tuple[int, int], int]


def finish_load(cursor, loaded: Loaded) -> None:
    """After the COPY (on its cursor, in the agency's schema): indexes rebuilt, id sequences moved past the
    loaded ids, the registers' counters at their last numbers (as numbering leaves them)."""
    for _name, definition in loaded.indexes:
        cursor.execute(definition)
    for table in loaded.id_tables:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, loaded.total])
    for (register, year), last in loaded.last_numbers.items():
        cursor.execute(
            "INSERT INTO registers_registercounter (register_id, year, last_number) VALUES (%s, %s, %s)",
            [register, year, last],
        )


def bench_main(
    description: str,
    default_url: str,
    arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace, BenchDatabase], None],
    *,
    reuse: bool = False,
) -> None:
    """The command line of a benchmark: the options ``arguments`` adds, then ``--keep`` (and ``--reuse``); then
    ``run(args, database)`` on its own database (bench_database). Exits 0 explicitly: worker threads of the
    libraries must not hold the process."""
    parser = argparse.ArgumentParser(description=description)
    arguments(parser)
    add_database_arguments(parser, reuse=reuse)
    args = parser.parse_args()
    with bench_database(args, default_url) as database:
        run(args, database)
    sys.exit(0)


def list_bench_main(
    description: str,
    default_url: str,
    run: Callable[[argparse.Namespace, bool], None],
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
) -> None:
    """The command line of a list benchmark (``--documents``, or the arguments ``extra`` adds instead;
    ``--repeat``, ``--reuse``, ``--keep``): ``run(args, reused)`` on its database."""

    def arguments(parser: argparse.ArgumentParser) -> None:
        if extra is None:
            parser.add_argument("--documents", type=int, default=1_000_000)
        else:
            extra(parser)
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per scenario")

    bench_main(description, default_url, arguments, lambda args, database: run(args, database.reused), reuse=True)


def list_endpoints(page: str, api: str) -> tuple[tuple[str, str], ...]:
    """A list page and its API list, each with its count (``…/count/``): what a list benchmark times."""
    return (("page", page), ("count", f"{page}count/"), ("api", api), ("api-count", f"{api}count/"))


def generated_or_reused(reused: bool, what: str, generate: Callable[[], float]) -> None:
    """Say that the database a ``--keep`` run left is reused, or ``generate()`` ``what`` (it returns its seconds)."""
    if reused:
        print("# reusing the generated database")
        return
    print(f"# generating {what}")
    print(f"# generated in {generate():.0f} s")
