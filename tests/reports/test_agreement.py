"""A report agrees with itself: the key figures, the indicator tables and the text give
the same value; a formula indicator that cannot be computed names the indicators it
needs; each interpretation is printed once; a number never parts from its unit, on the
page, in the PDF and in the DOCX; a published report shows the figures it was published
with, dated, until it is published again."""

import html
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.indicators.conftest import formula_evaluation  # noqa: F401
from tests.interpretation.conftest import respond
from tests.reports.test_reports import download, make_report, pdf_text, render
from vises.evaluations.models import Change
from vises.indicators import values
from vises.interpretation import rounds
from vises.reports.models import Rendition

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
# Typed by the team with ordinary spaces, as people do.
AGREED = "Le taux de sorties vers l'emploi atteint 25 % en 2025, pour une cible de 35 %."
LESSONS = "Commencer la recherche d'emploi plus tôt."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def evaluation(formula_evaluation, world):  # noqa: F811 (the fixture imported above)
    """The evaluation of an exit rate computed from two counts (one missing from the plan),
    with the interpretation the team agreed."""
    question = formula_evaluation.questions.get()
    rounds.agree(question, world.user("enterprise_admin"), agreed=AGREED, lessons=LESSONS)
    return formula_evaluation


@pytest.fixture
def admin(client, world):
    client.force_login(world.user("enterprise_admin"))
    return client


def add_the_missing_count(evaluation, admin, number=3):
    rate = evaluation.plan_rows.get().indicators.get(code="employment_exits_rate")
    admin.post(
        reverse("evaluation_indicator_inputs_add", args=[evaluation.pk, rate.pk]),
        {"back": "plan"},
    )
    exits = evaluation.plan_rows.get().indicators.get(code="exits_to_employment")
    values.save_value(exits, None, kind=values.NUMBER, period="2025", number=Decimal(number))


