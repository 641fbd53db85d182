"""The team signs in, clicks from the home page to its survey, opens it, a respondent
answers on a phone through the link, and the team reads every question on the survey's
results page, keeping an open answer as a quote from there."""

import re

import pytest
from django.urls import resolve
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_survey_respondent import phone_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def survey_to_open(world):
    """An evaluation with one evaluative question whose plan collects a survey asking a
    single choice and an open question, not yet open."""
    from vises.surveys import builder

    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(text="Que change l'atelier ?", themes=[])
    evaluation.plan_rows.create(question=question, methods=["survey"])
    survey = builder.create_survey(
        evaluation,
        None,
        title={"fr": "Avis des stagiaires", "en": "Trainees' views"},
        languages=["fr", "en"],
    )
    section = survey.sections.get()
    builder.add_question(
        section,
        None,
        code="useful",
        kind="single_choice",
        text={"fr": "L'atelier vous aide-t-il ?", "en": "Does the workshop help you?"},
        options=[
            {"value": "yes", "label": {"fr": "Oui", "en": "Yes"}},
            {"value": "no", "label": {"fr": "Non", "en": "No"}},
        ],
    )
    builder.add_question(
        section, None, code="why", kind="long_text", text={"fr": "Pourquoi ?", "en": "Why?"}
    )
    return evaluation, survey


def test_team_opens_its_survey_from_the_home_page_and_reads_its_results(
    page: Page, browser: Browser, live_server, world, sign_in
):
    from vises.interpretation.models import Quote
    from vises.surveys.models import Response

    # The URLs import the whole app (numpy, SciPy, matplotlib...): done here rather than in
    # the live server's first request, which the browser waits for only ten seconds.
    resolve("/")
    evaluation, survey = survey_to_open(world)
    sign_in(page, world.user("enterprise_member").email)

    # Home, the enterprise, the evaluation's journey, its surveys, the survey.
    page.locator("main").get_by_role("link", name=str(world.enterprise)).first.click()
    page.locator("main").get_by_role("link", name=evaluation.title).first.click()
    page.locator("main").get_by_role("link", name="Surveys", exact=True).first.click()
    page.locator("main").get_by_role("link", name="Trainees' views").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trainees' views")

    # Open it: its first wave is made, and the link shows with its QR code.
    page.get_by_role("button", name="Open the survey").click()
    expect(page.locator("#collection")).to_contain_text("Respondents answer through this link")
    expect(page.locator("#collection .qr svg")).to_be_visible()
    assert_accessible(page)
    link = page.locator("#collection .public-link a").get_attribute("href")
    assert survey.waves.count() == 1

    # A respondent answers on a phone, without an account.
    phone = phone_context(browser, live_server)
    respondent = phone.new_page()
    respondent.goto(link)
    respondent.locator("button[value=en]").click()
    respondent.get_by_label("Yes").check()
    respondent.locator("textarea").fill("The trainers listen to us.")
    respondent.locator("button[value=next]").click()
    expect(respondent).to_have_url(re.compile(r"/thanks/$"))
    phone.close()
    assert Response.objects.filter(wave__survey=survey).count() == 1

    # The team reads every question on the results page.
    page.locator("nav").get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    results = page.locator("main")
    expect(results.locator(".survey-result")).to_have_count(2)
    expect(results.get_by_role("heading", name="Does the workshop help you?")).to_be_visible()
    expect(results.locator(".data-table").first).to_contain_text("100%")
    expect(results.locator("#open-answers")).to_contain_text("The trainers listen to us.")
    assert_accessible(page)

    # And keeps the open answer as a quote of the evaluative question.
    results.get_by_label("The trainers listen to us.").check()
    results.get_by_role("button", name="Keep the ticked answers as quotes").click()
    expect(page.locator("#open-answers")).to_contain_text("Kept as a quote.")
    assert Quote.objects.get().text == "The trainers listen to us."
