from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import devices

# Where a signed-in person still owing a step may go: the page of that step (giving a code,
# or setting up an authenticator app), signing out and switching language.
OPEN_PAGES = {
    step: {step, "logout", "set_language"} for step in ("two_factor_verify", "two_factor_setup")
}


class TwoFactorMiddleware:
    """Hold back a signed-in person who has not given their second factor yet.

    Someone with an authenticator app who signed in with their password alone is sent to
    give a code, whichever way they signed in (the sign-in page, the platform admin's).
    Someone who must use two-factor sign-in and has no app yet is sent to set it up.
    Either way, before any other page; `request.two_factor_gate` names the step owed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.two_factor_gate = None
        user = request.user
        if user.is_authenticated and not user.is_verified():
            gate = devices.gate(user)
            if gate.has_authenticator:
                request.two_factor_gate = "two_factor_verify"
            elif gate.required:
                request.two_factor_gate = "two_factor_setup"
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = request.two_factor_gate
        if step is None:
            return None
        if request.resolver_match.url_name in OPEN_PAGES[step]:
            return None
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
