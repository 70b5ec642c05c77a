"""The printed Sổ đăng ký văn bản đi (Decree 30, Đ16 and Appendix IV): the ten columns of the outgoing register for
issued documents, by date or number range, only those the person may see; recalls and corrections noted."""

import datetime
import io
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.tests.utils import client_as
from apps.documents.tests.factories import make_person
from apps.outgoing import services as outgoing
from apps.outgoing.models import CorrectionKind
from apps.outgoing.register_rows import split_recipients
from apps.outgoing.tests.factories import OutgoingDocumentFactory, outgoing_register
from apps.outgoing.tests.flow import issue, make_team
from apps.people.models import Role
from apps.registers.models import Secrecy

YEAR = timezone.localdate().year - 1
TODAY = timezone.localdate()
API = "/api/v1/registers/{}/export/"
HEADINGS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


def at(day: int, month: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 9, 30))


def ddmm(day: int, month: int) -> str:
    return datetime.date(YEAR, month, day).strftime("%d/%m/%Y")


def xlsx(client, register, **params):
    response = client.get(API.format(register.pk), {"format": "xlsx", **params})
    assert response.status_code == 200, response.content[:500]
    book = load_workbook(io.BytesIO(response.content))
    cover = [row[0] for row in book["Bìa sổ"].iter_rows(values_only=True) if row[0]]
    rows = [tuple(v or "" for v in row) for row in book["Sổ đăng ký"].iter_rows(values_only=True)]
    return cover, list(rows[1]), rows[3:]


@pytest.fixture
def issued(alpha):
    """Last year's outgoing register: three documents numbered 01–03 (rows as imported: issuing always dates a
    document today), the third correcting the first, which was then recalled."""
    register = outgoing_register()
    common = {
        "draft__register": register,
        "notation": "SAL-VP",
        "signer_position": "Giám đốc",
        "signer_name": "Phạm Văn Ký",
    }
    first = OutgoingDocumentFactory(
        **common,
        number=1,
        issued_at=at(5, 3),
        subject="V/v triển khai kế hoạch chuyển đổi số",
        recipients_text="- Sở Tài chính tỉnh Đồng Nai;\n- UBND huyện Long Thành;\n- Lưu: VT, VP.",
        issued_amount=4,
        urgency="urgent",
    )
    second = OutgoingDocumentFactory(
        **common,
        number=2,
        issued_at=at(20, 6),
        subject="V/v báo cáo tình hình quý II",
        recipients_text="- Như trên;\n- Lưu: VT, P.KH.",
    )
    third = OutgoingDocumentFactory(
        **common,
        number=3,
        issued_at=at(15, 11),
        subject="V/v đính chính Công văn số 01/SAL-VP",
        recipients_text="- Sở Tài chính tỉnh Đồng Nai;\n- Lưu: VT, VP.",
        corrects=first,
        correction_kind=CorrectionKind.CORRECTION,
    )
    first.recalled_at, first.recalled_by, first.recall_reason = at(1, 12), third.issued_by, "Sai thể thức"
    first.save(update_fields=["recalled_at", "recalled_by", "recall_reason"])
    return {"register": register, "clerk": make_person(Role.CLERK), "docs": (first, second, third)}


@pytest.mark.django_db
def test_the_outgoing_register_prints_the_decrees_ten_columns_for_a_date_range(issued, alpha):
    client = client_as(alpha, issued["clerk"].user)
    cover, headings, rows = xlsx(client, issued["register"], from_date=ddmm(1, 1), to_date=ddmm(30, 6))
    assert cover == [
        "SỞ THỬ NGHIỆM ALPHA TỈNH ĐỒNG NAI",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        f"Năm: {YEAR}",
        f"Từ ngày {ddmm(1, 1)} đến ngày {ddmm(30, 6)}",
        "Từ số 01 đến số 02",
        "Quyển số: ..........",
    ]
    assert headings == HEADINGS
    assert rows == [
        (
            "01/SAL-VP",
            ddmm(5, 3),
            "Công văn: V/v triển khai kế hoạch chuyển đổi số",
            "Phạm Văn Ký (Giám đốc)",
            "Sở Tài chính tỉnh Đồng Nai; UBND huyện Long Thành",
            "VT, VP",
            "04",
            ddmm(5, 3),
            "",
            f"Khẩn; Đã thu hồi ngày {ddmm(1, 12)}",
        ),
        (
            "02/SAL-VP",
            ddmm(20, 6),
            "Công văn: V/v báo cáo tình hình quý II",
            "Phạm Văn Ký (Giám đốc)",
            "Như trên",
            "VT, P.KH",
            "",
            ddmm(20, 6),
            "",
            "",
        ),
    ]


