"""Method guides in the framework format: an interview grid, a focus-group script and
life-story prompts, checked as every other part (one guide per method, themes of the
schema, prompts in three languages), compared between versions, and given by the default
framework in fr, nl and en."""

import pytest

from vises.frameworks import diff, document, store

GUIDE = "method_guides:\n  - method: interview\n"


def with_guides(example_text: str, guides: str) -> str:
    assert GUIDE in example_text
    return example_text[: example_text.index("method_guides:")] + guides


def test_the_documented_guide_is_read_in_order(example_text):
    data, warnings = document.parse(example_text)
    assert warnings == []
    guide = data["method_guides"][0]
    assert guide["method"] == "interview"
    assert guide["sections"][0]["themes"] == ["individuals"]
    assert guide["sections"][0]["prompts"][1]["nl"].startswith("Kunt u een moment")
    # Written back in the canonical form, it reads the same.
    assert document.parse(document.write(data))[0] == data


def test_guides_are_optional(example_text):
    data, warnings = document.parse(example_text[: example_text.index("method_guides:")])
    assert "method_guides" not in data and warnings == []


SECTION = (
    "    title: {fr: G, nl: G, en: G}\n"
    "    sections:\n"
    "      - code: s\n"
    "        title: {fr: S, nl: S, en: S}\n"
)


@pytest.mark.parametrize(
    ("guides", "path", "fragment"),
    [
        (
            "method_guides:\n  - method: survey\n" + SECTION + "        prompts: [{en: Why}]\n",
            "method_guides[0].method",
            "“survey” is not allowed here; use one of: interview, focus_group, life_story",
        ),
        (
            "method_guides:\n  - method: interview\n" + SECTION + "        prompts: []\n",
            "method_guides[0].sections[0].prompts",
            "expected a list with at least one element",
        ),
        (
            "method_guides:\n  - method: interview\n"
            + SECTION
            + "        themes: [happiness]\n        prompts: [{fr: A, nl: A, en: A}]\n",
            "method_guides[0].sections[0].themes[0]",
            "unknown reference “happiness”: no such theme in the schema",
        ),
        (
            "method_guides:\n  - method: interview\n" + SECTION + "        prompts: [Why]\n",
            "method_guides[0].sections[0].prompts[0]",
            "expected a text in each language",
        ),
        (
            "method_guides:\n"
            + "".join(
                "  - method: life_story\n" + SECTION + "        prompts: [{fr: A, nl: A, en: A}]\n"
                for _twice in range(2)
            ),
            "method_guides[1].method",
            "a guide for “life_story” is already given at method_guides[0]",
        ),
    ],
    ids=["method", "no_prompt", "theme", "prompt_not_a_text", "twice"],
)
def test_a_wrong_guide_is_refused_at_its_line(example_text, guides, path, fragment):
    text = with_guides(example_text, guides)
    with pytest.raises(document.FrameworkError) as refused:
        document.parse(text, "guides.yaml")
    problems = refused.value.problems
    assert [(p.path, fragment in p.message) for p in problems] == [(path, True)], problems
    assert problems[0].line > text[: text.index("method_guides:")].count("\n")


def test_a_prompt_missing_a_language_is_a_warning(example_text):
    text = with_guides(
        example_text,
        "method_guides:\n  - method: focus_group\n"
        + SECTION
        + "        prompts: [{fr: A, en: A}]\n",
    )
    _data, warnings = document.parse(text)
    assert [(w.path, w.message) for w in warnings] == [
        ("method_guides[0].sections[0].prompts[0].nl", "translation missing in nl")
    ]


def test_a_changed_guide_is_shown_between_versions(example_text):
    before, _warnings = document.parse(example_text)
    after, _warnings = document.parse(example_text.replace("Interviewleidraad", "Gespreksgids"))
    [section] = diff.compare(before, after)
    assert section.section == "method_guides"
    [change] = section.changed
    assert (change.code, change.fields, change.texts["nl"]) == (
        "interview",
        ["title.nl"],
        "Gespreksgids",
    )


def test_the_default_framework_guides_each_qualitative_method_in_three_languages():
    data, warnings = document.parse(store.DEFAULT_FILE.read_text(encoding="utf-8"))
    assert warnings == []
    guides = {guide["method"]: guide for guide in data["method_guides"]}
    assert set(guides) == {"interview", "focus_group", "life_story"}
    for guide in guides.values():
        assert len(guide["sections"]) >= 3
        assert all(set(guide["introduction"]) == {"fr", "nl", "en"} for guide in guides.values())
        prompts = [prompt for section in guide["sections"] for prompt in section["prompts"]]
        assert len(prompts) >= 6
        assert all(set(prompt) == {"fr", "nl", "en"} for prompt in prompts)
        # Each guide explores the people themselves, as the method asks.
        assert any("individuals" in section.get("themes", []) for section in guide["sections"])
