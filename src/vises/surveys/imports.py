"""Responses brought in from a spreadsheet (CSV or XLSX) into a wave of a survey.

Answers collected on paper, in another tool or in last year's spreadsheet come in without
being typed again. A file's columns are matched to the survey's questions by code or by
the question's text in any of the survey's languages, and its values to the options by
value or label in any language, without regard to case, accents or spaces; the person
corrects in a preview what did not match. Every row then obeys the rules of a response
typed online (`answers.py`), and an answer to a question its condition skips is reported.

An import stores every row or none, marked with its file and the person; it can be undone
as a whole. The preview checks the first `PREVIEW_ROWS` rows inside the request; the
import itself reads the whole file again, as a stream, in a background task, so that a
file of a hundred thousand rows neither holds a web request nor the memory of a server.
"""

import datetime
import hashlib
import json
import math
import re
import secrets
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice, repeat

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django_tasks.signals import task_finished

from vises import safe_input
from vises.evaluations.models import Change
from vises.multilingual import pick
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
    is_blank,
    number_text,
    open_table,
    read_reading_choices,
    simplified,
)
from vises.worker import reasons

from . import builder
from .answers import (
    OTHER,
    SHORT_TEXT_MAX,
    Refused,
    is_shown,
    number_answer,
    other_key,
    parse,
)
from .models import Question, Response, ResponseImport
from .responding import survey_languages

PREVIEW_ROWS = 2000
SHOWN_ROWS = 10
PROBLEMS_KEPT = 200
BATCH = 1000

# What marks an option as chosen, or not, in a column per option, as people write it in
# French, Dutch and English.
CHOSEN = {"1", "x", "yes", "y", "oui", "o", "ja", "j", "true", "vrai", "waar", "✓", "✔"}
NOT_CHOSEN = {"0", "no", "n", "non", "nee", "false", "faux", "onwaar", "-"}
# Columns of the survey's own export that are not answers: the import makes its own.
EXPORT_COLUMNS = {"response", "wave", "source"}
# What KoBoToolbox and ODK add to each submission, besides the answers.
FORM_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "meta/instanceid",
    "meta/instancename",
    "meta/deprecatedid",
}
SUBMITTED_COLUMNS = {"submitted_at", "_submission_time", "submissiondate", "submission_time"}
LANGUAGE = "m:language"
SUBMITTED = "m:submitted_at"
NOT_IMPORTED = ""
UNDECIDED = "?"  # a column matched by nothing, until the person says what it holds


class ImportFailed(Exception):
    """Nothing was stored; `problems` say why (the first ones), `count` how many."""

    def __init__(self, problems: list[Problem], count: int | None = None):
        super().__init__(f"{count or len(problems)} problems")
        self.problems = problems[:PROBLEMS_KEPT]
        self.count = len(problems) if count is None else count


# Matching columns and values --------------------------------------------------------------


class SurveyKeys:
    """The names a file may give the survey's questions, options and other texts."""

    def __init__(self, questions: list[Question]):
        self.questions = {question.code: question for question in questions}
        self.ordered = questions
        self.columns: dict[str, str] = {}
        self.options: dict[str, dict[str, str]] = {}
        # Codes first: a question's text that reads like another's code loses.
        for question in questions:
            self.columns[simplified(question.code)] = f"q:{question.code}"
        for question in questions:
            for text in question.text.values():
                if text:
                    self.columns.setdefault(simplified(text), f"q:{question.code}")
            values = [str(option["value"]) for option in question.options]
            if question.allow_other and question.kind != Question.Kind.SCALE:
                values.append(OTHER)
                # Ours is "code.other"; an XLSForm's or_other writes "code_other".
                for name in (other_key(question.code), f"{question.code}_other"):
                    self.columns.setdefault(simplified(name), f"x:{question.code}")
                if question.kind == Question.Kind.MULTIPLE_CHOICE:
                    self.columns.setdefault(
                        simplified(f"{question.code}/other"), f"o:{question.code}:{OTHER}"
                    )
            if question.kind == Question.Kind.MULTIPLE_CHOICE:
                for value in values:
                    for separator in "./":
                        name = simplified(f"{question.code}{separator}{value}")
                        self.columns.setdefault(name, f"o:{question.code}:{value}")
            names = {}
            for option in question.options:
                for label in (option.get("label") or {}).values():
                    if label:
                        names.setdefault(simplified(label), str(option["value"]))
            # A value always wins over a label that reads like another option's value.
            names.update({simplified(value): value for value in values})
            if OTHER in values:
                names.setdefault("other", OTHER)  # the choice an XLSForm's or_other adds
            self.options[question.code] = names
        self.columns.setdefault(simplified("language"), LANGUAGE)
        for name in EXPORT_COLUMNS | FORM_METADATA:
            self.columns.setdefault(simplified(name), NOT_IMPORTED)
        for name in SUBMITTED_COLUMNS:
            self.columns.setdefault(simplified(name), SUBMITTED)

    def guess(self, header: str) -> str | None:
        """The target of a column named `header`, "" for a column deliberately left out,
        None when nothing matches. A KoBoToolbox header names a question by its groups
        ("household/members") and starts its own columns with "_" (_uuid, _index...)."""
        if not header:
            return None
        found = self.columns.get(simplified(header))
        parts = header.split("/")
        for start in range(1, len(parts)):
            if found is not None:
                break
            found = self.columns.get(simplified("/".join(parts[start:])))
        if found is None and header.startswith("_"):
            return NOT_IMPORTED
        return found

    def choices(self, language: str) -> list[tuple[str, str]]:
        """(target, label) of everything a column may feed, for the person to choose."""
        result = [
            (UNDECIDED, _("— choose what it holds —")),
            (NOT_IMPORTED, _("— not imported —")),
            (LANGUAGE, _("language of the answers")),
            (SUBMITTED, _("date and time sent (ISO 8601)")),
        ]
        for question in self.ordered:
            text = pick(question.text, language).text
            result.append((f"q:{question.code}", f"{question.code} · {text}"))
            if question.kind == Question.Kind.MULTIPLE_CHOICE:
                for option in question.options:
                    label = pick(option.get("label"), language).text or option["value"]
                    result.append(
                        (
                            f"o:{question.code}:{option['value']}",
                            _("%(code)s · option “%(option)s” (1 or 0)")
                            % {"code": question.code, "option": label},
                        )
                    )
            if question.allow_other and question.kind != Question.Kind.SCALE:
                result.append(
                    (
                        f"x:{question.code}",
                        _("%(code)s · text of “other”") % {"code": question.code},
                    )
                )
        return result

    def valid(self, target: str) -> bool:
        return target in {key for key, _label in self.choices("en")}


