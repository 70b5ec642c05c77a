"""Issued outgoing documents in the full-text index of apps.documents (plugged in through its registry): indexed when
issued, re-indexed when their files' text is read, found with snippets, within the access rule, the frozen content
untouched."""

import pytest

from apps.documents import fulltext
from apps.documents.models import IncomingAttachment
from apps.documents.tests.factories import RegisteredIncomingFactory, StoredFileFactory, make_person
from apps.outgoing.models import DraftFile, OutgoingDocument
from apps.outgoing.tests.flow import issue
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/outgoing-documents/"
LIST = "/outgoing/issued/"


def test_issuing_indexes_the_document_and_reading_its_files_text_reindexes_it(alpha, team, api_as):
    document = issue(team, subject="V/v quản lý văn bản điện tử")
    assert OutgoingDocument.objects.filter(pk=document.pk, search_vector__isnull=False).exists()
    file_id = DraftFile.objects.get(version_id=document.version_id).file_id
    assert fulltext.refresh_for_files([file_id], texts={file_id: "Báo cáo kết quả thí điểm phần mềm <b>mới</b>."}) == 1
    client = api_as(alpha, team.clerk)
    rows = client.get(API, {"q": "thi diem phan mem"}).json()["results"]
    assert [r["id"] for r in rows] == [document.pk]
    assert "<mark>thí</mark> <mark>điểm</mark>" in rows[0]["snippet"] and "&lt;b&gt;mới&lt;/b&gt;" in rows[0]["snippet"]
    assert client.get(API, {"q": '"diem thi"'}).json()["results"] == []
    html = client.get(LIST, {"q": "thi diem"}).content.decode()
    assert "<mark>thí</mark> <mark>điểm</mark>" in html and "<b>mới</b>" not in html
    document.refresh_from_db()
    assert document.content_sha256 == document.compute_digest()  # the frozen content is untouched


def test_a_file_shared_by_an_incoming_and_an_outgoing_document_reindexes_both(alpha, team):
    document = issue(team, subject="V/v thử nghiệm")
    stored = DraftFile.objects.get(version_id=document.version_id).file
    incoming = RegisteredIncomingFactory(by=make_person(Role.CLERK), subject="V/v khác")
    IncomingAttachment.objects.create(document=incoming, file=stored, name="chung.pdf")
    assert fulltext.refresh_for_files([stored.pk], texts={stored.pk: "Nội dung chung"}) == 2
    assert fulltext.refresh_for_files([StoredFileFactory().pk], texts={}) == 0


def test_a_specialist_finds_no_issued_document_he_may_not_see(alpha, team, api_as):
    document = issue(team, subject="V/v nội bộ")
    file_id = DraftFile.objects.get(version_id=document.version_id).file_id
    fulltext.refresh_for_files([file_id], texts={file_id: "Phương án mật mã riêng."})
    outsider = make_person(Role.SPECIALIST, unit=UnitFactory())
    client = api_as(alpha, outsider)
    assert client.get(API, {"q": "mat ma"}).json()["results"] == []
    assert "mật mã" not in client.get(LIST, {"q": "mat ma"}).content.decode()
    assert [r["id"] for r in api_as(alpha, team.clerk).get(API, {"q": "mat ma"}).json()["results"]] == [document.pk]