@pytest.mark.django_db
def test_the_outgoing_register_of_a_number_range_notes_the_correction(issued, alpha):
    client = client_as(alpha, issued["clerk"].user)
    cover, _headings, rows = xlsx(client, issued["register"], year=YEAR, from_number=3)
    assert f"Từ ngày {ddmm(15, 11)} đến ngày {ddmm(15, 11)}" in cover and "Từ số 03 đến số 03" in cover
    assert [row[0] for row in rows] == ["03/SAL-VP"]
    assert rows[0][9] == "Đính chính văn bản số 01/SAL-VP"


@pytest.mark.django_db
def test_a_document_issued_through_the_flow_is_in_this_years_printout_and_its_pdf(alpha):
    team = make_team()
    document = issue(team, subject="V/v tổ chức hội nghị tổng kết công tác văn thư", issued_amount=3)
    client = client_as(alpha, team.clerk.user)
    rows = xlsx(client, outgoing_register(), year=TODAY.year)[2]
    assert rows == [
        (
            document.number_and_notation,
            TODAY.strftime("%d/%m/%Y"),
            "Công văn: V/v tổ chức hội nghị tổng kết công tác văn thư",
            f"{document.signer_name} ({document.signer_position})",
            f"Sở Tài chính tỉnh Đồng Nai; {team.office.name}",
            "VT, VP",
            "03",
            TODAY.strftime("%d/%m/%Y"),
            "",
            "",
        )
    ]
    response = client.get(API.format(outgoing_register().pk), {"format": "pdf", "year": TODAY.year})
    assert response.status_code == 200
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True)
    compact = "".join(text.stdout.decode().split())
    for expected in ["SỔ ĐĂNG KÝ VĂN BẢN ĐI", *HEADINGS, "V/v tổ chức hội nghị tổng kết công tác văn thư"]:
        assert "".join(expected.split()) in compact, expected


@pytest.mark.django_db
def test_secret_outgoing_documents_stay_out_of_printouts_of_people_not_cleared(alpha):
    team = make_team(clearance=Secrecy.SECRET)
    issue(team, subject="V/v nội dung mật", secrecy=Secrecy.CONFIDENTIAL)
    secret_register = outgoing_register(secret=True)
    assert [r[2] for r in xlsx(client_as(alpha, team.clerk.user), secret_register, year=TODAY.year)[2]] == [
        "Công văn: V/v nội dung mật"
    ]
    for uncleared in (make_person(Role.CLERK), make_person(Role.LEADER)):
        rows = xlsx(client_as(alpha, uncleared.user), secret_register, year=TODAY.year)[2]
        assert rows == [("Không có văn bản nào trong sổ thuộc khoảng đã chọn.", *[""] * 9)]


@pytest.mark.django_db
def test_a_specialist_may_not_print_the_outgoing_register(issued, alpha):
    client = client_as(alpha, make_person(Role.SPECIALIST).user)
    assert client.get(API.format(issued["register"].pk), {"format": "xlsx"}).status_code == 403


def test_the_recipients_block_splits_into_places_and_the_file_copies():
    block = "- Như trên;\n- Bộ Nội vụ;\n\n- Lưu: VT, VP, P.KH."
    assert split_recipients(block) == ("Như trên; Bộ Nội vụ", "VT, VP, P.KH")
    assert split_recipients("") == ("", "")


@pytest.mark.django_db
def test_recalling_keeps_the_line_and_notes_it(alpha):
    team = make_team()
    document = issue(team)
    outgoing.recall_outgoing(document, by=team.clerk, reason="Ban hành nhầm")
    rows = xlsx(client_as(alpha, team.clerk.user), outgoing_register(), year=TODAY.year)[2]
    assert [row[0] for row in rows] == [document.number_and_notation]
    assert rows[0][9] == f"Đã thu hồi ngày {TODAY.strftime('%d/%m/%Y')}"


@pytest.mark.django_db
def test_the_drafts_internal_notes_are_never_printed_in_the_register(alpha):
    team = make_team()
    issue(team, urgency="urgent", description="Nội bộ: chờ anh Tuấn xem lại số liệu")
    client = client_as(alpha, team.clerk.user)
    rows = xlsx(client, outgoing_register(), year=TODAY.year)[2]
    assert rows[0][9] == "Khẩn"
    response = client.get(API.format(outgoing_register().pk), {"format": "pdf", "year": TODAY.year})
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True)
    assert "Tuấn" not in text.stdout.decode()
