"""The readers of ``ocr.suggest``: each finds one part of a Decree 30 layout in a page of text and returns the
fields it read as ``Found`` values. Labels are matched on each line's accent-folded twin (``Line.key``, lower
case, no diacritics, same length as the text), values are cut from the text itself.

The header's two columns may come flattened in any order (the agency's block then the motto's, the motto's
first, or line by line side by side): the readers therefore never rely on the order of the header's lines, only
on labels, and strip the motto, the date and the number from a line before reading what is left of it."""

import datetime
import re
from dataclasses import dataclass
from functools import cached_property

from ocr.vntext import Line, is_name_word, words

# --- the Decree's catalogue (apps/registers/migrations/0002_decree_30_document_types.py; a test keeps them equal)
DOCUMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công văn", ""),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Thư công", ""),
)
CONG_VAN = "Công văn"
_TYPE_KEYS = {words(name): (name, abbreviation) for name, abbreviation in DOCUMENT_TYPES}

# Stamps, longest first (so that THƯỢNG KHẨN is not read as KHẨN), with the registers' codes.
URGENCY_STAMPS = (("thuong khan", "very_urgent"), ("hoa toc", "flash"), ("khan", "urgent"))
SECRECY_STAMPS = (("tuyet mat", "top_secret"), ("toi mat", "secret"), ("mat", "confidential"))

# Where the header is looked for: its lines come before the body, within the first lines of the page.
HEADER_LINES = 40


@dataclass(frozen=True, slots=True)
class Found:
    value: object
    confidence: float
    source: str


# --- patterns, on the folded text (lower case, no diacritics; "0" for "o" and stray spaces tolerated)
_NUMBER = r"([0-9o]{1,7})"
_NOTATION = r"((?:[0-9]{4}\s?/\s?)?[a-z0-9&.]*[a-z][a-z0-9&.]*(?:\s?-+\s?[a-z0-9&.]+)+)"
REFERENCE_LABELLED = re.compile(r"(?<![a-z0-9])s\s?[o06]\s?[:;.,]\s*" + _NUMBER + r"\s?/\s?" + _NOTATION)
REFERENCE_LOOSE = re.compile(r"(?<![a-z0-9])s\s?[o06]\s?[:;.,]?\s*" + _NUMBER + r"\s?/\s?" + _NOTATION)
NUMBER_LABEL = re.compile(r"^\W*s\s?[o06]\s?[:;]")
REFERENCE_BARE = re.compile(r"(?<![a-z0-9/])" + _NUMBER + r"\s?/\s?" + _NOTATION)
_DIGITS = r"([0-9oli]{1,2})"
DATE = re.compile(
    r"(?<![a-z])ng[a-z]{0,2}y?\s*" + _DIGITS + r"\s*[,.]?\s*th[a-z]{1,4}\s*" + _DIGITS
    + r"\s*[,.]?\s*n[a-z]{1,3}\s*([0-9oli]{4})(?![0-9])"
)  # fmt: skip
MOTTO_STATE = re.compile(r"c[o0]ng\s?h[o0]a\b(?:.{0,45}?\bv[a-z1l]{2,4}\s?n[a-z]{1,2}m?\b|.*$)")
MOTTO_SLOGAN = re.compile(r"d[o0]c\s?l[a-z]{1,2}p?\b(?:.{0,35}?\bph[a-z]{1,3}c?\b|.*$)")
# The motto broken over two lines: its second half.
MOTTO_TAIL = re.compile(
    r"(?:\bx[a-z]\s)?\bh[o0]i\s?ch[a-z]{1,2}\s?ngh[a-z]{1,3}\b(?:\s?v[a-z1l]{2,4}\s?n[a-z]{1,2}m?\b)?"
)
SLOGAN_TAIL = re.compile(r"(?:\bt[u]\s?d[o0]\s?-?\s?)?\bh[a-z]nh\s?ph[a-z]{1,2}c?\b")
SEPARATOR = re.compile(r"[-_=~*.]{3,}")
VV = re.compile(r"(?:^|(?<=\s))v\s?[/|l1i]\s?[vy](?![a-z])\s*[:.]?\s*")
KINH_GUI = re.compile(r"^\W*k\s?[i1l]\s?n\s?h\s?(?:g\s?[u]\s?[i1l]|m\s?[o0]\s?[i1l])(?![a-z])\s*[:;.]?\s*")
NOI_NHAN = re.compile(r"^\W*n\s?[o0]\s?[i1l]\s?nh\s?[a-z]n(?![a-z])")
BODY_LABEL = re.compile(r"^\W*(?:can\s?cu|thuc\s?hien|theo\s?de\s?nghi|xet\s?de\s?nghi|dieu\s?1\b|trong\s?thoi)")
MOTTO = (MOTTO_STATE, MOTTO_SLOGAN, MOTTO_TAIL, SLOGAN_TAIL, SEPARATOR)
_PUNCT = " \t-_.,;:|/\\()[]{}'\"`~*•+"


