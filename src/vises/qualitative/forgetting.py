"""Forgetting a real name of the pseudonymisation list for good (its person's account was
erased): the name is replaced by its pseudonym in everything the evaluation stores — its
quotes, its documents (text, title, memo, interviewer), its passages' memos and its
history — then the pair goes. What leaves the team reads exactly as before, and the real
name is stored nowhere any more.

Passages are kept on the same words: their places in a document's text move with it.
"""

from collections.abc import Callable

from django.db import transaction

from vises.evaluations.models import Change

from . import pseudonyms
from .models import Document, Excerpt, Pseudonym


def replace_keeping_places(
    text: str, real_name: str, pseudonym: str
) -> tuple[str, Callable[[int, bool], int]]:
    """`text` with `real_name` (a whole word, whatever its case) replaced by `pseudonym`,
    and a function giving the new place of an old one: a passage's start (`is_end`
    False) or end (True). A place inside the name widens to the whole pseudonym."""
    pattern = pseudonyms._pattern(real_name)
    matches = [(match.start(), match.end()) for match in pattern.finditer(text)]

    def place(offset: int, is_end: bool) -> int:
        shift = 0
        for start, end in matches:
            if offset >= end:
                shift += len(pseudonym) - (end - start)
            elif offset > start:
                return start + shift + (len(pseudonym) if is_end else 0)
            else:
                break
        return offset + shift

    return pattern.sub(lambda _match: pseudonym, text), place


def _replaced(value, listed):
    """A stored JSON value with the name replaced in every string it holds."""
    if isinstance(value, str):
        return pseudonyms.apply(value, listed)
    if isinstance(value, list):
        return [_replaced(item, listed) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, listed) for key, item in value.items()}
    return value


@transaction.atomic
def forget(pair: Pseudonym, user) -> None:
    """Replace the pair's real name by its pseudonym in the evaluation's stored material,
    then remove the pair, as the history records."""
    from vises.interpretation.models import Quote

    evaluation_id = pair.evaluation_id
    listed = [(pair.real_name, pair.pseudonym)]
    for quote in Quote.objects.filter(question__evaluation_id=evaluation_id):
        text = pseudonyms.apply(quote.text, listed)
        if text != quote.text:
            Quote.objects.filter(pk=quote.pk).update(text=text)
    for document in Document.objects.filter(evaluation_id=evaluation_id):
        text, place = replace_keeping_places(document.text, pair.real_name, pair.pseudonym)
        fields = {
            "text": text,
            **{
                field: pseudonyms.apply(getattr(document, field), listed)
                for field in ("title", "memo", "interviewer")
            },
        }
        if any(getattr(document, field) != value for field, value in fields.items()):
            Document.objects.filter(pk=document.pk).update(**fields)
        for excerpt in document.excerpts.all():
            Excerpt.objects.filter(pk=excerpt.pk).update(
                start=place(excerpt.start, False),
                end=place(excerpt.end, True),
                memo=pseudonyms.apply(excerpt.memo, listed),
            )
    for change in Change.objects.filter(evaluation_id=evaluation_id):
        before, after = _replaced(change.before, listed), _replaced(change.after, listed)
        if (before, after) != (change.before, change.after):
            Change.objects.filter(pk=change.pk).update(before=before, after=after)
    pseudonyms.remove(pair, user)


def forget_person(full_name: str, evaluation_ids) -> int:
    """Forget, in these evaluations, the pairs whose real name is this person's full name
    (whatever its case). Returns how many pairs went."""
    name = full_name.strip()
    if not name:
        return 0
    pairs = Pseudonym.objects.filter(evaluation_id__in=evaluation_ids, real_name__iexact=name)
    forgotten = 0
    for pair in pairs:
        forget(pair, None)
        forgotten += 1
    return forgotten
