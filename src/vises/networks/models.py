"""A network's programmes (yearly cohorts of enterprises with milestones per step) and the
reminders sent about them."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Enterprise, Network
from vises.evaluations.models import JourneyStep


class Programme(models.Model):
    """A cohort of the network's enterprises going through the journey in one period,
    followed by some of its coaches, with a date by which each step should be done."""

    network = models.ForeignKey(Network, related_name="programmes", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enterprises = models.ManyToManyField(
        Enterprise,
        through="ProgrammeEnterprise",
        related_name="programmes",
        verbose_name=_("enterprises"),
        blank=True,
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coached_programmes",
        verbose_name=_("coaches"),
        blank=True,
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        _("stalled after (days without activity)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind the teams (days before a milestone)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="one_programme_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name


class ProgrammeEnterprise(models.Model):
    """An enterprise admitted to a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE)
    admitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "enterprise"], name="one_admission_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.programme}"


class Milestone(models.Model):
    """The date by which the enterprises of a programme should have done a step (and the
    steps before it)."""

    programme = models.ForeignKey(Programme, related_name="milestones", on_delete=models.CASCADE)
    step = models.PositiveSmallIntegerField(_("step"), choices=JourneyStep.choices)
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "step"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "step"], name="one_milestone_per_step")
        ]

    def __str__(self):
        return f"{self.programme} · {self.get_step_display()} · {self.due_on}"


class ReminderKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone reminders to enterprise teams")
    COACH_DIGEST = "coach_digest", _("Weekly digest of late enterprises to coaches")
    SURVEY = "survey", _("Reminders to answer a survey")


def address_hash(address: str) -> str:
    """An e-mail address as kept in the lists of unsubscribed addresses: never in clear."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


class SentReminder(models.Model):
    """One reminder sent, under a key naming what it was about, so that it is sent once."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


class Unsubscription(models.Model):
    """An address that asked for no more reminders of one kind (kept hashed)."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    address_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "address_hash"], name="one_unsubscription")
        ]

    def __str__(self):
        return f"{self.kind} · {self.address_hash[:8]}"