def plan_columns(
    keys: SurveyKeys, header: list[str], chosen: dict, skip_unmatched: bool = False
) -> tuple[list, list]:
    """The columns with what each feeds (the person's choice, else the match by name),
    and the problems of the header as a whole. A column nothing matches is a problem
    until the person says what it holds, or leaves it out (`skip_unmatched` leaves out
    every such column)."""
    columns, problems, seen = [], [], {}
    for index, written in enumerate(header):
        name = column_name(header, index)
        guess = keys.guess(written)
        target = chosen.get(str(index))
        if target is None or not keys.valid(target):
            target = guess if guess is not None else UNDECIDED
        if target == UNDECIDED and skip_unmatched:
            target = NOT_IMPORTED
        columns.append(Column(index, name, target, guess is not None and target == guess))
        if target == UNDECIDED:
            problems.append(
                Problem(
                    1,
                    name,
                    _("This column matches no question: say what it holds, or leave it out."),
                )
            )
        if written:
            first = seen.setdefault(simplified(written), name)
            if first is not name:
                problems.append(
                    Problem(1, name, _("Two columns have this name: keep one, or rename one."))
                )
    fed = Counter(column.target for column in columns if column.target not in ("", UNDECIDED))
    for column in columns:
        if fed[column.target] > 1:
            problems.append(
                Problem(1, column.name, _("Another column feeds the same question or option."))
            )
    fed_questions = {column.target.split(":")[1] for column in columns if ":" in column.target}
    for question in keys.ordered:
        if question.required and question.code not in fed_questions:
            problems.append(
                Problem(
                    None,
                    question.code,
                    _("No column gives the answers to this required question."),
                )
            )
    return columns, problems


# Reading cells ----------------------------------------------------------------------------


def date_text(text: str) -> str:
    """A date and time written in ISO ("2026-03-31 00:00:00") as its day."""
    if len(text) > 10 and text[4:5] == "-" and text[10:11] in (" ", "T"):
        return text[:10]
    return text


def split_choices(text: str) -> list[str]:
    for separator in (";", ",", "\n"):
        if separator in text:
            return [part.strip() for part in text.split(separator) if part.strip()]
    return [text]


@dataclass(slots=True)
class ReadRow:
    answers: dict
    language: str
    problems: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)  # (question code, value as written)
    submitted_at: datetime.datetime | None = None
    # The answers as JSON, when the row was read in one pass: made of each answer's JSON,
    # worked out once for a file's repeated cells.
    json: str | None = None


# What a cell's values do to its question's: add to those of other columns (choices, a
# column per option), replace them, or give the text of "other".
ADDS, REPLACES, OTHER_TEXT = "adds", "replaces", "other"
# Distinct cells of a column kept with what they give: a file repeats the same few labels
# on every row, and the memory stays bounded however long the file is.
REMEMBERED_CELLS = 2000


@dataclass(slots=True)
class CellReading:
    """What a cell gives, the same on whichever row it is: values for its question, the
    messages of its problems and the parts that matched no option. `answer` is, for the
    only column of a question, the question's answer (value, message of refusal), worked
    out the first time a row needs it."""

    effect: str = ADDS
    values: tuple = ()
    problems: tuple = ()
    unmatched: tuple = ()
    answer: tuple | None = None
    quick: tuple | bool | None = None  # see RowReader._quickly


def _answer(question: Question, values: list, other: str) -> tuple:
    """(value, None) as `parse` reads the values, or (None, why they are refused)."""
    try:
        return parse(question, values, other), None
    except Refused as refusal:
        return None, str(refusal)


def plain_number(question: Question, text: str) -> int | float | None:
    """The answer `parse` gives a number question for the cell `text` when it is a plain
    number (digits, with a sign or a decimal comma or point, which no cleaning changes)
    of at most 15 characters, which the limits of `read_number` always accept, and the
    question's rules too; else None, for the full reading to say what is wrong."""
    if len(text) > safe_input.DIGITS or not safe_input.PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return number_answer(question, Decimal(text.replace(",", ".")))
    except Refused:
        return None


# Plain numbers (see `plain_number`), one a line.
PLAIN_NUMBER_LINES = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?(?:\n[+-]?[0-9]+(?:[.,][0-9]*)?)*")


class NumberColumn:
    """Reads a number column's cells for `RowReader.read_batch`: what a cell adds to the
    answers' JSON (`prefix`, the answer, ", ") when it is a plain number of at most 15
    characters strictly within the question's bounds, else what `known` says (None if
    nothing), for the exact reading to decide. Reading it as a float gives the answer
    `plain_number` gives: a number of at most 15 digits is the one its float stands for,
    so that it is whole exactly when its float is, and a float strictly above (below) the
    float of a bound is above (below) the bound itself."""

    def __init__(self, question: Question, prefix: str, known: dict):
        self.low = -math.inf if question.minimum is None else float(question.minimum)
        self.high = math.inf if question.maximum is None else float(question.maximum)
        self.whole_only, self.prefix, self.known = question.integer_only, prefix, known

    def cell(self, text: str) -> str | None:
        if len(text) <= safe_input.DIGITS and safe_input.PLAIN_NUMBER.fullmatch(text):
            value = float(text.replace(",", "."))
            if self.low < value < self.high:
                if value.is_integer():
                    return f"{self.prefix}{int(value)}, "
                if not self.whole_only:
                    return f"{self.prefix}{value!r}, "
        return self.known.get(text)

    def cells(self, texts: tuple) -> list[str] | None:
        """What `cell` gives for each of `texts` when every one is a plain number within
        the bounds, else None: checked and read for the whole column at once, rather than
        by a call per cell (a file's numbers seldom repeat)."""
        if max(map(len, texts)) > safe_input.DIGITS:
            return None
        lines = "\n".join(texts)
        if not PLAIN_NUMBER_LINES.fullmatch(lines):
            return None
        values = list(map(float, lines.replace(",", ".").split("\n")))
        if len(values) != len(texts) or not self.low < min(values) <= max(values) < self.high:
            return None  # (a cell of several lines, or a number out of bounds)
        if self.whole_only and not all(map(float.is_integer, values)):
            return None
        prefix = self.prefix
        return [f"{prefix}{int(value) if value.is_integer() else value!r}, " for value in values]


