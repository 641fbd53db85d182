"""Opening and closing a survey in one place: "Open the survey" makes its first wave when
it has none and opens its public link, showing the link, its QR code and what respondents
see; "Close" stops the link. Each change is in the history. Adding from the question bank
returns to the builder where the questions went."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_evaluation
from vises.evaluations.models import Change
from vises.surveys import builder
from vises.surveys.models import Response


@pytest.fixture
def survey(world):
    survey = builder.create_survey(
        make_evaluation(world.enterprise),
        None,
        title={"fr": "Votre avis", "en": "Your view"},
        languages=["fr", "en"],
    )
    builder.add_question(
        survey.sections.get(),
        None,
        code="satisfied",
        kind="single_choice",
        text={"fr": "Êtes-vous satisfait ?", "en": "Are you satisfied?"},
        options=[
            {"value": "yes", "label": {"fr": "Oui", "en": "Yes"}},
            {"value": "no", "label": {"fr": "Non", "en": "No"}},
        ],
    )
    return survey


def url(name, survey):
    return reverse(name, args=[survey.evaluation_id, survey.pk])


def answer_through_the_link(survey) -> Client:
    """A respondent with no account answers "yes" through the public link."""
    respondent = Client(HTTP_ACCEPT_LANGUAGE="en")
    start = respondent.get(f"/s/{survey.public_token}/")
    assert start.status_code == 200, start.status_code
    respondent.post(f"/s/{survey.public_token}/", {"@language": "en"})
    done = respondent.post(
        f"/s/{survey.public_token}/1/", {"satisfied": "yes", "action": "next"}, follow=True
    )
    assert done.status_code == 200
    return respondent


def test_opening_a_survey_without_a_wave_makes_its_first_wave_and_opens_the_link(
    client, world, survey
):
    client.force_login(world.user("enterprise_member"))
    before = client.get(url("survey_detail", survey), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Open the survey" in before and "Opening it creates its first wave" in before
    assert client.get(f"/s/{survey.public_token}/").status_code == 403

    response = client.post(url("survey_open", survey), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == url("survey_detail", survey) + "#collection"
    survey.refresh_from_db()
    wave = survey.waves.get()
    today = timezone.localdate()
    assert survey.public_link_open
    assert (wave.opens_on, wave.closes_on) == (today, today + timedelta(weeks=8))
    page = client.get(url("survey_detail", survey), HTTP_ACCEPT_LANGUAGE="en").text
    link = f"http://testserver/s/{survey.public_token}/"
    assert link in page and "<svg" in page and "What respondents will see" in page
    assert "Close the survey" in page and "Open the survey" not in page
    # The wave and the link are both in the history.
    assert Change.objects.filter(part="surveys", before__isnull=True, after__wave="Wave 1")
    assert Change.objects.filter(part="surveys", after__public_link_open=True).exists()

    answer_through_the_link(survey)
    assert Response.objects.filter(wave=wave, via_public_link=True).count() == 1


def test_closing_stops_the_link_with_a_clear_page_and_keeps_the_answers(client, world, survey):
    client.force_login(world.user("enterprise_admin"))
    client.post(url("survey_open", survey))
    answer_through_the_link(survey)
    client.post(url("survey_close", survey))
    survey.refresh_from_db()
    assert not survey.public_link_open and survey.waves.count() == 1
    assert Response.objects.count() == 1
    closed = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/s/{survey.public_token}/")
    assert closed.status_code == 403
    assert "This link takes no answers at the moment" in closed.text
    assert Change.objects.filter(part="surveys", after__public_link_open=False).exists()
    # Opened again, it answers into the same wave: no second wave is made.
    client.post(url("survey_open", survey))
    assert survey.waves.count() == 1
    assert Client().get(f"/s/{survey.public_token}/").status_code == 200


def test_an_open_link_without_a_wave_today_says_why_it_takes_no_answer(client, world, survey):
    today = timezone.localdate()
    survey.waves.create(
        label="2025", opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=30)
    )
    client.force_login(world.user("enterprise_member"))
    client.post(url("survey_open", survey))
    assert survey.waves.count() == 1
    page = client.get(url("survey_detail", survey), HTTP_ACCEPT_LANGUAGE="en").text
    assert "The link is open, but its last wave closed on" in page
    assert "add a wave to collect again" in page


def test_a_survey_without_a_question_is_not_opened(client, world):
    empty = builder.create_survey(
        make_evaluation(world.enterprise, "Vide"), None, title={"fr": "Vide"}, languages=["fr"]
    )
    client.force_login(world.user("enterprise_member"))
    page = client.post(url("survey_open", empty), follow=True, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Add at least one question before opening the survey." in page
    empty.refresh_from_db()
    assert not empty.public_link_open and not empty.waves.exists()


def test_coaches_and_other_enterprises_cannot_open_or_close(client, world, survey):
    client.force_login(world.user("coach"))
    assert client.post(url("survey_open", survey)).status_code == 403
    page = client.get(url("survey_detail", survey)).text
    assert "Open the survey" not in page
    other = builder.create_survey(
        make_evaluation(world.other_enterprise), None, title={"fr": "X"}, languages=["fr"]
    )
    client.force_login(world.user("enterprise_member"))
    assert client.post(url("survey_open", other)).status_code == 404
    assert client.post(url("survey_close", other)).status_code == 404
    survey.refresh_from_db()
    assert not survey.public_link_open and not survey.waves.exists()


def test_the_settings_no_longer_open_the_link_on_their_own(client, world, survey):
    client.force_login(world.user("enterprise_member"))
    page = client.get(url("survey_settings", survey)).text
    assert 'name="public_link_open"' not in page


def test_adding_from_the_bank_returns_to_the_builder_at_the_questions_added(client, world, survey):
    second = builder.add_section(survey, None, {"fr": "Suite"})
    client.force_login(world.user("enterprise_member"))
    detail = client.get(url("survey_detail", survey), HTTP_ACCEPT_LANGUAGE="en").text
    bank_link = f"{url('survey_bank', survey)}?section={second.pk}"
    assert f'href="{bank_link}"' in detail
    bank = client.get(bank_link).text
    assert re.search(rf'<option value="{second.pk}" selected>', bank)
    response = client.post(
        url("survey_bank_add", survey), {"code": ["self_confidence"], "section": second.pk}
    )
    added = survey.questions.get(code="self_confidence")
    assert added.section == second
    assert response["Location"] == f"{url('survey_detail', survey)}#question-{added.pk}"
    # Nothing chosen: back to the bank, the same section still chosen.
    nothing = client.post(url("survey_bank_add", survey), {"section": second.pk})
    assert nothing["Location"] == f"{url('survey_bank', survey)}?section={second.pk}"
