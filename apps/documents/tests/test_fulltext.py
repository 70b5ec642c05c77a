"""Full-text search (documents.fulltext, documents.fulltext_search): the index of fields and files' text, accents
optional, exact matches first, phrases, escaped snippets in the lists, the access rule, and bad queries."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from apps.documents import fulltext
from apps.documents.fulltext_search import MAX_QUERY_LENGTH, Query, snippet
from apps.documents.models import IncomingAttachment, IncomingDocument, StoredFile, StoredFileText
from apps.documents.tests.factories import RegisteredIncomingFactory, StoredFileFactory, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from ocr import chain
from ocr.tests import files
from tests.support.sql import index_plan

LIST = "/documents/incoming/"
API = "/api/v1/incoming-documents/"


def with_text(document: IncomingDocument, text: str) -> IncomingDocument:
    """``document`` with a file whose extracted text is ``text``, indexed as the intake task does."""
    stored = StoredFileFactory()
    IncomingAttachment.objects.create(document=document, file=stored, name=stored.original_name)
    StoredFileText.objects.create(file=stored, text=text)  # where the intake keeps what it read
    assert fulltext.refresh_for_files([stored.pk], texts={stored.pk: text}) == 1
    return document


def registered(clerk, subject: str, *, days_ago: int = 1, **fields) -> IncomingDocument:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return RegisteredIncomingFactory(by=clerk, subject=subject, arrival_date=day, issued_date=day, **fields)


def api_ids(client, **params) -> list[int]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# ---- the index --------------------------------------------------------------------------------------------------


def test_a_document_is_indexed_by_words_and_pairs_with_and_without_accents():
    vector = fulltext.document_vector(["Công văn"], ["Đề nghị ĐỒNG Ý"])
    lexemes = {item.split(":")[0].strip("'") for item in vector.split(" ")}
    assert {"cong", "công", "van", "văn", "cong_van"} <= lexemes
    assert {"de", "đề", "nghi", "nghị", "de_nghi", "dong", "đồng", "y", "ý", "nghi_dong", "dong_y"} <= lexemes
    assert "van_de" not in lexemes  # no pair spans the subject and the file's text
    assert "công_văn" not in lexemes  # pairs are folded only
    assert "'cong':1A" in vector and "'de':1000" in vector  # fields weigh A from 1, files D (no letter) from 1000


@pytest.mark.django_db
def test_registration_indexes_the_fields_and_the_index_serves_a_search(clerk):
    document = registered(clerk, "Về việc phần mềm quản lý văn bản")
    assert IncomingDocument.objects.filter(pk=document.pk, search_vector__isnull=False).exists()
    queryset = fulltext_filtered("phan mem")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert "incoming_fulltext" in index_plan(queryset.order_by())
    assert list(queryset) == [document]


@pytest.mark.django_db
def test_a_document_not_indexed_yet_is_found_by_its_fields(clerk):
    document = registered(clerk, "V/v hỗ trợ công nhân lao động")
    IncomingDocument.objects.filter(pk=document.pk).update(search_vector=None)
    assert list(fulltext_filtered('"cong nhan"')) == [document]
    assert list(fulltext_filtered("lao dong cong nhan")) == [document]
    assert list(fulltext_filtered("nhan cong")) == [document]  # every word, in any order, as before the index


def fulltext_filtered(q: str):
    from apps.documents.filters import IncomingFilter

    return IncomingFilter({"q": q}, queryset=IncomingDocument.objects.all()).qs


# ---- accents, exact matches, phrases ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_accent_free_query_finds_an_accented_document_and_the_text_of_its_scan(alpha, clerk, api_as):
    result = chain.run(files.scanned_pdf(), "ban-quet.pdf", chain.Limits(max_bytes=5 * 1024 * 1024, page_timeout=60))
    assert result.state == "ready", result.reason
    scan = with_text(registered(clerk, "V/v lịch công tác"), result.text)
    accented = registered(clerk, "V/v chuyển đổi số trong cơ quan nhà nước")
    registered(clerk, "V/v mời họp")
    client = api_as(alpha, clerk)
    assert api_ids(client, q="chuyen doi so") == [accented.pk]
    # Words only in the OCR'd text of the scan (files.LETTER), typed without accents.
    assert api_ids(client, q="giao ban cong tac thang muoi") == [scan.pk]
    assert api_ids(client, q="vướng mắc phát sinh") == [scan.pk]
    row = client.get(API, {"q": "vuong mac"}).json()["results"][0]
    assert "<mark>vướng</mark> <mark>mắc</mark>" in row["snippet"]


@pytest.mark.django_db
def test_the_exact_accented_match_ranks_first_among_the_newest_matches(alpha, clerk, api_as):
    exact = registered(clerk, "V/v quản lý văn bản", days_ago=5)
    registered(clerk, "V/v van ban khong dau", days_ago=1)  # newer, typed without accents (an OCR that lost them)
    registered(clerk, "V/v vạn bàn ghế", days_ago=2)  # other accents
    client = api_as(alpha, clerk)
    assert len(api_ids(client, q="văn bản")) == 3
    assert api_ids(client, q="văn bản")[-1] == exact.pk  # newest first by default
    assert api_ids(client, q="văn bản", ordering="relevance")[0] == exact.pk


@pytest.mark.django_db
def test_a_phrase_in_quotes_matches_only_adjacent_words_and_a_plain_query_favours_the_phrase(alpha, clerk, api_as):
    adjacent = with_text(registered(clerk, "V/v hướng dẫn", days_ago=3), "Quản lý văn bản điện tử trên phần mềm.")
    apart = with_text(registered(clerk, "V/v công tác", days_ago=1), "Văn phòng gửi bản đồ quy hoạch.")
    client = api_as(alpha, clerk)
    assert api_ids(client, q='"văn bản"') == [adjacent.pk]
    assert api_ids(client, q='"van ban dien tu"') == [adjacent.pk]
    assert api_ids(client, q='"ban van"') == []
    assert api_ids(client, q="van ban") == [apart.pk, adjacent.pk]  # every word, anywhere; newest first
    assert api_ids(client, q="van ban", ordering="relevance") == [adjacent.pk, apart.pk]


def test_a_query_keeps_its_phrases_and_looks_for_a_short_word_next_to_its_neighbour():
    query = Query.parse('"Văn bản" du toan  ngân sách')
    assert query.phrases == (("văn", "bản"),)
    assert query.matching() == "('van_ban') & ('du_toan') & 'toan' & 'ngan' & 'sach'"
    assert query.exact() == "'ngân' & 'sách' & 'văn' & 'bản'"
    assert Query.parse('"a b c"').matching() == "('a_b' <-> 'b_c')"
    assert Query.parse("van ban").exact() == ""


# ---- snippets ---------------------------------------------------------------------------------------------------


def test_a_snippet_is_escaped_and_marks_the_words_found():
    text = 'Mở đầu. <script>alert("x")</script> Văn bản số 5 & "quản lý" văn thư.'
    shown = snippet(text, Query.parse("van ban"))
    assert "<script>" not in shown and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown
    assert "<mark>Văn</mark> <mark>bản</mark>" in shown and "&amp;" in shown
    assert snippet(text, Query.parse("khong co")) == ""


def test_a_snippet_of_a_long_text_shows_the_passage_with_the_words():
    text = "Mở đầu. " + "đoạn văn không liên quan. " * 5000 + "Kết luận về phần mềm quản lý. " + "hết. " * 100
    shown = snippet(text, Query.parse("phan mem"))
    assert shown.startswith("…") and "<mark>phần</mark> <mark>mềm</mark>" in shown


@pytest.mark.django_db
def test_the_list_shows_escaped_snippets_of_the_files_text(alpha, clerk, api_as):
    with_text(registered(clerk, "V/v thử nghiệm"), "Nội dung <img src=x onerror=alert(1)> về phần mềm quản lý.")
    html = api_as(alpha, clerk).get(LIST, {"q": "phan mem"}).content.decode()
    assert "<mark>phần</mark> <mark>mềm</mark>" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "search-order-link" in html and "ordering=relevance" in html


# ---- the access rule --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_specialist_never_sees_a_document_or_a_snippet_he_may_not_see(alpha, clerk, api_as):
    mine, other = UnitFactory(), UnitFactory()
    visible = with_text(registered(clerk, "V/v gửi phòng tôi", recipient_units=[mine]), "Kế hoạch phần mềm chung.")
    with_text(registered(clerk, "V/v gửi phòng khác", recipient_units=[other]), "Bí quyết phần mềm mật mã XYZ.")
    specialist = make_person(Role.SPECIALIST, unit=mine)
    client = api_as(alpha, specialist)
    assert api_ids(client, q="phan mem") == [visible.pk]
    assert api_ids(client, q="phan mem", ordering="relevance") == [visible.pk]
    assert api_ids(client, q="mat ma") == []
    assert client.get(f"{API}count/", {"q": "mat ma"}).json()["count"] == 0
    for params in ({"q": "phan mem"}, {"q": "phan mem", "ordering": "relevance"}, {"q": "mat ma"}):
        html = client.get(LIST, params).content.decode()
        assert "mật mã" not in html and "Bí quyết" not in html and "phòng khác" not in html


# ---- bad queries ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["van\x00ban", "\x00", "\x07\x1b[31m\x7f"])
def test_nul_and_control_characters_in_a_query_are_refused_with_a_clear_error(alpha, clerk, api_as, q):
    client = api_as(alpha, clerk)
    for url in (LIST, f"{LIST}count/"):
        response = client.get(url, {"q": q})
        assert response.status_code == 400 and "ký tự điều khiển" in response.content.decode()
    for url in (API, f"{API}count/"):
        response = client.get(url, {"q": q, "ordering": "relevance"})
        assert response.status_code == 400 and "q" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["văn bản " * 250, "x" * 2000, '"' * 2000, "'\\:*&|!<->()" * 100, "đ" * 2000])
def test_a_2000_character_query_is_answered_cleanly(alpha, clerk, api_as, q):
    with_text(registered(clerk, "V/v văn bản"), "văn bản")
    client = api_as(alpha, clerk)
    for url in (LIST, f"{LIST}count/", API, f"{API}count/"):
        for params in ({"q": q}, {"q": q, "ordering": "relevance"}):
            assert client.get(url, params).status_code == 200, (url, params)
    parsed = Query.parse(q)
    assert sum(len(p) for p in parsed.phrases) + len(parsed.words) <= 8
    assert len(" ".join(parsed.words)) <= MAX_QUERY_LENGTH
    assert len(api_ids(client, q="văn bản " * 250)) == 1


@pytest.mark.django_db
def test_the_api_schema_documents_the_search_and_the_snippet(alpha, clerk, api_as):
    schema = api_as(alpha, clerk).get("/api/schema/").content.decode()
    assert "snippet" in schema and "text of the files" in schema


@pytest.mark.django_db
def test_documents_without_an_index_are_indexed_by_the_command(alpha, clerk):
    document = with_text(registered(clerk, "V/v cũ"), "Phần mềm cũ.")
    IncomingDocument.objects.filter(pk=document.pk).update(search_vector=None)
    assert fulltext.index_missing() >= 1
    assert not IncomingDocument.objects.filter(search_vector__isnull=True).exists()
    assert list(fulltext_filtered("ten phan mem cu").values_list("pk", flat=True)) == []  # "ten" is in no part
    assert list(fulltext_filtered("phan mem cu")) == [document]
    assert StoredFile.objects.count() >= 1
