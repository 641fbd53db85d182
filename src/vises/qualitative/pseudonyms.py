"""The evaluation's pseudonymisation list: real names replaced by pseudonyms in every quote
that leaves the team (findings read by coaches, interpretation rounds, reports, exports),
and the quotes whose stored text still names someone, for the team to correct."""

import re

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
    for real_name, pseudonym in listed:
        text = _pattern(real_name).sub(pseudonym, text)
    return text


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
