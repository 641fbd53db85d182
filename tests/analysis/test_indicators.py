"""Indicators against baseline and target; values computed from surveys and formulas,
with what they cannot compute said plainly."""

from datetime import date

import numpy as np
import pytest

from vises.analysis import indicators
from vises.analysis.indicators import BEHIND, MEASURED, NO_DATA, PROGRESSING, REACHED
from vises.indicators.models import IndicatorValue
from vises.surveys.models import Response


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "numbers", "expected"),
    [
        ("higher_is_better", 40, 60, [], NO_DATA),
        ("higher_is_better", 40, 60, [61], REACHED),
        ("higher_is_better", 40, 60, [60], REACHED),
        ("higher_is_better", 40, 60, [50], PROGRESSING),
        ("higher_is_better", 40, 60, [38], BEHIND),
        ("higher_is_better", 40, 60, [40], BEHIND),  # no better than the start
        ("lower_is_better", 20, 10, [9], REACHED),
        ("lower_is_better", 20, 10, [15], PROGRESSING),
        ("lower_is_better", 20, 10, [25], BEHIND),
        ("higher_is_better", None, 60, [30, 45], PROGRESSING),  # the first value as start
        ("higher_is_better", None, 60, [45, 30], BEHIND),
        ("higher_is_better", None, None, [45], MEASURED),
        ("neutral", 40, 60, [70], MEASURED),
    ],
)
def test_status_against_baseline_and_target(direction, baseline, target, numbers, expected):
    assert indicators.status(direction, baseline, target, numbers) == expected


def test_survey_measures():
    values = np.array([1, 2, 3, 4, 4, 5, np.nan])
    assert indicators.survey_measure({"measure": "mean"}, values) == pytest.approx(19 / 6)
    share = indicators.survey_measure({"measure": "share_in", "values": [4, 5]}, values)
    assert share == pytest.approx(50.0)
    at_least = indicators.survey_measure({"measure": "share_at_least", "threshold": 3}, values)
    assert at_least == pytest.approx(100 * 4 / 6)
    assert indicators.survey_measure({"measure": "mean"}, np.array([np.nan])) is None


FORMULAS = {
    "rate": "hired / leaving * 100",
    "loop_a": "loop_b + 1",
    "loop_b": "loop_a * 2",
    "double_rate": "rate * 2",
}


def test_formula_values_per_period_say_what_they_cannot_compute():
    typed = {"hired": {"2025": 3, "2026": 4, "2027": 1}, "leaving": {"2025": 12, "2026": 0}}
    points = indicators.formula_points("rate", FORMULAS, typed)
    assert [(p.period, p.number, p.problem) for p in points] == [
        ("2025", 25.0, ""),
        ("2026", None, "division_by_zero"),
        ("2027", None, "missing:leaving"),
    ]
    nested = indicators.formula_points("double_rate", FORMULAS, typed)
    assert [(p.period, p.number) for p in nested] == [("2025", 50.0)]


def test_a_formula_names_the_inputs_the_plan_does_not_follow():
    assert indicators.missing_inputs("double_rate", FORMULAS, {"hired"}) == ("leaving",)
    assert indicators.missing_inputs("double_rate", FORMULAS, {"hired", "leaving"}) == ()
    assert indicators.missing_inputs("hired", FORMULAS, set()) == ()  # typed, not a formula


@pytest.mark.parametrize(
    ("baseline", "numbers", "start"),
    [(40, [10, 30], ("", 40.0)), (None, [10, 30], ("Entrée", 10.0)), (None, [30], None)],
)
def test_an_indicator_starts_at_its_baseline_or_else_its_first_of_several_values(
    baseline, numbers, start
):
    labels = ["Entrée", "Sortie"][: len(numbers)]
    points = [indicators.Point(label, n) for label, n in zip(labels, numbers, strict=True)]
    found = indicators.start(baseline, points)
    assert (found and (found.period, found.number)) == start


def test_a_formula_that_refers_to_itself_says_so():
    points = indicators.formula_points("loop_a", FORMULAS, {})
    assert [p.problem for p in points] == ["refers_to_itself"]


# From the database ---------------------------------------------------------------------


@pytest.fixture
def survey(evaluation):
    """The evaluation's survey asking the bank item `self_confidence` (agree4) in two waves."""
    from vises.surveys import builder

    survey = builder.create_survey(evaluation, None, title={"fr": "Enquête"}, languages=["fr"])
    builder.add_from_bank(survey.sections.get(), None, "self_confidence")
    survey.waves.create(label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    survey.waves.create(label="Sortie", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31))
    return survey


def answer(survey, wave_label, values):
    wave = survey.waves.get(label=wave_label)
    code = survey.questions.get().code
    for value in values:
        Response.objects.create(
            wave=wave,
            answers={code: value},
            language="fr",
            submission_key=f"k{Response.objects.count()}",
        )


@pytest.mark.django_db
def test_standings_compute_survey_indicators_per_wave_and_follow_new_answers(
    evaluation, survey, counted, from_survey
):
    answer(survey, "Entrée", [1, 2, 3, 4])
    answer(survey, "Sortie", [3, 3, 4, 2, 4])
    IndicatorValue.objects.create(indicator=counted, period="2026", number=12)
    by_indicator = {s.indicator.pk: s for s in indicators.standings(evaluation)}
    confident = by_indicator[from_survey.pk]
    # confident_share counts answers 3 and 4: half at entry, 4 in 5 at exit.
    assert [(p.period, p.number, p.n) for p in confident.points] == [
        ("Entrée", 50.0, 4),
        ("Sortie", 80.0, 5),
    ]
    assert confident.status == REACHED  # target 60
    supported = by_indicator[counted.pk]
    assert [(p.period, p.number) for p in supported.points] == [("2026", 12.0)]
    assert supported.status == PROGRESSING  # baseline 10, target 15
    answer(survey, "Sortie", [1, 1, 1, 1, 1])
    confident = next(s for s in indicators.standings(evaluation) if s.indicator == from_survey)
    assert confident.points[1].number == 40.0 and confident.status == BEHIND
