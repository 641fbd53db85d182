"""A person reads, downloads and erases what the platform holds about them; a respondent's
response is erased by the code they were shown. Everything is reached by clicking."""

import json

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from vises.evaluations.models import Comment
from vises.surveys.models import Response

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coach_downloads_their_data_then_erases_their_account(page: Page, world, sign_in):
    coach = world.user("coach")
    evaluation = make_evaluation(world.enterprise)
    Comment.objects.create(
        evaluation=evaluation, section="general", author=coach, text="Belle avancée."
    )
    sign_in(page, coach.email)

    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Your data: read it, download it, or erase your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.locator("main")).to_contain_text("Belle avancée.")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download it all (JSON)").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["comment_author"][0]["text"] == "Belle avancée."

    page.get_by_role("link", name="Erase your account").click()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is erased")

    page.goto("/")
    assert "/login/" in page.url


def test_an_admin_erases_a_response_with_the_code_its_respondent_was_shown(
    page: Page, world, sign_in
):
    from tests.surveys.respondent_helpers import make_survey

    survey = make_survey(world.enterprise)
    response = Response.objects.create(
        wave=survey.waves.get(),
        answers={"working": "no", "confident": 4, "comment": "À effacer"},
        language="fr",
        submission_key="e2e",
    )
    sign_in(page, world.user("enterprise_admin").email)
    page.get_by_role("link", name="Atelier Vert").first.click()
    page.get_by_role("link", name=survey.evaluation.title).first.click()
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name="Erase a respondent's answers at their request").click()
    assert_accessible(page)
    page.get_by_label("Response code or survey code").fill(response.response_code.lower())
    page.get_by_role("button", name="Find the answers").click()
    expect(page.locator("main table")).to_contain_text("Your path")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.locator("main")).to_contain_text("1 response erased for good")
    assert not Response.objects.exists()
