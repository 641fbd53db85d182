"""What the evidence means, as the team and its stakeholders read it: the quotes chosen
from open answers for each evaluative question."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.evaluations.models import EvaluativeQuestion
from vises.surveys.models import Question, Response


class Quote(models.Model):
    """An open answer chosen to illustrate an evaluative question in reports. The text can
    be shortened or stripped of anything that identifies someone; it goes with the
    response it came from (a removed response takes its quotes with it)."""

    question = models.ForeignKey(
        EvaluativeQuestion, related_name="quotes", on_delete=models.CASCADE
    )
    response = models.ForeignKey(Response, related_name="quotes", on_delete=models.CASCADE)
    survey_question = models.ForeignKey(Question, related_name="quotes", on_delete=models.CASCADE)
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
            )
        ]

    def __str__(self):
        return self.text[:60]
