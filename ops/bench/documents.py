"""List and search benchmark on an agency holding a million incoming documents. Goals: list ≤ 100 ms and
search ≤ 200 ms server time (p95), for a clerk, a leader and a specialist.

    .venv/bin/python ops/bench/documents.py [--documents 1000000] [--repeat 20] [--reuse] [--keep]

Generates the documents into a database of its own (BENCH_DATABASE_URL, default
postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_documents) with COPY — realistic Vietnamese subjects, issuers,
notations, five years of arrivals, recipients for every document, search keys computed by the same functions the
service uses, the recipients' copies on the document too — then times requests to the list page
(/documents/incoming/), its count (/documents/incoming/count/), the API list (/api/v1/incoming-documents/) and its
count (/api/v1/incoming-documents/count/) in-process (Django's test client: URL routing, middleware, access rules,
filters, queries and template rendering; no network). ``--reuse`` keeps a database generated earlier (generation
takes minutes); ``--keep`` leaves it for the next run. Prints figures; they are recorded in docs/benchmarks.md."""

import argparse
import datetime
import io
import os
import random
import time
from types import SimpleNamespace

from common import (
    Loaded,
    Plan,
    bench_people,
    drop_plain_indexes,
    finish_load,
    list_bench_main,
    list_endpoints,
    machine_line,
    provision_bench_agency,
    report,
    time_requests,
    vacuum,
)

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_documents"
SCHEMA = "benchdocs"
HOST = f"{SCHEMA}.localhost"
TABLES = ("documents_incomingdocument", "documents_incomingrecipient")
YEARS = (2022, 2023, 2024, 2025, 2026)

