"""The action-research figures, on plain rows: days between the steps' starts, sub-steps
left undone, methods chosen, and the accompaniment logged per step."""

import datetime
from dataclasses import dataclass

import pytest

from vises.analysis import research

D = datetime.date(2026, 1, 1)


def day(n: int) -> datetime.date:
    return D + datetime.timedelta(days=n)


def test_a_step_begins_on_the_first_change_of_any_of_its_parts():
    step_of_part = {"preliminary": 0, "portrait": 1, "plan": 1}
    changes = [
        (7, "plan", day(12)),
        (7, "portrait", day(10)),
        (7, "preliminary", day(0)),
        (7, "unknown", day(-5)),
        (8, "plan", day(3)),
    ]
    assert research.step_starts(changes, step_of_part) == {
        7: {0: day(0), 1: day(10)},
        8: {1: day(3)},
    }


def test_days_between_steps_need_both_steps_begun():
    started = {0: day(0), 1: day(10), 2: None}
    assert research.days_between(started, 0, 1) == 10
    assert research.days_between(started, 1, 2) is None
    assert research.days_between(started, 2, 3) is None


def test_transitions_give_the_median_shortest_and_longest_days_of_evaluations_that_began_both():
    started = [{0: day(0), 1: day(10)}, {0: day(0), 1: day(4)}, {0: day(0), 1: day(7)}, {0: day(1)}]
    first, second = research.transitions(started, [(0, 1), (1, 2)])
    assert (first.before, first.after, first.evaluations) == (0, 1, 3)
    assert (first.median_days, first.shortest, first.longest) == (7, 4, 10)
    assert (second.evaluations, second.median_days, second.shortest, second.longest) == (
        0,
        None,
        None,
        None,
    )


def test_substeps_left_undone_are_counted_in_the_journeys_order():
    left = [
        [(2, "Collect"), (1, "Plan")],
        [(1, "Portrait"), (1, "Plan")],
        [],
    ]
    assert [(u.step, u.title, u.evaluations) for u in research.unfinished(left)] == [
        (1, "Plan", 2),
        (1, "Portrait", 1),
        (2, "Collect", 1),
    ]


def test_an_evaluation_counts_once_per_question_and_method():
    rows = [
        (1, "social", "Q1", ["survey", "interview"]),
        (1, "social", "Q1", ["survey"]),  # the same evaluation again: counted once
        (2, "social", "Q1", ["survey", "made-up"]),
        (3, "social", None, ["survey"]),
        (4, "care", "Q1", ["interview"]),
    ]
    table = research.methods_chosen(rows, ["survey", "interview"], "own")
    assert table[("Q1", "social")] == {"survey": 2, "interview": 1}
    assert table[("own", "social")] == {"survey": 1}
    assert table[("Q1", "care")] == {"interview": 1}
    assert len(table) == 3


@dataclass
class Session:
    step: int
    minutes: int


@dataclass
class Feedback:
    step: int
    usefulness: int
    difficulty: int


def test_each_step_is_summarised_with_its_sessions_hours_and_mean_feedback():
    sessions = [Session(1, 90), Session(1, 30), Session(2, 45)]
    feedback = [Feedback(1, 4, 2), Feedback(1, 5, 3)]
    first, second, third = research.summarise([1, 2, 3], sessions, feedback)
    assert (first.step, first.session_count, first.hours) == (1, 2, 2.0)
    assert (first.feedback_count, first.mean_usefulness, first.mean_difficulty) == (2, 4.5, 2.5)
    assert (second.session_count, second.hours, second.feedback_count) == (1, 0.75, 0)
    assert second.mean_usefulness is None and second.mean_difficulty is None
    assert (third.session_count, third.hours) == (0, 0)
    assert research.total_minutes([90, 30, 45]) == 165


@pytest.mark.parametrize("minutes", [[], [0]])
def test_no_minutes_add_up_to_zero(minutes):
    assert research.total_minutes(minutes) == 0
