"""Two-factor sign-in: setting it up from one's profile, and the code asked after the
password."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import devices
from .forms import CodeForm, ConfirmSecretForm

# Kept in the session: the secret offered until an app confirms it, and the recovery codes
# just made, until the person says they have kept them.
PENDING_SECRET = "two_factor_pending_secret"
FRESH_RECOVERY_CODES = "two_factor_fresh_recovery_codes"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Where a person turns two-factor sign-in on or off and manages recovery codes."""
    return _overview(request, CodeForm())


def _overview(request: HttpRequest, turn_off_form: CodeForm, status: int = 200) -> HttpResponse:
    authenticator = devices.authenticator_of(request.user)
    return render(
        request,
        "twofactor/two_factor.html",
        {
            "authenticator": authenticator,
            "required": devices.is_required(request.user),
            "codes_left": devices.recovery_codes_left(request.user) if authenticator else 0,
            "fresh_codes": request.session.get(FRESH_RECOVERY_CODES),
            "turn_off_form": turn_off_form,
        },
        status=status,
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text) and keep it once the app's code confirms it."""
    if devices.authenticator_of(request.user):
        return redirect("two_factor")
    secret = request.session.setdefault(PENDING_SECRET, devices.new_secret())
    form = ConfirmSecretForm(request.POST or None, secret=secret)
    if form.is_valid():
        device, codes = devices.turn_on(request.user, secret, form.cleaned_data["code"])
        del request.session[PENDING_SECRET]
        # This session has just proved the app: it is signed in with both factors.
        otp_login(request, device)
        request.session[FRESH_RECOVERY_CODES] = codes
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect("two_factor")
    link = devices.setup_link(request.user, secret)
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            # segno draws the link's QR code: no text of anyone's is written in the SVG.
            "qr_code": mark_safe(devices.qr_code_svg(link)),  # noqa: S308
            "secret": devices.secret_as_text(secret),
            "required": devices.is_required(request.user),
        },
    )


@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes; the former ones stop working."""
    if devices.authenticator_of(request.user) is None:
        return redirect("two_factor")
    request.session[FRESH_RECOVERY_CODES] = devices.replace_recovery_codes(request.user)
    messages.success(request, _("New recovery codes were made: the former ones no longer work."))
    return redirect("two_factor")


@login_required
def two_factor_recovery_codes_download(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, as a text file to keep."""
    codes = request.session.get(FRESH_RECOVERY_CODES)
    if not codes:
        raise Http404
    lines = [
        _("VISES recovery codes for %(email)s") % {"email": request.user.email},
        _("Each code signs you in once, when your authenticator app is not at hand."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vises-recovery-codes.txt"'
    return response


@login_required
@require_POST
def two_factor_codes_kept(request: HttpRequest) -> HttpResponse:
    """The person has kept their new recovery codes: they are not shown again."""
    request.session.pop(FRESH_RECOVERY_CODES, None)
    return redirect("two_factor")


@login_required
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, on a current code of the app or a recovery code."""
    if devices.authenticator_of(request.user) is None:
        return redirect("two_factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        error = _check(request, form.cleaned_data["code"])
        if error is None:
            devices.turn_off(request.user)
            request.session.pop(FRESH_RECOVERY_CODES, None)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two_factor")
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error("code", error)
    return _overview(request, form, status=400)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code of the app or a recovery code.

    Wrong codes count as failed sign-ins (django-axes locks the address out after as many
    as wrong passwords) and slow the device down for whoever tries next.
    """
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_verified() or devices.authenticator_of(request.user) is None:
        return redirect(next_url or "home")
    credentials = {"username": request.user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        error = _check(request, form.cleaned_data["code"])
        if error is None:
            return redirect(next_url or "home")
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error("code", error)
    return render(request, "twofactor/verify.html", {"form": form, "next": next_url})


def _check(request: HttpRequest, code: str) -> str | None:
    """Verify the person's code: None if it is right (the session is then signed in with
    both factors), or the message to show."""
    try:
        device = devices.check_code(request.user, code)
    except devices.TooManyWrongCodes as refusal:
        # A code typed while the device waits is one more guess: it counts as a failure.
        _count_failure(request)
        when = formats.time_format(timezone.localtime(refusal.until)) if refusal.until else ""
        return _(
            "Too many wrong codes were typed. Wait until %(time)s before typing a new one."
        ) % {"time": when}
    if device is None:
        _count_failure(request)
        return _(
            "This code is not right. Type the code your app shows now, or a recovery code "
            "you have not used yet."
        )
    otp_login(request, device)
    if devices.is_recovery_code(device):
        left = devices.recovery_codes_left(request.user)
        messages.warning(
            request,
            ngettext(
                "You used a recovery code: %(count)d is left. Make new ones from your profile.",
                "You used a recovery code: %(count)d are left. Make new ones from your profile.",
                left,
            )
            % {"count": left},
        )
    return None


def _count_failure(request: HttpRequest) -> None:
    """Count a wrong code as django-axes counts a wrong password, for the same address."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.email}, request=request
    )


def _locked_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(request, "accounts/locked_out.html", status=429)
