"""A network admin clicks from the network page to its audit log and narrows it down, in a
real browser; axe finds no serious or critical violation and Chromium refuses nothing of
the page's Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_csp import Refusals

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_network_admin_reads_and_filters_the_audit_log(context, world, sign_in):
    from vises.audit.models import AuditEntry

    AuditEntry.record(
        AuditEntry.Kind.COACH_ASSIGNED,
        by=world.user("network_admin"),
        enterprise=world.sibling,
        person=world.user("coach"),
    )
    AuditEntry.record(
        AuditEntry.Kind.ADMITTED, by=world.user("network_admin"), enterprise=world.enterprise
    )
    refusals = Refusals(context)
    page: Page = context.new_page()
    sign_in(page, world.user("network_admin").email)

    page.locator("main").get_by_role("link", name=world.network.name).click()
    page.get_by_role("link", name="Audit log").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Coach <coach@example.org> now follows Crèche Soleil.")
    expect(table).to_contain_text("Atelier Vert was admitted to Réseau Nord.")
    assert_accessible(page)

    page.get_by_label("Kind").select_option(label="Coach assigned")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Coach <coach@example.org> now follows Crèche Soleil.")
    expect(page.get_by_label("Kind")).to_have_value("coach_assigned")
    refusals.assert_none(page)
