""" "Việc của tôi" benchmark: an agency holding a million assignments, ten thousand of them open. Goal: p95 server
time ≤ 100 ms for a person's queue (counts and first page), for a specialist, a unit head and a leader.

    .venv/bin/python ops/bench/direction.py [--assignments 1000000] [--open 10000] [--repeat 20] [--reuse] [--keep]

Generates five years of directed work into a database of its own (BENCH_DATABASE_URL, default
postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_direction) in SQL (generate_series, one INSERT … SELECT per table,
plain indexes dropped first and rebuilt after): four works in five born from an incoming document (with its
submission), one in five a task; per work a lead (a unit or a person), a support and a person kept informed; a
progress note on every other part, an extension request on one lead in forty; 300 people in 20 units. The newest
works are open (the rest done, a few late), so the open parts are a realistic mix of overdue, due soon and later.

Then times, for each persona, in-process:
- ``queues``: the functions the pages and the header call (apps/direction/queues.py) — counts, the first page of
  each view, the leader's lists — evaluated as the page does;
- ``raw-sql``: the same first page and counts as one hand-written SQL statement each (the floor the ORM adds to);
- ``api``: the API list ``/api/v1/direction/assignments/?view=…`` and ``/api/v1/direction/counts/`` through
  Django's test client (routing, middleware, session, access, queries, serializer; no network);
- the leader's dashboard data (apps/direction/reports.py ``figures``, twelve months per unit and per person) and
  the hook ``leader_dashboard_calls`` for the dashboard's own query;
- the reminder run's selection over the whole agency (apps/direction/reminders.py ``due``).
Figures are recorded in docs/benchmarks.md."""

import argparse
import datetime
import os
import time
from collections.abc import Callable

from common import (
    Plan,
    drop_plain_indexes,
    generated_or_reused,
    list_bench_main,
    machine_line,
    p95,
    provision_bench_agency,
    report,
    time_requests,
    vacuum,
)

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_direction"
SCHEMA = "benchwork"
HOST = f"{SCHEMA}.localhost"
UNITS, PER_UNIT = (
    20,
    14,
)  # (UNITS is written out in the SQL below) 20 units, each with a head and 14 specialists: 300 people take the parts
TABLES = (
    "documents_incomingdocument",
    "direction_submission",
    "direction_work",
    "direction_assignment",
    "direction_note",
    "direction_extensionrequest",
)
PERSONAS = ("chuyenvien", "truongphong", "giamdoc")
VIEWS = ("todo", "overdue", "week", "waiting", "following", "done")


def prepare_agency() -> dict:
    """The agency, its units, positions and people (through the ORM: a few hundred rows)."""
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from apps.people.models import Membership, Position, Role, Unit
    from apps.registers.models import DocumentType, Register

    provision_bench_agency(SCHEMA, 96, "Sở Đo hiệu năng điều hành", "SĐH")
    User = get_user_model()
    with schema_context(SCHEMA):

        def post(name: str, rank: int, leadership: bool):
            return Position.objects.update_or_create(name=name, defaults={"rank": rank, "is_leadership": leadership})[0]

        director, deputy = post("Giám đốc", 10, True), post("Phó Giám đốc", 20, True)
        head_post, specialist_post = post("Trưởng phòng", 30, True), post("Chuyên viên", 80, False)
        board = Unit.objects.create(name="Ban Giám đốc", abbreviation="BGĐ", order=0)
        units = [Unit.objects.create(name=f"Phòng {n}", abbreviation=f"P{n}", order=n) for n in range(1, UNITS + 1)]

        def member(username: str, unit, position, role: str):
            user = User.objects.create_user(username, full_name=f"Người đo {username}")
            Membership.objects.create(user=user, unit=unit, position=position, roles=[role])
            return user

        leaders = [member("giamdoc.bench", board, director, Role.LEADER)]
        leaders.append(member("phogiamdoc.bench", board, deputy, Role.LEADER))
        clerk = member("vanthu.bench", units[0], specialist_post, Role.CLERK)
        people = []
        for n, unit in enumerate(units, start=1):
            people.append(member("truongphong.bench" if n == 1 else f"truong{n}.bench", unit, head_post, Role.LEADER))
            for k in range(1, PER_UNIT + 1):
                name = "chuyenvien.bench" if (n, k) == (1, 1) else f"cv{n}.{k}.bench"
                people.append(member(name, unit, specialist_post, Role.SPECIALIST))
        register = Register.objects.filter(kind="incoming", secrecy_levels=["none"]).first()
        return {
            "leaders": [u.pk for u in leaders],
            "clerk": clerk.pk,
            "units": [u.pk for u in units],
            "people": [u.pk for u in people],
            "register": register.pk,
            "type": DocumentType.objects.get(name="Công văn").pk,
        }


