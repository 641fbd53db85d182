"""Changing an evaluation's title, period and retention date, kept in its history."""

from django.db import transaction

from .models import Change, Evaluation

FIELDS = ["title", "period_start", "period_end", "retention_until"]


def _snapshot(evaluation: Evaluation) -> dict:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name in FIELDS
        if (value := getattr(evaluation, name)) is not None
    }


@transaction.atomic
def save_settings(evaluation: Evaluation, user) -> None:
    """Save the settings `evaluation` now carries (a settings form's instance). A new
    retention date is warned about, and enforced, afresh."""
    stored = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    moved = evaluation.retention_until != stored.retention_until
    if moved:
        evaluation.retention_warned_on = evaluation.retention_enforced_on = None
    evaluation.save(update_fields=[*FIELDS, "retention_warned_on", "retention_enforced_on"])
    Change.record(evaluation.pk, "settings", _snapshot(stored), _snapshot(evaluation), user)
