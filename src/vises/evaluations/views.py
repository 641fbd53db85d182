from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.accounts.models import User
from vises.frameworks import browse
from vises.multilingual import pick

from . import (
    evaluation_settings,
    history,
    journey,
    journey_screen,
    parts,
    plan,
    prefill,
    questions,
    stakeholders,
    starting,
)
from .accompaniment_views import comments_context
from .forms import (
    EvaluationForm,
    EvaluationSettingsForm,
    PlanIndicatorForm,
    PlanRowForm,
    PortraitForm,
    PreliminaryForm,
    QuestionForm,
    StakeholderForm,
    initial_from_content,
)
from .models import Part, PlanIndicator


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
    return render(
        request,
        "evaluations/evaluation_detail.html",
        journey_screen.context(request.user, evaluation, timezone.localdate()),
    )


@login_required
def evaluation_settings_page(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The evaluation's title, period and retention date, for the enterprise's admins."""
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    form = EvaluationSettingsForm(
        request.POST or None, instance=evaluation, today=timezone.localdate()
    )
    if form.is_valid():
        evaluation_settings.save_settings(form.instance, request.user)
        messages.success(request, _("The settings of the evaluation are saved."))
        return redirect("evaluation_detail", evaluation.pk)
    return render(
        request, "evaluations/settings_form.html", {"evaluation": evaluation, "form": form}
    )


@login_required
@require_POST
def evaluation_framework_read(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The team says it has read the framework's guidance and glossary."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    journey.mark_framework_read(evaluation, request.user)
    return redirect("evaluation_detail", evaluation.pk)


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
                editor=form.cleaned_data["editor"],
            )
        except parts.EditConflict as error:
            conflict = error.part
            # Shown both versions, the editor's next save is deliberate: it builds on the
            # revision they have now seen.
            form.data = form.data.copy()
            form.data["revision"] = conflict.revision
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


def _record_conflict(form, evaluation, part: str, before: dict) -> dict:
    """Nothing if the record is still as the form showed it; otherwise what the editor is
    shown: who saved it meanwhile, and its saved values. Their next save goes through."""
    if not parts.changed_since_opened(form.cleaned_data.get("seen", ""), before):
        return {}
    form.data = form.data.copy()
    form.data[form.add_prefix("seen")] = parts.fingerprint(before)
    change = parts.saved_as(evaluation, part, before)
    return {
        "conflict": {"updated_by": change.user, "updated_at": change.at} if change else True,
        "conflict_rows": history.readable(evaluation, part, before),
    }


def _evaluation_to_edit_or_read(request: HttpRequest, evaluation_id: int):
    """The evaluation, and whether this person may change it: its coaches read the pages
    its team fills in (403 only when they post)."""
    if request.method == "POST":
        return rules.get_evaluation_to_edit(request.user, evaluation_id), True
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    return evaluation, rules.may_edit_evaluation(request.user, evaluation)


@login_required
def evaluation_preliminary(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation, may_edit = _evaluation_to_edit_or_read(request, evaluation_id)
    part = parts.get_part(evaluation, Part.Name.PRELIMINARY)
    if not may_edit:
        return render(
            request,
            "evaluations/preliminary_summary.html",
            {
                "evaluation": evaluation,
                "rows": history.readable(evaluation, Part.Name.PRELIMINARY, part.content),
                "team": evaluation.team.all(),
                **comments_context(evaluation, "preliminary"),
            },
        )
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
    evaluation, may_edit = _evaluation_to_edit_or_read(request, evaluation_id)
    if not may_edit:
        return redirect("evaluation_portrait_summary", evaluation.pk)
    grid = evaluation.framework_version.document["portrait"]
    part = parts.get_part(evaluation, Part.Name.PORTRAIT)
    known = prefill.portrait_from_details(evaluation.enterprise, grid)
    initial = {
        **known,
        **initial_from_content(part.content, grid),
        "revision": part.revision,
    }
    # Said only where the portrait still holds the details' value, not the team's own choice.
    same = {code: value for code, value in known.items() if initial.get(code) == value}
    form = PortraitForm(request.POST or None, initial=initial, grid=grid, from_details=same)
    response = _part_page(
        request, evaluation, Part.Name.PORTRAIT, form, "evaluations/portrait_form.html"
    )
    return response or redirect("evaluation_portrait_summary", evaluation.pk)


@login_required
@require_POST
def evaluation_portrait_autosave(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Save the portrait as the team types; the answer is a status line for the form and
    the new revision, so the next save is not taken for someone else's."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    grid = evaluation.framework_version.document["portrait"]
    form = PortraitForm(request.POST, grid=grid)
    state, revision = "invalid", None
    if form.is_valid():
        try:
            part = parts.save_part(
                evaluation,
                Part.Name.PORTRAIT,
                form.content(),
                request.user,
                form.cleaned_data["revision"],
                autosave=True,
                editor=form.cleaned_data["editor"],
            )
        except parts.EditConflict:
            state = "conflict"
        else:
            state, revision = "saved", part.revision
    return render(request, "evaluations/_autosave.html", {"state": state, "revision": revision})


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
            **comments_context(evaluation, "portrait"),
        },
    )


@login_required
def evaluation_history(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    may_read_responses = rules.may_read_responses(request.user, evaluation)
    may_read_material = rules.may_read_material(request.user, evaluation)
    changes = [
        history.readable_change(
            evaluation,
            change,
            may_read_responses=may_read_responses,
            may_read_material=may_read_material,
        )
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
            **comments_context(evaluation, "questions"),
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
    questions.add(
        evaluation,
        user=request.user,
        text=form.cleaned_data["text"],
        themes=form.cleaned_data["themes"],
    )
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
def evaluation_question_edit(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    question = _question_to_edit(request, evaluation_id, question_id)
    evaluation = question.evaluation
    before = questions.snapshot(question)
    form = QuestionForm(
        request.POST or None,
        initial={
            "text": question.text,
            "themes": question.themes,
            "seen": parts.fingerprint(before),
        },
        schema=_schema(evaluation),
    )
    conflict = {}
    if form.is_valid():
        conflict = _record_conflict(form, evaluation, "evaluative_questions", before)
        if not conflict:
            questions.update(
                question,
                user=request.user,
                text=form.cleaned_data["text"],
                themes=form.cleaned_data["themes"],
            )
            messages.success(request, _("Your changes were saved."))
            return redirect("evaluation_questions", evaluation.pk)
    return render(
        request,
        "evaluations/question_form.html",
        {"evaluation": evaluation, "question": question, "form": form, **conflict},
    )


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
            **comments_context(evaluation, "stakeholders"),
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
    form = StakeholderForm(
        request.POST or None,
        instance=stakeholder,
        types=_types(evaluation),
        initial={"seen": parts.fingerprint(before)},
    )
    conflict = {}
    if form.is_valid():
        conflict = _record_conflict(form, evaluation, "stakeholders", before)
        if not conflict:
            stakeholders.save(form.save(commit=False), request.user, before=before)
            messages.success(request, _("Your changes were saved."))
            return redirect("evaluation_stakeholders", evaluation.pk)
    return render(
        request,
        "evaluations/stakeholder_form.html",
        {"evaluation": evaluation, "form": form, "stakeholder": stakeholder, **conflict},
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


@login_required
def evaluation_plan(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The collection plan, question by question; it prints as a clean document."""
    from vises.qualitative import guides

    evaluation = rules.get_evaluation(request.user, evaluation_id)
    entries = plan.collection_plan(evaluation)
    titles = guides.titles(evaluation) if rules.may_read_material(request.user, evaluation) else {}
    for entry in entries:
        for line in entry["rows"]:
            # The framework's guides for the line's methods, for the team to prepare them.
            methods = line["row"].methods
            line["guides"] = [(code, titles[code]) for code in methods if code in titles]
    return render(
        request,
        "evaluations/plan.html",
        {
            "evaluation": evaluation,
            "plan": entries,
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
            **comments_context(evaluation, "plan"),
        },
    )


@login_required
def evaluation_plan_row_add(
    request: HttpRequest, evaluation_id: int, question_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    question = get_object_or_404(evaluation.questions, pk=question_id)
    form = PlanRowForm(request.POST or None, evaluation=evaluation)
    if form.is_valid():
        row = form.save(commit=False)
        row.question = question
        plan.save_row(row, form.cleaned_data["stakeholders"], request.user)
        messages.success(request, _("The plan row was added: now choose its indicators."))
        return redirect("evaluation_plan_row_edit", evaluation.pk, row.pk)
    return render(
        request,
        "evaluations/plan_row_form.html",
        {"evaluation": evaluation, "question": question, "form": form},
    )


@login_required
def evaluation_plan_row_edit(request: HttpRequest, evaluation_id: int, row_id: int) -> HttpResponse:
    """A plan row: its methods, people and timing, and the indicators it follows."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    row = get_object_or_404(evaluation.plan_rows.select_related("question"), pk=row_id)
    before = plan.row_snapshot(row)
    form = PlanRowForm(
        request.POST or None,
        instance=row,
        evaluation=evaluation,
        initial={"seen": parts.fingerprint(before)},
    )
    conflict = {}
    if form.is_valid():
        conflict = _record_conflict(form, evaluation, "plan", before)
        if not conflict:
            concerned = form.cleaned_data["stakeholders"]
            plan.save_row(form.save(commit=False), concerned, request.user, before)
            messages.success(request, _("Your changes were saved."))
            return redirect("evaluation_plan", evaluation.pk)
    indicator_form = _indicator_form(evaluation, row)
    return _plan_row_page(request, evaluation, row, form, indicator_form, conflict)


def _indicator_form(evaluation, row, data=None, instance=None, initial=None):
    choices = plan.indicator_choices(evaluation, row.question.themes)
    return PlanIndicatorForm(
        data, instance=instance, initial=initial, choices=choices, prefix="indicator"
    )


def _plan_row_page(request, evaluation, row, form, indicator_form, conflict=None):
    entry = next(
        entry
        for question in plan.collection_plan(evaluation)
        for entry in question["rows"]
        if entry["row"].pk == row.pk
    )
    return render(
        request,
        "evaluations/plan_row_form.html",
        {
            "evaluation": evaluation,
            "question": row.question,
            "row": row,
            "form": form,
            "indicators": entry["indicators"],
            "indicator_form": indicator_form,
            **(conflict or {}),
        },
    )


@login_required
@require_POST
def evaluation_plan_row_remove(
    request: HttpRequest, evaluation_id: int, row_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    row = get_object_or_404(evaluation.plan_rows.select_related("question"), pk=row_id)
    plan.remove_row(row, request.user)
    messages.success(request, _("The plan row was removed."))
    return redirect("evaluation_plan", evaluation.pk)


def _with_framework_direction(evaluation, indicator):
    spec = plan.framework_indicators(evaluation).get(indicator.code)
    if spec:
        indicator.direction = spec["direction"]
    return indicator


@login_required
@require_POST
def evaluation_plan_indicator_add(
    request: HttpRequest, evaluation_id: int, row_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    row = get_object_or_404(evaluation.plan_rows.select_related("question"), pk=row_id)
    indicator_form = _indicator_form(evaluation, row, request.POST)
    if not indicator_form.is_valid():
        form = PlanRowForm(instance=row, evaluation=evaluation)
        return _plan_row_page(request, evaluation, row, form, indicator_form)
    indicator = indicator_form.save(commit=False)
    indicator.plan_row = row
    plan.save_indicator(_with_framework_direction(evaluation, indicator), request.user)
    messages.success(request, _("The indicator was added to the plan."))
    return redirect("evaluation_plan_row_edit", evaluation.pk, row.pk)


def _indicator_to_edit(request, evaluation_id, indicator_id):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    indicator = get_object_or_404(
        PlanIndicator.objects.select_related("plan_row__question", "plan_row__evaluation"),
        plan_row__evaluation=evaluation,
        pk=indicator_id,
    )
    return evaluation, indicator


@login_required
def evaluation_plan_indicator_edit(
    request: HttpRequest, evaluation_id: int, indicator_id: int
) -> HttpResponse:
    evaluation, indicator = _indicator_to_edit(request, evaluation_id, indicator_id)
    before = plan.indicator_snapshot(indicator)
    form = _indicator_form(
        evaluation,
        indicator.plan_row,
        request.POST or None,
        indicator,
        initial={"seen": parts.fingerprint(before)},
    )
    conflict = {}
    if form.is_valid():
        conflict = _record_conflict(form, evaluation, "plan_indicators", before)
        if not conflict:
            changed = _with_framework_direction(evaluation, form.save(commit=False))
            plan.save_indicator(changed, request.user, before)
            messages.success(request, _("Your changes were saved."))
            return redirect("evaluation_plan_row_edit", evaluation.pk, indicator.plan_row_id)
    return render(
        request,
        "evaluations/plan_indicator_form.html",
        {"evaluation": evaluation, "indicator": indicator, "form": form, **conflict},
    )


@login_required
@require_POST
def evaluation_plan_indicator_remove(
    request: HttpRequest, evaluation_id: int, indicator_id: int
) -> HttpResponse:
    evaluation, indicator = _indicator_to_edit(request, evaluation_id, indicator_id)
    plan.remove_indicator(indicator, request.user)
    messages.success(request, _("The indicator was removed from the plan."))
    return redirect("evaluation_plan_row_edit", evaluation.pk, indicator.plan_row_id)
