"""Where the evaluations of a network's enterprises stand: their step, how much is done
and when they last moved. Progress only, never content: a network reads an evaluation's
content only where its enterprise shares it."""

from dataclasses import dataclass
from datetime import datetime

from vises.evaluations import accompaniment, journey
from vises.evaluations.models import Evaluation, JourneyStep


@dataclass
class Progress:
    evaluation: Evaluation
    current_step: JourneyStep
    progress: int
    last_activity: datetime


def progress_of(evaluations) -> list[Progress]:
    """Each evaluation's step, progress and last activity, as the journey computes them,
    in a number of queries that does not grow with the evaluations."""
    overviews = journey.overview(accompaniment.with_last_activity(evaluations))
    return [
        Progress(o.evaluation, o.current_step, o.progress, o.evaluation.last_activity)
        for o in overviews
    ]