# Work w (1…works) was directed 5 years × (works - w) / works ago; the newest ``open_works`` are open.

DOCUMENTS_SQL = """
INSERT INTO documents_incomingdocument (id, year, arrival_number, arrival_date, issuer_code, issuer_name, number,
    notation, issued_date, subject, language, page_count, signer, signer_position, urgency, secrecy, description,
    registered_at, document_type_id, register_id, registered_by_id, issuer_key, search_text, status,
    recipient_unit_ids)
SELECT w, extract(year FROM day)::int, row_number() OVER (PARTITION BY extract(year FROM day) ORDER BY w), day, '',
    'Ủy ban nhân dân tỉnh Đồng Nai', w, 'UBND-VP', day, 'V/v triển khai nhiệm vụ số ' || w, 'vi', 2, '', '',
    CASE WHEN w %% 50 = 0 THEN 'very_urgent' WHEN w %% 10 = 0 THEN 'urgent' ELSE 'none' END, 'none', '',
    (day + time '08:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', %(type)s, %(register)s, %(clerk)s,
    'uy ban nhan dan tinh dong nai',
    'v/v trien khai nhiem vu so ' || w, CASE WHEN w > %(works)s - %(open_works)s THEN 'in_progress' ELSE 'done' END,
    ARRAY[(%(units)s::bigint[])[1 + w %% 20]]
FROM (SELECT w, (%(today)s::date - ((%(works)s - w) * 1825 / %(works)s)) AS day
      FROM generate_series(1, %(works)s) w WHERE w %% 5 <> 0) s
"""

WORKS_SQL = """
INSERT INTO direction_work (id, kind, title, description, direction, directed_at, due_on, urgency_rank, secrecy,
    state, done_at, directed_by_id, document_id)
SELECT w, CASE WHEN w %% 5 = 0 THEN 'task' ELSE 'document' END, 'V/v triển khai nhiệm vụ số ' || w, '',
    'Giao chủ trì tham mưu, báo cáo đúng hạn.', (day + time '09:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', day + 5 + w %% 20,
    CASE WHEN w %% 50 = 0 THEN 2 WHEN w %% 10 = 0 THEN 1 ELSE 0 END, 'none',
    CASE WHEN w > %(works)s - %(open_works)s THEN 'open' ELSE 'done' END,
    CASE WHEN w > %(works)s - %(open_works)s THEN NULL
         ELSE (day + 5 + w %% 20 + (w %% 7 - 4) + time '15:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
    (%(leaders)s::bigint[])[1 + w %% 2], CASE WHEN w %% 5 = 0 THEN NULL ELSE w END
FROM (SELECT w, (%(today)s::date - ((%(works)s - w) * 1825 / %(works)s)) AS day
      FROM generate_series(1, %(works)s) w) s
"""

# Part a of work (a - 1) / 3 + 1: a lead (a unit for even works, else a person), a support (a unit for one work in
# three, else a person) and a person kept informed (the deputy for one work in ten); each as its work stands.
ASSIGNMENTS_SQL = """
INSERT INTO direction_assignment (id, role, due_on, assigned_at, state, started_at, done_at, assigned_by_id,
    unit_id, user_id, work_id)
SELECT a, (ARRAY['lead', 'support', 'info'])[r + 1], CASE WHEN r = 2 THEN NULL ELSE w.due_on END, w.directed_at,
    w.state, CASE WHEN w.state = 'done' OR a %% 2 = 0 THEN w.directed_at + interval '1 day' END, w.done_at,
    w.directed_by_id,
    CASE WHEN r = 0 AND w.id %% 2 = 0 THEN (%(units)s::bigint[])[1 + (w.id / 2) %% 20]
         WHEN r = 1 AND w.id %% 3 = 0 THEN (%(units)s::bigint[])[1 + (w.id / 2 + 7) %% 20] END,
    CASE WHEN r = 0 AND w.id %% 2 = 0 THEN NULL WHEN r = 1 AND w.id %% 3 = 0 THEN NULL
         WHEN r = 2 AND w.id %% 10 = 0 THEN (%(leaders)s::bigint[])[2]
         ELSE (%(people)s::bigint[])[1 + (w.id * (7 + 6 * r) + r) %% cardinality(%(people)s::bigint[])] END,
    w.id
FROM (SELECT a, (a - 1) %% 3 AS r, (a - 1) / 3 + 1 AS work_id FROM generate_series(1, %(total)s) a) s
JOIN direction_work w ON w.id = s.work_id
"""

