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
import random
from types import SimpleNamespace

import listbench
from common import Plan, bench_people, list_bench_main, list_endpoints, provision_bench_agency

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_documents"
SCHEMA = "benchdocs"
HOST = f"{SCHEMA}.localhost"
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


DOCUMENT_COLUMNS = (
    "id, register_id, year, arrival_number, arrival_date, issuer_code, issuer_name, number, notation, issued_date,"
    " document_type_id, subject, language, page_count, signer, signer_position, urgency, secrecy, due_on,"
    " description, registered_by_id, registered_at, status, search_text, issuer_key, recipient_unit_ids"
)
TARGET = listbench.CopyTarget(
    SCHEMA,
    tables=("documents_incomingdocument", "documents_incomingrecipient"),
    copies=(
        f"COPY documents_incomingdocument ({DOCUMENT_COLUMNS}) FROM STDIN",
        "COPY documents_incomingrecipient (document_id, unit_id) FROM STDIN",
    ),
    id_tables=("documents_incomingdocument",),
    default_url=DEFAULT_URL,
)


def _rows(total: int, ctx: dict, rng: random.Random):
    """Each document's COPY line and its recipients', in arrival order per register and year."""
    from apps.documents.search import incoming_search_text, issuer_key

    registers = [r.pk for r in ctx["registers"]]
    doc_id = 0
    for year in listbench.YEARS:
        counters = dict.fromkeys(registers, 0)
        start = datetime.date(year, 1, 1)
        span = (min(datetime.date(year, 12, 31), datetime.date.today()) - start).days
        count = listbench.documents_of_year(total, year)
        for i in range(count):
            doc_id += 1
            register = registers[0] if rng.random() < 0.9 else registers[-1]
            counters[register] += 1
            arrival = start + datetime.timedelta(days=span * i // count)
            issued = arrival - datetime.timedelta(days=rng.randint(0, 6))
            code, issuer, abbreviation = rng.choice(listbench.ISSUERS)
            if rng.random() < 0.5:
                notation = f"{abbreviation}-{rng.choice(UNIT_SUFFIXES)}"
            else:
                notation = f"{rng.choice(TYPES_WITH_ABBREVIATION)}-{abbreviation}"
            text = listbench.subject(rng, year)
            number = rng.randint(1, 15000)
            doc = SimpleNamespace(number=number, notation=notation, subject=text, issuer_name=issuer)
            level = listbench.urgency(rng)
            status = rng.choices(["registered", "assigned", "in_progress", "done"], [5, 10, 15, 70])[0]
            due = (arrival + datetime.timedelta(days=rng.randint(5, 30))).isoformat() if rng.random() < 0.3 else r"\N"
            recipients = sorted(rng.sample(ctx["units"], k=rng.choice((1, 1, 2))))
            fields = [
                doc_id, register, year, counters[register], arrival.isoformat(), code, issuer, number, notation,
                issued.isoformat(), rng.choice(ctx["types"]), text, "vi", rng.randint(1, 12), rng.choice(SIGNERS),
                "Phó Giám đốc", level, "none", due, "", ctx["clerk"], f"{arrival.isoformat()} 08:00:00+07",
                status, incoming_search_text(doc), issuer_key(issuer), "{" + ",".join(map(str, recipients)) + "}",
            ]  # fmt: skip
            document = "\t".join(str(f) for f in fields) + "\n"
            yield ([document], [f"{doc_id}\t{unit}\n" for unit in recipients]), (register, year, counters[register])


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
        rows = _rows(args.documents, ctx, random.Random(2026))
        print(f"# generated in {listbench.load_by_copy(TARGET, args.documents, rows):.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{SCHEMA}".documents_incomingdocument')  # noqa: S608 -- a constant
        total = cursor.fetchone()[0]
    listbench.announce("list and search benchmark", total, "incoming documents", args.repeat)
    # A page that exists for every persona (the specialist sees about a sixth of the documents).
    deep_page = max(1, min(200, total // 400))
    listbench.time_plan(PLAN, {"register": ctx["registers"][0].pk, "deep_page": deep_page}, args.repeat)


if __name__ == "__main__":
    list_bench_main(__doc__.splitlines()[0], DEFAULT_URL, run)
