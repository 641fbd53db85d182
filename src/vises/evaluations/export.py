"""Everything an evaluation holds, in one go: an XLSX workbook, a ZIP of CSV files and a
JSON document, for its enterprise's admins to keep, share or analyse elsewhere.

The workbook and the ZIP hold the same tables (`sheets`), labelled in the reader's
language: About, Portrait, Questions, Stakeholders, Plan, Indicators, for each survey its
responses ("Survey N", one row per response and one column per answer named by the
question's code, as the survey's own export) and their codebook, Quotes and
Interpretation. The JSON holds the same content as stored: codes and raw values rather
than labels, ISO dates, and a schema version.

What the files never hold: e-mail addresses (people appear by their display name only),
the pseudonymous key linking a respondent's answers across waves, invitation codes and
the secret links of surveys and interpretation rounds. A response keeps its wave, date,
source (online or paper) and language.
"""

import dataclasses
import datetime
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from vises import safe_input
from vises.analysis import indicators as indicator_analysis
from vises.analysis.rounding import rounded
from vises.indicators.models import IndicatorValue
from vises.indicators.values import FORMULA, FROM_SURVEY, NUMBER, TEXT, value_sheet
from vises.interpretation.evidence import STATUS_LABELS, point_problem
from vises.interpretation.models import Finding, Opinion, Quote, Round
from vises.multilingual import pick
from vises.qualitative.pseudonyms import pseudonymised
from vises.spreadsheets import add_sheet, csv_text, safe_cell
from vises.surveys import builder
from vises.surveys import exports as survey_exports
from vises.surveys.models import Response, Survey

from . import journey, parts
from .forms import MOTIVATIONS
from .models import Evaluation, Part, PlanIndicator, Stakeholder
from .plan import collection_plan

SCHEMA = "vises.evaluation-export"
SCHEMA_VERSION = 1


@dataclasses.dataclass
class Sheet:
    """One table of the export: a sheet of the workbook, a CSV file of the ZIP."""

    slug: str  # stable, in English: the CSV file is named after it ("03-plan.csv")
    title: str  # the sheet's name, in the reader's language
    description: str  # what it holds, for the README of the ZIP
    rows: Iterable[list]  # the header first


@dataclasses.dataclass
class Attachment:
    """A file added to the ZIP beside the CSV files, listed in its README."""

    path: str  # inside the ZIP, for instance "reports/funders.pdf"
    content: bytes
    description: str


# Cells ------------------------------------------------------------------------------------


def _number(value):
    """A stored decimal as a plain number: 12.5000 is 12.5, 100.0000 is 100."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell(value):
    """A value as a spreadsheet cell: texts, numbers and ISO dates, never a formula."""
    if isinstance(value, Promise):
        value = str(value)
    elif isinstance(value, Decimal):
        value = _number(value)
    elif isinstance(value, float):
        value = rounded(value, 4)
        value = int(value) if value.is_integer() else value
    elif isinstance(value, datetime.datetime):
        value = timezone.localtime(value).isoformat(timespec="seconds")
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, list | tuple):
        value = ", ".join(str(_cell(item)) for item in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return safe_cell(value)


def _person(user) -> str:
    """Someone as the export shows them: their name, never their e-mail address."""
    if user is None:
        return ""
    if user.erased_at:
        return str(user)
    return user.full_name or _("(no name given)")


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _iso(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


# What the evaluation holds, read once ------------------------------------------------------


def _surveys(evaluation: Evaluation) -> list[Survey]:
    """The evaluation's surveys in the order they were made, numbered from 1."""
    return list(evaluation.surveys.prefetch_related("waves").order_by("created_at", "id"))


def _survey_number(surveys: list[Survey]) -> dict[int, int]:
    return {survey.pk: number for number, survey in enumerate(surveys, start=1)}


def _theme_names(document: dict, language: str) -> dict[str, str]:
    return {
        theme["code"]: pick(theme["name"], language).text
        for dimension in document.get("schema", {}).get("dimensions", [])
        for theme in dimension.get("themes", [])
    }


def _indicator_names(evaluation: Evaluation, language: str) -> dict[int, str]:
    specs = {i["code"]: i for i in evaluation.framework_version.document["indicators"]}
    return {
        indicator.pk: pick(specs[indicator.code]["name"], language).text
        if indicator.code in specs
        else indicator.name or indicator.code
        for indicator in PlanIndicator.objects.filter(plan_row__evaluation=evaluation)
    }


