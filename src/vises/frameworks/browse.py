"""Reading a framework document for people: its schema, a theme's content, the glossary
and search. Plain functions over the stored document."""

import unicodedata
from dataclasses import dataclass

from vises.multilingual import pick


def themes(document: dict) -> dict[str, dict]:
    """Every theme of the schema by code, with the code of its dimension."""
    return {
        theme["code"]: {**theme, "dimension": dimension["code"]}
        for dimension in document["schema"]["dimensions"]
        for theme in dimension["themes"]
    }


def schema_with_counts(document: dict) -> list[dict]:
    """The dimensions and their themes, each theme with how many indicators, evaluative
    questions and question-bank items refer to it."""
    counts = {code: {"indicators": 0, "questions": 0, "items": 0} for code in themes(document)}
    for kind, records in _themed(document):
        for record in records:
            for code in record["themes"]:
                counts[code][kind] += 1
    return [
        {
            **dimension,
            "themes": [{**theme, "counts": counts[theme["code"]]} for theme in dimension["themes"]],
        }
        for dimension in document["schema"]["dimensions"]
    ]


def _themed(document: dict):
    yield "indicators", document["indicators"]
    yield "questions", document["evaluative_questions"]
    yield "items", document["question_bank"]["items"]


def theme_contents(document: dict, code: str) -> dict | None:
    """A theme with the indicators, evaluative questions and bank items tied to it."""
    theme = themes(document).get(code)
    if theme is None:
        return None
    contents = {
        kind: [r for r in records if code in r["themes"]] for kind, records in _themed(document)
    }
    return {"theme": theme, **contents}


def glossary(document: dict, language: str) -> list[dict]:
    """The lexicon in alphabetical order of its terms in `language`."""
    return sorted(document["lexicon"], key=lambda term: _folded(pick(term["term"], language).text))


@dataclass(frozen=True)
class Hit:
    kind: str
    code: str
    text: str
    theme: str | None  # the theme page that shows it, if any


def search(document: dict, query: str, language: str) -> list[Hit]:
    """Every text of the framework, in `language`, that contains all words of the query,
    ignoring case and accents."""
    words = _folded(query).split()
    if not words:
        return []
    hits, seen = [], set()
    for kind, code, texts, theme in _texts(document):
        text = pick(texts, language).text
        if (kind, code) not in seen and all(word in _folded(text) for word in words):
            seen.add((kind, code))
            hits.append(Hit(kind, code, text, theme))
    return hits


def _texts(document: dict):
    """(kind, code, texts, theme) for each searchable text of the document."""
    for term in document["lexicon"]:
        yield "term", term["code"], term["term"], None
        yield "term", term["code"], term["definition"], None
    for theme in themes(document).values():
        yield "theme", theme["code"], theme["name"], theme["code"]
        if "description" in theme:
            yield "theme", theme["code"], theme["description"], theme["code"]
    for indicator in document["indicators"]:
        first_theme = indicator["themes"][0]
        yield "indicator", indicator["code"], indicator["name"], first_theme
        yield "indicator", indicator["code"], indicator["definition"], first_theme
    for question in document["evaluative_questions"]:
        yield "question", question["code"], question["text"], question["themes"][0]
    for item in document["question_bank"]["items"]:
        yield "item", item["code"], item["text"], item["themes"][0]


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
