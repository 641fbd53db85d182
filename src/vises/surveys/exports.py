"""Responses as files people open in a spreadsheet: one row per response, one column per
answer, and a codebook saying what each column and value means.

Column names are the questions' stable codes, so that files of several enterprises or
waves can be put side by side. A multiple choice gets one column per option (1 chosen,
0 not chosen, empty when the question was not shown or not answered).
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from vises.multilingual import pick
from vises.spreadsheets import add_sheet, csv_text, safe_cell, sheet_title

from . import builder
from .answers import OTHER, other_key
from .models import Question, Response, Survey

META_COLUMNS = ["response", "wave", "submitted_at", "language", "source"]


@dataclass
class Column:
    name: str
    question: Question
    option: str | None = None  # for a multiple choice's option columns
    is_other: bool = False

    def value(self, answers: dict):
        if self.is_other:
            return answers.get(other_key(self.question.code), "")
        answer = answers.get(self.question.code)
        if self.option is not None:
            return "" if answer is None else int(self.option in answer)
        return "" if answer is None else answer


def columns(questions) -> list[Column]:
    result = []
    for question in questions:
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            values = [str(option["value"]) for option in question.options]
            if question.allow_other:
                values.append(OTHER)
            result += [Column(f"{question.code}.{value}", question, value) for value in values]
        else:
            result.append(Column(question.code, question))
        if question.allow_other:
            result.append(Column(other_key(question.code), question, is_other=True))
    return result


def rows(survey: Survey, responses=None):
    """The header, then one list of cells per response; text cells cannot act as
    spreadsheet formulas."""
    cols = columns(builder.ordered_questions(survey))
    yield META_COLUMNS + [column.name for column in cols]
    if responses is None:
        responses = Response.objects.filter(wave__survey=survey)
    for response in responses.select_related("wave").order_by("submitted_at", "id").iterator():
        meta = [
            response.pk,
            response.wave.label,
            response.submitted_at.isoformat(timespec="seconds"),
            response.language,
            response.source,
        ]
        yield [safe_cell(cell) for cell in meta + [c.value(response.answers) for c in cols]]


def as_csv(survey: Survey) -> str:
    """UTF-8 with a byte order mark, so that Excel reads accents right."""
    return csv_text(rows(survey))


def codebook(survey: Survey, language: str) -> list[list]:
    """Column, question, type, value, label: what every column and value means."""
    lines = [[_("column"), _("question"), _("type"), _("value"), _("label")]]
    meta_labels = {
        "response": _("number of the response"),
        "wave": _("wave"),
        "submitted_at": _("date and time sent (ISO 8601)"),
        "language": _("language of the answers"),
        "source": _("online or typed in from paper"),
    }
    lines += [[name, "", "", "", meta_labels.get(name, "")] for name in META_COLUMNS]
    kinds = dict(Question.Kind.choices)
    for column in columns(builder.ordered_questions(survey)):
        question = column.question
        text = pick(question.text, language).text
        kind = str(kinds.get(question.kind, question.kind))
        if column.is_other:
            lines.append([column.name, text, kind, "", _("other, specify")])
        elif column.option is not None:
            label = next(
                (
                    pick(o["label"], language).text
                    for o in question.options
                    if str(o["value"]) == column.option
                ),
                _("other, specify"),
            )
            lines.append([column.name, text, kind, "1 / 0", label])
        elif question.options:
            lines.append([column.name, text, kind, "", ""])
            lines += [
                ["", "", "", o["value"], pick(o["label"], language).text] for o in question.options
            ]
        else:
            lines.append([column.name, text, kind, "", ""])
    return [[safe_cell(cell) for cell in line] for line in lines]


def as_xlsx(survey: Survey, language: str) -> bytes:
    """A workbook with the responses and their codebook, named in the reader's language."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    add_sheet(workbook, _("Responses"), rows(survey), taken)
    add_sheet(workbook, _("Codebook"), codebook(survey, language), taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_template(survey: Survey, language: str) -> bytes:
    """An empty workbook to fill in and import: a column per answer as the export names
    them (a question's text as the note of its header), lists to choose each option from
    by its label in `language`, and the codebook. Filled in, it imports as is."""
    workbook = Workbook()
    taken: set[str] = set()
    sheet = workbook.active
    sheet.title = sheet_title(_("Responses"), taken)
    lists = workbook.create_sheet(sheet_title(_("Lists"), taken))
    lists.sheet_state = "hidden"
    codes = workbook.create_sheet(sheet_title(_("Codebook"), taken))
    for line in codebook(survey, language):
        if line[0] not in META_COLUMNS:
            codes.append(line)
    sheet.freeze_panes = "A2"
    last_row = 5000
    for number, column in enumerate(columns(builder.ordered_questions(survey)), start=1):
        question = column.question
        cell = sheet.cell(row=1, column=number, value=safe_cell(column.name))
        cell.font = Font(bold=True)
        cell.comment = Comment(
            safe_cell(pick(question.text, language).text) or column.name, "VISES"
        )
        letter = get_column_letter(number)
        cells = f"{letter}2:{letter}{last_row}"
        if column.is_other:
            continue
        if column.option is not None:
            rule = DataValidation(type="list", formula1='"1,0"', allow_blank=True)
        elif question.options:
            labels = [
                safe_cell(pick(option.get("label"), language).text or str(option["value"]))
                for option in question.options
            ]
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=number, value=label)
            rule = DataValidation(
                type="list",
                formula1=f"{quote_sheet(lists.title)}!${letter}$1:${letter}${len(labels)}",
                allow_blank=True,
            )
        elif question.kind == Question.Kind.RATING:
            rule = DataValidation(type="whole", operator="between", formula1="0", formula2="10")
        else:
            continue
        rule.error = _("Choose a value from the list.")
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def quote_sheet(title: str) -> str:
    """A sheet's name as a formula refers to it."""
    return "'" + title.replace("'", "''") + "'"
