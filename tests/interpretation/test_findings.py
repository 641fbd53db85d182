"""The page of an evaluative question's evidence: indicators with their status, survey
results with chart, data table and sentence, small groups hidden from coaches, open
answers for the team only, and quotes kept and removed."""

import re
from datetime import date

from tests.interpretation.conftest import as_shown, respond
from vises.evaluations.models import Change
from vises.interpretation.models import Quote
from vises.surveys import builder
from vises.surveys.models import Response


def url(evaluation, name="evaluation_question_findings", *more):
    from django.urls import reverse

    question = evaluation.questions.get()
    return reverse(name, args=[evaluation.pk, question.pk, *more])


def test_team_sees_indicator_status_results_chart_table_and_sentence(
    client, world, evaluation, answered
):
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    # confident_share counts answers 3 and 4: 2 of 12 at entry, 10 of 10 at exit (target 60).
    assert "Confident share" in page or "confident" in page.lower()
    assert "Entrée: 17%" in page  # 2 of 12
    assert "Sortie: 100" in page and "Target reached" in page
    # The chart, with its text alternative, and its data table under it.
    assert "<svg" in page and 'role="img"' in page
    assert "The chart in words" in page
    table = re.search(r'<table class="table compact data-table">(.*?)</table>', page, re.S)[1]
    assert "Entrée" in table and "Sortie" in table and "33%" in table
    assert "This share is higher at Sortie than at Entrée, and the difference is unlikely" in page
    # How we know, beside the sentence: the test, the answers, p in words, the margin.
    how = re.search(r'<p class="how-we-know muted">(.*?)</p>', page, re.S)[1]
    assert "How we know: Fisher’s exact test on 12 answers at Entrée and 10 at Sortie" in how
    assert "less than once in 100" in how and "margin of error (95%)" in how
    # Open answers are listed for the team, with a way to keep them as quotes.
    assert "J&#x27;ai retrouvé confiance grâce à l&#x27;équipe." in page
    assert "Keep the ticked answers as quotes" in page


