"""Where an evaluation stands on its journey, computed from its content."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vises.frameworks.models import FrameworkVersion
from vises.indicators.models import IndicatorValue
from vises.indicators.values import computed_codes
from vises.multilingual import pick
from vises.surveys.models import Response, Survey

from . import improvement
from .models import (
    Evaluation,
    EvaluativeQuestion,
    JourneyStep,
    Method,
    Part,
    PlanIndicator,
    PlanRow,
    Stakeholder,
)
from .templatetags.evaluations import plain_number


@dataclass
class Step:
    number: int
    title: str
    substeps: list["Substep"] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.substeps) and all(s.done for s in self.substeps if s.url)


@dataclass
class Substep:
    title: str
    done: bool
    missing: str = ""
    url: str = ""
    section: str = ""  # its comment thread, if it has one
    comments: int = 0
    summary: str = ""  # where its content stands, in one line


def required_portrait_fields(document: dict) -> list[str]:
    return [
        f["code"] for group in document["portrait"] for f in group["fields"] if f.get("required")
    ]


def _filled(value) -> bool:
    return value not in (None, "", [], {})


@dataclass
class Facts:
    """What the journey needs to know of an evaluation's content."""

    preliminary: dict
    portrait: dict
    has_team: bool
    stakeholders: int
    questions: int
    main_questions: int
    planned_questions: int
    # (code, has at least one value) of each indicator of the collection plan
    indicators: list[tuple[str, bool]] = field(default_factory=list)
    plans_a_survey: bool = False
    ready_surveys: int = 0  # with questions and a wave
    responses: int = 0
    interpreted_questions: int = 0  # with an agreed interpretation
    actions: improvement.Counts = field(default_factory=improvement.Counts)


def _count(queryset, by: str = "evaluation"):
    return Coalesce(
        Subquery(
            queryset.filter(**{by: OuterRef("pk")})
            .order_by()
            .values(by)
            .annotate(n=Count("pk", distinct=True))
            .values("n")
        ),
        0,
    )


def facts(evaluation_ids, today=None) -> dict[int, Facts]:
    """The facts of many evaluations in four queries, whatever their number; actions are
    overdue after `today` (by default the local date)."""
    questions = EvaluativeQuestion.objects.all()
    actions = improvement.counted(today or timezone.localdate())
    ready = Survey.objects.filter(questions__isnull=False, waves__isnull=False)
    rows = (
        Evaluation.objects.filter(pk__in=evaluation_ids)
        .annotate(
            has_team=Exists(Evaluation.team.through.objects.filter(evaluation=OuterRef("pk"))),
            stakeholder_count=_count(Stakeholder.objects.all()),
            question_count=_count(questions),
            main_count=_count(questions.filter(is_main=True)),
            planned_count=_count(questions.filter(plan_rows__isnull=False)),
            ready_surveys=_count(ready),
            response_count=_count(Response.objects.all(), "wave__survey__evaluation"),
            interpreted_count=_count(questions.filter(interpretation__isnull=False)),
            **{f"actions_{name}": _count(queryset) for name, queryset in actions.items()},
        )
        .values(
            "pk",
            "has_team",
            "stakeholder_count",
            "question_count",
            "main_count",
            "planned_count",
            "ready_surveys",
            "response_count",
            "interpreted_count",
            *(f"actions_{name}" for name in actions),
        )
    )
    # JSON lookups differ between SQLite and PostgreSQL: the methods are read here.
    with_survey = {
        evaluation_id
        for evaluation_id, methods in PlanRow.objects.filter(
            evaluation__in=evaluation_ids
        ).values_list("evaluation", "methods")
        if Method.SURVEY in methods
    }
    contents = {}
    for evaluation_id, name, content in Part.objects.filter(
        evaluation__in=evaluation_ids
    ).values_list("evaluation", "name", "content"):
        contents[evaluation_id, name] = content
    indicators: dict[int, list] = {}
    for evaluation_id, code, valued in (
        PlanIndicator.objects.filter(plan_row__evaluation__in=evaluation_ids)
        .annotate(valued=Exists(IndicatorValue.objects.filter(indicator=OuterRef("pk"))))
        .values_list("plan_row__evaluation", "code", "valued")
    ):
        indicators.setdefault(evaluation_id, []).append((code, valued))
    return {
        row["pk"]: Facts(
            preliminary=contents.get((row["pk"], Part.Name.PRELIMINARY), {}),
            portrait=contents.get((row["pk"], Part.Name.PORTRAIT), {}),
            has_team=row["has_team"],
            stakeholders=row["stakeholder_count"],
            questions=row["question_count"],
            main_questions=row["main_count"],
            planned_questions=row["planned_count"],
            indicators=indicators.get(row["pk"], []),
            plans_a_survey=row["pk"] in with_survey,
            ready_surveys=row["ready_surveys"],
            responses=row["response_count"],
            interpreted_questions=row["interpreted_count"],
            actions=improvement.Counts(**{name: row[f"actions_{name}"] for name in actions}),
        )
        for row in rows
    }


