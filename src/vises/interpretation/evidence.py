"""The evidence gathered for one evaluative question, ready to show: its indicators with
their status, the results of the survey questions tied to it (each with a chart, the
chart's data table and text alternative, and the change between waves in a sentence),
the open answers to choose quotes from, and the quotes chosen.

A survey question is tied to an evaluative question when it is tied to one of the
indicators its plan follows, when it is the item a `from_survey` indicator of that plan is
computed from (for a multi-item scale, each of its items), or when it is asked in a survey
the plan collects for the question (`planned_surveys`).

The same results, for every question of one survey, make the survey's results page
(`survey_evidence`).
"""

import dataclasses

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from vises.access import rules
from vises.analysis import disclosure, load, results, sentences
from vises.analysis import indicators as indicator_analysis
from vises.analysis.results import Dataset, Item, Option
from vises.multilingual import pick
from vises.reports import charts
from vises.surveys.models import Question, Survey

from .models import Quote

STATUS_LABELS = {
    indicator_analysis.REACHED: gettext_lazy("Target reached"),
    indicator_analysis.PROGRESSING: gettext_lazy("Progressing"),
    indicator_analysis.BEHIND: gettext_lazy("Behind"),
    indicator_analysis.MEASURED: gettext_lazy("Measured"),
    indicator_analysis.NO_DATA: gettext_lazy("No data yet"),
    indicator_analysis.HIDDEN: gettext_lazy("Hidden to protect anonymity"),
}


def small_group_minimum() -> int:
    """The fewest respondents a group shown outside the enterprise team may have."""
    return settings.VISES_SMALL_GROUP_MINIMUM


def minimum_for(user, evaluation) -> int:
    """The fewest respondents a group may have to be shown to `user` on the evaluation's
    pages: the enterprise's team reads its own answers whole; everyone else (its coaches)
    gets small groups hidden. Every page of findings and survey results asks this."""
    return 0 if rules.may_edit_evaluation(user, evaluation) else small_group_minimum()


ANSWERS_PER_PAGE = 20


# Who reads how each change was tested (the test, p, the size of the difference): the team
# and its coaches, and the reports for funders and public authorities, who expect it.
# Guests of a round (trainees, parents...) and the reports for workers and volunteers,
# beneficiaries or the general public read the plain change sentences alone.
READERS_OF_TESTS = {"team", "funders", "public_authorities"}


def reads_how_we_know(reader: str) -> bool:
    """Whether `reader` (the team, a round's guests, or a report's audience) is told how
    each change was tested."""
    return reader in READERS_OF_TESTS


def hidden_text() -> str:
    """Said where a figure is hidden: true of a small group and of one hidden beside it."""
    return _("hidden to protect anonymity")


@dataclasses.dataclass
class SurveyResult:
    survey: Survey
    item: Item
    question: Question
    text: str
    result: results.Result
    chart: charts.Chart | None
    table: dict  # {"columns": [...], "rows": [(label, [cells])], "totals": [...]}
    sentence: str
    shown_answers: int | None = None  # how many answered, None when that is hidden too
    anchor: str = ""  # the page's id for it; "result-<question id>" unless said
    how: str = ""  # how the change of the sentence was tested, in plain words

    def __post_init__(self):
        self.anchor = self.anchor or f"result-{self.question.pk}"

    @property
    def svg(self) -> str:
        return charts.svg_markup(self.chart)

    @property
    def drawing(self) -> dict:
        """For a page that shows its chart drawn if it is, else fetched once the page is
        sent: {"svg": the drawing or "", "later": the token to fetch it with or ""}."""
        if not self.chart:
            return {"svg": "", "later": ""}
        drawn = charts.drawn_markup(self.chart)
        if drawn is not None:
            return {"svg": drawn, "later": ""}
        return {"svg": "", "later": charts.later(self.chart)}


def _item_text(item: Item) -> str:
    return pick(item.text).text or item.code


