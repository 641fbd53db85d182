"""The action-research figures of a network: when each step of the journey began, the
days between steps, the sub-steps left undone, the methods plans chose; and the
accompaniment logged per step (sessions, hours, the team's feedback).

Plain functions over plain rows, no database: `evaluations/research.py` and
`evaluations/accompaniment.py` load the rows and name the steps.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import mean, median


@dataclass
class Transition:
    before: int
    after: int
    evaluations: int
    median_days: float | None
    shortest: int | None
    longest: int | None


@dataclass
class Unfinished:
    step: int
    title: str
    evaluations: int


@dataclass
class StepSummary:
    step: int
    feedback_count: int
    mean_usefulness: float | None
    mean_difficulty: float | None
    session_count: int
    hours: float


def days_between(started: dict[int, date | None], before: int, after: int) -> int | None:
    """Days from the start of step `before` to the start of step `after`, or None when
    either has not begun."""
    if started.get(before) is None or started.get(after) is None:
        return None
    return (started[after] - started[before]).days


def step_starts(changes, step_of_part: dict[str, int]) -> dict[int, dict[int, date]]:
    """For each evaluation, the day each step began: its parts' first change, given the
    (evaluation, part, day of its first change) of each part changed and the step of each
    part (parts of no step are left out)."""
    starts: dict[int, dict[int, date]] = {}
    for evaluation_id, part, day in changes:
        step = step_of_part.get(part)
        if step is None:
            continue
        known = starts.setdefault(evaluation_id, {})
        if step not in known or day < known[step]:
            known[step] = day
    return starts


def transitions(
    started: list[dict[int, date | None]], pairs: list[tuple[int, int]]
) -> list[Transition]:
    """Per pair of successive steps: how many evaluations began both, and the median,
    shortest and longest number of days between their starts."""
    result = []
    for before, after in pairs:
        days = [
            d for d in (days_between(starts, before, after) for starts in started) if d is not None
        ]
        result.append(
            Transition(
                before,
                after,
                len(days),
                median(days) if days else None,
                min(days) if days else None,
                max(days) if days else None,
            )
        )
    return result


def unfinished(left_undone: list[list[tuple[int, str]]]) -> list[Unfinished]:
    """Each sub-step left undone somewhere, given the (step, title) of those each
    evaluation left undone: in the journey's order (by step, then as first met), with
    how many evaluations left it undone."""
    counts = Counter(left for left_by_one in left_undone for left in left_by_one)
    order: dict[tuple[int, str], int] = {}
    for left_by_one in left_undone:
        for left in left_by_one:
            order.setdefault(left, len(order))
    return [
        Unfinished(step, title, counts[step, title])
        for step, title in sorted(order, key=lambda left: (left[0], order[left]))
    ]


def methods_chosen(plan_rows, methods: list[str], own: str) -> dict[tuple[str, str], Counter]:
    """Per (question, group): how many evaluations chose each method, given the
    (evaluation, group, question code or None, methods) of each row of their plans. An
    evaluation counts once per question and method however many rows choose it; a
    question the team wrote (no code) is counted under `own`; unknown methods are left
    out."""
    chosen = {
        (evaluation, group, code or own, method)
        for evaluation, group, code, chosen_methods in plan_rows
        for method in chosen_methods
        if method in methods
    }
    table: dict[tuple[str, str], Counter] = {}
    for _evaluation, group, code, method in chosen:
        table.setdefault((code, group), Counter())[method] += 1
    return table


def total_minutes(minutes) -> int:
    """The minutes of the sessions given, added up."""
    return sum(minutes)


def summarise(steps, sessions, feedback) -> list[StepSummary]:
    """Per step: how many feedbacks and their mean usefulness and difficulty, how many
    sessions and how many hours. Sessions have `step` and `minutes`; feedbacks `step`,
    `usefulness` and `difficulty`."""
    summaries = []
    for step in steps:
        given = [row for row in feedback if row.step == step]
        logged = [row for row in sessions if row.step == step]
        summaries.append(
            StepSummary(
                step=step,
                feedback_count=len(given),
                mean_usefulness=mean(r.usefulness for r in given) if given else None,
                mean_difficulty=mean(r.difficulty for r in given) if given else None,
                session_count=len(logged),
                hours=total_minutes(r.minutes for r in logged) / 60,
            )
        )
    return summaries
