"""The collection plan: for each evaluative question, how evidence is gathered, and the
indicators followed with their baseline and target. Every change is kept in the history."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import get_language, gettext

from vises.analysis.indicators import formulas_of, missing_inputs
from vises.multilingual import pick

from .models import Change, Evaluation, Method, PlanIndicator, PlanRow


def plain_decimal(value: Decimal | None) -> str | None:
    """A stored decimal without its trailing zeros: 12.5000 reads 12.5, 100.0000 reads 100."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def row_snapshot(row: PlanRow) -> dict:
    return {
        "question": row.question.text,
        "methods": row.methods,
        "stakeholders": sorted(s.name for s in row.stakeholders.all()),
        "timing": row.timing,
        "responsible": row.responsible,
        "notes": row.notes,
    }


def indicator_snapshot(indicator: PlanIndicator) -> dict:
    return {
        "indicator": indicator.code or indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "qualitative": indicator.qualitative,
        "baseline": plain_decimal(indicator.baseline),
        "target": plain_decimal(indicator.target),
        "period": indicator.period,
    }


def _record(evaluation, part, before, after, user) -> None:
    Change.record(evaluation.pk, part, before, after, user)


@transaction.atomic
def save_row(row: PlanRow, stakeholders, user, before: dict | None = None) -> PlanRow:
    """Store a new or changed plan row with the stakeholders it concerns."""
    row.evaluation = row.question.evaluation
    row.save()
    row.stakeholders.set(stakeholders)
    _record(row.evaluation, "plan", before, row_snapshot(row), user)
    return row


@transaction.atomic
def remove_row(row: PlanRow, user) -> None:
    _record(row.evaluation, "plan", row_snapshot(row), None, user)
    row.delete()


@transaction.atomic
def save_indicator(indicator: PlanIndicator, user, before: dict | None = None) -> PlanIndicator:
    indicator.save()
    _record(
        indicator.plan_row.evaluation,
        "plan_indicators",
        before,
        indicator_snapshot(indicator),
        user,
    )
    return indicator


@transaction.atomic
def remove_indicator(indicator: PlanIndicator, user) -> None:
    _record(
        indicator.plan_row.evaluation,
        "plan_indicators",
        indicator_snapshot(indicator),
        None,
        user,
    )
    indicator.delete()


def framework_indicators(evaluation: Evaluation) -> dict[str, dict]:
    """The framework's indicators that suit the enterprise's group, by code."""
    group = evaluation.enterprise.group
    return {
        indicator["code"]: indicator
        for indicator in evaluation.framework_version.document["indicators"]
        if group in indicator.get("groups", [group])
    }


def indicator_choices(evaluation: Evaluation, themes: list[str]) -> list:
    """Grouped choices for a select: the indicators sharing a theme with the question
    first, then the others, each named in the reader's language."""
    language = get_language()
    suggested, others = [], []
    for code, indicator in framework_indicators(evaluation).items():
        choice = (code, pick(indicator["name"], language).text)
        (suggested if set(indicator["themes"]) & set(themes) else others).append(choice)
    choices = []
    if suggested:
        choices.append(
            (gettext("Suggested for this question"), sorted(suggested, key=lambda c: c[1]))
        )
    if others:
        choices.append(
            (gettext("Other indicators of the framework"), sorted(others, key=lambda c: c[1]))
        )
    return choices


def collection_plan(evaluation: Evaluation) -> list[dict]:
    """Each evaluative question with its plan rows, their stakeholders and indicators
    (named and described in the reader's language), in a fixed number of queries."""
    language = get_language()
    known = {
        indicator["code"]: indicator
        for indicator in evaluation.framework_version.document["indicators"]
    }
    methods = dict(Method.choices)
    formulas = formulas_of(evaluation.framework_version.document)
    planned = set(
        PlanIndicator.objects.filter(plan_row__evaluation=evaluation)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    questions = evaluation.questions.prefetch_related(
        Prefetch(
            "plan_rows",
            queryset=PlanRow.objects.prefetch_related("stakeholders", "indicators"),
        )
    )
    plan = []
    for question in questions:
        rows = []
        for row in question.plan_rows.all():
            indicators = []
            for indicator in row.indicators.all():
                spec = known.get(indicator.code)
                indicators.append(
                    {
                        "indicator": indicator,
                        "name": pick(spec["name"], language).text if spec else indicator.name,
                        "unit": pick(spec["unit"], language).text
                        if spec and spec.get("unit")
                        else indicator.unit,
                        "from_framework": bool(spec),
                        # The indicators a formula needs that the plan lacks, named.
                        "missing": [
                            pick(known[code]["name"], language).text
                            for code in missing_inputs(indicator.code, formulas, planned)
                        ],
                    }
                )
            rows.append(
                {
                    "row": row,
                    "methods": [methods.get(code, code) for code in row.methods],
                    "stakeholders": [s.name for s in row.stakeholders.all()],
                    "indicators": indicators,
                }
            )
        plan.append({"question": question, "rows": rows})
    return plan
