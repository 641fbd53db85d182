"""The page of one evaluative question's evidence, and the quotes chosen from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.evaluations import improvement

from . import evidence, quotes
from .forms import InterpretationForm
from .models import Interpretation, Quote


def _question(evaluation, question_id: int):
    return get_object_or_404(evaluation.questions, pk=question_id)


@login_required
def evaluation_question_findings(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    """Indicators, survey results and quotes of one evaluative question. The team sees
    every group and the open answers; coaches see small groups hidden and quotes only."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    in_team = rules.may_edit_evaluation(request.user, evaluation)
    minimum = 0 if in_team else evidence.small_group_minimum()
    by = request.GET.get("by", "wave")
    context = evidence.question_evidence(
        evaluation, question, minimum, with_open_answers=in_team, by=by
    )
    chosen = list(question.quotes.select_related("survey_question__survey"))
    interpretation = Interpretation.objects.filter(question=question).first()
    return render(
        request,
        "interpretation/findings.html",
        {
            **context,
            "evaluation": evaluation,
            "question": question,
            "may_edit": in_team,
            "quotes": chosen,
            "by": by,
            "rounds": list(question.rounds.all()),
            "interpretation": interpretation,
            "interpretation_form": InterpretationForm(instance=interpretation),
            "actions": improvement.question_actions(question),
            "minimum": evidence.small_group_minimum(),
        },
    )


def _back(evaluation, question, anchor: str = "") -> HttpResponse:
    url = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def evaluation_quote_add(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    try:
        quote = quotes.choose(
            question,
            request.user,
            response_id=request.POST.get("response", ""),
            survey_question_id=request.POST.get("survey_question", ""),
            text=request.POST.get("text", ""),
        )
    except quotes.Refused as refusal:
        messages.error(request, str(refusal))
        return _back(evaluation, question, "open-answers")
    messages.success(request, _("The answer was kept as a quote."))
    return _back(evaluation, question, f"quote-{quote.pk}")


@login_required
@require_POST
def evaluation_quote_remove(
    request: HttpRequest, evaluation_id: int, question_id: int, quote_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    quote = get_object_or_404(Quote, question=question, pk=quote_id)
    quotes.drop(quote, request.user)
    messages.success(request, _("The quote was removed."))
    return _back(evaluation, question, "quotes")
