"""Registration benchmark: incoming documents registered per second by 32 concurrent clients through the service
layer (apps.documents.services.register_incoming: checks, duplicate warning, gapless number, document, audit
event) against a raw-SQL baseline doing only the lock-counter-and-insert in the same run (and, for information, the
same in one autocommitted statement, as the service writes it). Goal: the service reaches at least 50 % of the raw
rate (the counter row lock serialises both; the rest is the service's own work).

    .venv/bin/python ops/bench/registration.py [--clients 32] [--each 25] [--rounds 3] [--keep]

Runs against a database of its own (BENCH_DATABASE_URL, default
postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_registration), created fresh and dropped at the end unless
--keep. Prints figures; they are recorded in docs/benchmarks.md. Not a test."""

import argparse
import datetime
import multiprocessing
import statistics
import time
from collections.abc import Callable

import psycopg
from common import BenchDatabase, bench_main, machine_line, provision_bench_agency
from psycopg import sql

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_registration"
SCHEMA = "benchreg"


def prepare() -> dict:
    """Migrate, provision one agency, make a clerk and two fresh registers (one per contender)."""
    from django_tenants.utils import schema_context

    from apps.people.models import Membership, Position, Role, Unit
    from apps.registers.models import DocumentType, Register
    from province.accounts.models import User

    provision_bench_agency(SCHEMA, 99, "Sở Đo hiệu năng", "SDO")
    user = User.objects.create(username="vanthu.bench", full_name="Văn thư Đo hiệu năng")
    with schema_context(SCHEMA):
        Membership.objects.create(
            user=user,
            unit=Unit.objects.first(),
            position=Position.objects.order_by("-rank").first(),
            roles=[Role.CLERK],
        )
        return {
            "user": user,
            "document_type": DocumentType.objects.get(name="Công văn"),
            "service_register": Register.objects.create(kind="incoming", name="Sổ đo dịch vụ", secrecy_levels=["none"]),
            "raw_register": Register.objects.create(kind="incoming", name="Sổ đo SQL thô", secrecy_levels=["none"]),
            "raw1_register": Register.objects.create(
                kind="incoming", name="Sổ đo SQL một lệnh", secrecy_levels=["none"]
            ),
        }


