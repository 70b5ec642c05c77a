"""Writing user text into spreadsheets safely: one helper every export uses (STYLE: "a cell written to a
spreadsheet never starts a formula").

openpyxl turns any string starting with ``=`` into a formula, and spreadsheet programs treat text starting with
``+``, ``-``, ``@``, a tab or a carriage return as the start of one when it is edited or re-imported (CSV/formula
injection, OWASP). Such a value is written as it is, as a string cell with the "quote prefix" style: the reader sees
exactly what was typed, and nothing is evaluated. Header and footer texts get their ``&`` codes escaped."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_a_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """``sheet.cell(row, column)`` holding ``value``. Text is always a string cell (never a formula, never an error
    code such as ``#N/A``); text that could start a formula also gets the quote prefix, so a spreadsheet program
    keeps it as text when it is edited; characters a workbook cannot hold (C0 controls) are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if starts_a_formula(value):
            cell.quotePrefix = True
    return cell


def header_footer_text(value: str) -> str:
    """Text for a header or footer section: ``&`` starts a code there (``&P`` page number …), so it is doubled."""
    return value.replace("&", "&&")
