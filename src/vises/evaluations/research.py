"""The action-research view of a network: how the approach works across the evaluations
whose enterprises consent to research (`rules.evaluations_to_research`), pseudonymised.

For each evaluation: when each step began (its first saved change in the history), the
days between steps, the accompaniment it received, the methods its plan chose per
evaluative question, and the sub-steps left undone. No free text of the team is shown: a
question of its own is named as such, not quoted.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vises.access import rules
from vises.accounts.models import EnterpriseGroup, Network
from vises.analysis import disclosure
from vises.analysis import research as figures
from vises.frameworks.models import FrameworkVersion
from vises.multilingual import pick
from vises.reports import charts
from vises.spreadsheets import safe_cell

from . import journey
from .accompaniment import Placed, shown_region
from .models import AccompanimentSession, Change, JourneyStep, Method, PlanRow, StepFeedback

# The parts of the history whose first change marks the start of each step.
STEP_PARTS = {
    JourneyStep.PRELIMINARY: {"preliminary"},
    JourneyStep.STATE_OF_PLAY: {
        "familiarisation",
        "portrait",
        "stakeholders",
        "evaluative_questions",
        "plan",
        "plan_indicators",
    },
    JourneyStep.DATA_COLLECTION: {
        "surveys",
        "indicator_values",
        "response_imports",
        "indicator_imports",
    },
    JourneyStep.ANALYSIS: {"quotes", "interpretation", "improvement", "reports"},
}
STEP_OF_PART = {part: step for step, parts in STEP_PARTS.items() for part in parts}
TRANSITIONS = list(zip(list(JourneyStep)[:-1], list(JourneyStep)[1:], strict=True))
# A question the team wrote itself is named by this code in the CSV, never quoted.
OWN_QUESTION = "own"


@dataclass
class EvaluationRow(Placed):
    """One evaluation open to research, as researchers see it."""

    period_start: date
    started: dict[int, date | None]
    progress: int
    current_step: int
    unfinished: list[tuple[int, str]]  # (step, title) of each sub-step not done
    sessions: int = 0
    minutes: int = 0
    feedback: int = 0

    @property
    def days_between(self) -> list[int | None]:
        """Days from the start of each step to the start of the next, or None."""
        return [figures.days_between(self.started, *pair) for pair in TRANSITIONS]

    @property
    def current_step_label(self) -> str:
        return JourneyStep(self.current_step).label

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass
class MethodRow:
    """How many evaluations of an enterprise group chose each method for one question."""

    group: str
    question: str  # the framework's code, or OWN_QUESTION
    question_label: str
    evaluations: Counter = field(default_factory=Counter)

    @property
    def group_label(self) -> str:
        return EnterpriseGroup(self.group).label

    def counts(self) -> list[int]:
        return [self.evaluations[method] for method in Method.values]


Transition = figures.Transition
Unfinished = figures.Unfinished


def step_starts(changes) -> dict[int, dict[int, date]]:
    """For each evaluation, the day each step began, given the (evaluation, part, first
    change) of each part changed."""
    return figures.step_starts(
        ((evaluation, part, timezone.localdate(first)) for evaluation, part, first in changes),
        STEP_OF_PART,
    )


def evaluation_rows(network: Network) -> list[EvaluationRow]:
    """Every evaluation open to the network's researchers, by enterprise pseudonym."""
    studied = list(rules.evaluations_to_research(network).order_by("period_start", "pk"))
    ids = [evaluation.pk for evaluation in studied]
    starts = step_starts(
        Change.objects.filter(evaluation__in=ids)
        .order_by()
        .values_list("evaluation", "part")
        .annotate(first=Min("at"))
    )
    sessions = {
        row["evaluation"]: row
        for row in AccompanimentSession.objects.filter(evaluation__in=ids)
        .order_by()
        .values("evaluation")
        .annotate(count=Count("pk"), minutes=Sum("duration_minutes"))
    }
    feedback = dict(
        StepFeedback.objects.filter(evaluation__in=ids)
        .order_by()
        .values_list("evaluation")
        .annotate(count=Count("pk"))
    )
    coarse = disclosure.regions_to_coarsen(
        {
            e.enterprise_id: (e.enterprise.group, e.enterprise.country, e.enterprise.region)
            for e in studied
        }.values()
    )
    rows = []
    for overview in journey.overview(studied):
        evaluation, enterprise = overview.evaluation, overview.evaluation.enterprise
        place = {
            "group": enterprise.group,
            "country": enterprise.country,
            "region": enterprise.region,
        }
        logged = sessions.get(evaluation.pk, {})
        rows.append(
            EvaluationRow(
                enterprise=enterprise.pseudonym,
                group=enterprise.group,
                country=enterprise.country,
                region=shown_region(place, coarse),
                period_start=evaluation.period_start,
                started={step: starts.get(evaluation.pk, {}).get(step) for step in JourneyStep},
                progress=overview.progress,
                current_step=overview.current_step,
                unfinished=[
                    (step.number, str(substep.title))
                    for step in overview.steps
                    for substep in step.substeps
                    if not substep.done
                ],
                sessions=logged.get("count", 0),
                minutes=logged.get("minutes") or 0,
                feedback=feedback.get(evaluation.pk, 0),
            )
        )
    return rows


