"""Property tests: any valid framework survives writing and reading back; any broken one
is refused with problems, never with another exception."""

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vises.frameworks import document

codes = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
plain_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1
).filter(str.strip)
texts = st.fixed_dictionaries({"fr": plain_text, "nl": plain_text, "en": plain_text})


def unique_codes(min_size=1, max_size=4):
    return st.lists(codes, min_size=min_size, max_size=max_size, unique=True)


@st.composite
def frameworks(draw):
    theme_codes = draw(unique_codes(max_size=5))
    themes = [{"code": code, "name": draw(texts)} for code in theme_codes]
    stakeholders = draw(unique_codes(max_size=3))
    values = draw(st.lists(st.integers(-5, 10), min_size=2, max_size=5, unique=True))
    scale = {
        "code": "scale",
        "name": draw(texts),
        "options": [{"value": value, "label": draw(texts)} for value in values],
    }
    theme_lists = st.lists(st.sampled_from(theme_codes), min_size=1, max_size=2)
    item_codes = draw(unique_codes(min_size=1, max_size=4))
    items = [
        {
            "code": code,
            "text": draw(texts),
            "stakeholder_types": draw(st.lists(st.sampled_from(stakeholders), min_size=1)),
            "answer_scale": "scale",
            "themes": draw(theme_lists),
        }
        for code in item_codes
    ]
    indicator_codes = draw(unique_codes(max_size=5))
    indicators = []
    for position, code in enumerate(indicator_codes):
        indicator = {
            "code": code,
            "name": draw(texts),
            "definition": draw(texts),
            "unit": draw(texts),
            "kind": "counted",
            "themes": draw(theme_lists),
            "groups": draw(st.lists(st.sampled_from(document.GROUPS), min_size=1, max_size=3)),
            "direction": draw(st.sampled_from(["higher_is_better", "lower_is_better", "neutral"])),
        }
        choice = draw(st.sampled_from(["counted", "formula", "from_survey"]))
        if choice == "formula" and position:
            earlier = draw(st.lists(st.sampled_from(indicator_codes[:position]), min_size=1))
            indicator.update(kind="formula", formula=" + ".join(earlier) + " * 100")
        elif choice == "from_survey":
            rule = {"item": draw(st.sampled_from(item_codes)), "measure": "share_in"}
            rule["values"] = draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
            indicator.update(kind="from_survey", survey_rule=rule)
        indicators.append(indicator)
    return {
        "code": draw(st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True)),
        "version": draw(st.integers(1, 1000)),
        "title": draw(texts),
        "lexicon": [
            {"code": code, "term": draw(texts), "definition": draw(texts)}
            for code in draw(unique_codes(min_size=0))
        ],
        "schema": {"dimensions": [{"code": "dimension", "name": draw(texts), "themes": themes}]},
        "portrait": [],
        "stakeholder_types": [{"code": code, "name": draw(texts)} for code in stakeholders],
        "audiences": [],
        "answer_scales": [scale],
        "evaluative_questions": [],
        "indicators": indicators,
        "question_bank": {
            "items": items,
            "scales": [
                {
                    "code": "combined",
                    "name": draw(texts),
                    "items": [
                        {"item": code, "reversed": draw(st.booleans())} for code in item_codes
                    ],
                    "scoring": draw(st.sampled_from(["mean", "sum"])),
                }
            ],
        },
    }


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(frameworks())
def test_valid_framework_round_trips(framework):
    written = document.write(framework)
    read_back, warnings = document.parse(written)
    assert warnings == []
    assert read_back == framework
    assert document.write(read_back) == written


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | plain_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(codes | plain_text, children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _replace(value, path, replacement):
    if not path:
        return replacement
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], replacement)
    return copy


@SETTINGS
@given(frameworks(), st.data())
def test_broken_framework_is_only_ever_refused_with_problems(framework, data):
    paths = list(_paths(framework))
    path = data.draw(st.sampled_from(paths))
    broken = _replace(framework, path, data.draw(json_values))
    text = yaml.safe_dump(broken, allow_unicode=True)
    try:
        document.parse(text, "broken.yaml")
    except document.FrameworkError as error:
        assert error.problems
        assert all(problem.message for problem in error.problems)


@SETTINGS
@given(st.text())
def test_any_text_is_refused_with_problems_or_accepted(text):
    try:
        document.parse(text)
    except document.FrameworkError as error:
        assert error.problems
