"""Changes to networks and enterprises: admission, coach assignments, memberships, an
enterprise's identity. Each is kept in the audit log with who made it (`by`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from vises.audit.models import AuditEntry

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
def create_enterprise(enterprise: Enterprise, *, network: Network | None, by):
    """Save a new enterprise: admitted into `network` by one of its admins (`by`), or
    standalone with its creator (`by`) as its admin."""
    if network:
        enterprise.network = network
        enterprise.admission = Enterprise.Admission.ADMITTED
    else:
        enterprise.network = None
        enterprise.admission = Enterprise.Admission.STANDALONE
    enterprise.save()
    if network:
        AuditEntry.record(AuditEntry.Kind.ENTERPRISE_ADDED, by=by, enterprise=enterprise)
    else:
        EnterpriseMembership.objects.create(
            user=by, enterprise=enterprise, role=EnterpriseRole.ENTERPRISE_ADMIN
        )
        AuditEntry.record(
            AuditEntry.Kind.MEMBER_ADDED,
            by=by,
            enterprise=enterprise,
            person=by,
            role=EnterpriseRole.ENTERPRISE_ADMIN,
        )
    return enterprise


# The fields of an enterprise that say who it is, whose changes the audit log keeps.
IDENTITY_FIELDS = [
    "name",
    "legal_form",
    "group",
    "country",
    "region",
    "municipality",
    "postcode",
    "nace_code",
    "size_band",
    "founding_year",
    "website",
]


@transaction.atomic
def change_identity(enterprise: Enterprise, *, by) -> Enterprise:
    """Save the enterprise's identity, changed on it (by a form), keeping what changed."""
    before = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.save()
    changes = {
        name: [getattr(before, name), getattr(enterprise, name)]
        for name in IDENTITY_FIELDS
        if getattr(before, name) != getattr(enterprise, name)
    }
    if changes:
        AuditEntry.record(
            AuditEntry.Kind.IDENTITY_CHANGED, by=by, enterprise=enterprise, changes=changes
        )
    return enterprise


@transaction.atomic
def change_network_settings(network: Network, *, by) -> Network:
    """Save what the network asks of its people, changed on it (by a form), keeping a
    change of its two-factor requirement in the audit log."""
    before = Network.objects.get(pk=network.pk)
    network.save()
    if before.require_two_factor != network.require_two_factor:
        AuditEntry.record(
            AuditEntry.Kind.TWO_FACTOR_RULE,
            by=by,
            network=network,
            required=network.require_two_factor,
        )
    return network


@transaction.atomic
def ask_to_join(enterprise: Enterprise, network: Network, *, by) -> None:
    if enterprise.admission == Enterprise.Admission.ADMITTED:
        raise OrganisationError(
            _("%(enterprise)s already belongs to %(network)s. Leave it first.")
            % {"enterprise": enterprise, "network": enterprise.network}
        )
    enterprise.network = network
    enterprise.admission = Enterprise.Admission.PENDING
    enterprise.save(update_fields=["network", "admission"])
    AuditEntry.record(AuditEntry.Kind.ADMISSION_ASKED, by=by, enterprise=enterprise)


@transaction.atomic
def leave_network(enterprise: Enterprise, *, by) -> None:
    """Stand alone again: the network and its coaches no longer see the enterprise."""
    network = enterprise.network
    for assignment in CoachAssignment.objects.filter(enterprise=enterprise).select_related("coach"):
        unassign_coach(assignment, by=by)
    if network:
        AuditEntry.record(
            AuditEntry.Kind.LEFT_NETWORK, by=by, network=network, enterprise=enterprise
        )
    enterprise.network = None
    enterprise.admission = Enterprise.Admission.STANDALONE
    enterprise.save(update_fields=["network", "admission"])


@transaction.atomic
def decide_admission(enterprise: Enterprise, admit: bool, *, by) -> None:
    if enterprise.admission != Enterprise.Admission.PENDING:
        raise OrganisationError(
            _("%(enterprise)s has not asked to join.") % {"enterprise": enterprise}
        )
    enterprise.admission = Enterprise.Admission.ADMITTED if admit else Enterprise.Admission.DECLINED
    enterprise.save(update_fields=["admission"])
    AuditEntry.record(
        AuditEntry.Kind.ADMITTED if admit else AuditEntry.Kind.DECLINED,
        by=by,
        network=enterprise.network,
        enterprise=enterprise,
    )


@transaction.atomic
def assign_coach(network: Network, enterprise: Enterprise, coach, *, by) -> CoachAssignment:
    if enterprise.network_id != network.id or enterprise.admission != Enterprise.Admission.ADMITTED:
        raise OrganisationError(
            _("%(enterprise)s is not an admitted enterprise of %(network)s.")
            % {"enterprise": enterprise, "network": network}
        )
    if not network.memberships.filter(user=coach, role=NetworkRole.COACH).exists():
        raise OrganisationError(
            _("%(person)s is not a coach of %(network)s.") % {"person": coach, "network": network}
        )
    assignment, created = CoachAssignment.objects.get_or_create(coach=coach, enterprise=enterprise)
    if created:
        AuditEntry.record(
            AuditEntry.Kind.COACH_ASSIGNED, by=by, enterprise=enterprise, person=coach
        )
    return assignment


@transaction.atomic
def unassign_coach(assignment: CoachAssignment, *, by) -> None:
    AuditEntry.record(
        AuditEntry.Kind.COACH_UNASSIGNED,
        by=by,
        enterprise=assignment.enterprise,
        person=assignment.coach,
    )
    assignment.delete()


@transaction.atomic
def remove_network_member(membership: NetworkMembership, *, by) -> None:
    """Remove a role in a network, keeping at least one admin; a coach's assignments go too."""
    if membership.role == NetworkRole.NETWORK_ADMIN and not (
        membership.network.memberships.filter(role=NetworkRole.NETWORK_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise OrganisationError(_("A network keeps at least one admin."))
    for assignment in CoachAssignment.objects.filter(
        coach=membership.user, enterprise__network=membership.network
    ).select_related("coach", "enterprise"):
        unassign_coach(assignment, by=by)
    AuditEntry.record(
        AuditEntry.Kind.MEMBER_REMOVED,
        by=by,
        network=membership.network,
        person=membership.user,
        role=membership.role,
    )
    membership.delete()


@transaction.atomic
def remove_enterprise_member(membership: EnterpriseMembership, *, by) -> None:
    if membership.role == EnterpriseRole.ENTERPRISE_ADMIN and not (
        membership.enterprise.memberships.filter(role=EnterpriseRole.ENTERPRISE_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise OrganisationError(_("An enterprise keeps at least one admin."))
    AuditEntry.record(
        AuditEntry.Kind.MEMBER_REMOVED,
        by=by,
        enterprise=membership.enterprise,
        person=membership.user,
        role=membership.role,
    )
    membership.delete()
