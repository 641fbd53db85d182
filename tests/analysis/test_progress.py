"""The progress board's rules, on plain objects: a milestone is late once its date has
passed and its step is not reached; an enterprise stalls after a programme's number of
days without activity; the board follows the programme running today."""

import datetime
from dataclasses import dataclass

from vises.analysis import progress

TODAY = datetime.date(2026, 6, 15)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@dataclass
class Step:
    number: int
    done: bool


@dataclass
class Milestone:
    step: int
    due_on: datetime.date


@dataclass
class Period:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass
class Evaluation:
    name: str
    period_start: datetime.date
    period_end: datetime.date


STEPS = [Step(0, True), Step(1, False), Step(2, False), Step(3, False)]


def test_late_when_a_milestone_passed_and_its_step_is_not_done():
    passed = [Milestone(0, days(-20)), Milestone(1, days(-1))]
    coming = Milestone(2, days(3))

    assert progress.late_milestones(passed + [coming], STEPS, TODAY) == [passed[1]]
    assert progress.late_milestones(passed, None, TODAY) == passed
    assert progress.next_milestone(passed + [coming], STEPS, TODAY) == coming
    # A milestone due today is not late yet.
    assert progress.late_milestones([Milestone(1, TODAY)], STEPS, TODAY) == []


def test_a_step_is_reached_only_when_it_and_every_step_before_are_done():
    steps = [Step(0, False), Step(1, True)]
    assert not progress.reached(steps, 1)
    assert progress.reached(STEPS, 0)
    # The next milestone skips those whose step is reached, earliest first.
    coming = [Milestone(2, days(9)), Milestone(0, days(1)), Milestone(3, days(9))]
    assert progress.next_milestone(coming, STEPS, TODAY) == coming[0]
    assert progress.next_milestone([Milestone(0, days(1))], STEPS, TODAY) is None


def test_milestones_due_soon_are_those_of_the_coming_days_not_reached():
    milestones = [Milestone(0, days(2)), Milestone(1, days(2)), Milestone(2, days(8))]
    assert progress.due_soon(milestones, STEPS, TODAY, days(7)) == [milestones[1]]
    assert progress.due_soon(milestones, None, TODAY, days(8)) == milestones


def test_stalled_after_the_programmes_number_of_days_without_activity():
    assert progress.is_stalled(days(-30), days(-100), TODAY, 30)
    assert not progress.is_stalled(days(-29), days(-100), TODAY, 30)
    # Nothing ever done: counted from the programme's start or the admission.
    assert progress.is_stalled(None, days(-8), TODAY, 7)
    assert not progress.is_stalled(None, days(-6), TODAY, 7)


def test_a_finished_evaluation_or_a_programme_yet_to_start_is_not_stalled():
    assert progress.stalled(STEPS, None, days(-40), TODAY, 30)
    done = [Step(n, True) for n in range(4)]
    assert progress.finished(done) and not progress.finished(None)
    assert not progress.stalled(done, None, days(-40), TODAY, 30)
    assert not progress.stalled(None, None, days(1), TODAY, 0)
    assert progress.stalled(None, None, days(-1), TODAY, 1)


def test_the_programme_shown_is_the_one_running_today_else_the_latest_begun():
    old = Period("old", days(-400), days(-200))
    running = Period("running", days(-100), days(100))
    later = Period("later", days(10), days(300))
    assert progress.programme_of([old, running, later], TODAY) == running
    assert progress.programme_of([old, later], TODAY) == later
    assert progress.programme_of([], TODAY) is None


def test_the_evaluation_followed_is_the_latest_meeting_the_programme():
    programme = Period("p", days(-100), days(100))
    latest = Evaluation("latest", days(200), days(500))
    during = Evaluation("during", days(-300), days(-50))
    older = Evaluation("older", days(-600), days(-400))
    assert progress.evaluation_for([latest, during, older], programme) == during
    assert progress.evaluation_for([latest, older], programme) == latest
    assert progress.evaluation_for([latest, during], None) == latest
    assert progress.evaluation_for([], programme) is None


def test_stages_are_counted_with_every_stage_named_in_order():
    counts = progress.stage_counts(["1", "none", "1"], ["none", "0", "1", "done"])
    assert list(counts.items()) == [("none", 1), ("0", 0), ("1", 2), ("done", 0)]