SUBMISSIONS_SQL = """
INSERT INTO direction_submission (document_id, leader_id, submitted_by_id, submitted_at, note, urgency_rank,
    is_invitation, state, closed_at)
SELECT document_id, directed_by_id, %(clerk)s, directed_at - interval '2 hours', '', urgency_rank, false, 'directed',
    directed_at
FROM direction_work WHERE document_id IS NOT NULL
"""

NOTES_SQL = """
INSERT INTO direction_note (assignment_id, kind, text, percent, created_at, author_id)
SELECT id, 'progress', 'Đã triển khai, đang tổng hợp kết quả.', 50, assigned_at + interval '2 days',
    coalesce(user_id, (%(people)s::bigint[])[1])
FROM direction_assignment WHERE role <> 'info' AND id %% 2 = 0
"""

EXTENSIONS_SQL = """
INSERT INTO direction_extensionrequest (assignment_id, current_due_on, requested_due_on, reason, requested_at,
    decision, decided_at, answer, decided_by_id, requested_by_id)
SELECT id, due_on, due_on + 5, 'Chờ số liệu của các đơn vị.', assigned_at + interval '3 days',
    CASE WHEN state = 'open' THEN 'pending' WHEN id %% 3 = 0 THEN 'refused' ELSE 'granted' END,
    CASE WHEN state = 'open' THEN NULL ELSE assigned_at + interval '4 days' END, '',
    CASE WHEN state = 'open' THEN NULL ELSE assigned_by_id END, coalesce(user_id, (%(people)s::bigint[])[1])
FROM direction_assignment WHERE role = 'lead' AND work_id %% 40 = 0
"""

# Documents registered today and waiting for direction (chờ ý kiến chỉ đạo): 30 for the director, 10 for the deputy.
WAITING_SQL = """
WITH last AS (SELECT coalesce(max(arrival_number), 0) AS n FROM documents_incomingdocument
              WHERE year = extract(year FROM %(today)s::date))
INSERT INTO documents_incomingdocument (id, year, arrival_number, arrival_date, issuer_code, issuer_name, number,
    notation, issued_date, subject, language, signer, signer_position, urgency, secrecy, description, registered_at,
    document_type_id, register_id, registered_by_id, issuer_key, search_text, status)
SELECT %(works)s + g, extract(year FROM %(today)s::date)::int, last.n + g, %(today)s, '', 'Bộ Nội vụ', g, 'BNV-VP',
    %(today)s, 'V/v đề nghị báo cáo số ' || g, 'vi', '', '', CASE WHEN g %% 7 = 0 THEN 'urgent' ELSE 'none' END,
    'none', '', (%(today)s::date + time '08:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', %(type)s, %(register)s, %(clerk)s,
    'bo noi vu',
    'v/v de nghi bao cao so ' || g, 'registered'
FROM generate_series(1, 40) g, last;
INSERT INTO direction_submission (document_id, leader_id, submitted_by_id, submitted_at, note, urgency_rank,
    is_invitation, state)
SELECT id, (%(leaders)s::bigint[])[CASE WHEN id %% 4 = 0 THEN 2 ELSE 1 END], %(clerk)s, registered_at, '',
    CASE urgency WHEN 'urgent' THEN 1 ELSE 0 END, false, 'waiting'
FROM documents_incomingdocument WHERE id > %(works)s
"""

FINISH_SQL = """
INSERT INTO registers_registercounter (register_id, year, last_number)
SELECT register_id, year, max(arrival_number) FROM documents_incomingdocument GROUP BY register_id, year
"""


