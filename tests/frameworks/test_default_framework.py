"""The default framework shipped with VISES: valid, complete in three languages, and as
rich as the method needs."""

from collections import Counter

import pytest

from vises.frameworks import document, store

LEVELS = {"individuals", "organisation", "territory_society"}
REGISTERS = {"economic", "social", "political", "environmental"}


@pytest.fixture(scope="module")
def default():
    text = store.DEFAULT_FILE.read_text(encoding="utf-8")
    data, warnings = document.parse(text, store.DEFAULT_FILE.name)
    return text, data, warnings


def test_default_is_valid_and_fully_translated(default):
    _text, _data, warnings = default
    assert warnings == []


def test_default_file_is_in_canonical_form(default):
    text, data, _warnings = default
    assert document.write(data) == text


def test_default_has_the_vocabulary_and_schema_of_the_method(default):
    _text, data, _warnings = default
    terms = {term["code"] for term in data["lexicon"]}
    assert len(terms) >= 30
    assert {"impact", "outcome", "output", "evaluative_question", "stakeholder"} <= terms
    assert {"indicator", "baseline", "wave"} <= terms
    themes = {t["code"] for d in data["schema"]["dimensions"] for t in d["themes"]}
    assert themes >= LEVELS | REGISTERS
    assert {"governance", "participation", "work_organisation", "territorial_anchoring"} <= themes


def test_default_has_questions_for_every_group(default):
    _text, data, _warnings = default
    per_group = Counter(g for q in data["evaluative_questions"] for g in q["groups"])
    assert all(per_group[group] >= 6 for group in document.GROUPS), per_group


def test_default_indicators_cover_levels_registers_and_groups(default):
    _text, data, _warnings = default
    indicators = data["indicators"]
    assert len(indicators) >= 45
    used = Counter(theme for i in indicators for theme in i["themes"])
    assert all(used[theme] for theme in LEVELS | REGISTERS), used
    groups = Counter(g for i in indicators for g in i["groups"])
    assert all(groups[group] >= 10 for group in document.GROUPS), groups
    assert {i["kind"] for i in indicators} == {"counted", "from_survey", "formula"}


def test_default_question_bank_serves_many_stakeholders(default):
    _text, data, _warnings = default
    items = data["question_bank"]["items"]
    assert len(items) >= 70
    types = Counter(t for item in items for t in item["stakeholder_types"])
    assert len(types) >= 8
    scales = data["question_bank"]["scales"]
    assert len(scales) >= 2
    assert all(any(entry["reversed"] for entry in scale["items"]) for scale in scales)
