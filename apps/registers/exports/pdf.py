"""A printed register as a PDF (weasyprint): the cover on an A4 portrait page, the register on A4 landscape pages,
in Liberation Serif, headings repeated on every page, page numbers and the marking in the footer. The printout is
self-contained: the stylesheet is read from this folder and weasyprint may fetch nothing."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from .printout import Printout, Progress

STYLESHEET = Path(__file__).with_name("register.css")


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
    """weasyprint is never allowed to fetch anything (no file, no network)."""
    raise ValueError(f"refused to fetch {url}")


def column_rules(printout: Printout) -> str:
    """Each column's share of the table's width, from the widths of the printed form."""
    total = sum(c.width_mm for c in printout.columns) or 1
    return "\n".join(
        f"col.c{n} {{ width: {100 * c.width_mm / total:.2f}%; }}" for n, c in enumerate(printout.columns, start=1)
    )


def to_pdf(printout: Printout, progress: Progress | None = None) -> bytes:
    """The PDF's bytes. weasyprint lays the whole table out at once, so ``progress`` hears of two steps: the layout
    done (the long part), then the file written."""
    from weasyprint import CSS, HTML

    rows = [list(zip(printout.columns, row.cells, strict=True)) for row in printout.rows]
    with override(settings.LANGUAGE_CODE):
        html = render_to_string("registers/print/register.html", {"p": printout, "rows": rows})
    css = CSS(string=STYLESHEET.read_text() + column_rules(printout), url_fetcher=_refuse_fetch)
    document = HTML(string=html, url_fetcher=_refuse_fetch).render(stylesheets=[css])
    if progress:
        progress(len(printout.rows), len(printout.rows))
    return document.write_pdf()
