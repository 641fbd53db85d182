"""Erasing a person's account at their request.

Their roles, coach assignments and team places go; the invitations sent to their address
and the traces of their sign-ins go too. What they wrote for an enterprise (comments,
sessions, history, feedback...) stays where the enterprise needs it, under "Former member":
the account row is kept, emptied of everything that says who they were, and can no longer
sign in.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from vises.access import rules
from vises.accounts.models import (
    CoachAssignment,
    EnterpriseMembership,
    EnterpriseRole,
    NetworkMembership,
    NetworkRole,
    PasswordResetRequest,
)

from .personal_data import HOLDINGS


class ErasureRefused(Exception):
    """The account may not be erased: `organisations` would be left without an admin."""

    def __init__(self, organisations: list[str]):
        super().__init__(", ".join(organisations))
        self.organisations = organisations


def organisations_left_without_admin(user) -> list[str]:
    """The names of the enterprises and networks whose only admin is `user`."""
    names = []
    for Membership, role, organisation in (
        (EnterpriseMembership, EnterpriseRole.ENTERPRISE_ADMIN, "enterprise"),
        (NetworkMembership, NetworkRole.NETWORK_ADMIN, "network"),
    ):
        for membership in Membership.objects.filter(user=user, role=role).select_related(
            organisation
        ):
            others = Membership.objects.filter(
                **{organisation: getattr(membership, organisation)}, role=role
            ).exclude(user=user)
            if not others.exists():
                names.append(str(getattr(membership, organisation)))
    return sorted(names)


@transaction.atomic
def erase_account(user) -> None:
    """Erase `user` as described above, or raise ErasureRefused and change nothing."""
    if blocking := organisations_left_without_admin(user):
        raise ErasureRefused(blocking)
    _forget_name(user)
    for holding in HOLDINGS:
        if holding.on_erasure == "delete":
            holding.forget(user)
    rules.invitations_to(user).delete()
    address_hash = hashlib.sha256(user.email.lower().encode()).hexdigest()
    PasswordResetRequest.objects.filter(address_hash=address_hash).delete()
    _forget_sign_in_attempts(user.email)
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.preferred_language = ""
    user.last_login = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = timezone.now()
    user.save()


def _forget_sign_in_attempts(email: str) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


def _forget_name(user) -> None:
    """The name of the person leaves what lists it to hide it, without showing again where
    it was hidden: the free texts researchers read (`accompaniment.hide_person`), and the
    pseudonymisation lists of the evaluations of the enterprises they belonged to or
    coached (`qualitative.forgetting`: the name gives way to its pseudonym in the stored
    material, then the pair goes)."""
    from vises.evaluations.accompaniment import hide_person
    from vises.evaluations.models import Evaluation
    from vises.qualitative.forgetting import forget_person

    hide_person(user)
    enterprises = {
        *EnterpriseMembership.objects.filter(user=user).values_list("enterprise", flat=True),
        *CoachAssignment.objects.filter(coach=user).values_list("enterprise", flat=True),
    }
    forget_person(
        user.full_name, Evaluation.objects.filter(enterprise__in=enterprises).values("pk")
    )
