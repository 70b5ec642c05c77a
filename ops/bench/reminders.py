"""Reminder run benchmark: the morning's due-soon and overdue reminders over 250 agencies, through Celery workers.
Goal: every agency's reminders done in ≤ 60 s; a second run the same morning sends nothing.

    .venv/bin/python ops/bench/reminders.py [--agencies 250] [--works 40] [--concurrency 2] [--reuse] [--keep]

In a database of its own (BENCH_DATABASE_URL, default postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_reminders),
``--agencies`` agencies are provisioned through the product's service (by cloning the template schema, as the
console does); five people of the province (with e-mail addresses) are members of each, and each agency gets
``--works`` open tasks in SQL (generate_series) with a lead, a support and a person kept informed: one task in four
overdue, one in four due tomorrow (a working day ahead), the rest due in a month. When today is not a working day,
the province's calendar gets today as a make-up working day (the run skips days nobody works).

Then, with Celery workers started on the queues the run uses (``periodic`` for the agencies' tasks, ``notify`` for
the e-mails; ``--concurrency`` processes, on Redis ``BENCH_REDIS_URL``, default redis://127.0.0.1:6379/11) and a
local SMTP server (aiosmtpd keeping the mail in a maildir), the periodic dispatcher ``remind_everywhere`` is run
(in this process, which learns the id of each task it publishes; beat runs it the same way) and the wall time is
measured until every agency's ``remind`` task has finished, then until every reminder's e-mail went. A second run
follows: every task must report nothing to remind and no e-mail may leave. Figures go to docs/benchmarks.md."""

import argparse
import mailbox
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from common import ROOT, add_database_arguments, bench_database, machine_line
from psycopg import sql
from tenancy import agency_spec

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_reminders"
PEOPLE = ("lanhdao", "truongphong", "chuyenvien1", "chuyenvien2", "chuyenvien3")

WORK_SQL = """
INSERT INTO direction_work (kind, title, description, direction, directed_at, due_on, urgency_rank, secrecy, state,
    directed_by_id)
SELECT 'task', 'Nhiệm vụ số ' || w, '', '', now() - interval '10 days',
    CASE w %% 4 WHEN 0 THEN %(today)s::date - 3 WHEN 1 THEN %(soon)s::date ELSE %(today)s::date + 30 END, 0, 'none',
    'open', %(leader)s
FROM generate_series(1, %(works)s) w;
INSERT INTO direction_assignment (role, due_on, assigned_at, state, assigned_by_id, user_id, work_id)
SELECT r.role, CASE WHEN r.role = 'info' THEN NULL ELSE w.due_on END, w.directed_at, 'open', w.directed_by_id,
    (%(people)s::bigint[])[1 + (w.id + r.n) %% cardinality(%(people)s::bigint[])], w.id
FROM direction_work w CROSS JOIN (VALUES ('lead', 0), ('support', 1), ('info', 2)) AS r(role, n)
"""


