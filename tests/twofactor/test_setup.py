"""Turning two-factor sign-in on and off from one's profile, and the recovery codes."""

import re

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.twofactor.conftest import code_of, shown_secret, sign_in, sign_in_with_both
from vises.twofactor import devices


def test_profile_leads_to_two_factor_sign_in_which_is_off(client, world):
    client.force_login(world.user("coach"))
    profile = client.get(reverse("profile"))
    assert "Off: you sign in with your password alone." in profile.text
    assert reverse("two_factor") in profile.text
    page = client.get(reverse("two_factor"))
    assert "Two-factor sign-in is off" in page.text
    assert reverse("two_factor_setup") in page.text


def test_set_up_page_shows_a_qr_code_and_the_key_without_inline_style(client, world):
    client.force_login(world.user("coach"))
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    svg = re.search(r"<svg.*?</svg>", page.text, re.S).group(0)
    assert "style" not in svg and "script" not in svg
    # The same secret while the page is reloaded, until an app confirms it.
    assert shown_secret(client.get(reverse("two_factor_setup"))) == shown_secret(page)
    assert not TOTPDevice.objects.exists()


def test_a_wrong_code_does_not_turn_it_on(client, world):
    client.force_login(world.user("coach"))
    secret = shown_secret(client.get(reverse("two_factor_setup")))
    wrong = f"{(int(code_of(secret)) + 1) % 1_000_000:06d}"
    page = client.post(reverse("two_factor_setup"), {"code": wrong})
    assert page.status_code == 200
    assert "This is not the code the app shows for VISES now" in page.text
    assert not TOTPDevice.objects.exists()


def test_turning_on_shows_ten_recovery_codes_once_and_as_a_file(client, world):
    coach = world.user("coach")
    client.force_login(coach)
    secret = shown_secret(client.get(reverse("two_factor_setup")))
    response = client.post(reverse("two_factor_setup"), {"code": code_of(secret)})
    assert response.headers["Location"] == reverse("two_factor")
    assert TOTPDevice.objects.get(user=coach).key == secret

    page = client.get(reverse("two_factor"))
    assert "Two-factor sign-in is on." in page.text
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "10 unused recovery codes are left." in page.text

    download = client.get(reverse("two_factor_recovery_codes_download"))
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    assert all(code in download.text for code in codes)

    client.post(reverse("two_factor_codes_kept"))
    assert not any(code in client.get(reverse("two_factor")).text for code in codes)
    assert client.get(reverse("two_factor_recovery_codes_download")).status_code == 404
    # The session that set it up is signed in with both factors: pages stay open.
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_former_ones(client, world, with_two_factor):
    coach = world.user("coach")
    secret, former = with_two_factor(coach)
    sign_in_with_both(client, coach, secret)
    client.post(reverse("two_factor_recovery_codes"))
    page = client.get(reverse("two_factor"))
    fresh = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page.text)
    assert len(fresh) == 10 and not set(fresh) & set(former)
    assert StaticToken.objects.filter(device__user=coach).count() == 10
    assert devices.check_code(coach, former[0]) is None


def test_turning_off_asks_for_a_current_code(client, world, settings, with_two_factor):
    # No wait after a wrong code here (test_sign_in tests it): the right one follows at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    coach = world.user("coach")
    secret, _codes = with_two_factor(coach)
    sign_in_with_both(client, coach, secret)

    refused = client.post(reverse("two_factor_turn_off"), {"code": "000000"})
    assert refused.status_code == 400
    assert "This code is not right." in refused.text
    assert TOTPDevice.objects.filter(user=coach).exists()

    turned_off = client.post(
        reverse("two_factor_turn_off"), {"code": code_of(secret, steps_ahead=2)}, follow=True
    )
    assert "Two-factor sign-in is off." in turned_off.text
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticToken.objects.filter(device__user=coach).exists()

    # Signing in again takes the password alone.
    client.post(reverse("logout"))
    assert sign_in(client, coach.email).headers["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
