"""The signature block's reader of ``ocr.suggest``: beside "Nơi nhận:" (or at the end of the text), the signing
capacity (KT./TM./TL./Q./TUQ. and a title in capitals, on one line or more), the position under it and the
signer's name, capitalised, after them. The columns may come side by side on one line ("- Như trên; PHÓ GIÁM ĐỐC")
or one after the other: a title is the run of capitals ending a line, a name the capitalised words ending one."""

import re

from ocr.readers import Found, Page, letter_o, within_one
from ocr.vntext import Line, fold, is_name_word

CAPACITY = re.compile(r"(?<![a-z0-9])(kt|tm|tl|tuq|q)\s?[.,]\s?(?=\w)")


def read_signer(page: Page) -> dict[str, Found]:
    """Người ký: the signing capacity (KT. GIÁM ĐỐC, TM. ỦY BAN NHÂN DÂN…), the position under it and the name
    at the end, beside "Nơi nhận:" (or at the end of the text when there is no "Nơi nhận")."""
    if page.noi_nhan is not None:
        region = page.lines[max(page.header_anchors + 1, page.noi_nhan - 10) : page.noi_nhan + 30]
    else:
        region = page.lines[max(page.header_anchors + 1, len(page.lines) - 30) :]
    capacity, after = _capacity(region)
    position, after = _position(region, after, capacity)
    name = _name(region, after)
    found: dict[str, Found] = {}
    if capacity:
        found["signing_capacity"] = Found(" ".join(capacity), 0.85, " ".join(capacity))
    if position:
        found["signer_position"] = Found(position, 0.8 if capacity else 0.6, position)
    if name:
        found["signer"] = Found(name, 0.85 if _surname(name) else 0.6, name)
    return found


def _capacity(region: list[Line]) -> tuple[list[str], int]:
    """The consecutive lines holding "KT./TM./TL./Q./TUQ. + capitals", and the index after them."""
    taken: list[str] = []
    after = 0
    for number, line in enumerate(region):
        if line.blank and not taken:
            continue
        match = CAPACITY.search(line.key)
        title = _upper_run(line.text[match.end() :], leading=True) if match else ""
        if not title:
            if taken:
                break
            continue
        taken.append(f"{match.group(1).upper()}. {title}")
        after = number + 1
    return taken, after


def _position(region: list[Line], after: int, capacity: list[str]) -> tuple[str, int]:
    """The position under the capacity (PHÓ GIÁM ĐỐC); with no capacity, the last line in capitals before a name."""
    if capacity:
        for number in range(after, min(after + 3, len(region))):
            run = _upper_run(region[number].text)
            if run:
                return run, number + 1
            if _name_in(region[number]):
                break
        return "", after
    candidates = [(number, _upper_run(line.text)) for number, line in enumerate(region)]
    names = [number for number, line in enumerate(region) if _name_in(line)]
    for number, run in reversed(candidates):
        if run and names and number < names[-1] and " " in run:
            return run, number + 1
    return "", 0


def _name(region: list[Line], after: int) -> str:
    names = [name for line in region[after:] if (name := _name_in(line))]
    if not names:
        return ""
    with_surname = [name for name in names if _surname(name)]
    return (with_surname or names)[0]


def _name_in(line: Line) -> str:
    """A person's name ending the line (2–6 capitalised words), alone or after a punctuation mark."""
    if line.blank:
        return ""
    tokens = line.text.split(" ")
    taken: list[str] = []
    for token in reversed(tokens):
        if not is_name_word(token) or len(taken) >= 6:
            break
        taken.insert(0, token)
    if len(taken) < 2:
        return ""
    rest = " ".join(tokens[: len(tokens) - len(taken)])
    if rest and not rest.endswith((".", ";", ":", ",", ")")) and not _upper_run(rest):
        return ""
    return " ".join(taken)


_SURNAMES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "doan",
        "trinh",
        "truong",
        "lam",
        "mai",
        "cao",
        "ha",
        "ta",
        "luong",
        "lu",
        "chu",
        "kieu",
        "quach",
        "thai",
        "tong",
        "la",
        "vuong",
        "to",
        "tang",
        "trieu",
        "giang",
        "au",
        "luu",
        "khuc",
        "la",
        "thach",
        "kim",
    ]
)


def _surname(name: str) -> bool:
    return fold(name.split(" ")[0]) in _SURNAMES


def _upper_run(text: str, leading: bool = False) -> str:
    """The words in capitals ending ``text`` (or, ``leading``, starting it): "PHÓ GIÁM ĐỐC", "ỦY BAN NHÂN DÂN".
    Two words at least unless ``leading``; a parenthesis ("(ĐÃ KÝ)") or a comma inside breaks the run."""
    tokens = letter_o(text).strip().split(" ")
    order = tokens if leading else list(reversed(tokens))
    taken: list[str] = []
    for token in order:
        bare = token.strip(".,;:")
        if not bare or not _is_upper_word(bare) or (taken and token != bare and not leading):
            break
        taken.append(_titled(bare))
        if token != bare and leading:
            break
    if not leading:
        taken.reverse()
    if len(taken) < (1 if leading else 2):
        return ""
    return " ".join(taken)


# Words of signing capacities and positions, to put back a letter OCR misread (GLÁM ĐỐC → GIÁM ĐỐC).
TITLE_WORDS = {
    fold(word): word
    for word in ("GIÁM", "ĐỐC", "CHỦ", "TỊCH", "TRƯỞNG", "CHÁNH", "PHÒNG", "THƯỜNG", "TRỰC", "TỔNG", "HỢP", "VIỆN")
}


def _titled(word: str) -> str:
    key = fold(word)
    if len(key) < 4 or key in TITLE_WORDS:
        return word
    close = [title for known, title in TITLE_WORDS.items() if len(known) == len(key) and within_one(key, known)]
    return close[0] if len(close) == 1 else word


def _is_upper_word(word: str) -> bool:
    if word == "&":
        return True
    return word.isupper() and len(word) >= 2 and all(char.isalpha() or char in "&-" for char in word)