def detail(admin, report, language="fr") -> str:
    return admin.get(
        reverse("evaluation_report_detail", args=[report.evaluation_id, report.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()


def test_a_formula_indicator_shows_the_same_figure_in_the_key_figures_and_the_table(
    admin, evaluation
):
    add_the_missing_count(evaluation, admin)  # 3 of the 12 people leaving: 25 %
    report = make_report(admin, evaluation)
    page = detail(admin, report)
    key_figures = page.split('class="key-figures"')[1].split("</ul>")[0]
    assert f'<span class="key-figure">25{NBSP}%</span>' in key_figures
    assert "Taux de sorties vers l&#x27;emploi" in key_figures
    indicators_table = page.split("Indicateurs et cibles</caption>")[1].split("</table>")[0]
    assert f"<td>25{NBSP}% (2025)</td>" in indicators_table
    # Baseline and target read with the same unit as the value.
    assert f"<td>20{NBSP}%</td><td>35{NBSP}%</td>" in indicators_table
    assert "Pas encore de données" not in indicators_table


def test_a_formula_without_its_inputs_in_the_plan_names_them_in_the_report(admin, evaluation):
    for language, named in [
        ("fr", "le plan de collecte ne suit pas Sorties vers l&#x27;emploi"),
        ("nl", "het verzamelplan volgt Uitstroom naar werk niet"),
        ("en", "the collection plan does not follow Exits to job"),
    ]:
        report = make_report(admin, evaluation, language=language, title=f"Report {language}")
        assert named in detail(admin, report, language)
    add_the_missing_count(evaluation, admin)
    assert "Exits to job" not in detail(admin, report, "en").split("Indicators and")[1]


def test_each_interpretation_appears_once_on_the_page_in_the_pdf_and_in_the_docx(
    admin, evaluation, tmp_path
):
    from docx import Document

    report = make_report(admin, evaluation)  # "In short" and the question's own section
    start = AGREED[:40]
    preview = detail(admin, report).split('class="report-document"')[1]
    assert preview.count(start.replace("'", "&#x27;")) == 1
    assert preview.count(LESSONS.replace("'", "&#x27;")) == 1
    pdf = render(admin, report, "pdf")
    assert pdf.status == Rendition.Status.DONE, pdf.error
    text = " ".join(pdf_text(download(admin, report, pdf), tmp_path, layout=False).split())
    assert text.count(" ".join(start.split())) == 1
    # Each file says when its figures are from, as the public page does.
    with translation.override("fr"):
        today = date_format(timezone.localtime(), "DATE_FORMAT")
    assert f"Chiffres au {today}" in text
    word = Document(io.BytesIO(download(admin, report, render(admin, report, "docx"))))
    paragraphs = [p.text for p in word.paragraphs]
    assert f"Chiffres au {today}" in paragraphs
    assert sum(start in paragraph for paragraph in paragraphs) == 1
    assert sum(LESSONS in paragraph for paragraph in paragraphs) == 1


@pytest.mark.parametrize(
    ("language", "percent"),
    [("fr", f"25{NBSP}%"), ("nl", "25%"), ("en", "25%")],
)
def test_a_number_and_its_unit_never_split_on_the_page_in_the_pdf_and_in_the_docx(
    admin, evaluation, tmp_path, language, percent
):
    from docx import Document

    add_the_missing_count(evaluation, admin)
    report = make_report(admin, evaluation, language=language, title="Rapport")
    page = detail(admin, report, language).split('class="report-document"')[1]
    # The team typed "25 %" and "35 %" with ordinary spaces; the indicator's figure in
    # the reader's language; a count with its unit word.
    assert f"25{NBSP}% en 2025" in page and f"35{NBSP}%." in page
    assert percent in page
    assert f"12{NBSP}" in page and "12 personnes" not in page and "12 people" not in page
    word = Document(io.BytesIO(download(admin, report, render(admin, report, "docx"))))
    texts = [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    ]
    assert any(f"25{NBSP}% en 2025" in text for text in texts)
    assert not any("25 %" in text or "35 %" in text for text in texts)
    # The PDF's lines, as poppler reads them (it keeps no-break spaces): no line ends
    # between a figure and its unit.
    lines = pdf_lines(download(admin, report, render(admin, report, "pdf")), tmp_path)
    assert any(f"25{NBSP}% en 2025" in line for line in lines)
    assert not any("25 %" in line or line.endswith(("25", "35")) for line in lines)


def pdf_lines(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "lines.pdf"
    path.write_bytes(data)
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        html.unescape(re.sub(r"<[^>]+>", "", line))
        for line in re.findall(r"<text [^>]*>(.*)</text>", xml)
    ]


def test_a_published_report_keeps_its_figures_until_it_is_published_again(
    admin, world, evaluation, survey_world
):
    survey = survey_world
    report = make_report(admin, evaluation, language="en", title="Our report")
    publication = reverse("evaluation_report_publish", args=[evaluation.pk, report.pk])
    admin.post(publication, {"publish": "1"})
    report.refresh_from_db()
    address = reverse("report_public", args=[report.public_token])
    first = without_nonce(Client().get(address).content.decode())
    assert '<span class="key-figure">6</span> <span class="key-label">answers' in first
    with translation.override("en"):
        date = date_format(timezone.localtime(report.published_at), "DATE_FORMAT")
    assert f"Figures as of {date}" in first
    for _n in range(2):
        respond(survey, "Sortie", 4)
    # Still the published figures (the page differs only by its fresh CSP nonce).
    assert without_nonce(Client().get(address).content.decode()) == first
    # The team is told what its public page shows, and may update it.
    assert "It shows the figures as they were on" in detail(admin, report, "en")
    changes = Change.objects.filter(evaluation=evaluation, part="reports").count()
    admin.post(publication, {"publish": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    report.refresh_from_db()
    assert reverse("report_public", args=[report.public_token]) == address  # same address
    assert Change.objects.filter(evaluation=evaluation, part="reports").count() == changes + 1
    now = Client().get(address).content.decode()
    assert '<span class="key-figure">8</span>' in now


def without_nonce(page: str) -> str:
    return re.sub(r' nonce="[^"]*"', "", page)


@pytest.fixture
def survey_world(survey):  # noqa: F811 (the fixture of tests/reports/conftest.py)
    """The findings' survey with six answers at exit: enough to be shown outside the team."""
    for _n in range(6):
        respond(survey, "Sortie", 3)
    return survey


def test_a_published_image_stays_as_published(admin, evaluation, survey_world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    report = make_report(admin, evaluation, language="en", title="Our report")
    section = report.sections.create(kind="image", position=99, image_alt="The crew in the park")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#009E73").save(picture, "PNG")
    section.image.save("team.png", SimpleUploadedFile("team.png", picture.getvalue()))
    report.sections.create(kind="question", question=evaluation.questions.get(), position=98)
    admin.post(
        reverse("evaluation_report_publish", args=[evaluation.pk, report.pk]), {"publish": "1"}
    )
    report.refresh_from_db()
    section.image.delete()
    section.delete()
    page = Client().get(reverse("report_public", args=[report.public_token])).content.decode()
    assert 'alt="The crew in the park"' in page and "data:image/png;base64," in page


def test_the_public_infographic_is_the_one_made_by_publication(admin, evaluation, survey_world):
    report = make_report(admin, evaluation, language="en", title="Our report")
    first = render(admin, report, "png")
    assert first.status == Rendition.Status.DONE, first.error
    publication = reverse("evaluation_report_publish", args=[evaluation.pk, report.pk])
    admin.post(publication, {"publish": "1"})
    report.refresh_from_db()
    address = reverse("report_public_infographic", args=[report.public_token])
    published_image = b"".join(Client().get(address).streaming_content)
    assert published_image == first.file.open("rb").read()
    # More answers and a new infographic after publication: readers still get the image
    # of the figures the public page shows, until the report is published again.
    for _n in range(2):
        respond(survey_world, "Sortie", 4)
    later = report.renditions.create(format="png", requested_by=None)
    later.file.save("later.png", ContentFile(b"\x89PNG later"), save=False)
    later.status, later.finished_at = Rendition.Status.DONE, timezone.now()
    later.save()
    assert b"".join(Client().get(address).streaming_content) == published_image
    admin.post(publication, {"publish": "1"})
    assert b"".join(Client().get(address).streaming_content) == b"\x89PNG later"
