"""Where an evaluation stands on its journey, computed from its content."""

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vises import addresses
from vises.access import prepared
from vises.analysis import sentences
from vises.analysis.rounding import rounded
from vises.frameworks.models import FrameworkVersion
from vises.indicators.models import IndicatorValue
from vises.indicators.values import computed_codes
from vises.multilingual import pick
from vises.qualitative.models import QUALITATIVE_METHODS
from vises.reports.models import Rendition, Report
from vises.surveys.models import Response, Survey

from . import improvement
from .models import (
    Change,
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
        return bool(self.substeps) and all(s.done for s in self.substeps)


@dataclass
class Substep:
    title: str
    done: bool
    missing: str = ""
    url: str = ""
    section: str = ""  # its comment thread, if it has one
    comments: int = 0
    summary: str = ""  # where its content stands, in one line
    confirm_url: str = ""  # where the team says it is done, when only it can tell
    team_only: bool = False  # its page is for the enterprise's team, not its coaches


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
    framework_read: bool = False
    reports: int = 0
    latest_report: int | None = None
    rendered_reports: int = 0  # with a PDF or DOCX ready
    infographics: int = 0  # reports with an infographic ready
    published_reports: int = 0
    # Each plan row gathering words: (row id, its question, its qualitative methods,
    # documents, passages)
    material: list[tuple[int, str, list[str], int, int]] = field(default_factory=list)


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


def _counts(evaluation_ids, today: date):
    """The counts of many evaluations' content, as one query of rows of values."""
    questions = EvaluativeQuestion.objects.all()
    actions = improvement.counted(today)
    ready = Survey.objects.filter(questions__isnull=False, waves__isnull=False)
    made = Rendition.objects.filter(status=Rendition.Status.DONE)
    Format = Rendition.Format
    documents = made.filter(format__in=[Format.PDF, Format.DOCX])
    infographics = made.filter(format__in=[Format.PNG, Format.SVG])
    latest_report = (
        Report.objects.filter(evaluation=OuterRef("pk")).order_by("-updated_at", "-pk").values("pk")
    )
    return (
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
            report_count=_count(Report.objects.all()),
            latest_report=Subquery(latest_report[:1]),
            rendered_count=_count(Report.objects.filter(renditions__in=documents)),
            infographic_count=_count(Report.objects.filter(renditions__in=infographics)),
            published_count=_count(Report.objects.filter(public_token__isnull=False)),
            plan_row_count=_count(PlanRow.objects.all()),
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
            "framework_read_at",
            "report_count",
            "latest_report",
            "rendered_count",
            "infographic_count",
            "published_count",
            "plan_row_count",
            *(f"actions_{name}" for name in actions),
        )
    )


# The ORM takes some 8 ms to build the counts query, which the database answers in 0.05 ms,
# on the screen everyone opens most. So its SQL is built once per number of evaluations,
# with stand-in values that are then swapped for the real ones.
_STAND_IN_DAY = date(1901, 2, 3)


@functools.lru_cache(maxsize=64)
def _counts_sql(count: int, vendor: str) -> tuple[str, tuple]:
    """The counts query's SQL for `count` evaluations, and where each of its parameters comes
    from: ("id", position), ("day", type of the day as the database gets it) or
    ("fixed", value)."""
    stand_ins = [-1 - position for position in range(count)]
    sql, params = _counts(stand_ins, _STAND_IN_DAY).query.sql_with_params()
    sources = []
    for param in params:
        if isinstance(param, int) and -count <= param < 0:
            sources.append(("id", -1 - param))
        elif param in (_STAND_IN_DAY, _STAND_IN_DAY.isoformat()):
            sources.append(("day", type(param)))
        else:
            sources.append(("fixed", param))
    return sql, tuple(sources)


def _count_rows(evaluation_ids: list[int], today: date) -> list[dict]:
    sql, sources = _counts_sql(len(evaluation_ids), connection.vendor)

    def value(kind, where):
        if kind == "id":
            return evaluation_ids[where]
        if kind == "day":
            return today if where is date else today.isoformat()
        return where

    params = [value(kind, where) for kind, where in sources]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["has_team"] = bool(row["has_team"])  # SQLite answers 0 or 1
    return rows


