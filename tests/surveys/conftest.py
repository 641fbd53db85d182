"""Fixtures of the survey tests that more than one module uses."""

import datetime

import pytest

from tests.conftest import make_evaluation
from vises.surveys.models import Survey


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def survey_in_dutch(world, media):
    """A survey written in Dutch first, also offered in French."""
    evaluation = make_evaluation(world.enterprise)
    survey = Survey.objects.create(
        evaluation=evaluation,
        title={"nl": "Uw traject", "fr": "Votre parcours"},
        languages=["nl", "fr"],
    )
    section = survey.sections.create(title={"nl": "U"})
    add = survey.questions.create
    add(
        section=section,
        position=0,
        code="werk",
        kind="single_choice",
        required=True,
        text={"nl": "Werkt u op dit moment?", "fr": "Travaillez-vous en ce moment ?"},
        options=[
            {"value": "ja", "label": {"nl": "Ja", "fr": "Oui"}},
            {"value": "nee", "label": {"nl": "Nee", "fr": "Non"}},
        ],
    )
    add(
        section=section,
        position=1,
        code="uren",
        kind="number",
        minimum=0,
        maximum=60,
        text={"nl": "Hoeveel uren per week?", "fr": "Combien d'heures par semaine ?"},
        condition={"rules": [{"question": "werk", "op": "equals", "value": "ja"}]},
    )
    add(
        section=section,
        position=2,
        code="hulp",
        kind="multiple_choice",
        allow_other=True,
        text={"nl": "Welke hulp kreeg u?", "fr": "Quelles aides avez-vous reçues ?"},
        options=[
            {"value": "coach", "label": {"nl": "Begeleiding", "fr": "Un accompagnement"}},
            {"value": "opleiding", "label": {"nl": "Een opleiding", "fr": "Une formation"}},
        ],
    )
    add(
        section=section,
        position=3,
        code="tevreden",
        kind="scale",
        scale="agree5",
        text={"nl": "Ik ben tevreden.", "fr": "Je suis satisfait."},
        options=[
            {"value": n, "label": {"nl": f"{n} op 5", "fr": f"{n} sur 5"}} for n in range(1, 6)
        ],
    )
    add(
        section=section,
        position=4,
        code="start",
        kind="date",
        text={"nl": "Wanneer begon u?", "fr": "Date d'entrée"},
    )
    add(
        section=section,
        position=5,
        code="waarom",
        kind="long_text",
        text={"nl": "Waarom?", "fr": "Pourquoi ?"},
    )
    survey.waves.create(
        label="2026", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31)
    )
    return survey
