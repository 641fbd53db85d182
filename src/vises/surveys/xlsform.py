"""Surveys in and out as XLSForm, the spreadsheet form standard of ODK and KoBoToolbox.

An XLSForm (.xlsx) is first converted by pyxform, the reference converter: a file pyxform
refuses is refused with its reason. Its rows then become a survey: text, integer,
decimal, date, select_one and select_multiple (with `or_other`), notes (added to the help
of the next question, or to the survey's introduction), groups (as sections), `required`,
`relevant` (as a show-if condition when it compares earlier answers in the ways the
builder knows, combined all with `and` or all with `or`), `constraint` (as a minimum and
a maximum) and hints. Labels and hints in `label::French (fr)` columns go to fr, nl and
en. What cannot be carried over (repeats, locations, calculations, media, choice
filters...) is listed row by row, and the rest is imported.

A survey is written out as an XLSForm that pyxform converts, in all its languages; the
columns `vises_kind` and `vises_scale`, which ODK and KoBoToolbox ignore, keep what
XLSForm has no word for (a scale of the framework, a rating from 0 to 10), so that
importing the export gives the same survey.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from vises.multilingual import pick
from vises.spreadsheets import safe_cell
from vises.table_files import Unreadable, check_size, open_table

from . import builder
from .models import Question, Survey

LANGUAGE_CODES = {"fr": "French (fr)", "nl": "Dutch (nl)", "en": "English (en)"}
LANGUAGE_NAMES = {
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "dutch": "nl",
    "nederlands": "nl",
    "flemish": "nl",
    "vlaams": "nl",
    "english": "en",
    "anglais": "en",
    "engels": "en",
}
TRUE = {"yes", "true", "true()", "1", "oui", "ja"}
METADATA = {
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
    "start-geopoint",
}
CONDITION_LIMIT = 40


class XLSFormError(Exception):
    """A file that is no XLSForm pyxform converts; the message says why."""


@dataclass
class Skipped:
    """A row, or part of it, not carried over."""

    sheet: str
    row: int
    name: str
    reason: str


@dataclass
class Imported:
    survey: Survey | None
    skipped: list[Skipped] = field(default_factory=list)
    questions: int = 0
    sections: int = 0
    # (code, type, text in the importer's language) of each question, kept after a dry run.
    outline: list = field(default_factory=list)


def language_of(column: str, default: str) -> str | None:
    """fr, nl or en for a column such as `label::French (fr)`; `default` for `label`;
    None for another language."""
    if "::" not in column:
        return default
    name = column.split("::", 1)[1].strip()
    code = re.search(r"\(([A-Za-z-]+)\)\s*$", name)
    if code and code.group(1)[:2].lower() in LANGUAGE_CODES:
        return code.group(1)[:2].lower()
    return LANGUAGE_NAMES.get(re.sub(r"\s*\(.*\)\s*$", "", name).lower())


def texts(row: dict, prefix: str, default: str) -> dict:
    """The row's `prefix` (label, hint) as {language: text}."""
    found = {}
    for column, value in row.items():
        if column == prefix or column.startswith(prefix + "::"):
            language = language_of(column, default)
            if language and value not in (None, ""):
                found[language] = str(value).strip()
    return found


def _sheets(file) -> dict[str, list[tuple[int, dict]]]:
    """Each sheet's rows as (row number, {column: value}); empty cells left out."""
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is no workbook
        raise XLSFormError(_("The workbook is damaged: it cannot be opened.")) from None
    present = {title.lower(): title for title in workbook.sheetnames}
    sheets = {}
    for name in ("survey", "choices", "settings"):
        rows, header = [], []
        if name in present:
            for number, cells in enumerate(workbook[present[name]].iter_rows(values_only=True), 1):
                if number == 1:
                    header = [str(c).strip() if c is not None else "" for c in cells]
                    continue
                row = {
                    header[i]: cell
                    for i, cell in enumerate(cells)
                    if i < len(header) and header[i] and cell not in (None, "")
                }
                if row:
                    rows.append((number, row))
        sheets[name] = rows
    workbook.close()
    return sheets


