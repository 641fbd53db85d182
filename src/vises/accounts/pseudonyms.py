"""Scrubbing free texts before researchers read them: every known name of the platform,
e-mail addresses, web domains and phone numbers give way to neutral placeholders.

Pure functions: the caller says which names to look for and what stands for each."""

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Words too common in organisation names to single one out; the other words of a name
# (its distinctive ones) are scrubbed on their own.
GENERIC_WORDS = {
    "and", "asbl", "association", "atelier", "ateliers", "centre", "coop", "cooperative",
    "cvba", "des", "entreprise", "entreprises", "federation", "het", "les", "maison",
    "netwerk", "reseau", "scrl", "service", "services", "srl", "the", "une", "vzw",
}  # fmt: skip

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
WEB = re.compile(
    r"(?<![\w@.])(?:https?://)?(?:[\w\-]+\.)+(?:be|fr|eu|com|org|net|nl|lu|info|coop)\b"
    r"(?:/[^\s]*)?",
    re.IGNORECASE,
)
# French and Belgian numbers, national (0…) or international (+32, +33, 0032, 0033),
# with spaces, dots, dashes or slashes between the digits.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?3[23][ .\-/]?(?:\(0\)[ .\-/]?)?|0)\d(?:[ .\-/]?\d){7,8}(?!\w)"
)


def fold(text: str) -> str:
    """The text without accents, in lower case, one character for each of the text's, so
    that a match in the folded text marks the same place in the text."""
    return "".join(unicodedata.normalize("NFD", char)[0].lower()[:1] for char in text)


def name_parts(name: str) -> list[str]:
    """A person's full name and each part of it of three letters or more."""
    parts = re.split(r"[\s\-'’.]+", name.strip())
    return [name.strip(), *(part for part in parts if len(part) >= 3)]


def organisation_parts(name: str) -> list[str]:
    """An organisation's full name and its distinctive words."""
    words = re.split(r"[\s\-'’.,&()]+", name.strip())
    return [
        name.strip(),
        *(word for word in words if len(word) >= 3 and fold(word) not in GENERIC_WORDS),
    ]


def replacements(groups: Iterable[tuple[Iterable[str], str]]) -> dict[str, str]:
    """Folded name → what stands for it; the first group naming a word wins."""
    found: dict[str, str] = {}
    for names, placeholder in groups:
        for name in names:
            if name.strip():
                found.setdefault(fold(name.strip()), placeholder)
    return found


def compile_names(names: Mapping[str, str]) -> re.Pattern | None:
    # Longest first, so that a full name goes before its first name.
    ordered = sorted(names, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def scrub(
    text: str,
    names: Mapping[str, str],
    pattern: re.Pattern | None,
    email: str,
    website: str,
    phone: str,
) -> str:
    """The text with e-mail addresses, web domains, phone numbers and `names` (folded, from
    `replacements`; `pattern` from `compile_names`) replaced, whatever their case or
    accents. Names are replaced in one pass, so a placeholder is never scrubbed again."""
    text = unicodedata.normalize("NFC", text)
    text = EMAIL.sub(email, text)
    text = WEB.sub(website, text)
    text = PHONE.sub(phone, text)
    return replace_names(text, names, pattern)


def replace_names(text: str, names: Mapping[str, str], pattern: re.Pattern | None) -> str:
    """The text with `names` (folded, from `replacements`; `pattern` from
    `compile_names`) replaced, whatever their case or accents, in one pass, so that a
    placeholder is never replaced again."""
    if pattern is None:
        return text
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        pieces += [text[last : match.start()], names[match.group()]]
        last = match.end()
    return "".join([*pieces, text[last:]])
