"""How sign-in attempts (django-axes) and password resets are counted for throttling.

Counts live in the database, so every app server sees the same ones."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import PasswordResetRequest

RESET_WINDOW = timedelta(hours=1)


def attempted_email(request, credentials) -> str:
    """The address an attempt was made for, lower-cased: emails sign in case-insensitively,
    so "Ana@x.org" and "ana@x.org" must share one failure count."""
    email = (credentials or {}).get("username") or request.POST.get("username", "")
    return email.strip().lower()


def client_address(request) -> str | None:
    """The address of the client that signs in. Behind VISES_PROXY_COUNT proxies, the one
    the outermost proxy put in X-Forwarded-For (counted from the right, so entries a client
    wrote itself are ignored); otherwise the address of the connection."""
    proxies = settings.VISES_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def allow_password_reset(email: str) -> bool:
    """Whether a reset e-mail may go to this address now, counting the request if so: at
    most PASSWORD_RESETS_PER_HOUR an hour, whether or not an account has the address (so
    the answer reveals nothing about accounts)."""
    address_hash = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - RESET_WINDOW).delete()
    if (
        PasswordResetRequest.objects.filter(address_hash=address_hash).count()
        >= settings.PASSWORD_RESETS_PER_HOUR
    ):
        return False
    PasswordResetRequest.objects.create(address_hash=address_hash)
    return True
