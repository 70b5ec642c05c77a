"""Office documents the intake tests feed the chain, written here part by part (DOCX and ODT are zip files of XML
parts; nothing binary is committed): Vietnamese text, macros, a linked image, damage."""

import io
import random
import zipfile
from xml.sax.saxutils import escape

from PIL import Image

from ocr.tests.files import LETTER

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="{main}"/></Types>"""
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="word/document.xml"/></Relationships>"""
# A picture of 16 × 16 cm whose image is embedded (r:embed) or linked from outside (r:link) by relationship {rid}.
PICTURE = """<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">
<wp:extent cx="5760000" cy="5760000"/><wp:docPr id="{number}" name="Hinh{number}"/>
<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:nvPicPr><pic:cNvPr id="{number}" name="Hinh{number}"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip r:{how}="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5760000" cy="5760000"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>
</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"""

ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)
# A macro bound to the document's opening, as LibreOffice writes it.
ODT_ON_OPEN = (
    '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" '
    'script:event-name="office:load" xlink:type="simple" '
    'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
    "</office:event-listeners></office:scripts>"
)


def docx(
    lines: list[str] = LETTER,
    *,
    linked_image: str = "",
    photos: int = 0,
    main: str = DOCX_MAIN,
    extra: dict | None = None,
) -> bytes:
    """A Word document of ``lines`` (one paragraph each), then a picture linked from ``linked_image`` (a URL) if
    given and ``photos`` pictures of noise inside it (about 150 kB each, that compress to nothing smaller); ``extra``
    parts are added as they are (replacing a part of the same name)."""
    paragraphs = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    parts = {"[Content_Types].xml": CONTENT_TYPES.format(main=main), "_rels/.rels": ROOT_RELS}
    relations = []
    if linked_image:
        relations.append(f'Id="rIdLink" Type="{IMAGE_REL}" Target="{escape(linked_image)}" TargetMode="External"')
        paragraphs += f"<w:p><w:r>{PICTURE.format(number=1, how='link', rid='rIdLink')}</w:r></w:p>"
    for number in range(2, photos + 2):
        relations.append(f'Id="rId{number}" Type="{IMAGE_REL}" Target="media/anh{number}.png"')
        parts[f"word/media/anh{number}.png"] = noise_png(seed=number)
        paragraphs += f"<w:p><w:r>{PICTURE.format(number=number, how='embed', rid=f'rId{number}')}</w:r></w:p>"
    rows = "".join(f"<Relationship {relation}/>" for relation in relations)
    parts["word/_rels/document.xml.rels"] = f'<Relationships xmlns="{PACKAGE_RELS}">{rows}</Relationships>'
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{paragraphs}</w:body></w:document>'
    )
    return _zipped({**parts, **(extra or {})})


def noise_png(seed: int, side: int = 220) -> bytes:
    """An RGB PNG of random pixels (about 150 kB: noise does not compress)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def odt(lines: list[str] = LETTER, *, scripts: str = "", extra: dict | None = None) -> bytes:
    """An OpenDocument text of ``lines``: its "mimetype" entry first and stored, as the format requires."""
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in lines)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NAMESPACES}>{scripts}'
        f"<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_TYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zipped({"mimetype": ODT_TYPE, "content.xml": content, "META-INF/manifest.xml": manifest, **(extra or {})})


def xlsx(rows: list[list[str]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows or [["Số ký hiệu", "Trích yếu"], ["189/TB-UBND", "Thông báo họp giao ban tháng mười"]]:
        book.active.append(row)
    # A cell's text that overflows into a filled neighbour is cut in print (and so in the PDF): sized columns.
    book.active.column_dimensions["A"].width = 20
    book.active.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_with_macros() -> bytes:
    """A macro-enabled Word document (as Word saves a .docm) carrying its VBA project."""
    return docx(main=DOCM_MAIN, extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})


def odt_with_basic() -> bytes:
    """An OpenDocument text with a Basic library and a macro run on opening."""
    module = '<?xml version="1.0"?><script:module script:name="Module1">Sub Main\nEnd Sub</script:module>'
    return odt(scripts=ODT_ON_OPEN, extra={"Basic/Standard/Module1.xml": module})


def docx_damaged_inside() -> bytes:
    """A zip that is a Word document by its parts, whose document part is not XML."""
    return docx(extra={"word/document.xml": b"<w:document \x00\x13 hong <<<"})


def docx_truncated() -> bytes:
    """A Word document cut off in the middle (its zip directory lost)."""
    data = docx()
    return data[: len(data) // 2]


def _zipped(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, method)
    return buffer.getvalue()
