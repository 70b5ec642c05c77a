"""List and search benchmark on an agency holding a million issued outgoing documents. Goals: list ≤ 100 ms and
search ≤ 200 ms server time (p95), for a clerk, a leader and a specialist.

    .venv/bin/python ops/bench/outgoing.py [--documents 1000000] [--repeat 20] [--reuse] [--keep]

Generates the documents into a database of its own (BENCH_DATABASE_URL, default
postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_outgoing) with COPY — each with its issued draft, version and
recipients (places, and a unit of the agency for most), five years of issues over eight drafting units, the
ordinary and the secret series, corrections and recalls, checksums (the database's CHECK verifies each one), the
units each is sent to and search keys computed by the same functions the service uses — then times requests to the
issued list page (/outgoing/issued/), its count (/outgoing/issued/count/), the API list (/api/v1/outgoing-documents/)
and its count (/api/v1/outgoing-documents/count/) in-process (Django's test client: routing, middleware, access
rules, filters, queries and templates; no network). ``--reuse`` keeps a database generated earlier; ``--keep`` leaves
it for the next run. Figures go to docs/benchmarks.md."""

import argparse
import datetime
import hashlib
import io
import os
import random
import time

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
from documents import ACTIONS, ISSUERS, PERIODS, TOPICS, YEARS

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_outgoing"
SCHEMA = "benchout"
HOST = f"{SCHEMA}.localhost"
PERSONAS = ("clerk", "leader", "specialist")
TABLES = ("outgoing_draft", "outgoing_draftversion", "outgoing_outgoingrecipient", "outgoing_outgoingdocument")

# (label, query string): the list as it opens, filtered, a deep page, another order, and the search box.
SCENARIOS = [
    ("list: first page", ""),
    ("list: year + urgency", "year=2025&urgency=urgent"),
    ("list: status recalled", "status=recalled"),
    ("list: drafting unit + status issued", "drafting_unit={unit}&status=issued"),
    ("list: a deep page", "page={deep_page}"),
    ("list: sort by subject", "ordering=subject"),
    ("search: 'bao cao tinh hinh'", "q=bao+cao+tinh+hinh"),
    ("search: 'chuyển đổi số' (accents)", "q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
    ("search: number as written", "q={written}"),
    ("search: recipient 'so noi vu'", "q=so+noi+vu"),
    ("search: rare words", "q=khieu+nai+to+cao+quy+iv"),
]
ENDPOINTS = list_endpoints("/outgoing/issued/", "/api/v1/outgoing-documents/")
PLAN = Plan(HOST, SCHEMA, PERSONAS, SCENARIOS, ENDPOINTS)


def prepare_agency() -> dict:
    """Roll out, provision the agency, its units and the people: clerk, leader (who signs), specialist, drafter."""
    from django_tenants.utils import schema_context

    from apps.people.models import Role
    from apps.registers.models import DocumentType, Register

    provision_bench_agency(SCHEMA, 97, "Sở Đo hiệu năng văn bản đi", "SDD")
    people = [
        ("clerk", Role.CLERK, 0),
        ("leader", Role.LEADER, 0),
        ("specialist", Role.SPECIALIST, 3),
        ("drafter", Role.SPECIALIST, 0),
    ]
    units, users = bench_people(SCHEMA, people)
    with schema_context(SCHEMA):
        registers = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True)
        types = DocumentType.objects.filter(is_copy_form=False, is_active=True)
        return {
            "register": next(r for r in registers if not r.is_secret),
            "secret_register": next(r for r in registers if r.is_secret),
            "types": [(t.pk, t.name, t.abbreviation) for t in types],
            "units": [(u.pk, u.abbreviation, u.name) for u in units],
            "users": {k: u.pk for k, u in users.items()},
        }


def _copy_text(values: list) -> str:
    def cell(value) -> str:
        if value is None:
            return r"\N"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    return "\t".join(cell(v) for v in values) + "\n"


