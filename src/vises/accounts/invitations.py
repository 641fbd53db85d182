"""Inviting people by email to a role, and accepting invitations."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished

from vises.audit.models import AuditEntry
from vises.worker import reasons

from .models import (
    EnterpriseMembership,
    EnterpriseRole,
    Invitation,
    NetworkMembership,
    User,
)


class InvitationError(Exception):
    """An invitation cannot be sent or accepted; the message says why, translated."""


def is_member(email: str, organisation) -> bool:
    memberships = organisation.memberships.filter(user__email__iexact=email)
    return memberships.exists()


@transaction.atomic
def invite(*, organisation, email: str, role: str, language: str, invited_by) -> Invitation:
    """Record an invitation to `organisation` and have the worker email its link to
    `email`; if it cannot, the invitation says why (`email_error`).

    An earlier open invitation of the same address to the same organisation is replaced.
    """
    email = email.strip().lower()
    if is_member(email, organisation):
        raise InvitationError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation}
        )
    target = (
        {"network": organisation}
        if role not in EnterpriseRole.values
        else {"enterprise": organisation}
    )
    Invitation.objects.open().filter(email=email, **target).delete()
    invitation = Invitation(
        email=email, role=role, language=language, invited_by=invited_by, **target
    )
    token = invitation.issue_token()
    invitation.save()
    AuditEntry.record(
        AuditEntry.Kind.INVITATION_SENT, by=invited_by, email=email, role=role, **target
    )
    # Queued in the same transaction: no invitation without its mail, nor the reverse.
    send_invitation_email.enqueue(invitation.pk, token)
    return invitation


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("accept_invitation", args=[token])


@task()
def send_invitation_email(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("network", "enterprise").get(pk=invitation_id)
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "url": invitation_url(token),
            "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
        }
        # A header holds one line: a name stored before names were refused with line
        # breaks must not stop the invitation.
        subject = _("You are invited to %(organisation)s on VISES") % {
            "organisation": " ".join(str(invitation.organisation).split())
        }
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


@receiver(task_finished)
def note_unsent_invitation(sender, task_result: TaskResult, **kwargs) -> None:
    """An invitation whose mail failed for good shows why, where its sender sees it."""
    if (
        task_result.status == TaskResultStatus.FAILED
        and task_result.task.module_path == send_invitation_email.module_path
    ):
        Invitation.objects.filter(pk=task_result.args[0]).update(
            email_error=reasons.last_error(task_result)
        )


def check_usable(invitation: Invitation | None) -> Invitation:
    """Return the invitation if it can still be accepted, or say why it cannot."""
    if invitation is None:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied all of it.")
        )
    if invitation.accepted_at:
        raise InvitationError(
            _("This invitation has already been used. Sign in with %(email)s to continue.")
            % {"email": invitation.email}
        )
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation expired on %(date)s. Ask %(person)s for a new one.")
            % {
                "date": formats.date_format(timezone.localtime(invitation.expires_at)),
                "person": invitation.invited_by or _("the person who invited you"),
            }
        )
    return invitation


@transaction.atomic
def accept(invitation: Invitation, user: User) -> None:
    """Give `user` the invited role and mark the invitation as used, once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if invitation.network_id:
        membership = NetworkMembership.objects.filter(
            user=user, network_id=invitation.network_id
        ).first() or NetworkMembership(user=user, network_id=invitation.network_id)
    else:
        membership = EnterpriseMembership.objects.filter(
            user=user, enterprise_id=invitation.enterprise_id
        ).first() or EnterpriseMembership(user=user, enterprise_id=invitation.enterprise_id)
    old_role = membership.role if membership.pk else None
    membership.role = invitation.role
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    where = {"network": invitation.network, "enterprise": invitation.enterprise}
    AuditEntry.record(
        AuditEntry.Kind.INVITATION_ACCEPTED,
        by=user,
        person=user,
        role=invitation.role,
        email=invitation.email,
        **where,
    )
    # The role is given by whoever sent the invitation.
    if old_role is None:
        AuditEntry.record(
            AuditEntry.Kind.MEMBER_ADDED,
            by=invitation.invited_by,
            person=user,
            role=invitation.role,
            **where,
        )
    elif old_role != invitation.role:
        AuditEntry.record(
            AuditEntry.Kind.ROLE_CHANGED,
            by=invitation.invited_by,
            person=user,
            role=invitation.role,
            old_role=old_role,
            **where,
        )


@transaction.atomic
def revoke(invitation: Invitation, *, by) -> None:
    """Withdraw an invitation that was not accepted: its link no longer works."""
    AuditEntry.record(
        AuditEntry.Kind.INVITATION_REVOKED,
        by=by,
        network=invitation.network,
        enterprise=invitation.enterprise,
        email=invitation.email,
        role=invitation.role,
    )
    invitation.delete()
