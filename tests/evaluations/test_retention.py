"""Respondents' data kept until the evaluation's retention date, with a warning before."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import make_evaluation
from tests.surveys.respondent_helpers import make_survey
from vises.evaluations import retention
from vises.evaluations.models import Change, Evaluation
from vises.interpretation.models import Quote
from vises.surveys import distribution, responses
from vises.surveys.models import Invitation, Response

UNTIL = datetime.date(2028, 12, 31)
DAY_AFTER = UNTIL + datetime.timedelta(days=1)


@pytest.fixture
def survey(world):
    survey = make_survey(world.enterprise, link_waves=True)
    Evaluation.objects.filter(pk=survey.evaluation_id).update(retention_until=UNTIL)
    survey.evaluation.refresh_from_db()
    return survey


def _respond(survey, comment, **keys):
    return Response.objects.create(
        wave=survey.waves.get(),
        answers={"working": "no", "confident": 4, "comment": comment},
        language="fr",
        submission_key=f"key-{comment}",
        **keys,
    )


def test_a_new_evaluation_keeps_data_two_years_after_its_period(world):
    evaluation = make_evaluation(world.enterprise)
    assert evaluation.retention_until == datetime.date(2028, 12, 31)


def test_after_the_date_open_answers_codes_and_quotes_are_deleted(world, survey):
    response = _respond(survey, "Paul, mon chef, me harcèle", respondent_key="linked")
    distribution.generate(survey.waves.get(), 3)
    question = survey.evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    Quote.objects.create(
        question=question,
        response=response,
        survey_question=survey.questions.get(code="comment"),
        text="Paul me harcèle",
        language="fr",
    )
    removed = _respond(survey, "Réponse en double, Paul")
    responses.remove(removed, "Doublon", world.user("enterprise_admin"))

    assert retention.enforce_retention(UNTIL) == 0  # the day itself still keeps them
    assert retention.enforce_retention(DAY_AFTER) == 1

    response.refresh_from_db()
    assert response.answers == {"working": "no", "confident": 4}
    assert response.respondent_key == "" and response.response_code is None
    assert not Invitation.objects.exists()
    assert not Quote.objects.exists()
    history = Change.objects.filter(evaluation=survey.evaluation)
    assert "Paul" not in str([(c.before, c.after) for c in history])
    record = history.get(part="retention")
    assert record.after == {"open_answers": 1, "quotes": 1, "codes": 3, "links": 1}
    survey.evaluation.refresh_from_db()
    assert survey.evaluation.retention_enforced_on == DAY_AFTER

    # Again the same day, or the next: nothing more to do, nothing recorded twice.
    assert retention.enforce_retention(DAY_AFTER) == 0
    assert retention.enforce_retention(DAY_AFTER + datetime.timedelta(days=1)) == 0
    assert history.filter(part="retention").count() == 1


def test_other_evaluations_keep_their_data(world, survey):
    other = make_survey(world.other_enterprise)
    Evaluation.objects.filter(pk=other.evaluation_id).update(
        retention_until=datetime.date(2031, 1, 1)
    )
    kept = _respond(other, "Toujours là")
    _respond(survey, "Partie")
    retention.enforce_retention(DAY_AFTER)
    kept.refresh_from_db()
    assert kept.answers["comment"] == "Toujours là"


def test_admins_are_warned_thirty_days_before_in_their_language(world, survey):
    _respond(survey, "Bientôt")
    admin = world.user("enterprise_admin")
    admin.preferred_language = "nl"
    admin.save()
    assert retention.warn_before_retention(UNTIL - datetime.timedelta(days=31)) == 0
    assert retention.warn_before_retention(UNTIL - datetime.timedelta(days=30)) == 1
    (message,) = mail.outbox
    assert message.to == ["enterprise_admin@example.org"]
    assert "31 december 2028" in message.subject
    assert reverse("evaluation_export", args=[survey.evaluation.pk]) in message.body
    # Once per date: the next day's run warns nobody again.
    assert retention.warn_before_retention(UNTIL - datetime.timedelta(days=29)) == 0
    assert len(mail.outbox) == 1


def test_the_team_sees_the_date_and_the_warning_on_the_evaluation_page(client, world, survey):
    client.force_login(world.user("enterprise_member"))
    url = reverse("evaluation_detail", args=[survey.evaluation.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "are kept until Dec. 31, 2028" in page
    assert "will be deleted for good" not in page
    Evaluation.objects.filter(pk=survey.evaluation.pk).update(
        retention_until=datetime.date.today() + datetime.timedelta(days=10)
    )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "will be deleted for good" in page
    assert reverse("evaluation_settings", args=[survey.evaluation.pk]) not in page


def test_an_admin_moves_the_date_and_is_warned_again(client, world, survey):
    _respond(survey, "Plus tard")
    retention.warn_before_retention(UNTIL - datetime.timedelta(days=10))
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    evaluation = survey.evaluation
    detail = client.get(reverse("evaluation_detail", args=[evaluation.pk])).text
    url = reverse("evaluation_settings", args=[evaluation.pk])
    assert url in detail
    response = client.post(
        url,
        {
            "title": evaluation.title,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "retention_until": "2030-06-30",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.retention_until == datetime.date(2030, 6, 30)
    assert evaluation.retention_warned_on is None
    change = Change.objects.get(evaluation=evaluation, part="settings")
    assert (change.before["retention_until"], change.after["retention_until"]) == (
        "2028-12-31",
        "2030-06-30",
    )


def test_a_retention_date_in_the_past_is_refused(client, world, survey):
    client.force_login(world.user("enterprise_admin"))
    evaluation = survey.evaluation
    response = client.post(
        reverse("evaluation_settings", args=[evaluation.pk]),
        {
            "title": evaluation.title,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "retention_until": "2020-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.text
    evaluation.refresh_from_db()
    assert evaluation.retention_until == UNTIL


def test_the_command_and_the_task_run_both_steps(world, survey, capsys):
    _respond(survey, "Par la commande")
    call_command("retention", "--today", DAY_AFTER.isoformat(), "--language", "en")
    assert "deleted in 1 evaluations" in capsys.readouterr().out
    assert "comment" not in Response.objects.get().answers
    result = retention.run_retention.call()
    assert result == {"warned": 0, "enforced": 0}