def journey(
    evaluation: Evaluation, known: Facts | None = None, required=None, computed=None
) -> list[Step]:
    """The preliminary step and steps 1 to 3, each sub-step done or with what is missing."""
    known = known or facts([evaluation.pk])[evaluation.pk]
    if required is None:
        required = required_portrait_fields(evaluation.framework_version.document)
    if computed is None:
        computed = computed_codes(evaluation.framework_version.document)
    missing_portrait = [code for code in required if not _filled(known.portrait.get(code))]
    motivation_given = _filled(known.preliminary.get("motivations")) or _filled(
        known.preliminary.get("motivation_text")
    )
    unplanned = known.questions - known.planned_questions

    preliminary_missing = []
    if not motivation_given:
        preliminary_missing.append(str(_("why you evaluate")))
    if not known.has_team:
        preliminary_missing.append(str(_("the evaluation team")))
    if not known.questions:
        plan_missing = _("an evaluative question first")
    elif unplanned:
        plan_missing = ngettext_lazy(
            "%(count)s question not planned yet",
            "%(count)s questions not planned yet",
            unplanned,
        ) % {"count": unplanned}
    else:
        plan_missing = ""
    planned = known.questions > 0 and not unplanned
    # Indicators computed from survey answers or a formula are not typed in.
    without_value = sum(
        1 for code, valued in known.indicators if code not in computed and not valued
    )
    if not planned:
        values_missing = _("a collection plan first")
    elif without_value:
        values_missing = ngettext_lazy(
            "%(count)s indicator without a value",
            "%(count)s indicators without a value",
            without_value,
        ) % {"count": without_value}
    else:
        values_missing = ""
    # A plan without a survey needs none; one that plans a survey needs its answers.
    if not planned:
        surveys_missing = _("a collection plan first")
    elif not (known.plans_a_survey or known.ready_surveys) or known.responses:
        surveys_missing = ""
    elif not known.ready_surveys:
        surveys_missing = _("a survey with its questions and a wave")
    else:
        surveys_missing = _("responses")
    uninterpreted = known.questions - known.interpreted_questions
    if not known.questions:
        interpretation_missing = _("an evaluative question first")
    elif uninterpreted:
        interpretation_missing = ngettext_lazy(
            "%(count)s question without an agreed interpretation",
            "%(count)s questions without an agreed interpretation",
            uninterpreted,
        ) % {"count": uninterpreted}
    else:
        interpretation_missing = ""
    # A plan whose every action was dropped is no plan; an overdue action wants following up.
    if not known.actions.kept:
        improvement_missing = _("at least one action")
    elif known.actions.overdue:
        improvement_missing = ngettext_lazy(
            "%(count)s overdue action", "%(count)s overdue actions", known.actions.overdue
        ) % {"count": known.actions.overdue}
    else:
        improvement_missing = ""
    pk = evaluation.pk
    return [
        Step(
            JourneyStep.PRELIMINARY,
            JourneyStep.PRELIMINARY.label,
            [
                Substep(
                    _("Why, who and with what means"),
                    not preliminary_missing,
                    ", ".join(preliminary_missing),
                    reverse("evaluation_preliminary", args=[pk]),
                    "preliminary",
                )
            ],
        ),
        Step(
            JourneyStep.STATE_OF_PLAY,
            JourneyStep.STATE_OF_PLAY.label,
            [
                Substep(
                    _("Get familiar with the framework"),
                    True,
                    url=reverse("framework_glossary", args=[evaluation.framework_version_id]),
                ),
                Substep(
                    _("Portrait of the enterprise"),
                    not missing_portrait,
                    ngettext_lazy(
                        "%(count)s required field to fill",
                        "%(count)s required fields to fill",
                        len(missing_portrait),
                    )
                    % {"count": len(missing_portrait)}
                    if missing_portrait
                    else "",
                    reverse("evaluation_portrait", args=[pk]),
                    "portrait",
                ),
                Substep(
                    _("Stakeholder map"),
                    known.stakeholders > 0,
                    "" if known.stakeholders else _("at least one stakeholder"),
                    reverse("evaluation_stakeholders", args=[pk]),
                    "stakeholders",
                ),
                Substep(
                    _("Evaluative questions"),
                    known.main_questions > 0,
                    "" if known.questions else _("at least one question"),
                    reverse("evaluation_questions", args=[pk]),
                    "questions",
                ),
                Substep(
                    _("Collection plan"),
                    planned,
                    plan_missing,
                    reverse("evaluation_plan", args=[pk]),
                    "plan",
                ),
            ],
        ),
        Step(
            JourneyStep.DATA_COLLECTION,
            JourneyStep.DATA_COLLECTION.label,
            [
                Substep(
                    _("Surveys"),
                    not surveys_missing,
                    surveys_missing,
                    reverse("survey_list", args=[pk]),
                    "",
                ),
                Substep(
                    _("Indicator values"),
                    planned and not without_value,
                    values_missing,
                    reverse("evaluation_indicators", args=[pk]),
                    "",
                ),
            ],
        ),
        Step(
            JourneyStep.ANALYSIS,
            JourneyStep.ANALYSIS.label,
            [
                Substep(
                    _("Findings and their interpretation"),
                    known.questions > 0 and not uninterpreted,
                    interpretation_missing,
                    reverse("evaluation_questions", args=[pk]),
                    "",
                ),
                Substep(
                    _("Improvement plan"),
                    not improvement_missing,
                    improvement_missing,
                    reverse("evaluation_improvement", args=[pk]),
                    "",
                    summary=known.actions.summary(),
                ),
            ],
        ),
    ]


