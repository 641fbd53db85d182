"""Respondent pages read the survey's questions and waves, and make its questions' texts
in each language, once per revision of the survey, not on every request; any change by the
team still shows at the respondent's next page. The lookups every respondent request makes
run queries compiled once."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone

from tests.surveys.respondent_helpers import (
    answer,
    make_survey,
    page_url,
    shown_codes,
    start,
    start_url,
)
from vises.surveys import builder, responding
from vises.surveys.models import Response, Survey, Wave


@pytest.fixture
def survey(world):
    return make_survey(world.enterprise)


def page(client, survey, number=1) -> str:
    response = client.get(page_url(survey, number))
    assert response.status_code == 200
    return response.text


def reads(client, survey, table="surveys_question") -> bool:
    with CaptureQueriesContext(connection) as queries:
        page(client, survey)
    return any(f'"{table}"' in query["sql"] for query in queries.captured_queries)


def test_a_page_read_again_reads_neither_the_questions_nor_the_waves_again(client, survey):
    start(client, survey)
    page(client, survey)
    assert not reads(client, survey, "surveys_question")
    assert not reads(client, survey, "surveys_wave")


def test_a_wave_the_team_closes_or_removes_takes_no_more_answers_at_the_next_page(
    client, survey, world
):
    user = world.user("enterprise_admin")
    start(client, survey)
    page(client, survey)
    wave = survey.waves.get()
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    builder.save_wave(wave, user)
    assert client.get(page_url(survey, 1)).status_code == 410

    wave.closes_on = timezone.localdate() + timedelta(days=1)
    builder.save_wave(wave, user)
    page(client, survey)
    builder.remove_wave(wave, user)
    assert client.get(page_url(survey, 1)).status_code == 400  # the session's wave is gone


def test_a_question_the_team_adds_or_changes_shows_at_the_next_page(client, survey, world):
    user = world.user("enterprise_admin")
    start(client, survey)
    assert shown_codes(page(client, survey)) == ["working"]

    section = survey.sections.get(position=0)
    builder.add_question(
        section, user, kind="short_text", code="town", text={"fr": "Votre commune ?"}
    )
    assert shown_codes(page(client, survey)) == ["working", "town"]

    builder.update_question(
        survey.questions.get(code="town"), user, text={"fr": "Dans quelle commune vivez-vous ?"}
    )
    assert "Dans quelle commune vivez-vous ?" in page(client, survey)

    builder.rename_section(section, user, {"fr": "Vous, aujourd'hui"})
    assert "Vous, aujourd&#x27;hui" in page(client, survey)

    builder.remove_question(survey.questions.get(code="town"), user)
    assert shown_codes(page(client, survey)) == ["working"]


def test_a_survey_saved_from_an_older_copy_keeps_the_newest_questions(client, survey, world):
    user = world.user("enterprise_admin")
    older_copy = Survey.objects.get(pk=survey.pk)
    start(client, survey)
    page(client, survey)
    builder.add_question(
        survey.sections.get(position=0), user, kind="short_text", code="town", text={"fr": "?"}
    )
    assert shown_codes(page(client, survey)) == ["working", "town"]

    # The copy read before the question was added is saved (the team changes a setting).
    builder.update_settings(older_copy, user, intro={"fr": "Cinq minutes."})
    assert shown_codes(page(client, survey)) == ["working", "town"]
    assert older_copy.revision != survey.revision


def test_an_answer_checked_at_the_end_follows_a_question_made_required_meanwhile(
    client, survey, world
):
    start(client, survey)
    answer(client, survey, 1, working="no")
    page(client, survey, 3)
    comment = survey.questions.get(code="comment")
    builder.update_question(comment, world.user("enterprise_admin"), required=True)
    refused = answer(client, survey, 3, confident="4")
    assert refused.status_code == 200
    assert 'id="q-comment:error"' in refused.text


def test_a_survey_is_found_by_its_link_as_the_orm_finds_it_without_a_query_built(
    survey, monkeypatch
):
    found = responding.survey_by_token(survey.public_token)
    expected = Survey.objects.get(pk=survey.pk)
    fields = [field.attname for field in Survey._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert found.title == {"fr": "Votre parcours", "nl": "Uw traject", "en": "Your path"}

    def built(*args, **kwargs):
        raise AssertionError("the query was built again")

    monkeypatch.setattr(Survey.objects, "filter", built)
    assert responding.survey_by_token(survey.public_token).pk == survey.pk
    assert responding.survey_by_token("no-such-link") is None


def test_the_first_page_finds_its_survey_and_enterprise_in_one_query_not_built_again(
    client, survey, monkeypatch, django_assert_num_queries
):
    found = responding.survey_by_token(survey.public_token, with_enterprise=True)
    assert found.evaluation.enterprise == survey.evaluation.enterprise

    def built(*args, **kwargs):
        raise AssertionError("the query was built again")

    monkeypatch.setattr(Survey.objects, "select_related", built)
    with django_assert_num_queries(1):
        found = responding.survey_by_token(survey.public_token, with_enterprise=True)
        assert found.evaluation.enterprise.name == survey.evaluation.enterprise.name
    assert survey.evaluation.enterprise.name in client.get(start_url(survey)).text


def test_the_last_page_reads_its_wave_and_submission_key_with_queries_not_built_again(
    client, survey, monkeypatch
):
    wave = survey.waves.get()
    answers = {"working": "no", "confident": 1}
    store = {"language": "fr", "via_public_link": True}
    one = responding.store_response(survey, wave, answers, submission_key="a" * 32, **store)

    def built(*args, **kwargs):
        raise AssertionError("the query was built again")

    monkeypatch.setattr(Wave.objects, "select_related", built)
    monkeypatch.setattr(Response.objects, "filter", built)
    again = responding.store_response(survey, wave, answers, submission_key="a" * 32, **store)
    assert again.pk == one.pk and again.already_stored
    other = responding.store_response(survey, wave, answers, submission_key="b" * 32, **store)
    assert other.pk != one.pk and not other.already_stored
    assert Response.objects.count() == 2


def test_question_texts_are_made_once_per_language_and_revision(client, survey, world):
    start(client, survey, "nl")
    assert "Heeft u werk?" in page(client, survey)
    french = Client()
    start(french, survey, "fr")
    assert "Avez-vous un emploi ?" in page(french, survey)

    with patch.object(responding, "question_texts", side_effect=AssertionError("made again")):
        assert "Heeft u werk?" in page(client, survey)
        assert "Avez-vous un emploi ?" in page(french, survey)

    working = survey.questions.get(code="working")
    text = {**working.text, "nl": "Werkt u?"}
    builder.update_question(working, world.user("enterprise_admin"), text=text)
    assert "Werkt u?" in page(client, survey)
    assert "Avez-vous un emploi ?" in page(french, survey)


def test_respondent_addresses_are_resolved_first_and_hide_no_other():
    patterns = get_resolver().url_patterns
    assert str(patterns[0].pattern) == "s/"
    assert not any(str(pattern.pattern).startswith("s/") for pattern in patterns[1:])