def facts(evaluation_ids, today=None) -> dict[int, Facts]:
    """The facts of many evaluations in four queries at most, whatever their number;
    actions are overdue after `today` (by default the local date)."""
    evaluation_ids = list(evaluation_ids)
    rows = _count_rows(evaluation_ids, today or timezone.localdate()) if evaluation_ids else []
    actions = [action.name for action in dataclasses.fields(improvement.Counts)]
    # The plan rows and their indicators are read only for the evaluations that have some:
    # most have none until step 1 ends, and each of these two queries costs the ORM about
    # half a millisecond to build, much more than the database takes to answer.
    planned = [row["pk"] for row in rows if row["plan_row_count"]]
    plan_rows = (
        PlanRow.objects.filter(evaluation__in=planned)
        .annotate(
            document_count=Count("documents", distinct=True),
            passage_count=Count("documents__excerpts", distinct=True),
        )
        .order_by("pk")
        .values_list(
            "evaluation", "pk", "question__text", "methods", "document_count", "passage_count"
        )
        if planned
        else []
    )
    # JSON lookups differ between SQLite and PostgreSQL: the methods are read here.
    with_survey = set()
    material: dict[int, list] = {}
    for evaluation_id, row, question, methods, documents, passages in plan_rows:
        if Method.SURVEY in methods:
            with_survey.add(evaluation_id)
        qualitative = [code for code in methods if code in QUALITATIVE_METHODS]
        if qualitative:
            material.setdefault(evaluation_id, []).append(
                (row, question, qualitative, documents, passages)
            )
    contents = {
        (part.evaluation_id, part.name): part.content
        for part in prepared.objects_by_ids(_parts, Part, evaluation_ids)
    }
    indicators: dict[int, list] = {}
    for evaluation_id, code, valued in (
        PlanIndicator.objects.filter(plan_row__evaluation__in=planned)
        .annotate(valued=Exists(IndicatorValue.objects.filter(indicator=OuterRef("pk"))))
        .values_list("plan_row__evaluation", "code", "valued")
        if planned
        else []
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
            framework_read=row["framework_read_at"] is not None,
            reports=row["report_count"],
            latest_report=row["latest_report"],
            rendered_reports=row["rendered_count"],
            infographics=row["infographic_count"],
            published_reports=row["published_count"],
            material=material.get(row["pk"], []),
        )
        for row in rows
    }


def _parts(_user, evaluation_ids: list[int]):
    """The parts of the evaluations, by a statement built once per number of evaluations
    (see access/prepared.py): the ORM took half a millisecond to build it."""
    return Part.objects.filter(evaluation__in=evaluation_ids).only("evaluation", "name", "content")


def mark_framework_read(evaluation: Evaluation, user) -> None:
    """Step 1's familiarisation is done: the team has read the framework."""
    if evaluation.framework_read_at:
        return
    evaluation.framework_read_at = timezone.now()
    evaluation.save(update_fields=["framework_read_at"])
    Change.record(evaluation.pk, "familiarisation", None, {"framework_read": True}, user)


def _counted(text, count: int) -> str:
    """`text`, an ngettext of `count` with a %(count)s placeholder, if count is not 0."""
    return text % {"count": sentences.count(count)} if count else ""


def journey(
    evaluation: Evaluation, known: Facts | None = None, required=None, computed=None
) -> list[Step]:
    """The preliminary step and steps 1 to 3, each sub-step done, or not yet with what is
    missing. A sub-step is done only when the team did its work: nothing is ticked on a
    new evaluation."""
    known = known or facts([evaluation.pk])[evaluation.pk]
    if required is None:
        required = required_portrait_fields(evaluation.framework_version.document)
    if computed is None:
        computed = computed_codes(evaluation.framework_version.document)
    pk = evaluation.pk
    return [
        Step(
            JourneyStep.PRELIMINARY,
            JourneyStep.PRELIMINARY.label,
            [_preliminary(known, pk)],
        ),
        Step(
            JourneyStep.STATE_OF_PLAY,
            JourneyStep.STATE_OF_PLAY.label,
            [
                Substep(
                    _("Get familiar with the framework"),
                    known.framework_read,
                    "" if known.framework_read else _("reading its guidance and glossary"),
                    addresses.url("framework_glossary", evaluation.framework_version_id),
                    confirm_url=addresses.url("evaluation_framework_read", pk),
                ),
                _portrait(known, required, pk),
                Substep(
                    _("Stakeholder map"),
                    known.stakeholders > 0,
                    "" if known.stakeholders else _("at least one stakeholder"),
                    addresses.url("evaluation_stakeholders", pk),
                    "stakeholders",
                ),
                Substep(
                    _("Evaluative questions"),
                    known.main_questions > 0,
                    _("at least one question")
                    if not known.questions
                    else ""
                    if known.main_questions
                    else _("a main question"),
                    addresses.url("evaluation_questions", pk),
                    "questions",
                ),
                _plan(known, pk),
            ],
        ),
        Step(
            JourneyStep.DATA_COLLECTION,
            JourneyStep.DATA_COLLECTION.label,
            [
                _surveys(known, pk),
                _indicator_values(known, computed, pk),
                *_material(known, pk),
            ],
        ),
        Step(
            JourneyStep.ANALYSIS,
            JourneyStep.ANALYSIS.label,
            [_findings(known, pk), _improvement(known, pk), *_valorisation(known, pk)],
        ),
    ]


