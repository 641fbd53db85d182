"""The team turns a finding into an action of its improvement plan and follows it up;
every page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from vises.evaluations.models import ImprovementAction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_team_plans_an_action_from_the_findings_and_follows_it_up(page: Page, world, sign_in):
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(
        text="How does our support build trainees' confidence?", themes=[], is_main=True
    )
    sign_in(page, world.user("enterprise_member").email)

    page.goto(f"/evaluations/{evaluation.pk}/questions/{question.pk}/findings/")
    section = page.locator("section#actions")
    expect(section).to_contain_text("No action planned from these findings yet.")
    section.get_by_role("link", name="Add an action").click()
    expect(page.get_by_label("Evaluative question")).to_have_value(str(question.pk))

    # A wrong date and no text: both are named, nothing is stored.
    page.get_by_label("By when").evaluate("input => input.type = 'text'")
    page.get_by_label("By when").fill("31/31/2027")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".field-errors")).to_contain_text(["Say what the action is."])
    expect(page.get_by_text("This is not a date: write it like 06/30/2027.")).to_be_visible()
    assert_accessible(page)
    assert not ImprovementAction.objects.exists()

    page.get_by_label("What will you do?").fill("A weekly time to say what was done well.")
    page.get_by_label("Who takes care of it").fill("Julien, workshop supervisor")
    page.get_by_label("By when").fill("2027-02-26")
    page.get_by_role("button", name="Add the action").click()
    expect(page).to_have_url(re.compile(r"/improvement/#action-\d+$"))
    expect(page.locator("#counts")).to_have_text("1 action: 1 planned")
    assert_accessible(page)

    page.get_by_role("link", name="A weekly time to say what was done well.").click()
    page.get_by_label("Status now").select_option("under_way")
    page.get_by_label("Note").fill("Tried on Friday in the wood workshop.")
    page.get_by_role("button", name="Add to the follow-up").click()
    timeline = page.locator("#timeline li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(1)).to_contain_text("Tried on Friday in the wood workshop.")
    assert_accessible(page)

    page.goto(f"/evaluations/{evaluation.pk}/")
    expect(page.locator(".substep-summary")).to_have_text("1 action: 1 under way")
    assert_accessible(page)
