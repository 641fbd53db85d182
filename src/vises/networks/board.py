"""The progress board: every enterprise a person follows in a network, where its evaluation
stands on the journey, its programme's next milestone, and whether it is late or stalled.

Progress comes from the journey (`evaluations.journey.overview`), the one definition every
page uses; the board adds the programme's dates to it. Progress only, never content.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook

from vises.accounts.models import CoachAssignment, Enterprise, Network
from vises.analysis import progress
from vises.evaluations import accompaniment, journey
from vises.evaluations.models import Evaluation, JourneyStep
from vises.reports import charts
from vises.spreadsheets import add_sheet

from .models import Milestone, Programme, ProgrammeEnterprise


@dataclass
class Row:
    enterprise: Enterprise
    coaches: list
    programme: Programme | None
    overview: journey.Overview | None
    last_activity: datetime | None
    next_milestone: Milestone | None
    late: list[Milestone] = field(default_factory=list)
    stalled: bool = False

    @property
    def step_substeps(self) -> tuple[int, int]:
        """Sub-steps done and available in the current step."""
        step = next(s for s in self.overview.steps if s.number == self.overview.current_step)
        available = [s for s in step.substeps if s.url]
        return sum(s.done for s in available), len(available)

    @property
    def finished(self) -> bool:
        return progress.finished(self.overview.steps if self.overview else None)

    @property
    def stage(self) -> str:
        """The chart's category: not started, the current step, or every step done."""
        if self.overview is None:
            return "none"
        return "done" if self.finished else str(int(self.overview.current_step))


def rows(
    network: Network, enterprises, evaluations, programme: Programme | None = None, today=None
) -> list[Row]:
    """The board's rows for `enterprises`, with the progress of their `evaluations` (both
    already limited to what the reader follows), in the programme given or, without one,
    each in its current programme; in a number of queries that does not grow with the
    enterprises."""
    today = today or timezone.localdate()
    admissions = ProgrammeEnterprise.objects.filter(programme__network=network).select_related(
        "programme"
    )
    if programme:
        admissions = admissions.filter(programme=programme)
    enterprises = list(
        enterprises.order_by("name").prefetch_related(
            Prefetch("programmeenterprise_set", queryset=admissions, to_attr="network_admissions"),
            Prefetch(
                "coach_assignments",
                queryset=CoachAssignment.objects.select_related("coach").order_by("coach"),
            ),
        )
    )
    chosen = {
        e.pk: programme or progress.programme_of([a.programme for a in e.network_admissions], today)
        for e in enterprises
    }
    milestones: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(programme__in={p.pk for p in chosen.values() if p}):
        milestones.setdefault(milestone.programme_id, []).append(milestone)

    per_enterprise: dict[int, list[Evaluation]] = {}
    for evaluation in evaluations.filter(enterprise__in=[e.pk for e in enterprises]).order_by(
        "-period_start", "-created_at", "-pk"
    ):
        per_enterprise.setdefault(evaluation.enterprise_id, []).append(evaluation)
    followed = {
        e.pk: progress.evaluation_for(per_enterprise.get(e.pk, []), chosen[e.pk])
        for e in enterprises
    }
    picked = [evaluation.pk for evaluation in followed.values() if evaluation]
    overviews = {
        o.evaluation.enterprise_id: o
        for o in journey.overview(
            accompaniment.with_last_activity(Evaluation.objects.filter(pk__in=picked))
            .select_related("enterprise", "framework_version")
            .order_by("pk")
        )
    }

    result = []
    for enterprise in enterprises:
        chosen_programme = chosen[enterprise.pk]
        overview = overviews.get(enterprise.pk)
        steps = overview.steps if overview else None
        dated = milestones.get(chosen_programme.pk, []) if chosen_programme else []
        last_activity = overview.evaluation.last_activity if overview else None
        if chosen_programme:
            since = max(chosen_programme.starts_on, _admitted_on(enterprise, chosen_programme))
            days = chosen_programme.stalled_after_days
        else:
            since, days = timezone.localdate(enterprise.created_at), progress.STALLED_AFTER_DAYS
        last_day = timezone.localdate(last_activity) if last_activity else None
        result.append(
            Row(
                enterprise=enterprise,
                coaches=[a.coach for a in enterprise.coach_assignments.all()],
                programme=chosen_programme,
                overview=overview,
                last_activity=last_activity,
                next_milestone=progress.next_milestone(dated, steps, today),
                late=progress.late_milestones(dated, steps, today),
                stalled=progress.stalled(steps, last_day, since, today, days),
            )
        )
    return result


