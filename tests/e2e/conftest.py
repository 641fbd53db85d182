"""Browser fixtures: a real Chromium, driven by Playwright, against pytest-django's live server.

The Chromium is the system one (CI installs it with apt); Playwright's own browser
download is never used. If it is missing the tests fail, they are not skipped.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.conftest import PASSWORD

# Playwright's sync API runs an asyncio event loop in this thread, so Django would refuse
# ORM calls made by the test code itself (SynchronousOnlyOperation) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The end-to-end tests need Chromium at {CHROMIUM}; install it "
            "(Debian/Ubuntu: apt-get install chromium).",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's locale, hence its Accept-Language. Override with
    `@pytest.mark.parametrize("browser_locale", ["fr-BE"])`."""
    return "en-US"


@pytest.fixture(scope="session")
def warm_app() -> None:
    """Import every view and load the page frame before the browser's first request: the
    live server would do it then, and on a busy machine that first page takes longer than
    the browser waits."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    assert get_resolver().url_patterns
    get_template("base.html")


@pytest.fixture
def context(
    browser: Browser, live_server, browser_locale: str, warm_app: None
) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        locale=browser_locale,
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign in through the real form, and wait until the home page is shown."""

    def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))

    return sign_in