class RowReader:
    """Turns a row of the file into a response's answers, checked as online answers are.

    What a cell gives depends on its column and its content, not on its row: it is worked
    out once per distinct content of a column and remembered (a file of a hundred thousand
    rows holds a few hundred labels), so that a row costs little more than looking its
    cells up. The conditions, which depend on the row's other answers, are checked on
    every row."""

    def __init__(self, keys: SurveyKeys, columns: list[Column], fixes: dict, languages: list):
        self.keys = keys
        self.columns = [column for column in columns if column.target not in ("", UNDECIDED)]
        self.width = len(columns)
        self.fixes = {
            code: {simplified(written): value for written, value in mapping.items()}
            for code, mapping in (fixes or {}).items()
        }
        self.languages = languages
        self.column_of = {}
        fed = Counter()
        for column in self.columns:
            if ":" in column.target:
                code = column.target.split(":")[1]
                self.column_of.setdefault(code, column.name)
                fed[code] += 1
        # (column, "q", "o", "x" or "m" for metadata, question code, cells remembered)
        self.cells = [
            (column, kind, code, {})
            for column in self.columns
            for kind, code, *_option in [column.target.split(":")]
        ]
        # Questions answered by a single column of their own, which holds their answer.
        self.alone = {code for _c, kind, code, _r in self.cells if kind == "q" and fed[code] == 1}
        # Choices with "other" fed by their column and by a column of the text of "other".
        other_index = {column.index: code for column, kind, code, _r in self.cells if kind == "x"}
        with_other = {
            code: index
            for column, kind, code, _r in self.cells
            if kind == "q" and fed[code] == 2
            for index, of in other_index.items()
            if of == code
        }
        self.checks = [
            (
                question,
                question.code,
                self.column_of.get(question.code, question.code),
                bool((question.condition or {}).get("rules")),
                question.required and question.code in self.column_of,
                question.code in self.alone,
            )
            for question in keys.ordered
        ]
        # When every column read is a question's only one (or its text of "other"), or
        # the language or time sent, a row is read in one pass over the questions; a row
        # with a problem is then read again the long way, which reports its problems as
        # always: by column, then by question.
        self.quick = None
        if all(
            kind == "m" or code in self.alone or code in with_other
            for _c, kind, code, _r in self.cells
        ):
            of_question = {
                code: (column, remembered)
                for column, kind, code, remembered in self.cells
                if kind == "q"
            }
            self.quick = [
                (
                    question,
                    code,
                    of_question[code][0].index,
                    *of_question[code],
                    conditional,
                    required,
                    # A number question's answer, as JSON, follows this.
                    json.dumps(code) + ": " if question.kind == Question.Kind.NUMBER else None,
                )
                for question, code, _where, conditional, required, alone in self.checks
                if alone or code in with_other
            ]
        self.metadata = [column for column, kind, _code, _r in self.cells if kind == "m"]
        # Then the rows of a CSV (only texts: `all_text`) are read a batch at a time,
        # column by column (see `read_batch`).
        self.known, self.all_text = None, False
        # (A question with a text of "other" is read in a batch only: `other_of` gives the
        # column of that text for its position in `quick`.)
        self.other_of = {}
        if self.quick:
            self.indexes = [index for _q, _c, index, *_rest in self.quick]
            self.other_of = {
                position: with_other[code]
                for position, (_q, code, *_r) in enumerate(self.quick)
                if code in with_other
            }
            # For each question shown on a condition, the questions before it that its
            # rules look at, as (position, column index), and whether it shows for the
            # cells of these, as met so far.
            position_of = {code: position for position, (_q, code, *_r) in enumerate(self.quick)}
            self.conditions = {
                position: (
                    question,
                    [
                        (position_of[code], self.indexes[position_of[code]])
                        for code in dict.fromkeys(rule.get("question") for rule in rules)
                        if position_of.get(code, position) < position
                    ],
                    {},
                )
                for position, (question, *_r, conditional, _required, _n) in enumerate(self.quick)
                if conditional
                for rules in [question.condition["rules"]]
            }
            self.last_index = max([*self.indexes, *self.other_of.values()])
            # For each column read, the cells it met so far with what they add to the
            # answers' JSON (see `_know`); a number column first reads its cell itself.
            self.known = [{} for _index in self.indexes]
            self.numbers = [
                None if as_number is None else NumberColumn(question, as_number, known)
                for known, (question, *_rest, as_number) in zip(self.known, self.quick, strict=True)
            ]
            self.lookups = [
                known.get if number is None else number.cell
                for known, number in zip(self.known, self.numbers, strict=True)
            ]

    def option(self, code: str, written: str) -> str | None:
        key = simplified(written)
        return self.fixes.get(code, {}).get(key) or self.keys.options[code].get(key)

    def read(self, number: int, cells: list) -> ReadRow:
        if self.quick is not None and not self.other_of:
            row = self._read_quickly(number, cells)
            if row is not None:
                return row
        row = ReadRow({}, self.languages[0])
        raw: dict[str, list[str]] = {}
        others: dict[str, str] = {}
        refused: set[str] = set()
        readings: dict[str, CellReading] = {}
        extra = extra_cells_problem(number, cells, self.width)
        if extra is not None:
            row.problems.append(extra)
        count = len(cells)
        for column, kind, code, remembered in self.cells:
            cell = cells[column.index] if column.index < count else None
            if type(cell) is str:
                key = cell
            elif isinstance(cell, Formula):
                row.problems.append(formula_problem(number, column.name, cell))
                refused.add(column.target.split(":")[-1])
                continue
            else:
                key = (type(cell), cell)  # 1, 1.0 and True are equal keys, but not equal cells
            if kind == "m":
                self._read_metadata(row, number, column, cell)
                continue
            reading = remembered.get(key) or self._remember(column, remembered, key, cell)
            if reading.problems:
                row.problems.extend(
                    Problem(number, column.name, message) for message in reading.problems
                )
                if reading.unmatched:
                    row.unmatched.extend((code, part) for part in reading.unmatched)
                refused.add(code)
            if reading.values:
                if reading.effect is ADDS:
                    raw.setdefault(code, []).extend(reading.values)
                elif reading.effect is REPLACES:
                    raw[code] = list(reading.values)
                else:
                    others[code] = reading.values[0]
            readings[code] = reading
        self._check(row, number, raw, others, refused, readings)
        return row

    def _read_quickly(self, number: int, cells: list) -> ReadRow | None:
        """The row, read as `read` reads it, or None if it has a problem."""
        count = len(cells)
        if count > self.width and any(not is_blank(cell) for cell in cells[self.width :]):
            return None
        row = ReadRow({}, self.languages[0])
        for column in self.metadata:
            cell = cells[column.index] if column.index < count else None
            if isinstance(cell, Formula):
                return None
            self._read_metadata(row, number, column, cell)
        if row.problems:
            return None
        answers, fragments = row.answers, []
        for (
            question,
            code,
            index,
            column,
            remembered,
            conditional,
            required,
            as_number,
        ) in self.quick:
            cell = cells[index] if index < count else None
            if type(cell) is str:
                reading = remembered.get(cell)
                if reading is None:
                    if as_number is not None:
                        # Numbers seldom repeat: a plain one is read without remembering it.
                        value = plain_number(question, cell)
                        if value is not None:
                            if conditional and not is_shown(question, answers):
                                return None
                            answers[code] = value
                            fragments.append(as_number + repr(value))
                            continue
                    reading = self._remember(column, remembered, cell, cell)
            elif isinstance(cell, Formula):
                return None
            else:
                key = (type(cell), cell)
                reading = remembered.get(key) or self._remember(column, remembered, key, cell)
            quick = reading.quick
            if quick is None:
                quick = reading.quick = self._quickly(question, reading)
            if quick is False:  # a problem, which the long way reports
                return None
            answer, fragment = quick
            if conditional and not is_shown(question, answers):
                if reading.values:
                    return None
                continue
            if answer is None:
                if required:
                    return None
                continue
            # A remembered reading's answer serves other rows: a list is copied.
            for key, value in answer:
                answers[key] = value.copy() if type(value) is list else value
            fragments.append(fragment)
        row.json = "{" + ", ".join(fragments) + "}"
        return row

    def read_batch(self, rows: list) -> list[tuple] | None:
        """(answers as JSON, language, time sent) of each of `rows`, (number, cells) pairs
        of a CSV, when no row has a problem, else None: `read` then reads them one by one
        to say what is wrong. Each column is read on its own, its cells looked up among
        those it met already (a file of a hundred thousand rows holds a few hundred
        distinct labels), so that a row costs little more than splitting it; a question
        shown on a condition, on the rows where its condition holds (see `_shown`)."""
        if self.known is None or not self.all_text:
            return None
        every = [cells for _number, cells in rows]
        lengths = list(map(len, every))
        if min(lengths) <= self.last_index:
            return None
        if max(lengths) > self.width and any(
            not is_blank(cell) for cells in every for cell in cells[self.width :]
        ):
            return None
        columns = list(zip(*every, strict=False))  # as long as the shortest row: enough
        parts = []
        readers = zip(self.indexes, self.lookups, self.numbers, strict=True)
        for position, (index, lookup, number) in enumerate(readers):
            cells = columns[index]
            others = columns[self.other_of[position]] if position in self.other_of else None
            if position in self.conditions:
                shown = self._shown(position, columns)
                hidden = [at for at, visible in enumerate(shown) if not visible]
                if any(cells[at] or (others is not None and others[at]) for at in hidden):
                    return None  # an answer its condition skips: `read` says where
                found = [
                    lookup(cell) if visible else ""
                    for cell, visible in zip(cells, shown, strict=True)
                ]
            else:
                found = None if number is None else number.cells(cells)
                if found is None:
                    found = list(map(lookup, cells))
            if None in found:
                for at, entry in enumerate(found):
                    if entry is None:
                        entry = found[at] = (
                            self._know(position, cells[at])
                            if others is None
                            else self._know_with_other(position, cells[at], others[at])
                        )
                        if entry is None:
                            return None
            parts.append(found)
        # Each part ends with ", " (or is empty, for no answer).
        texts = ["{" + text[:-2] + "}" for text in map("".join, zip(*parts, strict=True))]
        if not self.metadata:
            return list(zip(texts, repeat(self.languages[0]), repeat(None)))
        result = []
        for (number, cells), text in zip(rows, texts, strict=True):
            row = ReadRow({}, self.languages[0])
            for column in self.metadata:
                cell = cells[column.index] if column.index < len(cells) else None
                self._read_metadata(row, number, column, cell)
            if row.problems:
                return None
            result.append((text, row.language, row.submitted_at))
        return result

    def _shown(self, position: int, columns: list) -> list[bool]:
        """Whether the `position`-th question read shows on each row of a batch, given by
        `columns`, which `read_batch` reads in order. Its condition looks at the answers
        of the questions before it, which the cells of their columns give: an answer its
        own condition skips has an empty cell, or the batch is read row by row. Worked
        out once for each combination of these cells."""
        question, looked_at, shown_for = self.conditions[position]
        if not looked_at:
            return [is_shown(question, {})] * len(columns[0])
        keys = list(zip(*(columns[index] for _position, index in looked_at), strict=True))
        shown = list(map(shown_for.get, keys))
        for at, visible in enumerate(shown):
            if visible is None:
                answers = {}
                for (earlier, _index), cell in zip(looked_at, keys[at], strict=True):
                    value = self._answer_of(earlier, cell)
                    if value is not None:
                        answers[self.quick[earlier][1]] = value
                visible = shown[at] = is_shown(question, answers)
                if len(shown_for) < REMEMBERED_CELLS:
                    shown_for[keys[at]] = visible
        return shown

    def _answer_of(self, position: int, cell: str):
        """The answer the cell of the `position`-th column read gives its question, None
        for none or for a problem (which stops reading the batch when its column is
        read). A choice of "other" with its text in a column of its own is the same
        answer whatever the text (a missing one is a problem)."""
        question, _code, _index, column, remembered, *_rest = self.quick[position]
        reading = remembered.get(cell) or self._remember(column, remembered, cell, cell)
        if reading.problems:
            return None
        if reading.answer is None:
            reading.answer = _answer(question, list(reading.values), "")
        value, refusal = reading.answer
        if refusal is not None and position in self.other_of:
            value, refusal = _answer(question, list(reading.values), "some text")
        return value

    def _know(self, position: int, cell: str) -> str | None:
        """What the cell of the `position`-th column read adds to a row's answers in
        JSON, followed by ", " ("" for no answer); None for a problem. Remembered for
        the column's next such cell, unless a number (numbers seldom repeat)."""
        question, _code, _index, column, remembered, _conditional, required, as_number = self.quick[
            position
        ]
        if as_number is not None:
            value = plain_number(question, cell)
            if value is not None:
                return f"{as_number}{value!r}, "
        reading = remembered.get(cell) or self._remember(column, remembered, cell, cell)
        if reading.quick is None:
            reading.quick = self._quickly(question, reading)
        if reading.quick is False:
            return None
        answer, fragment = reading.quick
        if answer is None:
            if required:
                return None
            entry = ""
        else:
            entry = fragment + ", "
        known = self.known[position]
        if len(known) < REMEMBERED_CELLS:
            known[cell] = entry
        return entry

    def _know_with_other(self, position: int, cell: str, other: str) -> str | None:
        """As `_know`, for a choice whose text of "other" is in the column of `other`: a
        choice of "other" takes that text with it (not remembered: it differs from row to
        row)."""
        question, code, _index, column, remembered, *_rest = self.quick[position]
        reading = remembered.get(cell) or self._remember(column, remembered, cell, cell)
        if reading.problems or OTHER not in reading.values:
            return self._know(position, cell)
        text = cell_text(other)
        value, refusal = _answer(question, list(reading.values), text)
        if refusal is not None:
            return None
        answer = {code: value, other_key(code): text.strip()[:SHORT_TEXT_MAX]}
        return json.dumps(answer, cls=ANSWERS_ENCODER)[1:-1] + ", "

    def _quickly(self, question: Question, reading: CellReading):
        """What the quick pass takes of a reading for its question: False for a reading
        with a problem, else its answer ((key, value) pairs, with the text of "other" if
        any; None if unanswered) and that answer as it stands in the response's JSON."""
        if reading.problems:
            return False
        if reading.answer is None:
            reading.answer = _answer(question, list(reading.values), "")
        value, refusal = reading.answer
        if refusal is not None:
            return False
        if value is None:
            return None, ""
        answer = {question.code: value}
        if value == OTHER or (type(value) is list and OTHER in value):
            answer[other_key(question.code)] = ""
        return tuple(answer.items()), json.dumps(answer, cls=ANSWERS_ENCODER)[1:-1]

    def _remember(self, column: Column, remembered: dict, key, cell) -> CellReading:
        reading = self._reading(column, cell_text(cell))
        if len(remembered) < REMEMBERED_CELLS:
            remembered[key] = reading
        return reading

    def _read_metadata(self, row, number, column, cell):
        if column.target == SUBMITTED:
            row.submitted_at = self._moment(row, number, column, cell)
        elif column.target == LANGUAGE:
            text = cell_text(cell)
            if text[:2].lower() in self.languages:
                row.language = text[:2].lower()

    def _reading(self, column: Column, text: str) -> CellReading:
        """What the cell of the column holding `text` gives, on any row."""
        kind, code, *option = column.target.split(":")
        question = self.keys.questions[code]
        if kind == "x":
            return CellReading(OTHER_TEXT, (text,))
        if kind == "o":
            word = simplified(text)
            if word in CHOSEN:
                return CellReading(ADDS, (option[0],))
            if word and word not in NOT_CHOSEN:
                return CellReading(problems=(_("Write 1 or 0 (or yes or no) here."),))
            return CellReading()
        if not text:
            return CellReading()
        if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.SCALE):
            return self._choose(question, [text])
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            parts = [text] if self.option(code, text) else split_choices(text)
            words = text.split()
            if len(parts) == 1 and len(words) > 1 and all(self.option(code, w) for w in words):
                parts = words  # XML values, as KoBoToolbox exports a multiple choice
            return self._choose(question, parts)
        if question.kind == Question.Kind.NUMBER:
            return CellReading(REPLACES, (number_text(text),))
        if question.kind == Question.Kind.DATE:
            return CellReading(REPLACES, (date_text(text),))
        return CellReading(REPLACES, (text,))

    def _choose(self, question, parts) -> CellReading:
        values, problems, unmatched = [], [], []
        for part in parts:
            value = self.option(question.code, part)
            if value is None:
                problems.append(
                    _("“%(value)s” is none of this question's options.") % {"value": part}
                )
                unmatched.append(part)
            else:
                values.append(value)
        return CellReading(ADDS, tuple(values), tuple(problems), tuple(unmatched))

    @staticmethod
    def _moment(row, number, column, cell) -> datetime.datetime | None:
        """A submission's date and time, in ISO 8601 (KoBoToolbox's, without a time zone,
        are in UTC)."""
        if cell in (None, ""):
            return None
        moment = cell if isinstance(cell, datetime.datetime) else None
        if moment is None:
            try:
                moment = datetime.datetime.fromisoformat(cell_text(cell).replace("Z", "+00:00"))
            except ValueError:
                row.problems.append(
                    Problem(
                        number,
                        column.name,
                        _("Give the date and time in ISO 8601, such as 2026-03-31T14:05:00."),
                    )
                )
                return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment

    def _check(self, row, number, raw, others, refused, readings):
        """The rules of a response typed online, with the row's number and columns."""
        answers = row.answers  # also what the conditions of later questions look at
        for question, code, where, conditional, required, alone in self.checks:
            if alone:
                reading, other = readings.get(code), ""
                answered = reading is not None and bool(reading.values)
            else:
                values, other = raw.get(code, []), others.get(code, "")
                answered = bool(values or other)
            if conditional and not is_shown(question, answers):
                if answered:
                    row.problems.append(
                        Problem(
                            number,
                            where,
                            _(
                                "This question is answered though the earlier answers skip it "
                                "(it is shown only on a condition)."
                            ),
                        )
                    )
                continue
            if code in refused:
                continue
            if not alone:
                value, refusal = _answer(question, values, other)
            elif reading is None:
                value, refusal = None, None
            else:
                if reading.answer is None:
                    reading.answer = _answer(question, list(reading.values), "")
                value, refusal = reading.answer
            if refusal is not None:
                row.problems.append(Problem(number, where, refusal))
                continue
            if value is None:
                if required:
                    row.problems.append(
                        Problem(number, where, _("This required question has no answer."))
                    )
                continue
            if type(value) is list:
                value = value.copy()  # a remembered reading's answer serves other rows
            answers[code] = value
            if value == OTHER or (isinstance(value, list) and OTHER in value):
                answers[other_key(code)] = other.strip()[:SHORT_TEXT_MAX]


