from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.analysis.sentences import count
from vises.evaluations.models import PlanIndicator
from vises.table_files import Unreadable, reading_context

from . import imports, values
from .forms import IndicatorValueForm, ValuesFileForm
from .models import IndicatorValue


def _indicator_to_edit(request, evaluation_id: int, indicator_id: int):
    """The evaluation and one of its plan's indicators, described, for its team; 404 for
    another evaluation's indicator."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    indicator = get_object_or_404(
        PlanIndicator.objects.select_related("plan_row__question", "plan_row__evaluation"),
        plan_row__evaluation=evaluation,
        pk=indicator_id,
    )
    return evaluation, values.describe(evaluation, indicator)


def _back(evaluation, indicator) -> HttpResponse:
    return redirect(
        reverse("evaluation_indicators", args=[evaluation.pk]) + f"#indicator-{indicator.pk}"
    )


def _refuse_computed(request, evaluation, described) -> HttpResponse:
    messages.error(
        request,
        _(
            "“%(name)s” is computed from the survey answers in the analysis: its values are "
            "not typed in."
        )
        % {"name": described.name},
    )
    return _back(evaluation, described.indicator)


@login_required
def evaluation_indicators(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Every indicator of the collection plan, question by question, with its values per
    period beside its baseline and target."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    return render(
        request,
        "indicators/indicators.html",
        {
            "evaluation": evaluation,
            "sheet": values.value_sheet(evaluation),
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


@login_required
@require_POST
def evaluation_indicator_inputs_add(
    request: HttpRequest, evaluation_id: int, indicator_id: int
) -> HttpResponse:
    """Add to the plan, in one click, the indicators a formula indicator needs."""
    evaluation, described = _indicator_to_edit(request, evaluation_id, indicator_id)
    added = values.add_missing_inputs(described.indicator, request.user)
    if added:
        messages.success(
            request,
            _(
                "Added to the collection plan: %(indicators)s. Enter their values to compute "
                "“%(name)s”."
            )
            % {
                "indicators": ", ".join(
                    values.indicator_names(evaluation, [needed.code for needed in added])
                ),
                "name": described.name,
            },
        )
    if request.POST.get("back") == "plan":
        plan = reverse("evaluation_plan", args=[evaluation.pk])
        return redirect(f"{plan}#indicator-{described.indicator.pk}")
    return _back(evaluation, described.indicator)


@login_required
def evaluation_indicator_value_add(
    request: HttpRequest, evaluation_id: int, indicator_id: int
) -> HttpResponse:
    evaluation, described = _indicator_to_edit(request, evaluation_id, indicator_id)
    if not described.typed:
        return _refuse_computed(request, evaluation, described)
    form = IndicatorValueForm(
        request.POST or None,
        request.FILES or None,
        kind=described.kind,
        unit=described.unit,
        instance=None,
    )
    if form.is_valid():
        value, replaced = values.save_value(described.indicator, request.user, **form.values())
        if replaced:
            messages.success(
                request,
                _("The value for %(period)s was replaced; the previous one is in the history.")
                % {"period": value.period},
            )
        else:
            messages.success(request, _("The value was added."))
        return _back(evaluation, described.indicator)
    return render(
        request,
        "indicators/value_form.html",
        {"evaluation": evaluation, "described": described, "form": form},
    )


def _value(described, value_id: int) -> IndicatorValue:
    return get_object_or_404(described.indicator.values, pk=value_id)


@login_required
def evaluation_indicator_value_edit(
    request: HttpRequest, evaluation_id: int, indicator_id: int, value_id: int
) -> HttpResponse:
    evaluation, described = _indicator_to_edit(request, evaluation_id, indicator_id)
    value = _value(described, value_id)
    if not described.typed:
        return _refuse_computed(request, evaluation, described)
    form = IndicatorValueForm(
        request.POST or None,
        request.FILES or None,
        kind=described.kind,
        unit=described.unit,
        instance=value,
    )
    if form.is_valid():
        values.change_value(
            value,
            request.user,
            drop_evidence=form.cleaned_data.get("drop_evidence", False),
            **form.values(),
        )
        messages.success(request, _("Your changes were saved."))
        return _back(evaluation, described.indicator)
    return render(
        request,
        "indicators/value_form.html",
        {"evaluation": evaluation, "described": described, "form": form, "value": value},
    )


@login_required
@require_POST
def evaluation_indicator_value_remove(
    request: HttpRequest, evaluation_id: int, indicator_id: int, value_id: int
) -> HttpResponse:
    evaluation, described = _indicator_to_edit(request, evaluation_id, indicator_id)
    value = _value(described, value_id)
    values.remove_value(value, request.user)
    messages.success(request, _("The value for %(period)s was removed.") % {"period": value.period})
    return _back(evaluation, described.indicator)


@login_required
def evaluation_indicator_evidence(
    request: HttpRequest, evaluation_id: int, value_id: int
) -> FileResponse:
    """A value's evidence file, for those who may read the evaluation, as a download
    under its original name."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    value = get_object_or_404(
        IndicatorValue.objects.exclude(evidence=""),
        indicator__plan_row__evaluation=evaluation,
        pk=value_id,
    )
    try:
        file = value.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, as_attachment=True, filename=value.evidence_name or None)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evaluation_indicator_import(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Upload a file of indicator values, to check it in a preview."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = ValuesFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        indicator_import = imports.start(evaluation, form.cleaned_data["file"], request.user)
        return redirect("evaluation_indicator_import_preview", evaluation.pk, indicator_import.pk)
    return render(
        request,
        "indicators/import.html",
        {
            "evaluation": evaluation,
            "form": form,
            "fields": imports.FIELDS.values(),
            "imports": evaluation.indicator_imports.select_related("created_by")[:20],
        },
    )


@login_required
def evaluation_indicator_import_preview(
    request: HttpRequest, evaluation_id: int, import_id: int
) -> HttpResponse:
    """The file's values as understood, its problems and the corrections; the import."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    indicator_import = get_object_or_404(evaluation.indicator_imports, pk=import_id)
    editable = indicator_import.imported_at is None
    if request.method == "POST" and editable:
        indicator_import.options = imports.read_corrections(request.POST, indicator_import.options)
        indicator_import.save(update_fields=["options"])
        if request.POST.get("action") == "import":
            try:
                stored = imports.store(indicator_import, request.user)
            except (imports.ImportFailed, Unreadable):
                messages.error(
                    request, _("Correct the problems listed first: nothing was imported.")
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value was imported.", "%(count)s values were imported.", stored
                    )
                    % {"count": count(stored)},
                )
                return redirect("evaluation_indicators", evaluation.pk)
        return redirect(request.path)
    preview, error = None, ""
    if editable:
        try:
            with indicator_import.file.open("rb") as file:
                preview = imports.check(
                    evaluation, file, indicator_import.file_name, indicator_import.options
                )
        except Unreadable as unreadable:
            error = str(unreadable)
    plan = imports.PlanIndicators(evaluation)
    return render(
        request,
        "indicators/import_preview.html",
        {
            "evaluation": evaluation,
            "indicator_import": indicator_import,
            "editable": editable,
            "preview": preview,
            "error": error,
            "targets": imports.field_choices(),
            "fixes": [
                {"number": number, "written": written, "times": times}
                for number, (written, times) in enumerate(
                    (preview.unmatched if preview else Counter()).most_common(50)
                )
            ],
            "indicators": plan.choices(),
            **reading_context(preview),
        },
    )


@login_required
@require_POST
def evaluation_indicator_import_undo(
    request: HttpRequest, evaluation_id: int, import_id: int
) -> HttpResponse:
    """Undo an import as a whole: the values it replaced put back, those it added removed."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    indicator_import = get_object_or_404(evaluation.indicator_imports, pk=import_id)
    try:
        undone = imports.undo(indicator_import, request.user)
    except imports.NotUndone as refusal:
        messages.error(request, str(refusal))
        return redirect("evaluation_indicator_import_preview", evaluation.pk, indicator_import.pk)
    messages.success(
        request,
        ngettext(
            "The import was undone: %(count)s value was put back or removed.",
            "The import was undone: %(count)s values were put back or removed.",
            undone,
        )
        % {"count": count(undone)},
    )
    return redirect("evaluation_indicator_import", evaluation.pk)
