"""Documents in the Decree 30 layouts (Appendix I; templates 1.4, 1.5, 1.7 of Appendix III) generated with what
they say, for measuring ``ocr.suggest``: công văn, thông báo, quyết định, giấy mời, tờ trình, báo cáo, kế hoạch
with varied agencies, numbers, dates, subjects, recipients, signers and stamps. Each renders as plain text (the
header's and the signature's two columns side by side, as a PDF's text layer gives them), as noisy text (``noisy``:
diacritics dropped or changed, lines broken, stray spaces, ``0`` for ``O``, the columns flattened in another
order) and as a 300 dpi page image (``page_image``) for the real OCR chain. ``score`` says which fields a
``Suggestions`` got right. Used by ocr/tests/test_suggest.py and ops/bench/suggest.py."""

import datetime
import random
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

from ocr.vntext import words

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# (parent, agency as printed (a line each), abbreviation, place, head's title, authority line of a decision)
AGENCIES = (
    ("UBND TỈNH ĐỒNG NAI", ("SỞ NỘI VỤ",), "SNV", "Đồng Nai", "GIÁM ĐỐC", "GIÁM ĐỐC SỞ NỘI VỤ"),
    ("UBND TỈNH ĐỒNG NAI", ("SỞ TÀI CHÍNH",), "STC", "Đồng Nai", "GIÁM ĐỐC", "GIÁM ĐỐC SỞ TÀI CHÍNH"),
    ("UBND TỈNH ĐỒNG NAI", ("SỞ KẾ HOẠCH VÀ", "ĐẦU TƯ"), "SKHĐT", "Đồng Nai", "GIÁM ĐỐC", "GIÁM ĐỐC SỞ"),
    ("", ("ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"), "UBND", "Đồng Nai", "CHỦ TỊCH", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"),
    ("UBND THÀNH PHỐ BIÊN HÒA", ("PHÒNG NỘI VỤ",), "PNV", "Biên Hòa", "TRƯỞNG PHÒNG", "TRƯỞNG PHÒNG NỘI VỤ"),
    ("UBND HUYỆN LONG THÀNH", ("VĂN PHÒNG HĐND VÀ UBND",), "VP", "Long Thành", "CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG"),
    ("BỘ NỘI VỤ", ("VỤ CÔNG CHỨC - VIÊN CHỨC",), "CCVC", "Hà Nội", "VỤ TRƯỞNG", "VỤ TRƯỞNG"),
    ("UBND TỈNH BÌNH DƯƠNG", ("SỞ GIÁO DỤC VÀ ĐÀO TẠO",), "SGDĐT", "Bình Dương", "GIÁM ĐỐC", "GIÁM ĐỐC SỞ"),
    ("", ("HỘI ĐỒNG NHÂN DÂN", "TỈNH ĐỒNG NAI"), "HĐND", "Đồng Nai", "CHỦ TỊCH", "THƯỜNG TRỰC HĐND TỈNH"),
    ("SỞ Y TẾ ĐỒNG NAI", ("BỆNH VIỆN ĐA KHOA", "ĐỒNG NAI"), "BVĐK", "Đồng Nai", "GIÁM ĐỐC", "GIÁM ĐỐC BỆNH VIỆN"),
    ("", ("ỦY BAN NHÂN DÂN", "XÃ LONG AN"), "UBND", "Long An", "CHỦ TỊCH", "ỦY BAN NHÂN DÂN XÃ LONG AN"),
    ("UBND TỈNH ĐỒNG NAI", ("BAN QUẢN LÝ CÁC", "KHU CÔNG NGHIỆP"), "BQLKCN", "Biên Hòa", "TRƯỞNG BAN", "TRƯỞNG BAN"),
)
UNITS = ("VP", "KGVX", "TCCB", "KT", "NC", "TH", "CCHC", "XDCQ", "QLNS", "TTr")

# (kind, title, abbreviation, Decree name)
KINDS = (
    ("cong_van", "", "", "Công văn"),
    ("thong_bao", "THÔNG BÁO", "TB", "Thông báo"),
    ("quyet_dinh", "QUYẾT ĐỊNH", "QĐ", "Quyết định"),
    ("giay_moi", "GIẤY MỜI", "GM", "Giấy mời"),
    ("to_trinh", "TỜ TRÌNH", "TTr", "Tờ trình"),
    ("bao_cao", "BÁO CÁO", "BC", "Báo cáo"),
    ("ke_hoach", "KẾ HOẠCH", "KH", "Kế hoạch"),
)
ACTIONS = (
    "tổ chức Hội nghị tổng kết công tác",
    "góp ý dự thảo Quy chế làm việc của Ủy ban nhân dân tỉnh",
    "triển khai thực hiện Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư",
    "đề nghị cung cấp số liệu phục vụ báo cáo tình hình kinh tế - xã hội",
    "tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "kiện toàn Ban Chỉ đạo cải cách hành chính",
    "cử cán bộ tham dự lớp bồi dưỡng kiến thức quản lý nhà nước",
    "thẩm định hồ sơ đề nghị khen thưởng",
    "rà soát, sắp xếp đơn vị hành chính cấp xã",
    "phê duyệt dự toán kinh phí chuyển đổi số",
    "đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
    "kết quả thực hiện nhiệm vụ",
    "sơ kết công tác thi đua, khen thưởng",
)
PERIODS = ("năm 2022", "6 tháng đầu năm 2023", "quý III năm 2024", "tháng 10 năm 2022", "giai đoạn 2021 - 2025", "")
LEADS = {
    "thong_bao": ("Kết luận của Giám đốc Sở tại cuộc họp về", "Về việc", "Lịch tiếp công dân và"),
    "quyet_dinh": ("Về việc ban hành Quy chế", "Về việc thành lập Tổ công tác", "Về việc phê duyệt kế hoạch"),
    "giay_moi": ("Dự Hội nghị", "Dự cuộc họp về", "Tham dự buổi làm việc về"),
    "to_trinh": ("Về việc đề nghị", "Đề nghị phê duyệt", "Về việc"),
    "bao_cao": ("Tình hình và", "Kết quả", "Tổng kết công tác và"),
    "ke_hoach": ("Tổ chức", "Triển khai", "Thực hiện"),
}
RECIPIENTS = (
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Văn phòng UBND tỉnh",
    "Ủy ban nhân dân tỉnh Đồng Nai",
    "UBND các huyện, thành phố Long Khánh và Biên Hòa",
    "Các cơ quan, đơn vị trực thuộc Sở",
    "Thường trực Hội đồng nhân dân tỉnh",
    "Sở Thông tin và Truyền thông",
    "Công an tỉnh",
    "Bảo hiểm xã hội tỉnh",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLES = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Đức", "Thị Hoàng", "Văn Thành", "Kim")
GIVEN = ("An", "Bình", "Hùng", "Lan", "Hương", "Yến", "Tuấn", "Dũng", "Phương", "Hải", "Thảo", "Sơn", "Ánh", "Cường")
SENTENCES = (
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 4521/UBND-KGVX ngày 12 tháng 5 năm 2022,",
    "đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện, bảo đảm đúng thời hạn và chất lượng.",
    "Những vướng mắc phát sinh trong quá trình thực hiện được tổng hợp, báo cáo trước ngày 15 hằng tháng.",
    "Tài liệu có nội dung bí mật nhà nước được quản lý theo quy định của pháp luật về bảo vệ bí mật nhà nước.",
    "Thời gian: 08 giờ 00 phút, ngày 25 tháng 11 năm 2022; địa điểm: Hội trường tầng 3, Sở Nội vụ.",
    "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan tổ chức thực hiện.",
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán năm của các cơ quan, đơn vị.",
)
DECISION_BASIS = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Theo đề nghị của Chánh Văn phòng.",
)


@dataclass(frozen=True)
class Truth:
    """What a generated document says, as ``ocr.suggest`` should read it."""

    kind: str
    issuer: str
    number: str
    notation: str
    issued_place: str
    issued_date: datetime.date
    document_type: str
    document_type_abbreviation: str
    subject: str
    recipients: tuple[str, ...]
    signer: str
    signing_capacity: str
    signer_position: str
    urgency: str
    secrecy: str


@dataclass
class Document:
    truth: Truth
    header: list[tuple[str, str]] = field(default_factory=list)  # rows: (left column, right column)
    middle: list[str] = field(default_factory=list)  # full-width lines ("" is a gap)
    footer: list[tuple[str, str]] = field(default_factory=list)  # rows: (Nơi nhận, signature)

    def text(self, mode: str = "columns") -> str:
        """The text as a reader of the page would give it; ``mode`` says how the two columns are flattened:
        ``columns`` side by side (far apart), ``joined`` side by side with one space, ``left_first`` or
        ``right_first`` (each column whole, one after the other)."""
        return "\n".join([*_flatten(self.header, mode), "", *self.middle, "", *_flatten(self.footer, mode)])


def _flatten(rows: list[tuple[str, str]], mode: str) -> list[str]:
    if mode == "left_first":
        return [left for left, _r in rows if left] + [""] + [right for _l, right in rows if right]
    if mode == "right_first":
        return [right for _l, right in rows if right] + [""] + [left for left, _r in rows if left]
    gap = " " if mode == "joined" else " " * 8
    return [
        f"{left:<46}{gap}{right}".rstrip() if mode == "columns" else f"{left}{gap}{right}".strip()
        for left, right in rows
    ]


# --- generating ----------------------------------------------------------------------------------------------------


def generate(count: int, seed: int = 30) -> list[Document]:
    """``count`` documents, every kind in turn, from a seeded generator (the same every run)."""
    rng = random.Random(seed)
    return [_document(rng, KINDS[number % len(KINDS)]) for number in range(count)]


def _document(rng: random.Random, kind: tuple[str, str, str, str]) -> Document:
    code, title, type_abbr, type_name = kind
    parent, names, abbr, place, head, authority = rng.choice(AGENCIES)
    number = rng.randint(1, 15000) if rng.random() < 0.7 else rng.randint(1, 9)
    number_text = f"{number:02d}"
    if code == "cong_van":
        notation = f"{abbr}-{rng.choice(UNITS)}"
    elif code == "quyet_dinh" and rng.random() < 0.3:
        notation = f"{rng.randint(2019, 2026)}/{type_abbr}-{abbr}"
    else:
        notation = f"{type_abbr}-{abbr}"
    date = datetime.date(rng.randint(2019, 2026), 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    subject = _subject(rng, code)
    recipients = _recipients(rng, code)
    capacity, position, name = _signer(rng, head, abbr)
    urgency = rng.choice(("", "", "", "", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"))
    secrecy = rng.choice(("",) * 8 + ("MẬT", "TỐI MẬT", "TUYỆT MẬT"))
    truth = Truth(
        kind=code,
        issuer=" / ".join(part for part in (parent, " ".join(names)) if part),
        number=number_text,
        notation=notation,
        issued_place=place,
        issued_date=date,
        document_type=type_name,
        document_type_abbreviation=type_abbr,
        subject=subject,
        recipients=tuple(recipients),
        signer=name,
        signing_capacity=" ".join(capacity),
        signer_position=position,
        urgency={"": "", "KHẨN": "urgent", "THƯỢNG KHẨN": "very_urgent", "HỎA TỐC": "flash"}[urgency],
        secrecy={"": "", "MẬT": "confidential", "TỐI MẬT": "secret", "TUYỆT MẬT": "top_secret"}[secrecy],
    )
    document = Document(truth)
    stamps = [stamp for stamp in (urgency, secrecy) if stamp]
    _header(document, rng, parent, names, f"Số: {number_text}/{notation}", _dateline(rng, place, date), stamps)
    _middle(document, rng, title, authority)
    _footer(document, rng, capacity, position, name)
    return document


def _subject(rng: random.Random, code: str) -> str:
    action, period = rng.choice(ACTIONS), rng.choice(PERIODS)
    if code == "cong_van":
        return " ".join(f"V/v {action} {period}".split())
    lead = rng.choice(LEADS[code])
    text = f"{lead} {action} {period}" if lead != "Về việc" else f"Về việc {action} {period}"
    return " ".join(text.split())


def _recipients(rng: random.Random, code: str) -> list[str]:
    if code not in ("cong_van", "to_trinh") and rng.random() < 0.7:
        return []
    return rng.sample(RECIPIENTS, rng.choice((1, 1, 2, 3, 4)))


def _signer(rng: random.Random, head: str, abbr: str) -> tuple[list[str], str, str]:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
    deputy = "PHÓ " + head
    forms = [
        ([], head),
        ([f"KT. {head}"], deputy),
        (["TL. " + head], "CHÁNH VĂN PHÒNG"),
        (["Q. " + head], ""),
        (["TUQ. " + head], "TRƯỞNG PHÒNG TỔNG HỢP"),
    ]
    if abbr in ("UBND", "HĐND"):
        body = "ỦY BAN NHÂN DÂN" if abbr == "UBND" else "THƯỜNG TRỰC HĐND"
        forms += [([f"TM. {body}"], "CHỦ TỊCH"), ([f"TM. {body}", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH")]
    capacity, position = rng.choice(forms)
    return capacity, position, name


def _dateline(rng: random.Random, place: str, date: datetime.date) -> str:
    day = f"{date.day:02d}" if date.day < 10 and rng.random() < 0.6 else str(date.day)
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    if rng.random() < 0.15:
        return f"{place}, ngày  {date.day}  tháng {date.month} năm {date.year}"
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def _header(document: Document, rng, parent, names, reference, dateline, stamps) -> None:
    left = [part for part in (parent, *names) if part] + ["-------", reference]
    truth = document.truth
    if truth.kind == "cong_van":
        left += textwrap.wrap(truth.subject, rng.choice((34, 40, 46)))
    left += stamps
    right = [*MOTTO, "---------------", ""]
    while len(right) < left.index(reference):
        right.insert(0, "")
    right.append(dateline)
    rows = max(len(left), len(right))
    left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
    document.header = list(zip(left, right, strict=True))


def _middle(document: Document, rng: random.Random, title: str, authority: str) -> None:
    truth, lines = document.truth, document.middle
    if title:
        lines += [title, *textwrap.wrap(truth.subject, rng.choice((60, 70, 80))), "----------", ""]
    if truth.recipients:
        if len(truth.recipients) == 1:
            lines += [f"Kính gửi: {truth.recipients[0]}.", ""]
        else:
            items = [f"- {item};" for item in truth.recipients]
            items[-1] = items[-1][:-1] + "."
            lines += ["Kính gửi:", *items, ""]
    if truth.kind == "quyet_dinh":
        lines += [authority, "", *DECISION_BASIS, "", "QUYẾT ĐỊNH:"]
        lines += textwrap.wrap("Điều 1. " + rng.choice(SENTENCES), 90)
    body = " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))
    lines += [*textwrap.wrap(body, 90), "Trân trọng./."]


def _footer(document: Document, rng: random.Random, capacity: list[str], position: str, name: str) -> None:
    kept = rng.choice(("VT, VP.", "VT, TCCB.", "VT."))
    left = ["Nơi nhận:", "- Như trên;", *rng.sample(("- Lãnh đạo Sở;", "- UBND tỉnh (b/c);", "- Website Sở;"), 2)]
    left.append(f"- Lưu: {kept}")
    right = [*capacity, *([position] if position else []), "", rng.choice(("(Đã ký)", "", "(Ký, đóng dấu)")), "", name]
    rows = max(len(left), len(right))
    document.footer = list(zip(left + [""] * (rows - len(left)), right + [""] * (rows - len(right)), strict=True))


# --- noise -------------------------------------------------------------------------------------------------------

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
MODES = ("columns", "joined", "left_first", "right_first")


def noisy(document: Document, rng: random.Random) -> str:
    """The document as a poor OCR gives it: its columns flattened in a random order, about one diacritic in eight
    dropped or changed, long lines broken, spaces put into numbers and labels, ``0`` for ``O``, blank lines lost."""
    text = document.text(rng.choice(MODES))
    text = re.sub(r"(\d+)/([A-ZĐ0-9])", lambda m: _spaced(rng, m.group(1), "/", m.group(2)), text)
    text = re.sub(r"\b([A-ZĐ]{2,})-([A-ZĐ]{2,})\b", lambda m: _spaced(rng, m.group(1), "-", m.group(2)), text)
    text = re.sub(r"(Số|Kính gửi|Nơi nhận):", lambda m: m.group(1) + rng.choice((":", " :", ":", ";")), text)
    lines = []
    for line in text.split("\n"):
        if not line and rng.random() < 0.3:
            continue
        if len(line) > 50 and rng.random() < 0.12:
            cut = line.find(" ", rng.randint(20, len(line) - 20))
            if cut > 0:
                lines += [line[:cut], line[cut + 1 :]]
                continue
        lines.append(line)
    return "".join(_noisy_char(rng, char) for char in "\n".join(lines))


def _spaced(rng: random.Random, left: str, mark: str, right: str) -> str:
    return left + rng.choice((mark, mark, f" {mark} ", f" {mark}", f"{mark} ")) + right


def _noisy_char(rng: random.Random, char: str) -> str:
    if char == "O" and rng.random() < 0.05:
        return "0"
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 1 or rng.random() > 0.12:
        return char
    base, marks = decomposed[0], decomposed[1:]
    choice = rng.random()
    if choice < 0.4:
        return base
    others = "".join(mark for mark in marks if mark not in _TONES)
    if choice < 0.7:
        return unicodedata.normalize("NFC", base + others)
    return unicodedata.normalize("NFC", base + others + rng.choice(_TONES))


# --- scoring -------------------------------------------------------------------------------------------------------

SCORED = (
    "issuer",
    "number",
    "notation",
    "issued_place",
    "issued_date",
    "document_type",
    "subject",
    "recipients",
    "signer",
    "signing_capacity",
    "signer_position",
    "urgency",
    "secrecy",
)


def score(truth: Truth, suggestions, exact: bool = True) -> dict[str, bool]:
    """Which fields ``suggestions`` got right: as written when ``exact``, else once folded (no diacritics, case,
    punctuation or line breaks: what the noise or OCR garbled is not the parser's to restore)."""
    result = {}
    for name in SCORED:
        expected, got = getattr(truth, name), getattr(suggestions, name).value
        if name == "number":
            result[name] = bool(got) and int(got) == int(expected)
        elif name == "recipients":
            result[name] = tuple(map(_comparable(exact), got)) == tuple(map(_comparable(exact), expected))
        elif isinstance(expected, str):
            result[name] = _comparable(exact)(got or "") == _comparable(exact)(expected)
        else:
            result[name] = got == expected
    return result


def _comparable(exact: bool):
    return (lambda text: " ".join(str(text).split())) if exact else (lambda text: words(str(text)))


# --- images --------------------------------------------------------------------------------------------------------

FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"


def page_image(document: Document, dpi: int = 300) -> bytes:
    """The document as an A4 page scanned at ``dpi`` (PNG): the header's and the signature's columns where the
    Decree puts them (the agency left, the motto right), 13 pt Noto Serif, titles in bold."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 300
    size, row = round(50 * scale), round(76 * scale)
    regular, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(FONT_BOLD, size)
    image = Image.new("L", (round(2480 * scale), round(3508 * scale)), 255)
    draw = ImageDraw.Draw(image)
    left, right, width = round(200 * scale), round(1300 * scale), round(2480 * scale)
    y = round(200 * scale)
    for first, second in document.header:
        draw.text((left, y), first, font=bold if first.isupper() else regular, fill=0)
        draw.text((right, y), second, font=bold if second.isupper() else regular, fill=0)
        y += row
    y += row
    for line in document.middle:
        font = bold if line.isupper() else regular
        centred = line.isupper() or line.startswith("Kính gửi") or line.startswith("----")
        x = (width - draw.textlength(line, font=font)) / 2 if centred else left
        draw.text((x, y), line, font=font, fill=0)
        y += row
    y += row
    for first, second in document.footer:
        draw.text((left, y), first, font=regular, fill=0)
        draw.text((right + round(150 * scale), y), second, font=bold if second.isupper() else regular, fill=0)
        y += row
    buffer = io.BytesIO()
    image.crop((0, 0, image.width, min(image.height, y + row * 2))).save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
