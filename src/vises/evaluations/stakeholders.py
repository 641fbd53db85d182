"""The stakeholder map: changes kept in the history, and the importance-by-influence chart."""

from collections import defaultdict

from django.db import transaction
from django.forms.models import model_to_dict

from .models import Change, Stakeholder

FIELDS = ["type_code", "name", "importance", "influence", "involvement", "how_to_reach"]


def snapshot(stakeholder: Stakeholder) -> dict:
    return model_to_dict(stakeholder, fields=FIELDS)


@transaction.atomic
def save(stakeholder: Stakeholder, user, before: dict | None = None) -> Stakeholder:
    """Store a new or changed stakeholder and record the change."""
    stakeholder.save()
    Change.record(stakeholder.evaluation_id, "stakeholders", before, snapshot(stakeholder), user)
    return stakeholder


@transaction.atomic
def remove(stakeholder: Stakeholder, user) -> None:
    Change.record(stakeholder.evaluation_id, "stakeholders", snapshot(stakeholder), None, user)
    stakeholder.delete()


CELL = 60  # pixels per step of the 1-5 scales
MARGIN = 50


def chart_points(stakeholders) -> list[dict]:
    """Where each stakeholder sits on an importance (x) by influence (y) grid, numbered
    as in the table; stakeholders sharing a cell are spread around its centre."""
    cells = defaultdict(list)
    for number, stakeholder in enumerate(stakeholders, start=1):
        cells[(stakeholder.importance, stakeholder.influence)].append((number, stakeholder))
    points = []
    for (importance, influence), members in cells.items():
        for index, (number, stakeholder) in enumerate(members):
            offset = (index - (len(members) - 1) / 2) * 18
            points.append(
                {
                    "number": number,
                    "name": stakeholder.name,
                    "x": MARGIN + (importance - 0.5) * CELL + offset,
                    "y": MARGIN + (5.5 - influence) * CELL,
                }
            )
    return points
