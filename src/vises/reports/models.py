"""Reports: the evidence of an evaluation told to one audience in one language, as a
document of ordered sections that is saved, re-rendered when data change, and may be
published at an unguessable address."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import Evaluation, EvaluativeQuestion
from vises.worker import reasons


def new_public_token() -> str:
    return secrets.token_urlsafe(24)


def image_path(section: "Section", filename: str) -> str:
    extension = PurePath(filename).suffix.lower()
    return (
        f"reports/evaluation-{section.report.evaluation_id}/{secrets.token_urlsafe(18)}{extension}"
    )


def rendition_path(rendition: "Rendition", filename: str) -> str:
    extension = PurePath(filename).suffix.lower()
    report = rendition.report
    return f"reports/evaluation-{report.evaluation_id}/{secrets.token_urlsafe(18)}{extension}"


class Report(models.Model):
    evaluation = models.ForeignKey(Evaluation, related_name="reports", on_delete=models.CASCADE)
    audience = models.CharField(_("audience"), max_length=60)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0072B2",
        validators=[RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Give a colour such as #0072B2."))],
        help_text=_("Your enterprise's colour, for the cover and the infographic."),
    )
    # Set while the report is published; revoking clears it, so the old address is gone.
    public_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The document as composed when it was (last) published: the public page shows these
    # figures, dated, until the report is published again.
    published_document = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # The key figures as they were at the last render, to tell what changed since.
    rendered_figures = models.JSONField(default=dict, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title

    def published_infographic(self) -> "Rendition | None":
        """The infographic its public page shows: the latest made by the time it was
        published, since a later one may hold figures the published page does not."""
        made = self.renditions.filter(format=Rendition.Format.PNG, status=Rendition.Status.DONE)
        if self.published_document and self.published_at:
            made = made.filter(requested_at__lte=self.published_at)
        return made.first()


class Section(models.Model):
    """One part of a report, in order. Most kinds are filled from the evaluation's
    evidence when rendered; the team's own text introduces or completes them."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Summary and key figures")
        PORTRAIT = "portrait", _("Context and portrait of the enterprise")
        QUESTION = "question", _("Evaluative question and its findings")
        INDICATORS = "indicators", _("Key indicators against their targets")
        PRACTICES = "practices", _("SSE practices")
        METHOD = "method", _("Method and limits")
        IMPROVEMENT = "improvement", _("Improvement plan")
        QUOTES = "quotes", _("Quotes")
        TEXT = "text", _("Free text")
        IMAGE = "image", _("Image")

    report = models.ForeignKey(Report, related_name="sections", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty for the usual title.")
    )
    text = models.TextField(_("text"), max_length=10000, blank=True)
    question = models.ForeignKey(
        EvaluativeQuestion,
        verbose_name=_("evaluative question"),
        related_name="+",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    image = models.ImageField(_("image"), upload_to=image_path, blank=True)
    image_alt = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title or self.get_kind_display()


class RenditionBase(models.Model):
    """One rendering of a report to a file, made in the background; its status tells the
    page how far it is."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        PNG = "png", _("Infographic (PNG)")
        SVG = "svg", _("Infographic (SVG)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=rendition_path, blank=True, max_length=255)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.report} · {self.format}"

    @property
    def reason(self) -> str:
        """Why it failed, in one line: the last error's kind and message, without the
        traceback kept above it for the administrators."""
        return reasons.reason(self.error)


class Rendition(RenditionBase):
    """One rendering of a report to a file (PDF, DOCX, infographic)."""

    report = models.ForeignKey(Report, related_name="renditions", on_delete=models.CASCADE)

    class Meta(RenditionBase.Meta):
        pass


class TerritorialReport(models.Model):
    """A network's report on one of its programmes, in one language: participation,
    progress, figures by territory across the border and the stories of the enterprises
    that agreed to be named; composed from what they share on the day it is made."""

    programme = models.ForeignKey(
        "networks.Programme", related_name="territorial_reports", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    # Set while the report is published; revoking clears it, so the old address is gone.
    public_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The document as composed when it was (last) published: the public page shows it.
    published_document = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # When its title, language or introduction last changed: files asked for before then
    # tell the old ones.
    edited_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("territorial report")
        verbose_name_plural = _("territorial reports")

    def __str__(self):
        return self.title


def territorial_rendition_path(rendition: "TerritorialRendition", filename: str) -> str:
    extension = PurePath(filename).suffix.lower()
    programme = rendition.report.programme_id
    return f"reports/programme-{programme}/{secrets.token_urlsafe(18)}{extension}"


class TerritorialRendition(RenditionBase):
    """One rendering of a territorial report to a file (PDF or DOCX)."""

    report = models.ForeignKey(
        TerritorialReport, related_name="renditions", on_delete=models.CASCADE
    )
    file = models.FileField(upload_to=territorial_rendition_path, blank=True, max_length=255)

    class Meta(RenditionBase.Meta):
        pass


@receiver(post_delete, sender=Rendition)
@receiver(post_delete, sender=TerritorialRendition)
def _forget_rendition_file(sender, instance: "RenditionBase", **kwargs) -> None:
    """A removed rendition takes its file with it once the removal is committed (also when
    its report or evaluation is removed): the file may hold quotes since withdrawn."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
