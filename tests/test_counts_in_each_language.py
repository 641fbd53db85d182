"""Counts put into sentences, tables and key figures as each reader writes them: 1 200
answers in French (with a no-break space), 1.200 in Dutch, 1,200 in English; on the
results of a survey, in a report (its page and its DOCX) and on the journey."""

import dataclasses
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tests.interpretation.conftest import evaluation, from_survey, survey  # noqa: F401
from vises.analysis import sentences
from vises.evaluations import journey
from vises.evaluations.journey import Facts
from vises.evaluations.models import Evaluation
from vises.reports.compose import compose
from vises.reports.models import Rendition, Report
from vises.surveys.models import Response

NBSP = "\xa0"
WRITTEN = {"fr": f"1{NBSP}200", "nl": "1.200", "en": "1,200"}
TOTAL = {"fr": f"2{NBSP}300", "nl": "2.300", "en": "2,300"}
UNGROUPED = ("1100", "1200", "2300")
LANGUAGES = list(WRITTEN)


@pytest.fixture
def many(survey):  # noqa: F811 (the fixture imported above)
    """1,100 answers at entry and 1,200 at exit: built at once, as one by one takes too
    long."""
    waves = {wave.label: wave for wave in survey.waves.all()}
    Response.objects.bulk_create(
        Response(
            wave=waves["Entrée" if number < 1100 else "Sortie"],
            answers={"self_confidence": 1 + number % 4, "site": "nord"},
            language="fr",
            submission_key=f"k{number}",
        )
        for number in range(2300)
    )
    return survey


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_count_is_grouped_as_the_reader_writes_it(language):
    with translation.override(language):
        assert sentences.count(1200) == WRITTEN[language]
        assert sentences.count(36) == "36"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_of_a_survey_say_how_many_answered_in_the_language(
    client, world, many, language
):
    client.force_login(world.user("enterprise_member"))
    url = reverse("survey_results", args=[many.evaluation_id, many.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).text
    written = WRITTEN[language]
    # The page's own counts and the source line under each chart, from Python's texts.
    assert page.count(written) >= 3
    assert not any(number in page for number in UNGROUPED)


@pytest.fixture
def admin(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(world.user("enterprise_admin"))
    return client


def make_report(client, evaluated, language):
    client.post(
        reverse("evaluation_report_create", args=[evaluated.pk]),
        {"audience": "funders", "language": language, "title": "R", "colour": "#009E73"},
    )
    return Report.objects.get(title="R", language=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_counts_the_answers_in_its_language(admin, evaluation, many, language):  # noqa: F811
    report = make_report(admin, evaluation, language)
    document = compose(report)
    figures = [
        value for block in document.blocks if block.kind == "figures" for value, _ in block.figures
    ]
    assert TOTAL[language] in figures  # how many answered
    cells = [
        cell
        for block in document.blocks
        if block.kind == "table"
        for row in block.table["rows"]
        for cell in row
    ]
    assert WRITTEN[language] in cells  # who answered at exit
    said = " ".join(block.text for block in document.blocks if block.kind == "paragraph")
    assert f"{WRITTEN[language]} " in said  # how we know the change: the answers compared
    assert not any(number in said or number in cells for number in UNGROUPED)
    page = admin.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk])).text
    assert WRITTEN[language] in page


def test_the_docx_of_a_french_report_groups_its_counts(admin, evaluation, many):  # noqa: F811
    from docx import Document

    report = make_report(admin, evaluation, "fr")
    admin.post(
        reverse("evaluation_report_render", args=[evaluation.pk, report.pk]), {"format": "docx"}
    )
    rendition = report.renditions.get(format="docx")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    answer = admin.get(
        reverse("evaluation_report_download", args=[evaluation.pk, report.pk, rendition.pk])
    )
    word = Document(io.BytesIO(b"".join(answer.streaming_content)))
    texts = [p.text for p in word.paragraphs]
    texts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any(f"1{NBSP}200" in text for text in texts)
    assert not any(number in text for text in texts for number in UNGROUPED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_journey_counts_what_is_left_in_the_language(language):
    known = Facts(
        preliminary={},
        portrait={},
        has_team=False,
        stakeholders=0,
        questions=1201,
        main_questions=1,
        planned_questions=1,
    )
    known = dataclasses.replace(known, reports=1200)
    unsaved = Evaluation(pk=1, framework_version_id=1)
    with translation.override(language):
        steps = journey.journey(unsaved, known, ["mission"], set())
        shown = [str(s.missing) + str(s.summary) for step in steps for s in step.substeps]
    assert sum(WRITTEN[language] in text for text in shown) == 2