def run_clients(clients: int, each: int, work: Callable[[object, int], None], setup: Callable[[], object]) -> dict:
    """``clients`` processes (as gunicorn's workers would be) start together and each calls ``work`` ``each``
    times on its own database connection; returns the rate and latencies."""
    from django.db import connections

    connections.close_all()  # children open their own; a forked socket must never be shared
    context = multiprocessing.get_context("fork")
    start = context.Barrier(clients + 1)
    results = context.Queue()

    def client(index: int) -> None:
        own: list[float] = []
        try:
            state = setup()
            start.wait()
            for i in range(each):
                began = time.perf_counter()
                work(state, index * each + i)
                own.append(time.perf_counter() - began)
            results.put(("ok", own))
        except BaseException as exc:
            results.put(("failed", repr(exc)))
            start.abort()
        finally:
            connections.close_all()

    processes = [context.Process(target=client, args=(n,)) for n in range(clients)]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    outcomes = [results.get() for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    failures = [detail for status, detail in outcomes if status == "failed"]
    if failures:
        raise RuntimeError(failures[0])
    latencies = sorted(value for _status, own in outcomes for value in own)
    return {
        "count": len(latencies),
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


def service_contender(ctx: dict, clients: int, each: int, first: int = 0) -> dict:
    """Numbers ``first + 1 …``: every round registers new numbers, so that the duplicate check finds no twin (a
    twin is the exception in a real register; the suite tests the warning)."""
    from django.db import connection

    from apps.documents.services import IncomingEntry, register_incoming
    from apps.people.access import Person

    issued = datetime.date.today() - datetime.timedelta(days=1)

    def setup():
        connection.set_schema(SCHEMA)
        return Person.for_user(ctx["user"])

    def work(person, n: int) -> None:
        entry = IncomingEntry(
            register=ctx["service_register"],
            document_type=ctx["document_type"],
            issuer="Ủy ban nhân dân tỉnh Đồng Nai",
            number=first + n + 1,
            notation="UBND-KGVX",
            issued_date=issued,
            subject=f"V/v đo hiệu năng vào sổ văn bản đến {n}",
        )
        register_incoming(entry, by=person)

    return run_clients(clients, each, work, setup)


RAW_INSERT = (
    "INSERT INTO documents_incomingdocument (register_id, year, arrival_number, arrival_date, issuer_code,"
    " issuer_name, number, notation, issued_date, document_type_id, subject, language, page_count, signer,"
    " signer_position, urgency, secrecy, due_on, description, registered_by_id, registered_at)"
    " VALUES (%s, %s, %s, %s, '', %s, %s, %s, %s, %s, %s, 'vi', NULL, '', '', 'none', 'none', NULL, '', %s, now())"
)


def raw_contender(ctx: dict, url: str, clients: int, each: int, *, one_statement: bool = False) -> dict:
    """The issue's baseline: in a transaction, the counter upsert, then the insert (``one_statement``: the ceiling
    for the service's own design, both in one autocommitted statement, as numbering.insert_numbered does)."""
    from apps.registers.numbering import _NEXT_NUMBER_SQL

    today = datetime.date.today()
    issued = today - datetime.timedelta(days=1)
    register = ctx["raw1_register" if one_statement else "raw_register"]
    register_id, type_id, user_id = register.pk, ctx["document_type"].pk, ctx["user"].pk
    numbered = RAW_INSERT.replace("VALUES (%s, %s, %s,", "VALUES (%s, %s, (SELECT last_number FROM n),")
    single = f"WITH n AS ({_NEXT_NUMBER_SQL}) {numbered}"

    def setup():
        conn = psycopg.connect(url, autocommit=one_statement)
        conn.execute(sql.SQL("SET search_path TO {}, public").format(sql.Identifier(SCHEMA)))
        if not one_statement:
            conn.commit()
        return conn

    def work(conn: psycopg.Connection, n: int) -> None:
        values = [
            today,
            "Ủy ban nhân dân tỉnh Đồng Nai",
            n + 1,
            "UBND-KGVX",
            issued,
            type_id,
            f"V/v SQL thô {n}",
            user_id,
        ]
        if one_statement:
            conn.execute(single, [register_id, today.year, register_id, today.year, *values])
            return
        with conn.transaction():
            number = conn.execute(_NEXT_NUMBER_SQL, [register_id, today.year]).fetchone()[0]
            conn.execute(RAW_INSERT, [register_id, today.year, number, *values])

    return run_clients(clients, each, work, setup)


def check_gapless(register) -> str:
    from django_tenants.utils import schema_context

    from apps.documents.models import IncomingDocument

    with schema_context(SCHEMA):
        numbers = list(
            IncomingDocument.objects.filter(register=register)
            .order_by("arrival_number")
            .values_list("arrival_number", flat=True)
        )
    return "gapless" if numbers == list(range(1, len(numbers) + 1)) else f"GAPS in {len(numbers)} numbers"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--each", type=int, default=25, help="registrations per client per round")
    parser.add_argument("--rounds", type=int, default=3)


def run(args: argparse.Namespace, database: BenchDatabase) -> None:
    url = database.url
    ctx = prepare()
    print(machine_line("registration benchmark"))
    print(
        f"# {args.clients} concurrent clients × {args.each} registrations, {args.rounds} rounds"
        " (raw and service alternate)"
    )
    from django.conf import settings

    print(f"# clients are processes; TENANT_LIMIT_SET_CALLS={settings.TENANT_LIMIT_SET_CALLS} (project setting)")
    # Warm-up: imports, connections, the year's counter rows.
    service_contender(ctx, 2, 2)
    raw_contender(ctx, url, 2, 2)
    raw_contender(ctx, url, 2, 2, one_statement=True)
    results: dict[str, list[dict]] = {"raw SQL": [], "service": [], "raw 1 stmt": []}
    for round_ in range(args.rounds):
        results["raw SQL"].append(raw_contender(ctx, url, args.clients, args.each))
        results["service"].append(
            service_contender(ctx, args.clients, args.each, 1000 + round_ * args.clients * args.each)
        )
        results["raw 1 stmt"].append(raw_contender(ctx, url, args.clients, args.each, one_statement=True))
    print(f"{'contender':<10} {'registrations/s (median)':>25} {'p50 ms':>8} {'p95 ms':>8}   rounds")
    medians = {}
    for name, runs in results.items():
        medians[name] = statistics.median(r["rate"] for r in runs)
        p50 = statistics.median(r["p50_ms"] for r in runs)
        p95 = statistics.median(r["p95_ms"] for r in runs)
        rates = ", ".join(f"{r['rate']:.0f}" for r in runs)
        print(f"{name:<10} {medians[name]:>25.0f} {p50:>8.1f} {p95:>8.1f}   {rates}")
    ratio = medians["service"] / medians["raw SQL"]
    print(f"service / raw = {ratio:.0%} (goal ≥ 50 %): {'met' if ratio >= 0.5 else 'NOT met'}")
    print(f"service / raw in one statement = {medians['service'] / medians['raw 1 stmt']:.0%} (for information)")
    gapless = ", ".join(
        f"{key} {check_gapless(ctx[key])}" for key in ("service_register", "raw_register", "raw1_register")
    )
    print(f"numbers: {gapless}")


if __name__ == "__main__":
    bench_main(__doc__.splitlines()[0], DEFAULT_URL, arguments, run)