# Preview ----------------------------------------------------------------------------------


@dataclass
class Check(Preview):
    """What the preview shows: how the file is read, its columns, its problems, and its
    first rows as understood."""

    rows_checked: int
    complete: bool  # every row of the file was checked
    first_rows: list  # (row number, answers, language)
    unmatched: dict  # question code -> Counter of values as written

    @property
    def unmatched_columns(self) -> list[Column]:
        return [column for column in self.columns if column.target == UNDECIDED]


def _reader(survey, table, options: dict) -> tuple[RowReader, list[Column], list[Problem]]:
    keys = SurveyKeys(builder.ordered_questions(survey))
    columns, problems = plan_columns(
        keys, table.header, options.get("columns") or {}, options.get("skip_unmatched", False)
    )
    if not any(column.target.startswith(("q:", "o:")) for column in columns):
        problems.append(Problem(1, "", _("No column of the file matches a question.")))
    reader = RowReader(keys, columns, options.get("values") or {}, survey_languages(survey))
    reader.all_text = table.kind == "csv"
    return reader, columns, problems


def check(survey, file, name: str, options: dict, limit: int | None = PREVIEW_ROWS) -> Check:
    """Read and check the first `limit` rows of the file (all if None), storing nothing.
    Raises Unreadable for a file that cannot be read as a table."""
    table = open_table(file, name, options.get("encoding", ""), options.get("delimiter", ""))
    reader, columns, problems = _reader(survey, table, options)
    count = len(problems)
    first_rows, unmatched, checked, complete = [], {}, 0, True
    rows = iter(table.rows)
    while limit is None or checked < limit:
        batch = list(islice(rows, BATCH if limit is None else min(BATCH, limit - checked)))
        if not batch:
            break
        checked += len(batch)
        if len(first_rows) == SHOWN_ROWS and reader.read_batch(batch) is not None:
            continue  # nothing to say about these rows
        for number, cells in batch:
            row = reader.read(number, cells)
            count += len(row.problems)
            problems.extend(row.problems[: max(0, PROBLEMS_KEPT - len(problems))])
            for code, written in row.unmatched:
                unmatched.setdefault(code, Counter())[written] += 1
            if len(first_rows) < SHOWN_ROWS:
                first_rows.append((number, row.answers, row.language))
    else:
        complete = next(rows, None) is None
    if not checked:
        problems.append(Problem(None, "", _("The file holds no row of answers.")))
        count += 1
    return Check(
        table.kind,
        table.encoding,
        table.delimiter,
        columns,
        problems,
        count,
        checked,
        complete,
        first_rows,
        unmatched,
    )


