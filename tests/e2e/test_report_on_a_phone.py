"""On a phone 360 px wide, a report's page and its public page never scroll sideways: a
wide table scrolls inside its own box (which a keyboard reaches too); axe finds no serious
issue on either."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_reports import report_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sideways(page) -> dict:
    return page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth,"
        " tables: [...document.querySelectorAll('.report-table-box')]"
        ".filter(box => box.scrollWidth > box.clientWidth).length})"
    )


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_the_report_and_its_public_page_fit_a_phone(
    browser: Browser, live_server, world, sign_in, browser_locale
):
    from vises.reports import builder

    evaluation = report_world(world)
    admin = world.user("enterprise_admin")
    report = builder.create_report(
        evaluation, admin, audience="funders", language="fr", title="Rapport 2026"
    )
    builder.publish(report, admin)
    phone = browser.new_context(base_url=live_server.url, locale=browser_locale, viewport=PHONE)
    phone.set_default_timeout(TIMEOUT_MS)
    page = phone.new_page()
    try:
        sign_in(page, admin.email)
        page.goto(f"/evaluations/{evaluation.pk}/reports/{report.pk}/")
        expect(page.get_by_role("heading", name="Indicateurs clés et leurs cibles")).to_be_visible()
        on_the_team_page = sideways(page)
        assert on_the_team_page["page"] <= on_the_team_page["viewport"], on_the_team_page
        # The tables wider than the phone scroll inside their box, not the page.
        assert on_the_team_page["tables"] >= 1
        assert_accessible(page)

        public = phone.new_page()
        public.goto(f"/p/{report.public_token}/")
        expect(public.get_by_text("Chiffres au ")).to_be_visible()
        on_the_public_page = sideways(public)
        assert on_the_public_page["page"] <= on_the_public_page["viewport"], on_the_public_page
        assert on_the_public_page["tables"] >= 1
        assert_accessible(public)
    finally:
        phone.close()