def planned_surveys(evaluation, question) -> list[Survey]:
    """The surveys the collection plan gathers for the evaluative question: for each of its
    rows with the survey method, the surveys asked to the types of stakeholders the row
    names, or every survey of the evaluation when it names no type of stakeholder."""
    surveys = list(evaluation.surveys.all())
    planned = {}
    for row in question.plan_rows.prefetch_related("stakeholders"):
        if "survey" not in row.methods:
            continue
        types = {s.type_code for s in row.stakeholders.all() if s.type_code}
        for survey in surveys:
            if not types or survey.stakeholder_type in types:
                planned[survey.pk] = survey
    return list(planned.values())


def tied_questions(evaluation, question) -> list[Question]:
    """The survey questions tied to the evaluative question, in survey and page order."""
    specs = {spec["code"]: spec for spec in evaluation.framework_version.document["indicators"]}
    rule_items = set()
    scales = load.scale_rules(evaluation.framework_version.document)
    for code in question.plan_rows.values_list("indicators__code", flat=True):
        rule = (specs.get(code) or {}).get("survey_rule")
        if rule:
            item = rule["item"]
            if item in scales:
                rule_items |= {member for member, _reversed in scales[item].items}
            else:
                rule_items.add(item)
    return list(
        Question.objects.filter(survey__evaluation=evaluation)
        .filter(
            Q(indicators__plan_row__question=question)
            | Q(bank_code__in=rule_items)
            | Q(survey__in=[survey.pk for survey in planned_surveys(evaluation, question)])
        )
        .distinct()
        .select_related("survey", "section")
        .order_by("survey_id", "section__position", "section_id", "position", "id")
    )


def _groups(data: Dataset, code: str, by: str, minimum: int) -> list[tuple[str, results.Group]]:
    """The groups of respondents a result is shown in, labelled for the reader: the waves
    (one group of everyone when there is a single wave) or the answers to the single-choice
    question `by`. Groups nobody is in are left out; small ones come hidden."""
    if by == "wave" and len(data.wave_labels) <= 1:
        whole = results.result(data, code)
        group = results.Group("", whole.answered, whole.counts, whole.numbers, whole.top_box)
        return [("", results.suppress([group], minimum)[0])]
    groups = results.breakdown(data, code, by, minimum).groups
    if by == "wave":
        return [(group.label, group) for group in groups if group.answered]
    grouping = data.items[by]
    return [
        (sentences.answer_label(grouping, group.label), group) for group in groups if group.answered
    ]


def _share_cell(group, index: int, hidden_label: str) -> str:
    if group.hidden:
        return hidden_label
    share = group.counts[index].share if group.counts else None
    return sentences.percent(share) if share is not None else "–"