def understood(survey, answers: dict, language: str) -> list[tuple[str, str]]:
    """(question code, the answer as a person reads it) for a row of the preview."""
    result = []
    for question in builder.ordered_questions(survey):
        value = answers.get(question.code)
        if value is None:
            result.append((question.code, ""))
            continue
        labels = {
            str(option["value"]): pick(option.get("label"), language).text or str(option["value"])
            for option in question.options
        }
        labels[OTHER] = _("Other: %(text)s") % {"text": answers.get(other_key(question.code), "")}
        chosen = value if isinstance(value, list) else [value]
        if question.options or question.allow_other:
            result.append((question.code, "; ".join(labels.get(str(v), str(v)) for v in chosen)))
        else:
            result.append((question.code, str(value)))
    return result


def read_corrections(data, options: dict) -> dict:
    """The import's options with what the person chose in the preview (`data`, a
    QueryDict): the encoding and separator, a target per column, an option per value
    that matched none. What is not sent stays as it was."""
    options = read_reading_choices(data, options, 200)
    values = {code: dict(mapping) for code, mapping in (options.get("values") or {}).items()}
    for name in data:
        if name.startswith("fix_") and name.endswith("_question"):
            prefix = name.removesuffix("_question")
            code, written = data.get(name, ""), data.get(f"{prefix}_written", "")
            if code and written:
                chosen = data.get(prefix, "")
                if chosen:
                    values.setdefault(code[:60], {})[written[:300]] = chosen[:60]
                else:
                    values.get(code, {}).pop(written, None)
    options["values"] = values
    return options