def _rounds(evaluation: Evaluation) -> list[Round]:
    return list(
        Round.objects.filter(question__evaluation=evaluation)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("survey_question").prefetch_related(
                    Prefetch("opinions", queryset=Opinion.objects.select_related("author"))
                ),
            )
        )
        .order_by("created_at", "id")
    )


def _opinion_name(opinion: Opinion) -> str:
    if opinion.name:
        return opinion.name
    if opinion.author is not None:
        return _person(opinion.author)
    return ""


# The tables ------------------------------------------------------------------------------


def _about(evaluation, surveys, language, exported_by, exported_at) -> list[list]:
    enterprise = evaluation.enterprise
    version = evaluation.framework_version
    rows = [
        [_("Item"), _("Value")],
        [_("Enterprise"), enterprise.name],
        [_("Enterprise group"), enterprise.group_label],
        [_("Country"), enterprise.country_label],
        [_("Region"), enterprise.region_label],
        [_("Evaluation"), evaluation.title],
        [_("Period start"), evaluation.period_start],
        [_("Period end"), evaluation.period_end],
        [_("Framework"), pick(version.title, language).text],
        [_("Framework code"), version.framework.code],
        [_("Framework version"), version.version],
        [_("Exported at"), exported_at],
        [_("Exported by"), _person(exported_by)],
    ]
    counts = Counter(
        Response.objects.filter(wave__survey__evaluation=evaluation).values_list(
            "wave__survey", flat=True
        )
    )
    for number, survey in enumerate(surveys, start=1):
        rows.append(
            [
                _("Survey %(number)s") % {"number": number},
                _("%(title)s: %(responses)s responses, waves %(waves)s")
                % {
                    "title": pick(survey.title, language).text,
                    "responses": counts.get(survey.pk, 0),
                    "waves": ", ".join(wave.label for wave in survey.waves.all()) or "–",
                },
            ]
        )
    return rows


def _portrait(evaluation, language) -> list[list]:
    rows = [[_("Part"), _("Field"), _("Value")]]
    preliminary = parts.get_part(evaluation, Part.Name.PRELIMINARY).content
    motivations = dict(MOTIVATIONS)
    step = str(Part.Name.PRELIMINARY.label)
    fields = [
        (
            _("Why do you evaluate?"),
            [str(motivations.get(code, code)) for code in preliminary.get("motivations", [])],
        ),
        (_("In your own words"), preliminary.get("motivation_text", "")),
        (_("Evaluation team"), [_person(user) for user in evaluation.team.all()]),
        (_("Steering group"), preliminary.get("steering_group", "")),
        (_("Time and means available"), preliminary.get("means", "")),
        (_("Calendar"), preliminary.get("calendar", "")),
    ]
    rows += [[step, label, value] for label, value in fields if value]
    grid = evaluation.framework_version.document.get("portrait", [])
    content = parts.get_part(evaluation, Part.Name.PORTRAIT).content
    for group in journey.portrait_summary(grid, content, for_reading=False):
        rows += [[group["name"], label, value] for label, value in group["rows"]]
    return rows


def _questions(evaluation, language) -> list[list]:
    themes = _theme_names(evaluation.framework_version.document, language)
    rows = [
        [_("Number"), _("Main question"), _("Question"), _("Code in the framework"), _("Themes")]
    ]
    for number, question in enumerate(evaluation.questions.all(), start=1):
        rows.append(
            [
                number,
                _yes_no(question.is_main),
                question.text,
                question.library_code,
                [themes.get(code, code) for code in question.themes],
            ]
        )
    return rows


def _stakeholders(evaluation, language) -> list[list]:
    types = {
        kind["code"]: pick(kind["name"], language).text
        for kind in evaluation.framework_version.document.get("stakeholder_types", [])
    }
    involvement = dict(Stakeholder.Involvement.choices)
    rows = [
        [
            _("Name"),
            _("Type"),
            _("Importance (1 to 5)"),
            _("Influence (1 to 5)"),
            _("How they take part"),
            _("How to reach them"),
        ]
    ]
    for stakeholder in evaluation.stakeholders.all():
        rows.append(
            [
                stakeholder.name,
                types.get(stakeholder.type_code, stakeholder.type_code),
                stakeholder.importance,
                stakeholder.influence,
                involvement.get(stakeholder.involvement, stakeholder.involvement),
                stakeholder.how_to_reach,
            ]
        )
    return rows


