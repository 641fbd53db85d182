"""Transcripts read back from real files, as a word processor or a scanner made them."""

import pytest
from django.utils import translation

from tests.qualitative.conftest import (
    INTERVIEW,
    docx_bytes,
    encrypted_pdf_bytes,
    odt_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
)
from vises.qualitative.extraction import MAX_TRANSCRIPT_BYTES, Unreadable, extract, normalised


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "make"),
    [("awa.docx", docx_bytes), ("awa.odt", odt_bytes), ("awa.pdf", pdf_bytes)],
)
def test_a_transcript_is_read_line_by_line_from_each_format(name, make):
    text = extract(name, make(INTERVIEW))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines == ["Entretien", *INTERVIEW]


def test_plain_text_is_read_in_utf8_utf16_or_the_windows_encoding():
    words = "Élève : « Ça m'a aidé. »\r\nDeuxième ligne\r\n"
    expected = "Élève : « Ça m'a aidé. »\nDeuxième ligne"
    assert extract("notes.txt", words.encode("utf-8")) == expected
    assert extract("notes.txt", words.encode("utf-8-sig")) == expected
    assert extract("notes.md", words.encode("utf-16")) == expected
    assert extract("notes.txt", words.encode("cp1252")) == expected


def test_the_text_loses_control_characters_and_runs_of_empty_lines():
    assert normalised("a\x00b  \n\n\n\n\nc\u2028d\r") == "ab\n\nc\nd"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("awa.docx", b"PK\x03\x04 not really a zip", "cannot be opened as a Word document"),
        ("awa.odt", b"nothing of an OpenDocument", "cannot be opened as an OpenDocument text"),
        ("awa.pdf", b"%PDF-1.4 broken", "cannot be opened as a PDF document"),
        ("scan.pdf", scanned_pdf_bytes(), "holds only images of pages"),
        ("locked.pdf", encrypted_pdf_bytes(INTERVIEW), "protected by a password"),
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"\n \n", "holds no text"),
        ("photo.jpg", b"\xff\xd8\xff", "is not a file whose text can be read"),
        ("binary.txt", b"\x00\x01\x02abc", "is not a text file"),
        ("huge.txt", b"a" * (MAX_TRANSCRIPT_BYTES + 1), "a transcript may be at most"),
    ],
)
def test_a_file_without_readable_text_is_refused_saying_why(name, data, message):
    with pytest.raises(Unreadable, match=message) as refusal:
        extract(name, data)
    assert name in str(refusal.value)


def test_the_refusal_is_in_the_reader_s_language():
    with translation.override("fr"), pytest.raises(Unreadable) as refusal:
        extract("scan.pdf", scanned_pdf_bytes())
    assert "scanné" in str(refusal.value)
    with translation.override("nl"), pytest.raises(Unreadable) as refusal:
        extract("scan.pdf", scanned_pdf_bytes())
    assert "gescand" in str(refusal.value)
