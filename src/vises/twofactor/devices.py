"""Two-factor sign-in: who must use it, and the two kinds of code that prove it.

A person's second factor is kept by django-otp: a TOTP device (the secret their
authenticator app shares, giving a 6-digit code every 30 seconds) and a static device
holding their single-use recovery codes, for the day the phone is lost. Both devices are
made together, once a code of the app has confirmed its secret, and removed together.

Wrong codes are counted on the device itself (django-otp waits twice as long after each),
so signing in again with the password does not give a fresh set of guesses.
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django_otp import verify_token
from django_otp.models import Device, VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from vises.access import prepared
from vises.accounts.models import (
    Enterprise,
    EnterpriseMembership,
    EnterpriseRole,
    NetworkMembership,
    NetworkRole,
    User,
)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


class TooManyWrongCodes(Exception):
    """The device refuses every code until `until`, after too many wrong ones."""

    def __init__(self, until: datetime | None):
        super().__init__(until)
        self.until = until


@dataclass(frozen=True)
class Gate:
    """What stands between a signed-in person and the pages: whether they have an
    authenticator app to prove, and whether they must have one."""

    has_authenticator: bool
    required: bool


# Who must use it --------------------------------------------------------------------------


def _required_condition(admins_too: bool) -> Q:
    """The people who must use two-factor sign-in, as a condition on users; `admins_too`,
    the setting VISES_REQUIRE_TWO_FACTOR, adds network and platform admins."""
    networks_requiring = Q(network__require_two_factor=True)
    coaches = NetworkMembership.objects.filter(
        networks_requiring, user=OuterRef("pk"), role=NetworkRole.COACH
    )
    enterprise_admins = EnterpriseMembership.objects.filter(
        user=OuterRef("pk"),
        role=EnterpriseRole.ENTERPRISE_ADMIN,
        enterprise__admission=Enterprise.Admission.ADMITTED,
        enterprise__network__require_two_factor=True,
    )
    condition = Q(Exists(coaches)) | Q(Exists(enterprise_admins))
    if admins_too:
        network_admins = NetworkMembership.objects.filter(
            user=OuterRef("pk"), role=NetworkRole.NETWORK_ADMIN
        )
        condition |= Q(is_staff=True) | Q(is_superuser=True) | Q(Exists(network_admins))
    return condition


def is_required(user) -> bool:
    """Whether the person must sign in with a second factor: network admins and platform
    staff while VISES_REQUIRE_TWO_FACTOR is on; coaches and enterprise admins of a network
    that requires it."""
    return User.objects.filter(
        _required_condition(settings.VISES_REQUIRE_TWO_FACTOR), pk=user.pk
    ).exists()


def _gate_query(user, admins_too: bool) -> QuerySet:
    """Whether the person has an authenticator app and whether they must, as one row."""
    authenticators = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_authenticator=Exists(authenticators),
            required=ExpressionWrapper(
                _required_condition(admins_too), output_field=BooleanField()
            ),
        )
        .order_by()
        .values_list("has_authenticator", "required")
    )


def gate(user) -> Gate:
    """Whether the person has an authenticator app and whether they must, in one query.

    It is asked on every request, so that a change (an app added or removed, a network
    turning the requirement on) holds at the very next page; its statement is built once
    for each value of the setting it depends on (see access/prepared.py).
    """
    found = prepared.rows(_gate_query, User, user, fixed=(settings.VISES_REQUIRE_TWO_FACTOR,))
    if not found:
        raise User.DoesNotExist(f"no user {user.pk}")
    has_authenticator, required = found[0]
    return Gate(has_authenticator=bool(has_authenticator), required=bool(required))


# Setting up --------------------------------------------------------------------------------


def new_secret() -> str:
    """A fresh random secret for an authenticator app, hex-encoded as django-otp keeps it."""
    return random_hex(20)


def secret_as_text(secret: str) -> str:
    """The secret as an authenticator app asks to have it typed: base 32, in groups of 4."""
    encoded = b32encode(unhexlify(secret)).decode()
    return " ".join(encoded[start : start + 4] for start in range(0, len(encoded), 4))


def setup_link(user, secret: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=secret).config_url


def qr_code_svg(link: str) -> str:
    """The QR code of a link, as an SVG element (no style or script of its own)."""
    return segno.make(link, error="m").svg_inline(scale=4, border=2)


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def code_confirms_secret(secret: str, code: str) -> bool:
    """Whether the code is the one the authenticator app shows for this secret now (or
    30 seconds before or after: a phone's clock may be a little off)."""
    code = normalise(code)
    if not re.fullmatch(r"\d{6}", code):
        return False
    return TOTP(unhexlify(secret)).verify(int(code), tolerance=1)


@transaction.atomic
def turn_on(user, secret: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Keep the secret the person's app confirmed with `code`, and make their recovery
    codes. Returns the device and the recovery codes, to be shown once."""
    totp = TOTP(unhexlify(secret))
    totp.time = time.time()
    # The code that confirmed the secret cannot sign in again.
    totp.verify(int(normalise(code)), tolerance=1)
    device = TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, key=secret, confirmed=True, last_t=totp.t()
    )
    return device, replace_recovery_codes(user)


@transaction.atomic
def replace_recovery_codes(user) -> list[str]:
    """New single-use recovery codes for the person; the former ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_CODES_NAME}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [display_recovery_code(code) for code in codes]


def display_recovery_code(code: str) -> str:
    """A recovery code as shown to people, in two halves easier to copy."""
    return f"{code[:4]}-{code[4:]}"


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def turn_off(user) -> None:
    """Remove the person's authenticator app and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Signing in ----------------------------------------------------------------------------


def normalise(code: str) -> str:
    """A code as typed, without the spaces and dashes people copy with it."""
    return re.sub(r"[\s-]", "", code).lower()


def check_code(user, code: str) -> Device | None:
    """The device that accepts the code, a 6-digit code of the authenticator app or an
    unused recovery code (which is then spent), or None.

    Raises TooManyWrongCodes while the device waits after wrong codes: none is checked.
    """
    code = normalise(code)
    if re.fullmatch(r"\d{6}", code):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, details = device.verify_is_allowed()
    if not allowed and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        raise TooManyWrongCodes(details.get("locked_until"))
    return verify_token(user, device.persistent_id, code)


def is_recovery_code(device: Device) -> bool:
    return isinstance(device, StaticDevice)
