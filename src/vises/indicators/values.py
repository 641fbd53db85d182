"""Indicator values: what each indicator of the collection plan measured, period by
period, beside its baseline and target. Every added, replaced, changed or removed value
is kept in the evaluation's history with who did it and when."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from vises.accounts.models import User
from vises.evaluations.models import Change, Evaluation, PlanIndicator
from vises.evaluations.plan import collection_plan, plain_decimal
from vises.multilingual import pick

from .models import IndicatorValue

PART = "indicator_values"

NUMBER, TEXT, FROM_SURVEY, FORMULA = "number", "text", "from_survey", "formula"
COMPUTED = {FROM_SURVEY, FORMULA}


class NotTyped(Exception):
    """The indicator is computed by the analysis: nobody types its values in."""


def computed_codes(document: dict) -> set[str]:
    """Codes of the framework's indicators computed from survey answers or a formula."""
    return {i["code"] for i in document["indicators"] if i.get("kind") in COMPUTED}


def kind_of(indicator: PlanIndicator, specs: dict[str, dict]) -> str:
    """How the indicator's values come: typed as a number or a text, or computed."""
    spec = specs.get(indicator.code) if indicator.code else None
    if spec and spec.get("kind") in COMPUTED:
        return spec["kind"]
    if spec is None and indicator.qualitative:
        return TEXT
    return NUMBER


def _specs(evaluation: Evaluation) -> dict[str, dict]:
    return {i["code"]: i for i in evaluation.framework_version.document["indicators"]}


def indicator_names(evaluation: Evaluation, codes) -> list[str]:
    """The framework's indicators of these codes, named in the reader's language."""
    specs, language = _specs(evaluation), get_language()
    return [pick(specs[code]["name"], language).text if code in specs else code for code in codes]


@dataclass
class Described:
    """An indicator as the reader sees it: named in their language, with its kind."""

    indicator: PlanIndicator
    name: str
    unit: str
    kind: str

    @property
    def typed(self) -> bool:
        return self.kind not in COMPUTED


def describe(evaluation: Evaluation, indicator: PlanIndicator) -> Described:
    specs = _specs(evaluation)
    spec = specs.get(indicator.code) if indicator.code else None
    language = get_language()
    return Described(
        indicator=indicator,
        name=pick(spec["name"], language).text if spec else indicator.name,
        unit=pick(spec["unit"], language).text if spec and spec.get("unit") else indicator.unit,
        kind=kind_of(indicator, specs),
    )