def generate(total: int, open_parts: int, ctx: dict) -> float:
    """Insert ``total`` assignments (``open_parts`` of them open) with their works, documents, submissions, notes
    and extension requests; indexes dropped first and rebuilt after; VACUUM ANALYZE."""
    from django.db import connection

    started = time.perf_counter()
    works = -(-total // 3)
    values = {**ctx, "total": total, "works": works, "open_works": open_parts // 3, "today": datetime.date.today()}
    indexes = drop_plain_indexes(SCHEMA, TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        steps = [("documents", DOCUMENTS_SQL), ("works", WORKS_SQL), ("assignments", ASSIGNMENTS_SQL)]
        steps += [("submissions", SUBMISSIONS_SQL), ("notes", NOTES_SQL), ("extension requests", EXTENSIONS_SQL)]
        steps += [("waiting documents", WAITING_SQL), ("register counters", FINISH_SQL)]
        for label, statement in steps:
            cursor.execute(statement, values)
            print(f"  {label:<20} {cursor.rowcount:>9} rows ({time.perf_counter() - started:.0f} s)", flush=True)
        for _name, definition in indexes:
            cursor.execute(definition)
        for table in TABLES:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608 -- constants
        cursor.execute("SET search_path TO public")
    vacuum(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), SCHEMA, TABLES)
    return time.perf_counter() - started


# ---- what is timed -----------------------------------------------------------------------------------------------

Timed = tuple[str, str, str, list[float], int]


def time_calls(persona: str, label: str, kind: str, call: Callable[[], object], repeat: int) -> Timed:
    """``call`` timed ``repeat`` times after two warm-up calls; rows: the length of what it returned."""
    timings: list[float] = []
    for attempt in range(repeat + 2):
        began = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - began) * 1000
        if attempt >= 2:
            timings.append(elapsed)
    timings.sort()
    rows = len(result) if hasattr(result, "__len__") else 0
    median = timings[len(timings) // 2]
    print(f"  {persona:<12} {label:<36} {kind:<9} p50 {median:7.1f}  p95 {p95(timings):7.1f} ms", flush=True)
    return (persona, label, kind, timings, rows)


def queue_calls(person, first_page: int) -> list[tuple[str, Callable[[], object]]]:
    """What "Việc của tôi" asks for one person (the header's counts; each view's first page, as a page evaluates
    it), with the day read from the agency's calendar each time as a request does."""
    from apps.direction import queues
    from apps.direction.status import today

    calls: list[tuple[str, Callable[[], object]]] = [("counts", lambda: queues.counts(person, today()).__dict__)]
    for view in VIEWS:
        calls.append((f"{view} first page", lambda v=view: list(queues.assignments(person, today(), v)[:first_page])))
    calls.append(("waiting for direction", lambda: list(queues.submissions(person)[:first_page])))
    calls.append(("extension requests to decide", lambda: list(queues.extension_requests(person)[:first_page])))
    calls.append(("work I directed, first page", lambda: list(queues.directed_by(person, today())[:first_page])))
    return calls


RAW_TODO = """
SELECT a.id, a.role, a.due_on, a.state, w.id, w.title, w.urgency_rank, d.id, d.notation
FROM direction_assignment a JOIN direction_work w ON w.id = a.work_id
LEFT JOIN documents_incomingdocument d ON d.id = w.document_id
WHERE (a.user_id = %s OR a.unit_id = ANY(%s)) AND a.state = 'open' AND a.role <> 'info'
ORDER BY w.urgency_rank DESC, a.due_on ASC NULLS LAST, a.assigned_at, a.id LIMIT %s
"""
RAW_COUNTS = """
SELECT count(*), count(*) FILTER (WHERE due_on < %s) FROM direction_assignment
WHERE (user_id = %s OR unit_id = ANY(%s)) AND state = 'open' AND role <> 'info'
"""


def raw_calls(person, first_page: int) -> list[tuple[str, Callable[[], object]]]:
    """The same first page and counts as one hand-written statement each: what the ORM and the access rules add."""
    from django.db import connection

    from apps.people.access import units_led_by

    units = [u.pk for u in units_led_by(person)]

    def fetch(statement: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    return [
        ("todo first page", lambda: fetch(RAW_TODO, [person.user.pk, units, first_page])),
        ("counts", lambda: fetch(RAW_COUNTS, [datetime.date.today(), person.user.pk, units])),
    ]


def leader_dashboard_calls(person) -> list[tuple[str, Callable[[], object]]]:
    """HOOK for the leader dashboard (issue 8 point 9): its query, once on main (``apps.direction.figures``, written
    on another branch: a leader's board for the page's default period and for twelve months), and the report data
    of apps/direction/reports.py (twelve months of ``figures`` per unit and per person, as the Báo cáo tình hình
    prints it in the background)."""
    from apps.direction import reports
    from apps.direction.status import today

    def report(per: str):
        day = today().today
        return reports.figures(day - datetime.timedelta(days=365), day, today=day, per=per)

    calls = [("report data per unit, 12 mo", lambda: report("unit")),
             ("report data per person, 12 mo", lambda: report("person"))]  # fmt: skip
    try:
        from apps.direction import figures  # the dashboard's own query, when it has landed
    except ImportError:
        print("  (apps.direction.figures is not on this branch: the dashboard's own query is not timed)")
        return calls

    def board(period):
        day = today().today
        return figures.team_figures(figures.scope_of(person), period(day), today=day).units

    year = lambda day: figures.Period(day - datetime.timedelta(days=365), day, "month")  # noqa: E731
    return [("dashboard, default period", lambda: board(figures.Period.default)),
            ("dashboard, 12 months by month", lambda: board(year)), *calls]  # fmt: skip


def time_persona(persona: str, repeat: int, first_page: int) -> list[Timed]:
    from django.contrib.auth import get_user_model

    from apps.people.access import Person

    person = Person.for_user(get_user_model().objects.get(username=f"{persona}.bench"))
    results = [time_calls(persona, label, "queues", call, repeat) for label, call in queue_calls(person, first_page)]
    results += [time_calls(persona, label, "raw-sql", call, repeat) for label, call in raw_calls(person, first_page)]
    if persona == "giamdoc":
        results += [time_calls(persona, label, "reports", c, repeat) for label, c in leader_dashboard_calls(person)]
    return results


def time_reminder_selection(repeat: int) -> Timed:
    """The morning reminder run's selection over the whole agency (what it reads before it writes anything)."""
    from apps.direction import reminders
    from apps.direction.status import today

    return time_calls(
        "agency", "reminder run: parts to remind", "reminders", lambda: list(reminders.due(today())), repeat
    )


GOAL_KINDS = ("queues", "api", "api-count", "reports")  # ≤ 100 ms at p95; raw SQL is the floor; reminders: a job
API_PLAN = Plan(
    host=HOST,
    schema=SCHEMA,
    personas=PERSONAS,
    scenarios=[(f"{view}", f"view={view}") for view in VIEWS],
    endpoints=(("api", "/api/v1/direction/assignments/"),),
)
COUNTS_PLAN = Plan(HOST, SCHEMA, PERSONAS, [("counts", "")], (("api-count", "/api/v1/direction/counts/"),))


def run(args: argparse.Namespace, reused: bool) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    what = f"{args.assignments} assignments, {args.open} open"
    generated_or_reused(reused, what, lambda: generate(args.assignments, args.open, prepare_agency()))
    print(machine_line('"Việc của tôi" benchmark'))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE state = 'open') FROM \"{SCHEMA}\".direction_assignment"  # noqa: S608 -- a constant
        )
        total, still_open = cursor.fetchone()
    print(f"# {total} assignments ({still_open} open) in one agency; {args.repeat} timed calls per row")
    from province.runtime import settle_heap

    settle_heap()
    results: list[Timed] = []
    with schema_context(SCHEMA):
        for persona in PERSONAS:
            results += time_persona(persona, args.repeat, args.page)
        results.append(time_reminder_selection(args.repeat))
    results += time_requests(API_PLAN, {}, args.repeat)
    results += time_requests(COUNTS_PLAN, {}, args.repeat)
    goal = [r for r in results if r[2] in GOAL_KINDS and not r[1].startswith("report data")]
    report(goal)
    print("\nwithout the goal (a floor, or work done in the background):")
    for row in results:
        if row not in goal:
            persona, label, kind, timings, _rows = row
            median = timings[len(timings) // 2]
            print(f"  {persona:<12} {label:<36} {kind:<9} p50 {median:7.1f}  p95 {p95(timings):7.1f} ms")


def main() -> None:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--assignments", type=int, default=1_000_000)
        parser.add_argument("--open", type=int, default=10_000, help="open assignments among them")
        parser.add_argument("--page", type=int, default=50, help="rows of a first page (the API's page size)")

    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run, extra=arguments)


if __name__ == "__main__":
    main()
