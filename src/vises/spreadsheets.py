"""Cells, sheets and CSV files that people open in a spreadsheet."""

import csv
import io
import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from vises import safe_input

# A cell starting with one of these is read as a formula by Excel and LibreOffice: text
# typed by a user must never run as one in a reader's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a cell every spreadsheet opens: text that would be taken for a formula
    kept as plain text, control characters (which XLSX refuses) removed, and a stored
    number outside what a spreadsheet holds (a legacy 401-digit integer, NaN) as text."""
    if isinstance(value, str):
        value = safe_input.clean_text(value)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if safe_input.number_problem(value):
        try:
            return str(value)
        except ValueError:  # more digits than Python writes out
            return ""
    return value


# Excel refuses these in a sheet's name, names longer than 31 characters, and "History".
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_NAME_LENGTH = 31
SHEET_NAME_RESERVED = "history"


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A sheet name Excel accepts: forbidden characters replaced, at most 31 characters,
    no quote at either end, and (given the names already `taken`, compared without case
    as Excel does) not a duplicate; the name chosen is added to `taken`."""
    title = SHEET_NAME_FORBIDDEN.sub("-", safe_input.clean_text(str(name)))
    title = title.strip().strip("'").strip()
    title = title[:SHEET_NAME_LENGTH].strip() or "-"
    if title.casefold() == SHEET_NAME_RESERVED:
        title += " -"
    if taken is not None:
        number = 2
        base = title
        while title.casefold() in {t.casefold() for t in taken}:
            suffix = f" ({number})"
            title = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
            number += 1
        taken.add(title)
    return title


def csv_text(rows) -> str:
    """Rows as CSV text starting with a byte order mark, so that Excel reads accents right
    when the text is saved as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def add_sheet(workbook, name: str, rows, taken: set[str] | None = None):
    """Append to a write-only openpyxl workbook a sheet of `rows` (the first one a bold
    header kept in view when scrolling), named as Excel accepts (see `sheet_title`).
    Every text cell is kept from acting as a formula."""
    sheet = workbook.create_sheet(sheet_title(name, taken))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = [safe_cell(value) for value in row]
        if number == 0:
            cells = [WriteOnlyCell(sheet, value=value) for value in cells]
            for cell in cells:
                cell.font = bold
        sheet.append(cells)
    return sheet
