"""The audit log: who changed who may see what, what a network did with its programmes and
territorial reports, and failed sign-ins.

Every change of a membership, a role, an admission, a coach assignment, an invitation, an
enterprise's identity, a programme (its enterprises and milestones included) or a
territorial report is kept through `AuditEntry.record`, called by the function that makes
the change, in the same transaction. (An evaluation's own changes go into its history,
`evaluations.models.Change`; programmes and territorial reports belong to a network, so
they are kept here.) Entries are written once and never changed:
names are copied into them, so an entry still reads after the person or the enterprise is
gone."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises.accounts.models import Enterprise, EnterpriseRole, Network, NetworkRole


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        MEMBER_ADDED = "member_added", gettext_lazy("Member added")
        MEMBER_REMOVED = "member_removed", gettext_lazy("Member removed")
        ROLE_CHANGED = "role_changed", gettext_lazy("Role changed")
        ENTERPRISE_ADDED = "enterprise_added", gettext_lazy("Enterprise added to the programme")
        ADMISSION_ASKED = "admission_asked", gettext_lazy("Request to join")
        ADMITTED = "admitted", gettext_lazy("Enterprise admitted")
        DECLINED = "declined", gettext_lazy("Enterprise declined")
        LEFT_NETWORK = "left_network", gettext_lazy("Enterprise left the network")
        COACH_ASSIGNED = "coach_assigned", gettext_lazy("Coach assigned")
        COACH_UNASSIGNED = "coach_unassigned", gettext_lazy("Coach unassigned")
        INVITATION_SENT = "invitation_sent", gettext_lazy("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", gettext_lazy("Invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", gettext_lazy("Invitation withdrawn")
        IDENTITY_CHANGED = "identity_changed", gettext_lazy("Enterprise details changed")
        TWO_FACTOR_RULE = "two_factor_rule", gettext_lazy("Two-factor requirement changed")
        PROGRAMME_CREATED = "programme_created", gettext_lazy("Programme created")
        PROGRAMME_CHANGED = "programme_changed", gettext_lazy("Programme changed")
        PROGRAMME_ADMITTED = "programme_admitted", gettext_lazy("Admitted to a programme")
        PROGRAMME_REMOVED = "programme_removed", gettext_lazy("Removed from a programme")
        TERRITORIAL_CREATED = "territorial_created", gettext_lazy("Territorial report created")
        TERRITORIAL_CHANGED = "territorial_changed", gettext_lazy("Territorial report changed")
        TERRITORIAL_PUBLISHED = (
            "territorial_published",
            gettext_lazy("Territorial report published"),
        )
        TERRITORIAL_REVOKED = "territorial_revoked", gettext_lazy("Territorial report unpublished")
        TERRITORIAL_DELETED = "territorial_deleted", gettext_lazy("Territorial report deleted")
        SIGN_IN_FAILED = "sign_in_failed", gettext_lazy("Failed sign-in")
        LOCKED_OUT = "locked_out", gettext_lazy("Sign-in locked")

    SIGN_IN_KINDS = (Kind.SIGN_IN_FAILED, Kind.LOCKED_OUT)

    at = models.DateTimeField(gettext_lazy("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(gettext_lazy("kind"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    actor_name = models.CharField(gettext_lazy("by"), max_length=410, blank=True)
    network = models.ForeignKey(
        Network, related_name="audit_entries", on_delete=models.SET_NULL, null=True
    )
    network_name = models.CharField(gettext_lazy("network"), max_length=200, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, related_name="audit_entries", on_delete=models.SET_NULL, null=True
    )
    enterprise_name = models.CharField(gettext_lazy("enterprise"), max_length=200, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    person_name = models.CharField(gettext_lazy("person"), max_length=410, blank=True)
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["network", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An audit entry is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An audit entry is never deleted.")

    @property
    def summary(self) -> str:
        return describe(self)

    @classmethod
    def record(
        cls,
        kind: str,
        *,
        by=None,
        network: Network | None = None,
        enterprise: Enterprise | None = None,
        person=None,
        **details,
    ) -> "AuditEntry":
        """Keep one change of access: its `kind`, who made it (`by`, None for the platform
        itself or someone not signed in), the network and enterprise it concerns, the
        person it is about, and `details` (roles, an e-mail address, changed fields...).

        An enterprise's entry belongs to the network that follows it (admitted or asked
        to join) unless `network` says otherwise."""
        if kind not in cls.Kind.values:
            raise ValueError(f"Unknown kind of audit entry: {kind}")
        followed = (Enterprise.Admission.ADMITTED, Enterprise.Admission.PENDING)
        if network is None and enterprise is not None and enterprise.admission in followed:
            network = enterprise.network
        return cls.objects.create(
            kind=kind,
            actor=by,
            actor_name=_person_name(by),
            network=network,
            network_name=network.name if network else "",
            enterprise=enterprise,
            enterprise_name=enterprise.name if enterprise else "",
            person=person,
            person_name=_person_name(person),
            details=details,
        )


def _person_name(user) -> str:
    if user is None:
        return ""
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


ROLES = dict(NetworkRole.choices + EnterpriseRole.choices)

# What each kind of entry says, with the values of `AuditEntry.summary`.
SUMMARIES = {
    AuditEntry.Kind.MEMBER_ADDED: gettext_lazy("%(person)s joined as %(role)s."),
    AuditEntry.Kind.MEMBER_REMOVED: gettext_lazy("%(person)s (%(role)s) was removed."),
    AuditEntry.Kind.ROLE_CHANGED: gettext_lazy(
        "%(person)s is now %(role)s instead of %(old_role)s."
    ),
    AuditEntry.Kind.ENTERPRISE_ADDED: gettext_lazy(
        "%(enterprise)s was added to the programme of %(network)s."
    ),
    AuditEntry.Kind.ADMISSION_ASKED: gettext_lazy("%(enterprise)s asked to join %(network)s."),
    AuditEntry.Kind.ADMITTED: gettext_lazy("%(enterprise)s was admitted to %(network)s."),
    AuditEntry.Kind.DECLINED: gettext_lazy("%(enterprise)s was declined by %(network)s."),
    AuditEntry.Kind.LEFT_NETWORK: gettext_lazy("%(enterprise)s left %(network)s."),
    AuditEntry.Kind.COACH_ASSIGNED: gettext_lazy("%(coach)s now follows %(enterprise)s."),
    AuditEntry.Kind.COACH_UNASSIGNED: gettext_lazy("%(coach)s no longer follows %(enterprise)s."),
    AuditEntry.Kind.INVITATION_SENT: gettext_lazy("%(email)s was invited as %(role)s."),
    AuditEntry.Kind.INVITATION_ACCEPTED: gettext_lazy(
        "%(person)s accepted the invitation as %(role)s."
    ),
    AuditEntry.Kind.INVITATION_REVOKED: gettext_lazy(
        "The invitation to %(email)s as %(role)s was withdrawn."
    ),
    AuditEntry.Kind.IDENTITY_CHANGED: gettext_lazy("Changed: %(changes)s."),
    AuditEntry.Kind.PROGRAMME_CREATED: gettext_lazy(
        "The programme %(programme)s was created: %(changes)s."
    ),
    AuditEntry.Kind.PROGRAMME_CHANGED: gettext_lazy(
        "The programme %(programme)s was changed: %(changes)s."
    ),
    AuditEntry.Kind.PROGRAMME_ADMITTED: gettext_lazy(
        "%(enterprise)s was admitted to the programme %(programme)s."
    ),
    AuditEntry.Kind.PROGRAMME_REMOVED: gettext_lazy(
        "%(enterprise)s was removed from the programme %(programme)s."
    ),
    AuditEntry.Kind.TERRITORIAL_CREATED: gettext_lazy(
        "The territorial report “%(title)s” of %(programme)s was created."
    ),
    AuditEntry.Kind.TERRITORIAL_CHANGED: gettext_lazy(
        "The territorial report “%(title)s” of %(programme)s was changed: %(changes)s."
    ),
    AuditEntry.Kind.TERRITORIAL_REVOKED: gettext_lazy(
        "The territorial report “%(title)s” of %(programme)s is no longer published."
    ),
    AuditEntry.Kind.TERRITORIAL_DELETED: gettext_lazy(
        "The territorial report “%(title)s” of %(programme)s was deleted."
    ),
    AuditEntry.Kind.SIGN_IN_FAILED: gettext_lazy("Failed sign-in for %(person)s."),
    AuditEntry.Kind.LOCKED_OUT: gettext_lazy(
        "Sign-in for %(person)s locked after repeated failures."
    ),
}


TWO_FACTOR_RULES = {
    True: gettext_lazy(
        "%(network)s now requires two-factor sign-in of its coaches and enterprise admins."
    ),
    False: gettext_lazy(
        "%(network)s no longer requires two-factor sign-in of its coaches and enterprise admins."
    ),
}


# A publication of a territorial report: the first, or an update of its public page.
PUBLICATIONS = {
    False: gettext_lazy(
        "The territorial report “%(title)s” of %(programme)s was published at a new address."
    ),
    True: gettext_lazy(
        "The public page of the territorial report “%(title)s” of %(programme)s now shows "
        "that day's figures."
    ),
}

# The model whose fields an entry's `changes` name, by kind.
CHANGED_MODELS = {
    AuditEntry.Kind.IDENTITY_CHANGED: "accounts.Enterprise",
    AuditEntry.Kind.PROGRAMME_CREATED: "networks.Programme",
    AuditEntry.Kind.PROGRAMME_CHANGED: "networks.Programme",
    AuditEntry.Kind.TERRITORIAL_CHANGED: "reports.TerritorialReport",
}
# A changed long text (an introduction) is shown up to this many characters.
SHOWN_TEXT = 80


def describe(entry: AuditEntry) -> str:
    """What happened, in a sentence of the reader's language."""
    person = entry.person_name or _("an address that is no account")
    values = {
        "person": person,
        "coach": person,
        "role": ROLES.get(entry.details.get("role", ""), ""),
        "old_role": ROLES.get(entry.details.get("old_role", ""), ""),
        "email": entry.details.get("email", ""),
        "enterprise": entry.enterprise_name,
        "network": entry.network_name,
        "programme": entry.details.get("programme", ""),
        "title": entry.details.get("title", ""),
        "changes": _changes(entry),
    }
    if entry.kind == AuditEntry.Kind.TWO_FACTOR_RULE:
        return TWO_FACTOR_RULES[bool(entry.details.get("required"))] % values
    if entry.kind == AuditEntry.Kind.TERRITORIAL_PUBLISHED:
        return PUBLICATIONS[bool(entry.details.get("again"))] % values
    return SUMMARIES[entry.kind] % values


