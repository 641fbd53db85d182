"""Surveys of an evaluation: their questions, the waves they run in, the codes handed to
respondents, and the responses.

Texts a respondent reads are multilingual maps such as {"fr": "...", "nl": "..."}, in
the languages the survey offers. A question's `code` never changes once answers exist:
analyses and comparisons across enterprises rely on it.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import Evaluation, PlanIndicator

# No 0/O or 1/I/L: respondents copy codes from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_public_token() -> str:
    return secrets.token_urlsafe(12)


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_response_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def new_revision() -> str:
    return uuid.uuid4().hex


class Survey(models.Model):
    evaluation = models.ForeignKey(Evaluation, related_name="surveys", on_delete=models.CASCADE)
    title = models.JSONField(_("title"), default=dict)
    stakeholder_type = models.CharField(_("stakeholders asked"), max_length=60, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    consent = models.JSONField(_("consent"), default=dict, blank=True)
    thanks = models.JSONField(_("thank-you message"), default=dict, blank=True)
    link_waves = models.BooleanField(
        _("link the waves of one respondent"),
        default=False,
        help_text=_(
            "With invitation codes only: a respondent's answers in successive waves are "
            "linked by a pseudonymous key, never by their name or code."
        ),
    )
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token)
    public_link_open = models.BooleanField(_("public link open"), default=False)
    quota = models.PositiveIntegerField(
        _("response quota"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The public link closes once this many responses came through it."),
    )
    version = models.PositiveSmallIntegerField(default=1)
    based_on = models.ForeignKey(
        "self", related_name="newer_versions", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Drawn anew whenever the survey, one of its sections, questions or waves changes:
    # respondent pages keep the questions and waves of each revision (responding._kept).
    # Never a counter: a survey saved from an older copy must not bring back a revision
    # already kept with other questions.
    revision = models.CharField(max_length=32, default=new_revision, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["created_at", "id"]

    def __str__(self):
        return next(iter(self.title.values()), "") if self.title else f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.revision = new_revision()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class Section(models.Model):
    """A page of the survey: respondents see one section at a time."""

    survey = models.ForeignKey(Survey, related_name="sections", on_delete=models.CASCADE)
    title = models.JSONField(_("title"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return next(iter(self.title.values()), "") if self.title else f"#{self.pk}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        SCALE = "scale", _("Agreement or frequency scale")
        RATING = "rating_0_10", _("Rating from 0 to 10")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        DATE = "date", _("Date")

    survey = models.ForeignKey(Survey, related_name="questions", on_delete=models.CASCADE)
    section = models.ForeignKey(Section, related_name="questions", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("type of answer"), max_length=20, choices=Kind.choices)
    text = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Choices and scales: [{"value": "...", "label": {"fr": ...}}]; a scale's values are
    # its framework scale's numbers.
    options = models.JSONField(_("options"), default=list, blank=True)
    allow_other = models.BooleanField(_("offer “other, specify”"), default=False)
    scale = models.CharField(_("answer scale"), max_length=60, blank=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    integer_only = models.BooleanField(_("whole numbers only"), default=False)
    bank_code = models.CharField(_("question bank item"), max_length=60, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    indicators = models.ManyToManyField(
        PlanIndicator, verbose_name=_("indicators"), blank=True, related_name="survey_questions"
    )
    # {"combine": "all" | "any", "rules": [{"question": code, "op": ..., "value": ...}]}
    condition = models.JSONField(_("shown if"), default=dict, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="one_code_per_survey")
        ]

    def __str__(self):
        return self.code


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Question)
@receiver(post_delete, sender=Question)
@receiver(post_save, sender="surveys.Wave")
@receiver(post_delete, sender="surveys.Wave")
def _new_revision(sender, instance, **kwargs) -> None:
    """A section, question or wave added, changed or removed gives its survey a new
    revision."""
    Survey.objects.filter(pk=instance.survey_id).update(revision=new_revision())


class Wave(models.Model):
    """A period in which the survey takes answers: "entry" and "exit", or "2026"."""

    survey = models.ForeignKey(Survey, related_name="waves", on_delete=models.CASCADE)
    label = models.CharField(_("label"), max_length=60)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["opens_on", "id"]

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """A single-use code for one respondent of one wave, printed on a slip or emailed."""

    wave = models.ForeignKey(Wave, related_name="invitations", on_delete=models.CASCADE)
    code = models.CharField(max_length=12, unique=True, default=new_invitation_code)
    # Set only when the survey links waves: the same key in each wave of one respondent.
    respondent_key = models.CharField(max_length=32, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Why its e-mail could not be sent, after the worker's last attempt (a traceback).
    email_error = models.TextField(blank=True)
    # Where the code was e-mailed, kept only to remind a respondent who has not answered:
    # erased once the code is used, the wave closes or the last reminder is sent.
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # An unfinished response, so that the code resumes it on another day or device.
    draft = models.JSONField(default=dict, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.code


class Response(models.Model):
    """One respondent's answers, stored whole or not at all.

    Nothing identifies the respondent: no address, no device, no invitation, unless the
    survey links waves (then `respondent_key`, a pseudonym)."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Typed in from paper")
        IMPORTED = "imported", _("Imported from a file")

    # The builder refuses to remove a wave with answers; removing its survey or its
    # evaluation removes them together. The index on (wave, submitted_at) serves every
    # look-up by wave: an index of the wave alone would only slow down every insert.
    wave = models.ForeignKey(
        Wave, related_name="responses", on_delete=models.CASCADE, db_index=False
    )
    answers = models.JSONField(default=dict)
    language = models.CharField(max_length=2)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    respondent_key = models.CharField(max_length=32, blank=True)
    via_public_link = models.BooleanField(default=False)
    # Drawn when the respondent starts: a second submission of the same pages finds it
    # taken and stores nothing.
    submission_key = models.CharField(max_length=32, unique=True)
    # Shown to the respondent once they answered, and to no one else: the enterprise finds
    # their response with it when they ask for it to be erased. Older responses have none.
    response_code = models.CharField(
        max_length=12, unique=True, null=True, blank=True, editable=False
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    # The file it came in with, so that the whole import can be undone.
    imported_from = models.ForeignKey(
        "ResponseImport",
        related_name="responses",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["wave", "submitted_at"])]

    def __str__(self):
        return f"{self.wave} · {self.submitted_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self.response_code and self._state.adding:
            self.response_code = new_response_code()
        super().save(*args, **kwargs)