def survey_result(
    survey,
    data: Dataset,
    question: Question,
    minimum: int,
    by: str = "wave",
    source_title: str = "",
) -> SurveyResult:
    """One question's results for the page: a chart of its groups (`by`: the waves, or a
    single-choice question's answers), the chart's data table and words, and the change
    between the first and last wave in a sentence."""
    item = data.items[question.code]
    language = get_language()[:2]
    result = results.result(data, question.code)
    text = _item_text(item)
    if not result.answered:
        return SurveyResult(
            survey, item, question, text, result, None, {}, _("Nobody has answered yet."), 0
        )
    hidden_label = hidden_text()
    groups = _groups(data, question.code, by, minimum)
    # A total is shown only when all its parts are: another page may show some of them.
    shown_answers = None if any(group.hidden for _label, group in groups) else result.answered
    source = _("%(survey)s, %(count)s answers") % {
        "survey": source_title or pick(survey.title).text,
        "count": hidden_label if shown_answers is None else sentences.count(result.answered),
    }
    corner = _("Wave") if by == "wave" and len(data.wave_labels) > 1 else _("Respondents")
    if by != "wave":
        corner = _item_text(data.items[by])
    chart = None
    common = {"title": text, "language": language, "source": source, "hidden_label": hidden_label}
    if item.kind in results.ORDINAL_KINDS or item.kind in results.CHOICE_KINDS:
        categories = [sentences.answer_label(item, value) for value in item.values]
        if len(groups) <= 3:
            series = [
                (label, group, None if group.hidden else [c.share for c in group.counts])
                for label, group in groups
            ]
            chart = charts.Chart(
                kind="bars",
                categories=tuple(categories),
                series=tuple(
                    charts.Series(label, tuple(values) if values else (None,) * len(categories))
                    for label, _group, values in series
                ),
                unit="%",
                value_axis=_("Share of those who answered (%)"),
                description=_describe(categories, series, hidden_label),
                **common,
            )
        elif item.kind == "scale":  # many groups: each group's top-2 box
            tops = [None if group.hidden else group.top_box for _label, group in groups]
            labels = [label for label, _group in groups]
            chart = charts.Chart(
                kind="bars",
                categories=tuple(labels),
                series=(charts.Series("", tuple(tops)),),
                unit="%",
                value_axis=_("Share answering %(answers)s (%%)")
                % {"answers": sentences.top_box_answers(item)},
                description=_describe_values(labels, tops, hidden_label, sentences.percent),
                **common,
            )
        table = {
            "corner": _("Answer"),
            "columns": [label or _("Share") for label, _group in groups],
            "rows": [
                (category, [_share_cell(group, index, hidden_label) for _label, group in groups])
                for index, category in enumerate(categories)
            ],
            "totals": [
                hidden_label if group.hidden else group.answered for _label, group in groups
            ],
        }
    else:  # numbers: each group's average
        labels = [label or _("All") for label, _group in groups]
        means = [
            None if group.hidden or group.numbers is None else group.numbers.mean
            for _label, group in groups
        ]
        chart = charts.Chart(
            kind="bars",
            categories=tuple(labels),
            series=(charts.Series("", tuple(means)),),
            decimals=1,
            value_axis=_("Average"),
            description=_describe_values(labels, means, hidden_label, sentences.number),
            **common,
        )
        table = {
            "corner": corner,
            "columns": [
                _("Answers"),
                _("Average"),
                _("Median"),
                _("%(level)s confidence interval") % {"level": sentences.percent(95)},
            ],
            "rows": [
                (label, _number_cells(group, hidden_label))
                for label, (_label, group) in zip(labels, groups, strict=True)
            ],
        }
    sentence = how = ""
    if len(data.wave_labels) > 1 and results.comparable(item):
        sentence, how = _change_sentence(data, item, minimum)
    return SurveyResult(
        survey, item, question, text, result, chart, table, sentence, shown_answers, how=how
    )


def _change_sentence(data: Dataset, item: Item, minimum: int) -> tuple[str, str]:
    """The change between the first and last waves in a sentence, and how it was tested;
    when either wave, or the respondents compared, are too few to be shown, a sentence
    that gives no figure (and no test, whose counts would give them away)."""
    first, last = data.wave_labels[0], data.wave_labels[-1]
    change = results.change(data, item.code, first, last)
    waves = results.breakdown(data, item.code, "wave", minimum).groups
    comparison = change.comparison
    if (
        waves[0].hidden
        or waves[-1].hidden
        or disclosure.hidden([comparison.n_first, comparison.n_second], minimum)
    ):
        return _(
            "The change between %(first)s and %(second)s is not shown: too few people "
            "answered to protect their anonymity."
        ) % {"first": first, "second": last}, ""
    return sentences.change_sentence(change, item), sentences.how_we_know(change)


def _describe_values(labels, values, hidden_label, shown) -> str:
    return ", ".join(
        sentences.labelled(label, shown(value) if value is not None else hidden_label)
        for label, value in zip(labels, values, strict=True)
    )


def _number_cells(group, hidden_label):
    if group.hidden or group.numbers is None or group.numbers.mean is None:
        return [
            sentences.count(group.answered) if not group.hidden else hidden_label,
            "–",
            "–",
            "–",
        ]
    numbers = group.numbers
    interval = "–"
    if numbers.ci_low is not None:
        interval = f"{sentences.number(numbers.ci_low)} – {sentences.number(numbers.ci_high)}"
    return [
        sentences.count(numbers.n),
        sentences.number(numbers.mean),
        sentences.number(numbers.median),
        interval,
    ]


