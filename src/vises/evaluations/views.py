from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.accounts.models import User
from vises.frameworks import browse
from vises.multilingual import pick

from . import history, journey, parts, questions, stakeholders, starting
from .forms import (
    EvaluationForm,
    PortraitForm,
    PreliminaryForm,
    QuestionForm,
    StakeholderForm,
    initial_from_content,
)
from .models import Part


@login_required
def evaluation_create(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = rules.get_enterprise_to_represent(request.user, enterprise_id)
    form = EvaluationForm(request.POST or None, enterprise=enterprise)
    if form.is_valid():
        try:
            evaluation = starting.start(enterprise, user=request.user, **form.cleaned_data)
        except starting.NoFramework as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The evaluation is started: begin with the preliminary step.")
            )
            return redirect("evaluation_detail", evaluation.pk)
    return render(
        request, "evaluations/evaluation_form.html", {"enterprise": enterprise, "form": form}
    )


@login_required
def evaluation_detail(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The journey screen: every step, what is done and missing, and what to do next."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    steps = journey.journey(evaluation, {p.name: p for p in evaluation.parts.all()})
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "steps": steps,
            "next_action": journey.next_action(steps),
            "progress": journey.progress(steps),
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


def _part_page(request, evaluation, name, form, template, context=None):
    """Save a part from `form`, or show the conflict with what someone else saved."""
    conflict = None
    if form.is_valid():
        try:
            parts.save_part(
                evaluation,
                name,
                form.content(),
                request.user,
                form.cleaned_data["revision"],
            )
        except parts.EditConflict as error:
            conflict = error.part
        else:
            messages.success(request, _("Saved."))
            return None
    return render(
        request,
        template,
        {
            "evaluation": evaluation,
            "form": form,
            "conflict": conflict,
            "conflict_rows": history.readable(evaluation, name, conflict.content)
            if conflict
            else [],
            **(context or {}),
        },
    )


@login_required
def evaluation_preliminary(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    part = parts.get_part(evaluation, Part.Name.PRELIMINARY)
    people = User.objects.filter(enterprise_memberships__enterprise=evaluation.enterprise)
    initial = {**part.content, "revision": part.revision, "team": evaluation.team.all()}
    form = PreliminaryForm(request.POST or None, initial=initial, people=people)
    response = _part_page(
        request, evaluation, Part.Name.PRELIMINARY, form, "evaluations/preliminary_form.html"
    )
    if response:
        return response
    evaluation.team.set(form.cleaned_data["team"])
    return redirect("evaluation_detail", evaluation.pk)


@login_required
def evaluation_portrait(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    grid = evaluation.framework_version.document["portrait"]
    part = parts.get_part(evaluation, Part.Name.PORTRAIT)
    initial = {**initial_from_content(part.content, grid), "revision": part.revision}
    form = PortraitForm(request.POST or None, initial=initial, grid=grid)
    response = _part_page(
        request, evaluation, Part.Name.PORTRAIT, form, "evaluations/portrait_form.html"
    )
    return response or redirect("evaluation_portrait_summary", evaluation.pk)


@login_required
def evaluation_portrait_summary(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The portrait as one readable page, for the team and its coach."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    grid = evaluation.framework_version.document["portrait"]
    content = parts.get_part(evaluation, Part.Name.PORTRAIT).content
    groups = journey.portrait_summary(grid, content)
    return render(
        request,
        "evaluations/portrait_summary.html",
        {
            "evaluation": evaluation,
            "groups": groups,
            "is_empty": not any(group["rows"] for group in groups),
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


@login_required
def evaluation_history(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    changes = [
        {
            "change": change,
            "part": history.PART_LABELS.get(change.part, change.part),
            "before": history.readable(evaluation, change.part, change.before),
            "after": history.readable(evaluation, change.part, change.after),
        }
        for change in evaluation.changes.select_related("user")[:200]
    ]
    return render(
        request, "evaluations/history.html", {"evaluation": evaluation, "changes": changes}
    )


@login_required
def evaluation_questions(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    may_edit = rules.may_edit_evaluation(request.user, evaluation)
    return _questions_page(request, evaluation, may_edit, QuestionForm(schema=_schema(evaluation)))


def _schema(evaluation) -> dict:
    return evaluation.framework_version.document["schema"]


def _questions_page(request, evaluation, may_edit, form):
    theme_names = {
        code: pick(theme["name"]).text
        for code, theme in browse.themes(evaluation.framework_version.document).items()
    }
    chosen = [
        (question, [theme_names.get(code, code) for code in question.themes])
        for question in evaluation.questions.all()
    ]
    return render(
        request,
        "evaluations/questions.html",
        {
            "evaluation": evaluation,
            "chosen": chosen,
            "library": questions.library(evaluation) if may_edit else [],
            "theme_names": theme_names,
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
@require_POST
def evaluation_question_add(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The team writes its own question."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = QuestionForm(request.POST, schema=_schema(evaluation))
    if not form.is_valid():
        return _questions_page(request, evaluation, True, form)
    questions.add(evaluation, user=request.user, **form.cleaned_data)
    messages.success(request, _("Your question was added."))
    return redirect("evaluation_questions", evaluation.pk)


@login_required
@require_POST
def evaluation_question_choose(request: HttpRequest, evaluation_id: int, code: str) -> HttpResponse:
    """The team takes a question from the framework's library."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    entry = next((q for q in questions.library(evaluation) if q["code"] == code), None)
    if entry is None:
        raise Http404
    questions.add(
        evaluation, text=entry["text"], themes=entry["themes"], library_code=code, user=request.user
    )
    messages.success(request, _("The question was added."))
    return redirect("evaluation_questions", evaluation.pk)


def _question_to_edit(request, evaluation_id, question_id):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    return get_object_or_404(evaluation.questions, pk=question_id)


@login_required
@require_POST
def evaluation_question_main(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    question = _question_to_edit(request, evaluation_id, question_id)
    questions.make_main(question, request.user)
    return redirect("evaluation_questions", evaluation_id)


@login_required
@require_POST
def evaluation_question_remove(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    question = _question_to_edit(request, evaluation_id, question_id)
    questions.remove(question, request.user)
    messages.success(request, _("The question was removed."))
    return redirect("evaluation_questions", evaluation_id)


def _types(evaluation) -> list[dict]:
    return evaluation.framework_version.document["stakeholder_types"]


@login_required
def evaluation_stakeholders(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The stakeholder map as a table and as an importance-by-influence chart."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    may_edit = rules.may_edit_evaluation(request.user, evaluation)
    form = StakeholderForm(types=_types(evaluation)) if may_edit else None
    return _stakeholders_page(request, evaluation, may_edit, form)


def _stakeholders_page(request, evaluation, may_edit, form):
    type_names = {t["code"]: pick(t["name"]).text for t in _types(evaluation)}
    people = list(evaluation.stakeholders.all())
    return render(
        request,
        "evaluations/stakeholders.html",
        {
            "evaluation": evaluation,
            "rows": [(s, type_names.get(s.type_code, "")) for s in people],
            "points": stakeholders.chart_points(people),
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
@require_POST
def evaluation_stakeholder_add(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = StakeholderForm(request.POST, types=_types(evaluation))
    if not form.is_valid():
        return _stakeholders_page(request, evaluation, True, form)
    stakeholder = form.save(commit=False)
    stakeholder.evaluation = evaluation
    stakeholders.save(stakeholder, request.user)
    messages.success(request, _("%(name)s is on the map.") % {"name": stakeholder.name})
    return redirect("evaluation_stakeholders", evaluation.pk)


@login_required
def evaluation_stakeholder_edit(
    request: HttpRequest, evaluation_id: int, stakeholder_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    stakeholder = get_object_or_404(evaluation.stakeholders, pk=stakeholder_id)
    before = stakeholders.snapshot(stakeholder)
    form = StakeholderForm(request.POST or None, instance=stakeholder, types=_types(evaluation))
    if form.is_valid():
        stakeholders.save(form.save(commit=False), request.user, before=before)
        messages.success(request, _("Your changes were saved."))
        return redirect("evaluation_stakeholders", evaluation.pk)
    return render(
        request,
        "evaluations/stakeholder_form.html",
        {"evaluation": evaluation, "form": form, "stakeholder": stakeholder},
    )


@login_required
@require_POST
def evaluation_stakeholder_remove(
    request: HttpRequest, evaluation_id: int, stakeholder_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    stakeholder = get_object_or_404(evaluation.stakeholders, pk=stakeholder_id)
    stakeholders.remove(stakeholder, request.user)
    messages.success(request, _("%(name)s was removed from the map.") % {"name": stakeholder.name})
    return redirect("evaluation_stakeholders", evaluation.pk)
