"""Saving the parts of an evaluation: never silently over someone else's change, and
always keeping what was there before."""

from django.db import transaction

from .models import Change, Evaluation, Part


class EditConflict(Exception):
    """Someone saved the part after the editor opened it."""

    def __init__(self, part: Part):
        self.part = part
        super().__init__(f"{part} changed to revision {part.revision}")


def get_part(evaluation: Evaluation, name: str) -> Part:
    """The part, empty at revision 0 if nothing was saved yet (it is not stored then)."""
    return evaluation.parts.filter(name=name).first() or Part(evaluation=evaluation, name=name)


@transaction.atomic
def save_part(evaluation: Evaluation, name: str, content: dict, user, revision: int) -> Part:
    """Store new content for a part opened at `revision`, and record the change.

    Raises EditConflict if the part has moved on since; nothing is stored then.
    """
    part, _created = Part.objects.select_for_update().get_or_create(
        evaluation=evaluation, name=name
    )
    if part.revision != revision:
        raise EditConflict(part)
    if part.content == content:
        return part
    Change.objects.create(
        evaluation=evaluation, part=name, before=part.content or None, after=content, user=user
    )
    part.content, part.revision, part.updated_by = content, part.revision + 1, user
    part.save()
    evaluation.save(update_fields=["updated_at"])
    return part
