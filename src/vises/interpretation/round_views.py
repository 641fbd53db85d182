"""Interpretation rounds: started and followed by the team, answered through a link by
team members and invited stakeholders (no account needed), and the agreed interpretation
the team writes afterwards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.qualitative.pseudonyms import pseudonymised

from . import evidence, rounds
from .forms import InterpretationForm, OpinionsForm, RoundForm
from .models import Interpretation, Round


def _question(evaluation, question_id: int):
    return get_object_or_404(evaluation.questions, pk=question_id)


def _findings_url(evaluation, question, anchor: str = "") -> str:
    url = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def evaluation_round_add(request: HttpRequest, evaluation_id: int, question_id: int):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    gathered = evidence.question_evidence(evaluation, question, 0, with_open_answers=False)
    choices = rounds.available_findings(gathered, question.quotes.exists())
    form = RoundForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        round_ = rounds.start_round(
            question,
            request.user,
            title=form.cleaned_data["title"],
            introduction=form.cleaned_data["introduction"],
            plain_question=form.cleaned_data["plain_question"],
            chosen=form.cleaned_data["findings"],
        )
        messages.success(request, _("The round is open: share its link with the participants."))
        return redirect("evaluation_round_detail", evaluation.pk, question.pk, round_.pk)
    if request.method == "GET":
        form.initial = {
            "title": _("What do you make of these findings?"),
            "findings": [value for value, _label in choices],
        }
    return render(
        request,
        "interpretation/round_form.html",
        {
            "evaluation": evaluation,
            "question": question,
            "form": form,
            "choices": choices,
            "minimum": evidence.small_group_minimum(),
        },
    )


@login_required
def evaluation_round_detail(
    request: HttpRequest, evaluation_id: int, question_id: int, round_id: int
) -> HttpResponse:
    """What participants said, finding by finding; the link to share; open or close."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    round_ = get_object_or_404(question.rounds, pk=round_id)
    in_team = rules.may_edit_evaluation(request.user, evaluation)
    minimum = evidence.minimum_for(request.user, evaluation)
    gathered = evidence.question_evidence(evaluation, question, minimum, with_open_answers=False)
    tallies = rounds.tallies(round_)
    findings = evidence.round_findings(
        round_, gathered, pseudonymised(question.quotes.all(), evaluation), "team"
    )
    for entry in findings:
        entry.update(tallies[entry["finding"].pk])
    return render(
        request,
        "interpretation/round_detail.html",
        {
            "evaluation": evaluation,
            "question": question,
            "round": round_,
            "findings": findings,
            "participants": rounds.participants(round_),
            "link": request.build_absolute_uri(reverse("round_answer", args=[round_.token])),
            "may_edit": in_team,
        },
    )


@login_required
@require_POST
def evaluation_round_open(
    request: HttpRequest, evaluation_id: int, question_id: int, round_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    round_ = get_object_or_404(question.rounds, pk=round_id)
    is_open = request.POST.get("open") == "1"
    rounds.set_open(round_, request.user, is_open)
    messages.success(
        request, _("The round is open again.") if is_open else _("The round is closed.")
    )
    return redirect("evaluation_round_detail", evaluation.pk, question.pk, round_.pk)


@login_required
@require_POST
def evaluation_interpretation(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = _question(evaluation, question_id)
    current = Interpretation.objects.filter(question=question).first()
    form = InterpretationForm(request.POST, instance=current)
    if not form.is_valid():
        messages.error(request, _("Write the interpretation the team agreed on."))
        return redirect(_findings_url(evaluation, question, "interpretation"))
    rounds.agree(
        question,
        request.user,
        agreed=form.cleaned_data["agreed"],
        lessons=form.cleaned_data["lessons"],
    )
    messages.success(request, _("The agreed interpretation was saved."))
    return redirect(_findings_url(evaluation, question, "interpretation"))


def round_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's page: the findings, and for each whether it matches their
    experience. No account needed; small groups are always hidden here."""
    round_ = get_object_or_404(
        Round.objects.select_related("question__evaluation__enterprise"), token=token
    )
    question = round_.question
    evaluation = question.evaluation
    context = {
        "round": round_,
        "question": question,
        "question_for_guests": rounds.question_for_guests(round_),
        "enterprise": evaluation.enterprise,
    }
    if not round_.is_open:
        return render(request, "interpretation/round_closed.html", context, status=410)
    minimum = evidence.small_group_minimum()
    gathered = evidence.question_evidence(evaluation, question, minimum, with_open_answers=False)
    findings = evidence.round_findings(
        round_, gathered, pseudonymised(question.quotes.all(), evaluation), "guests"
    )
    participant = rounds.participant_key(request.session, round_, request.user)
    data = request.POST if request.method == "POST" else None
    form = OpinionsForm(data, findings=[entry["finding"] for entry in findings])
    if request.method == "POST" and form.is_valid():
        try:
            given = rounds.give_opinions(
                round_,
                participant,
                request.user,
                name=form.cleaned_data["name"],
                language=get_language()[:2],
                answers=form.answers(),
            )
        except rounds.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            request.session["vises.round_thanks"] = given
            return redirect(f"{reverse('round_answer', args=[token])}#thanks")
    if request.method == "GET":
        earlier = rounds.opinions_of(round_, participant)
        if earlier:
            form = OpinionsForm(
                initial={
                    "name": next(iter(earlier.values())).name,
                    **{f"verdict-{pk}": opinion.verdict for pk, opinion in earlier.items()},
                    **{f"comment-{pk}": opinion.comment for pk, opinion in earlier.items()},
                },
                findings=[entry["finding"] for entry in findings],
            )
    for entry in findings:
        entry["verdict"], entry["comment"] = form.field_pair(entry["finding"].pk)
    return render(
        request,
        "interpretation/round_answer.html",
        {
            **context,
            "findings": findings,
            "form": form,
            "minimum": minimum,
            "thanks": request.session.pop("vises.round_thanks", None),
        },
    )
