"""A respondent on a phone, in Dutch, answers a two-page survey with a condition using
the keyboard only, with JavaScript and then without it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.surveys.respondent_helpers import make_survey
from vises.surveys.models import Response

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(selector).evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_survey(page: Page, survey, working: bool, check_accessibility: bool) -> None:
    check = assert_accessible if check_accessibility else (lambda page: None)
    page.goto(f"/s/{survey.public_token}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw traject")
    check(page)
    # Agreeing is its own step, a box ticked with the keyboard; then the language, the
    # browser's first.
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    expect(page.locator("#consent")).to_be_checked()
    tab_to(page, "button[value=nl]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Heeft u werk?")).to_be_visible()
    expect(page.locator("#q-hours")).to_have_count(0)
    check(page)
    if check_accessibility:
        # Next without an answer: the error is said at the question and at the top.
        tab_to(page, "button[value=next]")
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert")).to_be_visible()
        check(page)
    tab_to(page, "#q-working")
    if not working:
        page.keyboard.press("ArrowDown")  # moves to and chooses "Nee"
    page.keyboard.press("Space")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    if working:
        # "Hours" shows once "Ja" is sent: the page says so and shows it.
        expect(page.locator("#q-hours")).to_be_visible()
        check(page)
        tab_to(page, "#q-hours")
        page.keyboard.type("32")
        tab_to(page, "button[value=next]")
        page.keyboard.press("Enter")

    expect(page.get_by_text("Ik heb vertrouwen.")).to_be_visible()
    check(page)
    tab_to(page, "#q-confident")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, "#q-comment")
    page.keyboard.type("Goed zo")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Hartelijk dank!")).to_be_visible()
    check(page)


def phone_context(browser: Browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-BE", viewport=PHONE, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def test_a_phone_in_dutch_answers_with_the_keyboard_with_and_without_javascript(
    browser: Browser, live_server, world
):
    survey = make_survey(world.enterprise)
    survey.sections.get(position=1).delete()  # two pages: "working" (and "hours"), "future"

    with_js = phone_context(browser, live_server)
    answer_survey(with_js.new_page(), survey, working=True, check_accessibility=True)
    cookies = {cookie["name"] for cookie in with_js.cookies()}
    with_js.close()

    without_js = phone_context(browser, live_server, java_script_enabled=False)
    answer_survey(without_js.new_page(), survey, working=False, check_accessibility=False)
    without_js.close()

    answers = sorted(
        (response.answers for response in Response.objects.all()), key=lambda a: a["working"]
    )
    assert answers == [
        {"working": "no", "confident": 4, "comment": "Goed zo"},
        {"working": "yes", "hours": 32, "confident": 4, "comment": "Goed zo"},
    ]
    assert all(response.language == "nl" for response in Response.objects.all())
    assert cookies == {"sessionid"}