def _changes(entry: AuditEntry) -> str:
    """ "Name: Old → New; Region: Wallonia → Flanders", with the fields' labels and their
    choices' labels in the reader's language."""
    changes = entry.details.get("changes", {})
    if not changes:
        return ""
    # Resolved when read: the audit log sits below the capabilities it records.
    model = apps.get_model(CHANGED_MODELS[entry.kind])
    # In the form's order: PostgreSQL's jsonb keeps a dict's keys in an order of its own.
    order = [field.name for field in model._meta.get_fields()]
    parts = []
    for name in sorted(changes, key=lambda name: _field_position(order, name)):
        before, after = changes[name]
        label, field = _field(model, name)
        parts.append(
            _("%(field)s: %(before)s → %(after)s")
            % {"field": label, "before": _value(field, before), "after": _value(field, after)}
        )
    return "; ".join(parts)


def _field_position(order: list[str], name: str) -> tuple[int, int]:
    """Where a changed field comes: the model's fields in their order, then a programme's
    milestones in the order of the steps."""
    if name.startswith("milestone_"):
        return len(order), int(name.removeprefix("milestone_"))
    return (order.index(name), 0) if name in order else (len(order) + 1, 0)


def _field(model, name: str):
    """The label of a changed field, in the reader's language, and the model field that
    holds it. A programme's milestones are kept as "milestone_<step>"."""
    if name.startswith("milestone_"):
        field = apps.get_model("networks.Milestone")._meta.get_field("due_on")
        steps = dict(apps.get_model("networks.Milestone")._meta.get_field("step").flatchoices)
        step = steps.get(int(name.removeprefix("milestone_")), "–")
        return _("%(step)s done by") % {"step": step}, field
    field = model._meta.get_field(name)
    return str(field.verbose_name).capitalize(), field


def _value(field, value) -> str:
    """A value as the reader reads it: a choice by its label, a date in their format, a
    list (of names) joined, a long text cut."""
    if value in ("", None, []):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(field, models.TextField):
        return Truncator(str(value)).chars(SHOWN_TEXT)
    return str(value)
