"""Indicators of the collection plan with their values per period, and where each stands
against its baseline and target.

Typed values come as entered. `from_survey` indicators are computed from the responses
by their rule (for instance the share answering 4 or 5 to an item), one value per wave;
`formula` indicators from the other indicators' values of the same period. Nothing is
stored: the figures are computed when asked, so a new response or a corrected value
shows at once.
"""

import dataclasses
import math
from decimal import Decimal

import numpy as np

from vises.analysis import disclosure
from vises.analysis.load import scale_rules, survey_dataset
from vises.analysis.results import Dataset, scale_scores
from vises.frameworks.formulas import FormulaError, evaluate, formula_references, typed_inputs

REACHED, PROGRESSING, BEHIND, MEASURED, NO_DATA, HIDDEN = (
    "reached",
    "progressing",
    "behind",
    "measured",
    "no_data",
    "hidden",  # the latest value is hidden: telling where it stands would reveal it
)
HIGHER, LOWER = "higher_is_better", "lower_is_better"


@dataclasses.dataclass(frozen=True)
class Point:
    """An indicator's value for one period: a number, or a text (qualitative), or why
    there is none (`problem`: "division_by_zero", "refers_to_itself", "missing:<codes>",
    "no_answers")."""

    period: str
    number: float | None = None
    text: str = ""
    n: int | None = None  # respondents behind a value computed from a survey
    problem: str = ""  # or "hidden": computed from too few respondents to be shown
    parts: tuple[int, ...] = ()  # respondents of each survey pooled into the value


@dataclasses.dataclass(frozen=True)
class Standing:
    indicator: object  # the PlanIndicator
    kind: str  # number, text, from_survey, formula
    points: tuple[Point, ...]
    status: str
    missing: tuple[str, ...] = ()

    @property
    def latest(self) -> Point | None:
        numbers = [point for point in self.points if point.number is not None]
        return numbers[-1] if numbers else None

    @property
    def start(self) -> Point | None:
        """Where the indicator started, as its status judges it."""
        return start(_number(self.indicator.baseline), self.points)


def start(baseline: float | None, points) -> Point | None:
    """Where an indicator started: the plan's baseline, or else its first value when it
    has several. Its status and every table showing a baseline ask this."""
    if baseline is not None:
        return Point("", float(baseline))
    numbers = [point for point in points if point.number is not None]
    return numbers[0] if len(numbers) > 1 else None


def status(direction: str, baseline, target, numbers: list[float]) -> str:
    """Where the latest value stands: target reached, progressing (better than where it
    started), behind, or measured (nothing to judge it by, or no better direction)."""
    if not numbers:
        return NO_DATA
    if direction not in (HIGHER, LOWER):
        return MEASURED
    sign = 1 if direction == HIGHER else -1
    latest = numbers[-1]
    if target is not None and sign * (latest - float(target)) >= 0:
        return REACHED
    reference = start(baseline, [Point("", number) for number in numbers])
    if reference is None:
        return MEASURED
    return PROGRESSING if sign * (latest - reference.number) > 0 else BEHIND


def survey_measure(rule: dict, values: np.ndarray) -> float | None:
    """A `from_survey` rule over one period's answers or scale scores (nan = none)."""
    values = values[~np.isnan(values)]
    if not len(values):
        return None
    if rule["measure"] == "mean":
        return float(values.mean())
    if rule["measure"] == "share_in":
        counted = [float(value) for value in rule.get("values", [])]
        return 100.0 * float(np.isin(values, counted).sum()) / len(values)
    return 100.0 * float((values >= float(rule["threshold"])).sum()) / len(values)


def _survey_values(rule: dict, data: Dataset, scales: dict) -> np.ndarray | None:
    """The answers (or scale scores) the rule counts, one per response, or None when the
    survey does not ask the item."""
    item = rule["item"]
    if item in scales:
        return scale_scores(data, scales[item])
    for code, asked in data.items.items():
        if asked.bank_code == item or code == item:
            return data.numbers(code)
    return None


def survey_points(rule: dict, datasets: list[Dataset], scales: dict) -> list[Point]:
    """One point per wave label over the surveys that ask the rule's item, their answers
    pooled when two surveys share a wave label."""
    pooled: dict[str, list[np.ndarray]] = {}
    for data in datasets:
        values = _survey_values(rule, data, scales)
        if values is None:
            continue
        for index, label in enumerate(data.wave_labels):
            pooled.setdefault(label, []).append(values[data.waves == index])
    points = []
    for label, parts in pooled.items():
        values = np.concatenate(parts)
        answered = int((~np.isnan(values)).sum())
        measure = survey_measure(rule, values)
        problem = "" if measure is not None else "no_answers"
        sizes = tuple(int((~np.isnan(part)).sum()) for part in parts)
        points.append(Point(label, measure, n=answered, problem=problem, parts=sizes))
    return points


def formulas_of(document: dict) -> dict[str, str]:
    """The framework's formula indicators: code → formula."""
    return {i["code"]: i["formula"] for i in document["indicators"] if i.get("formula")}


