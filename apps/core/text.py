"""What text typed by people may contain.

Control characters have no place in a query parameter or a form field: PostgreSQL refuses NUL in text (a
DataError, so a 500, when it reaches a query) and the others hide or garble text. Bidi overrides and zero-width
characters are printable but invisible: in a name or a subject they hide or reorder text in a printed register
(``Công văn‮gnoV`` prints backwards), so names and subjects lose them, in forms and in the API alike.

Text typed or pasted compares equal once normalised (``normalize``); searches without accents compare it without
its diacritics (``strip_accents``, as PostgreSQL's ``unaccent``)."""

import re
import unicodedata

# C0 controls, DEL and C1 controls. Tab, LF and CR are allowed in multi-line fields (textareas) only.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Zero-width space/non-joiner/joiner, LRM/RLM (U+200B–U+200F); the bidi embeddings and overrides
# (U+202A–U+202E); the bidi isolates (U+2066–U+2069); the zero-width no-break space / BOM (U+FEFF).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def has_control_characters(text: str, *, multi_line: bool = False) -> bool:
    """Whether ``text`` holds a control character (tab, LF and CR allowed when ``multi_line``)."""
    return bool((_CONTROL_EXCEPT_LINES if multi_line else _CONTROL).search(text))


def strip_invisible(text: str) -> str:
    """``text`` without bidi-override, bidi-isolate and zero-width characters (names, subjects)."""
    return _INVISIBLE.sub("", text) if text else text


def normalize(text: str) -> str:
    """``text`` in NFC with every run of whitespace collapsed to one space (input pasted from PDFs and Word comes
    in NFD or with non-breaking spaces; the same words must compare equal)."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def strip_accents(text: str) -> str:
    """Vietnamese text without diacritics, as PostgreSQL's ``unaccent`` makes it (đ → d as well)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
