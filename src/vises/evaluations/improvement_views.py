"""Screens of the improvement plan: the whole plan, adding and changing an action, and its
follow-up over time. The enterprise's team writes; its coach reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules

from . import history, improvement, parts
from .improvement_forms import ActionForm, FollowUpForm


def _action(evaluation, action_id: int):
    """The evaluation's action, or None when there is none by this id."""
    return evaluation.improvement_actions.select_related("question").filter(pk=action_id).first()


def _gone(request, evaluation, action_id: int, asked: str) -> HttpResponse:
    """An action removed after the page asking about it was opened: say who removed it and
    when, and give back what was written. An id that was never the evaluation's is 404."""
    removed = improvement.removal(evaluation, action_id)
    if removed is None:
        raise Http404
    written = [
        (label, request.POST.get(key, "").strip())
        for key, label in (("what", _("What will you do?")), ("note", _("Note")))
        if request.POST.get(key, "").strip()
    ]
    return render(
        request,
        "evaluations/action_gone.html",
        {
            "evaluation": evaluation,
            "removed": removed,
            "removed_rows": history.readable(evaluation, improvement.PART, removed.before),
            "asked": asked,
            "written": written,
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
        status=410,
    )


def _conflict(form, evaluation, before: dict) -> dict:
    """Nothing if the action is still as the form showed it; otherwise who changed it
    meanwhile and what it is now. The editor's next save goes through."""
    if not parts.changed_since_opened(form.cleaned_data.get("seen", ""), before):
        return {}
    form.data = form.data.copy()
    form.data[form.add_prefix("seen")] = parts.fingerprint(before)
    change = improvement.saved_as(evaluation, before)
    return {
        "conflict": {"updated_by": change.user, "updated_at": change.at} if change else True,
        "conflict_rows": history.readable(evaluation, improvement.PART, before),
    }


def _in_plan(evaluation, action) -> HttpResponse:
    return redirect(f"{reverse('evaluation_improvement', args=[evaluation.pk])}#action-{action.pk}")


@login_required
def evaluation_improvement(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The improvement plan, question by question; it prints as a clean document."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    return render(
        request,
        "evaluations/improvement.html",
        {
            "evaluation": evaluation,
            "plan": improvement.improvement_plan(evaluation),
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


@login_required
def evaluation_action_add(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """A new action; `?question=<id>` chooses the evaluative question it answers."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = ActionForm(
        request.POST or None,
        evaluation=evaluation,
        initial={"question": request.GET.get("question")},
    )
    if form.is_valid():
        action = improvement.add(evaluation, request.user, **form.values())
        messages.success(request, _("The action was added to the improvement plan."))
        return _in_plan(evaluation, action)
    return render(request, "evaluations/action_form.html", {"evaluation": evaluation, "form": form})


@login_required
def evaluation_action_edit(
    request: HttpRequest, evaluation_id: int, action_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    action = _action(evaluation, action_id)
    if action is None:
        return _gone(request, evaluation, action_id, "edit")
    before = improvement.snapshot(action)
    form = ActionForm(
        request.POST or None,
        evaluation=evaluation,
        initial={
            "question": action.question_id,
            "what": action.what,
            "who": action.who,
            "due_on": action.due_on,
            "status": action.status,
            "seen": parts.fingerprint(before),
        },
    )
    conflict = {}
    if form.is_valid():
        conflict = _conflict(form, evaluation, before)
        if not conflict:
            improvement.change(action, request.user, **form.values())
            messages.success(request, _("Your changes were saved."))
            return _in_plan(evaluation, action)
    return render(
        request,
        "evaluations/action_form.html",
        {"evaluation": evaluation, "form": form, "action": action, **conflict},
    )


def _action_page(request, evaluation, action, form=None, conflict=None):
    may_edit = rules.may_edit_evaluation(request.user, evaluation)
    if may_edit and form is None:
        form = FollowUpForm(
            initial={
                "status": action.status,
                "seen": parts.fingerprint(improvement.snapshot(action)),
            }
        )
    return render(
        request,
        "evaluations/action_detail.html",
        {
            "evaluation": evaluation,
            "entry": improvement.timeline(action),
            "may_edit": may_edit,
            "form": form,
            **(conflict or {}),
        },
    )


@login_required
def evaluation_action_detail(
    request: HttpRequest, evaluation_id: int, action_id: int
) -> HttpResponse:
    """One action and its follow-up, oldest first; the team notes where it stands."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    action = _action(evaluation, action_id)
    if action is None:
        return _gone(request, evaluation, action_id, "read")
    return _action_page(request, evaluation, action)


@login_required
@require_POST
def evaluation_action_follow_up(
    request: HttpRequest, evaluation_id: int, action_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    action = _action(evaluation, action_id)
    if action is None:
        return _gone(request, evaluation, action_id, "follow_up")
    form = FollowUpForm(request.POST)
    conflict = {}
    if form.is_valid():
        conflict = _conflict(form, evaluation, improvement.snapshot(action))
        if not conflict:
            try:
                improvement.follow_up(
                    action,
                    request.user,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except improvement.NothingToFollowUp as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The follow-up was added."))
                url = reverse("evaluation_action_detail", args=[evaluation.pk, action.pk])
                return redirect(f"{url}#timeline")
    return _action_page(request, evaluation, action, form, conflict)


@login_required
@require_POST
def evaluation_action_remove(
    request: HttpRequest, evaluation_id: int, action_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    action = _action(evaluation, action_id)
    if action is None:
        return _gone(request, evaluation, action_id, "remove")
    improvement.remove(action, request.user)
    messages.success(request, _("The action was removed from the improvement plan."))
    return redirect("evaluation_improvement", evaluation.pk)
