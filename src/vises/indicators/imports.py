"""Indicator values brought in from a spreadsheet (CSV or XLSX): one row per value, with
the indicator (its code, or its name in any language), the period, the value, and if
wished its source and a comment.

As for survey responses, the columns are matched by their name in French, Dutch or
English, and the person corrects in a preview what did not match: a column, or an
indicator's name. Each row is checked as the value form checks it; the values are stored
all together or none, each kept in the evaluation's history, and a value already entered
for the same period is replaced, as typing it again would replace it. An import is undone
as a whole: the values it replaced are put back, those it added removed. Such a file holds
a few hundred values: it is read inside the request, and refused beyond MAX_ROWS rows.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises import safe_input
from vises.evaluations.models import Change, PlanIndicator
from vises.table_files import (
    Column,
    Formula,
    Preview,
    Problem,
    Unreadable,
    cell_text,
    column_name,
    extra_cells_problem,
    formula_problem,
    number_text,
    open_table,
    read_reading_choices,
    simplified,
)

from . import values
from .models import IndicatorImport, IndicatorValue

PART = "indicator_imports"  # in the evaluation's history
MAX_ROWS = 5000
SHOWN_ROWS = 20
PROBLEMS_KEPT = 200
# What the value field holds: 14 digits, 4 of them decimals.
LARGEST = Decimal(10**10)
UNDECIDED, NOT_IMPORTED = "?", ""
FIELDS = {
    "indicator": gettext_lazy("indicator (code or name)"),
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value"),
    "source": gettext_lazy("source"),
    "comment": gettext_lazy("comment"),
}
# The names a column of each field goes by, in English, French and Dutch.
FIELD_NAMES = {
    "indicator": ["indicator", "indicateur", "code", "name", "nom", "naam"],
    "period": ["period", "période", "periode", "year", "année", "jaar"],
    "value": ["value", "valeur", "waarde", "number", "nombre", "getal"],
    "source": ["source", "bron"],
    "comment": ["comment", "commentaire", "remarque", "opmerking", "commentaar"],
}


class ImportFailed(Exception):
    """Nothing was stored; `problems` say why."""

    def __init__(self, problems: list[Problem], count: int):
        super().__init__(f"{count} problems")
        self.problems, self.count = problems, count


@dataclass
class Row:
    number: int
    described: values.Described
    period: str
    number_value: Decimal | None
    text: str
    source: str
    comment: str
    replaces: bool


@dataclass
class Check(Preview):
    rows: list[Row]
    unmatched: Counter  # indicator names as written that match none of the plan

    @property
    def shown_rows(self) -> list[Row]:
        return self.rows[:SHOWN_ROWS]

    @property
    def replaced(self) -> int:
        return sum(row.replaces for row in self.rows)


class PlanIndicators:
    """The names a file may give the evaluation's planned indicators."""

    def __init__(self, evaluation):
        planned = PlanIndicator.objects.filter(plan_row__evaluation=evaluation).select_related(
            "plan_row"
        )
        specs = {i["code"]: i for i in evaluation.framework_version.document["indicators"]}
        self.described = {
            indicator.pk: values.describe(evaluation, indicator) for indicator in planned
        }
        self.names: dict[str, int] = {}
        for pk, described in self.described.items():
            indicator = described.indicator
            names = [indicator.code, indicator.name, described.name]
            names += list((specs.get(indicator.code) or {}).get("name", {}).values())
            for name in names:
                if name:
                    self.names.setdefault(simplified(name), pk)
        self.periods = {
            (value.indicator_id, value.period)
            for value in values.IndicatorValue.objects.filter(
                indicator__plan_row__evaluation=evaluation
            )
        }

    def find(self, written: str, fixes: dict) -> values.Described | None:
        pk = fixes.get(written) or self.names.get(simplified(written))
        return self.described.get(int(pk)) if str(pk).isdigit() else None

    def choices(self) -> list[tuple[int, str]]:
        return [(pk, described.name) for pk, described in self.described.items() if described.typed]


def field_choices() -> list[tuple[str, str]]:
    return [
        (UNDECIDED, _("— choose what it holds —")),
        (NOT_IMPORTED, _("— not imported —")),
        *FIELDS.items(),
    ]


