"""Each role clicks from its home to what it does, in a real browser; axe finds no serious
or critical violation on the pages it crosses."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def started(world):
    from vises.evaluations.models import Part

    evaluation = make_evaluation(world.enterprise, title="Impact 2026")
    Part.objects.create(
        evaluation=evaluation,
        name=Part.Name.PRELIMINARY,
        content={"motivation_text": "Montrer ce que deviennent nos stagiaires"},
    )
    evaluation.team.add(world.user("enterprise_member"))
    return evaluation


def test_network_admin_follows_progress_without_opening_content(page: Page, world, sign_in):
    started(world)
    sign_in(page, world.user("network_admin").email)

    page.get_by_role("link", name="Progress of the enterprises").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Progress of the enterprises")
    row = page.get_by_role("row").filter(has_text="Impact 2026")
    expect(row).to_contain_text(re.compile(r"Step \d: .*\d+%", re.S))
    expect(row.get_by_role("link", name="Impact 2026")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Crèche Soleil")).to_contain_text(
        "No evaluation yet."
    )
    assert_accessible(page)


def test_coach_reads_the_preliminary_step_and_the_portrait_from_the_journey(
    page: Page, world, sign_in
):
    evaluation = started(world)
    sign_in(page, world.user("coach").email)

    page.get_by_role("link", name="Enterprises I accompany").click()
    page.get_by_role("link", name=evaluation.title).click()
    page.get_by_role("link", name="Why, who and with what means").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preliminary step")
    expect(page.locator("main")).to_contain_text("Montrer ce que deviennent nos stagiaires")
    expect(page.locator("main textarea[name=motivation_text]")).to_have_count(0)
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Portrait of the enterprise").click()
    expect(page).to_have_url(re.compile(r"/portrait/summary/$"))
    expect(page.get_by_role("link", name="Edit the portrait")).to_have_count(0)
    assert_accessible(page)


def test_researcher_is_offered_the_networks_accompaniment_only(page: Page, world, sign_in):
    sign_in(page, world.user("researcher").email)
    main = page.locator("main")
    expect(main.get_by_role("link", name="Register an enterprise")).to_have_count(0)
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Enterprises")).to_have_count(0)
    assert_accessible(page)

    main.get_by_role("link", name="Accompaniment across the network (pseudonymised)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accompaniment across the network")
