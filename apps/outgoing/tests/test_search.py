"""Search on issued outgoing documents: the key the issuing service stores, accent-free queries, the trigram index,
the migration that fills existing rows, and the key's place outside the frozen content's checksum."""

import importlib
import unicodedata

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from apps.core.search import search_in
from apps.documents.tests.factories import make_person
from apps.outgoing.access import outgoing_visible_to
from apps.outgoing.checks import RecipientSpec
from apps.outgoing.models import FrozenError, OutgoingDocument
from apps.outgoing.search import outgoing_search_text, recipient_names
from apps.outgoing.tests.factories import OutgoingDocumentFactory
from apps.outgoing.tests.flow import issue
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy

pytestmark = pytest.mark.django_db


def found(q: str, documents=None) -> set[str]:
    documents = OutgoingDocument.objects.all() if documents is None else documents
    return set(search_in(documents, q).values_list("subject", flat=True))


@pytest.fixture
def issued(team) -> dict[str, OutgoingDocument]:
    return {
        "report": issue(team, subject="Về việc báo cáo tình hình chuyển đổi số quý III"),
        "land": issue(
            team,
            subject="V/v đề nghị cung cấp thông tin đất đai",
            recipients=[RecipientSpec.place("Ủy ban nhân dân huyện Định Quán")],
        ),
        "budget": issue(team, subject="V/v phê duyệt dự toán ngân sách năm 2026"),
    }


def test_issuing_stores_the_search_key_of_number_notation_subject_and_recipients(team):
    subject = unicodedata.normalize("NFD", "V/v  Tăng cường   phòng chống dịch")
    document = issue(team, subject=subject, recipients=[RecipientSpec.place(unicodedata.normalize("NFD", "Sở Y tế"))])
    document.refresh_from_db()
    assert document.subject == "V/v Tăng cường phòng chống dịch"
    assert unicodedata.is_normalized("NFC", document.subject)
    assert document.search_text == "01/sal-vp 1 sal-vp v/v tang cuong phong chong dich so y te"


def test_the_search_key_is_a_function_of_the_frozen_columns_alone(issued):
    for document in OutgoingDocument.objects.all():
        expected = outgoing_search_text(
            number=document.number,
            notation=document.notation,
            subject=document.subject,
            recipients_text=document.recipients_text,
        )
        assert document.search_text == expected


def test_recipients_come_from_the_noi_nhan_block_without_the_file_copy_line():
    text = "- Như trên;\n- Sở Tài chính tỉnh Đồng Nai;\n- Văn phòng;\n- Lưu: VT, VP."
    assert recipient_names(text) == ["Như trên", "Sở Tài chính tỉnh Đồng Nai", "Văn phòng"]
    assert recipient_names("") == []


def test_search_ignores_accents_case_and_the_unicode_form_of_the_query(issued):
    report, land = issued["report"].subject, issued["land"].subject
    assert found("bao cao tinh hinh") == {report}
    assert found("BÁO CÁO TÌNH HÌNH") == {report}
    assert found(unicodedata.normalize("NFD", "báo cáo tình hình")) == {report}
    assert found("dat dai") == {land}  # đ → d
    assert found("ĐẤT ĐAI") == {land}
    assert found("ngan sach du toan") == {issued["budget"].subject}
    assert found("ve viec bao cao") == {report}  # "về việc" and "V/v" find each other


def test_search_finds_a_document_by_its_number_and_notation_as_written(issued):
    first, second = issued["report"], issued["land"]
    assert (first.number_and_notation, second.number_and_notation) == ("01/SAL-VP", "02/SAL-VP")
    assert found("02/SAL-VP") == {second.subject}
    assert found("02/sal-vp") == {second.subject}
    assert found("sal-vp") == {d.subject for d in issued.values()}


def test_search_finds_a_document_by_the_places_it_is_sent_to(issued):
    assert found("uy ban nhan dan huyen dinh quan") == {issued["land"].subject}
    assert found("dinh quan") == {issued["land"].subject}
    assert found("so tai chinh") == {issued["report"].subject, issued["budget"].subject}
    assert found("vt") == set()  # the clerk's file-copy line is left out


def test_a_specialist_searches_only_among_what_access_allows(alpha, secret_team):
    finance = UnitFactory()
    reader = make_person(Role.SPECIALIST, unit=finance)
    sent = issue(secret_team, subject="V/v báo cáo gửi phòng Tài chính", recipients=[RecipientSpec.of_unit(finance)])
    issue(secret_team, subject="V/v báo cáo nội bộ văn phòng", recipients=[RecipientSpec.place("Như trên")])
    issue(
        secret_team,
        subject="V/v báo cáo mật gửi phòng Tài chính",
        secrecy=Secrecy.CONFIDENTIAL,
        recipients=[RecipientSpec.of_unit(finance)],
    )
    assert found("bao cao", outgoing_visible_to(reader)) == {sent.subject}
    cleared = make_person(Role.SPECIALIST, unit=finance, clearance=Secrecy.CONFIDENTIAL)
    assert found("bao cao mat", outgoing_visible_to(cleared)) == {"V/v báo cáo mật gửi phòng Tài chính"}


def test_the_trigram_index_serves_the_search_in_an_agency_schema(issued):
    queryset = search_in(OutgoingDocument.objects.order_by(), "chuyen doi so")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "outgoing_search_trgm" in plan, plan


def test_the_migration_fills_the_search_key_of_documents_issued_before_it(issued):
    imported = OutgoingDocumentFactory(number=7, notation="SAL-TCHC", subject="V/v tuyển dụng viên chức")
    with connection.cursor() as cursor:
        # As they were before the column existed.
        cursor.execute("UPDATE outgoing_outgoingdocument SET search_text = ''")
    # The migration's function on the models as they are at that migration (plain managers, no app code).
    name = "0002_search_and_list_indexes"
    historical = MigrationLoader(connection).project_state(("outgoing", name)).apps
    importlib.import_module(f"apps.outgoing.migrations.{name}").fill_search_text(historical, None)
    assert found("07/SAL-TCHC") == {imported.subject}
    assert found("tuyen dung vien chuc") == {imported.subject}
    assert found("bao cao tinh hinh") == {issued["report"].subject}
    # Content and checksum are untouched: the CHECK still holds and the checksum is the one of the content.
    for document in OutgoingDocument.objects.all():
        assert document.content_sha256 == document.compute_digest()


def test_the_search_key_lies_outside_the_checksum_while_the_content_stays_frozen(issued):
    document = issued["report"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE outgoing_outgoingdocument SET search_text = 'khac' WHERE id = %s", [document.pk])
        with pytest.raises(IntegrityError, match="outgoing_content_frozen"), transaction.atomic():
            cursor.execute("UPDATE outgoing_outgoingdocument SET subject = 'V/v khác' WHERE id = %s", [document.pk])
    # The application itself never rewrites it after issue: only a migration re-keys documents.
    with pytest.raises(FrozenError):
        OutgoingDocument.objects.filter(pk=document.pk).update(search_text="")
    document.refresh_from_db()
    document.search_text = ""
    with pytest.raises(FrozenError):
        document.save(update_fields=["search_text"])