def fill(agencies: int, works: int) -> float:
    """Provision the agencies (through the service) and give each its people and open work."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django_tenants.utils import schema_context

    from apps.people.models import Membership, Position, Role, Unit
    from apps.workdays.calendar import calendar_for
    from tenants.rollout import rollout
    from tenants.services import provision_agency

    started = time.perf_counter()
    rollout(jobs=1)
    User = get_user_model()
    people = [User.objects.create_user(f"{p}.nhacviec", full_name=f"Người đo {p}", email=f"{p}@example.gov.vn")
              for p in PEOPLE]  # fmt: skip
    today = datetime.date.today()
    for n in range(1, agencies + 1):
        agency = provision_agency(agency_spec(n)).agency
        with schema_context(agency.schema_name):
            unit, position = Unit.objects.order_by("pk").first(), Position.objects.order_by("-rank").first()
            Membership.objects.bulk_create(
                Membership(user=u, unit=unit, position=position, roles=[Role.LEADER if i == 0 else Role.SPECIALIST])
                for i, u in enumerate(people)
            )
            soon = calendar_for().add_working_days(today, 1)
            values = {"today": today, "soon": soon, "works": works, "leader": people[0].pk}
            with connection.cursor() as cursor:
                cursor.execute(WORK_SQL, {**values, "people": [u.pk for u in people[1:]]})
        if n % 25 == 0:
            print(f"  {n:>4} agencies ({time.perf_counter() - started:.0f} s)", flush=True)
    return time.perf_counter() - started


def forget_reminders() -> None:
    """``--reuse``: the reminders and their notifications a previous run made are deleted (set-up), so that the
    first run has them all to send again."""
    from django.db import connection
    from django_tenants.utils import get_tenant_model

    kinds = ["work_due_soon", "work_overdue"]
    with connection.cursor() as cursor:
        for schema in get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True):
            cursor.execute(sql.SQL("DELETE FROM {}.direction_reminder").format(sql.Identifier(schema)))
            delete = sql.SQL("DELETE FROM {}.notifications_notification WHERE kind = ANY(%s)")
            cursor.execute(delete.format(sql.Identifier(schema)), [kinds])


def make_today_a_working_day() -> None:
    """The run does nothing on a day nobody works: when the bench runs on one, today becomes a make-up working day
    in the province's calendar (an exception like those the province administrator enters)."""
    import datetime

    from django_tenants.utils import get_public_schema_name, schema_context

    from apps.workdays.calendar import calendar_for
    from apps.workdays.services import ExceptionEntry, ensure_province_exceptions

    today = datetime.date.today()
    with schema_context(get_public_schema_name()):
        if not calendar_for().is_working_day(today):
            ensure_province_exceptions([ExceptionEntry(today, "working", "Đo hiệu năng: ngày làm bù")])
            print(f"# {today} made a working day in the province's calendar (the run skips days off)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def services(concurrency: int, maildir: Path, port: int):
    """A local SMTP server and Celery workers on the run's queues, stopped (by their own pids) at the end."""
    from province.celery import app

    python, celery = sys.executable, str(Path(sys.executable).with_name("celery"))
    smtp = subprocess.Popen([python, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Mailbox", str(maildir)])  # fmt: skip
    worker = subprocess.Popen(
        [celery, "-A", "province", "worker", "--concurrency", str(concurrency), "-Q", "periodic,notify",
         "-n", f"nhacviec{os.getpid()}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        app.control.purge()
        for _ in range(150):
            if app.control.ping(timeout=0.5):
                break
        else:
            raise SystemExit("the Celery worker did not answer")
        yield
    finally:
        for process in (worker, smtp):
            process.terminate()
            process.wait(timeout=60)


def run_once(maildir: Path) -> dict:
    """The dispatcher, then the wall time until every agency's task finished and until every e-mail went."""
    from celery.result import AsyncResult
    from celery.signals import after_task_publish

    from apps.direction.tasks import remind_everywhere

    ids: list[str] = []

    def published(sender=None, headers=None, **kwargs):
        if sender == "apps.direction.tasks.remind":
            ids.append(headers["id"])

    after_task_publish.connect(published, weak=False)
    mails_before = len(mailbox.Maildir(maildir))
    started = time.perf_counter()
    dispatched = remind_everywhere()
    after_task_publish.disconnect(published)
    results = [AsyncResult(i) for i in ids]
    while not all(r.ready() for r in results):
        time.sleep(0.1)
    tasks_done = time.perf_counter() - started
    outcomes = [r.get() for r in results]
    mailed = wait_for_mail(started)
    return {
        "agencies": dispatched,
        "tasks": tasks_done,
        "mailed": mailed,
        "due_soon": sum(o.get("due_soon", 0) for o in outcomes),
        "overdue": sum(o.get("overdue", 0) for o in outcomes),
        "notified": sum(o.get("notified", 0) for o in outcomes),
        "skipped": sum("skipped" in o for o in outcomes),
        "emails": len(mailbox.Maildir(maildir)) - mails_before,
    }


def wait_for_mail(started: float) -> float:
    """Seconds from ``started`` until no agency has a reminder left to e-mail (one query over every schema)."""
    from django.db import connection
    from django_tenants.utils import get_tenant_model

    schemas = get_tenant_model().objects.exclude(schema_name="public").values_list("schema_name", flat=True)
    one = sql.SQL("SELECT count(*) FROM {}.direction_reminder WHERE emailed_at IS NULL")
    union = sql.SQL(" UNION ALL ").join(one.format(sql.Identifier(s)) for s in schemas)
    statement = sql.SQL("SELECT sum(count) FROM ({}) AS pending").format(union)
    while True:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            if not cursor.fetchone()[0]:
                return time.perf_counter() - started
        time.sleep(0.2)


def show(label: str, figures: dict) -> None:
    print(
        f"{label:<12} {figures['agencies']:>8} {figures['tasks']:>9.2f} {figures['mailed']:>9.2f}"
        f" {figures['due_soon']:>8} {figures['overdue']:>8} {figures['notified']:>9} {figures['emails']:>7}"
        f" {figures['skipped']:>7}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--works", type=int, default=40, help="open tasks per agency")
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    add_database_arguments(parser, reuse=True)
    args = parser.parse_args()
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    port = free_port()
    os.environ.update({"REDIS_URL": redis, "CELERY_BROKER_URL": redis, "CELERY_RESULT_BACKEND": redis})
    os.environ["EMAIL_PORT"] = str(port)
    with bench_database(args, DEFAULT_URL) as database, tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = database.url  # the workers' database
        if not database.reused:
            print(f"# {args.agencies} agencies, {args.works} open tasks each")
            print(f"# filled in {fill(args.agencies, args.works):.0f} s")
        else:
            forget_reminders()
        print(machine_line("reminder run benchmark"))
        make_today_a_working_day()
        maildir = Path(tmp) / "mail"
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True)
        with services(args.concurrency, maildir, port):
            print(f"\n{'run':<12} {'agencies':>8} {'tasks s':>9} {'mailed s':>9} {'due soon':>8} {'overdue':>8}"
                  f" {'notified':>9} {'e-mails':>7} {'skipped':>7}")  # fmt: skip
            first = run_once(maildir)
            show("first", first)
            second = run_once(maildir)
            show("second", second)
    verdict = "met" if first["tasks"] <= 60 and first["mailed"] <= 60 else "NOT met"
    quiet = second["due_soon"] == second["overdue"] == second["emails"] == 0
    print(f"\nevery agency reminded within 60 s: {verdict}; the second run sent nothing: {quiet}")
    sys.stdout.flush()
    os._exit(0 if quiet else 1)  # worker threads of the libraries must not hold the process


if __name__ == "__main__":
    main()
