"""An enterprise's evaluations and the parts of their journey, with every change kept."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Enterprise
from vises.frameworks.models import FrameworkVersion


class JourneyStep(models.IntegerChoices):
    PRELIMINARY = 0, _("Preliminary step")
    STATE_OF_PLAY = 1, _("State of play and evaluative question")
    DATA_COLLECTION = 2, _("Data collection")
    ANALYSIS = 3, _("Analysis and valorisation")


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
    # When the team said it had read the framework's guidance and glossary: nothing else
    # tells that step 1's familiarisation is done.
    framework_read_at = models.DateTimeField(_("framework read"), null=True, blank=True)
    # After this day respondents' open answers and every code that could lead back to a
    # respondent are deleted (evaluations/retention.py); the admins are warned before.
    retention_until = models.DateField(
        _("keep respondents' open answers until"),
        help_text=_(
            "After this day, open answers and survey codes are deleted for good; counts and "
            "closed answers stay. By default, two years after the end of the period."
        ),
    )
    retention_warned_on = models.DateField(null=True, blank=True, editable=False)
    retention_enforced_on = models.DateField(null=True, blank=True, editable=False)
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

    def save(self, *args, **kwargs):
        if self.retention_until is None and self.period_end:
            self.retention_until = default_retention(self.period_end)
        super().save(*args, **kwargs)


RETENTION_YEARS = 2


def default_retention(period_end: datetime.date) -> datetime.date:
    """Two years after the end of the evaluated period (29 February gives 28)."""
    try:
        return period_end.replace(year=period_end.year + RETENTION_YEARS)
    except ValueError:
        return period_end.replace(year=period_end.year + RETENTION_YEARS, day=28)


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
    # The open page that saved the revision: its next save builds on it even if the page
    # has not heard of the revision yet (an autosave still on its way).
    saved_from = models.CharField(max_length=32, blank=True)
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

    @classmethod
    def record(cls, evaluation_id: int, part: str, before, after, user) -> None:
        """Keep a change of one part (nothing when it changed nothing) and mark the
        evaluation as updated."""
        if before != after:
            cls.objects.create(
                evaluation_id=evaluation_id, part=part, before=before, after=after, user=user
            )
            Evaluation.objects.filter(pk=evaluation_id).update(updated_at=timezone.now())


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


class Method(models.TextChoices):
    INDICATORS = "indicators", _("Indicators")
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interviews")
    FOCUS_GROUP = "focus_group", _("Focus group")
    LIFE_STORY = "life_story", _("Life stories")
    DOCUMENTS = "documents", _("Documents")
    OBSERVATION = "observation", _("Observation")


class PlanRow(models.Model):
    """One line of the collection plan: how, from whom, when and by whom evidence for an
    evaluative question is gathered."""

    evaluation = models.ForeignKey(Evaluation, related_name="plan_rows", on_delete=models.CASCADE)
    question = models.ForeignKey(
        EvaluativeQuestion,
        verbose_name=_("evaluative question"),
        related_name="plan_rows",
        on_delete=models.CASCADE,
    )
    methods = models.JSONField(_("methods"), default=list)
    stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("stakeholders concerned"), blank=True, related_name="+"
    )
    timing = models.CharField(
        _("timing"),
        max_length=200,
        blank=True,
        help_text=_("For example: at entry and at exit of the pathway, March to May 2027."),
    )
    responsible = models.CharField(_("person responsible"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("collection plan row")
        verbose_name_plural = _("collection plan rows")
        ordering = ["id"]

    def __str__(self):
        return f"{self.question} · {', '.join(self.methods)}"


class PlanIndicator(models.Model):
    """An indicator a plan row follows: one of the framework's (by its code) or the team's
    own, with where it starts, where the team wants it to be, and by when."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
        LOWER_IS_BETTER = "lower_is_better", _("Lower is better")
        NEUTRAL = "neutral", _("Neither")

    plan_row = models.ForeignKey(PlanRow, related_name="indicators", on_delete=models.CASCADE)
    code = models.CharField(_("indicator of the framework"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    period = models.CharField(
        _("period"), max_length=60, blank=True, help_text=_("For example: 2027, or 2026-2028.")
    )
    # An own indicator may be followed in words rather than numbers; a framework
    # indicator takes its kind from the framework.
    qualitative = models.BooleanField(_("qualitative"), default=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code="", name=""), name="plan_indicator_has_code_or_name"
            )
        ]

    def __str__(self):
        return self.code or self.name


