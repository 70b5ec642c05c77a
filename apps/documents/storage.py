"""Content-addressed file storage, one folder per agency: ``MEDIA_ROOT/<schema>/files/ab/cd/<sha256>``.

A file is written once under the SHA-256 of its content and never changed (read-only on disk); storing the
same content again finds the existing copy. Files are never served from MEDIA_ROOT: a view checks access and
streams them. A file written for a registration that then fails stays as an unreferenced blob, harmless and
removable by a later sweep (another transaction may meanwhile have referenced the same content).

A file's type is read from its bytes (libmagic), never taken from the uploader's word: ``Blob.detected_type``
is what serving decides on (apps/documents/serving.py); ``content_type`` only records what was declared."""

import hashlib
import mimetypes
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
# libmagic reads no further than this into a file (its own default limit is larger; the formats we tell apart
# are recognised by their first bytes).
SNIFF_BYTES = 1024 * 1024
UNKNOWN_TYPE = "application/octet-stream"


def max_upload_bytes() -> int:
    """Largest accepted file (settings.MAX_UPLOAD_MB, 50 MB by default)."""
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def agency_root(schema: str | None = None) -> Path:
    return Path(settings.MEDIA_ROOT) / (schema or connection.schema_name) / "files"


def path_for(sha256: str, schema: str | None = None) -> Path:
    return agency_root(schema) / sha256[:2] / sha256[2:4] / sha256


@dataclass(frozen=True)
class Blob:
    sha256: str
    size: int
    content_type: str
    original_name: str
    detected_type: str = UNKNOWN_TYPE


def clean_name(name: str) -> str:
    """The file's own name: without any folder part (no ``../``), without control, format or bidi-override characters
    (they hide text in lists and printed registers), NFC, at most 255 characters, never empty."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in unicodedata.normalize("NFC", last) if unicodedata.category(c)[0] != "C").strip()
    return (kept or "tep-dinh-kem")[-255:]


def detect_type(head: bytes) -> str:
    """The media type of content whose first bytes are ``head``, as libmagic reads it (never the declared one)."""
    detected = magic.from_buffer(head[:SNIFF_BYTES], mime=True) if head else ""
    return (detected or UNKNOWN_TYPE)[:100]


def detect_stored_type(sha256: str, schema: str | None = None) -> str:
    """The media type of a stored file, read from its bytes on disk."""
    with open_blob(sha256, schema) as handle:
        return detect_type(handle.read(SNIFF_BYTES))


def content_type_of(name: str, declared: str | None) -> str:
    declared = (declared or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared[:100]
    return (mimetypes.guess_type(name)[0] or "application/octet-stream")[:100]


def check_size(upload: IO[bytes], name: str) -> None:
    """Refuse a file over the limit before anything is written (when its size is known)."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            {"files": _("The file %(name)s is larger than %(limit)s MB.") % {"name": name, "limit": _limit_mb()}}
        )


def _limit_mb() -> str:
    return f"{max_upload_bytes() / 1024 / 1024:g}"


def store(upload: IO[bytes], *, name: str, content_type: str | None = None) -> Blob:
    """Write ``upload`` under its SHA-256 in the current agency's folder and describe it. Streams in chunks and
    stops at the size limit, so an oversized file without a declared size is refused too."""
    name = clean_name(name)
    check_size(upload, name)
    root = agency_root()
    root.mkdir(parents=True, exist_ok=True)
    digest, size, limit, head = hashlib.sha256(), 0, max_upload_bytes(), b""
    if hasattr(upload, "seek"):
        upload.seek(0)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".upload-", delete=False) as tmp:
        try:
            chunks = upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b"")
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ValidationError(
                        {
                            "files": _("The file %(name)s is larger than %(limit)s MB.")
                            % {"name": name, "limit": _limit_mb()}
                        }
                    )
                digest.update(chunk)
                tmp.write(chunk)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    sha256 = digest.hexdigest()
    final = path_for(sha256)
    if final.exists():
        os.unlink(tmp.name)  # same content already stored: originals are immutable, keep the first copy
    else:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp.name, 0o440)
        os.replace(tmp.name, final)
    return Blob(
        sha256=sha256,
        size=size,
        content_type=content_type_of(name, content_type),
        original_name=name,
        detected_type=detect_type(head),
    )


def open_blob(sha256: str, schema: str | None = None) -> IO[bytes]:
    return path_for(sha256, schema).open("rb")


def remove(sha256: str, schema: str | None = None) -> None:
    """Delete a stored file's content (a quarantined file an administrator deleted); absent already is fine."""
    path_for(sha256, schema).unlink(missing_ok=True)