def _describe(categories, series, hidden_label) -> str:
    """The chart said in words: each wave's share of each answer."""
    parts = []
    for label, _group, values in series:
        if values is None:
            said = hidden_label
        else:
            said = ", ".join(
                f"{category} {sentences.percent(value)}"
                for category, value in zip(categories, values, strict=True)
                if value is not None
            )
        parts.append(sentences.labelled(label, said) if label else said)
    return "; ".join(parts)


STAKEHOLDERS = "stakeholder"


def across_stakeholders(evaluation, tied: list[Question], datasets: dict, minimum: int):
    """One result per question-bank item asked in the surveys of several stakeholder types
    (trainees and workers, say), their answers pooled and shown by stakeholder type: the
    bank keeps codes and scales the same, so the answers compare."""
    types = {
        kind["code"]: kind["name"]
        for kind in evaluation.framework_version.document.get("stakeholder_types", [])
    }
    by_bank: dict[str, list[Question]] = {}
    for asked in tied:
        charted = datasets[asked.survey_id].items[asked.code].kind in results.FIGURE_KINDS
        if asked.bank_code and asked.survey.stakeholder_type and charted:
            by_bank.setdefault(asked.bank_code, []).append(asked)
    pooled = []
    for bank_code, asked_in in by_bank.items():
        kinds = [asked.survey.stakeholder_type for asked in asked_in]
        if len(set(kinds)) < 2:
            continue
        first = asked_in[0]
        item = datasets[first.survey_id].items[first.code]
        # A type asked in several surveys is shown survey by survey: pooled, a small
        # survey's answers would be its type's figures minus the other survey's own.
        groups = {}
        for asked, kind in zip(asked_in, kinds, strict=True):
            name = types.get(kind, {"en": kind})
            if kinds.count(kind) > 1:
                key = f"{kind}:{asked.survey_id}"
                name = {
                    get_language()[:2]: _("%(type)s (%(survey)s)")
                    % {"type": pick(name).text, "survey": pick(asked.survey.title).text}
                }
            else:
                key = kind
            groups[asked.pk] = (key, name)
        grouping = Item(
            code=STAKEHOLDERS,
            kind="single_choice",
            options=tuple(Option(key, name) for key, name in dict(groups.values()).items()),
            text={get_language()[:2]: _("Stakeholders")},
        )
        answers, waves = [], []
        for asked in asked_in:
            data = datasets[asked.survey_id]
            for row, given in enumerate(data.answers):
                answers.append(
                    {first.code: given.get(asked.code), STAKEHOLDERS: groups[asked.pk][0]}
                )
                waves.append(data.wave_labels[data.waves[row]])
        data = Dataset([item, grouping], answers, waves)
        entry = survey_result(
            first.survey,
            data,
            first,
            minimum,
            by=STAKEHOLDERS,
            source_title=_("All surveys asking it"),
        )
        entry.anchor = f"result-{bank_code}-stakeholders"
        entry.sentence = entry.how = ""
        pooled.append(entry)
    return pooled


def point_problem(problem: str, evaluation=None) -> str:
    """Why an indicator has no value for a period, in plain words (the indicators without
    a value named as the evaluation's framework names them, when it is given)."""
    if problem == "division_by_zero":
        return _("cannot be computed: division by zero")
    if problem == "refers_to_itself":
        return _("cannot be computed: its formula refers to itself")
    if problem == "no_answers":
        return _("no answer yet")
    if problem == "hidden":
        return hidden_text()
    if problem.startswith("missing:"):
        from vises.indicators.values import indicator_names

        codes = problem.removeprefix("missing:").split(",")
        names = indicator_names(evaluation, codes) if evaluation is not None else codes
        return _("cannot be computed: no value for %(codes)s") % {"codes": ", ".join(names)}
    return ""


def shown_value(number: float, unit: str) -> str:
    """An indicator's figure with its unit, as every table and text shows it."""
    if unit == "%":
        return sentences.percent(number)
    return sentences.with_unit(sentences.number(number, 2), unit)


