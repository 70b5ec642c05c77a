"""Office documents through the chain with Debian's LibreOffice: converted to PDF for the preview (the original
kept as it came), their Vietnamese text read from that PDF; macros refused; damage, time and size bounded."""

import http.server
import io
import os
import threading
import unicodedata
from collections.abc import Iterator

import pikepdf
import pytest

from ocr import chain, office
from ocr.tests import office_files
from ocr.tests.files import LETTER, stopped_in_time

LIMITS = chain.Limits(max_bytes=10 * 1024 * 1024, office_timeout=120)
MACROS = "Tài liệu có chứa macro nên không được nhận: hãy lưu lại tài liệu không kèm macro rồi gửi lại."


def run(data: bytes, name: str, limits: chain.Limits = LIMITS) -> chain.IntakeResult:
    return chain.run(data, name, limits)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("make", "name", "detected"),
    [
        (office_files.docx, "thong-bao.docx", office.DOCX),
        (office_files.odt, "thong-bao.odt", office.ODT),
    ],
)
def test_a_text_document_becomes_a_pdf_whose_vietnamese_text_is_searchable(make, name, detected):
    result = run(make(), name)
    print(f"conversion of {name}: {result.timings['convert_office']:.2f} s")
    assert (result.state, result.detected_type, result.pages) == (chain.READY, detected, 1)
    assert "converted" in result.flags and result.ocr_pdf is None
    assert all(flat(line) in flat(result.text) for line in LETTER)  # every tone mark, ă â đ ê ô ơ ư
    assert unicodedata.is_normalized("NFC", result.text)
    with pikepdf.open(io.BytesIO(result.preview_pdf)) as pdf:
        assert len(pdf.pages) == 1


def test_a_spreadsheet_becomes_a_pdf_with_its_cells_text():
    result = run(office_files.xlsx(), "so-theo-doi.xlsx")
    print(f"conversion of an xlsx: {result.timings['convert_office']:.2f} s")
    assert (result.state, result.detected_type) == (chain.READY, office.XLSX)
    assert result.preview_pdf.startswith(b"%PDF")
    assert "189/TB-UBND" in result.text and "Thông báo họp giao ban tháng mười" in flat(result.text)


@pytest.mark.parametrize(
    ("make", "name", "code", "reason"),
    [
        (office_files.docx_with_macros, "co-macro.docx", "macros", MACROS),
        (office_files.odt_with_basic, "co-macro.odt", "macros", MACROS),
        (office_files.docx_damaged_inside, "hong.docx", "corrupt", "Tài liệu bị hỏng, không đọc được."),
        (office_files.docx_truncated, "cat-do.docx", "corrupt", "Tài liệu bị hỏng, không đọc được."),
    ],
)
def test_a_document_with_macros_or_damaged_is_refused_with_its_reason(make, name, code, reason):
    result = run(make(), name)
    assert (result.state, result.reason_code, result.reason) == (chain.REFUSED, code, reason)
    assert result.preview_pdf is None
    assert ("macros" in result.flags) == (code == "macros")


def test_macros_are_found_before_libreoffice_opens_the_document():
    result = run(office_files.docx_with_macros(), "co-macro.docx")
    assert result.timings["convert_office"] < 0.5  # no soffice was started
    assert office.has_macros(office_files.odt(scripts=office_files.ODT_ON_OPEN))  # a script run on opening
    assert not office.has_macros(office_files.odt())


def test_a_conversion_over_its_time_is_stopped_with_its_children():
    limits = chain.Limits(max_bytes=LIMITS.max_bytes, office_timeout=0.5)
    result = stopped_in_time(lambda: run(office_files.docx(), "cham.docx", limits), f"intake-office-{os.getpid()}-")
    assert (result.state, result.reason_code, result.transient) == (chain.FAILED, "conversion_timeout", False)
    assert "quá nhiều thời gian" in result.reason


def test_a_pdf_past_the_size_bound_is_refused():
    """Twelve pictures of 150 kB make a PDF of 500 kB; soffice may write no file past 300 kB."""
    limits = chain.Limits(max_bytes=LIMITS.max_bytes, max_preview_bytes=300_000)
    result = run(office_files.docx(["Ảnh chụp hiện trường"], photos=12), "anh.docx", limits)
    assert (result.state, result.reason_code) == (chain.REFUSED, "preview_too_large")
    assert result.reason == "Tài liệu quá lớn, không chuyển sang PDF được."
    assert result.preview_pdf is None


def test_without_libreoffice_the_failure_is_transient(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run(office_files.docx(), "thong-bao.docx")
    assert (result.state, result.reason_code, result.transient) == (chain.FAILED, "converter_unavailable", True)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local web server recording every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_OPTIONS = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/anh.png", requests
    server.shutdown()


@pytest.mark.parametrize("namespace", [True, False], ids=["no network", "profile only"])
def test_a_linked_image_is_never_fetched(listener, monkeypatch, namespace):
    """Without the profile's BlockUntrustedRefererLinks, soffice fetches a DOCX's linked image over HTTP (a
    request from the server to wherever the document points). Each defence holds on its own."""
    url, requests = listener
    monkeypatch.setattr(office, "network_namespaces", lambda: namespace)
    result = run(office_files.docx(["Ảnh liên kết"], linked_image=url), "lien-ket.docx")
    assert result.state == chain.READY
    assert requests == []
