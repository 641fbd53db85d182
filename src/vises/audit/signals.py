"""Failed sign-ins and lock-outs go into the audit log, for the account they were made
for. The password never does: only the address typed is read, and kept only when it is an
account's (no list of what strangers typed)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from vises.accounts.models import User

from .models import AuditEntry


def _account(email: str | None) -> User | None:
    email = (email or "").strip()
    return User.objects.filter(email__iexact=email).first() if email else None


@receiver(user_login_failed, dispatch_uid="vises.audit.sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    AuditEntry.record(
        AuditEntry.Kind.SIGN_IN_FAILED, person=_account((credentials or {}).get("username"))
    )


@receiver(user_locked_out, dispatch_uid="vises.audit.locked_out")
def record_lock_out(sender, request=None, username=None, **kwargs):
    AuditEntry.record(AuditEntry.Kind.LOCKED_OUT, person=_account(username))
