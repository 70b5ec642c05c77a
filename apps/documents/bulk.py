"""Bulk import of scans (issue 9 point 7): a zip of scans uploaded to "Chờ vào sổ" is opened safely into its files,
each then a scan waiting to be registered like any other (pending.py), checked by the intake chain one by one.

The archive is never trusted: at most ``MAX_ENTRIES`` files, each within the upload limit and read no further
than it (the sizes in its headers are not believed), the whole within ``MAX_TOTAL_BYTES``, no entry inflating
more than ``MAX_RATIO`` times (a zip bomb), no encrypted entry; folders, links and system files are skipped and
names are reduced to their last part (no ``../``), without control characters. A zip inside the zip is not opened:
it goes to the chain as a file, which refuses its type (and clamd still scans inside it).

The watched folder: each agency has ``INTAKE_WATCH_ROOT/<schema>/``, where a network scanner drops the day's post.
The periodic ``documents-watch-folders`` task takes each file there once it has stopped changing (pending.py's
``import_folder``): a scan waiting to be registered, or a zip opened as above; a file that cannot be taken is moved
to ``.refused/`` with the reason beside it."""

import io
import stat
import time
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from . import storage
from .inputs import Upload

MAX_ENTRIES = 200
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
SKIPPED_FOLDER = "__MACOSX/"


def is_zip(upload: Upload) -> bool:
    """Whether the upload's bytes are a zip archive (by content, never by name)."""
    content = upload.content
    head = content.read(4)
    content.seek(0)
    return head == b"PK\x03\x04"


def expand(upload: Upload) -> list[Upload]:
    """The files of the zip ``upload``, each an Upload of its own; a ValidationError (on ``files``) says what is
    wrong with the archive, and nothing is taken from it then."""
    try:
        archive = zipfile.ZipFile(_seekable(upload.content))
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refused(_("The zip file %(name)s is damaged.") % {"name": upload.name}) from exc
    with archive:
        entries = [e for e in archive.infolist() if _wanted(e)]
        if len(entries) > MAX_ENTRIES:
            raise _refused(_("The zip file holds more than %(max)s files.") % {"max": MAX_ENTRIES})
        total, found = 0, []
        for entry in entries:
            data = _read(archive, entry, upload.name)
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise _refused(_("The zip file is too large once unpacked."))
            found.append(Upload(content=io.BytesIO(data), name=storage.clean_name(entry.filename), content_type=""))
    if not found:
        raise _refused(_("The zip file %(name)s holds no file.") % {"name": upload.name})
    return found


def _wanted(entry: zipfile.ZipInfo) -> bool:
    mode = entry.external_attr >> 16
    is_link = stat.S_ISLNK(mode)
    last = entry.filename.replace("\\", "/").rsplit("/", 1)[-1]
    return not (entry.is_dir() or is_link or last.startswith(".") or entry.filename.startswith(SKIPPED_FOLDER))


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, zip_name: str) -> bytes:
    if entry.flag_bits & 0x1:
        raise _refused(_("The zip file %(name)s is protected by a password.") % {"name": zip_name})
    limit = storage.max_upload_bytes()
    allowed = min(limit, max(entry.compress_size, 1) * MAX_RATIO)
    try:
        with archive.open(entry) as handle:
            data = handle.read(allowed + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise _refused(_("The zip file %(name)s is damaged.") % {"name": zip_name}) from exc
    if len(data) > allowed:
        if len(data) > limit:
            message = _("A file in the zip is larger than %(limit)s MB.") % {"limit": f"{limit / 1024 / 1024:g}"}
        else:
            message = _("The zip file %(name)s inflates suspiciously (a zip bomb?).") % {"name": zip_name}
        raise _refused(message)
    return data


def _seekable(content: IO[bytes]) -> IO[bytes]:
    content.seek(0)
    return content


def _refused(message: str) -> ValidationError:
    return ValidationError({"files": message})


# ---- the watched folder ----------------------------------------------------------------------------------------

# A file younger than this may still be being written by the scanner: it is taken on a later pass.
SETTLE_SECONDS = 10


def watch_folder(schema: str | None = None) -> Path:
    """The agency's watched folder: ``INTAKE_WATCH_ROOT/<schema>/`` (a scanner's network share points there)."""
    return Path(settings.INTAKE_WATCH_ROOT) / (schema or connection.schema_name)


def settled_files(folder: Path, now: float | None = None) -> list[Path]:
    """The files of ``folder`` (not its subfolders, not hidden ones) untouched for ``SETTLE_SECONDS``, oldest first."""
    now = now or time.time()
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith(".")
        and now - p.stat().st_mtime >= SETTLE_SECONDS
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime)[:MAX_ENTRIES]


def set_aside(path: Path, reason: str) -> None:
    """Move a file that cannot be imported to ``.refused/`` beside it, with the reason in a ``.txt`` of its name."""
    refused = path.parent / ".refused"
    refused.mkdir(exist_ok=True)
    target = refused / path.name
    path.replace(target)
    target.with_name(target.name + ".txt").write_text(reason + "\n", encoding="utf-8")
