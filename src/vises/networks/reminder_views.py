"""Stopping reminders from the link they carry, without signing in."""

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import reminders
from .models import ReminderKind


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Ask to confirm, then stop the reminders of the token's kind to its address."""
    try:
        address, kind = reminders.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "networks/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        reminders.unsubscribe(address, kind)
    return render(
        request,
        "networks/unsubscribe.html",
        {"kind": ReminderKind(kind).label, "address": address, "done": done},
    )