def missing_inputs(code: str, formulas: dict[str, str], planned: set[str]) -> tuple[str, ...]:
    """The typed indicators a formula indicator is computed from that the plan does not
    follow: nobody can enter their values, so it is never computed until they are added."""
    if code not in formulas:
        return ()
    return tuple(needed for needed in typed_inputs(code, formulas) if needed not in planned)


def formula_points(
    code: str, formulas: dict[str, str], typed: dict[str, dict[str, float]], seen=()
) -> list[Point]:
    """The formula indicator's value for every period in which any indicator it uses has
    a value; a point names what is missing, a division by zero or a loop."""
    if code in seen:
        return [Point("", problem="refers_to_itself")]
    try:
        references = formula_references(formulas[code])
    except FormulaError:
        return []
    values: dict[str, dict[str, float]] = {}
    for reference in references:
        if reference in formulas:
            inner = formula_points(reference, formulas, typed, (*seen, code))
            if any(point.problem == "refers_to_itself" for point in inner):
                return [Point("", problem="refers_to_itself")]
            values[reference] = {p.period: p.number for p in inner if p.number is not None}
        else:
            values[reference] = typed.get(reference, {})
    periods = sorted({period for by_period in values.values() for period in by_period})
    points = []
    for period in periods:
        known = {ref: by_period[period] for ref, by_period in values.items() if period in by_period}
        missing = sorted(references - set(known))
        if missing:
            points.append(Point(period, problem="missing:" + ",".join(missing)))
            continue
        try:
            number = evaluate(formulas[code], known)
        except ZeroDivisionError:
            points.append(Point(period, problem="division_by_zero"))
            continue
        points.append(Point(period, number if math.isfinite(number) else None))
    return points


def standings(evaluation) -> list[Standing]:
    """Every indicator of the evaluation's plan, in plan order, with its points and status."""
    from vises.evaluations.models import PlanIndicator
    from vises.indicators.models import IndicatorValue
    from vises.indicators.values import FORMULA, FROM_SURVEY, _specs, kind_of

    document = evaluation.framework_version.document
    specs = _specs(evaluation)
    indicators = list(
        PlanIndicator.objects.filter(plan_row__evaluation=evaluation).order_by(
            "plan_row__question__position", "plan_row_id", "pk"
        )
    )
    typed_points: dict[int, list[Point]] = {}
    typed_by_code: dict[str, dict[str, float]] = {}
    for value in IndicatorValue.objects.filter(indicator__in=indicators).select_related(
        "indicator"
    ):
        number = float(value.number) if value.number is not None else None
        typed_points.setdefault(value.indicator_id, []).append(
            Point(value.period, number, value.text)
        )
        if value.indicator.code and number is not None:
            typed_by_code.setdefault(value.indicator.code, {})[value.period] = number
    formulas = formulas_of(document)
    planned = {indicator.code for indicator in indicators if indicator.code}
    datasets = None
    scales = scale_rules(document)
    result = []
    for indicator in indicators:
        kind = kind_of(indicator, specs)
        missing = ()
        if kind == FROM_SURVEY:
            if datasets is None:
                datasets = [survey_dataset(survey) for survey in evaluation.surveys.all()]
            points = survey_points(specs[indicator.code]["survey_rule"], datasets, scales)
        elif kind == FORMULA:
            points = formula_points(indicator.code, formulas, typed_by_code)
            missing = missing_inputs(indicator.code, formulas, planned)
        else:
            points = typed_points.get(indicator.pk, [])
        numbers = [point.number for point in points if point.number is not None]
        result.append(
            Standing(
                indicator,
                kind,
                tuple(points),
                status(indicator.direction, _number(indicator.baseline), indicator.target, numbers),
                missing,
            )
        )
    return result


def disclosed(standing: Standing, minimum: int) -> Standing:
    """The standing as shown outside the team: the values computed from periods whose
    respondents `disclosure.hidden` keeps from view are hidden (their count too), as are
    values pooled from several surveys one of which it hides (the survey's own results
    would give it away by subtraction); the status is judged on the values shown only, or
    hidden with the latest value."""
    hidden = disclosure.hidden([point.n or 0 for point in standing.points], minimum)
    hidden |= {
        index
        for index, point in enumerate(standing.points)
        if len(point.parts) > 1 and disclosure.hidden(point.parts, minimum)
    }
    if not hidden:
        return standing
    points = tuple(
        Point(point.period, problem="hidden") if index in hidden else point
        for index, point in enumerate(standing.points)
    )
    latest = standing.latest
    if latest is not None and standing.points.index(latest) in hidden:
        return dataclasses.replace(standing, points=points, status=HIDDEN)
    indicator = standing.indicator
    numbers = [point.number for point in points if point.number is not None]
    judged = status(indicator.direction, _number(indicator.baseline), indicator.target, numbers)
    return dataclasses.replace(standing, points=points, status=judged)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
