"""A network admin clicks from home to a new programme and its progress board, and
filters the board, in a real browser; axe finds no serious or critical violation."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_network_admin_creates_a_programme_and_filters_its_board(page: Page, world, sign_in):
    make_evaluation(world.enterprise, title="Impact 2026")
    today = timezone.localdate()
    sign_in(page, world.user("network_admin").email)

    page.get_by_role("link", name=world.network.name).first.click()
    page.get_by_role("link", name="Programmes").click()
    assert_accessible(page)
    page.get_by_role("link", name="New programme").click()
    form = page.locator("main form")
    form.get_by_label("Name").fill("Cohorte test")
    form.get_by_label("Starts on").fill((today - datetime.timedelta(days=60)).isoformat())
    form.get_by_label("Ends on").fill((today + datetime.timedelta(days=200)).isoformat())
    form.get_by_label("Atelier Vert").check()
    form.get_by_label("Crèche Soleil").check()
    form.get_by_label("Preliminary step done by").fill(
        (today - datetime.timedelta(days=10)).isoformat()
    )
    assert_accessible(page)
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorte test")
    assert_accessible(page)
    page.get_by_role("link", name="Progress board of this programme").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Progress of the enterprises")
    expect(page.locator("main svg[role=img]")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Crèche Soleil")).to_contain_text("late")
    assert_accessible(page)

    page.get_by_label("Enterprise group").select_option(label="Collective services")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_role("row").filter(has_text="Crèche Soleil")).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="Atelier Vert")).to_have_count(0)
    assert "group=collective_service" in page.url
    assert_accessible(page)