def plan_columns(header: list[str], chosen: dict) -> tuple[list[Column], list[Problem]]:
    known = {simplified(name): field for field, names in FIELD_NAMES.items() for name in names}
    columns, problems = [], []
    for index, written in enumerate(header):
        name = column_name(header, index)
        guess = known.get(simplified(written)) if written else None
        target = chosen.get(str(index))
        if target not in (*FIELDS, UNDECIDED, NOT_IMPORTED):
            target = guess or UNDECIDED
        columns.append(Column(index, name, target, guess is not None and target == guess))
        if target == UNDECIDED:
            problems.append(
                Problem(
                    1,
                    name,
                    _("This column matches no field: say what it holds, or leave it out."),
                )
            )
    fed = Counter(column.target for column in columns)
    for column in columns:
        if column.target in FIELDS and fed[column.target] > 1:
            problems.append(Problem(1, column.name, _("Another column feeds the same field.")))
    for field in ("indicator", "period", "value"):
        if not fed[field]:
            problems.append(
                Problem(
                    None,
                    str(FIELDS[field]),
                    _("No column gives this field, which every value needs."),
                )
            )
    return columns, problems


def _read_row(number, cells, columns, plan, fixes, seen, problems) -> Row | None:
    """The row as a value to store, or None with its problems added."""
    found, where = {}, {}
    before = len(problems)
    for column in columns:
        if column.target not in FIELDS:
            continue
        cell = cells[column.index] if column.index < len(cells) else None
        where[column.target] = column.name
        if isinstance(cell, Formula):
            problems.append(formula_problem(number, column.name, cell))
            continue
        found[column.target] = cell_text(cell)
    extra = extra_cells_problem(number, cells, len(columns))
    if extra is not None:
        problems.append(extra)
    written = found.get("indicator", "")
    described = plan.find(written, fixes) if written else None
    if not written:
        problems.append(Problem(number, where["indicator"], _("Name the indicator.")))
    elif described is None:
        problems.append(
            Problem(
                number,
                where["indicator"],
                _("No indicator of the collection plan is called “%(name)s”.") % {"name": written},
            )
        )
    elif not described.typed:
        problems.append(
            Problem(
                number,
                where["indicator"],
                _("“%(name)s” is computed in the analysis: its values are not typed in.")
                % {"name": described.name},
            )
        )
    period = found.get("period", "")
    if not period:
        problems.append(
            Problem(number, where["period"], _("Give the period of this value, for example 2026."))
        )
    elif len(period) > 60:
        problems.append(Problem(number, where["period"], _("Keep the period under 60 characters.")))
    raw = found.get("value", "")
    number_value, text = None, ""
    if not raw:
        problems.append(Problem(number, where["value"], _("Give the value.")))
    elif described is not None and described.kind == values.TEXT:
        text = raw[:5000]
    elif described is not None:
        try:
            number_value = safe_input.read_number(number_text(raw))
        except safe_input.Refused as refusal:
            problems.append(Problem(number, where["value"], str(refusal)))
        else:
            if abs(number_value) >= LARGEST or -number_value.as_tuple().exponent > 4:
                problems.append(
                    Problem(
                        number,
                        where["value"],
                        _("Give a number under 10 billion with at most 4 decimals."),
                    )
                )
    source, comment = found.get("source", ""), found.get("comment", "")
    for field, text_value, limit in (("source", source, 200), ("comment", comment, 3000)):
        if len(text_value) > limit:
            problems.append(
                Problem(
                    number,
                    where[field],
                    _("Keep it under %(limit)s characters.") % {"limit": limit},
                )
            )
    if described is not None and period:
        key = (described.indicator.pk, period)
        if key in seen:
            problems.append(
                Problem(
                    number,
                    where["period"],
                    _("Row %(row)s already gives this indicator's value for this period.")
                    % {"row": seen[key]},
                )
            )
        seen.setdefault(key, number)
    if len(problems) > before:
        return None
    return Row(
        number,
        described,
        period,
        number_value,
        text,
        source,
        comment,
        (described.indicator.pk, period) in plan.periods,
    )


def check(evaluation, file, name: str, options: dict) -> Check:
    """Read and check every row of the file, storing nothing. Raises Unreadable."""
    table = open_table(file, name, options.get("encoding", ""), options.get("delimiter", ""))
    columns, problems = plan_columns(table.header, options.get("columns") or {})
    plan = PlanIndicators(evaluation)
    fixes = options.get("indicators") or {}
    rows, unmatched, seen = [], Counter(), {}
    if not problems:
        for count, (number, cells) in enumerate(table.rows, start=1):
            if count > MAX_ROWS:
                raise Unreadable(
                    _("The file holds more than %(count)s values: split it.") % {"count": MAX_ROWS}
                )
            row = _read_row(number, cells, columns, plan, fixes, seen, problems)
            if row is not None:
                rows.append(row)
            column = next(c for c in columns if c.target == "indicator")
            written = cell_text(cells[column.index]) if column.index < len(cells) else ""
            if written and plan.find(written, fixes) is None:
                unmatched[written] += 1
        if not rows and not problems:
            problems.append(Problem(None, "", _("The file holds no value.")))
    return Check(
        table.kind,
        table.encoding,
        table.delimiter,
        columns,
        problems[:PROBLEMS_KEPT],
        len(problems),
        rows,
        unmatched,
    )


