"""The progress board's rules: when a milestone is late, which one comes next, when an
enterprise has stalled, and which programme and evaluation the board follows.

Plain functions over plain objects, no database: a step has `number` and `done`, a
milestone `step` and `due_on`, a programme `starts_on` and `ends_on`, an evaluation
`period_start` and `period_end`. `networks/board.py` loads them.
"""

from collections import Counter
from datetime import date

# How long without activity makes an enterprise outside any programme stalled; a programme
# sets its own.
STALLED_AFTER_DAYS = 30


def reached(steps, step: int) -> bool:
    """Whether an evaluation has done `step` and every step before it."""
    return all(s.done for s in steps if s.number <= step)


def late_milestones(milestones: list, steps: list | None, today: date) -> list:
    """The milestones whose date has passed while their step is not reached (every one
    passed, for an enterprise without an evaluation)."""
    return [
        m for m in milestones if m.due_on < today and (steps is None or not reached(steps, m.step))
    ]


def due_soon(milestones: list, steps: list | None, today: date, last_day: date) -> list:
    """The milestones due from today to `last_day` whose step is not reached yet."""
    return [
        m
        for m in milestones
        if today <= m.due_on <= last_day and (steps is None or not reached(steps, m.step))
    ]


def next_milestone(milestones: list, steps: list | None, today: date):
    """The earliest milestone still to come whose step is not reached yet."""
    coming = [
        m for m in milestones if m.due_on >= today and (steps is None or not reached(steps, m.step))
    ]
    return min(coming, key=lambda m: (m.due_on, m.step), default=None)


def is_stalled(last_activity: date | None, since: date, today: date, days: int) -> bool:
    """No activity for `days` days: counted from the last activity, or from `since` (the
    programme's start or the admission) when nothing was ever done."""
    return (today - (last_activity or since)).days >= days


def finished(steps: list | None) -> bool:
    """Whether every step of an evaluation is done (False without an evaluation)."""
    return bool(steps) and all(step.done for step in steps)


def stalled(
    steps: list | None, last_activity: date | None, since: date, today: date, days: int
) -> bool:
    """Whether the board shows an enterprise as stalled: a finished evaluation or a
    programme yet to start is not."""
    return not finished(steps) and since <= today and is_stalled(last_activity, since, today, days)


def programme_of(programmes: list, today: date):
    """The enterprise's programme shown when none is chosen: the one running today, else
    the one that began last."""
    running = [p for p in programmes if p.starts_on <= today <= p.ends_on]
    return max(running or programmes, key=lambda p: p.starts_on, default=None)


def evaluation_for(evaluations: list, programme):
    """The evaluation a programme follows, given the enterprise's evaluations latest first:
    the latest whose period meets the programme's, else the latest of the enterprise."""
    if programme:
        during = [
            e
            for e in evaluations
            if e.period_start <= programme.ends_on and e.period_end >= programme.starts_on
        ]
        if during:
            return during[0]
    return evaluations[0] if evaluations else None


def stage_counts(stages: list[str], codes: list[str]) -> dict[str, int]:
    """How many rows stand at each stage, every stage of `codes` named, in their order."""
    counted = Counter(stages)
    return {code: counted[code] for code in codes}
