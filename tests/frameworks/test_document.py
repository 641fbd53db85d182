from pathlib import Path

import pytest
from django.utils import translation

from vises.frameworks import document

BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def expectation(path: Path) -> tuple[str, str]:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    where, fragment = first_line.removeprefix("# expect: ").split(" | ")
    return where, fragment


def test_documented_example_is_valid_without_warnings(example_text):
    data, warnings = document.parse(example_text, "example.yaml")
    assert warnings == []
    assert data["indicators"][1]["survey_rule"]["values"] == [3, 4]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_is_refused_with_one_located_error(path):
    where, fragment = expectation(path)
    with pytest.raises(document.FrameworkError) as refused:
        document.parse(path.read_text(encoding="utf-8"), path.name)
    problems = refused.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.path == where
    assert fragment in problem.message
    assert problem.line is not None
    assert str(problem).startswith(f"{path.name}:{problem.line}: error: ")


def test_error_points_at_the_line_of_the_faulty_value():
    text = (
        "code: x\nversion: 1\ntitle: {fr: X, nl: X, en: X}\n"
        "lexicon: []\nschema:\n  dimensions: nope\n"
    )
    with pytest.raises(document.FrameworkError) as refused:
        document.parse(text, "x.yaml")
    dimensions = next(p for p in refused.value.problems if p.path == "schema.dimensions")
    assert dimensions.line == 6


def test_messages_speak_the_users_language():
    path = next(p for p in BROKEN if p.stem == "unknown_theme")
    with translation.override("nl"), pytest.raises(document.FrameworkError) as refused:
        document.parse(path.read_text(encoding="utf-8"), path.name)
    assert "onbekende verwijzing" in str(refused.value).lower()


def test_missing_translation_is_a_warning_that_still_loads(example_text):
    text = example_text.replace(
        "title: {fr: Exemple, nl: Voorbeeld, en: Example}", "title: {fr: Exemple, en: Example}"
    )
    data, warnings = document.parse(text)
    assert [(w.path, w.warning) for w in warnings] == [("title.nl", True)]
    assert data["title"] == {"fr": "Exemple", "en": "Example"}


def test_text_with_no_language_at_all_is_an_error(example_text):
    text = example_text.replace("title: {fr: Exemple, nl: Voorbeeld, en: Example}", "title: {}")
    with pytest.raises(document.FrameworkError) as refused:
        document.parse(text)
    assert any(p.path == "title" for p in refused.value.problems)


def test_write_then_read_gives_the_same_document(example_text):
    data, _warnings = document.parse(example_text)
    written = document.write(data)
    again, _warnings = document.parse(written)
    assert again == data
    assert document.write(again) == written  # the canonical text is a fixed point


def test_indirect_formula_loop_is_found(example_text):
    text = example_text.replace(
        "    kind: counted\n",
        "    kind: formula\n    formula: confident_share * 2\n",
    ).replace(
        "    kind: from_survey\n"
        "    survey_rule: {item: self_confidence, measure: share_in, values: [3, 4]}\n",
        "    kind: formula\n    formula: people_supported / 2\n",
    )
    with pytest.raises(document.FrameworkError) as refused:
        document.parse(text)
    assert sorted(p.path for p in refused.value.problems) == [
        "indicators[0].formula",
        "indicators[1].formula",
    ]


def test_missing_top_level_keys_are_each_reported():
    with pytest.raises(document.FrameworkError) as refused:
        document.parse("code: x\nversion: 1\n", "x.yaml")
    missing = {p.path for p in refused.value.problems}
    assert {"title", "lexicon", "indicators", "question_bank"} <= missing
    assert all(p.line == 1 for p in refused.value.problems)