def missing_inputs_text(names: list[str]) -> str:
    """Why a formula indicator has no value: the indicators it needs that the plan lacks."""
    return _("cannot be computed: the collection plan does not follow %(indicators)s") % {
        "indicators": ", ".join(names)
    }


def indicator_row(evaluation, standing) -> dict:
    from vises.indicators.values import describe, indicator_names

    described = describe(evaluation, standing.indicator)
    points = []
    for point in standing.points:
        if point.number is not None:
            shown = shown_value(point.number, described.unit)
        else:
            shown = point.text or point_problem(point.problem, evaluation)
        points.append({"period": point.period, "shown": shown, "n": point.n})
    missing = indicator_names(evaluation, standing.missing)
    start, target = standing.start, standing.indicator.target
    return {
        "indicator": standing.indicator,
        "name": described.name,
        "unit": described.unit,
        "points": points,
        "baseline": shown_value(start.number, described.unit) if start else "",
        # The first value stands for the baseline when the plan gives none: say which.
        "baseline_period": start.period if start else "",
        "target": shown_value(float(target), described.unit) if target is not None else "",
        "missing": missing,
        "missing_text": missing_inputs_text(missing) if missing else "",
        "status": standing.status,
        "status_label": STATUS_LABELS[standing.status],
    }


@dataclasses.dataclass
class OpenAnswers:
    """One open question's answers that match the search, a page at a time."""

    survey: Survey
    question: Question
    text: str
    total: int  # answers given, searched or not
    page: Page  # of {response (its pk), text, quoted (already), key (for the page's ids)}
    param: str  # the address's parameter holding its page number

    @property
    def anchor(self) -> str:
        return f"open-{self.question.pk}"


def open_answers(survey, data: Dataset, quoted: set, query: str = "", pages=None) -> list:
    """The answers to each open question of the survey holding every word of `query`,
    `ANSWERS_PER_PAGE` a page; `pages` maps each block's `param` to the page asked for
    (a request's GET does). `quoted` holds the (response, question) pairs already kept."""
    pages = pages or {}
    asked_by_code = {asked.code: asked for asked in survey.questions.all()}
    blocks = []
    for code, item in data.items.items():
        if item.kind not in results.TEXT_KINDS:
            continue
        given = data.texts(code)
        if not given:
            continue
        asked = asked_by_code[code]
        param = f"answers-{asked.pk}"
        page = Paginator(results.matching_texts(given, query), ANSWERS_PER_PAGE).get_page(
            pages.get(param)
        )
        page.object_list = [
            {
                "response": data.ids[row],
                "text": text,
                "quoted": (data.ids[row], asked.pk) in quoted,
                "key": f"{data.ids[row]}-{asked.pk}",
            }
            for row, text in page.object_list
        ]
        blocks.append(OpenAnswers(survey, asked, _item_text(item), len(given), page, param))
    return blocks


def question_evidence(
    evaluation,
    question,
    minimum: int,
    with_open_answers: bool,
    by: str = "wave",
    known: dict | None = None,
    query: str = "",
    pages=None,
) -> dict:
    """Everything the evaluative question's page shows, in the reader's language. Groups
    of fewer than `minimum` respondents are hidden; open answers are only listed when
    asked for (for the enterprise team), searched for `query` and paged as `pages` says
    (see `open_answers`). `known` keeps the evaluation's indicator
    standings and survey data between calls for several questions of one evaluation."""
    known = {} if known is None else known
    if "standings" not in known:
        known["standings"] = indicator_analysis.standings(evaluation)
    datasets = known.setdefault("datasets", {})
    quoted = set(question.quotes.values_list("response_id", "survey_question_id"))
    standings = [
        indicator_row(evaluation, indicator_analysis.disclosed(standing, minimum))
        for standing in known["standings"]
        if standing.indicator.plan_row.question_id == question.pk
    ]
    tied = tied_questions(evaluation, question)
    surveys = {q.survey_id: q.survey for q in tied}
    survey_results, answer_blocks = [], []
    groupings = [("wave", _("Wave"))]
    for survey in surveys.values():
        if survey.pk not in datasets:
            datasets[survey.pk] = load.survey_dataset(survey)
        data = datasets[survey.pk]
        groupings += [
            (f"{survey.pk}:{code}", f"{_item_text(item)} ({pick(survey.title).text})")
            for code, item in data.items.items()
            if item.kind == "single_choice"
        ]
        for asked in tied:
            if (
                asked.survey_id == survey.pk
                and asked.code in data.items
                and data.items[asked.code].kind in results.FIGURE_KINDS
            ):
                grouping = by.partition(":")[2] if by.startswith(f"{survey.pk}:") else "wave"
                if grouping not in data.items or grouping == asked.code:
                    grouping = "wave"
                survey_results.append(survey_result(survey, data, asked, minimum, grouping))
        if with_open_answers:
            answer_blocks += open_answers(survey, data, quoted, query, pages)
    survey_results += across_stakeholders(evaluation, tied, datasets, minimum)
    return {
        "standings": standings,
        "survey_results": survey_results,
        "open_answers": answer_blocks,
        "groupings": groupings,
    }


