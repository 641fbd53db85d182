"""No figure about a group of fewer than 5 respondents leaves the enterprise team.

A group of 1 to 4 respondents, who all answer "4" to the confidence item, is put in every
position a group can take: a wave, a group of a breakdown, a single-wave survey, a
stakeholder type and the latest period of an indicator computed from the survey. Their
figures (100% answer 4, the indicator's 100% and its "Target reached", their count) are
looked for in every place a figure leaves the team: the findings page of a coach, a
round's guest page, the report's page and its published page, its PDF (read back by
pdftotext), its DOCX (by python-docx) and its infographic (the text of its SVG). The team
sees them on its own findings page, so that each search could find them.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.interpretation.conftest import (  # noqa: F401
    as_shown,
    evaluation,
    from_survey,
    respond,
    survey,
)
from tests.reports.test_reports import download, make_report, pdf_text, render
from vises.interpretation.models import Round
from vises.reports import compose, infographic
from vises.reports.models import Rendition, Report
from vises.surveys import builder

pytestmark = pytest.mark.django_db

# 20 answers whose shares (35, 30, 20 and 15%) and share answering 3 or 4 (35%) differ
# from those of the small group, whose answers are all 4.
BIG = [1] * 7 + [2] * 6 + [3] * 4 + [4] * 3
POSITIONS = ["wave", "breakdown", "single_wave", "stakeholder", "indicator_period"]
HIDDEN = "hidden to protect anonymity"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def trainee_survey(evaluation, wave_label):  # noqa: F811 (the fixture imported above)
    other = builder.create_survey(
        evaluation, None, title={"en": "Trainees"}, languages=["en"], stakeholder_type="trainee"
    )
    builder.add_from_bank(other.sections.get(), None, "self_confidence")
    other.waves.create(label=wave_label, opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    return other


def respond_big(survey, wave: str) -> None:  # noqa: F811
    """The 20 answers, half at each site: the site question, which the findings show too,
    then gives no 100% of its own."""
    for index, value in enumerate(BIG):
        respond(survey, wave, value, site=("nord", "sud")[index % 2])


def place(position: str, size: int, survey, evaluation) -> str:  # noqa: F811
    """Answers with a group of `size` respondents in `position`; the findings' grouping
    that shows the group apart."""
    small = [4] * size
    if position == "wave":
        respond_big(survey, "Entrée")
        for value in small:
            respond(survey, "Sortie", value)
        return ""
    if position == "indicator_period":
        survey.waves.create(label="Milieu", opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 31))
        respond_big(survey, "Entrée")
        respond_big(survey, "Milieu")
        for value in small:
            respond(survey, "Sortie", value)
        return ""
    survey.waves.filter(label="Sortie").delete()
    if position == "breakdown":
        for value in BIG:
            respond(survey, "Entrée", value, site="nord")
        for value in small:
            respond(survey, "Entrée", value, site="sud")
        return f"?by={survey.pk}:site"
    if position == "single_wave":
        for value in small:
            respond(survey, "Entrée", value)
        return ""
    # A stakeholder type: workers (20) and trainees (the small group) asked the same item.
    survey.stakeholder_type = "worker"
    survey.save()
    respond_big(survey, "Entrée")
    trainees = trainee_survey(evaluation, "Entrée")
    for value in small:
        respond(trainees, "Entrée", value)
    return ""


def leaks(text: str, size: int) -> list[str]:
    """What the text says of the small group: its shares, the indicator computed from it
    and where that stands, or its count."""
    text = text.replace("\u00a0", " ")
    found = [said for said in ("100%", "100 %", "Target reached") if said in text]
    count = re.search(rf"(?<![\d.,]){size} (answers?|at )", text)
    return found + ([count[0]] if count else [])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.skipping = False

    def handle_starttag(self, tag, attrs):
        self.skipping = tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skipping = False

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(response) -> str:
    """What a page says (its texts and its charts' texts, those drawn after the page
    included, as a browser fetches them), without its markup."""
    parser = _Text()
    parser.feed(as_shown(Client(), response.content.decode()))
    return " ".join(parser.parts)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def findings_url(evaluation):  # noqa: F811
    return reverse(
        "evaluation_question_findings", args=[evaluation.pk, evaluation.questions.get().pk]
    )


def open_round(team: Client, evaluation) -> Round:  # noqa: F811
    question = evaluation.questions.get()
    url = reverse("evaluation_round_add", args=[evaluation.pk, question.pk])
    choices = re.findall(r'name="findings" value="([^"]+)"', team.get(url).content.decode())
    team.post(url, {"title": "What do you make of it?", "findings": choices})
    return Round.objects.get()


@pytest.mark.parametrize("size", [1, 2, 3, 4])
@pytest.mark.parametrize("position", POSITIONS)
def test_a_group_of_fewer_than_five_is_hidden_everywhere_a_figure_leaves_the_team(
    position,
    size,
    world,
    evaluation,  # noqa: F811
    survey,  # noqa: F811
    tmp_path,
):
    grouping = place(position, size, survey, evaluation)
    team = Client()
    team.force_login(world.user("enterprise_admin"))
    own = team.get(findings_url(evaluation) + grouping, HTTP_ACCEPT_LANGUAGE="en")
    # The team sees the small group's figures: each search below could find them.
    assert "100%" in page_text(own)

    coach = Client()
    coach.force_login(world.user("coach"))
    places = {
        "coach's findings": page_text(
            coach.get(findings_url(evaluation) + grouping, HTTP_ACCEPT_LANGUAGE="en")
        )
    }
    round_ = open_round(team, evaluation)
    places["round's guest page"] = page_text(
        Client().get(reverse("round_answer", args=[round_.token]), HTTP_ACCEPT_LANGUAGE="en")
    )
    report = make_report(team, evaluation, language="en", title="Impact report")
    places["report page"] = page_text(
        team.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
    )
    team.post(
        reverse("evaluation_report_publish", args=[evaluation.pk, report.pk]), {"publish": "1"}
    )
    report = Report.objects.get(pk=report.pk)
    places["published page"] = page_text(
        Client().get(reverse("report_public", args=[report.public_token]))
    )
    for format, read in (("pdf", lambda data: pdf_text(data, tmp_path)), ("docx", docx_text)):
        rendition = render(team, report, format)
        assert rendition.status == Rendition.Status.DONE, rendition.error
        places[format] = read(download(team, report, rendition))
    svg = ET.fromstring(infographic.svg(compose.compose(report)).encode())
    places["infographic"] = " ".join(svg.itertext())

    assert {place: leaks(text, size) for place, text in places.items()} == {
        place: [] for place in places
    }
    assert HIDDEN in places["coach's findings"]
    if position == "stakeholder":
        # The indicator pools both surveys: shown, the workers' own share would give the
        # trainees' away by subtraction.
        pooled = f"{round(100 * (7 + size) / (20 + size))}%"
        assert pooled in page_text(own)
        assert [place for place, text in places.items() if pooled in text] == []
    if position != "breakdown":  # reports show results by wave, where nothing is small
        assert HIDDEN in places["report page"] and HIDDEN in places["docx"]


def test_a_small_survey_asked_to_a_stakeholder_type_another_survey_asks_stays_hidden(
    world,
    evaluation,  # noqa: F811
    survey,  # noqa: F811
):
    """Two surveys of trainees (20 and 3 answers) and one of workers ask the same item: the
    view by stakeholder type shows each trainees' survey apart, or the three trainees'
    answers would be the trainees' figures minus those of the big survey."""
    survey.waves.filter(label="Sortie").delete()
    survey.stakeholder_type = "worker"
    survey.save()
    big, small = trainee_survey(evaluation, "Entrée"), trainee_survey(evaluation, "Entrée")
    for value in BIG:
        respond(survey, "Entrée", value)
        respond(big, "Entrée", value)
    for value in [4, 4, 4]:
        respond(small, "Entrée", value)
    coach = Client()
    coach.force_login(world.user("coach"))
    page = page_text(coach.get(findings_url(evaluation), HTTP_ACCEPT_LANGUAGE="en"))
    assert "All surveys asking it" in page and HIDDEN in page
    # The 23 trainees pooled: 7, 6, 4 and 6 answers of 1 to 4.
    assert [share for share in ("17%", "26%") if share in page] == []
