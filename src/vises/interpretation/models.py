"""What the evidence means, as the team and its stakeholders read it: quotes chosen from
open answers, findings put to an interpretation round, what each participant said of
them, and the interpretation and lessons the team agreed for each evaluative question."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import EvaluativeQuestion, PlanIndicator
from vises.surveys.models import Question, Response


def new_round_token() -> str:
    return secrets.token_urlsafe(24)


class Quote(models.Model):
    """An open answer, or a coded passage of an interview, focus group or life story,
    chosen to illustrate an evaluative question in reports. The text can be shortened or
    stripped of anything that identifies someone; it goes with what it came from (a
    removed response or passage takes its quotes with it)."""

    question = models.ForeignKey(
        EvaluativeQuestion, related_name="quotes", on_delete=models.CASCADE
    )
    response = models.ForeignKey(
        Response, related_name="quotes", on_delete=models.CASCADE, null=True, blank=True
    )
    survey_question = models.ForeignKey(
        Question, related_name="quotes", on_delete=models.CASCADE, null=True, blank=True
    )
    excerpt = models.ForeignKey(
        "qualitative.Excerpt",
        related_name="quotes",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    text = models.TextField(_("quote"), max_length=5000)
    language = models.CharField(max_length=2)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["marked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "response", "survey_question"], name="one_quote_per_answer"
            ),
            models.UniqueConstraint(fields=["question", "excerpt"], name="one_quote_per_passage"),
            # From an open answer (its response and survey question) or from a passage.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        response__isnull=False, survey_question__isnull=False, excerpt__isnull=True
                    )
                    | models.Q(
                        response__isnull=True, survey_question__isnull=True, excerpt__isnull=False
                    )
                ),
                name="quote_from_an_answer_or_a_passage",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Round(models.Model):
    """An interpretation round: findings of one evaluative question put to team members and
    invited stakeholders, who answer through a link, without an account, until it closes."""

    question = models.ForeignKey(
        EvaluativeQuestion, related_name="rounds", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"),
        max_length=3000,
        blank=True,
        help_text=_("What participants read first: why you ask them, what you will do with it."),
    )
    # Guests are trainees, parents, volunteers: the evaluative question is the team's wording.
    plain_question = models.CharField(
        _("the question in everyday words"),
        max_length=300,
        blank=True,
        help_text=_(
            "What participants read instead of the evaluative question. Write it as you would "
            "say it to them: short, in everyday words. Left empty, they read the evaluative "
            "question."
        ),
    )
    token = models.CharField(max_length=40, unique=True, default=new_round_token)
    is_open = models.BooleanField(_("open to answers"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class Finding(models.Model):
    """One piece of evidence put to a round: a survey question's results, an indicator, or
    the evaluative question's quotes, with what the team sees in it."""

    class Kind(models.TextChoices):
        SURVEY_RESULT = "survey_result", _("Survey results")
        INDICATOR = "indicator", _("Indicator")
        QUOTES = "quotes", _("Quotes")

    round = models.ForeignKey(Round, related_name="findings", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    survey_question = models.ForeignKey(
        Question, related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    indicator = models.ForeignKey(
        PlanIndicator, related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.round}"


class Opinion(models.Model):
    """What one participant says of one finding: whether it matches their experience, and
    why. Guests are known only by the name or role they choose to give, if any."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("Yes, it matches my experience")
        PARTLY = "partly", _("Partly")
        DISAGREE = "disagree", _("No, it does not match my experience")

    finding = models.ForeignKey(Finding, related_name="opinions", on_delete=models.CASCADE)
    participant = models.CharField(max_length=32)  # one random key per participant and round
    verdict = models.CharField(
        _("does this match your experience?"), max_length=10, choices=Verdict.choices
    )
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    name = models.CharField(_("your name or role (optional)"), max_length=100, blank=True)
    language = models.CharField(max_length=2)
    given_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "participant"], name="one_opinion_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.get_verdict_display()} · {self.finding}"


class Interpretation(models.Model):
    """The reading of the evidence the team agreed for one evaluative question, and the
    lessons drawn from it; earlier versions are in the evaluation's history."""

    question = models.OneToOneField(
        EvaluativeQuestion, related_name="interpretation", on_delete=models.CASCADE
    )
    agreed = models.TextField(_("agreed interpretation"), max_length=10000)
    lessons = models.TextField(_("lessons for our practice"), max_length=10000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.agreed[:60]
