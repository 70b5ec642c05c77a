"""Against the real clamd that ops/lib.sh starts (with the EICAR test signature at least)."""

import pytest

from ocr import clamav

# The EICAR test file, written in two halves so that this source file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"


def test_clamd_answers():
    assert clamav.ping()


def test_a_clean_file_passes():
    assert clamav.scan_bytes("Công văn số 05/SNV-VP về việc báo cáo".encode() * 5000) == clamav.ScanResult(True)


def test_an_infected_file_is_caught_with_its_signature():
    result = clamav.scan_bytes(EICAR)
    assert not result.clean
    assert "Eicar" in result.signature


def test_an_unreachable_scanner_is_an_error_not_a_pass(settings):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    with pytest.raises(clamav.ScannerUnavailable):
        clamav.scan_bytes(b"x")
