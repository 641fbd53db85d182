"""The accompaniment pages in a real browser: axe finds no serious or critical violation,
and the feedback scales are usable by keyboard."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def accompanied(world):
    from vises.evaluations.models import (
        AccompanimentSession,
        Comment,
        SharingConsent,
        SharingLevel,
        StepFeedback,
    )

    evaluation = make_evaluation(world.enterprise)
    Comment.objects.create(
        evaluation=evaluation, section="portrait", author=world.user("coach"), text="Précisez."
    )
    AccompanimentSession.objects.create(
        evaluation=evaluation,
        coach=world.user("coach"),
        date=datetime.date(2026, 3, 2),
        duration_minutes=90,
        step=1,
        topics="Question évaluative",
    )
    StepFeedback.objects.create(evaluation=evaluation, step=0, usefulness=4, difficulty=2)
    SharingConsent.objects.create(evaluation=evaluation, level=SharingLevel.RESEARCH)
    return evaluation


def test_coach_pages(page: Page, world, sign_in):
    evaluation = accompanied(world)
    sign_in(page, world.user("coach").email)
    for path in [
        "/accompaniment/",
        f"/evaluations/{evaluation.pk}/comments/portrait/",
        f"/evaluations/{evaluation.pk}/sessions/",
        f"/evaluations/{evaluation.pk}/sessions/new/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # A session form sent with errors.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    assert_accessible(page)


def test_team_gives_feedback_with_the_keyboard(page: Page, world, sign_in):
    from vises.evaluations.models import StepFeedback

    evaluation = accompanied(world)
    sign_in(page, world.user("enterprise_member").email)
    page.goto(f"/evaluations/{evaluation.pk}/feedback/1/")
    assert_accessible(page)
    usefulness = page.get_by_role("group").first
    usefulness.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.get_by_role("group").nth(1).get_by_role("radio").first.check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(evaluation.title)
    assert StepFeedback.objects.get(step=1).usefulness == 3


def test_researcher_view(page: Page, world, sign_in):
    accompanied(world)
    sign_in(page, world.user("researcher").email)
    page.goto(f"/networks/{world.network.pk}/accompaniment/")
    expect(page.get_by_role("rowheader", name=world.enterprise.pseudonym).first).to_be_visible()
    assert_accessible(page)


def test_researcher_clicks_from_the_network_to_the_action_research_view(page: Page, world, sign_in):
    accompanied(world)
    sign_in(page, world.user("researcher").email)
    page.get_by_role("link", name=world.network.name).first.click()
    page.get_by_role("link", name="Action research across the network (pseudonymised)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action research across the network")
    expect(page.get_by_role("rowheader", name=world.enterprise.pseudonym)).to_be_visible()
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    assert world.enterprise.name not in page.content()
    assert_accessible(page)
