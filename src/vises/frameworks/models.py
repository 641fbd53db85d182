"""Reference frameworks and their versions. A version's content is one document (see
docs/framework-format.md); a published version never changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Network


class Framework(models.Model):
    """A line of versions sharing a code: the default one, or a network's adaptation."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        related_name="frameworks",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The network that adapts this framework; empty for the shared default."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]

    def __str__(self):
        return self.code


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(Framework, related_name="versions", on_delete=models.PROTECT)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    title = models.JSONField(_("title"))
    document = models.JSONField(_("content"))
    based_on = models.ForeignKey(
        "self", related_name="forks", on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="one_number_per_version")
        ]

    def __str__(self):
        return f"{self.framework.code} v{self.version}"