def read_xlsform(file) -> dict:
    """The XLSForm's sheets, after pyxform converted it; raises XLSFormError."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    file.seek(0, io.SEEK_END)
    try:
        check_size(file.tell())
        file.seek(0)
        open_table(file, "form.xlsx")  # refuses a damaged or oversized workbook
    except Unreadable as error:
        raise XLSFormError(str(error)) from None
    file.seek(0)
    try:
        convert(xlsform=io.BytesIO(file.read()), validate=False, file_type=".xlsx")
    except (PyXFormError, ValueError, KeyError) as error:
        raise XLSFormError(
            _("pyxform cannot convert this XLSForm: %(reason)s") % {"reason": error}
        ) from None
    return _sheets(file)


# Conditions ------------------------------------------------------------------------------

_COMPARISON = re.compile(
    r"^\$\{(?P<code>[\w.-]+)\}\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>'[^']*'|\"[^\"]*\"|-?[\d.]+)$"
)
_SELECTED = re.compile(
    r"^selected\(\s*\$\{(?P<code>[\w.-]+)\}\s*,\s*(?P<value>'[^']*'|\"[^\"]*\")\s*\)$"
)
OPERATORS = {
    "=": "equals",
    "!=": "not_equals",
    ">": "greater_than",
    "<": "less_than",
    ">=": "at_least",
    "<=": "at_most",
}


def _split(expression: str, word: str) -> list[str]:
    """The parts of `expression` joined by ` and ` or ` or ` outside brackets and quotes."""
    parts, depth, quote, start, index = [], 0, "", 0, 0
    token = f" {word} "
    while index < len(expression):
        char = expression[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and expression[index : index + len(token)] == token:
            parts.append(expression[start:index])
            start = index + len(token)
            index = start
            continue
        index += 1
    parts.append(expression[start:])
    return [part.strip() for part in parts]


def _rule(part: str) -> dict | None:
    part = part.strip()
    while part.startswith("(") and part.endswith(")") and _balanced(part[1:-1]):
        part = part[1:-1].strip()
    alternatives = _split(part, "or")
    if len(alternatives) > 1:
        rules = [_rule(alternative) for alternative in alternatives]
        if (
            all(r and r["op"] == "equals" for r in rules)
            and len({r["question"] for r in rules}) == 1
        ):
            return {
                "question": rules[0]["question"],
                "op": "one_of",
                "value": [r["value"] for r in rules],
            }
        return None
    if match := _SELECTED.match(part):
        return {"question": match["code"], "op": "contains", "value": match["value"][1:-1]}
    if match := _COMPARISON.match(part):
        value = match["value"]
        text = value[1:-1] if value[0] in "'\"" else value
        if text == "" and match["op"] in ("=", "!="):
            op = "not_answered" if match["op"] == "=" else "answered"
            return {"question": match["code"], "op": op}
        return {"question": match["code"], "op": OPERATORS[match["op"]], "value": text}
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_relevant(expression: str) -> tuple[str, list[dict]] | None:
    """("all" or "any", rules) for a `relevant` expression the builder can hold, else None."""
    expression = " ".join(str(expression).split())
    if len(expression) > 2000:
        return None
    for word, combine in (("and", "all"), ("or", "any")):
        parts = _split(expression, word)
        if len(parts) > 1:
            rules = [_rule(part) for part in parts]
            if all(rules) and len(rules) <= CONDITION_LIMIT:
                return combine, rules
            if word == "and":
                return None
    rule = _rule(expression)
    return ("all", [rule]) if rule else None


def parse_constraint(expression: str) -> tuple[Decimal | None, Decimal | None] | None:
    """(minimum, maximum) of a constraint such as `. >= 0 and . <= 60`, else None."""
    minimum = maximum = None
    for part in _split(" ".join(str(expression).split()), "and"):
        match = re.fullmatch(r"\.\s*(>=|<=)\s*(-?[\d.]+)", part.strip("() "))
        if not match:
            return None
        try:
            number = Decimal(match.group(2))
        except InvalidOperation:
            return None
        if match.group(1) == ">=":
            minimum = number
        else:
            maximum = number
    return minimum, maximum


# Import ----------------------------------------------------------------------------------


def _code(name: str) -> str:
    return re.sub(r"[^-\w]", "_", str(name).strip())[:60]


def _skip(skipped, row, name, reason):
    skipped.append(Skipped("survey", row, str(name or ""), reason))


@transaction.atomic
def import_survey(evaluation, file, user, language: str, dry_run: bool = False) -> Imported:
    """A new survey of the evaluation from an XLSForm, and what was not carried over; with
    `dry_run`, nothing stays stored. Raises XLSFormError."""
    sheets = read_xlsform(file)
    settings = sheets["settings"][0][1] if sheets["settings"] else {}
    default = language_of(f"x::{settings.get('default_language', '')}", language) or language
    choices: dict[str, list[dict]] = {}
    skipped: list[Skipped] = []
    for number, row in sheets["choices"]:
        list_name = str(row.get("list_name") or row.get("list name") or "").strip()
        if not list_name or row.get("name") in (None, ""):
            continue
        value = row["name"]
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        choices.setdefault(list_name, []).append(
            {"value": value, "label": texts(row, "label", default) or {default: value}}
        )
        extra = [
            c
            for c in row
            if c not in ("list_name", "list name", "name")
            and not c.startswith(("label", "image", "media"))
        ]
        if extra:
            skipped.append(
                Skipped(
                    "choices",
                    number,
                    value,
                    _("Columns %(columns)s dropped (choice filters).")
                    % {"columns": ", ".join(extra)},
                )
            )
    languages = set()
    for _number, row in sheets["survey"] + sheets["choices"]:
        for column in row:
            if column.startswith(("label", "hint")):
                found = language_of(column, default)
                if found:
                    languages.add(found)
    languages = [code for code in ("fr", "nl", "en") if code in languages] or [default]
    title = {
        default: str(settings.get("form_title") or settings.get("form_id") or _("Imported form"))
    }
    for column, value in settings.items():
        if column.startswith("vises_title::") and value:
            found = language_of(column, default)
            if found:
                title[found] = str(value)
    survey = builder.create_survey(evaluation, user, title=title, languages=languages)
    section = survey.sections.get()
    result = Imported(survey, skipped, 0, 1)
    pending_notes: dict = {}
    conditions = []
    after_group = False
    for number, row in sheets["survey"]:
        kind_text = " ".join(str(row.get("type") or "").split())
        base = kind_text.replace("begin_", "begin ").replace("end_", "end ").lower()
        name = row.get("name", "")
        if base == "begin group":
            title_texts = texts(row, "label", default)
            if section.questions.exists():
                section = builder.add_section(survey, user, title_texts)
                result.sections += 1
            else:
                builder.rename_section(section, user, title_texts)
            after_group = False
            continue
        if base == "end group":
            after_group = True
            continue
        if base in ("begin repeat", "end repeat"):
            _skip(
                skipped,
                number,
                name,
                _("Repeats are not carried over: the questions inside are asked once."),
            )
            continue
        if base in METADATA:
            _skip(skipped, number, name, _("Device and form metadata are not collected."))
            continue
        if base == "note":
            for lang, text in texts(row, "label", default).items():
                pending_notes[lang] = (pending_notes.get(lang, "") + "\n" + text).strip()
            continue
        fields = _question_fields(row, base, choices, default, evaluation)
        if isinstance(fields, str):
            _skip(skipped, number, name, fields)
            continue
        if pending_notes:
            fields["help"] = {
                lang: "\n".join(
                    filter(None, [pending_notes.get(lang, ""), fields["help"].get(lang, "")])
                )
                for lang in set(pending_notes) | set(fields["help"])
            }
            pending_notes = {}
        constraint = row.get("constraint")
        if fields["kind"] == "rating_0_10" and constraint:
            # A rating's bounds are its own: only other constraints are worth listing.
            if parse_constraint(constraint) != (0, 10):
                _skip(
                    skipped,
                    number,
                    name,
                    _("Constraint %(constraint)s not carried over.") % {"constraint": constraint},
                )
        elif constraint and fields["kind"] == "number":
            bounds = parse_constraint(constraint)
            if bounds is None:
                _skip(
                    skipped,
                    number,
                    name,
                    _("Constraint %(constraint)s not carried over.") % {"constraint": constraint},
                )
            else:
                fields["minimum"], fields["maximum"] = bounds
        elif constraint:
            _skip(
                skipped,
                number,
                name,
                _("Constraint %(constraint)s not carried over.") % {"constraint": constraint},
            )
        for column in ("choice_filter", "calculation", "trigger", "default", "repeat_count"):
            if row.get(column) not in (None, ""):
                _skip(skipped, number, name, _("Column %(column)s dropped.") % {"column": column})
        if after_group and section.questions.exists():
            section = builder.add_section(survey, user, {})
            result.sections += 1
        after_group = False
        try:
            question = builder.add_question(section, user, **fields)
        except builder.Refused as refusal:
            _skip(skipped, number, name, str(refusal))
            continue
        result.questions += 1
        if row.get("relevant"):
            conditions.append((number, question, str(row["relevant"])))
    if pending_notes:
        survey.intro = pending_notes
        survey.save(update_fields=["intro"])
    for number, question, relevant in conditions:
        parsed = parse_relevant(relevant)
        try:
            if parsed is None:
                raise builder.Refused(_("not a comparison of earlier answers the builder knows"))
            builder.set_condition(question, user, *parsed)
        except builder.Refused as refusal:
            _skip(
                skipped,
                number,
                question.code,
                _(
                    "Condition %(relevant)s not carried over (%(reason)s): the question is "
                    "always shown."
                )
                % {"relevant": relevant, "reason": refusal},
            )
    skipped.sort(key=lambda item: (item.sheet != "survey", item.row))
    result.outline = [
        (q.code, str(q.get_kind_display()), pick(q.text, language).text)
        for q in builder.ordered_questions(survey)
    ]
    if dry_run:
        transaction.set_rollback(True)
        result.survey = survey
    return result


def _question_fields(row, base, choices, default, evaluation) -> dict | str:
    """The builder's fields of a question row, or why it is not carried over."""
    words = base.split()
    kind_name = words[0] if words else ""
    fields = {
        "code": _code(row.get("name", "")),
        "text": texts(row, "label", default),
        "help": texts(row, "hint", default),
        "required": str(row.get("required") or "").strip().lower() in TRUE,
    }
    vises_kind = str(row.get("vises_kind") or "")
    if kind_name in ("text", "string"):
        multiline = "multiline" in str(row.get("appearance") or "")
        fields["kind"] = "long_text" if multiline or vises_kind == "long_text" else "short_text"
    elif kind_name in ("integer", "int"):
        fields.update(kind="number", integer_only=True)
        if vises_kind == "rating_0_10":
            fields = {**fields, "kind": "rating_0_10"}
            del fields["integer_only"]
    elif kind_name == "decimal":
        fields["kind"] = "number"
    elif kind_name == "date":
        fields["kind"] = "date"
    elif kind_name in (
        "select_one",
        "select_multiple",
        "select_one_from_file",
        "select_multiple_from_file",
    ):
        if kind_name.endswith("from_file") or len(words) < 2:
            return _("Choices from a file are not carried over.")
        listed = choices.get(words[1])
        if not listed:
            return _("Its list of choices %(list)s is missing.") % {"list": words[1]}
        fields["options"] = listed
        fields["allow_other"] = "or_other" in words[2:]
        if kind_name == "select_multiple":
            fields["kind"] = "multiple_choice"
        elif vises_kind == "scale" and row.get("vises_scale"):
            fields.update(kind="scale", scale=str(row["vises_scale"]), allow_other=False)
        else:
            fields["kind"] = "single_choice"
    else:
        return _("Questions of type %(type)s are not carried over.") % {"type": base or "?"}
    if not fields["text"]:
        fields["text"] = {default: fields["code"]}
    return fields


