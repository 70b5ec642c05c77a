"""PDF adapters of the intake chain: what a PDF holds (pikepdf), its text layer (pdftotext from poppler-utils)
and OCR into PDF/A (ocrmypdf, run as a child process so that a timeout or a crash never takes the worker)."""

import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ocr.processes import run_in_group

# A page counts as having a text layer when it carries at least this many non-blank characters.
MIN_PAGE_CHARS = 10
# How deep direct objects are searched for JavaScript and signatures.
MAX_DEPTH = 32
# What an OCR run may take beyond its pages' time (starting Python, writing the PDF/A).
OCR_STARTUP_SECONDS = 60
# The plugin that reports page progress from the child, by its path (the child need not find our package).
PLUGIN = str(Path(__file__).with_name("ocrmypdf_progress.py"))
PROGRESS_ENV = "INTAKE_PROGRESS_FILE"


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF is, read without rendering it. ``problem`` is empty, "encrypted" or "corrupt"."""

    problem: str = ""
    pages: int = 0
    javascript: bool = False
    signed: bool = False
    restricted: bool = False


def inspect(data: bytes) -> PdfFacts:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if not len(pdf.pages):
                return PdfFacts(problem="corrupt")
            javascript, signed = _scan_objects(pdf)
            return PdfFacts(pages=len(pdf.pages), javascript=javascript, signed=signed, restricted=pdf.is_encrypted)
    except pikepdf.PasswordError:
        return PdfFacts(problem="encrypted")
    except (pikepdf.PdfError, ValueError, RecursionError):
        return PdfFacts(problem="corrupt")


def _scan_objects(pdf: pikepdf.Pdf) -> tuple[bool, bool]:
    """Whether any object holds JavaScript (/JS, an action /S /JavaScript) or a signature (/ByteRange, /Sig)."""
    javascript = signed = False
    for top in pdf.objects:
        for obj in _dictionaries(top):
            javascript = javascript or "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript
            signed = signed or "/ByteRange" in obj or pikepdf.Name.Sig in (obj.get("/Type"), obj.get("/FT"))
        if javascript and signed:
            break
    return javascript, signed


def _dictionaries(obj: object, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    """``obj`` and the dictionaries written inside it (indirect ones are visited as objects of their own)."""
    if depth > MAX_DEPTH or not isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
        return
    if isinstance(obj, pikepdf.Dictionary):
        yield obj
    children = obj.values() if isinstance(obj, pikepdf.Dictionary) else obj
    for child in children:
        if not getattr(child, "is_indirect", True):
            yield from _dictionaries(child, depth + 1)


def text_layer(data: bytes, timeout: float = 120) -> list[str]:
    """The text of each page of a PDF, as pdftotext reads it (layout order)."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-q", "-", "-"],
        input=data,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace").split("\f")


def pages_with_text(pages: list[str]) -> int:
    return sum(1 for page in pages if len("".join(page.split())) >= MIN_PAGE_CHARS)


@dataclass(frozen=True)
class OcrJob:
    """One ocrmypdf run: ``keep_pdf`` False only reads the text (a signed PDF is never rewritten)."""

    data: bytes
    suffix: str
    pages: int
    page_timeout: float
    max_pixels: int
    keep_pdf: bool = True
    image_dpi: int | None = None
    # Called with (pages done, pages in all) as ocrmypdf reads the pages (ocr/ocrmypdf_progress.py).
    progress: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class OcrOutput:
    returncode: int
    text: str = ""
    pdf: bytes | None = None
    timed_out: bool = False
    stderr: str = ""


def ocr(job: OcrJob) -> OcrOutput:
    """Run ocrmypdf -l vie --deskew into PDF/A (or only its text), one thread, with page and pixel limits."""
    with tempfile.TemporaryDirectory(prefix=f"intake-{os.getpid()}-") as work:
        source, output, sidecar = Path(work) / f"in{job.suffix}", Path(work) / "out.pdf", Path(work) / "out.txt"
        source.write_bytes(job.data)
        target = str(output) if job.keep_pdf else "-"  # ocrmypdf writes nothing there with --output-type none
        command = [*_ocr_command(job), "--sidecar", str(sidecar), str(source), target]
        progress = Progress(Path(work) / "progress", job.progress)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1", PROGRESS_ENV: str(progress.path)}
        timeout = job.page_timeout * job.pages + OCR_STARTUP_SECONDS
        returncode, stderr = run_in_group(command, timeout=timeout, env=env, tick=progress.poll)
        if returncode is None:
            return OcrOutput(returncode=-1, timed_out=True)
        if returncode:
            return OcrOutput(returncode=returncode, stderr=stderr.decode("utf-8", "replace")[-2000:])
        text = sidecar.read_text(encoding="utf-8") if sidecar.exists() else ""
        pdf = output.read_bytes() if job.keep_pdf and output.exists() else None
        return OcrOutput(returncode=0, text=text, pdf=pdf)


class Progress:
    """Where the child writes its progress (ocr/ocrmypdf_progress.py), and whom to tell (nobody: ``report`` None)."""

    def __init__(self, path: Path, report: Callable[[int, int], None] | None = None) -> None:
        self.path, self.report = path, report
        self.last: tuple[int, int] | None = None

    def poll(self) -> None:
        """Tell ``report`` the child's progress when it moved since last time."""
        try:
            done, total = (int(n) for n in self.path.read_text(encoding="ascii").split())
        except (OSError, ValueError):
            return
        if self.report and (done, total) != self.last:
            self.report(done, total)
        self.last = (done, total)


def _ocr_command(job: OcrJob) -> list[str]:
    command = [sys.executable, "-m", "ocrmypdf", "-l", "vie", "--deskew", "--jobs", "1", "--plugin", PLUGIN]
    command += ["--tesseract-timeout", f"{job.page_timeout:g}"]
    command += ["--max-image-mpixels", f"{job.max_pixels / 1_000_000:g}"]
    if job.image_dpi:
        command += ["--image-dpi", str(job.image_dpi)]
    if job.keep_pdf:
        return [*command, "--output-type", "pdfa"]
    # Only the text is kept: the (signed) original is what will be served, untouched.
    return [*command, "--output-type", "none", "--invalidate-digital-signatures"]
