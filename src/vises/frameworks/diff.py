"""What changed between two versions of a framework: items added, removed and changed,
section by section, matched by their codes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .document import LANGUAGES

SECTIONS = [
    ("lexicon", _("Glossary")),
    ("themes", _("Themes")),
    ("dimensions", _("Dimensions")),
    ("portrait", _("Portrait")),
    ("stakeholder_types", _("Stakeholder types")),
    ("audiences", _("Audiences")),
    ("answer_scales", _("Answer scales")),
    ("evaluative_questions", _("Evaluative questions")),
    ("indicators", _("Indicators")),
    ("bank_items", _("Question bank")),
    ("bank_scales", _("Multi-item scales")),
    ("method_guides", _("Method guides")),
]


@dataclass
class Change:
    code: str
    before: dict | None
    after: dict | None
    fields: list[str] = field(default_factory=list)  # changed keys, e.g. "name.nl"

    @property
    def texts(self) -> dict:
        """The record's human name, whatever its kind calls it."""
        record = self.after or self.before
        names = ("name", "term", "text", "label", "title")
        return next((record[k] for k in names if k in record), {})


@dataclass
class SectionDiff:
    section: str
    label: str
    added: list[Change]
    removed: list[Change]
    changed: list[Change]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _records(document: dict) -> dict[str, list[dict]]:
    dimensions = document["schema"]["dimensions"]
    return {
        "lexicon": document["lexicon"],
        "themes": [theme for dimension in dimensions for theme in dimension["themes"]],
        "dimensions": [{k: v for k, v in d.items() if k != "themes"} for d in dimensions],
        "portrait": document["portrait"],
        "stakeholder_types": document["stakeholder_types"],
        "audiences": document["audiences"],
        "answer_scales": document["answer_scales"],
        "evaluative_questions": document["evaluative_questions"],
        "indicators": document["indicators"],
        "bank_items": document["question_bank"]["items"],
        "bank_scales": document["question_bank"].get("scales", []),
        # A guide is known by its method.
        "method_guides": [
            {"code": guide["method"], **guide} for guide in document.get("method_guides", [])
        ],
    }


def _changed_fields(before: dict, after: dict) -> list[str]:
    changed = []
    for key in sorted(set(before) | set(after), key=lambda k: (k == "code", k)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if (
            isinstance(old, dict)
            and isinstance(new, dict)
            and set(old) | set(new) <= set(LANGUAGES)
        ):
            changed += [f"{key}.{lang}" for lang in LANGUAGES if old.get(lang) != new.get(lang)]
        else:
            changed.append(key)
    return changed


def compare(before: dict, after: dict) -> list[SectionDiff]:
    """The sections that differ between two documents, in a fixed order."""
    old_records, new_records = _records(before), _records(after)
    sections = []
    for section, label in SECTIONS:
        old = {r["code"]: r for r in old_records[section]}
        new = {r["code"]: r for r in new_records[section]}
        diff = SectionDiff(
            section,
            str(label),
            added=[Change(code, None, new[code]) for code in new if code not in old],
            removed=[Change(code, old[code], None) for code in old if code not in new],
            changed=[
                Change(code, old[code], new[code], _changed_fields(old[code], new[code]))
                for code in new
                if code in old and old[code] != new[code]
            ],
        )
        if diff:
            sections.append(diff)
    return sections
