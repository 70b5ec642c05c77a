"""Intake benchmark (issue 9, "Tests and figures"): wall time per page through the whole chain (size, type, pixels,
clamd, allow-list, PDF inspection, ocrmypdf -l vie --deskew into PDF/A, NFC) against plain ``ocrmypdf -l vie`` on
the same files in the same run, and clamd's scan throughput.

    .venv/bin/python ops/bench/intake.py [--pages 3] [--files 4] [--scan-mb 64]

The scans are Vietnamese letters rendered at 300 dpi (ocr/tests/files.py), turned 1.5° and speckled as a scanner
gives them, as PDFs of ``--pages`` pages. Each file is read by both, alternately, so the machine's load falls on both
alike. Needs clamd and tesseract (./ops/up or ./ops/test start them); no database. Prints figures; they are
recorded in docs/benchmarks.md. Not a test."""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def scans(pages: int, files: int) -> list[bytes]:
    from ocr.tests.files import scanned_letter_image

    image = scanned_letter_image()
    out = []
    for _ in range(files):
        buffer = io.BytesIO()
        image.save(buffer, "PDF", resolution=300, save_all=True, append_images=[image] * (pages - 1))
        out.append(buffer.getvalue())
    return out


def plain_ocrmypdf(data: bytes) -> float:
    with tempfile.TemporaryDirectory() as work:
        source, target = Path(work) / "in.pdf", Path(work) / "out.pdf"
        source.write_bytes(data)
        started = time.monotonic()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = [sys.executable, "-m", "ocrmypdf", "-l", "vie", "--jobs", "1", str(source), str(target)]
        subprocess.run(command, check=True, capture_output=True, env=env)
        return time.monotonic() - started


def through_chain(data: bytes) -> float:
    from ocr import chain

    started = time.monotonic()
    result = chain.run(data, "ban-quet.pdf")
    assert result.state == chain.READY and "ocr" in result.flags, (result.state, result.reason_code)
    return time.monotonic() - started


def scan_throughput(megabytes: int) -> tuple[float, float]:
    """(MB/s over files of 1 MB of mixed content, files/s of 20 kB letters)."""
    from ocr import clamav

    block = os.urandom(512 * 1024) + b"\0" * (512 * 1024)
    started = time.monotonic()
    for _ in range(megabytes):
        assert clamav.scan_bytes(block).clean
    big = megabytes / (time.monotonic() - started)
    small, count = os.urandom(20 * 1024), 200
    started = time.monotonic()
    for _ in range(count):
        clamav.scan_bytes(small)
    return big, count / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--scan-mb", type=int, default=64)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "province.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    plain, ours = [], []
    for data in scans(args.pages, args.files):
        plain.append(plain_ocrmypdf(data) / args.pages)
        ours.append(through_chain(data) / args.pages)
    p, o = statistics.median(plain), statistics.median(ours)
    print(f"pages per file {args.pages}, files {args.files}")
    print(f"plain ocrmypdf -l vie : {p:6.2f} s/page (median)")
    print(f"through the chain     : {o:6.2f} s/page (median)  ratio {o / p:.2f}x")
    big, small = scan_throughput(args.scan_mb)
    print(f"clamd INSTREAM        : {big:6.1f} MB/s (1 MB files), {small:6.1f} files/s (20 kB files)")


if __name__ == "__main__":
    main()
