"""Counting coded qualitative material: how many passages and documents each code holds,
by stakeholder type, and which codes are found together.

A count of passages says how often something was said; a count of documents says by how
many people or groups. Both are shown, since one talkative interview can give a code
many passages. Plain functions over plain rows, no database.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple


class CodedPassage(NamedTuple):
    """One code given to one passage (a tuple: made by the ten thousand for a large
    material, several times faster than a frozen dataclass)."""

    code: int
    excerpt: int
    document: int
    start: int
    end: int
    stakeholder_type: str = ""


@dataclass
class CodeCount:
    excerpts: int = 0
    documents: int = 0
    # stakeholder type: (passages, documents)
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)


def code_counts(passages: list[CodedPassage]) -> dict[int, CodeCount]:
    """For each code: its passages and documents, in all and by stakeholder type."""
    excerpts: dict[int, set] = {}
    documents: dict[int, set] = {}
    typed_excerpts: dict[tuple[int, str], set] = {}
    typed_documents: dict[tuple[int, str], set] = {}
    for p in passages:
        excerpts.setdefault(p.code, set()).add(p.excerpt)
        documents.setdefault(p.code, set()).add(p.document)
        typed_excerpts.setdefault((p.code, p.stakeholder_type), set()).add(p.excerpt)
        typed_documents.setdefault((p.code, p.stakeholder_type), set()).add(p.document)
    counts = {code: CodeCount(len(excerpts[code]), len(documents[code])) for code in excerpts}
    for (code, kind), found in typed_excerpts.items():
        counts[code].by_type[kind] = (len(found), len(typed_documents[code, kind]))
    return counts


def co_occurrences(passages: list[CodedPassage]) -> Counter:
    """How many times each pair of codes (the smaller id first) is found on the same
    passage or on passages that overlap in a document."""
    by_excerpt: dict[int, tuple[int, int, int, set]] = {}
    for p in passages:
        entry = by_excerpt.setdefault(p.excerpt, (p.document, p.start, p.end, set()))
        entry[3].add(p.code)
    by_document: dict[int, list] = {}
    for excerpt, (document, start, end, codes) in by_excerpt.items():
        by_document.setdefault(document, []).append((start, end, excerpt, codes))
    pairs: set[tuple[int, int, int, int]] = set()
    for excerpts in by_document.values():
        excerpts.sort()
        for i, (_start, end, excerpt, codes) in enumerate(excerpts):
            # The passages starting before this one ends, itself included.
            for other_start, _other_end, other, other_codes in excerpts[i:]:
                if other_start >= end:
                    break
                for a in codes:
                    for b in other_codes:
                        if a != b:
                            low, high = min(a, b), max(a, b)
                            places = (min(excerpt, other), max(excerpt, other))
                            pairs.add((low, high, *places))
    return Counter((low, high) for low, high, _first, _second in pairs)
