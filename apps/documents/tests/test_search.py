"""Accent-insensitive search (documents.search): the stored key, the query, and the index that serves them."""

import unicodedata

import pytest
from django.db import connection

from apps.core.search import query_terms, search_key
from apps.core.text import strip_accents
from apps.documents import search
from apps.documents.access import incoming_visible_to
from apps.documents.models import IncomingDocument
from apps.documents.search import search_incoming
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.models import Role

VIETNAMESE = [
    "Về việc báo cáo tình hình thực hiện Nghị quyết",
    "ĐỀ NGHỊ CUNG CẤP THÔNG TIN ĐẤT ĐAI",
    "Ủy ban nhân dân huyện Định Quán",
    "Hỏa tốc: ứng phó bão số 5, Thượng khẩn",
    "Quyết định phê duyệt dự toán ngân sách năm 2026",
    "Sở Nông nghiệp và Môi trường; Trường THPT Ngô Quyền",
]


def found(q: str) -> set[str]:
    return set(search_incoming(IncomingDocument.objects.all(), q).values_list("subject", flat=True))


@pytest.fixture
def documents(clerk):
    subjects = {
        "report": "Về việc báo cáo tình hình chuyển đổi số quý III",
        "land": "V/v đề nghị cung cấp thông tin đất đai",
        "budget": "V/v phê duyệt dự toán ngân sách năm 2026",
    }
    made = {key: RegisteredIncomingFactory(by=clerk, subject=subject) for key, subject in subjects.items()}
    return {key: doc.subject for key, doc in made.items()}


@pytest.mark.django_db
def test_python_strips_accents_as_postgresql_unaccent_does(alpha):
    with connection.cursor() as cursor:
        for text in VIETNAMESE:
            cursor.execute("SELECT lower(public.unaccent(%s))", [text])
            assert strip_accents(text).lower() == cursor.fetchone()[0], text


def test_a_search_key_is_nfc_without_accents_lower_case_and_single_spaced():
    decomposed = unicodedata.normalize("NFD", "Đề  nghị\u00a0BÁO\tcáo")
    assert search_key(decomposed) == "de nghi bao cao"
    assert search.normalize(decomposed) == unicodedata.normalize("NFC", "Đề nghị BÁO cáo")


def test_a_short_word_is_searched_next_to_a_word_typed_beside_it_so_the_index_can_serve_it():
    assert query_terms("báo cáo tình hình") == [("bao",), ("cao",), ("tinh",), ("hinh",)]
    assert query_terms("công an Đồng Nai") == [("cong",), ("cong an", "an dong"), ("dong",), ("nai",)]
    assert query_terms("Sở Tư pháp") == [("so tu",), ("so tu", "tu phap"), ("phap",)]
    assert query_terms("dự toán ngân sách") == [("du toan",), ("ngan",), ("sach",)]
    assert query_terms("số 12") == [("so 12",)]
    assert query_terms("x") == [("x",)]
    assert query_terms("   ") == []


def test_ve_viec_and_its_abbreviation_find_each_other():
    assert search_key("Về việc họp") == search_key("V/v họp") == "v/v hop"
    assert search_key("tuve viecx") == "tuve viecx"


@pytest.mark.django_db
def test_search_ignores_accents_case_and_the_unicode_form_of_the_query(documents):
    assert found("bao cao tinh hinh") == {documents["report"]}
    assert found("BÁO CÁO") == {documents["report"]}
    assert found(unicodedata.normalize("NFD", "báo cáo tình hình")) == {documents["report"]}
    assert found("dat dai") == {documents["land"]}  # đ → d
    assert found("đất đai") == {documents["land"]}


@pytest.mark.django_db
def test_every_word_must_occur_in_any_order(documents):
    assert found("ngan sach du toan") == {documents["budget"]}
    assert found("du toan ngan sach") == {documents["budget"]}
    assert found("toan du") == set()
    assert found("ngan sach dat dai") == set()
    assert found("") == set(documents.values())


