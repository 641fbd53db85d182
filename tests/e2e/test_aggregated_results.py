"""A network admin clicks from home to the network's aggregated results, switches the
interface to Dutch and reads them: figures of the enterprises that share, a lone region
hidden; axe finds no serious or critical violation. An enterprise admin shares from the
evaluation."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from tests.networks.shared_figures import sharing_enterprise

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WALLONIA = {"country": "BE", "region": "BE-WAL"}
FLANDERS = {"country": "BE", "region": "BE-VLG", "postcode": "9000"}


def test_network_admin_reads_the_aggregated_results_in_dutch(page: Page, world, sign_in):
    network = world.network
    sharing_enterprise(network, "Wal Un", value=10, answers=[4] * 6 + [3] * 4, **WALLONIA)
    sharing_enterprise(network, "Wal Deux", value=20, answers=[3] * 5 + [4] * 5, **WALLONIA)
    sharing_enterprise(network, "Wal Trois", value=30, answers=[4] * 8 + [2] * 2, **WALLONIA)
    sharing_enterprise(network, "Vla Een", value=40, answers=[4] * 10, **FLANDERS)
    sign_in(page, world.user("network_admin").email)

    page.get_by_role("link", name=network.name).first.click()
    page.get_by_role("link", name="Aggregated results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aggregated results")
    page.get_by_role("button", name="Nederlands").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Geaggregeerde resultaten")
    main = page.locator("main")
    expect(main).to_contain_text("4 ondernemingen delen hun cijfers")
    indicator = page.get_by_role("table", name="Laatste waarde van elke onderneming, per regio")
    total = indicator.get_by_role("row").filter(has_text="Alle ondernemingen")
    expect(total).to_contain_text("25")  # the median of 10, 20, 30, 40
    expect(indicator.get_by_role("row").filter(has_text="Vlaanderen")).to_contain_text("verborgen")
    assert_accessible(page)

    page.get_by_role("link", name="Per land").click()
    answers = page.get_by_role("table", name="Antwoorden, per land")
    everyone = answers.get_by_role("row").filter(has_text="Alle personen die antwoordden")
    expect(everyone).to_contain_text("40")
    assert_accessible(page)


def test_enterprise_admin_shares_from_the_evaluation(page: Page, world, sign_in):
    evaluation = make_evaluation(world.enterprise)
    sign_in(page, world.user("enterprise_admin").email)

    page.get_by_role("link", name=evaluation.title).first.click()
    page.get_by_role("link", name="Nothing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data sharing with the network")
    page.get_by_label("Read-only content for the network's admins").check()
    page.get_by_role("button", name="Save my choice").click()

    expect(page.locator(".messages")).to_contain_text("From now on, your network may use")
    expect(page.get_by_role("row").filter(has_text="Enterprise Admin")).to_contain_text(
        "Read-only content"
    )
    assert_accessible(page)
