import re
import time
from base64 import b32decode
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.conftest import PASSWORD
from vises.twofactor import devices


def code_of(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding `secret` shows now, or `steps_ahead` periods
    of 30 seconds later (a code already used cannot sign in again)."""
    totp = TOTP(unhexlify(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def shown_secret(page) -> str:
    """The secret of the set-up page, from the key shown for typing, as django-otp keeps it."""
    typed = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page.text)
    return b32decode(typed.group(1).replace(" ", "")).hex()


def sign_in(client, email: str, password: str = PASSWORD, language: str = "en"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, HTTP_ACCEPT_LANGUAGE=language
    )


def give_code(client, code: str, language: str = "en", next_url: str = ""):
    return client.post(
        reverse("two_factor_verify"),
        {"code": code, "next": next_url},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English unless a request asks otherwise (the default language is French)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def with_two_factor():
    """Turn two-factor sign-in on for a person; returns their secret and recovery codes."""

    def turn_on(user) -> tuple[str, list[str]]:
        secret = devices.new_secret()
        _device, codes = devices.turn_on(user, secret, code_of(secret))
        return secret, codes

    return turn_on


def sign_in_with_both(client, user, secret: str) -> None:
    """Sign in with the password and the app's next code."""
    sign_in(client, user.email)
    assert give_code(client, code_of(secret, steps_ahead=1)).status_code == 302
