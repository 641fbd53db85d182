"""The team builds a survey with a condition in the builder, a respondent answers it on a
phone in Dutch with the keyboard only, and the answer shows in the team's view."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_survey_respondent import phone_context, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_locale", ["nl-BE"])
def test_team_builds_a_survey_a_phone_answers_it_and_the_team_sees_it(
    page: Page, browser: Browser, live_server, world, sign_in
):
    from vises.surveys.models import Response, Survey

    evaluation = make_evaluation(world.enterprise)
    admin = world.user("enterprise_admin")
    admin.preferred_language = "nl"
    admin.save()
    sign_in(page, admin.email)
    surveys = f"/evaluations/{evaluation.pk}/surveys/"

    # A survey in Dutch and French.
    page.goto(surveys + "new/")
    page.locator("input[name=languages][value=nl]").check()
    page.locator("input[name=languages][value=fr]").check()
    page.locator("input[name=title_nl]").fill("Uw ervaring bij ons")
    page.locator("input[name=title_fr]").fill("Votre expérience chez nous")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    survey = Survey.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw ervaring bij ons")
    assert_accessible(page)
    section = survey.sections.get()

    # "Werkt u?" then "Hoeveel uren?", shown only to those who work.
    page.goto(f"{surveys}{survey.pk}/sections/{section.pk}/questions/new/")
    page.locator("[name=text_nl]").fill("Werkt u op dit moment?")
    page.locator("[name=text_fr]").fill("Travaillez-vous en ce moment ?")
    page.locator("select[name=kind]").select_option("single_choice")
    page.locator("input[name=required]").check()
    page.locator("textarea[name=options]").fill("Ja | Oui\nNee | Non")
    page.locator("[name=code]").fill("working")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{surveys}{survey.pk}/sections/{section.pk}/questions/new/")
    page.locator("[name=text_nl]").fill("Hoeveel uren per week?")
    page.locator("[name=text_fr]").fill("Combien d'heures par semaine ?")
    page.locator("select[name=kind]").select_option("number")
    page.locator("[name=minimum]").fill("0")
    page.locator("[name=maximum]").fill("60")
    page.locator("[name=code]").fill("hours")
    page.locator("main form button[type=submit]").first.click()
    hours = survey.questions.get(code="hours")
    page.goto(f"{surveys}{survey.pk}/questions/{hours.pk}/condition/")
    page.locator("select[name=question_1]").select_option("working")
    page.locator("select[name=op_1]").select_option("equals")
    page.locator("[name=value_1]").fill("Ja")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    hours.refresh_from_db()
    assert hours.condition["rules"][0]["question"] == "working"

    # A wave open from today, and the public link opened.
    page.goto(f"{surveys}{survey.pk}/waves/")
    today = timezone.localdate()
    page.locator("[name=label]").fill("2026")
    page.locator("[name=opens_on]").fill(today.isoformat())
    page.locator("[name=closes_on]").fill((today + timedelta(days=30)).isoformat())
    page.locator("main form button[type=submit]").last.click()
    page.goto(f"{surveys}{survey.pk}/")
    page.locator("#collection button[type=submit]").click()
    expect(page.locator("#collection .qr svg")).to_be_visible()
    assert_accessible(page)
    survey.refresh_from_db()
    assert survey.public_link_open and survey.waves.exists()

    # A respondent on a phone, keyboard only.
    phone = phone_context(browser, live_server)
    respondent = phone.new_page()
    respondent.goto(f"/s/{survey.public_token}/")
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Uw ervaring bij ons")
    tab_to(respondent, "button[value=nl]")
    respondent.keyboard.press("Enter")
    expect(respondent.get_by_text("Werkt u op dit moment?")).to_be_visible()
    expect(respondent.locator("#q-hours")).to_have_count(0)
    tab_to(respondent, "#q-working")
    respondent.keyboard.press("Space")
    tab_to(respondent, "button[value=next]")
    respondent.keyboard.press("Enter")
    expect(respondent.locator("#q-hours")).to_be_visible()
    assert_accessible(respondent)
    tab_to(respondent, "#q-hours")
    respondent.keyboard.type("32")
    tab_to(respondent, "button[value=next]")
    respondent.keyboard.press("Enter")
    expect(respondent).to_have_url(re.compile(r"/thanks/$"))
    expect(respondent.locator("html")).to_have_attribute("lang", "nl")
    phone.close()
    stored = Response.objects.get()
    assert stored.answers["hours"] == 32 and stored.language == "nl"

    # The team sees it.
    page.goto(f"{surveys}{survey.pk}/responses/")
    expect(page.locator(".responses-table")).to_contain_text("32")
    assert_accessible(page)
