"""Tables people upload, CSV or XLSX, read as a stream of rows within bounds.

A CSV file comes as Excel and LibreOffice write it in France and Belgium: UTF-8 with or
without a byte order mark, or cp1252 ("ANSI"), or Latin-1; separated by semicolons (where
the comma is the decimal sign), commas or tabs. The encoding is the first of those that
reads the whole file, the separator what `csv.Sniffer` finds in its first lines; the
person can correct either. An XLSX workbook is read from its first sheet with openpyxl's
read-only mode, after its zip directory says it unpacks to a reasonable size (a small
file can unpack to gigabytes). Formulas are not computed: a formula cell comes as a
`Formula`, so that the import can say which cell to replace by its value.

Rows are numbered as a spreadsheet shows them (the header is row 1), and rows without
any value are skipped. Every refusal is an `Unreadable` whose message says what is wrong,
in the reader's language. Below, what every import needs to read cells as people meant
them: names compared without case, accents or spaces, numbers with their separators, and
a `Problem` named by row and column.
"""

import codecs
import csv
import functools
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from vises import safe_input
from vises.spreadsheets import FORMULA_STARTS

ENCODINGS = {
    "utf-8-sig": gettext_lazy("UTF-8"),
    "cp1252": gettext_lazy("Windows (cp1252)"),
    "latin-1": gettext_lazy("Latin-1 (ISO 8859-1)"),
}
DELIMITERS = {
    ";": gettext_lazy("semicolon ( ; )"),
    ",": gettext_lazy("comma ( , )"),
    "\t": gettext_lazy("tab"),
}
# The separators as a form and the command line name them.
DELIMITER_NAMES = {"semicolon": ";", "comma": ",", "tab": "\t"}
CHUNK = 1024 * 1024
SNIFF_CHARACTERS = 64 * 1024
# An XLSX holds XML that compresses well, a sheet ten to thirty times: more than this many
# times the upload limit unpacked is no spreadsheet of answers.
UNPACKED_RATIO = 25
ZIP_START = b"PK\x03\x04"
OLD_EXCEL_START = b"\xd0\xcf\x11\xe0"


class Unreadable(ValueError):
    """A file that cannot be read as a table; the message says why."""


class Formula(str):
    """The text of a formula found in a workbook's cell, which is not computed here."""


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    encoding: str  # CSV only
    delimiter: str  # CSV only
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)


