"""A printed register as a PDF (weasyprint): the cover on an A4 portrait page, the register on A4 landscape pages,
in Liberation Serif, headings repeated on every page, page numbers and the marking in the footer. The printout is
self-contained: the stylesheet is read from this folder and weasyprint may fetch nothing."""

import logging
import math
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from .printout import Printout, Progress

STYLESHEET = Path(__file__).with_name("register.css")
# About this many rows fit on a landscape page (docs/benchmarks.md): the layout's progress is its page over this.
ROWS_PER_PAGE = 10
# weasyprint reports each page it lays out on this logger ("Step 5 - Creating layout - Page 12").
PROGRESS_LOGGER = "weasyprint.progress"
PAGE = re.compile(r"Creating layout - Page (\d+)")


class PageProgress(logging.Handler):
    """Turns weasyprint's page-by-page log into progress(page, expected pages) while one PDF is laid out."""

    def __init__(self, progress: Progress, rows: int) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.expected = 1 + max(1, math.ceil(rows / ROWS_PER_PAGE))

    def emit(self, record: logging.LogRecord) -> None:
        match = PAGE.search(record.getMessage())
        if match:
            page = int(match.group(1))
            self.progress(min(page, self.expected), self.expected)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
    """weasyprint is never allowed to fetch anything (no file, no network)."""
    raise ValueError(f"refused to fetch {url}")


def column_rules(printout: Printout) -> str:
    """Each column's share of the table's width, from the widths of the printed form."""
    return column_widths(printout.columns)


def column_widths(columns: tuple | list) -> str:
    """CSS giving each ``col.c<n>`` its share of the table's width, from the columns' widths in mm."""
    total = sum(c.width_mm for c in columns) or 1
    return "\n".join(f"col.c{n} {{ width: {100 * c.width_mm / total:.2f}%; }}" for n, c in enumerate(columns, start=1))


def html_to_pdf(html: str, stylesheet: str, *, progress: Progress | None = None, rows: int = 0) -> bytes:
    """A self-contained HTML page and its stylesheet as PDF bytes (weasyprint fetches nothing); ``progress(page
    laid out, pages expected)`` as the pages of a table of ``rows`` rows are laid out, the last call once done.
    Every printout of the agency (registers, direction's slip, books and reports) is made here."""
    from weasyprint import CSS, HTML

    css = CSS(string=stylesheet, url_fetcher=_refuse_fetch)
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = PageProgress(progress, rows) if progress else None
    if handler:
        logger.addHandler(handler)
    try:
        document = HTML(string=html, url_fetcher=_refuse_fetch).render(stylesheets=[css])
    finally:
        if handler:
            logger.removeHandler(handler)
    if handler:
        progress(handler.expected, handler.expected)
    return document.write_pdf()


def to_pdf(printout: Printout, progress: Progress | None = None) -> bytes:
    """The PDF's bytes; ``progress(page laid out, pages expected)`` as weasyprint lays the pages out (the long
    part), the last call once the layout is done."""
    rows = [list(zip(printout.columns, row.cells, strict=True)) for row in printout.rows]
    with override(settings.LANGUAGE_CODE):
        html = render_to_string("registers/print/register.html", {"p": printout, "rows": rows})
    stylesheet = STYLESHEET.read_text() + column_rules(printout)
    return html_to_pdf(html, stylesheet, progress=progress, rows=len(printout.rows))
