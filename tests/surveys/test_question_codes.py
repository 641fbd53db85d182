"""A question's code serves analyses and exports: the builder names questions by their
text and number, and shows the code last, among the advanced details."""

import lxml.html
from django.urls import reverse

from tests.access.test_every_url import samples

CODE = "satisfied"  # the sample question's code


def open_as_team(client, world, name, language="en"):
    values = samples(world, name, "own")
    admin = world.user("enterprise_admin")
    admin.preferred_language = language
    admin.save()
    client.force_login(admin)
    params = {"evaluation_id": values["evaluation_id"], "survey_id": values["survey_id"]}
    if name != "survey_detail":
        params["survey_question_id"] = values["survey_question_id"]
    page = client.get(reverse(name, kwargs=params))
    assert page.status_code == 200
    return lxml.html.document_fromstring(page.content)


def test_the_survey_lists_its_questions_by_text_with_the_code_last(client, world):
    root = open_as_team(client, world, "survey_detail")
    question = root.xpath("//li[contains(@class, 'survey-question')]")[0]
    assert question.xpath("string(.//p/strong)") == "Are you satisfied?"
    terms = [" ".join(dt.text_content().split()) for dt in question.xpath(".//dl/dt")]
    assert terms[0] == "Type" and terms[-1] == "Code"
    assert question.xpath(".//dl/dt[last()]/@class") == ["muted"]
    hidden = question.xpath(".//a[starts-with(., 'Edit')]//span[@class='visually-hidden']")
    assert hidden[0].text_content().strip() == "question 1"


def test_editing_a_question_names_it_by_its_text_and_keeps_the_code_among_advanced_details(
    client, world
):
    root = open_as_team(client, world, "survey_question_edit", "fr")
    assert root.findtext(".//h1") == "Modifier la question"
    assert CODE not in root.findtext(".//title")
    assert root.xpath("string(//p[@class='lead'])") == "Êtes-vous satisfait ?"
    legends = [legend.text_content() for legend in root.xpath("//fieldset/legend")]
    assert legends[-1] == "Détails avancés"
    assert root.xpath("//fieldset[last()]//input[@name='code']/@value") == [CODE]


def test_the_condition_page_names_the_question_by_its_text(client, world):
    root = open_as_team(client, world, "survey_question_condition")
    assert root.findtext(".//h1") == "When to show this question"
    assert CODE not in root.findtext(".//title")