@transaction.atomic
def add_missing_inputs(indicator: PlanIndicator, user) -> list[PlanIndicator]:
    """Follow, on the formula indicator's plan row, the indicators its formula is computed
    from that the plan does not follow yet, so that their values can be entered. Each
    addition is kept in the evaluation's history."""
    from vises.analysis.indicators import formulas_of, missing_inputs
    from vises.evaluations.plan import indicator_snapshot

    evaluation = indicator.plan_row.evaluation
    specs = _specs(evaluation)
    planned = set(
        PlanIndicator.objects.filter(plan_row__evaluation=evaluation)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    added = []
    formulas = formulas_of(evaluation.framework_version.document)
    for code in missing_inputs(indicator.code, formulas, planned):
        needed = PlanIndicator.objects.create(
            plan_row=indicator.plan_row,
            code=code,
            direction=specs[code].get("direction", PlanIndicator.Direction.HIGHER_IS_BETTER),
            period=indicator.period,
        )
        Change.record(evaluation.pk, "plan_indicators", None, indicator_snapshot(needed), user)
        added.append(needed)
    return added


def value_sheet(evaluation: Evaluation) -> list[dict]:
    """Each evaluative question with the indicators its plan rows follow, each with its
    kind and its values by period: typed ones as entered, computed ones as the analysis
    and the reports give them (`computed`, the same row a report's table is made of)."""
    from vises.analysis.indicators import standings
    from vises.interpretation.evidence import indicator_row

    specs = _specs(evaluation)
    computed = {
        standing.indicator.pk: indicator_row(evaluation, standing)
        for standing in standings(evaluation)
        if standing.kind in COMPUTED
    }
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(
        indicator__plan_row__evaluation=evaluation
    ).select_related("entered_by"):
        values.setdefault(value.indicator_id, []).append(value)
    sheet = []
    for entry in collection_plan(evaluation):
        indicators = [
            {
                **item,
                "kind": kind_of(item["indicator"], specs),
                "values": values.get(item["indicator"].pk, []),
                "computed": computed.get(item["indicator"].pk),
            }
            for line in entry["rows"]
            for item in line["indicators"]
        ]
        if indicators:
            sheet.append({"question": entry["question"], "indicators": indicators})
    return sheet


def value_snapshot(value: IndicatorValue) -> dict:
    indicator = value.indicator
    snapshot = {"indicator": indicator.code or indicator.name, "period": value.period}
    if value.number is not None:
        snapshot["number"] = plain_decimal(value.number)
    else:
        snapshot["text"] = value.text
    snapshot.update(
        source=value.source, comment=value.comment, evidence=value.evidence_name or None
    )
    return snapshot


def _record(value: IndicatorValue, before: dict | None, after: dict | None, user) -> None:
    Change.record(value.indicator.plan_row.evaluation_id, PART, before, after, user)


def _store(value: IndicatorValue, before: dict | None, user, evidence, drop_evidence=False):
    """Save the value with its new evidence file, if any, and record the change. The file
    is kept only if the value is: on any failure it is deleted again."""
    stored_name = None
    old = value.evidence.name if value.evidence else ""
    try:
        with transaction.atomic():
            if evidence is not None:
                value.evidence.save(evidence.name, evidence, save=False)
                stored_name = value.evidence.name
                value.evidence_name = PurePath(evidence.name).name[:255]
            elif drop_evidence:
                value.evidence, value.evidence_name = "", ""
            value.entered_by, value.entered_at = user, timezone.now()
            value.save()
            _record(value, before, value_snapshot(value), user)
            if old and old != (value.evidence.name if value.evidence else ""):
                storage = value.evidence.storage
                transaction.on_commit(lambda: storage.delete(old))
    except BaseException:
        if stored_name:
            value.evidence.storage.delete(stored_name)
        raise
    return value


def save_value(
    indicator: PlanIndicator,
    user,
    *,
    kind: str,
    period: str,
    number: Decimal | None = None,
    text: str = "",
    source: str = "",
    comment: str = "",
    evidence: UploadedFile | None = None,
) -> tuple[IndicatorValue, bool]:
    """Store the indicator's value for a period. A value already entered for that period
    is replaced (and kept in the history); its evidence stays unless a new file is given.
    Says whether a value was replaced."""
    if kind in COMPUTED:
        raise NotTyped(indicator)
    with transaction.atomic():
        value = indicator.values.select_for_update().filter(period=period).first()
        replaced = value is not None
        before = value_snapshot(value) if replaced else None
        value = value or IndicatorValue(indicator=indicator, period=period)
        value.number = number if kind == NUMBER else None
        value.text = text if kind == TEXT else ""
        value.source, value.comment = source, comment
        return _store(value, before, user, evidence), replaced


def change_value(
    value: IndicatorValue,
    user,
    *,
    kind: str,
    period: str,
    number: Decimal | None = None,
    text: str = "",
    source: str = "",
    comment: str = "",
    evidence: UploadedFile | None = None,
    drop_evidence: bool = False,
) -> IndicatorValue:
    """Change a value: its period, figure or text, source, comment or evidence file."""
    if kind in COMPUTED:
        raise NotTyped(value.indicator)
    before = value_snapshot(value)
    value.period = period
    value.number = number if kind == NUMBER else None
    value.text = text if kind == TEXT else ""
    value.source, value.comment = source, comment
    return _store(value, before, user, evidence, drop_evidence)


def kept_fields(value: IndicatorValue) -> dict:
    """What an import notes of a value, before and after storing it: what undoing the
    import puts back, and what tells whether the value changed since."""
    return {
        "number": None if value.number is None else plain_decimal(value.number),
        "text": value.text,
        "source": value.source,
        "comment": value.comment,
        "evidence": value.evidence.name if value.evidence else "",
        "entered_by": value.entered_by_id,
        "entered_at": value.entered_at.isoformat(),
    }


@transaction.atomic
def put_back(value: IndicatorValue, fields: dict, user) -> None:
    """Give the value again the fields `kept_fields` noted; the history keeps the change.
    (Its evidence file is not touched: an import never changes it.)"""
    before = value_snapshot(value)
    value.number = None if fields["number"] is None else Decimal(fields["number"])
    value.text, value.source, value.comment = fields["text"], fields["source"], fields["comment"]
    entered_by = fields["entered_by"]
    value.entered_by_id = entered_by if User.objects.filter(pk=entered_by).exists() else None
    value.entered_at = datetime.datetime.fromisoformat(fields["entered_at"])
    value.save()
    _record(value, before, value_snapshot(value), user)


@transaction.atomic
def remove_value(value: IndicatorValue, user) -> None:
    """Remove a value; the history keeps what it was. Its evidence file goes with it."""
    _record(value, value_snapshot(value), None, user)
    value.delete()
