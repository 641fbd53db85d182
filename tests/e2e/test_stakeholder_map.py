"""The stakeholder map on a laptop's screen: its chart never covers the table's links."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_evaluation

pytestmark = pytest.mark.e2e


def test_edit_and_remove_links_of_the_map_can_be_clicked_at_1280_px(page, world, sign_in):
    evaluation = make_evaluation(world.enterprise)
    for number in range(1, 7):
        evaluation.stakeholders.create(
            name=f"Personnes accompagnées du parcours numéro {number}",
            importance=number % 5 + 1,
            influence=(number * 2) % 5 + 1,
            involvement="consult",
            how_to_reach="Par l'intermédiaire de leur référent de parcours, chaque mardi matin",
        )
    assert page.viewport_size["width"] == 1280
    sign_in(page, world.user("enterprise_admin").email)
    page.goto(f"/evaluations/{evaluation.pk}/stakeholders/")
    # The most important comes first, its row beside the top of the chart.
    first = evaluation.stakeholders.order_by("-importance", "-influence").first().name
    assert page.locator("tbody tr").first.get_by_role("rowheader").inner_text() == first

    # A click without force fails when another element (the chart) would receive it.
    page.get_by_role("link", name=f"Edit {first}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)

    page.go_back()
    page.get_by_role("button", name=f"Remove {first}").click()
    expect(page.get_by_role("rowheader", name=first)).to_have_count(0)
    assert evaluation.stakeholders.count() == 5
