"""The text of a transcript or notes file, read by the well-kept library of its format:
python-docx for Word, odfpy for OpenDocument, pypdf for PDF; plain text and Markdown as
they are, in whichever of the usual encodings they were saved.

The text comes out with one kind of line break, no control characters and no trailing
spaces, so that a passage's place (its characters, its lines) means the same on every
page, export and database. A file that holds no readable text is refused with a message
that says what to do, in the reader's language.
"""

import io
import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vises.safe_input import clean_text

MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024
# A transcript's text, in characters: some 2,000 pages.
MAX_TEXT_CHARACTERS = 5_000_000
TRANSCRIPT_EXTENSIONS = (".txt", ".md", ".docx", ".odt", ".pdf")


class Unreadable(ValueError):
    """No text can be taken from the file; the message says why, in the reader's language."""


def normalised(text: str) -> str:
    """`text` with every line break a line feed, composed accents, no control characters,
    no spaces at the ends of lines and at most one empty line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = clean_text(text).replace("\u2028", "\n").replace("\u2029", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def extract(name: str, data: bytes) -> str:
    """The text of the file `name` holding `data`; raises Unreadable."""
    shown = PurePath(name).name
    extension = PurePath(name).suffix.lower()
    if extension not in TRANSCRIPT_EXTENSIONS:
        raise Unreadable(
            _(
                "“%(name)s” is not a file whose text can be read: give a text (.txt, .md), "
                "Word (.docx), OpenDocument (.odt) or PDF file, or paste the text."
            )
            % {"name": shown}
        )
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise Unreadable(
            _("“%(name)s” is %(size)s: a transcript may be at most %(limit)s.")
            % {
                "name": shown,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(MAX_TRANSCRIPT_BYTES),
            }
        )
    if not data:
        raise Unreadable(_("“%(name)s” is empty.") % {"name": shown})
    reader = {
        ".txt": _plain,
        ".md": _plain,
        ".docx": _docx,
        ".odt": _odt,
        ".pdf": _pdf,
    }[extension]
    text = normalised(reader(shown, data))
    if not text.strip():
        raise Unreadable(_("“%(name)s” holds no text.") % {"name": shown})
    if len(text) > MAX_TEXT_CHARACTERS:
        raise Unreadable(
            _("“%(name)s” holds more than %(limit)s characters: split it into several documents.")
            % {"name": shown, "limit": f"{MAX_TEXT_CHARACTERS:,}"}
        )
    return text


def _plain(name: str, data: bytes) -> str:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            _("“%(name)s” is not a text file, although its name says so.") % {"name": name}
        )
    # A byte-order mark says the encoding; without one, UTF-8 if it reads as such, or else
    # the Western Windows encoding older word processors saved in France and Belgium.
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(
        _("The encoding of “%(name)s” is not known: save it as UTF-8 text and give it again.")
        % {"name": name}
    )


def _not_a(kind: str, name: str) -> Unreadable:
    return Unreadable(
        _(
            "“%(name)s” cannot be opened as %(kind)s: it may be damaged. Open it in your word "
            "processor, save it again, or paste its text."
        )
        % {"name": name, "kind": kind}
    )


def _docx(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _not_a(_("a Word document"), name) from None
    except Exception as error:  # lxml's XMLSyntaxError, from a damaged part inside
        if type(error).__module__.startswith("lxml"):
            raise _not_a(_("a Word document"), name) from None
        raise
    lines = []
    # Paragraphs and tables in the order they come: a transcript is often a table of
    # speakers and what they said.
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell.text not in cells:  # a merged cell repeats itself
                        cells.append(cell.text)
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _odt(name: str, data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _not_a(_("an OpenDocument text"), name) from None
    except Exception as error:  # the XML parser's errors, from a damaged part inside
        if type(error).__module__.startswith(("xml", "odf")):
            raise _not_a(_("an OpenDocument text"), name) from None
        raise
    lines = []

    def walk(node):
        if node.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            lines.append(teletype.extractText(node))
            return
        for child in node.childNodes:
            walk(child)

    walk(document.text)
    return "\n".join(lines)


def _pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise Unreadable(
            _(
                "“%(name)s” is protected by a password: save it without protection, or paste "
                "its text."
            )
            % {"name": name}
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise _not_a(_("a PDF document"), name) from None
    text = "\n".join(pages)
    if not text.strip():
        raise Unreadable(
            _(
                "“%(name)s” holds only images of pages, no text: it was scanned. Give the "
                "typed transcript, run text recognition on it first, or paste the text."
            )
            % {"name": name}
        )
    return text
