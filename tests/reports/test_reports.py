"""Reports made for an audience, rendered as PDF and DOCX read back by their readers,
re-rendered when data change, published at a public address and revoked."""

import io
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.interpretation.conftest import respond
from vises.evaluations.models import Change
from vises.interpretation import quotes, rounds
from vises.reports.models import Rendition, Report, Section
from vises.surveys.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(client, world):
    client.force_login(world.user("enterprise_admin"))
    return client


@pytest.fixture
def interpreted(evaluation, answered, world):
    """The question's agreed interpretation and lessons, and a quote from an open answer."""
    question = evaluation.questions.get()
    rounds.agree(
        question,
        world.user("enterprise_admin"),
        agreed="Les stagiaires sortent plus confiants qu'ils ne sont entrés.",
        lessons="Garder les binômes avec les encadrants.",
    )
    given = Response.objects.get(answers__has_key="why")
    quotes.choose(
        question,
        world.user("enterprise_admin"),
        response_id=str(given.pk),
        survey_question_id=str(answered.questions.get(code="why").pk),
    )
    return question


def make_report(client, evaluation, audience="funders", language="fr", title="Rapport 2026"):
    client.post(
        reverse("evaluation_report_create", args=[evaluation.pk]),
        {"audience": audience, "language": language, "title": title, "colour": "#009E73"},
    )
    return Report.objects.get(title=title)


def render(client, report, format):
    client.post(
        reverse("evaluation_report_render", args=[report.evaluation_id, report.pk]),
        {"format": format},
    )
    return report.renditions.filter(format=format).first()


def download(client, report, rendition) -> bytes:
    response = client.get(
        reverse("evaluation_report_download", args=[report.evaluation_id, report.pk, rendition.pk])
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def pdf_text(data: bytes, tmp_path, layout=True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    options = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])


def test_each_audience_starts_from_its_template(admin, evaluation, answered):
    funders = make_report(admin, evaluation, "funders", title="Pour les financeurs")
    assert [s.kind for s in funders.sections.all()] == [
        "summary",
        "question",
        "indicators",
        "method",
        "practices",
        "improvement",
    ]
    version = evaluation.framework_version
    version.document["audiences"].append(
        {"code": "beneficiaries", "name": {"fr": "Bénéficiaires", "nl": "Begunstigden"}}
    )
    version.save()
    beneficiaries = make_report(admin, evaluation, "beneficiaries", "nl", "Voor de deelnemers")
    assert [s.kind for s in beneficiaries.sections.all()] == ["summary", "question", "quotes"]
    assert beneficiaries.language == "nl"
    assert Change.objects.filter(part="reports").count() == 2


def test_sections_are_added_edited_moved_and_removed(admin, evaluation, answered):
    report = make_report(admin, evaluation)
    detail = reverse("evaluation_report_detail", args=[evaluation.pk, report.pk])
    page = admin.post(
        reverse("evaluation_report_section_add", args=[evaluation.pk, report.pk]),
        {"kind": "text", "title": "Un mot de la direction"},
    )
    section = report.sections.get(kind="text")
    assert page.url == reverse(
        "evaluation_report_section", args=[evaluation.pk, report.pk, section.pk]
    )
    admin.post(page.url, {"title": "Un mot de la direction", "text": "Merci à toutes et tous."})
    section.refresh_from_db()
    assert section.text == "Merci à toutes et tous." and section.position == 6
    admin.post(
        reverse("evaluation_report_section_move", args=[evaluation.pk, report.pk, section.pk]),
        {"direction": "up"},
    )
    section.refresh_from_db()
    assert section.position == 5
    assert "Merci à toutes et tous." in admin.get(detail).content.decode()
    summary = report.sections.get(kind="summary")
    admin.post(
        reverse("evaluation_report_section_remove", args=[evaluation.pk, report.pk, summary.pk])
    )
    assert not report.sections.filter(kind="summary").exists()
    assert list(report.sections.values_list("position", flat=True)) == list(range(6))


