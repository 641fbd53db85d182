from decimal import Decimal

import pytest

from tests.conftest import example_framework_text, make_evaluation, make_framework_version
from vises.frameworks import document
from vises.indicators import values


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files go to a temporary folder through the real storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def evaluation(world):
    """An evaluation whose plan follows a counted indicator of the framework, one computed
    from a survey, and an own qualitative indicator."""
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(
        text="Comment notre accompagnement renforce-t-il la confiance ?",
        themes=["individuals"],
        is_main=True,
    )
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    row.indicators.create(code="people_supported", baseline=10, target=15, period="2027")
    row.indicators.create(code="confident_share", baseline=40, target=60)
    row.indicators.create(name="Regard du quartier", qualitative=True)
    return evaluation


@pytest.fixture
def counted(evaluation):
    return evaluation.plan_rows.get().indicators.get(code="people_supported")


@pytest.fixture
def from_survey(evaluation):
    return evaluation.plan_rows.get().indicators.get(code="confident_share")


@pytest.fixture
def qualitative(evaluation):
    return evaluation.plan_rows.get().indicators.get(qualitative=True)


def framework_indicator(code, fr, nl, en):
    return {
        "code": code,
        "name": {"fr": fr, "nl": nl, "en": en},
        "definition": {"fr": fr, "nl": nl, "en": en},
        "unit": {"fr": "personnes", "nl": "personen", "en": "people"},
        "kind": "counted",
        "themes": ["individuals"],
        "groups": ["integration"],
        "direction": "neutral",
    }


@pytest.fixture
def formula_evaluation(world):
    """An evaluation whose plan follows an employment-exit rate computed by a formula from
    two counts, one of which the plan follows too (with its value); the other is missing."""
    data, _warnings = document.parse(example_framework_text())
    rate = "Taux de sorties vers l'emploi"
    indicators = [
        *data["indicators"],
        framework_indicator("people_leaving", "Sorties de parcours", "Uitstroom", "People leaving"),
        framework_indicator(
            "exits_to_employment", "Sorties vers l'emploi", "Uitstroom naar werk", "Exits to job"
        ),
        {
            **framework_indicator("employment_exits_rate", rate, "Uitstroom %", "Exit rate"),
            "unit": {"fr": "%", "nl": "%", "en": "%"},
            "kind": "formula",
            "formula": "exits_to_employment / people_leaving * 100",
            "direction": "higher_is_better",
        },
    ]
    evaluation = make_evaluation(world.enterprise)
    evaluation.framework_version = make_framework_version(
        code="with-formula", indicators=indicators
    )
    evaluation.save()
    question = evaluation.questions.create(
        text="Nos parcours mènent-ils à l'emploi ?", themes=["individuals"], is_main=True
    )
    row = evaluation.plan_rows.create(question=question, methods=["indicators"])
    row.indicators.create(code="employment_exits_rate", baseline=20, target=35, period="2025")
    leaving = row.indicators.create(code="people_leaving", period="2025")
    values.save_value(leaving, None, kind=values.NUMBER, period="2025", number=Decimal(12))
    return evaluation