# Storing ----------------------------------------------------------------------------------


def file_hash(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def start(survey, wave, upload, user, language: str) -> ResponseImport:
    """A new import of the uploaded file into the wave, waiting for its preview."""
    response_import = ResponseImport(
        survey=survey,
        wave=wave,
        file_name=upload.name[:255],
        file_hash=file_hash(upload),
        language=language[:2],
        created_by=user,
    )
    response_import.file.save(f"survey-{survey.pk}.data", upload, save=False)
    response_import.save()
    return response_import


def same_file_imported(response_import: ResponseImport):
    """Earlier imports of the same file into the same survey that are still in."""
    return response_import.survey.imports.filter(
        file_hash=response_import.file_hash, status=ResponseImport.Status.IMPORTED
    ).exclude(pk=response_import.pk)


class NotOwned(Exception):
    """The import is no longer the attempt's: marked failed meanwhile, or taken over."""


def store(response_import: ResponseImport, file, attempt: datetime.datetime | None = None) -> int:
    """Store a response per row of the file, every one or none (raises ImportFailed or
    Unreadable), marked with the import; returns how many. With `attempt` (see `run`),
    raises NotOwned, storing nothing, if the import is no longer that attempt's."""
    survey = response_import.survey
    table = open_table(
        file,
        response_import.file_name,
        response_import.options.get("encoding", ""),
        response_import.options.get("delimiter", ""),
    )
    reader, _columns, problems = _reader(survey, table, response_import.options)
    if problems:
        raise ImportFailed(problems)
    count, rows = 0, iter(table.rows)
    with transaction.atomic(), ResponseWriter(response_import) as writer:
        while batch := list(islice(rows, BATCH)):
            read = None if problems else reader.read_batch(batch)
            if read is not None:
                writer.add(read)
                continue
            for number, cells in batch:
                row = reader.read(number, cells)
                if row.problems:
                    count += len(row.problems)
                    problems.extend(row.problems[: max(0, PROBLEMS_KEPT - len(problems))])
                if problems:
                    continue  # nothing more is stored; the rest is read to report every problem
                answers = row.json or json.dumps(row.answers, cls=ANSWERS_ENCODER)
                writer.add([(answers, row.language, row.submitted_at)])
        if problems:
            raise ImportFailed(problems, count)
        stored = writer.finish()
        if not stored:
            raise ImportFailed([Problem(None, "", _("The file holds no row of answers."))])
        if attempt is not None and not (
            ResponseImport.objects.select_for_update()
            .filter(pk=response_import.pk, status=ResponseImport.Status.RUNNING)
            .filter(started_at=attempt)
            .exists()
        ):
            raise NotOwned
        response_import.status = ResponseImport.Status.IMPORTED
        response_import.imported_rows = stored
        response_import.imported_at = timezone.now()
        response_import.problems, response_import.problem_count = [], 0
        response_import.save()
        Change.record(
            survey.evaluation_id,
            "response_imports",
            {},
            _summary(response_import),
            response_import.created_by,
        )
    return stored


ANSWERS_ENCODER = Response._meta.get_field("answers").encoder


class ResponseWriter:
    """Inserts the responses of an import the quickest way the database offers, with no
    model object per row (bulk_create would prepare every field of every object: more work
    than all the rest of an import). What every row shares is prepared once, from the
    model object a creation would make; each row brings its answers (as JSON), its
    language and when it was sent (None: the time of storing, as a creation sets it), and
    gets a submission key. PostgreSQL takes the rows through one COPY, which it stores
    while the file is still being read; SQLite in statements of as many rows as its
    parameters allow, with the shared values bound once. Use it in a `with` block inside
    the transaction: leaving it on an error cancels a COPY under way."""

    def __init__(self, response_import: ResponseImport):
        template = Response(
            wave=response_import.wave,
            source=Response.Source.IMPORTED,
            entered_by=response_import.created_by,
            imported_from=response_import,
        )
        fields = {field.name: field for field in Response._meta.concrete_fields}
        del fields[Response._meta.pk.name]
        own = [fields.pop(name) for name in ("answers", "language", "submission_key")]
        self.moment = fields.pop("submitted_at")
        self.shared = tuple(
            field.get_db_prep_save(getattr(template, field.attname), connection)
            for field in fields.values()
        )
        self.table = connection.ops.quote_name(Response._meta.db_table)
        self.columns = ", ".join(
            connection.ops.quote_name(field.column)
            for field in [*fields.values(), *own, self.moment]
        )
        self.width = len(own) + 1
        # Submission keys are unique, as a respondent's: random for the import, then the
        # row's number, so that the unique index takes them in order (random keys,
        # scattered over the index, cost as much again as the rest of the insert), then
        # random again, so that no key can be guessed from another (the paper entry form
        # takes a key).
        self.key_start = secrets.token_hex(6)
        self.batch: list[tuple] = []
        self.stored = 0
        self.copying, self.copy = ExitStack(), None

    def __enter__(self) -> "ResponseWriter":
        return self

    def __exit__(self, *error) -> None:
        self.copying.__exit__(*error)

    def add(self, rows: list[tuple]) -> None:
        """Add (answers as JSON, language, time sent or None) rows."""
        self.batch += rows
        if len(self.batch) >= BATCH:
            self._insert()

    def finish(self) -> int:
        """Insert what is left; returns how many responses were stored in all."""
        self._insert()
        self.copying.close()
        return self.stored

    def _insert(self) -> None:
        if not self.batch:
            return
        # The time of storing, as a creation sets it, unless the file said when it was sent.
        now = self.moment.get_db_prep_save(timezone.now(), connection)
        ends = secrets.token_hex(6 * len(self.batch))
        rows = [
            (
                answers,
                language,
                f"{self.key_start}{self.stored + index:08x}{ends[12 * index : 12 * index + 12]}",
                now if sent is None else self.moment.get_db_prep_save(sent, connection),
            )
            for index, (answers, language, sent) in enumerate(self.batch)
        ]
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._insert_statements(rows)
        self.stored += len(rows)
        self.batch = []

    def _copy(self, rows: list[tuple]) -> None:
        if self.copy is None:
            cursor = self.copying.enter_context(connection.cursor())
            self.copying.enter_context(connection.wrap_database_errors)
            sql = f"COPY {self.table} ({self.columns}) FROM STDIN"
            self.copy = self.copying.enter_context(cursor.cursor.copy(sql))
        for row in rows:
            self.copy.write_row(self.shared + row)

    def _insert_statements(self, rows: list[tuple]) -> None:
        # (SQLite names the columns of a VALUES list column1, column2...)
        shared = ", ".join(["%s"] * len(self.shared))
        own = ", ".join(f"column{number}" for number in range(1, self.width + 1))
        per_statement = (connection.features.max_query_params - len(self.shared)) // self.width
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                part = rows[start : start + per_statement]
                values = ", ".join([f"({', '.join(['%s'] * self.width)})"] * len(part))
                cursor.execute(
                    f"INSERT INTO {self.table} ({self.columns}) "
                    f"SELECT {shared}, {own} FROM (VALUES {values})",
                    [*self.shared, *chain.from_iterable(part)],
                )


def _summary(response_import: ResponseImport) -> dict:
    return {
        "survey": str(response_import.survey),
        "wave": response_import.wave.label,
        "file": response_import.file_name,
        "responses": response_import.imported_rows,
    }


def queue(response_import: ResponseImport) -> None:
    """Import the file in the background."""
    response_import.status = ResponseImport.Status.QUEUED
    response_import.started_at = None
    response_import.save(update_fields=["status", "options", "started_at"])
    result = import_in_background.enqueue(response_import.pk)
    # (A worker may have claimed the import meanwhile: only the task's id is written.)
    ResponseImport.objects.filter(pk=response_import.pk).update(task_id=result.id)
    response_import.task_id = result.id


@task(takes_context=True)
def import_in_background(context: TaskContext, import_id: int) -> None:
    """Import the file of a queued import; or again, when the worker that was importing
    it died (its transaction died with it: nothing of the file was stored) and the task
    is tried again. An import marked failed meanwhile is left as it is."""
    task_id = context.task_result.id
    started_at = timezone.now()
    claimed = (
        ResponseImport.objects.filter(pk=import_id)
        .filter(
            Q(status=ResponseImport.Status.QUEUED)
            | Q(status=ResponseImport.Status.RUNNING, task_id=task_id)
        )
        .update(status=ResponseImport.Status.RUNNING, task_id=task_id, started_at=started_at)
    )
    if claimed:
        response_import = ResponseImport.objects.select_related("survey", "wave").get(pk=import_id)
        run(response_import, attempt=started_at)


@receiver(task_finished)
def mark_failed_import(sender, task_result: TaskResult, **kwargs) -> None:
    """An import whose task failed for good (its worker died at every attempt, say) is
    shown failed, with why, if it was not already."""
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.module_path != import_in_background.module_path
    ):
        return
    (import_id,) = task_result.args
    for response_import in ResponseImport.objects.filter(pk=import_id, status__in=UNDER_WAY):
        with translation.override(response_import.language):
            _mark_stopped(response_import, reasons.reason(reasons.last_error(task_result)))