def test_coach_sees_small_groups_hidden_and_no_open_answer(client, world, evaluation, answered):
    client.force_login(world.user("coach"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    assert "Groups of fewer than 5 respondents are hidden" in page
    assert "retrouvé confiance" not in page and "Keep the ticked answers" not in page
    assert "<svg" in page


def test_a_wave_with_too_few_answers_is_hidden_from_coaches_but_not_from_the_team(
    client, world, evaluation, survey
):
    for value in [1, 2, 3, 2, 2, 1]:
        respond(survey, "Entrée", value)
    for value in [3, 4, 4]:
        respond(survey, "Sortie", value)
    client.force_login(world.user("coach"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    table = re.search(r'<table class="table compact data-table">(.*?)</table>', page, re.S)[1]
    assert "hidden to protect anonymity" in table
    # The change sentence gives neither wave's count, only that it is hidden.
    assert "too few answers to conclude" not in page
    assert "The change between Entrée and Sortie is not shown" in page
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    table = re.search(r'<table class="table compact data-table">(.*?)</table>', page, re.S)[1]
    assert "hidden to protect anonymity" not in table and "67%" in table
    assert "too few answers to conclude: 6 at Entrée and 3 at Sortie" in page


def test_team_keeps_an_open_answer_as_a_quote_shortened_and_removes_it(
    client, world, evaluation, answered
):
    client.force_login(world.user("enterprise_member"))
    response = answered.questions.get(code="why")
    given = Response.objects.get(answers__has_key="why")
    key = f"{given.pk}-{response.pk}"
    page = client.post(
        url(evaluation, "evaluation_quote_add"),
        {"answer": f"{given.pk}:{response.pk}", f"text-{key}": "J'ai retrouvé confiance."},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    quote = Quote.objects.get()
    assert quote.text == "J'ai retrouvé confiance." and quote.marked_by == world.user(
        "enterprise_member"
    )
    assert "1 answer was kept as a quote." in page.content.decode()
    assert "Kept as a quote." in page.content.decode()
    again = client.post(
        url(evaluation, "evaluation_quote_add"),
        {"answer": f"{given.pk}:{response.pk}"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already a quote" in again.content.decode() and Quote.objects.count() == 1
    client.post(url(evaluation, "evaluation_quote_remove", quote.pk))
    assert not Quote.objects.exists()
    assert Change.objects.filter(part="quotes").count() == 2


def test_a_quote_from_another_evaluation_or_an_empty_answer_is_refused(
    client, world, evaluation, answered
):
    from tests.conftest import make_evaluation

    client.force_login(world.user("enterprise_member"))
    other = make_evaluation(world.other_enterprise, "Ailleurs")
    other_survey = builder.create_survey(other, None, title={"fr": "Autre"}, languages=["fr"])
    builder.add_question(
        other_survey.sections.get(), None, code="why", kind="long_text", text={"fr": "?"}
    )
    wave = other_survey.waves.create(
        label="W", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)
    )
    foreign = Response.objects.create(
        wave=wave, answers={"why": "Secret"}, language="fr", submission_key="foreign"
    )
    for response_id, question_id in [
        (foreign.pk, other_survey.questions.get().pk),
        (foreign.pk, answered.questions.get(code="why").pk),
        (
            Response.objects.filter(wave__survey=answered).first().pk,
            answered.questions.get(code="why").pk,
        ),
        ("1 OR 1=1", "x"),
    ]:
        page = client.post(
            url(evaluation, "evaluation_quote_add"),
            {"answer": f"{response_id}:{question_id}"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert page.status_code == 200
        assert (
            "cannot be found" in page.content.decode() or "no open answer" in page.content.decode()
        )
    assert not Quote.objects.exists()


def test_findings_page_in_french_says_the_change_in_french(client, world, evaluation, answered):
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="fr").text)
    assert "Résultats" in page
    said = "Cette part est plus élevée à «\xa0Sortie\xa0» qu’à «\xa0Entrée\xa0»\xa0: l’écart"
    assert said in page
    assert "Comment nous le savons\xa0: le test exact de Fisher sur 12 réponses" in page
    assert "marge d’erreur (95\xa0%)" in page
    assert "%" in page and "100" in page


def test_results_by_a_single_choice_question_hide_a_small_group_and_its_complement(
    client, world, evaluation, answered
):
    by = f"?by={answered.pk}:site"
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation) + by, HTTP_ACCEPT_LANGUAGE="en").text)
    assert f'<option value="{answered.pk}:site" selected>' in page
    table = re.search(r'<table class="table compact data-table">(.*?)</table>', page, re.S)[1]
    header = re.search(r"<thead>(.*?)</thead>", table, re.S)[1]
    assert "Nord" in header and "Sud" in header
    # South: 3 answers, two 4s and a 3 (the agree4 scale's "Agree" is 3).
    assert "67%" in table
    client.force_login(world.user("coach"))
    page = as_shown(client, client.get(url(evaluation) + by, HTTP_ACCEPT_LANGUAGE="en").text)
    table = re.search(r'<table class="table compact data-table">(.*?)</table>', page, re.S)[1]
    totals = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S)[1]
    # Sud is too small; Nord is hidden too, or Sud would be the total minus Nord.
    assert totals.count("hidden to protect anonymity") == 2
    # A tampered grouping falls back to the waves.
    page = client.get(url(evaluation) + "?by=999:nothing", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Entrée" in page.content.decode()


def test_no_answer_one_answer_and_constant_answers_are_said_plainly(
    client, world, evaluation, survey
):
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    assert "Nobody has answered yet." in page and "<svg" not in page
    assert not re.search(r"\bnan\b", page, re.I)
    respond(survey, "Entrée", 2)
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    assert "There are too few answers to conclude: 1 at Entrée and 0 at Sortie" in page
    assert "<svg" in page
    for _n in range(11):
        respond(survey, "Entrée", 2)
        respond(survey, "Sortie", 2)
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    assert "Every answer is the same at Entrée and at Sortie: nothing changed." in page
    assert not re.search(r"\b(nan|inf)\b", page, re.I)


def test_an_item_asked_to_several_stakeholder_types_is_also_shown_by_stakeholder_type(
    client, world, evaluation, answered
):
    from tests.interpretation.conftest import as_shown, respond

    version = evaluation.framework_version
    version.document["stakeholder_types"].append(
        {"code": "worker", "name": {"fr": "Travailleur", "en": "Worker"}}
    )
    version.save()
    workers = builder.create_survey(
        evaluation,
        None,
        title={"fr": "Enquête équipe"},
        languages=["fr"],
        stakeholder_type="worker",
    )
    builder.add_from_bank(workers.sections.get(), None, "self_confidence")
    workers.waves.create(label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    for value in [4, 4, 4, 3, 4, 4]:
        respond(workers, "Entrée", value)
    answered.stakeholder_type = "trainee"
    answered.save()
    client.force_login(world.user("enterprise_member"))
    page = as_shown(client, client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="en").text)
    pooled = re.search(
        r'<article class="survey-result" id="result-self_confidence-stakeholders">(.*?)</article>',
        page,
        re.S,
    )[1]
    assert "All surveys asking it, 28 answers" in pooled
    header = re.search(r"<thead>(.*?)</thead>", pooled, re.S)[1]
    assert "Person in integration" in header and "Worker" in header
    # Workers: five 4s and a 3 of six; trainees' own figures are unchanged beside it.
    assert "83%" in pooled and "17%" in pooled
