"""An evaluation's evaluative questions: chosen from the library or written by the team."""

from django.db import transaction
from django.utils.translation import get_language

from vises.multilingual import pick

from .models import Change, Evaluation, EvaluativeQuestion


def library(evaluation: Evaluation) -> list[dict]:
    """The framework's questions for the enterprise's group not chosen yet, in the reader's
    language."""
    chosen = set(evaluation.questions.values_list("library_code", flat=True))
    document = evaluation.framework_version.document
    return [
        {"code": q["code"], "text": pick(q["text"], get_language()).text, "themes": q["themes"]}
        for q in document["evaluative_questions"]
        if evaluation.enterprise.group in q["groups"] and q["code"] not in chosen
    ]


def _record(evaluation, before, after, user) -> None:
    Change.record(evaluation.pk, "evaluative_questions", before, after, user)


def snapshot(question: EvaluativeQuestion) -> dict:
    return {"text": question.text, "themes": question.themes, "main": question.is_main}


@transaction.atomic
def add(evaluation, *, text: str, themes: list[str], user, library_code: str = ""):
    """Add a question; the first one becomes the main question."""
    question = EvaluativeQuestion.objects.create(
        evaluation=evaluation,
        library_code=library_code,
        text=text,
        themes=themes,
        is_main=not evaluation.questions.exists(),
        position=evaluation.questions.count(),
    )
    _record(evaluation, None, snapshot(question), user)
    return question


@transaction.atomic
def make_main(question: EvaluativeQuestion, user) -> None:
    question.evaluation.questions.update(is_main=False)
    question.is_main = True
    question.save(update_fields=["is_main"])
    _record(question.evaluation, None, snapshot(question), user)


@transaction.atomic
def remove(question: EvaluativeQuestion, user) -> None:
    """Remove a question; if it was the main one, the next one takes its place."""
    evaluation = question.evaluation
    _record(evaluation, snapshot(question), None, user)
    question.delete()
    if question.is_main:
        following = evaluation.questions.first()
        if following:
            following.is_main = True
            following.save(update_fields=["is_main"])


@transaction.atomic
def update(question: EvaluativeQuestion, *, text: str, themes: list[str], user) -> None:
    """Reword a question or change its themes; a library question keeps its code."""
    before = snapshot(question)
    question.text, question.themes = text, themes
    question.save(update_fields=["text", "themes"])
    if before != snapshot(question):
        _record(question.evaluation, before, snapshot(question), user)
