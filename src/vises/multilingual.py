"""Multilingual content: texts stored as {fr, nl, en} maps, shown in the reader's language."""

from dataclasses import dataclass

from django.utils.translation import get_language

FALLBACK_ORDER = ("en", "fr", "nl")


@dataclass(frozen=True)
class Localised:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def pick(texts: dict | None, language: str | None = None) -> Localised:
    """The text in `language` (default: the active one), or the first available in
    English, French, Dutch, marked as a fallback. An empty map gives an empty text."""
    language = (language or get_language() or "en")[:2]
    texts = texts or {}
    if (texts.get(language) or "").strip():
        return Localised(texts[language], language, False)
    for other in FALLBACK_ORDER:
        if (texts.get(other) or "").strip():
            return Localised(texts[other], other, True)
    return Localised("", language, True)
