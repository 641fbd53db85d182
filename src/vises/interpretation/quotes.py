"""Choosing open answers and coded passages as quotes for reports: the text may be
shortened or stripped of what identifies someone, never replaced by words the person did
not say elsewhere (that is for the team to keep honest); every choice is in the
evaluation's history."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vises.evaluations.models import Change
from vises.surveys.answers import LONG_TEXT_MAX
from vises.surveys.models import Question, Response

from .models import Quote

PART = "quotes"


class Refused(ValueError):
    """The answer cannot be quoted; the message says why, in the user's language."""


def _snapshot(quote: Quote) -> dict:
    return {"question": quote.question.text, "quote": quote.text}


def choose(question, user, *, response_id: str, survey_question_id: str, text: str = "") -> Quote:
    """Keep the open answer of response `response_id` to `survey_question_id` as a quote of
    the evaluative question, its text as given (or as answered)."""
    evaluation = question.evaluation
    if not (str(response_id).isdigit() and str(survey_question_id).isdigit()):
        raise Refused(_("This answer cannot be found."))
    asked = Question.objects.filter(survey__evaluation=evaluation, pk=survey_question_id).first()
    response = Response.objects.filter(wave__survey__evaluation=evaluation, pk=response_id).first()
    if asked is None or response is None or response.wave.survey_id != asked.survey_id:
        raise Refused(_("This answer cannot be found."))
    answered = response.answers.get(asked.code)
    if not isinstance(answered, str) or not answered.strip():
        raise Refused(_("This response holds no open answer to that question."))
    text = (text or answered).strip()
    if not text:
        raise Refused(_("A quote cannot be empty."))
    if len(text) > LONG_TEXT_MAX:
        raise Refused(
            _("Keep it under %(limit)s characters (this is %(length)s).")
            % {"limit": LONG_TEXT_MAX, "length": len(text)}
        )
    try:
        with transaction.atomic():
            quote = Quote.objects.create(
                question=question,
                response=response,
                survey_question=asked,
                text=text,
                language=response.language,
                marked_by=user,
            )
            Change.record(evaluation.pk, PART, None, _snapshot(quote), user)
    except IntegrityError:
        raise Refused(_("This answer is already a quote of this question.")) from None
    return quote


def choose_many(question, user, picks) -> tuple[list[Quote], list[str]]:
    """Keep each (response id, survey question id, text) of `picks` as a quote, each on
    its own: the quotes kept, and why the others were refused."""
    kept, refusals = [], []
    for response_id, survey_question_id, text in picks:
        try:
            kept.append(
                choose(
                    question,
                    user,
                    response_id=response_id,
                    survey_question_id=survey_question_id,
                    text=text,
                )
            )
        except Refused as refusal:
            refusals.append(str(refusal))
    return kept, refusals


def choose_passage(question, user, *, excerpt, text: str = "", language: str) -> Quote:
    """Keep a coded passage of the evaluation's material as a quote of the evaluative
    question, its text as given (shortened) or as said; the team shares it so with
    whoever reads the question's findings and reports."""
    evaluation = question.evaluation
    if excerpt.document.evaluation_id != evaluation.pk:
        raise Refused(_("This passage cannot be found."))
    text = (text or excerpt.text).strip()
    if not text:
        raise Refused(_("A quote cannot be empty."))
    if len(text) > LONG_TEXT_MAX:
        raise Refused(
            _("Keep it under %(limit)s characters (this is %(length)s).")
            % {"limit": LONG_TEXT_MAX, "length": len(text)}
        )
    try:
        with transaction.atomic():
            quote = Quote.objects.create(
                question=question, excerpt=excerpt, text=text, language=language, marked_by=user
            )
            Change.record(evaluation.pk, PART, None, _snapshot(quote), user)
    except IntegrityError:
        raise Refused(_("This passage is already a quote of this question.")) from None
    return quote


@transaction.atomic
def drop(quote: Quote, user) -> None:
    Change.record(quote.question.evaluation_id, PART, _snapshot(quote), None, user)
    quote.delete()
