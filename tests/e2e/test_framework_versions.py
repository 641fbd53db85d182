"""A network admin adapts the default framework in the browser and publishes it."""

import re

import pytest
from playwright.sync_api import Page, expect

from vises.frameworks import store
from vises.frameworks.models import FrameworkVersion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "Name": ("Heures de réparation", "Herstellingsuren", "Repair hours"),
    "Definition": (
        "Heures passées à réparer des objets pendant l'année.",
        "Uren besteed aan het herstellen van voorwerpen tijdens het jaar.",
        "Hours spent repairing objects during the year.",
    ),
    "Unit": ("heures", "uren", "hours"),
}


def test_network_admin_forks_adds_an_indicator_publishes_and_sees_the_diff(
    page: Page, world, sign_in
):
    default = store.load_default()
    # The network's draft numbers on from the default it adapts.
    number = default.version + 1
    sign_in(page, world.user("network_admin").email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Framework").click()
    page.get_by_role("link", name="VISES reference framework").click()
    page.get_by_role("link", name="Adapt for my network").click()
    page.get_by_role("button", name="Make the draft").click()
    expect(page.get_by_text(f"Draft version {number} is ready")).to_be_visible()

    page.get_by_role("link", name="Add an indicator").click()
    form = page.locator("main form.stacked")
    form.get_by_label("Code").fill("repair_hours")
    for label, (french, dutch, english) in TEXTS.items():
        form.get_by_label(f"{label} (French)").fill(french)
        form.get_by_label(f"{label} (Dutch)").fill(dutch)
        form.get_by_label(f"{label} (English)").fill(english)
    form.get_by_label("How it is obtained").select_option("counted")
    form.get_by_label("Environmental").check()
    form.get_by_label("Other SSE enterprise").check()
    form.get_by_label("Direction").select_option("higher_is_better")
    form.get_by_role("button", name="Add to the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Changes")
    expect(page.get_by_text("repair_hours")).to_be_visible()

    page.get_by_role("link", name="Schema").click()
    page.get_by_role("button", name=f"Publish version {number}").click()
    expect(page.get_by_text(f"Version {number} is published")).to_be_visible()

    page.get_by_role("link", name="Changes from the earlier version").click()
    added = page.locator("main section", has=page.get_by_role("heading", name="Indicators"))
    expect(added.get_by_role("heading", name="Added")).to_be_visible()
    expect(added.get_by_text(re.compile("repair_hours.*Repair hours"))).to_be_visible()

    published = FrameworkVersion.objects.get(version=number)
    assert (published.status, published.based_on_id) == ("published", default.pk)
    indicator = published.document["indicators"][-1]
    assert indicator["name"] == dict(zip(["fr", "nl", "en"], TEXTS["Name"], strict=True))
    default.refresh_from_db()
    assert "repair_hours" not in {i["code"] for i in default.document["indicators"]}
