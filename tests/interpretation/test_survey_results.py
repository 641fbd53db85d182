"""The results page of one survey: every question with its answers, by wave or by a
single-choice question, small groups hidden from coaches as on the findings pages, open
answers searched and paged for the team, and kept as quotes from there."""

import re

from django.urls import reverse

from tests.conftest import make_evaluation
from tests.interpretation.conftest import respond
from vises.evaluations.models import Change
from vises.interpretation.models import Quote
from vises.surveys import builder
from vises.surveys.models import Response


def results_url(survey, query=""):
    return reverse("survey_results", args=[survey.evaluation_id, survey.pk]) + query


def tables(page: str) -> list[str]:
    return re.findall(r'<table class="table compact data-table">(.*?)</table>', page, re.S)


def test_results_page_shows_every_question_with_its_answers(client, world, answered):
    client.force_login(world.user("enterprise_member"))
    page = client.get(results_url(answered), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The three questions, in survey order, each in the table of contents and with figures:
    # the bank item by wave, the site, the open question and its answer.
    ids = re.findall(r'<article class="survey-result" id="([^"]+)"', page)
    assert ids == [f"result-{q.pk}" for q in builder.ordered_questions(answered)]
    for anchor in ids:
        assert f'href="#{anchor}"' in page
    assert "22 responses" in page
    # The site by wave: everyone at entry was at the north site, 7 of 10 at exit.
    assert "Entrée: Nord 100%, Sud 0%; Sortie: Nord 70%, Sud 30%" in page
    assert "Entrée" in tables(page)[0] and "Sortie" in tables(page)[0]
    assert "J&#x27;ai retrouvé confiance grâce à l&#x27;équipe." in page
    assert "is higher at Sortie than at Entrée" in page and "unlikely to be chance" in page


def test_coach_sees_the_results_with_small_groups_hidden_and_no_open_answer(
    client, world, answered
):
    client.force_login(world.user("coach"))
    page = client.get(results_url(answered, "?by=site"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Groups of fewer than 5 respondents are hidden" in text
    assert '<option value="site" selected>' in text
    totals = re.search(r"<tfoot>(.*?)</tfoot>", tables(text)[0], re.S)[1]
    # Sud has 3 answers; Nord is hidden too, or Sud would be the total minus Nord.
    assert totals.count("hidden to protect anonymity") == 2
    assert "retrouvé confiance" not in text and "Keep the ticked answers" not in text
    assert "Open answers are read by the enterprise" in text
    # The team sees the same grouping whole.
    client.force_login(world.user("enterprise_member"))
    text = client.get(results_url(answered, "?by=site"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "hidden to protect anonymity" not in tables(text)[0] and "67%" in tables(text)[0]


def test_another_enterprise_or_an_outsider_cannot_open_the_results(client, world, answered):
    other = make_evaluation(world.other_enterprise, "Ailleurs")
    theirs = builder.create_survey(other, None, title={"fr": "Autre"}, languages=["fr"])
    client.force_login(world.user("enterprise_member"))
    assert client.get(results_url(theirs)).status_code == 404
    wrong_pair = reverse("survey_results", args=[other.pk, answered.pk])
    assert client.get(wrong_pair).status_code == 404
    for role in ("outsider", "network_admin", "researcher"):
        client.force_login(world.user(role))
        assert client.get(results_url(answered)).status_code == 404, role
    client.logout()
    assert client.get(results_url(answered)).status_code == 302


def test_open_answers_are_paged_by_twenty_and_searched_on_the_server(client, world, survey):
    for number in range(1, 26):
        word = "équipe" if number % 5 == 0 else "atelier"
        respond(survey, "Entrée", 2, why=f"Réponse {number:02d} sur l'{word}")
    client.force_login(world.user("enterprise_member"))
    first = client.get(results_url(survey), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Réponse 01" in first and "Réponse 20" in first and "Réponse 21" not in first
    assert "Page 1 of 2" in first
    why = survey.questions.get(code="why")
    second = client.get(results_url(survey, f"?answers-{why.pk}=2"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Réponse 21" in second.text and "Réponse 25" in second.text
    assert "Réponse 20" not in second.text
    found = client.get(results_url(survey, "?q=EQUIPE"), HTTP_ACCEPT_LANGUAGE="en").text
    shown = re.findall(r"Réponse (\d\d)", found)
    assert sorted(set(shown)) == ["05", "10", "15", "20", "25"]
    assert "5 answers of 25 hold “EQUIPE”" in found
    nothing = client.get(results_url(survey, "?q=introuvable"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "No answer holds these words." in nothing


def test_team_keeps_answers_from_the_paged_list_as_quotes_and_returns_to_that_page(
    client, world, evaluation, survey
):
    for number in range(1, 26):
        respond(survey, "Entrée", 2, why=f"Réponse {number:02d}")
    why = survey.questions.get(code="why")
    late = list(Response.objects.filter(answers__why__startswith="Réponse 2").order_by("pk"))[-2:]
    question = evaluation.questions.get()
    client.force_login(world.user("enterprise_member"))
    back = f"answers-{why.pk}=2&q=R%C3%A9ponse"
    response = client.post(
        reverse("survey_quotes_add", args=[evaluation.pk, survey.pk]),
        {
            "question": question.pk,
            "answer": [f"{given.pk}:{why.pk}" for given in late],
            f"text-{late[0].pk}-{why.pk}": "Réponse courte",
            "back": back + "&evil=1",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == results_url(survey, f"?{back}#open-answers")
    assert sorted(Quote.objects.values_list("text", flat=True)) == ["Réponse 25", "Réponse courte"]
    assert all(quote.question == question for quote in Quote.objects.all())
    assert Change.objects.filter(part="quotes").count() == 2
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert "2 answers were kept as quotes." in page
    assert page.count("(Kept as a quote.)") == 2
    # The findings list them as quotes of the evaluative question.
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    assert "Réponse courte" in client.get(findings).text


def test_keeping_quotes_needs_a_question_and_a_ticked_answer_and_the_team(
    client, world, evaluation, answered
):
    why = answered.questions.get(code="why")
    given = Response.objects.get(answers__has_key="why")
    add = reverse("survey_quotes_add", args=[evaluation.pk, answered.pk])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world.user("enterprise_member"))
    page = client.post(add, {"answer": f"{given.pk}:{why.pk}"}, follow=True)
    assert "Choose the evaluative question" in page.text and not Quote.objects.exists()
    question = evaluation.questions.get()
    page = client.post(add, {"question": question.pk}, follow=True)
    assert "Tick at least one answer" in page.text
    client.force_login(world.user("coach"))
    refused = client.post(add, {"question": question.pk, "answer": f"{given.pk}:{why.pk}"})
    assert refused.status_code == 403 and not Quote.objects.exists()


def test_findings_include_the_questions_of_the_surveys_the_plan_collects(
    client, world, evaluation, answered
):
    """`site` is tied to no indicator: it shows because the plan collects the survey."""
    question = evaluation.questions.get()
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    site = answered.questions.get(code="site")
    client.force_login(world.user("enterprise_member"))
    page = client.get(findings, HTTP_ACCEPT_LANGUAGE="en").text
    assert f'id="result-{site.pk}"' in page
    assert "Every question of the surveys the collection plan gathers" in page
    assert f'href="{results_url(answered)}"' in page
    # A plan row naming stakeholders of another type no longer collects this survey.
    answered.stakeholder_type = "trainee"
    answered.save()
    row = evaluation.plan_rows.get()
    row.stakeholders.add(
        evaluation.stakeholders.create(
            name="Familles", type_code="family", importance=3, influence=2, involvement="consult"
        )
    )
    page = client.get(findings).text
    assert f'id="result-{site.pk}"' not in page
    # The bank item of the plan's indicator still shows.
    assert f'id="result-{answered.questions.get(code="self_confidence").pk}"' in page


def test_the_survey_and_step_three_of_the_journey_link_to_the_results(
    client, world, evaluation, answered
):
    client.force_login(world.user("coach"))
    link = f'href="{results_url(answered)}"'
    survey_page = reverse("survey_detail", args=[evaluation.pk, answered.pk])
    assert link in client.get(survey_page).text
    assert link in client.get(reverse("survey_list", args=[evaluation.pk])).text
    assert link in client.get(reverse("evaluation_detail", args=[evaluation.pk])).text


def test_dates_and_an_open_bank_item_asked_to_two_stakeholder_types_are_counted_not_charted(
    client, world, evaluation, answered
):
    """The plan brings every question of its surveys to the findings: those without figures
    (a date, an open item of the bank asked to trainees and workers) are counted, never
    broken down."""
    from datetime import date

    from vises.surveys.models import Question

    version = evaluation.framework_version
    version.document["stakeholder_types"].append({"code": "worker", "name": {"fr": "Salarié"}})
    version.save()
    answered.stakeholder_type = "trainee"
    answered.save()
    builder.add_question(
        answered.sections.get(), None, code="started", kind="date", text={"fr": "Début ?"}
    )
    workers = builder.create_survey(
        evaluation, None, title={"fr": "Équipe"}, languages=["fr"], stakeholder_type="worker"
    )
    wave = workers.waves.create(
        label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)
    )
    for survey in (answered, workers):
        asked = builder.add_question(
            survey.sections.get(), None, code="changed", kind="long_text", text={"fr": "Quoi ?"}
        )
        Question.objects.filter(pk=asked.pk).update(bank_code="what_changed")
    Response.objects.create(
        wave=wave, answers={"changed": "Tout."}, language="fr", submission_key="worker"
    )
    Response.objects.create(
        wave=answered.waves.first(),
        answers={"started": "2026-01-05", "changed": "Rien."},
        language="fr",
        submission_key="trainee",
    )
    question = evaluation.questions.get()
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    client.force_login(world.user("enterprise_member"))
    page = client.get(findings, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Tout." in page.text and "Rien." in page.text
    client.force_login(world.user("coach"))
    results = client.get(results_url(answered), HTTP_ACCEPT_LANGUAGE="en").text
    started = answered.questions.get(code="started")
    article = re.search(rf'id="result-{started.pk}">(.*?)</article>', results, re.S)[1]
    assert "1 answer" in article and "<svg" not in article
    assert client.get(findings).status_code == 200