def survey_evidence(
    survey, minimum: int, with_open_answers: bool, by: str = "wave", query: str = "", pages=None
) -> dict:
    """Every question of the survey, in the order respondents meet them, with its results
    by wave or by the answers to the single-choice question `by`; groups of fewer than
    `minimum` respondents hidden, as on an evaluative question's findings. Open questions
    and dates get their count of answers; the open answers themselves are listed only when
    asked for (for the enterprise team), searched and paged (see `open_answers`)."""
    data = load.survey_dataset(survey)
    groupings = [("wave", _("Wave"))] + [
        (code, _item_text(item))
        for code, item in data.items.items()
        if item.kind == "single_choice"
    ]
    if by not in dict(groupings):
        by = "wave"
    entries = []
    for asked in survey.questions.select_related("section").order_by(
        "section__position", "section_id", "position", "id"
    ):
        item = data.items[asked.code]
        if item.kind not in results.FIGURE_KINDS:
            counted = results.result(data, asked.code)
            text = _item_text(item)
            entries.append(SurveyResult(survey, item, asked, text, counted, None, {}, ""))
        else:
            grouping = "wave" if by == asked.code else by
            entries.append(survey_result(survey, data, asked, minimum, grouping))
    blocks = []
    if with_open_answers:
        quoted = set(
            Quote.objects.filter(survey_question__survey=survey).values_list(
                "response_id", "survey_question_id"
            )
        )
        blocks = open_answers(survey, data, quoted, query, pages)
    return {
        "survey_results": entries,
        "groupings": groupings,
        "by": by,
        "open_answers": blocks,
        "respondents": data.size,
        "waves": data.wave_labels,
    }


def round_findings(round_, evidence: dict, quotes: list, reader: str) -> list[dict]:
    """Each finding of the round with what it shows, taken from the question's evidence
    (computed for the round's readers: the team, or its guests); a finding whose evidence
    is gone says so."""
    told = reads_how_we_know(reader)
    results_by_question = {
        entry.question.pk: entry if told else dataclasses.replace(entry, how="")
        for entry in evidence["survey_results"]
        if entry.anchor == f"result-{entry.question.pk}"
    }
    rows_by_indicator = {row["indicator"].pk: row for row in evidence["standings"]}
    shown = []
    for finding in round_.findings.all():
        entry = {"finding": finding, "survey_result": None, "indicator": None, "quotes": None}
        if finding.kind == "survey_result":
            entry["survey_result"] = results_by_question.get(finding.survey_question_id)
        elif finding.kind == "indicator":
            entry["indicator"] = rows_by_indicator.get(finding.indicator_id)
        else:
            entry["quotes"] = quotes
        entry["title"] = (
            entry["survey_result"].text
            if entry["survey_result"]
            else entry["indicator"]["name"]
            if entry["indicator"]
            else _("Quotes")
            if finding.kind == "quotes"
            else _("This finding is no longer available.")
        )
        shown.append(entry)
    return shown
