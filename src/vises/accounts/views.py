from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.mail import QueuedPasswordResetForm
from vises.networks import progress
from vises.twofactor import devices

from . import invitations, listing, organisations, throttling
from .forms import (
    AcceptInvitationForm,
    EnterpriseForm,
    JoinNetworkForm,
    ProfileForm,
    enterprise_invitation_form,
)
from .models import (
    EnterpriseMembership,
    Invitation,
    User,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's way in: their networks with what their role does there, and the
    enterprises they work for or follow. Registering an enterprise is offered to those who
    hold no role in a network: network admins add enterprises to their programme."""
    memberships = list(request.user.network_memberships.select_related("network"))
    enterprises = rules.enterprises_for(request.user).select_related("network")[:10]
    # An enterprise's team goes straight on with its evaluations; coaches have their
    # dashboard, network admins their network's progress.
    evaluations = []
    if not memberships:
        evaluations = progress.progress_of(
            rules.evaluations_for(request.user).order_by("-period_start", "-created_at")
        )
    return render(
        request,
        "accounts/home.html",
        {
            "network_memberships": memberships,
            "enterprises": enterprises,
            "for_networks": bool(memberships),
            "evaluations": evaluations,
            "readable": {item.evaluation.pk for item in evaluations},
            "platform_admin": rules.is_platform_admin(request.user),
        },
    )


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    chosen = {field: request.GET.get(field, "") for field in listing.FILTERS}
    query = request.GET.get("q", "").strip()
    enterprises = listing.EnterpriseList(request.user, chosen, query)
    return render(
        request,
        "accounts/enterprise_list.html",
        {
            "page": Paginator(enterprises, 50).get_page(request.GET.get("page")),
            "query": query,
            "selected": chosen,
        },
    )


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if form.is_valid():
        enterprise = organisations.create_enterprise(
            form.save(commit=False), network=None, by=request.user
        )
        messages.success(request, _("%(name)s was created.") % {"name": enterprise})
        return redirect("enterprise_detail", enterprise.pk)
    return render(request, "accounts/enterprise_form.html", {"form": form})


@login_required
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = rules.get_enterprise(request.user, enterprise_id)
    return render(
        request,
        "accounts/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "members": enterprise.memberships.select_related("user").order_by("role", "user"),
            "coaches": [a.coach for a in enterprise.coach_assignments.select_related("coach")],
            "may_manage": rules.may_manage_enterprise(request.user, enterprise),
            "is_enterprise_admin": rules.enterprise_role(request.user, enterprise)
            == "enterprise_admin",
            **_evaluations_of(request.user, enterprise),
        },
    )


def _evaluations_of(user, enterprise) -> dict:
    """The enterprise's evaluations the user follows, with where each stands; `readable`,
    those whose content they may open (its network's admins see progress only)."""
    readable = rules.evaluations_for(user).filter(enterprise=enterprise)
    followed = rules.evaluations_followed_by_network(user).filter(enterprise=enterprise)
    evaluations = (readable | followed).distinct().order_by("-period_start", "-created_at")
    return {
        "evaluations": progress.progress_of(evaluations),
        "readable": set(readable.values_list("pk", flat=True)),
    }


@login_required
def enterprise_edit(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = rules.get_enterprise_to_manage(request.user, enterprise_id)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if form.is_valid():
        organisations.change_identity(form.instance, by=request.user)
        messages.success(request, _("Your changes were saved."))
        return redirect("enterprise_detail", enterprise.pk)
    return render(
        request, "accounts/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
def enterprise_network(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """The enterprise's admins ask to join a network, or leave it."""
    enterprise = rules.get_enterprise_to_represent(request.user, enterprise_id)
    form = JoinNetworkForm(request.POST or None)
    if request.method == "POST":
        try:
            if "leave" in request.POST:
                organisations.leave_network(enterprise, by=request.user)
                messages.success(request, _("%(name)s now stands alone.") % {"name": enterprise})
                return redirect("enterprise_detail", enterprise.pk)
            if form.is_valid():
                organisations.ask_to_join(enterprise, form.cleaned_data["network"], by=request.user)
                messages.success(
                    request,
                    _("Your request was sent to %(network)s.")
                    % {"network": form.cleaned_data["network"]},
                )
                return redirect("enterprise_detail", enterprise.pk)
        except organisations.OrganisationError as error:
            messages.error(request, str(error))
    return render(
        request, "accounts/enterprise_network.html", {"enterprise": enterprise, "form": form}
    )


@login_required
def enterprise_members(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = rules.get_enterprise_to_manage(request.user, enterprise_id)
    form = enterprise_invitation_form(request.POST or None, initial={"language": get_language()})
    if form.is_valid():
        try:
            invitations.invite(
                organisation=enterprise, invited_by=request.user, **form.cleaned_data
            )
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect("enterprise_members", enterprise.pk)
    return render(
        request,
        "accounts/enterprise_members.html",
        {
            "enterprise": enterprise,
            "members": enterprise.memberships.select_related("user").order_by("role", "user"),
            "invitations": enterprise.invitations.open(),
            "form": form,
        },
    )


@login_required
@require_POST
def enterprise_member_remove(
    request: HttpRequest, enterprise_id: int, membership_id: int
) -> HttpResponse:
    enterprise = rules.get_enterprise_to_manage(request.user, enterprise_id)
    membership = get_object_or_404(EnterpriseMembership, pk=membership_id, enterprise=enterprise)
    try:
        organisations.remove_enterprise_member(membership, by=request.user)
    except organisations.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
    return redirect("enterprise_members", enterprise.pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = rules.get_invitation_to_manage(request.user, invitation_id)
    invitations.revoke(invitation, by=request.user)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    if invitation.network_id:
        return redirect("network_members", invitation.network_id)
    return redirect("enterprise_members", invitation.enterprise_id)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the link may open it; only its addressee may accept it."""
    invitation = Invitation.objects.select_related("network", "enterprise").find(token)
    try:
        invitations.check_usable(invitation)
    except invitations.InvitationError as error:
        return render(request, "accounts/invitation_error.html", {"error": error}, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "existing": existing}
    if request.user.is_authenticated and request.user != existing:
        return render(request, "accounts/invitation_wrong_user.html", context, status=403)

    if existing is None:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"preferred_language": get_language()},
        )
        if form.is_valid():
            user = User.objects.create_user(
                invitation.email,
                form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            return _accept_and_enter(request, invitation, user)
        context["form"] = form
    elif request.method == "POST":
        return _accept_and_enter(request, invitation, existing)
    elif not request.user.is_authenticated:
        messages.info(request, _("You already have an account: sign in to accept."))
        return redirect(f"{reverse('login')}?next={request.path}")
    return render(request, "accounts/accept_invitation.html", context)


def _accept_and_enter(request, invitation, user) -> HttpResponse:
    try:
        invitations.accept(invitation, user)
    except invitations.InvitationError as error:
        return render(request, "accounts/invitation_error.html", {"error": error}, status=410)
    if not request.user.is_authenticated:
        login(request, user, backend="vises.accounts.backends.UserBackend")
    messages.success(
        request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation}
    )
    if invitation.enterprise_id:
        return redirect("enterprise_detail", invitation.enterprise_id)
    return redirect("network_detail", invitation.network_id)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        response = redirect("profile")
        if language := form.cleaned_data["preferred_language"]:
            _remember_language(response, language)
        messages.success(request, _("Your profile was saved."))
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "two_factor": devices.authenticator_of(request.user) is not None},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, and remember it for a signed-in person."""
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    language = request.POST.get("language", "")
    if check_for_language(language) and language in dict(settings.LANGUAGES):
        _remember_language(response, language)
        if request.user.is_authenticated:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
    return response


def _remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending one address at most a few e-mails an hour, through
    the worker."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        if not throttling.allow_password_reset(form.cleaned_data["email"]):
            form.add_error(
                "email",
                _(
                    "Several links were already sent to this address in the last hour. "
                    "Look in your mailbox (and its spam folder), or try again in an hour."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)
