"""Changes to networks and enterprises: admission, coach assignments, memberships."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    EnterpriseRole,
    Network,
    NetworkMembership,
    NetworkRole,
)


class OrganisationError(Exception):
    """A change that would break a rule of the organisation; the message is translated."""


@transaction.atomic
def create_enterprise(enterprise: Enterprise, *, network: Network | None, creator=None):
    """Save a new enterprise, admitted into `network`, or standalone with `creator` as admin."""
    if network:
        enterprise.network = network
        enterprise.admission = Enterprise.Admission.ADMITTED
    else:
        enterprise.network = None
        enterprise.admission = Enterprise.Admission.STANDALONE
    enterprise.save()
    if creator and not network:
        EnterpriseMembership.objects.create(
            user=creator, enterprise=enterprise, role=EnterpriseRole.ENTERPRISE_ADMIN
        )
    return enterprise


@transaction.atomic
def ask_to_join(enterprise: Enterprise, network: Network) -> None:
    if enterprise.admission == Enterprise.Admission.ADMITTED:
        raise OrganisationError(
            _("%(enterprise)s already belongs to %(network)s. Leave it first.")
            % {"enterprise": enterprise, "network": enterprise.network}
        )
    enterprise.network = network
    enterprise.admission = Enterprise.Admission.PENDING
    enterprise.save(update_fields=["network", "admission"])


@transaction.atomic
def leave_network(enterprise: Enterprise) -> None:
    """Stand alone again: the network and its coaches no longer see the enterprise."""
    CoachAssignment.objects.filter(enterprise=enterprise).delete()
    enterprise.network = None
    enterprise.admission = Enterprise.Admission.STANDALONE
    enterprise.save(update_fields=["network", "admission"])


@transaction.atomic
def decide_admission(enterprise: Enterprise, admit: bool) -> None:
    if enterprise.admission != Enterprise.Admission.PENDING:
        raise OrganisationError(
            _("%(enterprise)s has not asked to join.") % {"enterprise": enterprise}
        )
    enterprise.admission = Enterprise.Admission.ADMITTED if admit else Enterprise.Admission.DECLINED
    enterprise.save(update_fields=["admission"])


def assign_coach(network: Network, enterprise: Enterprise, coach) -> CoachAssignment:
    if enterprise.network_id != network.id or enterprise.admission != Enterprise.Admission.ADMITTED:
        raise OrganisationError(
            _("%(enterprise)s is not an admitted enterprise of %(network)s.")
            % {"enterprise": enterprise, "network": network}
        )
    if not network.memberships.filter(user=coach, role=NetworkRole.COACH).exists():
        raise OrganisationError(
            _("%(person)s is not a coach of %(network)s.") % {"person": coach, "network": network}
        )
    assignment, _created = CoachAssignment.objects.get_or_create(coach=coach, enterprise=enterprise)
    return assignment


@transaction.atomic
def remove_network_member(membership: NetworkMembership) -> None:
    """Remove a role in a network, keeping at least one admin; a coach's assignments go too."""
    if membership.role == NetworkRole.NETWORK_ADMIN and not (
        membership.network.memberships.filter(role=NetworkRole.NETWORK_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise OrganisationError(_("A network keeps at least one admin."))
    CoachAssignment.objects.filter(
        coach=membership.user, enterprise__network=membership.network
    ).delete()
    membership.delete()


@transaction.atomic
def remove_enterprise_member(membership: EnterpriseMembership) -> None:
    if membership.role == EnterpriseRole.ENTERPRISE_ADMIN and not (
        membership.enterprise.memberships.filter(role=EnterpriseRole.ENTERPRISE_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise OrganisationError(_("An enterprise keeps at least one admin."))
    membership.delete()
