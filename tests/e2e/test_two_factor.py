"""A person turns two-factor sign-in on from their profile, with an authenticator app's code
computed from the key the page shows, then signs in again with the password and a code."""

import re
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_csp import Refusals

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def app_code(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app holding the typed key shows (or will show)."""
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_turn_on_two_factor_then_sign_in_with_a_code(page: Page, context, world, sign_in):
    refusals = Refusals(context)
    coach = world.user("coach")
    sign_in(page, coach.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    page.get_by_role("link", name="Turn two-factor sign-in on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    page.get_by_role("link", name="Turn two-factor sign-in on").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    refusals.assert_none(page)
    key = page.locator("#secret").inner_text()
    page.get_by_label("6-digit code shown by the app").fill(app_code(key))
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("ul.codes li").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    refusals.assert_none(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the codes (.txt)").click()
    assert download.value.suggested_filename == "vises-recovery-codes.txt"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in text for code in codes)
    page.get_by_role("button", name="I have kept them").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_have_count(0)
    expect(page.get_by_text("10 unused recovery codes are left.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    form = page.locator("main form")
    form.locator("input[name=username]").fill(coach.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in code")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert_accessible(page)
    refusals.assert_none(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("This code is not right.")).to_be_visible()
    assert_accessible(page)
    # The wrong code makes the device wait a second before it checks the next one.
    page.wait_for_timeout(1100)
    page.get_by_label("Code").fill(app_code(key, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Coach")
