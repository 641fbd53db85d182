"""Saving the parts of an evaluation: never silently over someone else's change, and
always keeping what was there before."""

import hashlib
import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Change, Evaluation, Part

# Autosaves by one person to one part within this time make one change in the history, so
# that saving as one types does not bury the history under a change per pause.
EDITING_SESSION = timedelta(minutes=15)


class EditConflict(Exception):
    """Someone saved the part after the editor opened it."""

    def __init__(self, part: Part):
        self.part = part
        super().__init__(f"{part} changed to revision {part.revision}")


def get_part(evaluation: Evaluation, name: str) -> Part:
    """The part, empty at revision 0 if nothing was saved yet (it is not stored then)."""
    return evaluation.parts.filter(name=name).first() or Part(evaluation=evaluation, name=name)


@transaction.atomic
def save_part(
    evaluation: Evaluation,
    name: str,
    content: dict,
    user,
    revision: int,
    autosave=False,
    editor: str = "",
) -> Part:
    """Store new content for a part opened at `revision`, and record the change; an
    autosave extends the same person's change of the last minutes rather than adding one.

    Raises EditConflict if the part has moved on since; nothing is stored then.
    """
    part, _created = Part.objects.select_for_update().get_or_create(
        evaluation=evaluation, name=name
    )
    if part.revision != revision and not (editor and part.saved_from == editor):
        raise EditConflict(part)
    if part.content == content:
        return part
    _record(evaluation, name, part.content or None, content, user, autosave)
    part.content, part.revision, part.updated_by = content, part.revision + 1, user
    part.saved_from = editor
    part.save()
    evaluation.save(update_fields=["updated_at"])
    return part


def _record(evaluation, name, before, after, user, autosave) -> None:
    now = timezone.now()
    latest = evaluation.changes.first() if autosave else None
    if (
        latest
        and latest.part == name
        and latest.user_id == user.pk
        and now - latest.at < EDITING_SESSION
    ):
        latest.after, latest.at = after, now
        latest.save(update_fields=["after", "at"])
    else:
        Change.record(evaluation.pk, name, before, after, user)


# Records edited one at a time (a stakeholder, a plan row...) have no revision: their form
# carries a fingerprint of the record as it was shown instead.


def fingerprint(snapshot: dict) -> str:
    text = json.dumps(snapshot, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def changed_since_opened(seen: str, snapshot: dict) -> bool:
    """Whether the record is no longer what the form showed (a form without a
    fingerprint, from a script, is taken at its word)."""
    return bool(seen) and seen != fingerprint(snapshot)


def saved_as(evaluation: Evaluation, part: str, snapshot: dict) -> Change | None:
    """The latest recorded change that left a record as it is now: who and when."""
    recent = evaluation.changes.filter(part=part).select_related("user")[:100]
    return next((change for change in recent if change.after == snapshot), None)
