"""An ocrmypdf plugin, loaded with ``--plugin`` into the OCR child process (ocr.pdf): instead of drawing a progress
bar it writes "done total" of the page-by-page OCR stage to the file named by ``INTAKE_PROGRESS_FILE``, which the
parent reads to show "OCR page k of n". Other stages (scanning contents, PDF/A conversion) are not reported."""

import os

from ocrmypdf import hookimpl

PROGRESS_FILE = "INTAKE_PROGRESS_FILE"


class PageProgress:
    """ocrmypdf's ProgressBar protocol: created per stage, entered, updated, exited."""

    def __init__(self, *, total: float | None = None, desc: str | None = None, unit: str | None = None, **_: object):
        self.total = int(total or 0)
        self.done = 0.0
        self.path = os.environ.get(PROGRESS_FILE) if unit == "page" and desc == "OCR" else None

    def __enter__(self) -> "PageProgress":
        self._write()
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    def update(self, n: float = 1, *, completed: float | None = None) -> None:
        self.done = completed if completed is not None else self.done + n
        self._write()

    def _write(self) -> None:
        if not self.path or not self.total:
            return
        partial = f"{self.path}.part"
        with open(partial, "w", encoding="ascii") as handle:
            handle.write(f"{min(int(self.done), self.total)} {self.total}")
        os.replace(partial, self.path)  # the reader never sees half a line


@hookimpl
def get_progressbar_class() -> type[PageProgress]:
    return PageProgress