@pytest.mark.django_db
def test_v_v_finds_subjects_written_ve_viec_and_the_other_way_round(documents):
    assert found("Về việc phê duyệt") == {documents["budget"]}
    assert found("v/v bao cao") == {documents["report"]}


@pytest.mark.django_db
def test_search_finds_a_document_by_number_and_notation_as_written(clerk):
    five = RegisteredIncomingFactory(by=clerk, number=5, notation="UBND-VP", subject="V/v họp giao ban")
    other = RegisteredIncomingFactory(by=clerk, number=12658, notation="UBND-KGVX", subject="V/v lịch công tác")
    assert set(search_incoming(IncomingDocument.objects.all(), "05/UBND-VP")) == {five}
    assert set(search_incoming(IncomingDocument.objects.all(), "12658")) == {other}
    assert set(search_incoming(IncomingDocument.objects.all(), "ubnd-kgvx")) == {other}
    assert set(search_incoming(IncomingDocument.objects.all(), "uy ban nhan dan tinh")) == {five, other}


@pytest.mark.django_db
def test_registration_stores_the_search_keys_of_number_notation_subject_and_issuer(clerk):
    subject = unicodedata.normalize("NFD", "V/v  Tăng cường   phòng chống dịch")
    document = RegisteredIncomingFactory(
        by=clerk, subject=subject, issuer="Sở Y tế tỉnh Đồng Nai", number=7, notation="SYT-NVY"
    )
    document.refresh_from_db()
    assert document.subject == "V/v Tăng cường phòng chống dịch"
    assert unicodedata.is_normalized("NFC", document.subject)
    assert document.search_text == "07/syt-nvy 7 syt-nvy v/v tang cuong phong chong dich so y te tinh dong nai"
    assert document.issuer_key == "so y te tinh dong nai"


@pytest.mark.django_db
def test_the_trigram_index_serves_the_search_in_an_agency_schema(documents):
    queryset = search_incoming(IncomingDocument.objects.order_by(), "chuyen doi so")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incoming_search_trgm" in plan, plan


@pytest.mark.django_db
def test_a_short_word_between_two_others_is_one_index_condition_and_finds_either_phrase(clerk):
    police = RegisteredIncomingFactory(by=clerk, subject="V/v công an tỉnh kiểm tra").subject
    notice = RegisteredIncomingFactory(by=clerk, subject="V/v thông báo: an Đồng Nai, công tác").subject
    RegisteredIncomingFactory(by=clerk, subject="V/v công tác an ninh")  # "cong", "an", "dong" apart
    assert found("cong an dong") == {police, notice}
    assert found("12/ubnd-vp an") == set()  # punctuation in a phrase is matched as written, not as a pattern
    queryset = search_incoming(IncomingDocument.objects.order_by(), "cong an dong")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("Bitmap Index Scan on incoming_search_trgm") == 1 and "BitmapOr" not in plan, plan


@pytest.mark.django_db
def test_a_person_searches_only_among_what_they_may_see(alpha, documents):
    specialist = make_person(Role.SPECIALIST)
    assert not search_incoming(incoming_visible_to(specialist), "bao cao").exists()


@pytest.mark.django_db
def test_rows_written_outside_the_orm_get_the_registered_status_and_empty_search_keys(clerk):
    document = RegisteredIncomingFactory(by=clerk)
    # The columns an import written before this step knows: no status, no search keys.
    copy = (
        "INSERT INTO documents_incomingdocument (register_id, year, arrival_number, arrival_date, issuer_code,"
        " issuer_name, number, notation, issued_date, document_type_id, subject, language, signer, signer_position,"
        " urgency, secrecy, description, registered_by_id, registered_at)"
        " SELECT register_id, year, arrival_number + 1, arrival_date, issuer_code, issuer_name, number, notation,"
        " issued_date, document_type_id, subject, language, signer, signer_position, urgency, secrecy, description,"
        " registered_by_id, registered_at FROM documents_incomingdocument WHERE id = %s"
        " RETURNING status, search_text, issuer_key"
    )
    with connection.cursor() as cursor:
        cursor.execute(copy, [document.pk])
        assert cursor.fetchone() == ("registered", "", "")
