"""The evaluation's pseudonymisation list: real names replaced by pseudonyms in every quote
that leaves the team (findings read by coaches, interpretation rounds, reports, exports),
and the quotes whose stored text still names someone, for the team to correct."""

import bisect
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vises.evaluations.models import Change

from .models import Pseudonym

PART = "pseudonyms"


class Refused(ValueError):
    """The pair cannot be listed; the message says why, in the user's language."""


def pairs(evaluation) -> list[tuple[str, str]]:
    """(real name, pseudonym) of the evaluation, the longest names first, so that "Awa
    Diallo" is replaced before "Awa"."""
    listed = Pseudonym.objects.filter(evaluation=evaluation).values_list("real_name", "pseudonym")
    return sorted(listed, key=lambda pair: -len(pair[0]))


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def apply(text: str, listed: list[tuple[str, str]]) -> str:
    """`text` with each real name of `listed`, as a whole word whatever its case,
    replaced by its pseudonym."""
    return replaced(text, listed)[0]


def replaced(text: str, listed: list[tuple[str, str]]) -> tuple[str, Callable[[int, bool], int]]:
    """`text` with the real names of `listed` replaced, and a function that moves a
    position of `text` (the start of a passage, or its end if told so) to the same place
    of the new text: a passage that begins or ends within a name takes the whole pseudonym.
    The names are looked for in one pass, the longest first."""
    if not listed or not text:
        return text, lambda position, end=False: position
    listed = sorted(listed, key=lambda pair: -len(pair[0]))
    names = "|".join(re.escape(real_name) for real_name, _pseudonym in listed)
    pattern = re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)
    pieces, spans, kept, shift = [], [], 0, 0
    for found in pattern.finditer(text):
        name = found.group()
        pseudonym = next(p for real, p in listed if _pattern(real).fullmatch(name))
        pieces += [text[kept : found.start()], pseudonym]
        kept = found.end()
        new_start = found.start() + shift
        shift += len(pseudonym) - len(name)
        # Where the name was, where its pseudonym is, and the shift of what follows.
        spans.append((found.start(), found.end(), new_start, new_start + len(pseudonym), shift))
    pieces.append(text[kept:])
    starts = [span[0] for span in spans]

    def moved(position: int, end: bool = False) -> int:
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return position
        start, stop, new_start, new_stop, after = spans[index]
        if position >= stop:
            return position + after
        if position == start:
            return new_start
        # Within the name: the whole pseudonym goes with the passage.
        return new_stop if end else new_start

    return "".join(pieces), moved


def names_in(text: str, listed: list[tuple[str, str]]) -> list[str]:
    """The real names of `listed` that `text` holds."""
    return [real_name for real_name, _pseudonym in listed if _pattern(real_name).search(text)]


def quotes_naming(evaluation) -> list[tuple[object, list[str]]]:
    """The evaluation's quotes whose text holds a listed real name, with those names."""
    from vises.interpretation.models import Quote

    listed = pairs(evaluation)
    if not listed:
        return []
    found = []
    for quote in Quote.objects.filter(question__evaluation=evaluation).select_related("question"):
        names = names_in(quote.text, listed)
        if names:
            found.append((quote, names))
    return found


def add(evaluation, user, *, real_name: str, pseudonym: str) -> Pseudonym:
    real_name, pseudonym = real_name.strip(), pseudonym.strip()
    if not real_name or not pseudonym:
        raise Refused(_("Give the real name and its pseudonym."))
    if _pattern(real_name).search(pseudonym):
        raise Refused(_("The pseudonym must not hold the real name."))
    already = _("“%(name)s” is already on the list.") % {"name": real_name}
    if evaluation.pseudonyms.filter(real_name__iexact=real_name).exists():
        raise Refused(already)
    try:
        with transaction.atomic():
            pair = Pseudonym.objects.create(
                evaluation=evaluation, real_name=real_name, pseudonym=pseudonym
            )
            Change.record(evaluation.pk, PART, None, {"pseudonym": pseudonym}, user)
    except IntegrityError:
        raise Refused(_("“%(name)s” is already on the list.") % {"name": real_name}) from None
    return pair


@transaction.atomic
def remove(pair: Pseudonym, user) -> None:
    Change.record(pair.evaluation_id, PART, {"pseudonym": pair.pseudonym}, None, user)
    pair.delete()


def pseudonymised(quotes, evaluation) -> list:
    """The quotes, their texts (in memory, not stored) with the real names replaced."""
    quotes = list(quotes)
    listed = pairs(evaluation)
    if listed:
        for quote in quotes:
            quote.text = apply(quote.text, listed)
    return quotes
