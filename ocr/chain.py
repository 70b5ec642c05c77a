"""The intake chain: a file's bytes go through small steps, each of which may stop the chain with a typed outcome.

A run has an id (a UUID) that appears in every log line it writes. Each step is a function taking the run's
``Intake`` and returning ``None`` (go on) or an outcome that stops the chain: ``Refused`` (the file is not
accepted: empty, too large, a type outside the allow-list, encrypted, corrupt, scripted), ``Quarantined`` (clamd
found a signature, or the file is over clamd's limits and so suspect) or ``Failed`` (something broke; a
``transient`` failure such as clamd being down is worth retrying, never a pass). The steps themselves live in
``ocr.steps``; the original bytes are never modified (an OCR'd copy is kept apart in ``ocr_pdf``, an office
document's conversion to PDF in ``preview_pdf``).

Reasons are in Vietnamese through gettext (``message_vi``); the machine-readable ``reason_code`` is stable."""

import logging
import time
import uuid
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("ocr.intake")

READY, QUARANTINED, REFUSED, FAILED = "ready", "quarantined", "refused", "failed"


@dataclass(frozen=True, slots=True)
class Refused:
    """The file is not accepted (empty, too large, a type outside the allow-list, encrypted, damaged…)."""

    reason_code: str
    message_vi: str


@dataclass(frozen=True, slots=True)
class Quarantined:
    """clamd found ``signature`` (or the file is over its limits: Heuristics.Limits.Exceeded.*)."""

    signature: str


@dataclass(frozen=True, slots=True)
class Failed:
    """Something broke; ``transient`` (clamd down) is worth retrying, the rest needs a person."""

    transient: bool
    reason_code: str
    message_vi: str


Outcome = Refused | Quarantined | Failed


@dataclass(frozen=True)
class Limits:
    """How much a run accepts: bytes, pixels of an image page, seconds of OCR per page."""

    max_bytes: int
    max_pixels: int = 200_000_000
    page_timeout: float = 120.0
    max_ocr_pages: int = 200
    # An office document's conversion to PDF: its time, and the size of the PDF it may make.
    office_timeout: float = 120.0
    max_preview_bytes: int = 200 * 1024 * 1024

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.MAX_UPLOAD_MB * 1024 * 1024,
            max_pixels=getattr(settings, "INTAKE_MAX_PIXELS", cls.max_pixels),
            page_timeout=getattr(settings, "INTAKE_PAGE_TIMEOUT", cls.page_timeout),
            max_ocr_pages=getattr(settings, "INTAKE_MAX_OCR_PAGES", cls.max_ocr_pages),
            office_timeout=getattr(settings, "INTAKE_OFFICE_TIMEOUT", cls.office_timeout),
        )


class RunLogger(logging.LoggerAdapter):
    """Prefixes every line with the run's id, so that one file's journey can be followed in the logs."""

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, MutableMapping[str, Any]]:
        return f"[intake {self.extra['run_id']}] {msg}", kwargs


@dataclass
class Intake:
    """One run's working state, filled in by the steps."""

    data: bytes
    name: str
    limits: Limits
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    detected_type: str = ""
    pages: int = 0
    text: str = ""
    needs_ocr: bool = False
    ocr_pdf: bytes | None = None
    preview_pdf: bytes | None = None
    flags: set[str] = field(default_factory=set)
    # Told (pages done, pages in all) while OCR runs, for "OCR page k of n" (ocr.pdf.Progress).
    progress: Callable[[int, int], None] | None = None

    def __post_init__(self) -> None:
        self.log = RunLogger(logger, {"run_id": self.run_id})


@dataclass(frozen=True)
class IntakeResult:
    run_id: str
    state: str
    detected_type: str = ""
    text: str = ""
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    reason_code: str = ""
    reason: str = ""
    signature: str = ""
    transient: bool = False
    flags: tuple[str, ...] = ()
    # Passed, but the heavy stage (OCR, conversion) is still to run: ``run(..., steps=HEAVY_STEPS)`` on the OCR queue.
    needs_ocr: bool = False
    # The OCR'd PDF/A copy, when the chain made one (never for a signed PDF or one that already had text).
    ocr_pdf: bytes | None = None
    # An office document converted to PDF by LibreOffice (the preview; the original is kept as it came).
    preview_pdf: bytes | None = None

    def as_json(self) -> dict[str, Any]:
        """Machine fields only (no Vietnamese reason, no PDF bytes): what ``intake_file --json`` prints."""
        binary = ("reason", "ocr_pdf", "preview_pdf")
        fields = {name: value for name, value in asdict(self).items() if name not in binary}
        sizes = {"ocr_pdf_bytes": len(self.ocr_pdf or b""), "preview_pdf_bytes": len(self.preview_pdf or b"")}
        return {**fields, "flags": list(self.flags), **sizes}


Step = Callable[[Intake], Outcome | None]


def run(
    data: bytes,
    name: str,
    limits: Limits | None = None,
    steps: Iterable[Step] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IntakeResult:
    """Run ``data`` (named ``name`` by its uploader) through the chain (``steps``: all of them, or one stage of it:
    ``ocr.steps.SCAN_STEPS`` then ``HEAVY_STEPS``) and describe the outcome."""
    from ocr import steps as default_steps  # the steps import this module's outcomes

    intake = Intake(data=data, name=name, limits=limits or Limits.from_settings(), progress=progress)
    intake.log.info("start: %s, %d bytes", name, len(data))
    timings: dict[str, float] = {}
    outcome: Outcome | None = None
    with translation.override("vi"):
        for step in default_steps.STEPS if steps is None else steps:
            started = time.monotonic()
            outcome = _guarded(step, intake)
            timings[step.__name__] = round(time.monotonic() - started, 3)
            if outcome is not None:
                break
        result = _result(intake, outcome, timings)
    intake.log.info("end: %s %s %s", result.state, result.reason_code or result.signature, timings)
    return result


def _guarded(step: Step, intake: Intake) -> Outcome | None:
    """A step's own exception never escapes the chain: it becomes a (non-transient) failure."""
    try:
        return step(intake)
    except Exception:
        intake.log.exception("step %s raised", step.__name__)
        return Failed(False, "internal_error", _("The file could not be processed (internal error)."))


def _result(intake: Intake, outcome: Outcome | None, timings: dict[str, float]) -> IntakeResult:
    common = {
        "run_id": intake.run_id,
        "detected_type": intake.detected_type,
        "pages": intake.pages,
        "timings": timings,
        "flags": tuple(sorted(intake.flags)),
    }
    if isinstance(outcome, Quarantined):
        reason = _("The file is infected or suspect (%(signature)s); it is kept in quarantine.") % {
            "signature": outcome.signature
        }
        return IntakeResult(
            state=QUARANTINED, signature=outcome.signature, reason_code="infected", reason=reason, **common
        )
    if isinstance(outcome, Refused):
        return IntakeResult(state=REFUSED, reason_code=outcome.reason_code, reason=outcome.message_vi, **common)
    if isinstance(outcome, Failed):
        return IntakeResult(
            state=FAILED,
            reason_code=outcome.reason_code,
            reason=outcome.message_vi,
            transient=outcome.transient,
            **common,
        )
    pending = intake.needs_ocr and intake.ocr_pdf is None and "ocr" not in intake.flags
    return IntakeResult(
        state=READY,
        text=intake.text,
        ocr_pdf=intake.ocr_pdf,
        preview_pdf=intake.preview_pdf,
        needs_ocr=pending,
        **common,
    )
