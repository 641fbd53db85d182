"""One question to answer as the tag `question_field` writes it: whatever the team or the
respondent typed is escaped, in every place it shows, and the hints follow the language."""

from decimal import Decimal

import pytest
from django.utils import translation

from vises.surveys import answers, responding
from vises.surveys.models import Question
from vises.surveys.templatetags.answering import question_field

TYPED = '<b>Tom & "Jerry" l\'ami</b>'
ESCAPED = "&lt;b&gt;Tom &amp; &quot;Jerry&quot; l&#x27;ami&lt;/b&gt;"


def written(question, language="fr", values=(), other="", error="", paper=False) -> str:
    with translation.override(language):
        view = responding.question_view(question, language, values, other, error)
        return question_field(view, paper)


def test_what_the_team_and_the_respondent_typed_is_escaped_everywhere():
    question = Question(
        code="where",
        kind="single_choice",
        allow_other=True,
        text={"fr": TYPED},
        help={"fr": TYPED},
        options=[{"value": "a", "label": {"fr": TYPED}}],
    )
    html = written(question, values=["_other"], other=TYPED, error=TYPED)
    assert "<b>" not in html
    # The text, the help, the option, the other answer and the error.
    assert html.count(ESCAPED) == 5
    assert 'id="q-where:other-choice" value="_other" checked aria-invalid="true">' in html
    assert '<div class="question has-error">' in html


@pytest.mark.parametrize(
    ("language", "hint"),
    [
        ("fr", "Un nombre de\u00a01 à\u00a01\u00a0500."),
        ("nl", "Een getal van 1 tot 1.500."),
        ("en", "A number from 1 to 1,500."),
    ],
)
def test_a_number_says_its_bounds_in_the_respondents_language(language, hint):
    question = Question(
        code="hours",
        kind="number",
        text={"fr": "?"},
        minimum=Decimal("1.0000"),
        maximum=Decimal("1500.0000"),
    )
    assert f'<p class="help" id="q-hours:hint">{hint}</p>' in written(question, language)


@pytest.mark.parametrize(
    ("language", "hint", "refusal"),
    [
        ("fr", "Un nombre de\u00a00,25 à\u00a07,5.", "7,5 ou moins."),
        ("nl", "Een getal van 0,25 tot 7,5.", "hoogstens 7,5."),
        ("en", "A number from 0.25 to 7.5.", "at most 7.5."),
    ],
)
def test_a_bound_with_decimals_is_written_without_the_stored_zeros(language, hint, refusal):
    question = Question(
        code="hours",
        kind="number",
        text={"fr": "?"},
        minimum=Decimal("0.2500"),
        maximum=Decimal("7.5000"),
    )
    assert f'<p class="help" id="q-hours:hint">{hint}</p>' in written(question, language)
    with translation.override(language), pytest.raises(answers.Refused) as refused:
        answers.number_answer(question, Decimal("8"))
    assert str(refused.value).endswith(refusal)


def test_only_the_paper_sheet_says_a_question_is_asked_to_some():
    question = Question(
        code="job",
        kind="short_text",
        text={"fr": "Quel emploi ?"},
        condition={"combine": "all", "rules": [{"question": "w", "op": "equals", "value": "y"}]},
    )
    note = "Posée seulement à certaines personnes"
    assert note not in written(question)
    assert note in written(question, paper=True)
