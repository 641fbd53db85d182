"""An evaluation whose plan follows `confident_share` (the share answering 3 or 4 to the
bank item `self_confidence`), and a survey asking that item in two waves."""

import re
from datetime import date

import pytest

from tests.indicators.conftest import evaluation, from_survey  # noqa: F401
from vises.surveys import builder
from vises.surveys.models import Response


@pytest.fixture
def survey(evaluation):  # noqa: F811 (the fixture imported above)
    """A survey asking the bank item of the `confident_share` indicator, the group of the
    respondent and an open question, in two waves."""
    survey = builder.create_survey(
        evaluation, None, title={"fr": "Enquête stagiaires"}, languages=["fr"]
    )
    section = survey.sections.get()
    builder.add_from_bank(section, None, "self_confidence")
    builder.add_question(
        section,
        None,
        code="site",
        kind="single_choice",
        text={"fr": "Votre site ?"},
        options=[
            {"value": "nord", "label": {"fr": "Nord"}},
            {"value": "sud", "label": {"fr": "Sud"}},
        ],
    )
    builder.add_question(section, None, code="why", kind="long_text", text={"fr": "Pourquoi ?"})
    survey.waves.create(label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    survey.waves.create(label="Sortie", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31))
    return survey


def respond(survey, wave, confidence, why="", site="nord"):
    answers = {"self_confidence": confidence, "site": site}
    if why:
        answers["why"] = why
    return Response.objects.create(
        wave=survey.waves.get(label=wave),
        answers=answers,
        language="fr",
        submission_key=f"k{Response.objects.count()}",
    )


@pytest.fixture
def answered(survey):
    for value in [1, 2, 2, 1, 3, 2, 1, 2, 3, 2, 1, 2]:
        respond(survey, "Entrée", value)
    for value in [3, 4, 4, 3, 4, 3, 4]:
        respond(survey, "Sortie", value)
    # Three answers only at exit from the south site: a small group.
    respond(survey, "Sortie", 4, site="sud")
    respond(survey, "Sortie", 4, site="sud", why="J'ai retrouvé confiance grâce à l'équipe.")
    respond(survey, "Sortie", 3, site="sud")
    return survey


# A chart not drawn yet when its page is sent: htmx fetches it as the page loads.
LATER_CHART = re.compile(r'<div class="chart-later" hx-get="([^"]+)".*?</div>', re.S)


def as_shown(client, page: str) -> str:
    """The page as the browser shows it once htmx has put in the charts it fetched."""
    return LATER_CHART.sub(lambda later: client.get(later[1]).text, page)
