"""The steps of the intake chain, in order (``STEPS``). Each takes the run's ``Intake`` and returns ``None`` to go
on or an outcome (``Refused``, ``Quarantined``, ``Failed``) that stops the chain. Not yet here: storing (the
documents app stores content-addressed today), indexing and suggestions."""

import io
import unicodedata

import magic
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ocr import clamav, office, pdf
from ocr.chain import Failed, Intake, Outcome, Quarantined, Refused

# libmagic reads no further than this into a file (the allowed formats are recognised by their first bytes).
SNIFF_BYTES = 1024 * 1024
PDF = "application/pdf"
IMAGES = {"image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}
OFFICE = set(office.FILTERS)  # DOCX, XLSX, ODT
ALLOWED = {PDF, *IMAGES, *OFFICE}
# ocrmypdf's exit codes (ocrmypdf.ExitCode) that say something about the input rather than the machine.
OCR_INPUT_INVALID, OCR_ENCRYPTED = 2, 8
# Below this an image's claimed resolution is taken as missing (JFIF's default 1 × 1) and 300 dpi assumed.
MIN_SENSIBLE_DPI = 72


def check_size(intake: Intake) -> Outcome | None:
    if not intake.data:
        return Refused("empty", _("The file is empty."))
    if len(intake.data) > intake.limits.max_bytes:
        limit = f"{intake.limits.max_bytes / 1024 / 1024:g}"
        return Refused("too_large", _("The file is larger than %(limit)s MB.") % {"limit": limit})
    return None


def scan(intake: Intake) -> Outcome | None:
    """clamd over INSTREAM. Unreachable clamd is a transient failure (never "clean"); a file over clamd's limits
    comes back as a Heuristics.Limits.Exceeded signature (AlertExceedsMax) and is quarantined as suspect."""
    try:
        result = clamav.scan_bytes(intake.data)
    except clamav.ScannerUnavailable as exc:
        intake.log.warning("scanner unavailable: %s", exc)
        return Failed(True, "scanner_unavailable", _("The virus scanner is unavailable; the file will be retried."))
    if not result.clean:
        intake.log.warning("quarantined: %s", result.signature)
        return Quarantined(result.signature)
    return None


def detect_type(intake: Intake) -> Outcome | None:
    """The type read from the bytes (libmagic), never from the name or the declared type. Only recorded here:
    the allow-list is applied after the scan (so that an infected file is quarantined, whatever its type)."""
    intake.detected_type = (magic.from_buffer(intake.data[:SNIFF_BYTES], mime=True) or "")[:100]
    return None


def check_pixels(intake: Intake) -> Outcome | None:
    """An image over the pixel limit is refused from its header, before anything (clamd included) decodes it."""
    if intake.detected_type not in IMAGES:
        return None
    try:
        with Image.open(io.BytesIO(intake.data)) as image:  # reads the header only
            width, height = image.size
            intake.pages = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:  # Pillow's own bound, far above ours
        width = height = intake.limits.max_pixels
    except (UnidentifiedImageError, OSError, ValueError):
        return Refused("corrupt", _("The image is damaged and cannot be read."))
    if width * height > intake.limits.max_pixels:
        intake.log.info("image %dx%d over the pixel limit", width, height)
        return Refused(
            "too_many_pixels",
            _("The image is too large (more than %(limit)s million pixels).")
            % {"limit": f"{intake.limits.max_pixels / 1_000_000:g}"},
        )
    return None


def check_type(intake: Intake) -> Outcome | None:
    """The allow-list: PDF, DOCX, XLSX, ODT, JPEG, PNG, TIFF; anything else (HTML, SVG, a lying name) refused."""
    if intake.detected_type not in ALLOWED:
        intake.log.info("type %s refused (named %s)", intake.detected_type, intake.name)
        return Refused(
            "type_not_allowed",
            _("This type of file (%(type)s) is not accepted: send a PDF, DOCX, XLSX, ODT, JPEG, PNG or TIFF file.")
            % {"type": intake.detected_type or "?"},
        )
    return None


def inspect(intake: Intake) -> Outcome | None:
    """A PDF: encrypted, corrupt or scripted is refused; signed is flagged; no text layer at all means OCR.
    An image (its pixels already checked) is OCR'd."""
    if intake.detected_type == PDF:
        return _inspect_pdf(intake)
    intake.needs_ocr = intake.detected_type in IMAGES
    return None


def _inspect_pdf(intake: Intake) -> Outcome | None:
    facts = pdf.inspect(intake.data)
    if facts.problem == "encrypted":
        return Refused("encrypted", _("The PDF is protected by a password; send it without the password."))
    if facts.problem == "corrupt":
        return Refused("corrupt", _("The PDF is damaged and cannot be read."))
    if facts.javascript:
        return Refused("javascript", _("The PDF contains JavaScript and is not accepted."))
    intake.pages = facts.pages
    intake.flags |= {"signed"} if facts.signed else set()
    intake.flags |= {"restricted"} if facts.restricted else set()
    # A PDF with any text layer keeps it (read, never rewritten); only a PDF with none is OCR'd. Pages without
    # text in a PDF that has some are flagged (ocrmypdf --skip-text needs a newer Ghostscript than Debian 12's).
    pages = pdf.text_layer(intake.data)
    with_text = pdf.pages_with_text(pages)
    intake.text, intake.needs_ocr = "\f".join(pages), not with_text
    intake.flags |= {"partial_text"} if 0 < with_text < facts.pages else set()
    return None


def convert_office(intake: Intake) -> Outcome | None:
    """An office document carrying macros is refused; any other becomes a PDF by LibreOffice (the preview, kept
    apart from the original), whose text layer is the document's text."""
    if intake.detected_type not in OFFICE:
        return None
    try:
        if office.has_macros(intake.data):
            intake.flags.add("macros")
            return Refused(
                "macros",
                _("The document contains macros and is not accepted: save it without macros and send it again."),
            )
    except office.Unreadable as exc:
        intake.log.info("office document unreadable: %s", exc)
        return Refused("corrupt", _("The document is damaged and cannot be read."))
    job = office.ConversionJob(
        data=intake.data,
        detected_type=intake.detected_type,
        timeout=intake.limits.office_timeout,
        max_output_bytes=intake.limits.max_preview_bytes,
    )
    converted = office.convert(job)
    intake.log.info("soffice: exit %s%s", converted.returncode, " (timed out)" if converted.timed_out else "")
    facts = pdf.inspect(converted.pdf) if converted.pdf else None
    if facts is None or facts.problem:
        return _conversion_failure(intake, converted)
    intake.preview_pdf, intake.pages = converted.pdf, facts.pages
    intake.text = "\f".join(pdf.text_layer(converted.pdf))
    intake.flags.add("converted")
    return None


def _conversion_failure(intake: Intake, converted: office.Conversion) -> Outcome:
    if converted.unavailable:
        message = _("The document converter is unavailable; the file will be retried.")
        return Failed(True, "converter_unavailable", message)
    if converted.timed_out:
        return Failed(False, "conversion_timeout", _("Converting the document to PDF took too long."))
    if converted.not_loaded:
        return Refused("corrupt", _("The document is damaged and cannot be read."))
    if converted.too_large:
        return Refused("preview_too_large", _("The document is too large to be converted to PDF."))
    intake.log.error("soffice failed: %s", converted.stderr)
    return Failed(False, "conversion_failed", _("The document could not be converted to PDF."))


def ocr(intake: Intake) -> Outcome | None:
    """ocrmypdf -l vie --deskew into PDF/A; a signed PDF only gives its text (the original is what is served)."""
    if not intake.needs_ocr:
        return None
    if intake.pages > intake.limits.max_ocr_pages:
        return Refused(
            "too_many_pages",
            _("The scan has too many pages to be read (at most %(max)s).") % {"max": intake.limits.max_ocr_pages},
        )
    output = pdf.ocr(_ocr_job(intake))
    intake.log.info("ocr: exit %s%s", output.returncode, " (timed out)" if output.timed_out else "")
    if output.timed_out or output.returncode:
        return _ocr_failure(intake, output)
    intake.text, intake.ocr_pdf = output.text, output.pdf
    intake.flags.add("ocr")
    return None


def _ocr_failure(intake: Intake, output: pdf.OcrOutput) -> Outcome:
    if output.timed_out:
        return Failed(False, "ocr_timeout", _("Reading the scan took too long."))
    if output.returncode == OCR_ENCRYPTED:
        return Refused("encrypted", _("The PDF is protected by a password; send it without the password."))
    if output.returncode == OCR_INPUT_INVALID:
        return Refused("corrupt", _("The file is damaged and cannot be read."))
    intake.log.error("ocrmypdf failed: %s", output.stderr)
    return Failed(False, "ocr_failed", _("The scan could not be read."))


def _ocr_job(intake: Intake) -> pdf.OcrJob:
    image_dpi = None
    if intake.detected_type in IMAGES:
        with Image.open(io.BytesIO(intake.data)) as image:
            claimed = image.info.get("dpi") or (0, 0)
            image_dpi = None if min(claimed) >= MIN_SENSIBLE_DPI else 300  # a scan that claims no (or 1) dpi
    return pdf.OcrJob(
        data=intake.data,
        suffix=IMAGES.get(intake.detected_type, ".pdf"),
        pages=max(intake.pages, 1),
        page_timeout=intake.limits.page_timeout,
        max_pixels=intake.limits.max_pixels,
        keep_pdf="signed" not in intake.flags,
        image_dpi=image_dpi,
        progress=intake.progress,
    )


def normalise_text(intake: Intake) -> Outcome | None:
    """NFC, so that the same Vietnamese letter is one code point whether it came from OCR or a text layer."""
    intake.text = unicodedata.normalize("NFC", intake.text).replace("\x00", "")
    return None


STEPS = (check_size, detect_type, check_pixels, scan, check_type, inspect, convert_office, ocr, normalise_text)

# The chain in two stages, so that a batch of scans never delays the checks of other files (separate queues):
# the scan stage ends after the PDF inspection; the heavy stage (OCR, conversion: every step after ``inspect``)
# re-reads the facts it needs from the bytes (type, PDF inspection: cheap) and never repeats the virus scan.
_HEAVY_FROM = STEPS.index(inspect) + 1
SCAN_STEPS = (*STEPS[:_HEAVY_FROM], normalise_text)
HEAVY_STEPS = (detect_type, inspect, *STEPS[_HEAVY_FROM:])


def needs_heavy_stage(detected_type: str, needs_ocr: bool) -> bool:
    """Whether a file that passed the scan stage still has to be read (OCR) or converted (office documents)."""
    return needs_ocr or detected_type in OFFICE
