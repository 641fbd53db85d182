"""Coding passages of a document: a selection of characters (made with the mouse or the
keyboard) or a range of lines (without JavaScript) given one or more codes, changed and
removed, each change kept in the history."""

from django.db import transaction
from django.utils.translation import gettext as _

from vises.evaluations.models import Change

from .material import line_of
from .models import Document, Excerpt

PART = "excerpts"
SHOWN_CHARACTERS = 300


class Refused(ValueError):
    """The passage cannot be coded so; the message says why, in the user's language."""


def line_range(excerpt: Excerpt) -> tuple[int, int]:
    text = excerpt.document.text
    return line_of(text, excerpt.start), line_of(text, excerpt.end - 1)


def lines_label(first: int, last: int) -> str:
    if first == last:
        return _("line %(first)s") % {"first": first}
    return _("lines %(first)s–%(last)s") % {"first": first, "last": last}


def snapshot(excerpt: Excerpt) -> dict:
    text = excerpt.text
    return {
        "document": excerpt.document.title,
        "lines": lines_label(*line_range(excerpt)),
        "codes": sorted(code.name for code in excerpt.codes.all()),
        "passage": text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…",
        "memo": excerpt.memo,
    }


def from_lines(document: Document, first: int, last: int) -> tuple[int, int]:
    """The characters of lines `first` to `last` (from 1, both included); raises Refused."""
    lines = document.text.split("\n")
    if not (1 <= first <= last <= len(lines)):
        raise Refused(
            _("Give lines between 1 and %(count)s, the first not after the last.")
            % {"count": len(lines)}
        )
    start = sum(len(line) + 1 for line in lines[: first - 1])
    end = start + sum(len(line) + 1 for line in lines[first - 1 : last]) - 1
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the spaces and line breaks at its ends; raises Refused."""
    if not (0 <= start < end <= len(text)):
        raise Refused(_("Select a passage of the text first."))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise Refused(_("The selection holds no text: select words of the document."))
    return start, end


def _overlapping(document: Document, start: int, end: int, codes, exclude=None):
    """The first passage of `document` overlapping start–end that has one of `codes`."""
    found = (
        document.excerpts.filter(start__lt=end, end__gt=start, codes__in=codes)
        .exclude(pk=exclude)
        .prefetch_related("codes")
        .first()
    )
    return found


def _refuse_overlap(document, found: Excerpt, codes) -> Refused:
    shared = sorted({c.name for c in found.codes.all()} & {c.name for c in codes})
    found.document = document
    return Refused(
        _(
            "This passage overlaps %(lines)s, already coded “%(codes)s”: change that passage "
            "instead, or select text outside it."
        )
        % {"lines": lines_label(*line_range(found)), "codes": ", ".join(shared)}
    )


@transaction.atomic
def code(document: Document, user, *, start: int, end: int, codes, memo: str = "") -> Excerpt:
    """Give the characters start to end of `document` the `codes`: a new passage, or the
    same passage already coded given more codes; raises Refused."""
    codes = list(codes)
    if not codes:
        raise Refused(_("Choose at least one code for the passage."))
    start, end = _trimmed(document.text, start, end)
    same = document.excerpts.filter(start=start, end=end).first()
    if same is not None:
        before = snapshot(same)
        same.codes.add(*codes)
        if memo:
            same.memo = f"{same.memo}\n\n{memo}".strip()
            same.save(update_fields=["memo"])
        Change.record(document.evaluation_id, PART, before, snapshot(same), user)
        return same
    found = _overlapping(document, start, end, codes)
    if found is not None:
        raise _refuse_overlap(document, found, codes)
    excerpt = Excerpt.objects.create(
        document=document, start=start, end=end, memo=memo, created_by=user
    )
    excerpt.codes.set(codes)
    Change.record(document.evaluation_id, PART, None, snapshot(excerpt), user)
    return excerpt


@transaction.atomic
def change(excerpt: Excerpt, user, *, codes, memo: str) -> Excerpt:
    """Give a passage other codes or another memo; raises Refused."""
    codes = list(codes)
    if not codes:
        raise Refused(_("A passage keeps at least one code: remove the passage to uncode it."))
    found = _overlapping(excerpt.document, excerpt.start, excerpt.end, codes, exclude=excerpt.pk)
    if found is not None:
        raise _refuse_overlap(excerpt.document, found, codes)
    before = snapshot(excerpt)
    excerpt.memo = memo
    excerpt.save(update_fields=["memo"])
    excerpt.codes.set(codes)
    Change.record(excerpt.document.evaluation_id, PART, before, snapshot(excerpt), user)
    return excerpt


@transaction.atomic
def remove(excerpt: Excerpt, user) -> None:
    Change.record(excerpt.document.evaluation_id, PART, snapshot(excerpt), None, user)
    excerpt.delete()
