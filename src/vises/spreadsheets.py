"""Cells written to files that people open in a spreadsheet."""

# A cell starting with one of these is read as a formula by Excel and LibreOffice: text
# typed by a user must never run as one in a reader's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that would be taken for a formula kept as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