def _plan(evaluation) -> list[list]:
    rows = [
        [
            _("Evaluative question"),
            _("Methods"),
            _("Stakeholders concerned"),
            _("Timing"),
            _("Person responsible"),
            _("Notes"),
            _("Indicators"),
        ]
    ]
    for entry in collection_plan(evaluation):
        question = entry["question"].text
        if not entry["rows"]:
            rows.append([question, "", "", "", "", "", ""])
        for line in entry["rows"]:
            row = line["row"]
            rows.append(
                [
                    question,
                    line["methods"],
                    line["stakeholders"],
                    row.timing,
                    row.responsible,
                    row.notes,
                    [item["name"] for item in line["indicators"]],
                ]
            )
    return rows


def _kind_label(kind: str) -> str:
    labels = {
        NUMBER: _("typed in: a number"),
        TEXT: _("typed in: words"),
        FROM_SURVEY: _("computed from survey answers"),
        FORMULA: _("computed from other indicators"),
    }
    return labels.get(kind, kind)


def _indicators(evaluation, standings) -> list[list]:
    """One row per indicator and period, in plan order; an indicator without any value
    has one row saying so."""
    directions = dict(PlanIndicator.Direction.choices)
    by_indicator = {standing.indicator.pk: standing for standing in standings}
    rows = [
        [
            _("Evaluative question"),
            _("Indicator"),
            _("Code in the framework"),
            _("Unit"),
            _("How its values come"),
            _("Direction"),
            _("Baseline"),
            _("Target"),
            _("Target period"),
            _("Period"),
            _("Value"),
            _("Value in words"),
            _("Respondents"),
            _("Why there is no value"),
            _("Source"),
            _("Comment"),
            _("Evidence file"),
            _("Entered by"),
            _("Status"),
        ]
    ]
    for entry in value_sheet(evaluation):
        for item in entry["indicators"]:
            indicator = item["indicator"]
            standing = by_indicator.get(indicator.pk)
            typed = {value.period: value for value in item["values"]}
            common = [
                entry["question"].text,
                item["name"],
                indicator.code,
                item["unit"],
                _kind_label(item["kind"]),
                directions.get(indicator.direction, indicator.direction),
                indicator.baseline,
                indicator.target,
                indicator.period,
            ]
            status = STATUS_LABELS[standing.status] if standing else ""
            points = standing.points if standing else ()
            if not points:
                rows.append([*common, "", None, "", None, "", "", "", "", "", status])
            for point in points:
                value: IndicatorValue | None = typed.get(point.period)
                rows.append(
                    [
                        *common,
                        point.period,
                        point.number,
                        point.text,
                        point.n,
                        point_problem(point.problem) if point.problem else "",
                        value.source if value else "",
                        value.comment if value else "",
                        value.evidence_name if value else "",
                        _person(value.entered_by) if value else "",
                        status,
                    ]
                )
    return rows


def _quotes(evaluation, numbers: dict[int, int]) -> list[list]:
    rows = [
        [
            _("Evaluative question"),
            _("Quote"),
            _("Language"),
            _("Survey"),
            _("Survey question"),
            _("Response"),
            _("Wave"),
            _("Chosen by"),
            _("Chosen on"),
            _("Document"),
            _("Lines"),
        ]
    ]
    quotes = (
        Quote.objects.filter(question__evaluation=evaluation)
        .select_related(
            "question", "survey_question", "response__wave", "marked_by", "excerpt__document"
        )
        .order_by("question__position", "question_id", "marked_at", "id")
    )
    for quote in pseudonymised(quotes, evaluation):
        if quote.excerpt_id:
            source = ["", "", "", ""]
            passage = [quote.excerpt.document.title, _lines(quote.excerpt)]
        else:
            survey_id = quote.survey_question.survey_id
            source = [
                _("Survey %(number)s") % {"number": numbers.get(survey_id, survey_id)},
                quote.survey_question.code,
                quote.response_id,
                quote.response.wave.label,
            ]
            passage = ["", ""]
        rows.append(
            [
                quote.question.text,
                quote.text,
                quote.language,
                *source,
                _person(quote.marked_by),
                quote.marked_at,
                *passage,
            ]
        )
    return rows


