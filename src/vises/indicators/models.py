"""The values an evaluation's indicators take, period by period, with where they come from."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import PlanIndicator


def evidence_path(value: "IndicatorValue", filename: str) -> str:
    """Where an evidence file is stored: one folder per evaluation, a random name that
    reveals nothing and cannot be guessed, the original extension kept."""
    extension = PurePath(filename).suffix.lower()
    evaluation_id = value.indicator.plan_row.evaluation_id
    return f"evidence/evaluation-{evaluation_id}/{secrets.token_urlsafe(18)}{extension}"


class IndicatorValue(models.Model):
    """The value of one indicator of the collection plan for one period: a number, or a
    text for a qualitative indicator, with its source and optional evidence."""

    indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("indicator"), related_name="values", on_delete=models.CASCADE
    )
    period = models.CharField(
        _("period"), max_length=60, help_text=_("For example: 2026, or 2026-S1.")
    )
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("value"), max_length=5000, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("For example: payroll register, attendance sheets."),
    )
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=255, blank=True
    )
    evidence_name = models.CharField(_("name of the evidence file"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    entered_at = models.DateTimeField(_("entered on"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="one_value_per_indicator_and_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator} · {self.period}"


@receiver(post_delete, sender=IndicatorValue)
def _forget_evidence(sender, instance: IndicatorValue, **kwargs) -> None:
    """A removed value takes its evidence file with it, once the removal is committed
    (also when its indicator, plan row or evaluation is removed)."""
    if instance.evidence:
        storage, name = instance.evidence.storage, instance.evidence.name
        transaction.on_commit(lambda: storage.delete(name))


class IndicatorImport(models.Model):
    """A file of indicator values (CSV or XLSX) checked in a preview, then stored whole or
    not at all, and undone as a whole. `options` holds how the file is read and what the
    person corrected: {"encoding": ..., "delimiter": ..., "columns": {column number:
    field}, "indicators": {name as written: plan indicator id}}. `stored` holds, per value
    the import stored, what undoing it puts back: [{"value": id, "before": the fields it
    replaced, or None for a value it added, "after": the fields it stored}, ...]."""

    evaluation = models.ForeignKey(
        "evaluations.Evaluation", related_name="indicator_imports", on_delete=models.CASCADE
    )
    file = models.FileField(upload_to="imports/indicators/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=255)
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_values = models.PositiveIntegerField(default=0)
    stored = models.JSONField(default=list, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import of indicator values")
        verbose_name_plural = _("imports of indicator values")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name