UNDER_WAY = (ResponseImport.Status.QUEUED, ResponseImport.Status.RUNNING)


def lost_after() -> datetime.timedelta:
    """How long an attempt at importing may run before it is taken for lost: twice the
    time after which the worker queues a task again (whose new attempt starts afresh)."""
    return datetime.timedelta(seconds=2 * settings.VISES_TASK_TIMEOUT)


def notice_stopped(response_import: ResponseImport, now: datetime.datetime | None = None) -> bool:
    """Mark failed an import said to be under way though nothing imports it any more: the
    task backend says its task ended, or knows it no longer, or its attempt started
    longer ago than `lost_after` (its worker was killed, its machine stopped). Nothing of
    its file was stored (an import is one transaction); it can be tried again. Says
    whether it was so marked."""
    if response_import.status not in UNDER_WAY:
        return False
    now = now or timezone.now()
    with translation.override(response_import.language):
        reason = _stopped_task(response_import.task_id)
        if (
            not reason
            and response_import.status == ResponseImport.Status.RUNNING
            and response_import.started_at is not None
            and response_import.started_at < now - lost_after()
        ):
            reason = reasons.worker_lost()
        return bool(reason) and _mark_stopped(response_import, reason)


def _stopped_task(task_id: str) -> str:
    """Why the import's task stopped, if the task backend says it did; else ""."""
    if not task_id:
        return ""
    try:
        result = import_in_background.get_result(task_id)
    except NotImplementedError:  # a backend that keeps no results (tests run inline)
        return ""
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return _("its task is no longer known to the workers.")
    if result.status == TaskResultStatus.FAILED:
        return reasons.reason(reasons.last_error(result)) or _(
            "its task ended before the import did."
        )
    if result.status == TaskResultStatus.SUCCESSFUL:
        return _("its task ended before the import did.")
    return ""


