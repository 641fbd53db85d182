"""Qualitative material of an evaluation: transcripts and notes of interviews, focus groups
and life stories, the team's codebook, and the passages coded with it. All of it is the
team's own: see `access.rules` for who reads it."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import Evaluation, EvaluativeQuestion, Method, PlanRow
from vises.surveys.models import Question, Response

# The methods of the collection plan whose evidence is words rather than figures.
QUALITATIVE_METHODS = [
    Method.INTERVIEW,
    Method.FOCUS_GROUP,
    Method.LIFE_STORY,
    Method.DOCUMENTS,
    Method.OBSERVATION,
]

# A document is also one open answer to a survey, coded the same way.
DOCUMENT_METHODS = [*QUALITATIVE_METHODS, Method.SURVEY]


def material_path(document: "Document", filename: str) -> str:
    """Where a document's files are stored: one folder per evaluation, a random name that
    reveals nothing (a transcript's file name often holds the person's real name), the
    original extension kept."""
    extension = PurePath(filename).suffix.lower()
    return f"material/evaluation-{document.evaluation_id}/{secrets.token_urlsafe(18)}{extension}"


class Document(models.Model):
    """One piece of qualitative material: the transcript or notes of an interview, a focus
    group or a life story, its text as extracted, the file it came from and an optional
    recording, with what the team must know of how it was gathered."""

    evaluation = models.ForeignKey(Evaluation, related_name="documents", on_delete=models.CASCADE)
    # A removed plan row leaves its material to the evaluation.
    plan_row = models.ForeignKey(
        PlanRow,
        verbose_name=_("line of the collection plan"),
        related_name="documents",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=[(m.value, m.label) for m in DOCUMENT_METHODS],
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    source = models.FileField(_("transcript file"), upload_to=material_path, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    recording = models.FileField(_("recording"), upload_to=material_path, blank=True)
    recording_name = models.CharField(max_length=255, blank=True)
    happened_on = models.DateField(_("date"), null=True, blank=True)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=60, blank=True)
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=100,
        blank=True,
        help_text=_("The name under which the person or group appears: never their real name."),
    )
    consent = models.CharField(
        _("how consent was recorded"),
        max_length=300,
        blank=True,
        help_text=_("For example: signed form kept at the office, oral consent on the recording."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    memo = models.TextField(_("memo"), max_length=10000, blank=True)
    # An open answer brought in to be coded: the response and the question it answers (a
    # removed response takes it with it).
    response = models.ForeignKey(
        Response, related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    survey_question = models.ForeignKey(
        Question, related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "survey_question"], name="one_document_per_open_answer"
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = [models.F("happened_on").desc(nulls_last=True), "title", "id"]

    def __str__(self):
        return self.title


class Code(models.Model):
    """A code of the team's codebook, in a tree: one of the framework's themes, an
    evaluative question, or the team's own."""

    class Colour(models.TextChoices):
        # Shown by CSS classes (the Content-Security-Policy refuses style attributes), each
        # readable with dark text.
        SKY = "sky", _("Sky blue")
        MINT = "mint", _("Mint green")
        SAND = "sand", _("Sand")
        ROSE = "rose", _("Rose")
        LILAC = "lilac", _("Lilac")
        GREY = "grey", _("Grey")

    evaluation = models.ForeignKey(Evaluation, related_name="codes", on_delete=models.CASCADE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        related_name="children",
        # Removing a code with codes under it is refused in `codebook.remove`.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default="sky")
    theme_code = models.CharField(_("theme of the framework"), max_length=60, blank=True)
    question = models.ForeignKey(
        EvaluativeQuestion,
        verbose_name=_("evaluative question"),
        related_name="codes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    memo = models.TextField(_("memo"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Excerpt(models.Model):
    """A passage of a document, from character `start` to character `end` of its text,
    and the codes the team gave it."""

    document = models.ForeignKey(Document, related_name="excerpts", on_delete=models.CASCADE)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    codes = models.ManyToManyField(Code, related_name="excerpts")
    memo = models.TextField(_("memo"), max_length=10000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")
        ordering = ["document", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="excerpt_is_not_empty"
            )
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


@receiver(post_delete, sender=Document)
def _forget_files(sender, instance: Document, **kwargs) -> None:
    """A removed document takes its files with it, once the removal is committed (also
    when its evaluation is removed)."""
    for file in (instance.source, instance.recording):
        if file:
            storage, name = file.storage, file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


class Pseudonym(models.Model):
    """A real name that must never leave the team, and the pseudonym that replaces it in
    every quote shown outside the team, report and export."""

    evaluation = models.ForeignKey(Evaluation, related_name="pseudonyms", on_delete=models.CASCADE)
    real_name = models.CharField(_("real name"), max_length=200)
    pseudonym = models.CharField(_("pseudonym"), max_length=100)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")
        ordering = ["real_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "real_name"], name="one_pseudonym_per_real_name"
            )
        ]

    def __str__(self):
        return self.pseudonym
