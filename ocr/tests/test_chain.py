"""The intake chain against the real clamd (EICAR test signature), libmagic, pikepdf, poppler and ocrmypdf with
tesseract's Vietnamese model: every bad input ends in a typed state, never an exception."""

import io
import json
import logging
import os
import time
import unicodedata

import pikepdf
import pytest
from django.core.management import call_command

from ocr import chain, pdf, steps
from ocr.tests import files, office_files
from ocr.tests.test_clamav import EICAR

LIMITS = chain.Limits(max_bytes=5 * 1024 * 1024, page_timeout=60)


def run(data: bytes, name: str, limits: chain.Limits = LIMITS) -> chain.IntakeResult:
    return chain.run(data, name, limits)


def test_the_eicar_file_named_as_a_pdf_is_quarantined_with_its_signature():
    result = run(EICAR, "cong-van.pdf")
    assert (result.state, result.reason_code) == (chain.QUARANTINED, "infected")
    assert "Eicar" in result.signature
    assert "cách ly" in result.reason
    assert "check_type" not in result.timings  # the chain stopped at the scan


def test_a_file_over_the_scanners_limits_is_quarantined_as_suspect_not_passed():
    result = run(files.nested_zip(), "ho-so.pdf")
    assert result.state == chain.QUARANTINED
    assert result.signature == "Heuristics.Limits.Exceeded.MaxRecursion"


def test_an_empty_file_is_refused():
    result = run(b"", "trong.pdf")
    assert (result.state, result.reason_code, result.reason) == (chain.REFUSED, "empty", "Tệp rỗng.")


def test_a_file_over_the_size_limit_is_refused_before_it_is_scanned():
    result = run(b"%PDF-1.7\n" + b"0" * 2000, "lon.pdf", chain.Limits(max_bytes=1024))
    assert (result.state, result.reason_code) == (chain.REFUSED, "too_large")
    assert list(result.timings) == ["check_size"]


def test_an_unreachable_scanner_is_a_transient_failure_never_a_pass(settings):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    result = run(files.born_digital_pdf(), "thong-bao.pdf")
    assert (result.state, result.reason_code, result.transient) == (chain.FAILED, "scanner_unavailable", True)
    assert result.text == ""


@pytest.mark.parametrize(
    ("data", "name", "detected"),
    [
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "cong-van.pdf", "text/html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", "image/svg+xml"),
        (b"MZ\x90\x00" + b"\x00" * 200, "bao-cao.docx", "application/"),
    ],
)
def test_a_type_outside_the_allow_list_is_refused_whatever_its_name(data, name, detected):
    result = run(data, name)
    assert (result.state, result.reason_code) == (chain.REFUSED, "type_not_allowed")
    assert result.detected_type.startswith(detected)
    assert "Không nhận loại tệp này" in result.reason