DRAFT_COLUMNS = [
    "id", "drafting_unit_id", "drafter_id", "document_type_id", "subject", "urgency", "secrecy", "signer_id",
    "signer_position", "register_id", "language", "description", "correction_kind", "state", "version",
    "created_at", "updated_at",
]  # fmt: skip
VERSION_COLUMNS = ["id", "draft_id", "number", "subject", "content", "note", "created_by_id", "created_at"]
RECIPIENT_COLUMNS = ["draft_id", "kind", "agency_code", "name", "unit_id", "position"]
DOCUMENT_COLUMNS = [
    "id", "draft_id", "version_id", "register_id", "year", "number", "notation", "issued_at", "issued_date",
    "issued_by_id", "issuer_code", "issuer_name", "document_type_id", "type_name", "subject", "urgency", "secrecy",
    "drafting_unit_id", "signer_id", "signer_name", "signer_position", "recipients_text", "files_text", "language",
    "description", "corrects_id", "correction_kind", "content_sha256", "recalled_at", "recalled_by_id",
    "recall_reason", "search_text", "recipient_unit_ids",
]  # fmt: skip


def _rows(total: int, ctx: dict, rng: random.Random):
    """(draft, version, recipients, document) COPY lines per document, issued in order through five years."""
    from apps.outgoing.models import DIGEST_FIELDS
    from apps.outgoing.search import outgoing_search_text

    users, units = ctx["users"], ctx["units"]
    per_year = total // len(YEARS)
    doc_id = 0
    for year in YEARS:
        numbers = {ctx["register"].pk: 0, ctx["secret_register"].pk: 0}
        start = datetime.datetime(year, 1, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Vietnam
        end = min(datetime.datetime(year, 12, 31, 9, 0, tzinfo=datetime.UTC), datetime.datetime.now(datetime.UTC))
        count = per_year if year != YEARS[-1] else total - per_year * (len(YEARS) - 1)
        for i in range(count):
            doc_id += 1
            at = start + (end - start) * i / count
            day = (at + datetime.timedelta(hours=7)).date()
            secrecy = "confidential" if rng.random() < 0.02 else "none"
            register = ctx["secret_register"] if secrecy != "none" else ctx["register"]
            numbers[register.pk] += 1
            unit_id, unit_abbreviation, _name = rng.choice(units)
            type_id, type_name, abbreviation = rng.choice(ctx["types"]) if rng.random() < 0.4 else ctx["types"][0]
            notation = f"{abbreviation}-SDD" if abbreviation else f"SDD-{unit_abbreviation}"
            subject = f"V/v {rng.choice(ACTIONS)} {rng.choice(TOPICS)} {rng.choice(PERIODS)} năm {year}"
            urgency = rng.choices(["none", "urgent", "very_urgent", "flash"], [90, 6, 3, 1])[0]
            places = [name for _code, name, _abbr in rng.sample(ISSUERS, k=rng.choice((1, 2)))]
            recipients = [[doc_id, "place", "", name, None, n] for n, name in enumerate(places)]
            if rng.random() < 0.7:
                to_unit = rng.choice(units)
                recipients.append([doc_id, "unit", "", to_unit[2], to_unit[0], len(recipients)])
            recipients_text = "\n".join([f"- {r[3]};" for r in recipients] + [f"- Lưu: VT, {unit_abbreviation}."])
            corrects = rng.randint(max(1, doc_id - 5000), doc_id - 1) if doc_id > 1 and rng.random() < 0.01 else None
            recalled = at + datetime.timedelta(days=3) if rng.random() < 0.005 else None
            document = {
                "id": doc_id, "draft_id": doc_id, "version_id": doc_id, "register_id": register.pk, "year": day.year,
                "number": numbers[register.pk], "notation": notation, "issued_at": at.isoformat(), "issued_date": day,
                "issued_by_id": users["clerk"], "issuer_code": "000.00.97.H19",
                "issuer_name": "Sở Đo hiệu năng văn bản đi", "document_type_id": type_id, "type_name": type_name,
                "subject": subject, "urgency": urgency, "secrecy": secrecy, "drafting_unit_id": unit_id,
                "signer_id": users["leader"], "signer_name": "Người đo leader", "signer_position": "Giám đốc",
                "recipients_text": recipients_text, "files_text": "", "language": "vi", "description": "",
                "corrects_id": corrects, "correction_kind": "correction" if corrects else "",
                "recalled_at": recalled.isoformat() if recalled else None,
                "recalled_by_id": users["clerk"] if recalled else None,
                "recall_reason": "Ban hành nhầm" if recalled else "",
            }  # fmt: skip
            digest = "|".join(
                document[f].isoformat() if f == "issued_date" else str(document[f]) for f in DIGEST_FIELDS
            )
            document["content_sha256"] = hashlib.sha256(digest.encode()).hexdigest()
            document["recipient_unit_ids"] = "{" + ",".join(str(r[4]) for r in recipients if r[4]) + "}"
            document["search_text"] = outgoing_search_text(
                number=document["number"], notation=notation, subject=subject, recipients_text=recipients_text
            )
            draft = [
                doc_id, unit_id, users["drafter"], type_id, subject, urgency, secrecy, users["leader"], "Giám đốc",
                register.pk, "vi", "", "", "issued", 1, at.isoformat(), at.isoformat(),
            ]  # fmt: skip
            version = [doc_id, doc_id, 1, subject, "{}", "", users["drafter"], at.isoformat()]
            yield (
                _copy_text(draft),
                _copy_text(version),
                [_copy_text(r) for r in recipients],
                _copy_text([document[c] for c in DOCUMENT_COLUMNS]),
                (register.pk, day.year, numbers[register.pk]),
            )


def generate(total: int, ctx: dict) -> float:
    """COPY ``total`` documents with their drafts, versions and recipients, plain indexes dropped first and rebuilt
    after (the CHECKs stay: the database verifies every checksum)."""
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(2026)
    indexes = drop_plain_indexes(SCHEMA, TABLES)
    raw = connection.connection
    last_numbers: dict = {}
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path TO "{SCHEMA}", public')
        buffers = [io.StringIO() for _ in TABLES]
        columns = [DRAFT_COLUMNS, VERSION_COLUMNS, RECIPIENT_COLUMNS, DOCUMENT_COLUMNS]
        for n, (draft, version, recipients, document, reached) in enumerate(_rows(total, ctx, rng), start=1):
            buffers[0].write(draft)
            buffers[1].write(version)
            buffers[2].writelines(recipients)
            buffers[3].write(document)
            last_numbers[reached[:2]] = reached[2]
            if n % 50_000 == 0 or n == total:
                for table, names, buffer in zip(TABLES, columns, buffers, strict=True):
                    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                        copy.write(buffer.getvalue())
                buffers = [io.StringIO() for _ in TABLES]
                print(f"  {n:>9} documents ({time.perf_counter() - started:.0f} s)", flush=True)
        id_tables = ("outgoing_draft", "outgoing_draftversion", "outgoing_outgoingdocument")
        finish_load(cursor, Loaded(indexes, id_tables, total, last_numbers))
    raw.commit()
    vacuum(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), SCHEMA, TABLES)
    return time.perf_counter() - started


def run(args: argparse.Namespace, reused: bool) -> None:
    from django_tenants.utils import schema_context

    if reused:
        print("# reusing the generated database")
    else:
        ctx = prepare_agency()
        print(f"# generating {args.documents} documents")
        print(f"# generated in {generate(args.documents, ctx):.0f} s")
    print(machine_line("issued outgoing list and search benchmark"))
    from apps.outgoing.models import OutgoingDocument
    from apps.people.models import Unit

    with schema_context(SCHEMA):
        total = OutgoingDocument.objects.count()
        middle = OutgoingDocument.objects.order_by("id")[total // 2]
        ctx = {
            "unit": Unit.objects.get(abbreviation="CM3").pk,
            "deep_page": max(1, min(200, total // 400)),  # a page every persona has
            "written": middle.number_and_notation,
        }
    print(f"# {total} issued outgoing documents in one agency; {args.repeat} timed requests per row")
    from province.runtime import settle_heap

    settle_heap()  # as a gunicorn worker does once the application is loaded (province/gunicorn.py)
    values = {"unit": ctx["unit"], "deep_page": ctx["deep_page"], "written": ctx["written"]}
    report(time_requests(PLAN, values, args.repeat))


if __name__ == "__main__":
    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run)