def test_a_question_section_needs_a_question_of_this_evaluation(admin, world, evaluation, answered):
    from tests.conftest import make_evaluation

    report = make_report(admin, evaluation)
    other = make_evaluation(world.other_enterprise, "Ailleurs")
    foreign = other.questions.create(text="Ailleurs ?", themes=[])
    page = admin.post(
        reverse("evaluation_report_section_add", args=[evaluation.pk, report.pk]),
        {"kind": "question", "question": foreign.pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose the evaluative question this section presents." in page.content.decode()
    assert report.sections.filter(kind="question").count() == 1


def test_the_pdf_holds_title_headings_figures_and_quote_in_french(
    admin, evaluation, answered, interpreted, tmp_path
):
    report = make_report(admin, evaluation)
    rendition = render(admin, report, "pdf")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    data = download(admin, report, rendition)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Rapport 2026" in text and "Atelier Vert" in text
    assert "Sommaire" in text  # the table of contents
    assert "En bref" in text and "Indicateurs clés et leurs cibles" in text
    assert "Comment notre accompagnement renforce-t-il la confiance" in text
    assert "Les stagiaires sortent plus confiants" in text
    assert "J'ai retrouvé confiance grâce à l'équipe." in text
    assert "100 %" in text.replace("\u00a0", " ")  # confident_share at exit
    assert 4 <= pdf_pages(data, tmp_path) <= 30


def test_the_docx_has_real_headings_tables_and_described_charts(
    admin, evaluation, answered, interpreted
):
    from docx import Document

    report = make_report(admin, evaluation, language="en", title="Report 2026")
    rendition = render(admin, report, "docx")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    word = Document(io.BytesIO(download(admin, report, rendition)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "In short" in headings and "Key indicators against their targets" in headings
    assert any("la confiance" in h for h in headings)  # the question as the team wrote it
    assert len(word.tables) >= 3
    indicator_table = next(t for t in word.tables if t.cell(0, 0).text == "Indicator")
    assert any("Target reached" in cell.text for row in indicator_table.rows for cell in row.cells)
    described = word.inline_shapes
    assert described and described[0]._inline.docPr.get("descr")
    assert "Strongly" in described[0]._inline.docPr.get("descr") or "%" in described[
        0
    ]._inline.docPr.get("descr")


def test_a_report_rendered_again_after_new_answers_shows_the_new_figures(
    admin, evaluation, answered, tmp_path
):
    report = make_report(admin, evaluation, language="en", title="Report 2026")
    first = pdf_text(download(admin, report, render(admin, report, "pdf")), tmp_path)
    assert "22\nanswers" in first.replace(" ", "") or "22" in first
    for _n in range(5):
        respond(answered, "Sortie", 1)
    detail = admin.get(
        reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "The data changed since the last render" in detail
    assert "Answers: 22 then, 27 now." in detail
    second = pdf_text(download(admin, report, render(admin, report, "pdf")), tmp_path)
    assert "27" in second and second != first


def test_publishing_gives_a_public_page_that_revoking_takes_away(
    admin, world, evaluation, answered, interpreted
):
    report = make_report(admin, evaluation, language="nl", title="Ons rapport")
    publication = reverse("evaluation_report_publish", args=[evaluation.pk, report.pk])
    member = Client()
    member.force_login(world.user("enterprise_member"))
    assert member.post(publication, {"publish": "1"}).status_code == 403
    admin.post(publication, {"publish": "1"})
    report.refresh_from_db()
    assert report.public_token and len(report.public_token) >= 32
    # The team opens it from its report's page, as its readers will, signed out.
    detail = admin.get(
        reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    address = re.search(r'<a href="([^"]+)">Open the public page</a>', detail).group(1)
    assert urlsplit(address).path == reverse("report_public", args=[report.public_token])
    public = Client().get(urlsplit(address).path)
    page = public.content.decode()
    assert public.status_code == 200 and '<html lang="nl">' in page
    assert '<meta property="og:title" content="Ons rapport">' in page
    assert "Les stagiaires sortent plus confiants" in page  # the agreed interpretation
    assert "J&#x27;ai retrouvé confiance" in page  # the chosen quote, nothing else
    # No raw answers: the other open answers and the response table are not there.
    assert "Pourquoi ?" not in page and "respondent_key" not in page
    old_token = report.public_token
    admin.post(publication, {"publish": "0"})
    assert Client().get(reverse("report_public", args=[old_token])).status_code == 404
    admin.post(publication, {"publish": "1"})
    report.refresh_from_db()
    assert report.public_token != old_token
    assert Client().get(reverse("report_public", args=[old_token])).status_code == 404


def test_small_groups_are_hidden_in_reports(admin, evaluation, survey):
    for value in [1, 2, 3, 2, 2, 1, 3, 2]:
        respond(survey, "Entrée", value)
    for value in [3, 4, 4]:
        respond(survey, "Sortie", value)
    report = make_report(admin, evaluation, language="en", title="Report")
    detail = admin.get(
        reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "hidden to protect anonymity" in detail


def test_an_image_section_needs_its_text_alternative(admin, evaluation, answered):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    report = make_report(admin, evaluation, language="en", title="Report")
    admin.post(
        reverse("evaluation_report_section_add", args=[evaluation.pk, report.pk]),
        {"kind": "image", "title": "Our team"},
    )
    section = report.sections.get(kind=Section.Kind.IMAGE)
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#009E73").save(picture, "PNG")
    url = reverse("evaluation_report_section", args=[evaluation.pk, report.pk, section.pk])
    upload = SimpleUploadedFile("team.png", picture.getvalue(), content_type="image/png")
    page = admin.post(url, {"title": "Our team", "image": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Say what the image shows" in page.content.decode()
    section.refresh_from_db()
    assert not section.image
    upload = SimpleUploadedFile("team.png", picture.getvalue(), content_type="image/png")
    admin.post(url, {"title": "Our team", "image": upload, "image_alt": "The crew in the park"})
    detail = admin.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
    assert 'alt="The crew in the park"' in detail.content.decode()
    assert "data:image/png;base64," in detail.content.decode()


def test_the_improvement_plan_shows_in_the_report_with_who_when_and_status(
    admin, world, evaluation, answered, interpreted, tmp_path
):
    from datetime import date

    from vises.evaluations import improvement

    improvement.add(
        evaluation,
        world.user("enterprise_admin"),
        what="Réunir les stagiaires chaque mois pour organiser l'atelier.",
        question=interpreted,
        who="Nadia, coordinatrice",
        due_on=date(2027, 3, 31),
        status="under_way",
    )
    report = make_report(admin, evaluation)
    # Read cell by cell (table cells wrap on narrow columns).
    text = pdf_text(download(admin, report, render(admin, report, "pdf")), tmp_path, False)
    flat = " ".join(text.split())
    assert "Ce que nous allons améliorer" in flat
    assert "Garder les binômes avec les encadrants." in flat  # the lessons
    assert "Réunir les stagiaires chaque mois" in flat
    assert "Nadia," in flat and "coordinatrice" in flat
    assert "31/03/2027" in flat and "En cours" in flat


def test_the_docx_opens_in_libreoffice(admin, evaluation, answered, interpreted, tmp_path):
    """LibreOffice, a real word processor, converts the DOCX: it opens, whole."""
    report = make_report(admin, evaluation, language="fr", title="Rapport éditable")
    path = tmp_path / "rapport.docx"
    path.write_bytes(download(admin, report, render(admin, report, "docx")))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    converted = (tmp_path / "rapport.pdf").read_bytes()
    text = " ".join(pdf_text(converted, tmp_path, layout=False).split())
    assert "Rapport éditable" in text and "En bref" in text
    assert "Les stagiaires sortent plus confiants" in text
    assert pdf_pages(converted, tmp_path) >= 2


def test_the_method_section_says_how_we_know_each_change_in_every_language(
    admin, evaluation, answered
):
    from docx import Document

    from vises.reports.compose import compose

    report = make_report(admin, evaluation, language="en", title="Report 2026")
    rendition = render(admin, report, "docx")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    word = Document(io.BytesIO(download(admin, report, rendition)))
    texts = [paragraph.text for paragraph in word.paragraphs]
    method = texts.index("How we know each change")
    assert "The margin of error is the range" in texts[method + 1]
    told = texts[method + 2]
    assert "How we know: Fisher’s exact test on 12 answers at Entrée and 10 at Sortie" in told
    assert "margin of error (95%)" in told and "size of the difference: large" in told
    french = compose(make_report(admin, evaluation, language="fr", title="Rapport"))
    said = [block.text for block in french.blocks if block.kind == "paragraph"]
    assert any("Comment nous le savons\u00a0: le test exact de Fisher" in text for text in said)
    dutch = compose(make_report(admin, evaluation, language="nl", title="Verslag"))
    said = [block.text for block in dutch.blocks if block.kind == "paragraph"]
    assert any("Hoe we dat weten: de exacte toets van Fisher op 12 antwoorden" in t for t in said)
    assert any("foutenmarge" in text for text in said)


def test_workers_read_a_plain_method_note_without_test_names_or_p(
    admin, evaluation, answered, world
):
    from vises.reports import builder
    from vises.reports.compose import compose

    version = evaluation.framework_version
    version.document["audiences"].append(
        {"code": "workers_volunteers", "name": {"fr": "Travailleurs", "nl": "Werknemers"}}
    )
    version.save()
    report = make_report(admin, evaluation, "workers_volunteers", language="fr", title="Équipe")
    builder.add_section(report, world.user("enterprise_admin"), kind=Section.Kind.METHOD)
    blocks = compose(report).blocks
    said = " ".join(block.text for block in blocks if block.kind in ("heading", "paragraph"))
    # The change sentence is there, how it was tested is not.
    assert any("l’écart a peu de chances" in block.text for block in blocks if block.chart)
    assert "Comment nous le savons" not in said and "Fisher" not in said
    assert not re.search(r"\bp\s?[=<]", said)
    assert "seulement si un test le montre" in said
    funders = compose(make_report(admin, evaluation, "funders", language="fr", title="Fin."))
    assert any("Comment nous le savons" in block.text for block in funders.blocks)


def test_a_quote_given_in_its_question_section_is_not_repeated_in_their_words(
    admin, evaluation, answered, interpreted
):
    report = make_report(admin, evaluation, language="en")
    admin.post(
        reverse("evaluation_report_section_add", args=[evaluation.pk, report.pk]),
        {"kind": "quotes"},
    )
    assert report.sections.filter(kind="quotes").exists()
    preview = (
        admin.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
        .content.decode()
        .split('class="report-document"')[1]
    )
    assert preview.count("J&#x27;ai retrouvé confiance grâce à l&#x27;équipe.") == 1
