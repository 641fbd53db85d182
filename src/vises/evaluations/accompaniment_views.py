"""Screens of the accompaniment: comment threads, sessions, feedback, the coach's
dashboard and the researchers' pseudonymised view of a network."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from vises.access import rules
from vises.analysis import disclosure

from . import accompaniment, journey
from .accompaniment_forms import CommentForm, FeedbackForm, SessionForm
from .models import Comment, JourneyStep


def comments_context(
    evaluation, section: str, form: CommentForm | None = None, *, count: int | None = None
) -> dict:
    """What `evaluations/_comments.html` needs to show a part's thread and its form, for
    a page that includes it: `{**comments_context(evaluation, "portrait"), ...}`. `count`
    is how many comments the thread holds, if the page knows already: an empty thread is
    then not read."""
    return {
        "evaluation": evaluation,
        "comment_section": section,
        "comments": [] if count == 0 else accompaniment.thread(evaluation, section),
        "comment_form": form or CommentForm(),
    }


@login_required
def evaluation_comments(request: HttpRequest, evaluation_id: int, section: str) -> HttpResponse:
    """One part's thread: read it, and add to it."""
    if section not in Comment.Section.values:
        raise Http404
    if request.method == "POST":
        evaluation = rules.get_evaluation_to_comment(request.user, evaluation_id)
    else:
        evaluation = rules.get_evaluation(request.user, evaluation_id)
    form = CommentForm(request.POST or None)
    if form.is_valid():
        accompaniment.add_comment(evaluation, section, request.user, form.cleaned_data["text"])
        messages.success(request, _("Your comment was added."))
        return redirect(
            _back(request, reverse("evaluation_comments", args=[evaluation.pk, section]))
        )
    return render(
        request,
        "evaluations/comments.html",
        {
            **comments_context(evaluation, section, form),
            "section_label": Comment.Section(section).label,
            "counts": [
                (value, label, count)
                for (value, label), count in zip(
                    Comment.Section.choices,
                    accompaniment.comment_counts(evaluation).values(),
                    strict=True,
                )
            ],
        },
    )


def _back(request: HttpRequest, default: str) -> str:
    """Where the comment form was posted from, at its thread, if it is one of our pages."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return target.split("#")[0] + "#comments"


@login_required
def evaluation_sessions(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The sessions logged by the coaches, and the feedback the team gave on each step."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    logged = list(accompaniment.sessions(evaluation))
    return render(
        request,
        "evaluations/sessions.html",
        {
            "evaluation": evaluation,
            "sessions": logged,
            "total_hours": accompaniment.total_minutes(logged) / 60,
            "feedback": evaluation.feedback.all(),
            "standing": journey.standing(evaluation),
            "may_log": rules.coaches_evaluation(request.user, evaluation),
            "may_give_feedback": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


@login_required
def evaluation_session_add(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_coach(request.user, evaluation_id)
    # A session most often covers the step the evaluation stands at.
    form = SessionForm(
        request.POST or None, initial={"step": journey.standing(evaluation).current_step}
    )
    if form.is_valid():
        accompaniment.log_session(evaluation, request.user, **form.cleaned_data)
        messages.success(request, _("The session was logged."))
        return redirect("evaluation_sessions", evaluation.pk)
    return render(
        request, "evaluations/session_form.html", {"evaluation": evaluation, "form": form}
    )


@login_required
def evaluation_feedback(request: HttpRequest, evaluation_id: int, step: int) -> HttpResponse:
    """The team says what it thought of the accompaniment in a step; again, to change it."""
    # Feedback is the team's voice, not content, but only the team gives it.
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    if step not in JourneyStep.values:
        raise Http404
    given = evaluation.feedback.filter(step=step).first()
    form = FeedbackForm(request.POST or None, instance=given)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FeedbackForm.Meta.fields}
        accompaniment.give_feedback(evaluation, step, request.user, **fields)
        messages.success(request, _("Thank you: your coach and your network will read it."))
        return redirect("evaluation_detail", evaluation.pk)
    return render(
        request,
        "evaluations/feedback_form.html",
        {"evaluation": evaluation, "form": form, "step": JourneyStep(step), "given": given},
    )


@login_required
def coach_dashboard(request: HttpRequest) -> HttpResponse:
    """The enterprises a coach follows, where each stands and when it last moved."""
    return render(
        request,
        "evaluations/coach_dashboard.html",
        {"followed": accompaniment.followed_by(request.user)},
    )


@login_required
def network_accompaniment(request: HttpRequest, network_id: int) -> HttpResponse:
    """Sessions and feedback across the network, pseudonymised, with figures per step."""
    network = rules.get_network_to_research(request.user, network_id)
    session_rows = accompaniment.research_sessions(network)
    feedback_rows = accompaniment.research_feedback(network)
    return render(
        request,
        "networks/accompaniment.html",
        {
            "network": network,
            "sessions": session_rows,
            "feedback": feedback_rows,
            "summaries": accompaniment.summarise(session_rows, feedback_rows),
            "minimum": disclosure.ENTERPRISE_MINIMUM,
        },
    )


@login_required
def network_accompaniment_csv(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_research(request.user, network_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accompaniment-{network.pk}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(
        accompaniment.csv_rows(
            accompaniment.research_sessions(network), accompaniment.research_feedback(network)
        )
    )
    return response