ACTIONS = [
    "báo cáo tình hình",
    "triển khai thực hiện",
    "hướng dẫn thực hiện",
    "đề nghị góp ý",
    "tăng cường công tác",
    "tổ chức kiểm tra",
    "phê duyệt kế hoạch",
    "rà soát, cập nhật",
    "điều chỉnh dự toán",
    "tổng kết",
    "xin ý kiến về",
    "thông báo kết luận về",
    "chấn chỉnh công tác",
    "đôn đốc thực hiện",
    "phân bổ kinh phí",
]
TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng chống thiên tai",
    "quản lý đất đai",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
    "an toàn giao thông",
    "phòng cháy chữa cháy",
    "thu ngân sách nhà nước",
    "đầu tư công",
    "tuyển dụng viên chức",
    "thi đua khen thưởng",
    "giải quyết khiếu nại, tố cáo",
    "dịch vụ công trực tuyến",
    "an toàn thông tin mạng",
    "y tế cơ sở",
    "giáo dục nghề nghiệp",
    "quy hoạch đô thị",
    "bảo hiểm xã hội",
]
PERIODS = ["quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "năm", "tháng 10", "giai đoạn 2026-2030"]
ISSUERS = [
    ("000.00.00.H19", "Ủy ban nhân dân tỉnh Đồng Nai", "UBND"),
    ("000.00.01.H19", "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai", "VPUBND"),
    ("000.00.02.H19", "Sở Nội vụ tỉnh Đồng Nai", "SNV"),
    ("000.00.03.H19", "Sở Tài chính tỉnh Đồng Nai", "STC"),
    ("000.00.04.H19", "Sở Khoa học và Công nghệ tỉnh Đồng Nai", "SKHCN"),
    ("000.00.05.H19", "Sở Nông nghiệp và Môi trường tỉnh Đồng Nai", "SNNMT"),
    ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP"),
    ("", "Bộ Nội vụ", "BNV"),
    ("", "Bộ Tài chính", "BTC"),
    ("", "Ủy ban nhân dân phường Trấn Biên", "UBND"),
    ("", "Ủy ban nhân dân xã Long Thành", "UBND"),
    ("", "Công an tỉnh Đồng Nai", "CAT"),
]
TYPES_WITH_ABBREVIATION = ["QĐ", "TB", "KH", "BC", "HD", "TTr", "GM", "CT"]
UNIT_SUFFIXES = ["VP", "KGVX", "KTN", "TH", "NC", "TCCB", "KT"]
SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Hoàng Nam", "Phạm Minh Tuấn", "Võ Thị Thu Hà", "Đặng Quốc Bảo"]

# (label, query string): the list as it opens, filtered, a deep page, and the search box.
SCENARIOS = [
    ("list: first page", ""),
    ("list: year + urgency", "year=2025&urgency=urgent"),
    ("list: register + status", "register={register}&status=done"),
    ("list: a deep page", "page={deep_page}"),
    ("list: sort by issuer", "ordering=issuer"),
    ("search: 'bao cao tinh hinh'", "q=bao+cao+tinh+hinh"),
    ("search: 'chuyển đổi số' (accents)", "q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
    ("search: notation 'kgvx'", "q=kgvx"),
    ("search: number '4321'", "q=4321"),
    ("search: rare words", "q=khieu+nai+to+cao+quy+iv"),
    ("search: issuer filter", "issuer=so+noi+vu"),
]
PERSONAS = ("clerk", "leader", "specialist")
ENDPOINTS = list_endpoints("/documents/incoming/", "/api/v1/incoming-documents/")
PLAN = Plan(HOST, SCHEMA, PERSONAS, SCENARIOS, ENDPOINTS)


def prepare_agency() -> dict:
    """Roll out, provision the agency, its units and the three people the requests are made as."""
    from django_tenants.utils import schema_context

    from apps.people.models import Role
    from apps.registers.models import DocumentType, Register

    provision_bench_agency(SCHEMA, 98, "Sở Đo hiệu năng danh sách", "SDO")
    people = [("clerk", Role.CLERK, 0), ("leader", Role.LEADER, 0), ("specialist", Role.SPECIALIST, 3)]
    units, users = bench_people(SCHEMA, people)
    with schema_context(SCHEMA):
        return {
            "registers": list(Register.objects.filter(kind=Register.Kind.INCOMING, secrecy_levels=["none"])),
            "types": list(DocumentType.objects.filter(is_copy_form=False).values_list("pk", flat=True)),
            "units": [u.pk for u in units],
            "clerk": users["clerk"].pk,
        }


def _rows(total: int, ctx: dict, rng: random.Random):
    """Documents and their recipients, as COPY text lines, in arrival order per register and year."""
    from apps.documents.search import incoming_search_text, issuer_key

    registers = [r.pk for r in ctx["registers"]]
    per_year = total // len(YEARS)
    doc_id = 0
    for year in YEARS:
        counters = dict.fromkeys(registers, 0)
        start = datetime.date(year, 1, 1)
        span = (min(datetime.date(year, 12, 31), datetime.date.today()) - start).days
        for i in range(per_year if year != YEARS[-1] else total - per_year * (len(YEARS) - 1)):
            doc_id += 1
            register = registers[0] if rng.random() < 0.9 else registers[-1]
            counters[register] += 1
            arrival = start + datetime.timedelta(days=span * i // per_year)
            issued = arrival - datetime.timedelta(days=rng.randint(0, 6))
            code, issuer, abbreviation = rng.choice(ISSUERS)
            if rng.random() < 0.5:
                notation = f"{abbreviation}-{rng.choice(UNIT_SUFFIXES)}"
            else:
                notation = f"{rng.choice(TYPES_WITH_ABBREVIATION)}-{abbreviation}"
            subject = f"V/v {rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(PERIODS)} năm {year}"
            number = rng.randint(1, 15000)
            doc = SimpleNamespace(number=number, notation=notation, subject=subject, issuer_name=issuer)
            urgency = rng.choices(["none", "urgent", "very_urgent", "flash"], [90, 6, 3, 1])[0]
            status = rng.choices(["registered", "assigned", "in_progress", "done"], [5, 10, 15, 70])[0]
            due = (arrival + datetime.timedelta(days=rng.randint(5, 30))).isoformat() if rng.random() < 0.3 else r"\N"
            recipients = sorted(rng.sample(ctx["units"], k=rng.choice((1, 1, 2))))
            fields = [
                doc_id, register, year, counters[register], arrival.isoformat(), code, issuer, number, notation,
                issued.isoformat(), rng.choice(ctx["types"]), subject, "vi", rng.randint(1, 12), rng.choice(SIGNERS),
                "Phó Giám đốc", urgency, "none", due, "", ctx["clerk"], f"{arrival.isoformat()} 08:00:00+07",
                status, incoming_search_text(doc), issuer_key(issuer), "{" + ",".join(map(str, recipients)) + "}",
            ]  # fmt: skip
            yield "\t".join(str(f) for f in fields) + "\n", [f"{doc_id}\t{unit}\n" for unit in recipients], counters


DOCUMENT_COLUMNS = (
    "id, register_id, year, arrival_number, arrival_date, issuer_code, issuer_name, number, notation, issued_date,"
    " document_type_id, subject, language, page_count, signer, signer_position, urgency, secrecy, due_on,"
    " description, registered_by_id, registered_at, status, search_text, issuer_key, recipient_unit_ids"
)


def generate(total: int, ctx: dict) -> float:
    """COPY ``total`` documents with their recipients, indexes dropped first and rebuilt after."""
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(2026)
    indexes = drop_plain_indexes(SCHEMA, TABLES)
    raw = connection.connection  # psycopg 3: COPY in blocks
    counters: dict = {}
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        documents, recipients = io.StringIO(), io.StringIO()
        for n, (line, recipient_lines, reached) in enumerate(_rows(total, ctx, rng), start=1):
            counters = reached
            documents.write(line)
            recipients.writelines(recipient_lines)
            if n % 50_000 == 0 or n == total:
                with cursor.copy(f"COPY documents_incomingdocument ({DOCUMENT_COLUMNS}) FROM STDIN") as copy:
                    copy.write(documents.getvalue())
                with cursor.copy("COPY documents_incomingrecipient (document_id, unit_id) FROM STDIN") as copy:
                    copy.write(recipients.getvalue())
                documents, recipients = io.StringIO(), io.StringIO()
                print(f"  {n:>9} documents ({time.perf_counter() - started:.0f} s)", flush=True)
        last_numbers = {(register, YEARS[-1]): last for register, last in counters.items()}
        finish_load(cursor, Loaded(indexes, ("documents_incomingdocument",), total, last_numbers))
    raw.commit()
    vacuum(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), SCHEMA, TABLES)
    return time.perf_counter() - started


def run(args: argparse.Namespace, reused: bool) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    if reused:
        from apps.registers.models import Register

        with schema_context(SCHEMA):
            ctx = {"registers": list(Register.objects.filter(kind="incoming", secrecy_levels=["none"]))}
        print("# reusing the generated database")
    else:
        ctx = prepare_agency()
        print(f"# generating {args.documents} documents")
        seconds = generate(args.documents, ctx)
        print(f"# generated in {seconds:.0f} s")
    print(machine_line("list and search benchmark"))
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{SCHEMA}".documents_incomingdocument')  # noqa: S608 -- a constant
        total = cursor.fetchone()[0]
        print(f"# {total} incoming documents in one agency; {args.repeat} timed requests per row")
    # A page that exists for every persona (the specialist sees about a sixth of the documents).
    ctx["deep_page"] = max(1, min(200, total // 400))
    from province.runtime import settle_heap

    settle_heap()  # as a gunicorn worker does once the application is loaded (province/gunicorn.py)
    report(time_requests(PLAN, {"register": ctx["registers"][0].pk, "deep_page": ctx["deep_page"]}, args.repeat))


if __name__ == "__main__":
    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run)