def max_bytes() -> int:
    return settings.VISES_DATA_IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    """Refuse a file larger than the import limit, before reading it."""
    if size > max_bytes():
        raise Unreadable(
            _("The file holds %(size)s; a file to import may hold at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )


def kind_of(file, name: str) -> str:
    """ "xlsx" or "csv", from what the file starts with rather than its name."""
    file.seek(0)
    start = file.read(4)
    file.seek(0)
    if start == ZIP_START:
        return "xlsx"
    if start == OLD_EXCEL_START or name.lower().endswith((".xls", ".xlsx", ".ods")):
        raise Unreadable(
            _("This is not a file VISES reads: save it as an Excel workbook (.xlsx) or as CSV.")
        )
    return "csv"


def detect_encoding(file) -> str:
    """The first of UTF-8, cp1252 and Latin-1 that decodes the whole file, read in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := file.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        file.seek(0)
        return encoding
    file.seek(0)
    return "latin-1"


def detect_delimiter(sample: str) -> str:
    """The separator of the first lines: what csv.Sniffer finds among ; , and tab, else
    the one the first line holds most of."""
    lines = sample[: sample.rfind("\n") + 1] or sample
    try:
        return csv.Sniffer().sniff(lines, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = lines.split("\n", 1)[0]
        counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def open_table(file, name: str, encoding: str = "", delimiter: str = "") -> Table:
    """The table in `file` (a binary file open for reading, which must stay open while
    the rows are read); `encoding` and `delimiter` as the person chose them, else
    detected. Raises Unreadable, also while the rows are read."""
    kind = kind_of(file, name)
    if kind == "xlsx":
        return _open_workbook(file)
    if encoding not in ENCODINGS:
        encoding = detect_encoding(file)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    try:
        sample = text.read(SNIFF_CHARACTERS)
        text.seek(0)
    except UnicodeDecodeError:
        raise _not_decoded(encoding) from None
    if delimiter not in DELIMITERS:
        delimiter = detect_delimiter(sample)
    reader = csv.reader(text, delimiter=delimiter)
    rows = _csv_rows(reader, encoding)
    return Table("csv", encoding, delimiter, _header(rows), rows)


def _not_decoded(encoding: str) -> Unreadable:
    return Unreadable(
        _("The file cannot be read as %(encoding)s: choose another encoding.")
        % {"encoding": ENCODINGS[encoding]}
    )


def _csv_rows(reader, encoding: str):
    try:
        for cells in reader:
            if "".join(cells).strip():  # some cell holds more than spaces
                yield reader.line_num, cells
    except UnicodeDecodeError:
        raise _not_decoded(encoding) from None
    except csv.Error as error:
        raise Unreadable(
            _("Line %(line)s of the file cannot be read as CSV (%(reason)s).")
            % {"line": reader.line_num, "reason": error}
        ) from None


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header(rows) -> list[str]:
    """The names of the first row, without the empty ones that end it."""
    names = ["" if cell is None else str(cell).strip() for cell in next(rows, (1, []))[1]]
    while names and not names[-1]:
        names.pop()
    return names


def _open_workbook(file) -> Table:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(file)
        unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise Unreadable(_("The workbook is damaged: it cannot be opened.")) from None
    if unpacked > UNPACKED_RATIO * max_bytes():
        raise Unreadable(
            _("The workbook unpacks to %(size)s, more than a spreadsheet of answers holds.")
            % {"size": filesizeformat(unpacked)}
        )
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds on a file that is no workbook
        raise Unreadable(_("The workbook is damaged: it cannot be opened.")) from None
    rows = _sheet_rows(workbook, sheet)
    return Table("xlsx", "", "", _header(rows), rows)


def _sheet_rows(workbook, sheet):
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = [Formula(cell.value) if cell.data_type == "f" else cell.value for cell in row]
            while cells and is_blank(cells[-1]):
                cells.pop()
            if cells:
                yield number, cells
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable(
            _("The workbook is damaged: it cannot be read (%(reason)s).") % {"reason": error}
        ) from None
    finally:
        workbook.close()


# Reading cells as people meant them -------------------------------------------------------


@functools.lru_cache(maxsize=50_000)
def simplified(text: str) -> str:
    """The text as matching sees it: without case, accents or spaces. (Kept in a cache:
    a file repeats the same few labels on every row.)"""
    if text.isascii():
        return "".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        char for char in decomposed if not unicodedata.combining(char) and not char.isspace()
    ).casefold()


@dataclass
class Problem:
    """What is wrong, and where: the row as a spreadsheet numbers it (None for the whole
    file) and the column's name."""

    row: int | None
    column: str
    message: str

    def as_list(self) -> list:
        return [self.row, self.column, self.message]


def formula_problem(number: int, column_name: str, cell: "Formula") -> Problem:
    return Problem(
        number,
        column_name,
        _("This cell holds a formula (%(formula)s): put its value instead.")
        % {"formula": cell[:40]},
    )


def extra_cells_problem(number: int, cells: list, width: int) -> Problem | None:
    """The problem of a row with values beyond the header's `width` columns, if it has."""
    if len(cells) > width and any(not is_blank(cell) for cell in cells[width:]):
        return Problem(
            number,
            column_name([], width),
            _("This row has more cells than the header has columns: check the separator."),
        )
    return None


@dataclass
class Column:
    index: int
    name: str  # the header as written, or the column's letter when it has none
    target: str  # what the column feeds, as the import names it
    matched: bool  # found by its name, not chosen by the person nor left unmatched

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


def column_name(header: list[str], index: int) -> str:
    name = header[index] if index < len(header) else ""
    return name or _("column %(letter)s") % {"letter": get_column_letter(index + 1)}


def cell_text(cell) -> str:
    """A cell as the text a person would have typed: numbers without a needless ".0",
    dates in ISO, a leading apostrophe that kept a text from acting as a formula dropped."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    if hasattr(cell, "isoformat"):
        if hasattr(cell, "hour") and not (cell.hour or cell.minute or cell.second):
            return cell.date().isoformat()
        return cell.isoformat()
    text = safe_input.clean_text(str(cell)).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def number_text(text: str) -> str:
    """A number as written with thousands separators (1.234,5 or 1,234.5 or 1.234.567)
    without them; a lone comma or point stays the decimal sign."""
    compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    if "," in compact and "." in compact:
        decimal = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return compact.replace(thousands, "").replace(decimal, ".")
    for separator in ",.":
        if compact.count(separator) > 1:
            return compact.replace(separator, "")
    return compact


# The preview ------------------------------------------------------------------------------


@dataclass
class Preview:
    """What every import's preview shows (the template imports/_reading.html): how the
    file is read, its columns with what each feeds, and its problems (the first ones,
    and how many in all). Each import adds what it understood of the rows."""

    kind: str
    encoding: str
    delimiter: str
    columns: list[Column]
    problems: list[Problem]
    problem_count: int


def reading_context(preview: Preview | None) -> dict:
    """What imports/_reading.html needs besides the preview: the encodings and
    separators to choose from, and the one the file is read with."""
    delimiter = preview.delimiter if preview else ""
    return {
        "encodings": ENCODINGS.items(),
        "delimiters": [(name, DELIMITERS[sign]) for name, sign in DELIMITER_NAMES.items()],
        "delimiter_name": {v: k for k, v in DELIMITER_NAMES.items()}.get(delimiter, ""),
    }


def read_reading_choices(data, options: dict, longest_target: int) -> dict:
    """The import's options with what the person chose in the preview (`data`, a
    QueryDict): the encoding, the separator, and a target per column ("column_3"). What
    is not sent stays as it was."""
    options = {**options}
    if "encoding" in data:
        options["encoding"] = data["encoding"] if data["encoding"] in ENCODINGS else ""
    if "delimiter" in data:
        options["delimiter"] = DELIMITER_NAMES.get(data["delimiter"], "")
    columns = dict(options.get("columns") or {})
    for name, target in data.items():
        number = name.removeprefix("column_")
        if name.startswith("column_") and number.isdigit() and len(number) < 5:
            columns[number] = target[:longest_target]
    options["columns"] = columns
    return options
