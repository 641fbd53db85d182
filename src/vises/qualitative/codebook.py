"""The team's codebook: a tree of codes begun from the framework's themes and the
evaluation's questions, grown with the team's own, renamed, moved and merged without a
coded passage lost. Every change is kept in the history."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from vises.evaluations.models import Change
from vises.multilingual import pick

from .models import Code, Excerpt

PART = "codebook"
NAME_LENGTH = Code._meta.get_field("name").max_length


class Refused(ValueError):
    """The codebook cannot change so; the message says why, in the user's language."""


def snapshot(code: Code) -> dict:
    return {
        "name": code.name,
        "parent": code.parent.name if code.parent_id else None,
        "description": code.description,
        "colour": code.colour,
        "memo": code.memo,
    }


def _shortened(text: str) -> str:
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1].rstrip() + "…"


@transaction.atomic
def seed(evaluation, user) -> int:
    """Add to the codebook the framework's dimensions with their themes, and the
    evaluation's questions, each named in the user's language, unless it holds them
    already; the number of codes added."""
    document = evaluation.framework_version.document
    colours = [c for c, _label in Code.Colour.choices]
    have_themes = set(evaluation.codes.exclude(theme_code="").values_list("theme_code", flat=True))
    have_questions = set(
        evaluation.codes.filter(question__isnull=False).values_list("question", flat=True)
    )
    added = []
    for position, dimension in enumerate(document["schema"]["dimensions"]):
        colour = colours[position % len(colours)]
        missing = [t for t in dimension["themes"] if t["code"] not in have_themes]
        if not missing:
            continue
        name = _shortened(pick(dimension["name"]).text)
        parent = evaluation.codes.filter(parent=None, name=name, theme_code="").first()
        if parent is None:
            parent = Code.objects.create(
                evaluation=evaluation,
                name=name,
                description=pick(dimension.get("description")).text,
                colour=colour,
            )
            added.append(parent)
        for theme in missing:
            added.append(
                Code.objects.create(
                    evaluation=evaluation,
                    parent=parent,
                    name=_shortened(pick(theme["name"]).text),
                    description=pick(theme.get("description")).text,
                    colour=colour,
                    theme_code=theme["code"],
                )
            )
    for question in evaluation.questions.exclude(pk__in=have_questions):
        added.append(
            Code.objects.create(
                evaluation=evaluation,
                name=_shortened(question.text),
                colour=Code.Colour.GREY,
                question=question,
            )
        )
    for code in added:
        Change.record(evaluation.pk, PART, None, snapshot(code), user)
    return len(added)


def _check(code: Code) -> None:
    if not code.name.strip():
        raise Refused(_("Give the code a name."))
    siblings = code.evaluation.codes.filter(parent=code.parent_id, name__iexact=code.name.strip())
    if siblings.exclude(pk=code.pk).exists():
        raise Refused(
            _("There is already a code “%(name)s” at this place of the codebook.")
            % {"name": code.name}
        )
    ancestor = code.parent
    while ancestor is not None:
        if ancestor.pk == code.pk:
            raise Refused(_("A code cannot go under itself or under one of its own codes."))
        ancestor = ancestor.parent


@transaction.atomic
def save(code: Code, user, before: dict | None = None) -> Code:
    """Store a new or changed code (renamed, described, moved); raises Refused."""
    code.name = code.name.strip()
    _check(code)
    code.save()
    Change.record(code.evaluation_id, PART, before, snapshot(code), user)
    return code


@transaction.atomic
def merge(code: Code, into: Code, user) -> int:
    """Give `code`'s passages and the codes under it to `into`, then remove `code`; the
    number of passages moved."""
    if into.pk == code.pk or into.evaluation_id != code.evaluation_id:
        raise Refused(_("Choose another code of this codebook to merge into."))
    ancestor = into.parent
    while ancestor is not None:
        if ancestor.pk == code.pk:
            raise Refused(_("A code cannot be merged into one of its own codes."))
        ancestor = ancestor.parent
    passages = list(Excerpt.objects.filter(codes=code))
    into.excerpts.add(*passages)
    code.children.update(parent=into)
    before = snapshot(code)
    code.delete()
    Change.record(into.evaluation_id, PART, before, {**before, "merged_into": into.name}, user)
    return len(passages)


@transaction.atomic
def remove(code: Code, user) -> None:
    """Remove a code that codes nothing and has no code under it; raises Refused."""
    used = code.excerpts.count()
    if used:
        raise Refused(
            _(
                "“%(name)s” codes %(count)s passages: merge it into another code, or remove "
                "it from those passages first."
            )
            % {"name": code.name, "count": used}
        )
    if code.children.exists():
        raise Refused(
            _("Codes are under “%(name)s”: move or merge them first.") % {"name": code.name}
        )
    Change.record(code.evaluation_id, PART, snapshot(code), None, user)
    code.delete()


@dataclass
class Entry:
    code: Code
    depth: int
    excerpts: int
    documents: int


def tree(evaluation) -> list[Entry]:
    """Every code of the codebook in the tree's order (each followed by the codes under
    it), with how many passages and documents it codes, in two queries."""
    codes = list(
        evaluation.codes.annotate(
            n_excerpts=Count("excerpts", distinct=True),
            n_documents=Count("excerpts__document", distinct=True),
        ).order_by("name", "id")
    )
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    result = []

    def visit(parent_id, depth):
        for code in children.get(parent_id, []):
            result.append(Entry(code, depth, code.n_excerpts, code.n_documents))
            visit(code.pk, depth + 1)

    visit(None, 0)
    return result