@dataclass
class Overview:
    evaluation: Evaluation
    steps: list[Step]
    progress: int
    current_step: JourneyStep
    next_action: "Substep | None"


def overview(evaluations) -> list[Overview]:
    """Where each evaluation stands, in a number of queries that does not grow with them.

    The framework documents are read once per version, not once per evaluation.
    """
    evaluations = list(evaluations)
    known = facts([e.pk for e in evaluations])
    documents = dict(
        FrameworkVersion.objects.filter(
            pk__in={e.framework_version_id for e in evaluations}
        ).values_list("pk", "document")
    )
    required = {pk: required_portrait_fields(document) for pk, document in documents.items()}
    computed = {pk: computed_codes(document) for pk, document in documents.items()}
    result = []
    for evaluation in evaluations:
        version = evaluation.framework_version_id
        steps = journey(evaluation, known[evaluation.pk], required[version], computed[version])
        result.append(
            Overview(evaluation, steps, progress(steps), current_step(steps), next_action(steps))
        )
    return result


def current_step(steps: list[Step]) -> JourneyStep:
    """The first step with work left; data collection once steps 0 and 1 are done."""
    return JourneyStep(
        next((step.number for step in steps if step.substeps and not step.done), steps[-2].number)
    )


def next_action(steps: list[Step]) -> Substep | None:
    """The first sub-step that can be worked on and is not done."""
    return next((s for step in steps for s in step.substeps if s.url and not s.done), None)


def progress(steps: list[Step]) -> int:
    """The share, in percent, of the available sub-steps that are done."""
    available = [s for step in steps for s in step.substeps if s.url]
    return round(100 * sum(s.done for s in available) / len(available)) if available else 0


def portrait_summary(grid: list[dict], content: dict, *, for_reading: bool = True) -> list[dict]:
    """The portrait's groups with their filled fields as (label, shown value) pairs; numbers
    and dates written as the reader writes them, or kept as values (ISO dates) for a
    spreadsheet when not `for_reading`."""
    groups = []
    for group in grid:
        rows = []
        for spec in group["fields"]:
            value = content.get(spec["code"])
            if not _filled(value):
                continue
            labels = {c["code"]: pick(c["label"]).text for c in spec.get("choices", [])}
            if spec["type"] == "multiple_choice":
                value = ", ".join(labels.get(v, v) for v in value)
            elif spec["type"] == "choice":
                value = labels.get(value, value)
            elif spec["type"] == "yes_no":
                value = _("Yes") if value else _("No")
            elif spec["type"] in ("integer", "number") and for_reading:
                value = plain_number(Decimal(str(value)))
            elif spec["type"] == "date" and for_reading:
                value = date_format(date.fromisoformat(value))
            rows.append((pick(spec["label"]).text, value))
        groups.append({"name": pick(group["name"]).text, "rows": rows})
    return groups
