"""Real transcript files, made as a word processor or a scanner would, and an evaluation
whose plan gathers interviews."""

import io

import pytest

from tests.conftest import make_evaluation

INTERVIEW = [
    "Enquêtrice : Comment êtes-vous arrivée à l'atelier ?",
    "Awa : Par la mission locale. Avant, je n'osais pas parler en groupe.",
    "Enquêtrice : Et maintenant ?",
    "Awa : Maintenant je prends la parole en réunion, et j'ai trouvé un emploi.",
]


def docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Entretien", level=1)
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(lines: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Entretien"))
    for line in lines:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return HTML(string=f"<html><body><h1>Entretien</h1>{body}</body></html>").write_pdf()


def scanned_pdf_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, "PDF")
    return out.getvalue()


def encrypted_pdf_bytes(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(lines))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def evaluation(world):
    """An evaluation of the world's enterprise asking one question, its plan gathering
    interviews of trainees."""
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(
        text="Comment l'atelier renforce-t-il la confiance ?", themes=["individuals"], is_main=True
    )
    evaluation.plan_rows.create(question=question, methods=["survey", "interview"])
    return evaluation


@pytest.fixture
def team(client, world):
    """A member of the enterprise's team, signed in, reading English."""
    member = world.user("enterprise_member")
    member.preferred_language = "en"
    member.save()
    client.force_login(member)
    return client
