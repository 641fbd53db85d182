"""An enterprise's evaluations and the parts of their journey, with every change kept."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Enterprise
from vises.frameworks.models import FrameworkVersion


class Evaluation(models.Model):
    """One evaluation of one enterprise, pinned to the framework version it started with."""

    enterprise = models.ForeignKey(Enterprise, related_name="evaluations", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        related_name="evaluations",
        on_delete=models.PROTECT,
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        related_name="continuations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluation team"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-period_start", "title"]

    def __str__(self):
        return self.title


class Part(models.Model):
    """A part of an evaluation kept as one document: the preliminary step, the portrait.

    `revision` grows with each save, so that a save based on an older revision is told
    someone else changed the part in the meantime.
    """

    class Name(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary step")
        PORTRAIT = "portrait", _("Portrait")

    evaluation = models.ForeignKey(Evaluation, related_name="parts", on_delete=models.CASCADE)
    name = models.CharField(max_length=20, choices=Name.choices)
    content = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="one_part_of_each_name")
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.get_name_display()}"


class Change(models.Model):
    """One saved change to an evaluation's content: who, when, what before and after."""

    evaluation = models.ForeignKey(Evaluation, related_name="changes", on_delete=models.CASCADE)
    part = models.CharField(max_length=40)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.evaluation} · {self.part} · {self.at:%Y-%m-%d %H:%M}"


class EvaluativeQuestion(models.Model):
    """A question the evaluation sets out to answer, from the framework's library or the
    team's own, tied to themes of the framework's schema."""

    evaluation = models.ForeignKey(Evaluation, related_name="questions", on_delete=models.CASCADE)
    library_code = models.CharField(_("code in the framework"), max_length=60, blank=True)
    text = models.TextField(_("question"))
    themes = models.JSONField(_("themes"), default=list)
    is_main = models.BooleanField(_("main question"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluative question")
        verbose_name_plural = _("evaluative questions")
        ordering = ["-is_main", "position", "id"]

    def __str__(self):
        return self.text


class Stakeholder(models.Model):
    """Someone the evaluation concerns or involves, placed on the stakeholder map."""

    class Involvement(models.TextChoices):
        INFORM = "inform", _("Inform")
        CONSULT = "consult", _("Consult")
        CO_CONSTRUCT = "co_construct", _("Co-construct")

    evaluation = models.ForeignKey(
        Evaluation, related_name="stakeholders", on_delete=models.CASCADE
    )
    type_code = models.CharField(_("type"), max_length=60, blank=True)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example: trainees of the repair workshop.")
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    involvement = models.CharField(
        _("how they take part"), max_length=20, choices=Involvement.choices
    )
    how_to_reach = models.CharField(_("how to reach them"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["-importance", "-influence", "name"]

    def __str__(self):
        return self.name
