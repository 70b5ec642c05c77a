"""Full-text search benchmark: a million incoming documents, each with a few hundred words of Vietnamese text in its
files, in one agency. Goals (p95 server time, a specialist's access rule applied): date-sorted ≤ 100 ms, ranked
≤ 200 ms, phrases ≤ 200 ms.

    .venv/bin/python ops/bench/fulltext.py [--documents 1000000] [--repeat 20] [--reuse] [--keep]

The documents are those of ops/bench/documents.py (same subjects, issuers, notations, five years of arrivals,
recipients, search keys); each gets ~200 words of text generated from an administrative vocabulary (sentences of a
subject, an action, an object, a topic and a clause: "Ủy ban nhân dân các huyện triển khai thực hiện kế hoạch chuyển
đổi số trên địa bàn tỉnh…"), indexed by ``documents.fulltext.document_vector`` — the function the services use — in
two worker processes, and loaded with COPY; "công nhân" (two very common syllables) is written adjacent in about
one document in five hundred. The same text, without accents, goes into a table of the raw baseline: a plain
``to_tsvector('simple', …)`` column with a GIN index, as plain PostgreSQL would do it, queried with
``plainto_tsquery`` / ``phraseto_tsquery``, ranked over every match and counted exactly, with the same access
condition, order and page size. Requests are timed in-process (Django's test client: routing, middleware, access
rule, filters, queries, serializer or template), the baseline's statements on the same connection."""

import argparse
import multiprocessing
import os
import random
import time
from urllib.parse import quote_plus

import documents as incoming
from common import (
    Loaded,
    Plan,
    drop_plain_indexes,
    finish_load,
    list_bench_main,
    machine_line,
    p95,
    report,
    time_requests,
    vacuum,
)

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_fulltext"
SCHEMA = incoming.SCHEMA
HOST = incoming.HOST
TABLES = incoming.TABLES
BASELINE = "bench_plain_fulltext"

WHO = [
    "Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân các huyện, thành phố",
    "các sở, ban, ngành",
    "Thủ trưởng các cơ quan, đơn vị",
    "cán bộ, công chức, viên chức",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Chủ tịch Ủy ban nhân dân cấp xã",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Phòng Tài chính - Kế hoạch",
    "người đứng đầu cơ quan",
    "doanh nghiệp và người dân",
]
ACTS = [
    "triển khai thực hiện",
    "tăng cường",
    "chỉ đạo",
    "tổ chức",
    "rà soát",
    "báo cáo",
    "đề xuất",
    "phối hợp thực hiện",
    "kiểm tra",
    "hướng dẫn",
    "tổng hợp",
    "đôn đốc",
    "xây dựng",
    "ban hành",
    "thẩm định",
    "phê duyệt",
    "cập nhật",
    "quán triệt",
    "nghiên cứu",
    "bố trí",
]
THINGS = [
    "kế hoạch",
    "văn bản",
    "nhiệm vụ",
    "chương trình",
    "đề án",
    "dự án",
    "báo cáo",
    "quy chế",
    "phần mềm quản lý văn bản",
    "hồ sơ",
    "kết quả",
    "công tác",
    "chính sách",
    "cơ sở dữ liệu",
    "thủ tục hành chính",
    "kinh phí",
    "nguồn vốn",
    "giải pháp",
    "chỉ tiêu",
    "quy trình",
]
WHERE = [
    "theo đúng quy định của pháp luật",
    "trước ngày 15 hằng tháng",
    "bảo đảm tiến độ, chất lượng",
    "đúng thời hạn",
    "trên địa bàn tỉnh",
    "trong thời gian tới",
    "theo chỉ đạo của Ủy ban nhân dân tỉnh",
    "đạt hiệu quả cao",
    "gửi về Sở Nội vụ để tổng hợp",
    "kịp thời báo cáo những khó khăn, vướng mắc phát sinh",
    "năm 2026",
    "giai đoạn 2026-2030",
    "tiết kiệm, hiệu quả",
    "công khai, minh bạch",
]
RARE = "Đề nghị hỗ trợ công nhân lao động tại các khu công nghiệp bị ảnh hưởng."
WORDS_PER_DOCUMENT = 200
# Distinct texts: each is the text of a document in 50 (indexing a million texts one by one in Python would take
# longer than PostgreSQL takes to load them on this machine; the index's posting lists are as long either way).
TEXTS = 20_000