class ResponseImport(models.Model):
    """A file of responses brought into a wave: checked in a preview, stored whole or not
    at all, and undone as a whole.

    `options` holds how the file is read and what the person corrected in the preview:
    {"encoding": ..., "delimiter": ..., "columns": {column number: target},
    "values": {question code: {value as written: option}}}."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Being checked")
        QUEUED = "queued", _("Waiting to be imported")
        RUNNING = "running", _("Being imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Not imported")
        UNDONE = "undone", _("Undone")

    survey = models.ForeignKey(Survey, related_name="imports", on_delete=models.CASCADE)
    wave = models.ForeignKey(Wave, related_name="imports", on_delete=models.CASCADE)
    file = models.FileField(upload_to="imports/responses/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=255)
    # The same file imported twice is recognised by its content, whatever its name.
    file_hash = models.CharField(max_length=64, db_index=True)
    options = models.JSONField(default=dict, blank=True)
    # The language the person reads: messages of an import run in the background use it.
    language = models.CharField(max_length=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    imported_rows = models.PositiveIntegerField(default=0)
    # [[row, column, message], ...]: why a background import stored nothing.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    # The background task importing the file, and when its current attempt claimed the
    # import: what tells an import whose worker died from one still under way.
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import of responses")
        verbose_name_plural = _("imports of responses")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name
