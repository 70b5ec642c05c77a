"""The issued list's filters and order (outgoing.filters.OutgoingFilter), shared by the web list and the API."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from apps.documents.tests.factories import make_person
from apps.outgoing.access import outgoing_visible_to
from apps.outgoing.filters import OutgoingFilter
from apps.outgoing.models import CorrectionKind, OutgoingDocument
from apps.outgoing.tests.factories import OutgoingDocumentFactory
from apps.people.models import Role
from apps.people.tests.factories import MembershipFactory, UserFactory
from apps.registers.models import DocumentType, Register, Secrecy, Urgency
from apps.registers.tests.factories import RegisterFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def days_ago(n: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


def listed(query: str) -> list[str]:
    filters = OutgoingFilter(QueryDict(query), queryset=OutgoingDocument.objects.all())
    return [d.subject for d in filters.qs]


@pytest.fixture
def world(alpha) -> dict[str, OutgoingDocument]:
    """Documents imported as such (the service issues today only): dates, numbers, registers and states vary."""
    secret_register = RegisterFactory(kind=Register.Kind.OUTGOING, secrecy_levels=[Secrecy.SECRET])
    decision = DocumentType.objects.get(abbreviation="QĐ")
    old = OutgoingDocumentFactory(subject="Đề nghị cấp kinh phí", issued_at=days_ago(400), number=12)
    docs = {
        "old": old,
        "flash": OutgoingDocumentFactory(
            subject="Báo cáo tình hình bão lũ", urgency=Urgency.FLASH, issued_at=days_ago(30), number=3
        ),
        "decision": OutgoingDocumentFactory(
            subject="Ủy quyền ký văn bản",
            issued_at=days_ago(2),
            number=2,
            draft__document_type=decision,
            notation="QĐ-SAL",
        ),
        "secret": OutgoingDocumentFactory(
            subject="Văn bản mật về quốc phòng",
            secrecy=Secrecy.SECRET,
            register=secret_register,
            draft__register=secret_register,
            issued_at=days_ago(1),
            number=1,
        ),
        "recalled": OutgoingDocumentFactory(
            subject="Dự toán ngân sách năm sau",
            issued_at=days_ago(0),
            number=4,
            recalled_at=NOW,
            recalled_by=UserFactory(),
            recall_reason="Ban hành nhầm",
        ),
    }
    docs["correction"] = OutgoingDocumentFactory(
        subject="Đính chính đề nghị cấp kinh phí",
        issued_at=days_ago(0) + datetime.timedelta(seconds=1),
        number=5,
        corrects=old,
        correction_kind=CorrectionKind.CORRECTION,
    )
    for doc in docs.values():  # signers are members of the agency (leaders)
        MembershipFactory(user=doc.signer, roles=[Role.LEADER])
    return {key: doc.subject for key, doc in docs.items()}


def test_the_default_order_is_the_newest_issued_first(world):
    assert listed("") == [
        world["correction"],
        world["recalled"],
        world["secret"],
        world["decision"],
        world["flash"],
        world["old"],
    ]


def test_each_filter_keeps_only_what_it_names(world):
    document = OutgoingDocument.objects.get(subject=world["decision"])
    secret = OutgoingDocument.objects.get(subject=world["secret"])
    assert listed(f"register={secret.register_id}") == [world["secret"]]
    assert listed(f"document_type={document.document_type_id}") == [world["decision"]]
    assert listed("urgency=flash") == [world["flash"]]
    assert listed("secrecy=secret") == [world["secret"]]
    assert listed(f"drafting_unit={document.drafting_unit_id}") == [world["decision"]]
    assert listed(f"signer={document.signer_id}") == [world["decision"]]
    assert listed(f"year={days_ago(400).year}")[-1] == world["old"]
    assert listed(f"year={NOW.year + 1}") == []


def test_the_status_is_derived_from_the_recall_and_from_later_corrections(world):
    assert listed("status=recalled") == [world["recalled"]]
    assert listed("status=corrected") == [world["old"]]
    assert set(listed("status=issued")) == {
        world["correction"],
        world["secret"],
        world["decision"],
        world["flash"],
    }
    statuses = {d.subject: d.status for d in OutgoingDocument.objects.prefetch_related("corrected_by")}
    assert (statuses[world["old"]], statuses[world["recalled"]], statuses[world["flash"]]) == (
        "corrected",
        "recalled",
        "issued",
    )


def test_the_issued_range_takes_dd_mm_yyyy_and_includes_both_ends(world):
    day = timezone.localdate(days_ago(2))
    until = timezone.localdate(days_ago(1))
    assert listed(f"issued_from={day:%d/%m/%Y}&issued_to={until:%d/%m/%Y}") == [world["secret"], world["decision"]]
    assert listed(f"issued_to={timezone.localdate(days_ago(30)).isoformat()}") == [world["flash"], world["old"]]


def test_filters_combine_with_the_search_box(world):
    assert listed("q=kinh+phi") == [world["correction"], world["old"]]
    assert listed("q=kinh+phi&status=corrected") == [world["old"]]
    assert listed("q=bao+cao&urgency=flash") == [world["flash"]]
    assert listed("q=bao+cao&secrecy=secret") == []


def test_each_sort_goes_both_ways(world):
    assert listed("ordering=issued")[0] == world["old"]
    assert listed("ordering=-issued") == listed("")
    # Numbers restart every year: by year, then by number.
    by_number = OutgoingFilter(QueryDict("ordering=number"), queryset=OutgoingDocument.objects.all()).qs
    pairs = [(d.year, d.number) for d in by_number]
    assert pairs == sorted(pairs) and by_number[0].subject == world["old"]
    assert listed("ordering=-number") == listed("ordering=number")[::-1]


@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        ("-issued", "outgoing_issued_order"),
        ("issued", "outgoing_issued_order"),
        ("-number", "outgoing_number_order"),
        ("subject", "outgoing_subject_order"),
        ("-subject", "outgoing_subject_order"),
    ],
)
def test_every_sort_is_served_by_its_index(world, ordering, index):
    queryset = OutgoingFilter(QueryDict(f"ordering={ordering}"), queryset=OutgoingDocument.objects.all()).qs[:50]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan and "Sort" not in plan, plan


def test_subjects_sort_in_vietnamese_dictionary_order(world):
    # Đ after D, Ủ among the U, both before V (the C collation would put Đ and Ủ after V).
    assert listed("ordering=subject") == [
        world["flash"],  # Báo cáo
        world["recalled"],  # Dự toán
        world["old"],  # Đề nghị
        world["correction"],  # Đính chính
        world["decision"],  # Ủy quyền
        world["secret"],  # Văn bản
    ]
    assert listed("ordering=-subject")[0] == world["secret"]


def test_a_wrong_filter_value_is_reported_and_ignored(world):
    filters = OutgoingFilter(
        QueryDict("issued_from=31/02/2026&ordering=arrival&status=lost"), queryset=OutgoingDocument.objects.all()
    )
    assert len(filters.qs) == 6
    assert set(filters.errors) == {"issued_from", "ordering", "status"}
    assert filters.sort == "-issued"


def test_the_choices_are_outgoing_registers_the_agencys_units_and_those_who_signed(world):
    filters = OutgoingFilter(QueryDict(""), queryset=OutgoingDocument.objects.all())
    registers = filters.form.fields["register"].queryset
    assert registers.exists() and not registers.exclude(kind=Register.Kind.OUTGOING).exists()
    signers = set(filters.form.fields["signer"].queryset)
    assert signers == {d.signer for d in OutgoingDocument.objects.select_related("signer")}


def test_a_specialists_page_walks_the_date_index_alone_testing_access_in_the_index(world):
    """The default order's index carries the access rule's columns: a specialist's page (the ids, then the rows:
    core.paging.page_rows) is an index-only scan, never a read of every skipped document."""
    specialist = make_person(Role.SPECIALIST)
    visible = outgoing_visible_to(specialist).order_by("-issued_date", "-issued_at", "-id")
    sql, params = visible.values_list("pk", flat=True)[200:251].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the order's own index, as on a big table
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using outgoing_issued_order" in plan and "Sort" not in plan.split("SubPlan")[0], plan
