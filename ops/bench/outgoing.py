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
import random

import listbench
from common import Plan, bench_people, generated_or_reused, list_bench_main, list_endpoints, provision_bench_agency

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_outgoing"
SCHEMA = "benchout"
HOST = f"{SCHEMA}.localhost"
PERSONAS = ("clerk", "leader", "specialist")

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
TABLES = {
    "outgoing_draft": DRAFT_COLUMNS,
    "outgoing_draftversion": VERSION_COLUMNS,
    "outgoing_outgoingrecipient": RECIPIENT_COLUMNS,
    "outgoing_outgoingdocument": DOCUMENT_COLUMNS,
}
TARGET = listbench.CopyTarget(
    SCHEMA,
    tables=tuple(TABLES),
    copies=tuple(f"COPY {table} ({', '.join(columns)}) FROM STDIN" for table, columns in TABLES.items()),
    id_tables=("outgoing_draft", "outgoing_draftversion", "outgoing_outgoingdocument"),
    default_url=DEFAULT_URL,
)


def _rows(total: int, ctx: dict, rng: random.Random):
    """The (draft, version, recipients, document) COPY lines of each document, issued in order through five years."""
    from apps.outgoing.models import DIGEST_FIELDS
    from apps.outgoing.search import outgoing_search_text

    users, units = ctx["users"], ctx["units"]
    doc_id = 0
    for year in listbench.YEARS:
        numbers = {ctx["register"].pk: 0, ctx["secret_register"].pk: 0}
        start = datetime.datetime(year, 1, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Vietnam
        end = min(datetime.datetime(year, 12, 31, 9, 0, tzinfo=datetime.UTC), datetime.datetime.now(datetime.UTC))
        count = listbench.documents_of_year(total, year)
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
            text, level = listbench.subject(rng, year), listbench.urgency(rng)
            places = [name for _code, name, _abbr in rng.sample(listbench.ISSUERS, k=rng.choice((1, 2)))]
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
                "subject": text, "urgency": level, "secrecy": secrecy, "drafting_unit_id": unit_id,
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
                number=document["number"], notation=notation, subject=text, recipients_text=recipients_text
            )
            draft = [
                doc_id, unit_id, users["drafter"], type_id, text, level, secrecy, users["leader"], "Giám đốc",
                register.pk, "vi", "", "", "issued", 1, at.isoformat(), at.isoformat(),
            ]  # fmt: skip
            version = [doc_id, doc_id, 1, text, "{}", "", users["drafter"], at.isoformat()]
            lines = (
                [listbench.copy_text(draft)],
                [listbench.copy_text(version)],
                list(map(listbench.copy_text, recipients)),
            )
            document_line = listbench.copy_text([document[c] for c in DOCUMENT_COLUMNS])
            yield (*lines, [document_line]), (register.pk, day.year, numbers[register.pk])


def run(args: argparse.Namespace, reused: bool) -> None:
    from django_tenants.utils import schema_context

    def generate() -> float:
        rows = _rows(args.documents, prepare_agency(), random.Random(2026))
        return listbench.load_by_copy(TARGET, args.documents, rows)

    generated_or_reused(reused, f"{args.documents} documents", generate)
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
    listbench.announce("issued outgoing list and search benchmark", total, "issued outgoing documents", args.repeat)
    listbench.time_plan(PLAN, ctx, args.repeat)


if __name__ == "__main__":
    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run)