# Export ----------------------------------------------------------------------------------


def _number(value) -> str:
    return format(Decimal(value).normalize(), "f") if value is not None else ""


def _quoted(value) -> str:
    return "'" + str(value).replace("'", "") + "'"


def relevant_of(condition: dict) -> str:
    """A condition as an XLSForm `relevant` expression."""
    parts = []
    for rule in condition.get("rules") or []:
        code, op, value = f"${{{rule['question']}}}", rule["op"], rule.get("value")
        if op == "answered":
            parts.append(f"{code} != ''")
        elif op == "not_answered":
            parts.append(f"{code} = ''")
        elif op == "contains":
            parts.append(f"selected({code}, {_quoted(value)})")
        elif op == "one_of":
            parts.append("(" + " or ".join(f"{code} = {_quoted(v)}" for v in value) + ")")
        elif op in ("equals", "not_equals"):
            parts.append(f"{code} {'=' if op == 'equals' else '!='} {_quoted(value)}")
        else:
            sign = {v: k for k, v in OPERATORS.items()}[op]
            parts.append(f"{code} {sign} {_number(value)}")
    joiner = " or " if condition.get("combine") == "any" else " and "
    return joiner.join(parts)


def export_survey(survey: Survey) -> bytes:
    """The survey as an XLSForm in all its languages, which pyxform converts."""
    languages = [code for code in survey.languages if code in LANGUAGE_CODES] or ["fr"]
    suffixes = [f"::{LANGUAGE_CODES[code]}" for code in languages]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    header = [
        "type",
        "name",
        *[f"label{s}" for s in suffixes],
        *[f"hint{s}" for s in suffixes],
        "required",
        "relevant",
        "constraint",
        "appearance",
        "vises_kind",
        "vises_scale",
    ]
    sheet.append(header)
    choice_sheet = workbook.create_sheet("choices")
    choice_sheet.append(["list_name", "name", *[f"label{s}" for s in suffixes]])
    sections = builder.ordered_questions(survey)
    current = None
    for question in sections:
        if question.section_id != current:
            if current is not None:
                sheet.append(["end_group"])
            current = question.section_id
            title = question.section.title or {}
            sheet.append(
                ["begin_group", f"section_{question.section.position + 1}"]
                + [safe_cell(title.get(code, "")) for code in languages]
                + [""] * len(languages)
            )
        kind, appearance, constraint = _kind(question)
        if question.options:
            list_name = question.code
            for option in question.options:
                choice_sheet.append(
                    [list_name, str(option["value"])]
                    + [safe_cell((option.get("label") or {}).get(code, "")) for code in languages]
                )
        sheet.append(
            [kind, question.code]
            + [safe_cell(question.text.get(code, "")) for code in languages]
            + [safe_cell((question.help or {}).get(code, "")) for code in languages]
            + [
                "yes" if question.required else "",
                relevant_of(question.condition or {}),
                constraint,
                appearance,
                question.kind if question.kind in ("scale", "rating_0_10", "long_text") else "",
                question.scale,
            ]
        )
    if current is not None:
        sheet.append(["end_group"])
    settings = workbook.create_sheet("settings")
    title_columns = [f"vises_title::{LANGUAGE_CODES[code]}" for code in languages]
    settings.append(["form_title", "form_id", "version", "default_language", *title_columns])
    settings.append(
        [
            safe_cell(pick(survey.title, languages[0]).text or str(survey)),
            f"vises_survey_{survey.pk}",
            str(survey.version),
            LANGUAGE_CODES[languages[0]],
            *[safe_cell(survey.title.get(code, "")) for code in languages],
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _kind(question: Question) -> tuple[str, str, str]:
    """The XLSForm type, appearance and constraint of a question."""
    other = " or_other" if question.allow_other else ""
    bounds = []
    if question.minimum is not None:
        bounds.append(f". >= {_number(question.minimum)}")
    if question.maximum is not None:
        bounds.append(f". <= {_number(question.maximum)}")
    constraint = " and ".join(bounds)
    if question.kind in ("single_choice", "scale"):
        return f"select_one {question.code}{other}", "", ""
    if question.kind == "multiple_choice":
        return f"select_multiple {question.code}{other}", "", ""
    if question.kind == "rating_0_10":
        return "integer", "", ". >= 0 and . <= 10"
    if question.kind == "number":
        return ("integer" if question.integer_only else "decimal"), "", constraint
    if question.kind == "date":
        return "date", "", ""
    if question.kind == "long_text":
        return "text", "multiline", ""
    return "text", "", ""