def _mark_stopped(response_import: ResponseImport, reason: str) -> bool:
    """Mark the import failed because its work stopped for `reason`, if it is still
    under way (in the language of whoever asked for the import: see the callers)."""
    message = _("The import did not finish: %(reason)s") % {"reason": reason}
    message += " " + _("Import the file again.")
    marked = ResponseImport.objects.filter(pk=response_import.pk, status__in=UNDER_WAY).update(
        status=ResponseImport.Status.FAILED, problems=[[None, "", message]], problem_count=1
    )
    response_import.refresh_from_db()
    return bool(marked)


def run(response_import: ResponseImport, attempt: datetime.datetime | None = None) -> int:
    """Store the import's file, or mark the import failed with its problems, in the
    language of the person who asked for it. Returns how many responses were stored.
    `attempt` is when the background task's attempt claimed it: it stores only if the
    import is still its own then (not marked failed, nor taken by another attempt)."""
    with translation.override(response_import.language):
        try:
            with response_import.file.open("rb") as file:
                return store(response_import, file, attempt)
        except NotOwned:
            return 0
        except ImportFailed as failure:
            problems, count = [p.as_list() for p in failure.problems], failure.count
        except Unreadable as error:
            problems, count = [[None, "", str(error)]], 1
        except Exception:
            _mark_failed(
                response_import,
                [[None, "", _("The import stopped on an unexpected error: nothing was stored.")]],
                1,
            )
            raise
    _mark_failed(response_import, problems, count)
    return 0


def _mark_failed(response_import: ResponseImport, problems: list, count: int) -> None:
    response_import.status = ResponseImport.Status.FAILED
    response_import.problems, response_import.problem_count = problems, count
    response_import.save(update_fields=["status", "problems", "problem_count"])


def referring_to_responses() -> list:
    """The relations of the models that refer to a response, also without a name on the
    response's side (related_name="+"), as Django's delete looks for them."""
    return [
        field
        for field in Response._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


class NotUndone(Exception):
    """The import is not in (still being checked, failed, or already undone)."""


@transaction.atomic
def undo(response_import: ResponseImport, user) -> int:
    """Remove every response the import stored, and only those; the history keeps a
    summary. Returns how many were removed."""
    locked = ResponseImport.objects.select_for_update().get(pk=response_import.pk)
    if locked.status != ResponseImport.Status.IMPORTED:
        raise NotUndone
    stored = Response.objects.filter(imported_from=locked)
    # What refers to a response (a quote, an open answer brought in to be coded: every
    # such relation cascades) goes first, through the ORM with its own signals; then the
    # responses in one statement. Django's delete would fetch every response first, to
    # look for what refers to it: 8 s of CPU for 100,000 responses, 0.5 s this way.
    for relation in referring_to_responses():
        relation.related_model.objects.filter(**{f"{relation.field.name}__in": stored}).delete()
    removed = stored._raw_delete(stored.db)
    locked.status = ResponseImport.Status.UNDONE
    locked.undone_by, locked.undone_at = user, timezone.now()
    locked.save(update_fields=["status", "undone_by", "undone_at"])
    Change.record(
        locked.survey.evaluation_id, "response_imports", _summary(locked), {"undone": True}, user
    )
    response_import.refresh_from_db()
    return removed
