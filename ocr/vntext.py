"""Vietnamese text as OCR gives it, prepared for matching: NFC, one kind of space, and an accent-folded twin of
every line (lower case, no diacritics, đ → d) of exactly the same length, so that a label found in the folded
line (``so:``, ``kinh gui``, ``ngay … thang … nam``) is cut from the original line at the same offsets, with its
diacritics.

Pure functions: no Django, no app."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Letters of Vietnamese (with every tone mark), for telling a name (Nguyễn Văn An) from a title (PHÓ GIÁM ĐỐC).
_BASE = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0309\u0303\u0323"
VIET_LOWER = "".join(
    sorted(
        {unicodedata.normalize("NFC", base + tone) for base in _BASE for tone in ("", *_TONES)}
        | set("bcdđghklmnpqrstvxfjwz")
    )
)
VIET_UPPER = VIET_LOWER.upper()

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# OCR reads Đ as Ð (eth, not a Vietnamese letter) now and then.
_DASHES = str.maketrans(
    {"Ð": "Đ", "ð": "đ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)


@cache
def fold_char(char: str) -> str:
    """One character without its diacritics, lower case: exactly one character (so offsets stay)."""
    if char in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[:1].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """``text`` lower case without diacritics, character for character (``len(fold(t)) == len(t)`` for NFC text
    without stray combining marks, which ``clean`` removes)."""
    return "".join(fold_char(char) for char in text)


def clean(text: str) -> str:
    """NFC; stray combining marks, invisible and control characters removed; dashes and spaces of one kind;
    line ends as ``\\n``."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text)).translate(_DASHES)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def words(text: str) -> str:
    """``text`` folded, with only its letters and digits, one space apart: for comparing what OCR garbled."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


@dataclass(frozen=True, slots=True)
class Line:
    """One line: ``text`` as written (cleaned) and ``key``, its folded twin of the same length."""

    index: int
    text: str
    key: str

    @property
    def blank(self) -> bool:
        return not self.text

    def is_upper(self) -> bool:
        """Written in capitals (a heading, an agency name, a title): most of its letters are."""
        letters = [char for char in self.text if char.isalpha()]
        return len(letters) >= 2 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


def lines_of(text: str) -> list[Line]:
    cleaned = clean(text)
    return [Line(number, line, fold(line)) for number, line in enumerate(cleaned.split("\n"))]


def is_name_word(word: str) -> bool:
    """A word of a person's name as the Decree prints it: a capital, then small letters (Nguyễn, Văn, Ánh)."""
    return (
        len(word) >= 1
        and word[0] in VIET_UPPER
        and all(char in VIET_LOWER for char in word[1:])
        and (len(word) > 1 or word in "AY")
    )
