"""Erasing a respondent's answers at their request, by the code they hold."""

import re

import pytest
from django.urls import reverse

from tests.surveys.respondent_helpers import answer, make_survey, start
from vises.evaluations.models import Change
from vises.interpretation.models import Quote
from vises.surveys import distribution
from vises.surveys.models import Response


def _answer_online(client, survey, comment, code=None):
    """Answer the three pages; returns the thanks page."""
    start(client, survey, "fr", code=code)
    answer(client, survey, 1, working="no")
    answer(client, survey, 3, confident="4", comment=comment)
    return client.get(reverse("survey_respond_thanks", args=[survey.public_token]))


def _shown_code(thanks_html: str) -> str:
    return re.search(r'class="response-code">([^<]+)<', thanks_html).group(1)


@pytest.fixture
def survey(world):
    return make_survey(world.enterprise)


def test_the_respondent_is_shown_a_response_code_that_finds_their_response(client, survey):
    thanks = _answer_online(client, survey, "Mon chef Paul me harcèle")
    shown = _shown_code(thanks.text)
    stored = Response.objects.get()
    assert shown.replace("-", "") == stored.response_code
    assert len(stored.response_code) == 10


def test_an_admin_erases_a_response_by_its_code_after_confirming(client, world, survey):
    kept_client = client.__class__()
    _answer_online(kept_client, survey, "Tout va bien")
    thanks = _answer_online(client, survey, "Mon chef Paul me harcèle")
    code = _shown_code(thanks.text)
    erased = Response.objects.get(answers__comment="Mon chef Paul me harcèle")
    question = survey.evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    Quote.objects.create(
        question=question,
        response=erased,
        survey_question=survey.questions.get(code="comment"),
        text="Mon chef Paul me harcèle",
        language="fr",
    )
    evaluation = survey.evaluation
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    surveys_page = client.get(reverse("survey_list", args=[evaluation.pk]))
    url = reverse("survey_response_erase", args=[evaluation.pk])
    assert url in surveys_page.text

    # Typed in lower case with spaces, as people do: it is found and shown, not erased yet.
    found = client.post(url, {"code": code.lower().replace("-", " ")}, HTTP_ACCEPT_LANGUAGE="en")
    assert found.status_code == 200
    assert "Erase for good" in found.text
    assert Response.objects.filter(pk=erased.pk).exists()

    done = client.post(url, {"code": code, "confirm": "1"})
    assert done.headers["Location"] == reverse("survey_list", args=[evaluation.pk])
    assert not Response.objects.filter(pk=erased.pk).exists()
    assert not Quote.objects.exists()
    assert Response.objects.count() == 1

    change = Change.objects.get(evaluation=evaluation, part="erased_responses")
    assert change.user == admin
    assert "harcèle" not in str(change.before) + str(change.after)
    history_url = reverse("evaluation_history", args=[evaluation.pk])
    history = client.get(history_url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "erased" in history and "harcèle" not in history
    # The results are computed without it.
    results = client.get(reverse("survey_results", args=[evaluation.pk, survey.pk])).text
    assert "Tout va bien" in results and "harcèle" not in results


def test_a_survey_code_finds_the_answers_when_the_survey_links_waves(client, world):
    survey = make_survey(world.enterprise, link_waves=True)
    invitation = distribution.generate(survey.waves.get(), 1)[0]
    _answer_online(client, survey, "Réponse liée", code=invitation.code)
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    client.post(url, {"code": invitation.code, "confirm": "1"})
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.respondent_key == ""


def test_a_used_survey_code_of_an_unlinked_survey_is_explained(client, world, survey):
    invitation = distribution.generate(survey.waves.get(), 1)[0]
    _answer_online(client, survey, "Sans lien", code=invitation.code)
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    page = client.post(url, {"code": invitation.code, "confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "does not link codes to answers" in page.text
    assert Response.objects.count() == 1


def test_an_unknown_code_erases_nothing_and_says_so(client, world, survey):
    _answer_online(client.__class__(), survey, "Reste là")
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    page = client.post(url, {"code": "ZZZZZZZZZZ", "confirm": "1"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert "ZZZZZZZZZZ" in page.text
    assert Response.objects.count() == 1


def test_an_admin_cannot_erase_another_enterprise_s_response(client, world, survey):
    theirs = make_survey(world.other_enterprise)
    code = _shown_code(_answer_online(client.__class__(), theirs, "Chez eux").text)
    client.force_login(world.user("enterprise_admin"))
    # With their own evaluation, the other enterprise's code is unknown.
    own_url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    client.post(own_url, {"code": code, "confirm": "1"})
    # With the other enterprise's evaluation, the page itself does not exist for them.
    their_url = reverse("survey_response_erase", args=[theirs.evaluation.pk])
    assert client.post(their_url, {"code": code, "confirm": "1"}).status_code == 404
    assert Response.objects.filter(answers__comment="Chez eux").exists()


@pytest.mark.parametrize("role", ["enterprise_member", "coach"])
def test_only_admins_erase_responses(client, world, survey, role):
    code = _shown_code(_answer_online(client.__class__(), survey, "Ma réponse").text)
    client.force_login(world.user(role))
    url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    assert client.post(url, {"code": code, "confirm": "1"}).status_code == 403
    assert Response.objects.count() == 1
    assert url not in client.get(reverse("survey_list", args=[survey.evaluation.pk])).text


def test_an_erased_quote_leaves_the_published_report(client, world, survey):
    from vises.reports import builder

    code = _shown_code(_answer_online(client, survey, "Mon chef Paul me harcèle").text)
    response = Response.objects.get()
    question = survey.evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    Quote.objects.create(
        question=question,
        response=response,
        survey_question=survey.questions.get(code="comment"),
        text="Mon chef Paul me harcèle",
        language="fr",
    )
    report = builder.create_report(
        survey.evaluation, None, audience="funders", language="fr", title="Rapport"
    )
    builder.publish(report, None)
    public = reverse("report_public", args=[report.public_token])
    assert "Paul me harcèle" in client.get(public).text

    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_response_erase", args=[survey.evaluation.pk])
    client.post(url, {"code": code, "confirm": "1"})
    client.logout()
    page = client.get(public)
    assert page.status_code == 200
    assert "Paul me harcèle" not in page.text
