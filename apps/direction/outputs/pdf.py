"""The printouts of work direction as PDF, through the one PDF maker of the agency's printouts
(registers.exports.pdf.html_to_pdf: weasyprint, nothing fetched, page-by-page progress)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from apps.registers.exports.pdf import STYLESHEET as REGISTER_STYLESHEET
from apps.registers.exports.pdf import column_widths, html_to_pdf
from apps.registers.exports.printout import Progress

from .printing import Table
from .slip import SlipPrintout

STYLESHEET = Path(__file__).with_name("outputs.css")


def stylesheet() -> str:
    """The printed registers' stylesheet (pages, marking, fonts, tables), then this app's additions."""
    return REGISTER_STYLESHEET.read_text() + STYLESHEET.read_text()


def slip_pdf(slip: SlipPrintout) -> bytes:
    with override(settings.LANGUAGE_CODE):
        html = render_to_string("direction/outputs/slip_pdf.html", {"p": slip})
    return html_to_pdf(html, stylesheet())


def table_pdf(table: Table, progress: Progress | None = None) -> bytes:
    rows = [list(zip(table.columns, row, strict=True)) for row in table.rows]
    totals = list(zip(table.columns, table.totals, strict=True)) if table.totals else None
    with override(settings.LANGUAGE_CODE):
        html = render_to_string("direction/outputs/table_pdf.html", {"t": table, "rows": rows, "totals": totals})
    return html_to_pdf(html, stylesheet() + column_widths(table.columns), progress=progress, rows=len(table.rows))