class Comment(models.Model):
    """A message in the thread on one part of an evaluation, from its team or its coach."""

    class Section(models.TextChoices):
        GENERAL = "general", _("The evaluation as a whole")
        PRELIMINARY = "preliminary", _("Preliminary step")
        PORTRAIT = "portrait", _("Portrait of the enterprise")
        STAKEHOLDERS = "stakeholders", _("Stakeholder map")
        QUESTIONS = "questions", _("Evaluative questions")
        PLAN = "plan", _("Collection plan")

    evaluation = models.ForeignKey(Evaluation, related_name="comments", on_delete=models.CASCADE)
    section = models.CharField(_("part"), max_length=20, choices=Section.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class AccompanimentSession(models.Model):
    """A working session between a coach and the enterprise's team."""

    evaluation = models.ForeignKey(Evaluation, related_name="sessions", on_delete=models.CASCADE)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=JourneyStep.choices)
    topics = models.CharField(_("topics"), max_length=300)
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accompaniment session")
        verbose_name_plural = _("accompaniment sessions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.evaluation} · {self.date}"


class StepFeedback(models.Model):
    """What the enterprise thought of the accompaniment at the end of a step."""

    evaluation = models.ForeignKey(Evaluation, related_name="feedback", on_delete=models.CASCADE)
    step = models.PositiveSmallIntegerField(_("step"), choices=JourneyStep.choices)
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    helped = models.TextField(_("what helped"), blank=True, max_length=3000)
    missing = models.TextField(_("what was missing"), blank=True, max_length=3000)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    given_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on the accompaniment")
        verbose_name_plural = _("feedback on the accompaniment")
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "step"], name="one_feedback_per_step")
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.get_step_display()}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ImprovementAction(models.Model):
    """An action of the improvement plan: what the enterprise will change in its practice
    because of a finding of an evaluative question (or of the evaluation as a whole), who
    takes care of it and by when. Its follow-up is kept as a timeline of updates."""

    Status = ActionStatus

    evaluation = models.ForeignKey(
        Evaluation, related_name="improvement_actions", on_delete=models.CASCADE
    )
    # A removed question leaves its actions to the evaluation as a whole.
    question = models.ForeignKey(
        EvaluativeQuestion,
        verbose_name=_("evaluative question"),
        related_name="improvement_actions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    what = models.TextField(_("what"), max_length=2000)
    who = models.CharField(
        _("who"), max_length=200, blank=True, help_text=_("For example: Nadia, coordinator.")
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]

    def __str__(self):
        return self.what[:60]


class ActionUpdate(models.Model):
    """One moment in the follow-up of an action: its status then, and what was noted."""

    action = models.ForeignKey(ImprovementAction, related_name="updates", on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"), max_length=3000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up of an action")
        verbose_name_plural = _("follow-up of actions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} · {self.get_status_display()}"


class SharingLevel(models.IntegerChoices):
    """What an evaluation lets its network use. Each level includes the ones before it."""

    NOTHING = 0, _("Nothing")
    AGGREGATED = 1, _("Aggregated figures")
    CONTENT = 2, _("Read-only content for the network's admins")
    RESEARCH = 3, _("Pseudonymised data for researchers")


class SharingConsent(models.Model):
    """What the enterprise lets its network use of one evaluation, as last decided by one
    of its admins. Every decision, withdrawals included, is kept in the evaluation's
    history (`Change.record`); an evaluation without a consent shares nothing."""

    evaluation = models.OneToOneField(
        Evaluation, related_name="sharing_consent", on_delete=models.CASCADE
    )
    level = models.PositiveSmallIntegerField(
        _("what the network may use"), choices=SharingLevel.choices, default=SharingLevel.NOTHING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    # A choice of its own, apart from the levels: whether the network may name the
    # enterprise in its territorial reports and tell its story in the enterprise's words.
    named_in_reports = models.BooleanField(_("named in the network's reports"), default=False)
    story = models.TextField(_("our story"), max_length=1500, blank=True)

    class Meta:
        verbose_name = _("data-sharing consent")
        verbose_name_plural = _("data-sharing consents")

    def __str__(self):
        return f"{self.evaluation} · {self.get_level_display()}"