def _passages(evaluation) -> list[list]:
    """Each coded passage of the qualitative material, its words with the real names of
    the pseudonymisation list replaced."""
    from vises.qualitative import pseudonyms, reading

    listed = pseudonyms.pairs(evaluation)
    types = reading.stakeholder_types(evaluation)
    rows = [
        [
            _("Document"),
            _("Method"),
            _("Date"),
            _("Stakeholder type"),
            _("Pseudonym"),
            _("Lines"),
            _("Codes"),
            _("Passage"),
            _("Memo"),
        ]
    ]
    for passage in reading.passages(evaluation):
        document = passage.document
        rows.append(
            [
                pseudonyms.apply(document.title, listed),
                document.get_method_display(),
                document.happened_on,
                types.get(document.stakeholder_type, document.stakeholder_type),
                document.pseudonym,
                _lines(passage.excerpt),
                ", ".join(sorted(code.name for code in passage.excerpt.codes.all())),
                pseudonyms.apply(passage.text, listed),
                pseudonyms.apply(passage.excerpt.memo, listed),
            ]
        )
    return rows


def _code_counts(evaluation) -> list[list]:
    """Each code of the codebook with how many passages and documents it codes."""
    from vises.qualitative.codebook import tree

    rows = [[_("Code"), _("Under"), _("Theme of the framework"), _("Passages"), _("Documents")]]
    for entry in tree(evaluation):
        code = entry.code
        rows.append(
            [
                code.name,
                code.parent.name if code.parent_id else "",
                code.theme_code,
                entry.excerpts,
                entry.documents,
            ]
        )
    return rows


def _lines(excerpt) -> str:
    from vises.qualitative.coding import line_range, lines_label

    return lines_label(*line_range(excerpt))


def _finding_label(finding: Finding, indicator_names: dict[int, str], language: str) -> str:
    if finding.kind == Finding.Kind.SURVEY_RESULT and finding.survey_question is not None:
        asked = finding.survey_question
        return f"{asked.code}: {pick(asked.text, language).text}"
    if finding.kind == Finding.Kind.INDICATOR and finding.indicator_id:
        return indicator_names.get(finding.indicator_id, "")
    return _("The quotes chosen for this question")


def _interpretation(evaluation, rounds, language) -> list[list]:
    verdicts = dict(Opinion.Verdict.choices)
    rows = [
        [
            _("Evaluative question"),
            _("Agreed interpretation"),
            _("Lessons for our practice"),
            _("Round"),
            _("Open to answers"),
            _("Finding"),
            *verdicts.values(),
            _("Comments"),
        ]
    ]
    indicator_names = _indicator_names(evaluation, language)
    by_question: dict[int, list[Round]] = {}
    for round_ in rounds:
        by_question.setdefault(round_.question_id, []).append(round_)
    for question in evaluation.questions.select_related("interpretation"):
        agreed = getattr(question, "interpretation", None)
        rows.append(
            [
                question.text,
                agreed.agreed if agreed else "",
                agreed.lessons if agreed else "",
                *[""] * (len(rows[0]) - 3),
            ]
        )
        for round_ in by_question.get(question.pk, []):
            for finding in round_.findings.all():
                opinions = list(finding.opinions.all())
                counts = Counter(opinion.verdict for opinion in opinions)
                comments = [
                    f"{_opinion_name(opinion) or _('a participant')} "
                    f"({verdicts.get(opinion.verdict, opinion.verdict)}): {opinion.comment}"
                    for opinion in opinions
                    if opinion.comment
                ]
                rows.append(
                    [
                        question.text,
                        "",
                        "",
                        round_.title,
                        _yes_no(round_.is_open),
                        _finding_label(finding, indicator_names, language),
                        *[counts.get(value, 0) for value in verdicts],
                        "\n".join(comments),
                    ]
                )
    return rows


