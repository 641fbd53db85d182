"""A person's own data: reading it, downloading it, and erasing their account."""

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import erasure, personal_data
from .forms import ErasureForm


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in person, section by section."""
    return render(
        request, "privacy/my_data.html", {"sections": personal_data.sections_for(request.user)}
    )


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    content = json.dumps(personal_data.as_json(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"vises-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    """Erase the signed-in person's account once they give their password again; refused,
    naming them, while an enterprise or a network has no other admin."""
    user = request.user
    blocking = erasure.organisations_left_without_admin(user)
    form = ErasureForm(request.POST or None, user=user)
    if not blocking and form.is_valid():
        try:
            erasure.erase_account(user)
        except erasure.ErasureRefused as refused:
            blocking = refused.organisations
        else:
            logout(request)
            return render(request, "privacy/erased.html")
    if blocking:
        form = None
    return render(
        request,
        "privacy/erase.html",
        {"form": form, "blocking": blocking},
    )
