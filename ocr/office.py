"""LibreOffice adapter of the intake chain: an office document (DOCX, XLSX, ODT) becomes a PDF for the preview
(and, later, signing), converted by Debian's ``soffice --headless`` as a child process that can do little harm:

- its own throwaway profile (``-env:UserInstallation``) in a temporary directory, seeded with a configuration
  that disables macros (highest macro security, execution off) and blocks every link a document makes to an
  outside resource (``BlockUntrustedRefererLinks``: without it, a DOCX's linked image is fetched over HTTP);
- no network at all when the kernel lets us make a network namespace (``unshare -rn``), a minimal environment
  (none of the server's variables), and a bound on the size of any file it writes (``prlimit --fsize``);
- its whole process group killed past its time; one conversion at a time in a process (soffice is heavy);
- the import filter forced from the type read from the bytes (``--infilter``), so that LibreOffice never guesses.

A document that carries macros (a DOCX's or XLSX's ``vbaProject.bin``, an ODT's ``Basic/`` or ``Scripts/``, a
script bound to an event) is detected here; the chain refuses it before LibreOffice opens it."""

import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocr.processes import run_in_group

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
# The detected type → (LibreOffice's import filter, the input's suffix, the PDF export filter).
FILTERS = {
    DOCX: ("MS Word 2007 XML", ".docx", "writer_pdf_Export"),
    XLSX: ("Calc MS Excel 2007 XML", ".xlsx", "calc_pdf_Export"),
    ODT: ("writer8", ".odt", "writer_pdf_Export"),
}
# What soffice says (with exit code 0) when it cannot open the document, and when it cannot write the PDF (here:
# the PDF reached the size bound set with prlimit, and soffice removed what it had written).
NOT_LOADED = b"source file could not be loaded"
NOT_WRITTEN = b"Class:Write"

# Parts that hold macros: VBA projects (OOXML), Basic libraries and scripts (OpenDocument).
MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^(Basic|Scripts)/", re.IGNORECASE)
# Marks of macros inside the XML parts: a macro-enabled OOXML type, a script bound to an event or a button.
MACRO_MARKS = (b"macroenabled", b"vnd.sun.star.script:", b"macro://", b"vnd.ms-office.vbaproject")
MARKED_PARTS = ("[Content_Types].xml", "content.xml", "styles.xml", "META-INF/manifest.xml")
# How much of each of those parts is read, decompressed, looking for the marks (a zip bomb stops here).
MAX_MARK_SCAN = 64 * 1024 * 1024
CHUNK = 1024 * 1024

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
SECURITY = "/org.openoffice.Office.Common/Security/Scripting"
SETTINGS = {
    (SECURITY, "MacroSecurityLevel"): "3",
    (SECURITY, "DisableMacrosExecution"): "true",
    (SECURITY, "BlockUntrustedRefererLinks"): "true",
}

_ONE_AT_A_TIME = threading.Lock()


class Unreadable(Exception):
    """The document is not a readable archive (a DOCX, XLSX and ODT are zip files)."""


def has_macros(data: bytes) -> bool:
    """Whether the document carries macros (by its parts and the marks in its XML). ``Unreadable``: not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any(MACRO_PART.search(name) for name in names):
                return True
            return any(_marked(archive, name) for name in MARKED_PARTS if name in names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise Unreadable(str(exc)) from exc


def _marked(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether the part holds a macro mark, read in chunks (overlapping by a mark's length) up to a bound."""
    overlap = max(len(mark) for mark in MACRO_MARKS)
    tail, read = b"", 0
    with archive.open(name) as part:
        while read < MAX_MARK_SCAN and (chunk := part.read(CHUNK)):
            window = (tail + chunk).lower()
            if any(mark in window for mark in MACRO_MARKS):
                return True
            tail, read = window[-overlap:], read + len(chunk)
    return False


@dataclass(frozen=True)
class ConversionJob:
    data: bytes
    detected_type: str
    timeout: float
    max_output_bytes: int


@dataclass(frozen=True)
class Conversion:
    """What soffice made: ``pdf`` or why not (``timed_out``, ``not_loaded``: it could not open the document,
    ``too_large``: the PDF reached the size bound, ``unavailable``: no soffice on this machine)."""

    pdf: bytes | None = None
    timed_out: bool = False
    not_loaded: bool = False
    too_large: bool = False
    unavailable: bool = False
    returncode: int | None = 0
    stderr: str = ""


def convert(job: ConversionJob) -> Conversion:
    """Convert one document to PDF (plain: LibreOffice's PDF/A is always tagged, 6 times larger and 50 times
    slower to read the text from), one at a time in this process."""
    if not shutil.which("soffice"):
        return Conversion(unavailable=True)
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix=f"intake-office-{os.getpid()}-") as work:
        return _convert_in(Path(work), job)


def _convert_in(work: Path, job: ConversionJob) -> Conversion:
    infilter, suffix, export = FILTERS[job.detected_type]
    source, outdir, profile = work / f"document{suffix}", work / "out", work / "profile"
    source.write_bytes(job.data)
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_profile_settings(), encoding="utf-8")
    command = [
        *_confinement(job.max_output_bytes),
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={infilter}",
        "--convert-to",
        f"pdf:{export}",
        "--outdir",
        str(outdir),
        str(source),
    ]
    returncode, stderr = run_in_group(command, timeout=job.timeout, env=_environment(work))
    if returncode is None:
        return Conversion(timed_out=True, returncode=None)
    output = outdir / f"{source.stem}.pdf"
    message = stderr.decode("utf-8", "replace")[-2000:]
    if not output.exists():
        failure = {"not_loaded": NOT_LOADED in stderr, "too_large": NOT_WRITTEN in stderr}
        return Conversion(returncode=returncode, stderr=message, **failure)
    if returncode or output.stat().st_size >= job.max_output_bytes:
        # A file stopped at the bound is incomplete, whatever soffice made of it.
        too_large = output.stat().st_size >= job.max_output_bytes
        return Conversion(returncode=returncode, too_large=too_large, stderr=message)
    return Conversion(pdf=output.read_bytes(), returncode=returncode, stderr=message)


def _profile_settings() -> str:
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for (path, name), value in SETTINGS.items()
    )
    return PROFILE.format(items=items)


def _environment(work: Path) -> dict[str, str]:
    """Only what soffice needs: none of the server's own variables (database, secrets) reach it."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
    }


def _confinement(max_output_bytes: int) -> list[str]:
    """The command's prefix: no network when a network namespace can be made, a bound on any file's size."""
    limit = ["prlimit", f"--fsize={max_output_bytes}", "--"]
    return ["unshare", "--map-root-user", "--net", "--", *limit] if network_namespaces() else limit


@cache
def network_namespaces() -> bool:
    """Whether this machine lets an unprivileged process make its own (empty) network namespace."""
    try:
        done = subprocess.run(["unshare", "--map-root-user", "--net", "--", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