def sheets(evaluation: Evaluation, language: str, exported_by=None) -> list[Sheet]:
    """Every table of the export, labelled in `language`, in the order of the workbook.

    Call it with `language` active (the writers below do): labels are read as the tables
    are built, except the responses of each survey, read row by row as they are written.
    """
    surveys = _surveys(evaluation)
    numbers = _survey_number(surveys)
    standings = indicator_analysis.standings(evaluation)
    exported_at = timezone.localtime()
    tables = [
        Sheet(
            "about",
            _("About"),
            _(
                "The enterprise, the evaluation and its period, the version of the framework, "
                "when and by whom this export was made, and the surveys."
            ),
            _about(evaluation, surveys, language, exported_by, exported_at),
        ),
        Sheet(
            "portrait",
            _("Portrait"),
            _("The preliminary step and the portrait of the enterprise, field by field."),
            _portrait(evaluation, language),
        ),
        Sheet(
            "questions",
            _("Questions"),
            _("The evaluative questions, the main one first, with their themes."),
            _questions(evaluation, language),
        ),
        Sheet(
            "stakeholders",
            _("Stakeholders"),
            _("The stakeholder map: importance, influence and how each stakeholder takes part."),
            _stakeholders(evaluation, language),
        ),
        Sheet(
            "plan",
            _("Plan"),
            _(
                "The collection plan: for each evaluative question, the methods, the "
                "stakeholders concerned, the timing, who is responsible and the indicators."
            ),
            _plan(evaluation),
        ),
        Sheet(
            "indicators",
            _("Indicators"),
            _(
                "One row per indicator and period: the value typed in or computed from the "
                "surveys or a formula, beside the baseline and target, and where the "
                "indicator stands."
            ),
            _indicators(evaluation, standings),
        ),
    ]
    for survey in surveys:
        number = numbers[survey.pk]
        title = pick(survey.title, language).text
        tables.append(
            Sheet(
                f"survey-{number}",
                _("Survey %(number)s") % {"number": number},
                _(
                    "The responses to the survey “%(title)s”: one row per response (its wave, "
                    "date, language and source), one column per answer named by the "
                    "question's code."
                )
                % {"title": title},
                survey_exports.rows(survey),
            )
        )
        tables.append(
            Sheet(
                f"survey-{number}-codebook",
                _("Survey %(number)s codebook") % {"number": number},
                _("What each column and value of the responses to “%(title)s” means.")
                % {"title": title},
                survey_exports.codebook(survey, language),
            )
        )
    tables += [
        Sheet(
            "quotes",
            _("Quotes"),
            _(
                "The quotes chosen from open answers and coded passages, with the evaluative "
                "question they illustrate and the response or document they come from."
            ),
            _quotes(evaluation, numbers),
        ),
        Sheet(
            "passages",
            _("Coded passages"),
            _(
                "The passages of interviews, focus groups and life stories the team coded, "
                "with their document and codes; real names of the pseudonymisation list "
                "replaced."
            ),
            _passages(evaluation),
        ),
        Sheet(
            "codes",
            _("Codebook"),
            _("The codes of the qualitative material, with how many passages and documents."),
            _code_counts(evaluation),
        ),
        Sheet(
            "interpretation",
            _("Interpretation"),
            _(
                "For each evaluative question: the interpretation the team agreed, the lessons "
                "drawn, and for each finding put to an interpretation round how many "
                "participants agreed, partly agreed or disagreed, with their comments."
            ),
            _interpretation(evaluation, _rounds(evaluation), language),
        ),
        Sheet(
            "improvement",
            _("Improvement plan"),
            _(
                "The actions the team planned from its findings: what, who, by when, where "
                "each stands, and its latest follow-up."
            ),
            _improvement(evaluation),
        ),
    ]
    return tables


# The files -------------------------------------------------------------------------------