def _planned(known: Facts) -> bool:
    return known.questions > 0 and known.planned_questions == known.questions


def _preliminary(known: Facts, pk: int) -> Substep:
    missing = []
    if not (
        _filled(known.preliminary.get("motivations"))
        or _filled(known.preliminary.get("motivation_text"))
    ):
        missing.append(str(_("why you evaluate")))
    if not known.has_team:
        missing.append(str(_("the evaluation team")))
    return Substep(
        _("Why, who and with what means"),
        not missing,
        ", ".join(missing),
        addresses.url("evaluation_preliminary", pk),
        "preliminary",
    )


def _portrait(known: Facts, required: list[str], pk: int) -> Substep:
    missing = [code for code in required if not _filled(known.portrait.get(code))]
    # A grid without a required field still wants the portrait begun.
    begun = any(_filled(value) for value in known.portrait.values())
    if missing:
        missing_text = _counted(
            ngettext(
                "%(count)s required field to fill",
                "%(count)s required fields to fill",
                len(missing),
            ),
            len(missing),
        )
    else:
        missing_text = "" if begun else _("at least one field")
    return Substep(
        _("Portrait of the enterprise"),
        not missing_text,
        missing_text,
        addresses.url("evaluation_portrait", pk),
        "portrait",
    )


def _plan(known: Facts, pk: int) -> Substep:
    unplanned = known.questions - known.planned_questions
    if not known.questions:
        missing = _("an evaluative question first")
    else:
        missing = _counted(
            ngettext(
                "%(count)s question not planned yet",
                "%(count)s questions not planned yet",
                unplanned,
            ),
            unplanned,
        )
    return Substep(
        _("Collection plan"), not missing, missing, addresses.url("evaluation_plan", pk), "plan"
    )


def _surveys(known: Facts, pk: int) -> Substep:
    # Answers collected are the work done, whatever the plan says; a plan without a survey
    # needs none; a plan that names a survey needs its answers.
    if known.responses:
        missing = ""
    elif known.ready_surveys:
        missing = _("responses")
    elif known.plans_a_survey:
        missing = _("a survey with its questions and a wave")
    elif _planned(known):
        missing = ""
    else:
        missing = _("a collection plan first")
    return Substep(_("Surveys"), not missing, missing, addresses.url("survey_list", pk))


def _indicator_values(known: Facts, computed, pk: int) -> Substep:
    # Indicators computed from survey answers or a formula are not typed in.
    typed = [valued for code, valued in known.indicators if code not in computed]
    without_value = typed.count(False)
    if without_value:
        missing = _counted(
            ngettext(
                "%(count)s indicator without a value",
                "%(count)s indicators without a value",
                without_value,
            ),
            without_value,
        )
    elif typed or _planned(known):
        missing = ""
    else:
        missing = _("a collection plan first")
    return Substep(
        _("Indicator values"), not missing, missing, addresses.url("evaluation_indicators", pk)
    )


def _material(known: Facts, pk: int) -> list[Substep]:
    """A sub-step for each line of the plan that gathers words: its documents added and
    their passages coded, on pages only the team opens."""
    labels = dict(Method.choices)
    substeps = []
    for row, question, methods, documents, passages in known.material:
        if not documents:
            missing = _("a transcript or notes")
        elif not passages:
            missing = _("coded passages")
        else:
            missing = ""
        substeps.append(
            Substep(
                _("%(methods)s for “%(question)s”")
                % {
                    "methods": ", ".join(str(labels[code]) for code in methods),
                    "question": Truncator(question).chars(60),
                },
                not missing,
                missing,
                addresses.url("qualitative_material", pk) + f"?row={row}",
                summary=_counted(
                    ngettext("%(count)s document", "%(count)s documents", documents),
                    documents,
                ),
                team_only=True,
            )
        )
    return substeps


def _findings(known: Facts, pk: int) -> Substep:
    uninterpreted = known.questions - known.interpreted_questions
    if not known.questions:
        missing = _("an evaluative question first")
    else:
        missing = _counted(
            ngettext(
                "%(count)s question without an agreed interpretation",
                "%(count)s questions without an agreed interpretation",
                uninterpreted,
            ),
            uninterpreted,
        )
    return Substep(
        _("Findings and their interpretation"),
        not missing,
        missing,
        addresses.url("evaluation_questions", pk),
    )


def _improvement(known: Facts, pk: int) -> Substep:
    # A plan whose every action was dropped is no plan; an overdue action wants following up.
    if not known.actions.kept:
        missing = _("at least one action")
    else:
        missing = _counted(
            ngettext(
                "%(count)s overdue action", "%(count)s overdue actions", known.actions.overdue
            ),
            known.actions.overdue,
        )
    return Substep(
        _("Improvement plan"),
        not missing,
        missing,
        addresses.url("evaluation_improvement", pk),
        summary=known.actions.summary(),
    )


