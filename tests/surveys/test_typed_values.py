"""What a respondent types that no page should choke on: huge or malformed numbers are
refused at once with a clear message in their language, numbers written their way are
read right, and control characters never reach the stored response."""

import html
import time

import pytest
from django.urls import reverse

from tests.surveys.respondent_helpers import answer, make_survey, page_url, shown_codes, start
from vises.surveys.models import Response

MESSAGES = {
    "too large": {
        "en": "Give a number between -1,000,000,000,000,000 and 1,000,000,000,000,000.",
        "fr": "Donnez un nombre entre -1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000 et ",
        "nl": "Geef een getal tussen -1.000.000.000.000.000 en 1.000.000.000.000.000.",
    },
    "not a number": {
        "en": "Give a number, such as 12 or 3.5.",
        "fr": "Donnez un nombre, par exemple 12 ou 3,5.",
        "nl": "Geef een getal, bijvoorbeeld 12 of 3,5.",
    },
    "too precise": {
        "en": "Give a number with at most 15 significant digits and 15 decimals.",
        "fr": "Donnez un nombre d'au plus 15 chiffres significatifs et 15 décimales.",
        "nl": "Geef een getal met hoogstens 15 significante cijfers en 15 decimalen.",
    },
}


@pytest.fixture
def survey(world):
    """The respondent survey, its number of hours without bounds: nothing but the rules
    every number follows stands in the way."""
    survey = make_survey(world.enterprise)
    survey.questions.filter(code="hours").update(minimum=None, maximum=None, integer_only=False)
    return survey


def timed_answer(client, survey, hours: str):
    """The first page sent with `hours`, and the fastest of three sends in seconds of this
    process's own work (a machine busy with other work does not count against it)."""
    shown = shown_codes(client.get(page_url(survey, 1)).text)
    data = {"working": "yes", "hours": hours, "@shown": shown, "@nav": "next"}
    times = []
    for _attempt in range(3):
        began = time.process_time()
        page = client.post(page_url(survey, 1), data)
        times.append(time.process_time() - began)
    return page, min(times)


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize(
    "typed, refusal",
    [
        ("1e400", "too large"),
        ("1e1000000", "too large"),
        ("9" * 401, "too large"),
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("0.1234567890123456789", "too precise"),
    ],
)
def test_a_number_no_page_could_use_is_refused_at_once_in_the_respondents_language(
    client, survey, language, typed, refusal
):
    start(client, survey, language)
    page, seconds = timed_answer(client, survey, typed)
    assert page.status_code == 200
    assert MESSAGES[refusal][language] in html.unescape(page.text)
    assert 'id="q-hours:error"' in page.text
    assert seconds < 0.1
    assert not Response.objects.exists()


def finish(client, survey, hours: str, comment: str = ""):
    answer(client, survey, 1, working="yes", hours=hours)
    answer(client, survey, 2, job="Cuisi\x00nier\x1b")
    return answer(client, survey, 3, confident="4", comment=comment)


@pytest.mark.parametrize(
    "typed, stored",
    [("-0", 0), ("١٢", 12), ("١٢٫٥", 12.5), ("1\u202f000", 1000), ("\u22123,5", -3.5)],
)
def test_numbers_written_as_people_write_them_are_read_right(client, survey, typed, stored):
    start(client, survey, "fr")
    began = time.process_time()
    page = answer(client, survey, 1, working="yes", hours=typed)
    assert time.process_time() - began < 1  # a page, read and stored: no number parsing stalls
    assert page.status_code == 302
    finish(client, survey, typed)
    response = Response.objects.get()
    assert response.answers["hours"] == stored
    assert str(response.answers["hours"]) == str(stored)  # -0 is stored as 0, not -0


def test_control_characters_typed_by_a_respondent_are_not_stored(client, survey):
    start(client, survey, "nl")
    page = answer(client, survey, 1, working="yes", hours="1\x072")
    assert page.status_code == 302
    finish(client, survey, "12", comment="Goed\x00 zo\x1b[31m\r\nDank\tu")
    answers = Response.objects.get().answers
    assert answers["hours"] == 12
    assert answers["job"] == "Cuisinier"
    assert answers["comment"] == "Goed zo[31m\r\nDank\tu"


def test_paper_entry_refuses_the_same_numbers_and_reads_the_same_digits(client, world, survey):
    client.force_login(world.user("enterprise_member"))
    paper = reverse("survey_paper_entry", args=[survey.evaluation_id, survey.pk])
    sheet = {"@language": "nl", "@wave": survey.waves.get().pk, "working": "yes", "confident": "4"}
    sent = client.post(paper, {**sheet, "hours": "1e1000000"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert sent.status_code == 200 and 'id="q-hours:error"' in sent.text
    assert MESSAGES["too large"]["nl"] in html.unescape(sent.text)
    assert not Response.objects.exists()
    client.post(paper, {**sheet, "@key": "p" * 32, "hours": "١٢", "job": "Kok\x1b"})
    assert Response.objects.get().answers == {
        "working": "yes",
        "hours": 12,
        "job": "Kok",
        "confident": 4,
    }
