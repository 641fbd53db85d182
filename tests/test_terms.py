"""The words of docs/terms.md are the ones the catalogues and the framework's glossary use."""

import re
from pathlib import Path

import polib
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TERMS = ROOT / "docs" / "terms.md"
LOCALE = ROOT / "src" / "vises" / "locale"
FRAMEWORK = ROOT / "src" / "vises" / "frameworks" / "default" / "vises-default.yaml"
COLUMNS = ["concept", "glossary", "en", "fr", "nl", "not_fr", "not_nl"]

# The other address form than "vous" / "u", as whole words.
OTHER_ADDRESS = {
    "fr": r"\b(tu|toi|ton|ta|tes|t'as)\b",
    "nl": r"\b(je|jij|jou|jouw|jullie)\b",
}


def concepts() -> list[dict]:
    """The rows of the "Key concepts" table of docs/terms.md."""
    section = TERMS.read_text(encoding="utf-8").split("## Key concepts", 1)[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    parsed = []
    for line in rows[1:]:  # the first row is the header
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if set(cells[0]) <= {"-"}:
            continue
        row = dict(zip(COLUMNS, cells, strict=True))
        for column in ("not_fr", "not_nl"):
            row[column] = [w.strip() for w in row[column].split(",") if w.strip() not in {"", "–"}]
        parsed.append(row)
    return parsed


def catalogue(language: str) -> list[polib.POEntry]:
    return [
        e
        for e in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        if not e.obsolete
    ]


def words(text: str) -> str:
    """The text without its placeholders ("%(stakeholders)s" names no stakeholder)."""
    return re.sub(r"%\(\w+\)[sdfi]|\{\w*\}", "", text)


def translations(entry: polib.POEntry) -> list[str]:
    return [words(text) for text in [entry.msgstr, *entry.msgstr_plural.values()]]


def test_term_list_names_every_key_concept_of_the_issue():
    names = {row["concept"] for row in concepts()}
    assert {
        "survey",
        "wave",
        "finding",
        "evaluative question",
        "stakeholder",
        "respondent",
        "baseline",
        "target",
        "coach",
    } <= names
    wave = next(row for row in concepts() if row["concept"] == "wave")
    assert wave["nl"] == "meetmoment" and "golf" in wave["not_nl"]


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_catalogue_names_each_concept_with_the_chosen_word_only(language):
    wrong = []
    entries = catalogue(language)
    for row in concepts():
        english = re.compile(rf"\b{re.escape(row['en'])}", re.IGNORECASE)
        rejected = re.compile(
            r"\b(" + "|".join(re.escape(w) for w in row[f"not_{language}"]) + ")",
            re.IGNORECASE,
        )
        for entry in entries:
            if not english.search(words(entry.msgid + " " + entry.msgid_plural)):
                continue
            for text in translations(entry):
                found = rejected.search(text)
                if found:
                    wrong.append(f"{row['concept']}: {found.group(0)!r} in {text!r}")
    assert wrong == []


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_catalogue_addresses_the_reader_in_one_form(language):
    other = re.compile(OTHER_ADDRESS[language], re.IGNORECASE)
    wrong = [
        text for entry in catalogue(language) for text in translations(entry) if other.search(text)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_catalogue_writes_inclusive_forms_in_full_without_middle_dots(language):
    wrong = [
        text
        for entry in catalogue(language)
        for text in translations(entry)
        if re.search(r"\w·\w", text) or re.search(r"\w\(e\)", text)
    ]
    assert wrong == []


def test_framework_glossary_uses_the_chosen_words():
    lexicon = {
        term["code"]: term["term"] for term in yaml.safe_load(FRAMEWORK.read_text())["lexicon"]
    }
    wrong = [
        (row["glossary"], language, lexicon[row["glossary"]][language], row[language])
        for row in concepts()
        if row["glossary"] != "–"
        for language in ("fr", "nl")
        if lexicon[row["glossary"]][language].lower() != row[language].lower()
    ]
    assert wrong == []


def test_framework_writes_inclusive_forms_without_middle_dots():
    assert "·" not in FRAMEWORK.read_text(encoding="utf-8")