def _valorisation(known: Facts, pk: int) -> list[Substep]:
    """Step 3's second half: a report made for an audience, rendered as a document and as
    an infographic, and published. Each leads to the latest report once there is one."""
    reports = addresses.url("evaluation_reports", pk)
    latest = (
        addresses.url("evaluation_report_detail", pk, known.latest_report)
        if known.latest_report
        else reports
    )
    no_report = _("a report first")
    return [
        Substep(
            _("A report for one of your audiences"),
            known.reports > 0,
            "" if known.reports else _("a report made for an audience"),
            reports,
            summary=_counted(
                ngettext("%(count)s report", "%(count)s reports", known.reports), known.reports
            ),
        ),
        Substep(
            _("The report as a PDF or DOCX document"),
            known.rendered_reports > 0,
            "" if known.rendered_reports else no_report if not known.reports else _("a file"),
            f"{latest}#renditions" if known.reports else reports,
        ),
        Substep(
            _("Its one-page infographic"),
            known.infographics > 0,
            "" if known.infographics else no_report if not known.reports else _("an infographic"),
            f"{latest}#renditions" if known.reports else reports,
        ),
        Substep(
            _("The report published for its readers"),
            known.published_reports > 0,
            ""
            if known.published_reports
            else no_report
            if not known.reports
            else _("its publication"),
            f"{latest}#publication" if known.reports else reports,
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
    """Where each evaluation stands, in a number of queries that does not grow with them:
    the one definition of progress, current step and next action every page uses.

    The framework documents are read once per version, not once per evaluation.
    """
    evaluations = list(evaluations)
    known = facts([e.pk for e in evaluations])
    needs = framework_needs(evaluations)
    result = []
    for evaluation in evaluations:
        required, computed = needs[evaluation.framework_version_id]
        steps = journey(evaluation, known[evaluation.pk], required, computed)
        result.append(
            Overview(evaluation, steps, progress(steps), current_step(steps), next_action(steps))
        )
    return result


# What the journey asks of a published framework version: a published version never
# changes, so this is worked out once per process rather than on every page (a document is
# some 200 kB of JSON). Keyed by creation time too, so that a restored database or a
# reused number never reads another version's needs. Drafts are read each time.
_PUBLISHED_NEEDS: dict[tuple, tuple[list[str], set[str]]] = {}


def framework_needs(evaluations: list[Evaluation]) -> dict[int, tuple[list[str], set[str]]]:
    """For each framework version of the evaluations, its required portrait fields and
    computed indicators. The status of a version the evaluations hold already (as
    rules.evaluations_for gives them) is not read again."""
    version_ids = {e.framework_version_id for e in evaluations}
    held = {
        e.framework_version_id: e.framework_version
        for e in evaluations
        if Evaluation.framework_version.is_cached(e)
    }
    described = [(v.pk, v.status, v.created_at) for v in held.values()]
    versions = FrameworkVersion.objects.filter(pk__in=version_ids)
    if version_ids - held.keys():
        described += versions.exclude(pk__in=held).values_list("pk", "status", "created_at")
    keys = {
        pk: (pk, created_at)
        for pk, status, created_at in described
        if status == FrameworkVersion.Status.PUBLISHED
    }
    needs = {pk: _PUBLISHED_NEEDS[key] for pk, key in keys.items() if key in _PUBLISHED_NEEDS}
    if needs.keys() >= version_ids:  # all known: no document to read
        return needs
    for pk, document in versions.exclude(pk__in=needs).values_list("pk", "document"):
        needs[pk] = (required_portrait_fields(document), computed_codes(document))
        if pk in keys:
            _PUBLISHED_NEEDS[keys[pk]] = needs[pk]
    return needs


def standing(evaluation: Evaluation) -> Overview:
    """Where one evaluation stands: what every page showing its progress asks."""
    return overview([evaluation])[0]


def current_step(steps: list[Step]) -> JourneyStep:
    """The first step with work left; the last step once all are done."""
    return JourneyStep(
        next((step.number for step in steps if step.substeps and not step.done), steps[-1].number)
    )


def next_action(steps: list[Step]) -> Substep | None:
    """The first sub-step that can be worked on and is not done."""
    return next((s for step in steps for s in step.substeps if s.url and not s.done), None)


def progress(steps: list[Step]) -> int:
    """The share, in percent, of the available sub-steps that are done."""
    available = [s for step in steps for s in step.substeps if s.url]
    return int(rounded(100 * sum(s.done for s in available) / len(available))) if available else 0


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