def test_a_corrupt_pdf_is_refused():
    result = run(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R\n" + b"\x13\x37" * 500, "hong.pdf")
    assert (result.state, result.reason_code) == (chain.REFUSED, "corrupt")
    assert result.detected_type == "application/pdf"


def test_an_encrypted_pdf_is_refused():
    result = run(files.encrypted(), "mat-khau.pdf")
    assert (result.state, result.reason_code) == (chain.REFUSED, "encrypted")
    assert "mật khẩu" in result.reason


def test_a_pdf_with_javascript_is_refused():
    result = run(files.with_javascript(), "kich-ban.pdf")
    assert (result.state, result.reason_code) == (chain.REFUSED, "javascript")


def test_an_image_of_20000_by_20000_pixels_is_refused_quickly_without_decoding_it():
    data = files.huge_png()
    started = time.monotonic()
    result = run(data, "ban-do.png")
    assert (result.state, result.reason_code) == (chain.REFUSED, "too_many_pixels")
    assert "Ảnh quá lớn" in result.reason
    assert "scan" not in result.timings  # refused from its header, before clamd would inflate it
    assert time.monotonic() - started < 5


def test_a_born_digital_pdf_keeps_its_text_and_is_not_rewritten():
    result = run(files.born_digital_pdf(), "thong-bao.pdf")
    assert (result.state, result.detected_type, result.pages) == (chain.READY, "application/pdf", 1)
    assert result.ocr_pdf is None and "ocr" not in result.flags
    assert "Kính gửi: Sở Nội vụ" in result.text
    assert unicodedata.is_normalized("NFC", result.text)


def test_a_signed_pdf_is_flagged_and_never_rewritten():
    result = run(files.signed(files.born_digital_pdf()), "da-ky.pdf")
    assert result.state == chain.READY
    assert "signed" in result.flags and result.ocr_pdf is None
    assert "189/TB-UBND" in result.text


@pytest.mark.parametrize(
    ("make", "detected"),
    [
        (office_files.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (office_files.odt, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_an_office_document_is_accepted_by_its_content_whatever_its_name(make, detected):
    result = run(make(), "so-van-ban.bin")
    assert (result.state, result.detected_type) == (chain.READY, detected)


def test_a_step_that_raises_becomes_a_failure_not_an_exception():
    def explode(intake: chain.Intake) -> None:
        raise RuntimeError("boom")

    result = chain.run(b"x", "x.txt", LIMITS, steps=[steps.check_size, explode])
    assert (result.state, result.reason_code, result.transient) == (chain.FAILED, "internal_error", False)


def test_every_log_line_of_a_run_carries_its_id(caplog):
    with caplog.at_level(logging.INFO, logger="ocr.intake"):
        result = run(EICAR, "eicar.pdf")
    lines = [record.getMessage() for record in caplog.records if record.name == "ocr.intake"]
    assert len(lines) >= 3
    assert all(f"[intake {result.run_id}]" in line for line in lines)


def test_a_vietnamese_scan_is_read_into_a_pdfa_with_few_errors():
    result = run(files.letter_png(), "ban-quet.png")
    assert (result.state, result.detected_type) == (chain.READY, "image/png")
    assert "ocr" in result.flags
    cer = files.character_error_rate(result.text, "\n".join(files.LETTER))
    print(f"character error rate: {cer:.4f}")
    assert cer <= 0.01
    with pikepdf.open(io.BytesIO(result.ocr_pdf)) as pdf:
        assert pdf.open_metadata().pdfa_status.startswith("2")


def test_a_signed_scan_turned_and_speckled_gives_its_text_but_is_never_rewritten():
    result = run(files.signed(files.scanned_pdf()), "quet-da-ky.pdf")
    assert result.state == chain.READY
    assert {"signed", "ocr"} <= set(result.flags)
    assert result.ocr_pdf is None
    cer = files.character_error_rate(result.text, "\n".join(files.LETTER))
    print(f"character error rate (turned 1.5°, speckled, signed PDF): {cer:.4f}")
    assert cer <= 0.01


def test_an_ocr_run_over_its_time_is_stopped_with_its_children(monkeypatch):
    monkeypatch.setattr(pdf, "OCR_STARTUP_SECONDS", 0)
    limits = chain.Limits(max_bytes=LIMITS.max_bytes, page_timeout=0.3)
    result = files.stopped_in_time(
        lambda: run(files.letter_png(), "cham.png", limits), f"ocrmypdf.*/intake-{os.getpid()}-"
    )
    assert (result.state, result.reason_code, result.transient) == (chain.FAILED, "ocr_timeout", False)
    assert "quá nhiều thời gian" in result.reason


def test_the_command_prints_machine_json(tmp_path, capsys):
    path = tmp_path / "thong-bao.pdf"
    path.write_bytes(files.born_digital_pdf())
    call_command("intake_file", str(path), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["state"], printed["detected_type"], printed["pages"]) == ("ready", "application/pdf", 1)
    assert "Kính gửi" in printed["text"]
    assert set(printed["timings"]) == {step.__name__ for step in steps.STEPS}
    assert "reason" not in printed


def test_the_command_says_why_a_file_was_refused(tmp_path, capsys):
    path = tmp_path / "trang.pdf"
    path.write_bytes(b"<html><body>x</body></html>")
    call_command("intake_file", str(path))
    out = capsys.readouterr().out
    assert "outcome:  refused (type_not_allowed)" in out
    assert "text/html" in out