def _admitted_on(enterprise, programme) -> date:
    admission = next(a for a in enterprise.network_admissions if a.programme_id == programme.pk)
    return timezone.localdate(admission.admitted_at)


def filtered(enterprises, filters: dict):
    """`enterprises` narrowed by the board's filters (empty ones ignored)."""
    narrowed = Q()
    for name in ("group", "country", "region"):
        if filters.get(name):
            narrowed &= Q(**{name: filters[name]})
    if filters.get("coach"):
        narrowed &= Q(coach_assignments__coach=filters["coach"])
    if filters.get("programme"):
        narrowed &= Q(programmes=filters["programme"])
    return enterprises.filter(narrowed).distinct()


def late_or_stalled(board: list[Row], status: str) -> list[Row]:
    if status == "late":
        return [row for row in board if row.late]
    if status == "stalled":
        return [row for row in board if row.stalled]
    return board


STAGES = [("none", gettext_lazy("Not started"))] + [
    (str(step.value), step.label) for step in JourneyStep
]
STAGES.append(("done", gettext_lazy("Every step done")))


def chart(board: list[Row]) -> charts.Chart:
    """How many enterprises stand at each step, as a bar chart."""
    counts = progress.stage_counts([row.stage for row in board], [code for code, _l in STAGES])
    labels = [str(label) for _code, label in STAGES]
    return charts.Chart(
        kind="bars",
        title=_("Enterprises at each step"),
        categories=tuple(labels),
        series=(charts.Series(_("Enterprises"), tuple(counts.values())),),
        language=get_language() or "en",
        value_axis=_("Enterprises"),
        description="; ".join(
            f"{label}: {counts[code]}" for (code, _label), label in zip(STAGES, labels, strict=True)
        ),
    )


def as_xlsx(board: list[Row]) -> bytes:
    """The board as a workbook: one row per enterprise, dates as dates."""
    header = [
        _("Enterprise"),
        _("Enterprise group"),
        _("Country"),
        _("Region"),
        _("Coaches"),
        _("Programme"),
        _("Evaluation"),
        _("Current step"),
        _("Sub-steps done in this step"),
        _("Progress (%)"),
        _("Last activity"),
        _("Next milestone"),
        _("Due on"),
        _("Late"),
        _("Stalled"),
    ]
    lines = [header]
    for row in board:
        overview = row.overview
        done, available = row.step_substeps if overview else (None, None)
        lines.append(
            [
                row.enterprise.name,
                str(row.enterprise.group_label),
                str(row.enterprise.country_label),
                str(row.enterprise.region_label),
                ", ".join(str(coach) for coach in row.coaches),
                row.programme.name if row.programme else "",
                overview.evaluation.title if overview else "",
                str(overview.current_step.label) if overview else _("Not started"),
                f"{done}/{available}" if overview else "",
                overview.progress if overview else 0,
                timezone.localtime(row.last_activity).replace(tzinfo=None)
                if row.last_activity
                else None,
                str(row.next_milestone.get_step_display()) if row.next_milestone else "",
                row.next_milestone.due_on if row.next_milestone else None,
                _("Yes") if row.late else _("No"),
                _("Yes") if row.stalled else _("No"),
            ]
        )
    workbook = Workbook(write_only=True)
    add_sheet(workbook, _("Progress"), lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