def start(evaluation, upload, user) -> IndicatorImport:
    indicator_import = IndicatorImport(
        evaluation=evaluation, file_name=upload.name[:255], created_by=user
    )
    indicator_import.file.save(f"evaluation-{evaluation.pk}.data", upload, save=False)
    indicator_import.save()
    return indicator_import


def store(indicator_import: IndicatorImport, user) -> int:
    """Store every value of the file, or none (raises ImportFailed or Unreadable); each is
    kept in the history, and the import notes what it replaced, for undoing it. Returns
    how many were stored."""
    evaluation = indicator_import.evaluation
    with transaction.atomic():
        with indicator_import.file.open("rb") as file:
            checked = check(evaluation, file, indicator_import.file_name, indicator_import.options)
        if checked.problem_count:
            raise ImportFailed(checked.problems, checked.problem_count)
        earlier = {
            (value.indicator_id, value.period): values.kept_fields(value)
            for value in IndicatorValue.objects.select_for_update().filter(
                indicator__plan_row__evaluation=evaluation
            )
        }
        stored = []
        for row in checked.rows:
            indicator = row.described.indicator
            value, _replaced = values.save_value(
                row.described.indicator,
                user,
                kind=row.described.kind,
                period=row.period,
                number=row.number_value,
                text=row.text,
                source=row.source,
                comment=row.comment,
            )
            stored.append(
                {
                    "value": value.pk,
                    "indicator": row.described.name,
                    "period": row.period,
                    "before": earlier.get((indicator.pk, row.period)),
                    "after": values.kept_fields(value),
                }
            )
        indicator_import.imported_at = timezone.now()
        indicator_import.imported_values = len(checked.rows)
        indicator_import.stored = stored
        indicator_import.save(update_fields=["imported_at", "imported_values", "stored"])
        Change.record(evaluation.pk, PART, {}, _summary(indicator_import), user)
    return len(checked.rows)


def _summary(indicator_import: IndicatorImport) -> dict:
    return {"file": indicator_import.file_name, "values": indicator_import.imported_values}


class NotUndone(Exception):
    """The import cannot be undone; the message says why. Nothing was changed."""


@transaction.atomic
def undo(indicator_import: IndicatorImport, user) -> int:
    """Put back every value the import replaced and remove every value it added, all or
    none: a value changed or removed since the import is left for the team to see to
    (undoing would lose that change). The history keeps each value's change and a
    summary. Returns how many values were undone."""
    locked = IndicatorImport.objects.select_for_update().get(pk=indicator_import.pk)
    if locked.imported_at is None or locked.undone_at is not None:
        raise NotUndone(_("Only an import that is in can be undone."))
    if locked.imported_values and not locked.stored:
        raise NotUndone(_("This import was made before imports could be undone."))
    found = IndicatorValue.objects.select_for_update().select_related("indicator__plan_row")
    found = found.in_bulk([entry["value"] for entry in locked.stored])
    for entry in locked.stored:
        value = found.get(entry["value"])
        if value is None or values.kept_fields(value) != entry["after"]:
            raise NotUndone(
                _(
                    "The value of “%(indicator)s” for %(period)s changed after the import: "
                    "undoing would lose that change. Nothing was undone."
                )
                % {"indicator": entry["indicator"], "period": entry["period"]}
            )
    for entry in locked.stored:
        value = found[entry["value"]]
        if entry["before"] is None:
            values.remove_value(value, user)
        else:
            values.put_back(value, entry["before"], user)
    locked.undone_by, locked.undone_at = user, timezone.now()
    locked.save(update_fields=["undone_by", "undone_at"])
    Change.record(locked.evaluation_id, PART, _summary(locked), {"undone": True}, user)
    indicator_import.refresh_from_db()
    return len(locked.stored)


def read_corrections(data, options: dict) -> dict:
    """The options with what the person chose in the preview (see the model)."""
    options = read_reading_choices(data, options, 20)
    fixes = dict(options.get("indicators") or {})
    for name in data:
        if name.startswith("fix_") and name.endswith("_written"):
            prefix = name.removesuffix("_written")
            written, chosen = data.get(name, "")[:300], data.get(prefix, "")
            if written and chosen.isdigit():
                fixes[written] = int(chosen)
            elif written:
                fixes.pop(written, None)
    options["indicators"] = fixes
    return options
