"""Reading the coded material: a code's passages with where they come from, counts by
code and stakeholder type, codes found together, and text search across the documents."""

import bisect
import re
from dataclasses import dataclass

from django.db.models import Q

from vises.analysis.qualitative import CodedPassage, co_occurrences, code_counts
from vises.evaluations.models import Method
from vises.multilingual import pick

from .codebook import tree
from .models import DOCUMENT_METHODS, Document, Excerpt

SEARCH_RESULTS = 200
NEWLINE = re.compile("\n")


def stakeholder_types(evaluation) -> dict[str, str]:
    """The framework's stakeholder types by code, named in the reader's language."""
    return {
        kind["code"]: pick(kind["name"]).text
        for kind in evaluation.framework_version.document.get("stakeholder_types", [])
    }


@dataclass
class Passage:
    excerpt: Excerpt
    document: Document
    first_line: int
    last_line: int
    text: str


def passages(
    evaluation,
    code=None,
    *,
    method="",
    stakeholder_type="",
    wave=None,
    document=None,
    with_codes=True,
):
    """The coded passages of the material (those of `code`, if given), filtered by method,
    stakeholder type, survey wave (the open answers given in it) and document, in
    document order, each with its codes unless told they are not needed."""
    excerpts = Excerpt.objects.filter(document__evaluation=evaluation)
    if code is not None:
        excerpts = excerpts.filter(codes=code)
    if method:
        excerpts = excerpts.filter(document__method=method)
    if stakeholder_type:
        excerpts = excerpts.filter(document__stakeholder_type=stakeholder_type)
    if wave is not None:
        excerpts = excerpts.filter(document__response__wave=wave)
    if document is not None:
        excerpts = excerpts.filter(document=document)
    if with_codes:
        excerpts = excerpts.prefetch_related("codes")
    # Who coded each passage and when are shown nowhere passages are read: not read here.
    excerpts = excerpts.defer("created_by", "created_at")
    excerpts = excerpts.order_by("document__title", "document", "start", "id")
    excerpts = list(excerpts)
    # Each document read once, not once for each of its passages: a transcript is long.
    documents = Document.objects.in_bulk({excerpt.document_id for excerpt in excerpts})
    breaks: dict[int, list[int]] = {}
    result = []
    for excerpt in excerpts:
        excerpt.document = document = documents[excerpt.document_id]
        if document.pk not in breaks:
            breaks[document.pk] = [found.start() for found in NEWLINE.finditer(document.text)]
            document.method_label = document.get_method_display()
        ends = breaks[document.pk]
        result.append(
            Passage(
                excerpt,
                document,
                bisect.bisect_left(ends, excerpt.start) + 1,
                bisect.bisect_left(ends, excerpt.end - 1) + 1,
                document.text[excerpt.start : excerpt.end],
            )
        )
    return result


def coded_rows(evaluation) -> list[CodedPassage]:
    """Every code given to a passage of the material, as plain rows, in one query."""
    rows = Excerpt.codes.through.objects.filter(excerpt__document__evaluation=evaluation)
    return list(
        map(
            CodedPassage._make,
            rows.values_list(
                "code",
                "excerpt",
                "excerpt__document",
                "excerpt__start",
                "excerpt__end",
                "excerpt__document__stakeholder_type",
            ),
        )
    )


def overview(evaluation) -> dict:
    """The codebook with each code's passages and documents, in all and by stakeholder
    type, and the pairs of codes found together, most frequent first."""
    rows = coded_rows(evaluation)
    counts = code_counts(rows)
    entries = tree(evaluation)
    names = dict(stakeholder_types(evaluation))
    used_types = sorted({row.stakeholder_type for row in rows}, key=lambda t: (not t, t))
    table = []
    for entry in entries:
        count = counts.get(entry.code.pk)
        table.append(
            {
                "entry": entry,
                "cells": [
                    count.by_type.get(kind, (0, 0)) if count else (0, 0) for kind in used_types
                ],
            }
        )
    codes = {entry.code.pk: entry.code for entry in entries}
    together = [
        {"first": codes[a], "second": codes[b], "count": n}
        for (a, b), n in co_occurrences(rows).most_common()
    ]
    return {
        "table": table,
        "types": [(kind, names.get(kind, kind) if kind else "") for kind in used_types],
        "together": together,
    }


@dataclass
class Found:
    document: Document
    lines: list[tuple[int, str]]


def search(evaluation, words: str) -> list[Found]:
    """The lines of the material holding `words` (case aside), document by document."""
    words = words.strip()
    if not words:
        return []
    found, shown = [], 0
    for document in Document.objects.filter(
        Q(evaluation=evaluation) & Q(text__icontains=words)
    ).order_by("title", "id"):
        wanted = words.casefold()
        lines = [
            (number, line)
            for number, line in enumerate(document.text.split("\n"), start=1)
            if wanted in line.casefold()
        ]
        if lines:
            lines = lines[: SEARCH_RESULTS - shown]
            found.append(Found(document, lines))
            shown += len(lines)
        if shown >= SEARCH_RESULTS:
            break
    return found


def coded_waves(evaluation, code) -> list:
    """The survey waves whose open answers hold passages of `code`, each with its survey,
    in the order they opened."""
    from vises.surveys.models import Wave

    return list(
        Wave.objects.filter(
            survey__evaluation=evaluation,
            responses__in=Document.objects.filter(
                evaluation=evaluation, excerpts__codes=code
            ).values("response"),
        )
        .select_related("survey")
        .distinct()
        .order_by("opens_on", "id")
    )


def method_choices() -> list[tuple[str, str]]:
    labels = dict(Method.choices)
    return [(code, labels[code]) for code in DOCUMENT_METHODS]


@dataclass
class QuestionCode:
    code: object
    excerpts: int
    documents: int
    passages: list[Passage]


def question_material(evaluation, question) -> list[QuestionCode]:
    """The codes of the evaluative question (its own code and those of its themes, with
    the codes under them), each with its counts and passages, those used most first."""
    themes = set(question.themes)
    entries = tree(evaluation)
    chosen: set[int] = set()
    for entry in entries:
        code = entry.code
        tied = code.question_id == question.pk or (code.theme_code and code.theme_code in themes)
        if tied or code.parent_id in chosen:
            chosen.add(code.pk)
    found = [
        QuestionCode(entry.code, entry.excerpts, entry.documents, [])
        for entry in entries
        if entry.code.pk in chosen and entry.excerpts
    ]
    by_code = {item.code.pk: item for item in found}
    for passage in passages(evaluation):
        for code in passage.excerpt.codes.all():
            if code.pk in by_code:
                by_code[code.pk].passages.append(passage)
    return sorted(found, key=lambda item: (-item.excerpts, item.code.name))
