"""A quote withdrawn (its respondent's answers erased, or kept past their date) leaves every
file already made of the evaluation's reports, read back, and its published page; the
files are made again in the background."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.interpretation.conftest import respond
from tests.reports.test_reports import download, make_report, pdf_text, render
from vises.interpretation import quotes
from vises.qualitative import pseudonyms
from vises.reports import builder, compose, infographic
from vises.reports.models import Rendition
from vises.surveys import responses

pytestmark = pytest.mark.django_db

SAID = "Awa Diallo m'a redonné confiance."
SHOWN = "Mme A m'a redonné confiance."  # as it leaves the team, pseudonymised


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(client, world):
    client.force_login(world.user("enterprise_admin"))
    return client


@pytest.fixture
def quoted(world, evaluation, answered):
    """An answer naming someone of the pseudonymisation list, chosen as a quote."""
    given = respond(answered, "Sortie", 4, why=SAID)
    pseudonyms.add(evaluation, None, real_name="Awa Diallo", pseudonym="Mme A")
    quotes.choose(
        evaluation.questions.get(),
        world.user("enterprise_admin"),
        response_id=str(given.pk),
        survey_question_id=str(answered.questions.get(code="why").pk),
    )
    return given


def word_text(data: bytes) -> str:
    import io

    from docx import Document

    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


def test_an_erased_answer_leaves_the_pdf_the_docx_the_infographic_and_the_published_page(
    admin, world, evaluation, quoted, tmp_path, django_capture_on_commit_callbacks
):
    report = make_report(admin, evaluation)
    made = {format: render(admin, report, format) for format in ("pdf", "docx", "png")}
    assert all(r.status == Rendition.Status.DONE for r in made.values())
    assert SHOWN in pdf_text(download(admin, report, made["pdf"]), tmp_path, layout=False)
    assert SHOWN in word_text(download(admin, report, made["docx"]))
    builder.publish(report, world.user("enterprise_admin"))
    assert report.published_infographic() == made["png"]
    public = reverse("report_public", args=[report.public_token])
    assert "redonné confiance" in Client().get(public).content.decode()
    old_files = {format: Path(r.file.path) for format, r in made.items()}

    with django_capture_on_commit_callbacks(execute=True):
        responses.erase(evaluation, [quoted], world.user("enterprise_admin"))

    # The files made before are gone, from the disk too.
    assert not any(path.exists() for path in old_files.values())
    assert not Rendition.objects.filter(pk__in=[made["pdf"].pk, made["docx"].pk]).exists()
    # Made again without the quote, read back.
    pdf = report.renditions.get(format="pdf")
    word = report.renditions.get(format="docx")
    assert pdf.status == word.status == Rendition.Status.DONE
    pdf_words = pdf_text(download(admin, report, pdf), tmp_path, layout=False)
    assert "redonné confiance" not in pdf_words and "Mme A" not in pdf_words
    assert "redonné confiance" not in word_text(download(admin, report, word))
    # The published page and its snapshot lose the quote; the figures stay as published.
    report.refresh_from_db()
    assert all(block["kind"] != "quote" for block in report.published_document["blocks"])
    assert report.published_document["figures"]
    assert "redonné confiance" not in Client().get(public).content.decode()
    # Its infographic is drawn again from the cleaned publication, under a new name.
    drawn = report.published_infographic()
    assert drawn.pk == made["png"].pk and drawn.status == Rendition.Status.DONE
    assert Path(drawn.file.path).exists() and Path(drawn.file.path) != old_files["png"]
    content = infographic.gather(compose.published(report))
    assert content.quote == ""
    served = Client().get(reverse("report_public_infographic", args=[report.public_token]))
    assert b"".join(served.streaming_content) == Path(drawn.file.path).read_bytes()


def test_a_quote_past_its_keeping_date_leaves_the_files_too(
    admin, world, evaluation, quoted, tmp_path, django_capture_on_commit_callbacks
):
    from vises.evaluations import retention

    report = make_report(admin, evaluation)
    old = render(admin, report, "pdf")
    old_path = Path(old.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        retention.delete_respondent_data(evaluation)
    assert not old_path.exists()
    again = report.renditions.get()
    assert again.pk != old.pk and again.status == Rendition.Status.DONE
    assert "redonné confiance" not in pdf_text(download(admin, report, again), tmp_path)


def test_a_removed_report_takes_its_files_with_it(
    admin, evaluation, quoted, django_capture_on_commit_callbacks
):
    report = make_report(admin, evaluation)
    path = Path(render(admin, report, "docx").file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not path.exists()


def test_nothing_is_made_again_when_no_quote_is_withdrawn(admin, evaluation, quoted):
    report = make_report(admin, evaluation)
    made = render(admin, report, "pdf")
    assert builder.withdraw_quotes(evaluation.pk, {"", "  "}) == 0
    assert list(report.renditions.all()) == [made]
