"""A network's own screens: its programme, admission of enterprises, members and coaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.accounts import invitations, organisations
from vises.accounts.forms import (
    AssignCoachForm,
    EnterpriseForm,
    NetworkSettingsForm,
    network_invitation_form,
)
from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseGroup,
    NetworkMembership,
    NetworkRole,
)


@login_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network(request.user, network_id)
    admitted = network.enterprises.admitted()
    role = rules.network_role(request.user, network)
    by_group = dict(admitted.values_list("group").annotate(n=Count("id")).order_by())
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "role": role,
            "role_label": NetworkRole(role).label,
            "admitted_count": admitted.count(),
            "pending_count": network.enterprises.filter(
                admission=Enterprise.Admission.PENDING
            ).count(),
            "by_group": [
                (label, by_group.get(value, 0)) for value, label in EnterpriseGroup.choices
            ],
            "members": rules.network_people(request.user, network),
        },
    )


@login_required
def network_enterprises(request: HttpRequest, network_id: int) -> HttpResponse:
    """The programme: enterprises asking to join, and those admitted or declined."""
    network = rules.get_network_to_manage(request.user, network_id)
    enterprises = network.enterprises.annotate(coach_count=Count("coach_assignments")).order_by(
        "name"
    )
    return render(
        request,
        "networks/network_enterprises.html",
        {
            "network": network,
            "pending": [e for e in enterprises if e.admission == Enterprise.Admission.PENDING],
            "admitted": [e for e in enterprises if e.admission == Enterprise.Admission.ADMITTED],
            "declined": [e for e in enterprises if e.admission == Enterprise.Admission.DECLINED],
        },
    )


@login_required
def network_enterprise_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    form = EnterpriseForm(request.POST or None)
    if form.is_valid():
        enterprise = organisations.create_enterprise(
            form.save(commit=False), network=network, by=request.user
        )
        messages.success(
            request,
            _("%(name)s joined the programme. Invite its team from its members page.")
            % {"name": enterprise},
        )
        return redirect("enterprise_members", enterprise.pk)
    return render(request, "accounts/enterprise_form.html", {"form": form, "network": network})


@login_required
@require_POST
def network_admission(request: HttpRequest, network_id: int, enterprise_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    enterprise = get_object_or_404(network.enterprises, pk=enterprise_id)
    admit = request.POST.get("decision") == "admit"
    try:
        organisations.decide_admission(enterprise, admit=admit, by=request.user)
    except organisations.OrganisationError as error:
        messages.error(request, str(error))
    else:
        message = _("%(name)s was admitted.") if admit else _("%(name)s was declined.")
        messages.success(request, message % {"name": enterprise})
    return redirect("network_enterprises", network.pk)


@login_required
def network_members(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    form = network_invitation_form(request.POST or None, initial={"language": get_language()})
    if form.is_valid():
        try:
            invitations.invite(organisation=network, invited_by=request.user, **form.cleaned_data)
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect("network_members", network.pk)
    return render(
        request,
        "networks/network_members.html",
        {
            "network": network,
            "members": rules.network_people(request.user, network),
            "invitations": network.invitations.open(),
            "form": form,
        },
    )


@login_required
@require_POST
def network_member_remove(
    request: HttpRequest, network_id: int, membership_id: int
) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    membership = get_object_or_404(NetworkMembership, pk=membership_id, network=network)
    try:
        organisations.remove_network_member(membership, by=request.user)
    except organisations.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
    return redirect("network_members", network.pk)


@login_required
def network_settings(request: HttpRequest, network_id: int) -> HttpResponse:
    """What the network asks of its people: two-factor sign-in of coaches and enterprise
    admins."""
    network = rules.get_network_to_manage(request.user, network_id)
    # Unticking the only box sends no field: the form is bound whenever it was sent.
    form = NetworkSettingsForm(request.POST if request.method == "POST" else None, instance=network)
    if form.is_valid():
        organisations.change_network_settings(form.save(commit=False), by=request.user)
        messages.success(request, _("Your changes were saved."))
        return redirect("network_settings", network.pk)
    return render(request, "networks/network_settings.html", {"network": network, "form": form})


@login_required
def network_coaches(request: HttpRequest, network_id: int) -> HttpResponse:
    """Which coach follows which admitted enterprise."""
    network = rules.get_network_to_manage(request.user, network_id)
    form = AssignCoachForm(request.POST or None, network=network)
    if form.is_valid():
        try:
            organisations.assign_coach(network, **form.cleaned_data, by=request.user)
        except organisations.OrganisationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(coach)s now follows %(enterprise)s.") % form.cleaned_data,
            )
            return redirect("network_coaches", network.pk)
    enterprises = network.enterprises.admitted().prefetch_related(
        Prefetch("coach_assignments", queryset=CoachAssignment.objects.select_related("coach"))
    )
    coaches = (
        network.memberships.filter(role=NetworkRole.COACH)
        .select_related("user")
        .annotate(
            load=Count(
                "user__coach_assignments",
                filter=Q(user__coach_assignments__enterprise__network=network),
            )
        )
    )
    return render(
        request,
        "networks/network_coaches.html",
        {"network": network, "enterprises": enterprises, "coaches": coaches, "form": form},
    )


@login_required
@require_POST
def network_coach_unassign(
    request: HttpRequest, network_id: int, assignment_id: int
) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    assignment = get_object_or_404(
        CoachAssignment.objects.select_related("coach", "enterprise"),
        pk=assignment_id,
        enterprise__network=network,
    )
    organisations.unassign_coach(assignment, by=request.user)
    messages.success(
        request,
        _("%(coach)s no longer follows %(enterprise)s.")
        % {"coach": assignment.coach, "enterprise": assignment.enterprise},
    )
    return redirect("network_coaches", network.pk)