class Page:
    """The lines of one text, with the places of its labels found once."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def first(self, pattern: re.Pattern, stop: int | None = None, start: int = 0) -> tuple[Line, re.Match] | None:
        for line in self.lines[start:stop]:
            match = pattern.search(line.key)
            if match:
                return line, match
        return None

    @cached_property
    def reference(self) -> tuple[Line, re.Match, float] | None:
        head = self.header_stop
        for pattern, stop, confidence in (
            (REFERENCE_LABELLED, None, 0.95),
            (REFERENCE_LOOSE, head, 0.8),
            (REFERENCE_BARE, head, 0.6),
        ):
            found = self.first(pattern, stop)
            if found:
                return (*found, confidence)
        return None

    @cached_property
    def header_stop(self) -> int:
        """Where the header surely ended: at "Kính gửi", the first words of a body, or after HEADER_LINES."""
        for line in self.lines[:HEADER_LINES]:
            if KINH_GUI.search(line.key) or BODY_LABEL.search(line.key) or NOI_NHAN.search(line.key):
                return line.index
        return min(HEADER_LINES, max(len(self.lines) // 2, 12), len(self.lines))

    @cached_property
    def header_anchors(self) -> int:
        """The last line of the header's labels (number, title, V/v) found: the signature comes after it."""
        found = [self.reference[0].index if self.reference else 0]
        found += [self.title[0].index if self.title else 0, self.vv[0].index if self.vv else 0]
        return max(found)

    @cached_property
    def dates(self) -> list[tuple[Line, re.Match]]:
        return [(line, match) for line in self.lines for match in DATE.finditer(line.key)]

    @cached_property
    def title(self) -> tuple[Line, str, str] | None:
        """The first line that is a document type's name in capitals (THÔNG BÁO, QUYẾT ĐỊNH…)."""
        for line in self.lines[: self.header_stop + 2]:
            if line.is_upper():
                kind = _type_named(words(_without_spans(line)))
                if kind:
                    return line, *kind
        return None

    @cached_property
    def vv(self) -> tuple[Line, re.Match] | None:
        return self.first(VV, self.header_stop + 1)

    @cached_property
    def noi_nhan(self) -> int | None:
        found = self.first(NOI_NHAN, start=self.header_stop)
        return found[0].index if found else None


def _type_named(key: str) -> tuple[str, str] | None:
    """The type whose name ``key`` is, exactly or but for one letter (when only one type is that close)."""
    key = key.removesuffix(" ").strip()
    if key in _TYPE_KEYS:
        return _TYPE_KEYS[key]
    close = [kind for name, kind in _TYPE_KEYS.items() if len(name) >= 6 and within_one(key, name)]
    return close[0] if len(close) == 1 else None


