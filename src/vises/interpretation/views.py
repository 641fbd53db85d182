"""The page of one evaluative question's evidence, the results page of each survey, and
the quotes chosen from their open answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.analysis.sentences import count
from vises.evaluations import improvement
from vises.qualitative import pseudonyms, reading

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
    by = request.GET.get("by", "wave")
    query = request.GET.get("q", "")[:200]
    context = evidence.question_evidence(
        evaluation,
        question,
        evidence.minimum_for(request.user, evaluation),
        with_open_answers=in_team,
        by=by,
        query=query,
        pages=request.GET,
    )
    _link_pages(request, context["open_answers"])
    chosen = list(question.quotes.select_related("survey_question__survey", "excerpt__document"))
    if in_team:
        # The team reads what is stored, told which quotes still name someone.
        listed = pseudonyms.pairs(evaluation)
        for quote in chosen:
            quote.real_names = pseudonyms.names_in(quote.text, listed)
    else:
        chosen = pseudonyms.pseudonymised(chosen, evaluation)
    material = (
        reading.question_material(evaluation, question)
        if rules.may_read_material(request.user, evaluation)
        else []
    )
    quoted_passages = {quote.excerpt_id for quote in chosen if quote.excerpt_id}
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
            "material": material,
            "quoted_passages": quoted_passages,
            "by": by,
            "query": query,
            "planned_surveys": evidence.planned_surveys(evaluation, question),
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


def _link_pages(request, blocks) -> None:
    """Give each block of open answers the query strings of its previous and next pages
    (empty when there is none), keeping the search and the other blocks' pages."""
    for block in blocks:
        page = block.page
        block.previous_query = block.next_query = ""
        for name, number in (
            ("previous_query", page.previous_page_number() if page.has_previous() else None),
            ("next_query", page.next_page_number() if page.has_next() else None),
        ):
            if number is not None:
                query = request.GET.copy()
                query[block.param] = number
                setattr(block, name, query.urlencode())


def _kept_query(request) -> str:
    """The search, grouping and pages the quotes were kept from, to show the same again."""
    given = QueryDict(request.POST.get("back", ""))
    kept = QueryDict(mutable=True)
    for key in given:
        if key in ("q", "by") or key.startswith("answers-"):
            kept[key] = given[key][:200]
    return kept.urlencode()


def _keep_quotes(request, question) -> None:
    """Keep each ticked open answer (its shortened text when given) as a quote of the
    evaluative question, and say what was kept and what was refused."""
    picks = []
    for answer in request.POST.getlist("answer"):
        response_id, _sep, survey_question_id = answer.partition(":")
        text = request.POST.get(f"text-{response_id}-{survey_question_id}", "")
        picks.append((response_id, survey_question_id, text))
    if not picks:
        messages.error(request, _("Tick at least one answer to keep as a quote."))
        return
    kept, refusals = quotes.choose_many(question, request.user, picks)
    if kept:
        messages.success(
            request,
            ngettext(
                "%(count)s answer was kept as a quote.",
                "%(count)s answers were kept as quotes.",
                len(kept),
            )
            % {"count": count(len(kept))},
        )
    for refusal in refusals:
        messages.error(request, refusal)


@login_required
@require_POST
def evaluation_quote_add(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    _keep_quotes(request, question)
    url = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    kept = _kept_query(request)
    return redirect(f"{url}?{kept}#open-answers" if kept else f"{url}#open-answers")


@login_required
@require_POST
def evaluation_quote_passage(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    """Keep a coded passage of the material (shortened if the team wishes) as a quote of
    the evaluative question: from then on its coach and its reports read it."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    excerpt_id = request.POST.get("excerpt", "")
    if not excerpt_id.isdigit():
        messages.error(request, _("This passage cannot be found."))
        return _back(evaluation, question, "material")
    excerpt = rules.get_excerpt(request.user, evaluation.pk, int(excerpt_id))
    try:
        quote = quotes.choose_passage(
            question,
            request.user,
            excerpt=excerpt,
            text=request.POST.get("text", ""),
            language=request.LANGUAGE_CODE,
        )
    except quotes.Refused as refusal:
        messages.error(request, str(refusal))
        return _back(evaluation, question, "material")
    messages.success(request, _("The passage is kept as a quote."))
    return _back(evaluation, question, f"quote-{quote.pk}")


@login_required
def survey_results(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """Every question of one survey with its results, by wave or by a single-choice
    question; for the team, its open answers, searched and paged, to keep as quotes."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    evaluation = survey.evaluation
    in_team = rules.may_edit_evaluation(request.user, evaluation)
    query = request.GET.get("q", "")[:200]
    context = evidence.survey_evidence(
        survey,
        evidence.minimum_for(request.user, evaluation),
        with_open_answers=in_team,
        by=request.GET.get("by", "wave"),
        query=query,
        pages=request.GET,
    )
    _link_pages(request, context["open_answers"])
    return render(
        request,
        "interpretation/survey_results.html",
        {
            **context,
            "evaluation": evaluation,
            "survey": survey,
            "may_edit": in_team,
            "query": query,
            "minimum": evidence.small_group_minimum(),
            "evaluative_questions": list(evaluation.questions.all()),
            "planned_for": [
                question.pk
                for question in evaluation.questions.all()
                if survey in evidence.planned_surveys(evaluation, question)
            ],
        },
    )


@login_required
@require_POST
def survey_quotes_add(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """Keep open answers ticked on a survey's results page as quotes of the evaluative
    question chosen there."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    chosen = request.POST.get("question", "")
    question = survey.evaluation.questions.filter(pk=chosen).first() if chosen.isdigit() else None
    if question is None:
        messages.error(request, _("Choose the evaluative question the quotes illustrate."))
    else:
        _keep_quotes(request, question)
    url = reverse("survey_results", args=[survey.evaluation_id, survey.pk])
    kept = _kept_query(request)
    return redirect(f"{url}?{kept}#open-answers" if kept else f"{url}#open-answers")


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