ACCENTED = quote_plus("chuyển đổi số")
SOFTWARE = quote_plus("phần mềm quản lý")
# (label, query string, baseline): the baseline as (tsquery function, text, ranked, counted).
SCENARIOS = [
    ("list: no search (reference)", "", None),
    ("date: common term 'thuc hien'", "q=thuc+hien", ("plainto_tsquery", "thuc hien", False)),
    ("date: accents 'chuyển đổi số'", f"q={ACCENTED}", ("plainto_tsquery", "chuyen doi so", False)),
    ("date: rare term 'khu cong nghiep'", "q=khu+cong+nghiep", ("plainto_tsquery", "khu cong nghiep", False)),
    ("date: filtered register + year", "q=thuc+hien&year=2025&register={register}", None),
    ("ranked: 'van ban'", "q=van+ban&ordering=relevance", ("plainto_tsquery", "van ban", True)),
    ("ranked: 'phần mềm quản lý'", f"q={SOFTWARE}&ordering=relevance", ("plainto_tsquery", "phan mem quan ly", True)),
    ("phrase: '\"cong nhan\"' (rarely adjacent)", "q=%22cong+nhan%22", ("phraseto_tsquery", "cong nhan", False)),
    ("phrase: '\"van ban\"' (adjacent)", "q=%22van+ban%22", ("phraseto_tsquery", "van ban", False)),
    ("phrase: '\"tong hop ke hoach\"'", "q=%22tong+hop+ke+hoach%22", ("phraseto_tsquery", "tong hop ke hoach", False)),
]
COUNTS = [
    ("count: 'thuc hien'", "q=thuc+hien", ("plainto_tsquery", "thuc hien")),
    ("count: '\"cong nhan\"'", "q=%22cong+nhan%22", ("phraseto_tsquery", "cong nhan")),
]
PERSONAS = ("specialist", "clerk")
ENDPOINTS = (("page", "/documents/incoming/"), ("api", "/api/v1/incoming-documents/"))
COUNT_ENDPOINTS = (("count", "/documents/incoming/count/"), ("api-count", "/api/v1/incoming-documents/count/"))


# ---- the text ---------------------------------------------------------------------------------------------------


def text_of(doc_id: int) -> str:
    """About WORDS_PER_DOCUMENT words of administrative prose, the same for a document in every run."""
    rng = random.Random(doc_id)
    sentences, count = [], 0
    while count < WORDS_PER_DOCUMENT:
        who, act, thing = rng.choice(WHO), rng.choice(ACTS), rng.choice(THINGS)
        topic, where = rng.choice(incoming.TOPICS), rng.choice(WHERE)
        sentence = f"{who} {act} {thing} {topic} {where}."
        sentences.append(sentence[0].upper() + sentence[1:])
        count += sentence.count(" ") + 1
    if rng.random() < 0.002:
        sentences.insert(rng.randrange(len(sentences)), RARE)
    return " ".join(sentences)


def indexed(chunk: list[tuple[str, list[str], list[str]]]) -> tuple[str, str, str]:
    """The COPY text of a chunk of (document's line, its recipients' lines, its fields): the documents with their text
    and vector, their recipients, the baseline's rows."""
    from apps.documents.fulltext import TEXT_START, part_vector
    from apps.documents.fulltext_search import FOLD_TABLE

    documents, recipients, plain = [], [], []
    for line, recipient_lines, fields in chunk:
        cells = line.rstrip("\n").split("\t")
        text_id = int(cells[0]) * 7919 % TEXTS
        if text_id not in _texts:  # the text's part of the vector, as document_vector makes it
            text = text_of(text_id)
            _texts[text_id] = (text, part_vector([text], start=TEXT_START), text.translate(FOLD_TABLE))
        text, text_vector, folded_text = _texts[text_id]
        vector = f"{part_vector(fields, start=1, weight='A')} {text_vector}"
        documents.append("\t".join([*cells, text, vector]) + "\n")
        recipients.extend(recipient_lines)
        # id, arrival_date, arrival_number, register, year, secrecy, recipient units, text without accents
        folded = " ".join(fields).translate(FOLD_TABLE) + " " + folded_text
        plain.append("\t".join([cells[0], cells[4], cells[3], cells[1], cells[2], cells[17], cells[25], folded]) + "\n")
    return "".join(documents), "".join(recipients), "".join(plain)


_connection = None
# A worker's texts by id: (text, the text's part of the vector, the text without accents).
_texts: dict[int, tuple[str, str, str]] = {}


