"""Whatever respondents send through the real pages, every stored response obeys the
survey's rules (hypothesis drives the Django test client)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.surveys.respondent_helpers import make_survey, page_url, shown_codes, start
from vises.surveys import answers as answer_rules
from vises.surveys import responding
from vises.surveys.models import Response

TRICKY = [
    "",
    " ",
    "yes",
    "no",
    "maybe",
    answer_rules.OTHER,
    "0",
    "3",
    "5",
    "6",
    "10",
    "11",
    "-1",
    "35",
    "61",
    "3.5",
    "1e9",
    "NaN",
    "2026-02-30",
    "2026-03-31",
    "x" * 301,
    "y" * 5001,
    "<script>alert(1)</script>",
]


@pytest.fixture
def rich_survey(world):
    """The three-page survey, with every other kind of question on its last page."""
    survey = make_survey(world.enterprise, languages=("en",))
    last = survey.sections.order_by("position").last()
    add = survey.questions.create
    options = [{"value": v, "label": {"en": v}} for v in ("coach", "training", "housing")]
    add(
        section=last,
        position=5,
        code="supports",
        kind="multiple_choice",
        options=options,
        allow_other=True,
        text={"en": "Which supports?"},
    )
    add(section=last, position=6, code="rating", kind="rating_0_10", text={"en": "Rate"})
    add(
        section=last,
        position=7,
        code="why_low",
        kind="long_text",
        required=True,
        condition={
            "combine": "any",
            "rules": [{"question": "rating", "op": "at_most", "value": 4}],
        },
        text={"en": "Why so low?"},
    )
    add(section=last, position=8, code="started", kind="date", text={"en": "Since when?"})
    return survey


# Each field gets a valid value more often than not, so that many flows reach the end.
VALID = {
    "working": ["yes", "no"],
    "hours": ["0", "35", "60"],
    "job": ["Cook"],
    "confident": ["1", "3", "5"],
    "comment": ["Fine"],
    "supports": ["coach", "training", answer_rules.OTHER],
    "supports.other": ["Driving licence"],
    "rating": ["0", "4", "9"],
    "why_low": ["Too slow"],
    "started": ["2026-03-31"],
}


def field(code):
    tricky = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
    return st.lists(st.one_of(st.sampled_from(VALID[code]), tricky), max_size=3)


nav = st.sampled_from(["next", "next", "next", "back", "elsewhere"])
# A page sent as a person would (valid values, also for questions not shown), or tampered.
plain_page = st.fixed_dictionaries(
    {"@nav": st.just("next")}
    | {code: st.sampled_from(choices).map(lambda v: [v]) for code, choices in VALID.items()}
)
tampered_page = st.fixed_dictionaries({"@nav": nav}, optional={code: field(code) for code in VALID})
pages_sent = st.lists(st.one_of(plain_page, tampered_page), min_size=1, max_size=10)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sent=pages_sent)
def test_every_stored_response_obeys_the_rules(rich_survey, sent):
    survey = rich_survey
    browser = Client()
    start(browser, survey, "en")
    thanks = reverse("survey_respond_thanks", args=[survey.public_token])
    url = page_url(survey, 1)
    before = Response.objects.count()
    for data in sent:
        page = browser.get(url)
        if page.status_code != 200:
            break
        data = {**data, "@shown": shown_codes(page.text)}
        answered = browser.post(url, data)
        assert answered.status_code in (200, 302), answered.status_code
        if answered.status_code == 302:
            url = answered["Location"]
            if url == thanks:
                break
            if url == reverse("survey_respond", args=[survey.public_token]):
                start(browser, survey, "en")
                url = page_url(survey, 1)

    stored = Response.objects.count() - before
    assert stored <= 1
    questions = responding.all_questions(responding.sections_with_questions(survey))
    for response in Response.objects.all():
        assert answer_rules.clean_response(questions, response.answers) == (response.answers, {})
        assert "hours" not in response.answers or response.answers["working"] == "yes"
        assert "why_low" in response.answers or response.answers.get("rating", 5) > 4