def within_one(a: str, b: str) -> bool:
    """Levenshtein distance of at most one."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]
    return True


def _spans(line: Line, references: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
    """What is not the agency's or the subject's own text: the motto, separators, the date with its place and the
    number with its notation."""
    spans = [m.span() for pattern in MOTTO for m in pattern.finditer(line.key)]
    for match in DATE.finditer(line.key):
        spans.append((_place_start(line, match.start()), match.end()))
    for pattern in references:
        spans.extend(m.span() for m in pattern.finditer(line.key))
    return spans


def _without_spans(
    line: Line,
    extra: list[tuple[int, int]] = (),
    references: tuple[re.Pattern, ...] = (REFERENCE_LOOSE,),
    strip: str = _PUNCT,
) -> str:
    """The line without what ``_spans`` finds (a subject keeps the "số 30/2020/NĐ-CP" it cites: ``references``
    says which numbers go)."""
    kept = list(line.text)
    for start, end in [*_spans(line, references), *extra]:
        kept[start:end] = [" "] * (end - start)
    return " ".join("".join(kept).split()).strip(strip)


def _place_start(line: Line, date_start: int) -> int:
    """Where the place before ", ngày …" starts: the capitalised words just before the comma (at most five)."""
    before = line.text[:date_start].rstrip()
    if not before.endswith(","):
        return date_start
    tokens = before[:-1].split(" ")
    taken = 0
    for token in reversed(tokens):
        if taken >= 5 or not (is_name_word(token) or token in ("phố", "TP.", "Tp.")):
            break
        taken += 1
    kept = " ".join(tokens[: len(tokens) - taken])
    return len(kept) + (1 if kept else 0)


def letter_o(text: str) -> str:
    """A zero read inside a word in capitals is the letter O (L0NG THÀNH, ĐA0 TẠ0)."""
    return re.sub(r"(?<=[^\W\d_])0|0(?=[^\W\d_])", "O", text)


def _digits(text: str) -> str:
    return text.translate(str.maketrans("oOlIi", "00111"))


# --- readers ----------------------------------------------------------------------------------------------------


def read_reference(page: Page) -> dict[str, Found]:
    """Số và ký hiệu: "Số: 12658/UBND-KGVX", "Sô : 05/2024/QĐ-UBND" (number "05", notation "2024/QĐ-UBND")."""
    if page.reference is None:
        return {}
    line, match, confidence = page.reference
    number = _digits(match.group(1))
    if not number.isdigit() or int(number) == 0:
        return {}
    notation = _notation(line.text[match.start(2) : match.end(2)])
    source = line.text[match.start() : match.end()]
    return {
        "number": Found(number, confidence, source),
        "notation": Found(notation, confidence if len(notation) >= 3 else confidence / 2, source),
    }


def _notation(text: str) -> str:
    """No spaces; a letter O read as 0 inside a group of letters put back; no trailing dot."""
    text = re.sub(r"-+", "-", "".join(text.split())).strip(".")
    groups = re.split(r"([-/])", text)
    return "".join(_letters_o(group) for group in groups)


def _letters_o(group: str) -> str:
    if sum(char.isalpha() for char in group) >= len(group) - group.count("0") and any(c.isalpha() for c in group):
        return group.replace("0", "O")
    return group


def read_date(page: Page) -> dict[str, Found]:
    """Địa danh, ngày tháng năm: the first date written after a place ("Đồng Nai, ngày 21 tháng 10 năm 2022"), else
    the first date of the header."""
    with_place = [(line, m) for line, m in page.dates if _place_start(line, m.start()) < m.start()]
    in_header = [(line, m) for line, m in page.dates if line.index < page.header_stop]
    for candidates, confidence in ((with_place, 0.95), (in_header, 0.5)):
        for line, match in candidates:
            day, month, year = (int(_digits(match.group(n))) for n in (1, 2, 3))
            try:
                date = datetime.date(year, month, day)
            except ValueError:
                continue
            start = _place_start(line, match.start())
            place = line.text[start : match.start()].strip(_PUNCT)
            source = line.text[start : match.end()]
            found = {"issued_date": Found(date, confidence, source)}
            if place:
                found["issued_place"] = Found(place, confidence, source)
            return found
    return {}


def read_type_and_subject(page: Page) -> dict[str, Found]:
    """Tên loại và trích yếu: the title (THÔNG BÁO…) and the lines under it; else a "V/v" line: a công văn."""
    found: dict[str, Found] = {}
    if page.title is not None:
        line, name, abbreviation = page.title
        found["document_type"] = Found(name, 0.9, line.text)
        found["document_type_abbreviation"] = Found(abbreviation, 0.9, line.text)
        subject = _subject_lines(page, line.index + 1, _without_spans(line, [(0, len(line.text))]))
        if subject:
            found["subject"] = Found(subject, 0.8, subject)
        elif page.vv:
            found.update(_vv_subject(page))
        return found
    if page.vv is not None:
        line = page.vv[0]
        found["document_type"] = Found(CONG_VAN, 0.85, line.text)
        found["document_type_abbreviation"] = Found("", 0.85, line.text)
        found.update(_vv_subject(page))
    return found


def _vv_subject(page: Page) -> dict[str, Found]:
    line, match = page.vv
    first = _without_spans(line, [(0, match.end())], references=(REFERENCE_LABELLED,), strip=" ")
    subject = _subject_lines(page, line.index + 1, first)
    return {"subject": Found(f"V/v {subject}".strip(), 0.85, line.text)} if subject else {}


def _subject_lines(page: Page, start: int, first: str) -> str:
    """``first`` and the lines that continue it: a trích yếu wraps over at most four lines; a blank line, a label,
    a line in capitals or a line ending with ":" ends it."""
    taken = [first] if first else []
    for line in page.lines[start : start + 8]:
        if len(taken) >= 4 or (line.blank and taken and not _lower_next(page, line.index)):
            break
        text = _without_spans(line, references=(REFERENCE_LABELLED,), strip=" ")
        if line.blank or not text:
            continue
        if not _continues(line, text, taken):
            break
        taken.append(text)
    return " ".join(" ".join(taken).split())


def _lower_next(page: Page, index: int) -> bool:
    """The next line that is not blank is short and starts with a small letter or a digit (OCR put a blank line
    inside the subject)."""
    following = next((line for line in page.lines[index + 1 : index + 3] if not line.blank), None)
    return (
        following is not None
        and (following.text[0].islower() or following.text[0].isdigit())
        and (len(following.text) <= 60)
    )


def _continues(line: Line, text: str, taken: list[str]) -> bool:
    """Whether ``line`` goes on with the subject ``taken`` so far (its first line may start as a body does: a
    plan "Thực hiện …")."""
    if KINH_GUI.search(line.key) or NOI_NHAN.search(line.key) or VV.search(line.key):
        return False
    if taken and BODY_LABEL.search(line.key):
        return False
    if line.is_upper() or text.endswith(":") or _is_stamp(line) or len(text) > 100:
        return False
    if not taken:
        return True
    if text[0].islower() or text[0].isdigit() or text[0] in "(\"'“":
        return True
    return not taken[-1].endswith((".", ";", ":", "!", "?")) and len(text) <= 70


def read_issuer(page: Page) -> dict[str, Found]:
    """Tên cơ quan ban hành: the lines in capitals above the number (the parent agency, then the agency itself),
    without the motto, the date, the stamps or the rules under them; joined by " / "."""
    anchors = [page.header_stop]
    number_label = page.first(NUMBER_LABEL, page.header_stop)
    if number_label:
        anchors.append(number_label[0].index)
    if page.reference:
        anchors.append(page.reference[0].index)
    if page.title:
        anchors.append(page.title[0].index)
    if page.vv:
        anchors.append(page.vv[0].index)
    parts: list[str] = []
    for line in page.lines[: min(anchors)]:
        if line.blank or _is_stamp(line):
            continue
        text = _without_debris(_without_spans(line, references=(REFERENCE_LOOSE, REFERENCE_BARE)))
        if text and _mostly_upper(text) and sum(char.isalpha() for char in text) >= 3:
            _add_part(parts, letter_o(text))
    if not parts:
        return {}
    if len(parts) > 2:  # the parent, then the agency's own name on two lines or more
        parts = [parts[0], " ".join(parts[1:])]
    confidence = 0.9 if page.reference and len(parts) <= 3 else 0.6
    return {"issuer": Found(" / ".join(parts), confidence, "\n".join(parts))}


def _without_debris(text: str) -> str:
    """What OCR makes of the rule under the agency's name: tokens without a letter, single letters (but Y, as in
    SỞ Y TẾ)."""
    return " ".join(word for word in text.split(" ") if _is_word(word)).strip(_PUNCT)


def _is_word(word: str) -> bool:
    return word in ("-", "&", "Y") or (len(word) > 1 and any(char.isalpha() for char in word))


def _mostly_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) >= 0.8 * len(letters)


_GENERIC_NAMES = {"uy ban nhan dan", "hoi dong nhan dan", "ubnd", "hdnd", "so", "ban", "bo", "cuc", "chi cuc"}
_CONNECTORS = (" va", " &", " cac", " cua", " ve", " thuoc", " tai")
_LEVELS = ("tinh ", "huyen ", "xa ", "phuong ", "thanh pho ", "thi xa ", "quan ", "thi tran ")


def _add_part(parts: list[str], text: str) -> None:
    """A line that continues the one before (a name wrapped after "VÀ", or "ỦY BAN NHÂN DÂN" / "TỈNH ĐỒNG NAI")
    joins it; any other line is a level of its own."""
    if parts:
        before = words(parts[-1])
        if (
            before.endswith(_CONNECTORS)
            or parts[-1].endswith(("-", ",", "&"))
            or (before in _GENERIC_NAMES and words(text).startswith(_LEVELS))
        ):
            parts[-1] = f"{parts[-1]} {text}"
            return
    parts.append(text)


def read_recipients(page: Page) -> dict[str, Found]:
    """Kính gửi: one recipient on the line, or several on lines of their own starting with "- "."""
    found = page.first(KINH_GUI, stop=page.header_stop + 1) or page.first(KINH_GUI, stop=HEADER_LINES * 2)
    if found:
        line, match = found
        items, source, confidence = _items(line.text[match.end() :]), [line.text], 0.85
    else:  # OCR lost the label: a list of "- " lines right under the subject
        start = _unlabelled_list(page)
        if start is None:
            return {}
        line, items, source, confidence = page.lines[start - 1], [], [], 0.5
    for following in page.lines[line.index + 1 : line.index + 30]:
        if following.blank:
            if items and not _item_next(page, following.index):
                break
            continue
        text = following.text
        if text[0] in "-+•–":
            items.extend(_items(text))
        elif items and not items[-1].endswith((";", ".")) and text[0].islower():
            items[-1] = f"{items[-1]} {text}"
        else:
            break
        source.append(text)
    recipients = tuple(item.strip(_PUNCT) for item in items if item.strip(_PUNCT))
    return {"recipients": Found(recipients, confidence, "\n".join(source))} if recipients else {}


def _item_next(page: Page, index: int) -> bool:
    following = next((line for line in page.lines[index + 1 : index + 3] if not line.blank), None)
    return following is not None and following.text[0] in "-+•–"


def _unlabelled_list(page: Page) -> int | None:
    """The first "- " line within a few lines under the title or the V/v, before any line of the body."""
    anchors = [found[0].index for found in (page.title, page.vv) if found]
    if not anchors:
        return None
    for line in page.lines[max(anchors) + 1 : max(anchors) + 10]:
        item = line.text[1:].strip()
        if line.text[:1] in ("-", "+", "•") and item[:1].isupper() and sum(char.isalpha() for char in item) >= 3:
            return line.index  # a recipient is a name ("- Sở Tài chính;"), not a subject's last words ("- xã hội")
        if len(line.text) > 80 or BODY_LABEL.search(line.key) or NOI_NHAN.search(line.key):
            return None
    return None


def _items(text: str) -> list[str]:
    return [part.strip().lstrip("-+•– ").strip() + ";" for part in text.split(";") if part.strip(_PUNCT)]


def _stamp_key(line: Line) -> str:
    return words(letter_o(_without_spans(line)))


def _is_stamp(line: Line) -> bool:
    key = _stamp_key(line)
    return any(key == stamp for stamp, _ in (*URGENCY_STAMPS, *SECRECY_STAMPS))


def read_stamps(page: Page) -> dict[str, Found]:
    """Độ khẩn and độ mật: a line of the header that is only the stamp, in capitals (KHẨN, HỎA TỐC, MẬT…)."""
    found: dict[str, Found] = {}
    for line in page.lines[: page.header_stop + 4]:
        if line.blank or not _mostly_upper(_without_spans(line)):
            continue
        key = _stamp_key(line)
        for name, stamps in (("urgency", URGENCY_STAMPS), ("secrecy", SECRECY_STAMPS)):
            code = next((code for stamp, code in stamps if key == stamp), None)
            if code and name not in found:
                found[name] = Found(code, 0.85, line.text)
    return found
