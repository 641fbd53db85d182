"""Signing in, seeing only what one may see, and speaking the person's language."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOGIN_URL = re.compile(r"/accounts/login/(\?.*)?$")
HOME_URL = re.compile(r"^https?://[^/]+/$")


def submit_sign_in(page: Page, email: str, password: str) -> None:
    form = page.locator("main form")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


def test_coach_signs_in_sees_own_enterprises_and_keeps_dutch(page: Page, world):
    coach = world.user("coach")

    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    submit_sign_in(page, coach.email, PASSWORD)

    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Coach")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Enterprises").click()
    expect(page).to_have_url(re.compile(r"/enterprises/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enterprises")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Atelier Vert")).to_be_visible()
    for hidden in ["Crèche Soleil", "Buurtwerk", "Solo"]:
        expect(main).not_to_contain_text(hidden)

    page.locator('.language-switcher button[value="nl"]').click()
    expect(page).to_have_url(re.compile(r"/enterprises/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ondernemingen")
    expect(main.get_by_role("link", name="Atelier Vert")).to_be_visible()
    coach.refresh_from_db()
    assert coach.preferred_language == "nl"

    page.get_by_role("button", name="Afmelden").click()
    expect(page).to_have_url(LOGIN_URL)
    # Forget the language cookie: only the preference stored on the user remains.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    submit_sign_in(page, coach.email, PASSWORD)
    expect(page).to_have_url(HOME_URL)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dag Coach")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Ondernemingen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ondernemingen")


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_wrong_password_is_refused_in_the_browser_language(page: Page, world):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")

    submit_sign_in(page, world.user("coach").email, "not the password")

    expect(page).to_have_url(LOGIN_URL)
    error = page.get_by_role("alert")
    expect(error).to_contain_text("Saisissez un")
    expect(error).to_contain_text("mot de passe valides")
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)


@pytest.mark.parametrize("browser_locale", ["nl-BE"])
def test_anonymous_visitor_gets_the_sign_in_page_in_dutch(page: Page, world):
    page.goto("/")

    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    expect(page.locator("main form").get_by_role("button", name="Aanmelden")).to_be_visible()
    expect(page.get_by_role("link", name="Ondernemingen")).to_have_count(0)
