"""The rules of a response, on questions that are not stored: plain functions."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from vises.surveys.answers import OTHER, clean_page, clean_response, is_shown
from vises.surveys.models import Question

YES_NO = [{"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}}]
AGREE = [{"value": n, "label": {"en": str(n)}} for n in range(1, 6)]


def question(code, kind, **fields):
    return Question(code=code, kind=kind, **fields)


def survey():
    return [
        question("working", "single_choice", options=YES_NO, required=True),
        question(
            "hours",
            "number",
            minimum=Decimal(0),
            maximum=Decimal(60),
            integer_only=True,
            condition={
                "combine": "all",
                "rules": [{"question": "working", "op": "equals", "value": "yes"}],
            },
        ),
        question(
            "supports",
            "multiple_choice",
            options=[{"value": v, "label": {"en": v}} for v in ["coach", "training", "housing"]],
            allow_other=True,
        ),
        question("confident", "scale", options=AGREE, scale="agree5", required=True),
        question("rating", "rating_0_10"),
        question(
            "why_low",
            "long_text",
            condition={
                "combine": "any",
                "rules": [
                    {"question": "rating", "op": "at_most", "value": 4},
                    {"question": "confident", "op": "one_of", "value": [1, 2]},
                ],
            },
        ),
        question("started", "date"),
        question("comment", "short_text"),
    ]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page(**values):
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_a_full_valid_page_is_read_into_typed_answers():
    answers, errors = clean_page(
        survey(),
        page(
            working="yes",
            hours="35",
            supports=["training", OTHER],
            **{"supports.other": "  Aide au permis  "},
            confident="4",
            rating="3",
            why_low="Trop de trajets.",
            started="2026-02-01",
        ),
        {},
    )
    assert errors == {}
    assert answers == {
        "working": "yes",
        "hours": 35,
        "supports": ["training", OTHER],
        "supports.other": "Aide au permis",
        "confident": 4,
        "rating": 3,
        "why_low": "Trop de trajets.",
        "started": "2026-02-01",
    }


@pytest.mark.parametrize(
    "typed", ["1/2/2026", "01/02/2026", "1-2-2026", "01.02.2026", "2026-02-01"]
)
def test_a_date_typed_day_first_is_kept_as_that_day(typed):
    values = {"working": "yes", "confident": "3", "started": typed}
    answers, errors = clean_page(survey(), page(**values), {})
    assert errors == {}
    assert answers["started"] == "2026-02-01"


def test_hidden_questions_are_dropped_even_if_answered():
    answers, errors = clean_page(
        survey(), page(working="no", hours="35", confident="5", rating="9", why_low="x"), {}
    )
    assert errors == {}
    assert "hours" not in answers and "why_low" not in answers


@pytest.mark.parametrize(
    ("code", "sent", "message"),
    [
        ("working", "maybe", "Choose among the options shown."),
        ("hours", "35.5", "Give a whole number."),
        ("hours", "61", "Give a number of at most 60."),
        ("hours", "-1", "Give a number of at least 0."),
        ("hours", "lots", "Give a number, such as 12 or 3.5."),
        ("hours", "NaN", "Give a number, such as 12 or 3.5."),
        ("confident", "6", "Choose among the options shown."),
        ("rating", "11", "Choose a number from 0 to 10."),
        ("started", "31/02/2026", "Give a date as day/month/year, such as 31/03/2026."),
        ("started", "2026-31-03", "Give a date as day/month/year, such as 31/03/2026."),
        ("comment", "x" * 301, "Keep it under 300 characters (this is 301)."),
        ("supports", OTHER, "Say what the other answer is."),
    ],
)
def test_each_wrong_answer_is_named(code, sent, message):
    values = {"working": "yes", "confident": "3", code: sent}
    answers, errors = clean_page(survey(), page(**values), {})
    assert errors == {code: message}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Écrivez moins de\u00a05\u00a0000 caractères (vous en avez\u00a05\u00a0001)."),
        ("nl", "Schrijf minder dan 5.000 tekens (u hebt er nu 5.001)."),
        ("en", "Keep it under 5,000 characters (this is 5,001)."),
    ],
)
def test_a_too_long_answer_counts_its_characters_as_the_respondent_writes_them(language, message):
    with translation.override(language):
        errors = clean_page([question("story", "long_text")], page(story="x" * 5001), {})[1]
    assert errors == {"story": message}


def test_required_questions_must_be_answered_and_answers_can_be_french_decimals():
    questions = [question("fte", "number", required=True), question("name", "short_text")]
    assert clean_page(questions, page(), {})[1] == {"fte": "Please answer this question."}
    assert clean_page(questions, page(fte="12,5"), {})[0] == {"fte": 12.5}


def test_conditions_see_answers_of_earlier_pages():
    hours = survey()[1]
    assert is_shown(hours, {"working": "yes"})
    assert not is_shown(hours, {"working": "no"})
    assert not is_shown(hours, {})
    assert clean_page([hours], page(hours="10"), {"working": "yes"})[0] == {"hours": 10}


def test_a_whole_response_is_checked_again_as_stored():
    stored = {
        "working": "no",
        "hours": 40,  # hidden since the respondent does not work
        "confident": 2,
        "why_low": "Je débute.",
        "unknown": "dropped",
    }
    answers, errors = clean_response(survey(), stored)
    assert errors == {}
    assert answers == {"working": "no", "confident": 2, "why_low": "Je débute."}


ANY_TEXT = st.text(max_size=12) | st.sampled_from(
    ["yes", "no", OTHER, "1", "4", "10", "0", "-3", "2,5", "2026-01-01", "coach", "housing"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([q.code for q in survey()] + ["supports.other"]),
        st.lists(ANY_TEXT, max_size=3),
    )
)
def test_whatever_is_sent_what_is_kept_obeys_the_rules(sent):
    questions = survey()
    answers, errors = clean_page(questions, page(**sent), {})
    if errors:
        return
    again, errors_again = clean_response(questions, answers)
    assert errors_again == {} and again == answers
    for q in questions:
        if q.required and is_shown(q, answers):
            assert q.code in answers
        if not is_shown(q, answers):
            assert q.code not in answers
