"""The demo's files, generated when the demo is loaded (nothing binary is committed): an official letter as a
born-digital PDF, the same kind of letter as a 300 dpi scan (read by OCR on the demo's own workers), and the EICAR
anti-virus test file, so that the agency administrator finds something in "Tệp bị chặn"."""

import io

from PIL import Image, ImageDraw, ImageFont

from apps.documents.inputs import Upload

FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"
# The industry's harmless test string that every scanner reports as a virus (split so no scanner flags this file).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"


def letter_lines(issuer: str, number: str, subject: str) -> list[str]:
    return [
        issuer.upper(),
        f"Số: {number}",
        "Đồng Nai, ngày 02 tháng 12 năm 2026",
        f"V/v {subject[:1].lower()}{subject[1:]}",
        "Kính gửi: Sở Nội vụ tỉnh Đồng Nai.",
        "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, đề nghị quý cơ quan",
        "phối hợp triển khai, báo cáo kết quả thực hiện đúng thời hạn.",
        "Nơi nhận: như trên; lưu văn thư.",
        "KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC  Trần Văn Minh",
    ]


def letter_pdf(name: str, lines: list[str]) -> Upload:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    data = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    return Upload(content=io.BytesIO(data), name=name, content_type="application/pdf")


def scanned_png(name: str, lines: list[str]) -> Upload:
    """The letter as a clean greyscale scan at 300 dpi."""
    font, bold = ImageFont.truetype(FONT, 46), ImageFont.truetype(BOLD, 46)
    image = Image.new("L", (2480, 260 + 100 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((200, 150 + number * 100), line, font=bold if number in (0, 3) else font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(300, 300))
    buffer.seek(0)
    return Upload(content=buffer, name=name, content_type="image/png")


def eicar(name: str) -> Upload:
    return Upload(content=io.BytesIO(EICAR), name=name, content_type="application/pdf")