def workbook(evaluation: Evaluation, language: str, exported_by=None) -> bytes:
    """The evaluation as an XLSX workbook, one sheet per table of `sheets`, each sheet's
    name as Excel accepts it (31 characters at most, no forbidden character, unique)."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    with translation.override(language):
        for sheet in sheets(evaluation, language, exported_by):
            add_sheet(book, sheet.title, ([_cell(v) for v in row] for row in sheet.rows), taken)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_name(number: int, sheet: Sheet) -> str:
    return f"{number:02d}-{sheet.slug}.csv"


def csv_zip(
    evaluation: Evaluation,
    language: str,
    exported_by=None,
    attachments: Iterable[Attachment] = (),
) -> bytes:
    """The tables of `sheets` as CSV files (UTF-8 with a byte order mark, so that Excel
    reads accents right) named `01-about.csv`, `02-portrait.csv`..., in a ZIP with a
    README.txt saying what each file holds.

    Other files join the archive as `attachments`, each listed in the README with its
    description. This is how the rendered reports are meant to come in: a function of
    `reports/` returning, say, `[Attachment("reports/funders.pdf", pdf, "...")]` for an
    evaluation, passed here by the export view.
    """
    buffer = io.BytesIO()
    with (
        translation.override(language),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        listed = []
        for number, sheet in enumerate(sheets(evaluation, language, exported_by), start=1):
            name = csv_name(number, sheet)
            rows = ([_cell(value) for value in row] for row in sheet.rows)
            archive.writestr(name, csv_text(rows).encode("utf-8"))
            listed.append((name, sheet.description))
        for attachment in attachments:
            archive.writestr(attachment.path, attachment.content)
            listed.append((attachment.path, attachment.description))
        archive.writestr("README.txt", _readme(evaluation, exported_by, listed).encode("utf-8"))
    return buffer.getvalue()


def _readme(evaluation: Evaluation, exported_by, listed: list[tuple[str, str]]) -> str:
    heading = _("Export of the evaluation “%(title)s” of %(enterprise)s, made on %(date)s.") % {
        "title": evaluation.title,
        "enterprise": evaluation.enterprise.name,
        "date": timezone.localtime().isoformat(timespec="minutes"),
    }
    if exported_by is not None:
        heading += " " + _("Exported by %(name)s.") % {"name": _person(exported_by)}
    lines = [
        heading,
        "",
        _(
            "Each CSV file is one table: UTF-8 text with a byte order mark, values separated "
            "by commas, the column names in the first row, dates written as ISO 8601 "
            "(2026-03-31). A text that a spreadsheet would take for a formula starts with an "
            "apostrophe."
        ),
        _(
            "The responses are one by one: keep these files as carefully as the platform "
            "does. They hold no e-mail address and no key linking a respondent's answers "
            "across waves."
        ),
        "",
        _("What each file holds:"),
        "",
    ]
    for name, description in listed:
        lines += [name, f"    {description}", ""]
    return "\r\n".join(lines)


def _name(user) -> str | None:
    """A person in the JSON: their display name, never their e-mail address."""
    if user is not None and user.erased_at:
        return str(user)
    return (user.full_name or None) if user is not None else None


def _json_indicator(indicator: PlanIndicator, standing, values: list[IndicatorValue]) -> dict:
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "qualitative": indicator.qualitative,
        "baseline": _number(indicator.baseline),
        "target": _number(indicator.target),
        "period": indicator.period,
        "kind": standing.kind if standing else None,
        "status": standing.status if standing else None,
        # As typed in, with where they come from.
        "values": [
            {
                "period": value.period,
                "number": _number(value.number),
                "text": value.text,
                "source": value.source,
                "comment": value.comment,
                "evidence_name": value.evidence_name,
                "entered_by": _name(value.entered_by),
                "entered_at": _iso(value.entered_at),
            }
            for value in values
        ],
        # Every period's value, typed or computed from the surveys or a formula.
        "points": [
            {
                "period": point.period,
                "number": point.number,
                "text": point.text,
                "respondents": point.n,
                "problem": point.problem,
            }
            for point in (standing.points if standing else ())
        ],
    }


def _json_survey(survey: Survey) -> dict:
    responses = (
        Response.objects.filter(wave__survey=survey)
        .order_by("submitted_at", "id")
        .values_list("pk", "wave", "submitted_at", "language", "source", "answers")
    )
    return {
        "id": survey.pk,
        "title": survey.title,
        "stakeholder_type": survey.stakeholder_type,
        "languages": survey.languages,
        "version": survey.version,
        "based_on": survey.based_on_id,
        "links_waves": survey.link_waves,
        "sections": [
            {"id": section.pk, "title": section.title, "position": section.position}
            for section in survey.sections.all()
        ],
        "questions": [
            {
                "code": question.code,
                "section": question.section_id,
                "kind": question.kind,
                "text": question.text,
                "help": question.help,
                "required": question.required,
                "options": question.options,
                "allow_other": question.allow_other,
                "scale": question.scale,
                "minimum": _number(question.minimum),
                "maximum": _number(question.maximum),
                "integer_only": question.integer_only,
                "bank_code": question.bank_code,
                "themes": question.themes,
                "indicators": [indicator.pk for indicator in question.indicators.all()],
                "condition": question.condition,
            }
            for question in builder.ordered_questions(survey)
        ],
        "waves": [
            {
                "id": wave.pk,
                "label": wave.label,
                "opens_on": _iso(wave.opens_on),
                "closes_on": _iso(wave.closes_on),
            }
            for wave in survey.waves.all()
        ],
        "responses": [
            {
                "id": pk,
                "wave": wave,
                "submitted_at": _iso(submitted_at),
                "language": language,
                "source": source,
                "answers": {
                    # NaN or infinity, stored before numbers were checked, are not JSON.
                    code: None if safe_input.number_problem(value) == "not_finite" else value
                    for code, value in answers.items()
                },
            }
            for pk, wave, submitted_at, language, source, answers in responses.iterator()
        ],
    }


def _json_round(round_: Round) -> dict:
    return {
        "id": round_.pk,
        "title": round_.title,
        "introduction": round_.introduction,
        "is_open": round_.is_open,
        "created_at": _iso(round_.created_at),
        "created_by": _name(round_.created_by),
        "findings": [
            {
                "kind": finding.kind,
                "survey": finding.survey_question.survey_id if finding.survey_question else None,
                "survey_question": finding.survey_question.code
                if finding.survey_question
                else None,
                "indicator": finding.indicator_id,
                "position": finding.position,
                "opinions": [
                    {
                        "verdict": opinion.verdict,
                        "comment": opinion.comment,
                        "name": _opinion_name(opinion) or None,
                        "language": opinion.language,
                        "given_at": _iso(opinion.given_at),
                    }
                    for opinion in finding.opinions.all()
                ],
            }
            for finding in round_.findings.all()
        ],
    }


def _json_interpretation(question, rounds: list[Round]) -> dict:
    agreed = getattr(question, "interpretation", None)
    return {
        "question": question.pk,
        "agreed": agreed.agreed if agreed else None,
        "lessons": agreed.lessons if agreed else None,
        "updated_at": _iso(agreed.updated_at) if agreed else None,
        "updated_by": _name(agreed.updated_by) if agreed else None,
        "rounds": [_json_round(round_) for round_ in rounds],
    }


def as_json(evaluation: Evaluation, exported_by=None) -> dict:
    """The evaluation as stored, for another program or an archive: codes and raw values
    rather than labels, ISO 8601 dates, numbers as numbers, multilingual texts as their
    {fr, nl, en} maps, ids to link the parts together, and `schema` / `schema_version`
    saying how to read it."""
    enterprise = evaluation.enterprise
    version = evaluation.framework_version
    questions = list(evaluation.questions.select_related("interpretation__updated_by"))
    standings = {s.indicator.pk: s for s in indicator_analysis.standings(evaluation)}
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(
        indicator__plan_row__evaluation=evaluation
    ).select_related("entered_by"):
        values.setdefault(value.indicator_id, []).append(value)
    rounds: dict[int, list[Round]] = {}
    for round_ in _rounds(evaluation):
        rounds.setdefault(round_.question_id, []).append(round_)
    plan_rows = evaluation.plan_rows.prefetch_related("stakeholders", "indicators").order_by(
        "question__position", "question_id", "id"
    )
    quotes = (
        Quote.objects.filter(question__evaluation=evaluation)
        .select_related("survey_question", "marked_by", "excerpt__document")
        .order_by("marked_at", "id")
    )
    quotes = pseudonymised(quotes, evaluation)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": _iso(timezone.now()),
        "exported_by": _name(exported_by),
        "enterprise": {
            "name": enterprise.name,
            "legal_form": enterprise.legal_form,
            "group": enterprise.group,
            "country": enterprise.country,
            "region": enterprise.region,
            "municipality": enterprise.municipality,
            "postcode": enterprise.postcode,
            "nace_code": enterprise.nace_code,
            "size_band": enterprise.size_band,
            "founding_year": enterprise.founding_year,
        },
        "evaluation": {
            "id": evaluation.pk,
            "title": evaluation.title,
            "period_start": _iso(evaluation.period_start),
            "period_end": _iso(evaluation.period_end),
            "continues": evaluation.based_on_id,
            "created_at": _iso(evaluation.created_at),
            "team": [_name(user) for user in evaluation.team.all()],
            "framework": {
                "code": version.framework.code,
                "version": version.version,
                "title": version.title,
            },
        },
        "preliminary": parts.get_part(evaluation, Part.Name.PRELIMINARY).content,
        "portrait": parts.get_part(evaluation, Part.Name.PORTRAIT).content,
        "questions": [
            {
                "id": question.pk,
                "library_code": question.library_code,
                "text": question.text,
                "themes": question.themes,
                "is_main": question.is_main,
                "position": question.position,
            }
            for question in questions
        ],
        "stakeholders": [
            {
                "id": stakeholder.pk,
                "type_code": stakeholder.type_code,
                "name": stakeholder.name,
                "importance": stakeholder.importance,
                "influence": stakeholder.influence,
                "involvement": stakeholder.involvement,
                "how_to_reach": stakeholder.how_to_reach,
            }
            for stakeholder in evaluation.stakeholders.all()
        ],
        "plan": [
            {
                "id": row.pk,
                "question": row.question_id,
                "methods": row.methods,
                "stakeholders": [stakeholder.pk for stakeholder in row.stakeholders.all()],
                "timing": row.timing,
                "responsible": row.responsible,
                "notes": row.notes,
                "indicators": [
                    _json_indicator(i, standings.get(i.pk), values.get(i.pk, []))
                    for i in row.indicators.all()
                ],
            }
            for row in plan_rows
        ],
        "surveys": [_json_survey(survey) for survey in _surveys(evaluation)],
        "quotes": [
            {
                "question": quote.question_id,
                "survey": quote.survey_question.survey_id if quote.survey_question else None,
                "survey_question": quote.survey_question.code if quote.survey_question else None,
                "response": quote.response_id,
                "document": quote.excerpt.document.title if quote.excerpt else None,
                "lines": _lines(quote.excerpt) if quote.excerpt else None,
                "text": quote.text,
                "language": quote.language,
                "marked_by": _name(quote.marked_by),
                "marked_at": _iso(quote.marked_at),
            }
            for quote in quotes
        ],
        "material": _json_material(evaluation),
        "interpretation": [
            _json_interpretation(question, rounds.get(question.pk, [])) for question in questions
        ],
        "improvement_plan": [_json_action(action) for action in _actions(evaluation)],
    }


def _json_material(evaluation: Evaluation) -> dict:
    """The codebook and the coded passages, with ids linking them, as the sheets give
    them (real names of the pseudonymisation list replaced in the words)."""
    from vises.qualitative import pseudonyms, reading
    from vises.qualitative.codebook import tree

    listed = pseudonyms.pairs(evaluation)
    return {
        "codes": [
            {
                "id": entry.code.pk,
                "parent": entry.code.parent_id,
                "name": entry.code.name,
                "theme": entry.code.theme_code or None,
                "question": entry.code.question_id,
                "passages": entry.excerpts,
                "documents": entry.documents,
            }
            for entry in tree(evaluation)
        ],
        "passages": [
            {
                "document": pseudonyms.apply(passage.document.title, listed),
                "method": passage.document.method,
                "stakeholder_type": passage.document.stakeholder_type or None,
                "first_line": passage.first_line,
                "last_line": passage.last_line,
                "codes": sorted(code.pk for code in passage.excerpt.codes.all()),
                "text": pseudonyms.apply(passage.text, listed),
            }
            for passage in reading.passages(evaluation)
        ],
    }


def _actions(evaluation: Evaluation):
    return evaluation.improvement_actions.prefetch_related("updates__user").order_by("pk")


def _json_action(action) -> dict:
    return {
        "question": action.question_id,
        "what": action.what,
        "who": action.who,
        "due_on": _iso(action.due_on),
        "status": action.status,
        "created_at": _iso(action.created_at),
        "updates": [
            {"status": update.status, "note": update.note, "at": _iso(update.at)}
            for update in action.updates.all()
        ],
    }


def _improvement(evaluation: Evaluation) -> list[list]:
    """One row per action, with its latest follow-up."""
    rows = [
        [
            _("Evaluative question"),
            _("Action"),
            _("Who"),
            _("By when"),
            _("Status"),
            _("Latest follow-up"),
            _("Follow-ups"),
        ]
    ]
    for action in _actions(evaluation).select_related("question"):
        updates = list(action.updates.all())
        latest = updates[-1] if updates else None
        rows.append(
            [
                action.question.text if action.question else _("The evaluation as a whole"),
                action.what,
                action.who,
                action.due_on,
                str(action.get_status_display()),
                latest.note if latest else "",
                len(updates),
            ]
        )
    return rows


def reports_archive(evaluation: Evaluation) -> bytes:
    """The latest file of each format of each report, in a ZIP with a README listing them
    (the report, its audience and language, when the file was made)."""
    from django.utils.text import slugify

    from vises.reports.models import Rendition

    archive = io.BytesIO()
    listed = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
        for report in evaluation.reports.order_by("pk"):
            latest = {}
            for rendition in report.renditions.filter(status=Rendition.Status.DONE):
                latest.setdefault(rendition.format, rendition)
            for file_format, rendition in sorted(latest.items()):
                name = f"{report.pk:03d}-{slugify(report.title)[:60]}.{file_format}"
                with rendition.file.open("rb") as made:
                    files.writestr(name, made.read())
                listed.append(
                    f"{name}: {report.title} ({report.audience}, {report.language}), "
                    f"{_iso(rendition.finished_at)}"
                )
        readme = [
            _("The reports of the evaluation “%(title)s” of %(enterprise)s, as last made.")
            % {"title": evaluation.title, "enterprise": evaluation.enterprise.name},
            "",
            *(listed or [_("No report file has been made yet.")]),
        ]
        files.writestr("README.txt", "\n".join(readme) + "\n")
    return archive.getvalue()
