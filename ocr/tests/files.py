"""Files the intake tests feed the chain, generated here (nothing binary is committed)."""

import functools
import io
import random
import struct
import subprocess
import time
import zipfile
import zlib
from collections.abc import Callable

import pikepdf
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
DPI = 300

# A page of a Vietnamese administrative letter: every tone mark and the letters ă â đ ê ô ơ ư.
LETTER = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    "Số: 189/TB-UBND",
    "Đồng Nai, ngày 21 tháng 10 năm 2022",
    "THÔNG BÁO",
    "Về việc tổ chức họp giao ban công tác tháng mười",
    "Kính gửi: Sở Nội vụ; Sở Tài chính; Văn phòng Ủy ban.",
    "Ủy ban nhân dân tỉnh thông báo kết quả cuộc họp và yêu cầu",
    "các đơn vị khẩn trương triển khai thực hiện đúng thời hạn,",
    "bảo đảm chất lượng, hiệu quả; những vướng mắc phát sinh",
    "được tổng hợp, báo cáo trước ngày mười lăm hằng tháng.",
    "Nơi nhận: như trên; lưu văn thư, phòng Kinh tế ngành.",
    "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH  Nguyễn Thị Hoàng Yến",
]


def letter_image() -> Image.Image:
    """The letter as a clean A4-wide greyscale scan at 300 dpi (12 pt text)."""
    font = ImageFont.truetype(FONT, 50)
    image = Image.new("L", (2480, 220 + 110 * len(LETTER)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(LETTER):
        draw.text((200, 150 + number * 110), line, font=font, fill=0)
    return image


def scanned_letter_image() -> Image.Image:
    """The letter as a scanner gives it: turned by 1.5° and speckled with 20,000 black and white dots."""
    image = letter_image().rotate(1.5, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    dots, pixels = random.Random(7), image.load()
    for _ in range(20_000):
        pixels[dots.randrange(image.width), dots.randrange(image.height)] = dots.choice((0, 255))
    return image


def letter_png() -> bytes:
    buffer = io.BytesIO()
    letter_image().save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """The scanned letter as an image-only PDF (what a scanner sends): no text layer."""
    buffer = io.BytesIO()
    scanned_letter_image().save(buffer, "PDF", resolution=DPI)
    return buffer.getvalue()


@functools.cache
def born_digital_pdf() -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in LETTER)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def signed(data: bytes) -> bytes:
    """``data`` with a signature field whose value carries a /ByteRange, as a signing tool leaves it."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        value = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                ByteRange=pikepdf.Array([0, 0, 0, 0]),
                Contents=pikepdf.String(b"\0" * 64),
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(FT=pikepdf.Name.Sig, T=pikepdf.String("Chữ ký"), V=value, Rect=[0, 0, 0, 0])
        )
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]), SigFlags=3)
        return _saved(pdf)


def with_javascript() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    return _saved(pdf)


def encrypted() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return _saved(pdf, encryption=pikepdf.Encryption(owner="chu-so-huu", user="mat-khau"))


def _saved(pdf: pikepdf.Pdf, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` white pixels: ~50 kB on disk, 400 MB once decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack("!I", len(body)) + kind + body + struct.pack("!I", zlib.crc32(kind + body))

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    header = struct.pack("!IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(row * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def nested_zip(depth: int = 20) -> bytes:
    """A zip inside a zip… ``depth`` times: deeper than clamd's MaxRecursion (17), so it cannot be fully scanned."""
    data = "Công văn".encode()
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"lop-{level}.zip" if level else "cong-van.txt", data)
        data = buffer.getvalue()
    return data


def character_error_rate(found: str, expected: str) -> float:
    """Levenshtein distance over the expected length, whitespace runs counted as one space."""
    found, expected = " ".join(found.split()), " ".join(expected.split())
    previous = list(range(len(found) + 1))
    for i, want in enumerate(expected, start=1):
        current = [i]
        for j, got in enumerate(found, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (want != got)))
        previous = current
    return previous[-1] / max(len(expected), 1)


def stopped_in_time(run: Callable[[], object], children: str, seconds: float = 5) -> object:
    """``run()``'s result, checked to have come back within ``seconds`` with no process left whose command line
    matches ``children`` (a child run past its time is killed with its whole process group; the children's work
    folders carry the test process's pid, so that other runs on the machine are not counted)."""
    started = time.monotonic()
    result = run()
    assert time.monotonic() - started < seconds
    leftovers = subprocess.run(["pgrep", "-f", children], capture_output=True, text=True).stdout
    assert not leftovers.strip(), leftovers
    return result