def load(chunk: list) -> int:
    """Index a chunk and COPY it, on the worker's own connection (two COPY streams: PostgreSQL parses the vectors in
    two backends)."""
    import psycopg

    global _connection
    if _connection is None:
        _connection = psycopg.connect(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
        _connection.execute(f'SET search_path TO "{SCHEMA}", public')
    documents, recipients, plain = indexed(chunk)
    with _connection.cursor() as cursor:
        columns = f"{incoming.DOCUMENT_COLUMNS}, fulltext, search_vector"
        with cursor.copy(f"COPY documents_incomingdocument ({columns}) FROM STDIN") as copy:
            copy.write(documents)
        with cursor.copy("COPY documents_incomingrecipient (document_id, unit_id) FROM STDIN") as copy:
            copy.write(recipients)
        with cursor.copy(f"COPY {BASELINE} ({BASELINE_COLUMNS}) FROM STDIN") as copy:
            copy.write(plain)
    _connection.commit()
    return len(chunk)


# ---- loading ----------------------------------------------------------------------------------------------------


def _chunks(total: int, ctx: dict, rng: random.Random, last: dict):
    """The documents of documents.py, in chunks for the workers; ``last`` keeps the registers' last numbers."""
    chunk = []
    for line, recipient_lines, counters in incoming._rows(total, ctx, rng):
        cells = line.split("\t")
        last["counters"] = counters
        number, notation = int(cells[7]), cells[8]
        chunk.append((line, recipient_lines, [f"{number:02d}/{notation}", cells[11], cells[6], cells[14], cells[19]]))
        if len(chunk) == 2_000:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


BASELINE_COLUMNS = "id, arrival_date, arrival_number, register_id, year, secrecy, recipient_unit_ids, body"
BASELINE_TABLE = f"""
CREATE TABLE {BASELINE} (
    id bigint PRIMARY KEY, arrival_date date NOT NULL, arrival_number integer NOT NULL, register_id bigint NOT NULL,
    year smallint NOT NULL, secrecy varchar(20) NOT NULL, recipient_unit_ids bigint[] NOT NULL, body text NOT NULL,
    vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
)"""
BASELINE_INDEXES = [
    f"CREATE INDEX {BASELINE}_order ON {BASELINE} (arrival_date DESC, arrival_number DESC, id DESC)",
    f"CREATE INDEX {BASELINE}_vector ON {BASELINE} USING gin (vector)",
    f"CREATE INDEX {BASELINE}_units ON {BASELINE} USING gin (recipient_unit_ids)",
    f"ALTER TABLE {BASELINE} ALTER COLUMN vector SET STATISTICS 1000",
]


def generate(total: int, ctx: dict) -> float:
    """COPY ``total`` documents with their text and index (vectors built in two worker processes) and the baseline's
    rows; indexes dropped first and rebuilt after."""
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(2026)
    indexes = drop_plain_indexes(SCHEMA, TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        cursor.execute(BASELINE_TABLE)
    connection.close()  # the workers are forked: they must not share its socket
    last: dict = {"counters": {}}
    done = 0
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for loaded in pool.imap_unordered(load, _chunks(total, ctx, rng, last)):
            done += loaded
            if done % 50_000 < loaded:
                print(f"  {done:>9} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    print(f"  loaded in {time.perf_counter() - started:.0f} s; building the indexes", flush=True)
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        cursor.execute("SET maintenance_work_mem = '1GB'")
        last_numbers = {(register, incoming.YEARS[-1]): n for register, n in last["counters"].items()}
        finish_load(cursor, Loaded(indexes, ("documents_incomingdocument",), total, last_numbers))
        for statement in BASELINE_INDEXES:
            cursor.execute(statement)
    raw.commit()
    print(f"  indexes built at {time.perf_counter() - started:.0f} s; vacuum analyze", flush=True)
    vacuum(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), SCHEMA, (*TABLES, BASELINE))
    return time.perf_counter() - started


SIZES = (
    f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{SCHEMA}.documents_incomingdocument')),"  # noqa: S608
    f" pg_size_pretty(pg_relation_size('{SCHEMA}.incoming_fulltext')),"
    f" pg_size_pretty(pg_relation_size('{SCHEMA}.{BASELINE}_vector'))"
    f' FROM "{SCHEMA}".documents_incomingdocument'
)


# ---- timing -----------------------------------------------------------------------------------------------------


def _baseline_sql(persona: str, function: str, *, ranked: bool = False, counted: bool = False) -> str:
    """The raw baseline's statement: the same access condition (a specialist: sent to his unit), page and order."""
    access = "secrecy = 'none'" + (" AND recipient_unit_ids && %(units)s::bigint[]" if persona == "specialist" else "")
    where = f"vector @@ {function}('simple', %(q)s) AND {access}"
    if counted:
        return f"SELECT count(*) FROM {BASELINE} WHERE {where}"  # noqa: S608 -- constants
    order = f"ts_rank(vector, {function}('simple', %(q)s)) DESC, " if ranked else ""
    return (
        f"SELECT id FROM {BASELINE} WHERE {where}"  # noqa: S608 -- constants
        f" ORDER BY {order}arrival_date DESC, arrival_number DESC, id DESC LIMIT 51"
    )


def time_baseline(persona: str, sql: str, params: dict, repeat: int) -> list[float]:
    """The statement timed ``repeat`` times after one warm-up on the Django connection (a 30 s timeout each)."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        cursor.execute("SET statement_timeout = '30s'")
        for attempt in range(repeat + 1):
            began = time.perf_counter()
            try:
                cursor.execute(sql, params)
                cursor.fetchall()
            except Exception as error:  # a timeout is a figure here: 30 s
                if "statement timeout" not in str(error):
                    raise
                elapsed = 30_000.0
            else:
                elapsed = (time.perf_counter() - began) * 1000
            if attempt:
                timings.append(elapsed)
        cursor.execute("SET statement_timeout TO DEFAULT")
    return sorted(timings)


def baseline_rows(ctx: dict, repeat: int) -> list[tuple[str, str, float]]:
    """(persona, scenario, p95 ms) of the raw baseline for each scenario that has one."""
    rows = []
    units = ctx["specialist_units"]
    for persona in ("specialist",):
        for label, _query, baseline in SCENARIOS:
            if baseline is not None:
                function, q, ranked = baseline
                sql = _baseline_sql(persona, function, ranked=ranked)
                rows.append((persona, label, p95(time_baseline(persona, sql, {"q": q, "units": units}, repeat))))
        for label, _query, (function, q) in COUNTS:
            sql = _baseline_sql(persona, function, counted=True)
            rows.append((persona, label, p95(time_baseline(persona, sql, {"q": q, "units": units}, repeat))))
    return rows


KIND_GOALS = {"list": 100, "date": 100, "ranked": 200, "phrase": 200, "count": 200}


def by_kind(results: list) -> None:
    """The p95 of every request of a query kind (date-sorted, ranked, phrase, count), for each persona and for all."""
    pooled: dict[tuple[str, str], list[float]] = {}
    for persona, label, _kind, timings, _rows in results:
        kind = label.split(":")[0]
        for key in ((persona, kind), ("all", kind)):
            pooled.setdefault(key, []).extend(timings)
    print("\np95 by query kind (requests; p50 / p95 ms; goal):")
    for (who, kind), timings in sorted(pooled.items()):
        timings.sort()
        goal = KIND_GOALS[kind]
        verdict = "met" if p95(timings) <= goal else "NOT met"
        median = timings[len(timings) // 2]
        print(f"  {who:<10} {kind:<7} {len(timings):5d}  {median:6.1f} / {p95(timings):6.1f}  ≤ {goal}: {verdict}")


def run(args: argparse.Namespace, reused: bool) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    from apps.people.models import Membership
    from apps.registers.models import Register

    if reused:
        print("# reusing the generated database")
    else:
        ctx = incoming.prepare_agency()
        print(f"# generating {args.documents} documents with their text")
        print(f"# generated in {generate(args.documents, ctx):.0f} s")
    with schema_context(SCHEMA):
        register = Register.objects.filter(kind="incoming", secrecy_levels=["none"]).first()
        units = list(Membership.objects.filter(user__username="specialist.bench").values_list("unit_id", flat=True))
    print(machine_line("full-text search benchmark"))
    with connection.cursor() as cursor:
        cursor.execute(SIZES)
        total, table, index, baseline_index = cursor.fetchone()
    print(f"# {total} incoming documents with text in one agency (table {table}, full-text index {index},")
    print(f"# baseline's to_tsvector index {baseline_index}); {args.repeat} timed requests per row")
    from province.runtime import settle_heap

    settle_heap()
    values = {"register": register.pk}
    plan = Plan(HOST, SCHEMA, PERSONAS, [(label, query) for label, query, _ in SCENARIOS], ENDPOINTS)
    results = time_requests(plan, values, args.repeat)
    counts = Plan(HOST, SCHEMA, PERSONAS, [(label, query) for label, query, _ in COUNTS], COUNT_ENDPOINTS)
    results += time_requests(counts, values, args.repeat)
    report([(p, f"search {label}", kind, t, rows) for p, label, kind, t, rows in results])
    by_kind(results)
    print("\nraw baseline (plain to_tsvector, GIN; ranked over every match; exact count), p95 ms:")
    for persona, label, tail in baseline_rows({"specialist_units": units}, min(args.repeat, 3)):
        print(f"  {persona:<10} {label:<44} {tail:9.1f}")


if __name__ == "__main__":
    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run)
