"""Suggested metadata from the text of a Vietnamese administrative document (OCR'd or born digital), laid out as
Decree 30/2020/NĐ-CP Appendix I prescribes: the agency's name under its parent at the top left and the national
motto at the top right, "Số: 12658/UBND-KGVX" under the name, "Đồng Nai, ngày 21 tháng 10 năm 2022" under the
motto, the trích yếu ("V/v …" for a công văn, else the line under the title: THÔNG BÁO, QUYẾT ĐỊNH…), "Kính gửi:"
with one or several "- " lines, the urgency and secrecy stamps, and at the end the signer: signing capacity
(KT./TM./TL./Q./TUQ.), position and name beside "Nơi nhận:".

``suggest(text)`` never raises: each field is read by its own small reader (``ocr.readers``, ``ocr.signature``), a
reader that fails gives an empty suggestion, and a field not found is empty with confidence 0. OCR text is noisy —
lost or wrong diacritics (``Sô:``, ``Kinh gui``), broken lines, stray spaces (``12658 / UBND-KGVX``), ``0`` for
``O``, the two columns of the header flattened in any order — so labels are matched on accent-folded text with
tolerant patterns and values are cut from the original text. Pure functions: no Django, no app (the codes mirror the
registers app's: ``DOCUMENT_TYPES`` its Decree catalogue, urgency and secrecy its choices)."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from ocr import readers, signature
from ocr.vntext import lines_of

logger = logging.getLogger("ocr.suggest")

T = TypeVar("T")

# Longest text read: a document's metadata is on its first and last pages; a book-length text is cut.
MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Suggestion(Generic[T]):
    """A suggested value, how sure the reader is (0 … 1) and the text it was read from."""

    value: T
    confidence: float = 0.0
    source: str = ""

    def __bool__(self) -> bool:
        return self.confidence > 0 and self.value not in (None, "", ())


NOTHING: Suggestion = Suggestion("")
NO_DATE: Suggestion = Suggestion(None)
NO_ONE: Suggestion = Suggestion(())


@dataclass(frozen=True)
class Suggestions:
    """What the text says of each metadata field (``Suggestion(value="", confidence=0)`` when it says nothing).

    ``number`` keeps its leading zero ("05"); ``notation`` may start with a year ("2024/QĐ-UBND");
    ``document_type`` is the Decree's name ("Quyết định", "Công văn") and ``document_type_abbreviation`` its
    abbreviation ("QĐ"; empty for a công văn); ``urgency`` and ``secrecy`` are the registers' codes
    ("urgent", "very_urgent", "flash"; "confidential", "secret", "top_secret")."""

    issuer: Suggestion[str] = NOTHING
    number: Suggestion[str] = NOTHING
    notation: Suggestion[str] = NOTHING
    issued_place: Suggestion[str] = NOTHING
    issued_date: Suggestion[datetime.date | None] = NO_DATE
    document_type: Suggestion[str] = NOTHING
    document_type_abbreviation: Suggestion[str] = NOTHING
    subject: Suggestion[str] = NOTHING
    recipients: Suggestion[tuple[str, ...]] = NO_ONE
    signer: Suggestion[str] = NOTHING
    signing_capacity: Suggestion[str] = NOTHING
    signer_position: Suggestion[str] = NOTHING
    urgency: Suggestion[str] = NOTHING
    secrecy: Suggestion[str] = NOTHING

    def found(self) -> dict[str, Suggestion]:
        """The fields the text gave a value for."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def as_json(self) -> dict[str, dict[str, Any]]:
        """Every field as ``{"value", "confidence", "source"}`` (a date as ISO 8601, recipients as a list)."""
        result = {}
        for f in fields(self):
            suggestion = getattr(self, f.name)
            value = suggestion.value
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            result[f.name] = {"value": value, "confidence": suggestion.confidence, "source": suggestion.source}
        return result


FIELD_NAMES = tuple(f.name for f in fields(Suggestions))


def suggest(text: str) -> Suggestions:
    """The metadata ``text`` suggests. Never raises: a reader that fails leaves its fields empty (and logs)."""
    try:
        page = readers.Page(lines_of(str(text or "")[:MAX_CHARS]))
    except Exception:
        logger.exception("suggest: the text could not be prepared")
        return Suggestions()
    found: dict[str, Suggestion] = {}
    for reader in READERS:
        found.update(_guarded(reader, page))
    return Suggestions(**{name: _as_suggestion(value) for name, value in found.items() if name in FIELD_NAMES})


def _guarded(reader: Callable[[readers.Page], dict[str, readers.Found]], page: readers.Page) -> dict:
    try:
        return reader(page)
    except Exception:
        logger.exception("suggest: reader %s failed", reader.__name__)
        return {}


def _as_suggestion(found: readers.Found) -> Suggestion:
    return Suggestion(found.value, round(found.confidence, 2), found.source)


READERS: tuple[Callable[[readers.Page], dict[str, readers.Found]], ...] = (
    readers.read_reference,
    readers.read_date,
    readers.read_type_and_subject,
    readers.read_issuer,
    readers.read_recipients,
    readers.read_stamps,
    signature.read_signer,
)