def transitions(rows: list[EvaluationRow]) -> list[Transition]:
    """Per pair of successive steps: how many evaluations began both, and the median,
    shortest and longest number of days between their starts."""
    return figures.transitions([row.started for row in rows], TRANSITIONS)


def unfinished(rows: list[EvaluationRow]) -> list[Unfinished]:
    """Each sub-step left undone somewhere, in the journey's order, with how many
    evaluations left it undone."""
    return [
        replace(left, step=JourneyStep(left.step))
        for left in figures.unfinished([row.unfinished for row in rows])
    ]


def _library_texts(version_ids) -> dict[str, str]:
    """The framework's evaluative questions by code, in the reader's language."""
    texts = {}
    for document in FrameworkVersion.objects.filter(pk__in=version_ids).values_list(
        "document", flat=True
    ):
        for question in document.get("evaluative_questions", []):
            texts.setdefault(question["code"], pick(question["text"], get_language()).text)
    return texts


def plan_methods(network: Network) -> list[MethodRow]:
    """Per evaluative question and enterprise group, how many evaluations chose each
    method in their collection plan."""
    studied = rules.evaluations_to_research(network)
    counted = figures.methods_chosen(
        PlanRow.objects.filter(evaluation__in=studied).values_list(
            "evaluation", "evaluation__enterprise__group", "question__library_code", "methods"
        ),
        Method.values,
        OWN_QUESTION,
    )
    texts = _library_texts(studied.values("framework_version"))
    table = [
        MethodRow(
            group,
            code,
            _("Question written by the team") if code == OWN_QUESTION else texts.get(code, code),
            evaluations,
        )
        for (code, group), evaluations in counted.items()
    ]
    return sorted(table, key=lambda row: (row.question == OWN_QUESTION, row.question, row.group))


# Charts ---------------------------------------------------------------------------------


def _chart(
    title: str, labels: list[str], name: str, values: list, decimals=0, hidden_label=""
) -> charts.Chart:
    language = get_language() or "en"
    shown = [
        "–" if value is None else charts.format_number(value, language, decimals)
        for value in values
    ]
    return charts.Chart(
        kind="bars",
        title=title,
        categories=tuple(labels),
        series=(charts.Series(name, tuple(values)),),
        language=language,
        value_axis=name,
        decimals=decimals,
        hidden_label=hidden_label,
        description="; ".join(
            f"{label}: {value}" for label, value in zip(labels, shown, strict=True)
        ),
    )


def days_chart(steps: list[Transition]) -> charts.Chart:
    """The median number of days from the start of a step to the start of the next."""
    return _chart(
        _("Median days from one step to the next"),
        [f"{t.before.label} → {t.after.label}" for t in steps],
        _("Days"),
        [t.median_days for t in steps],
        decimals=1,
        hidden_label=_("no evaluation has begun both steps yet"),
    )


def hours_chart(summaries) -> charts.Chart:
    """The hours of accompaniment logged per step."""
    return _chart(
        _("Hours of accompaniment per step"),
        [str(summary.step.label) for summary in summaries],
        _("Hours"),
        [summary.hours for summary in summaries],
        decimals=1,
    )


def methods_chart(rows: list[MethodRow]) -> charts.Chart:
    """How often each method was chosen for a question, over every group and question."""
    totals = [sum(row.evaluations[method] for row in rows) for method in Method.values]
    return _chart(
        _("Methods chosen for an evaluative question"),
        [str(label) for label in Method.labels],
        _("Choices"),
        totals,
    )


def unfinished_chart(left: list[Unfinished]) -> charts.Chart:
    """How many evaluations left each sub-step undone."""
    return _chart(
        _("Sub-steps left undone"),
        [item.title for item in left],
        _("Evaluations"),
        [item.evaluations for item in left],
    )


# CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "kind",
    "enterprise",
    "group",
    "country",
    "region",
    "period_start",
    "progress",
    "current_step",
    *(f"step_{step}_started" for step in JourneyStep),
    *(f"days_{before}_to_{after}" for before, after in TRANSITIONS),
    "sessions",
    "session_minutes",
    "feedback",
    "unfinished",
    "question",
    "method",
    "evaluations",
]


def csv_rows(rows: list[EvaluationRow], methods: list[MethodRow]):
    """The header, one line per evaluation, then one per question, group and method chosen:
    codes and ISO dates, so that files from different languages can be put together."""
    yield CSV_COLUMNS
    for line in _csv_lines(rows, methods):
        yield [safe_cell(value) for value in line]


def _csv_lines(rows, methods):
    for row in rows:
        yield [
            "evaluation",
            row.enterprise,
            row.group,
            row.country,
            row.region,
            row.period_start.isoformat(),
            row.progress,
            int(row.current_step),
            *(day.isoformat() if day else "" for day in row.started.values()),
            *("" if days is None else days for days in row.days_between),
            row.sessions,
            row.minutes,
            row.feedback,
            "; ".join(title for _step, title in row.unfinished),
            "",
            "",
            "",
        ]
    blank = [""] * (len(CSV_COLUMNS) - 6)
    for row in methods:
        for method in Method.values:
            if row.evaluations[method]:
                yield [
                    "method",
                    "",
                    row.group,
                    *blank,
                    row.question,
                    method,
                    row.evaluations[method],
                ]
