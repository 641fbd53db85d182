"""Importing responses from a file: upload, preview and corrections, import, undo.

Responses are read one by one here: the enterprise's admins only, as for exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.analysis.sentences import count
from vises.multilingual import pick
from vises.table_files import Unreadable, reading_context

from . import exports, imports
from .forms import ImportForm
from .models import ResponseImport

EDITABLE = {ResponseImport.Status.PREVIEW, ResponseImport.Status.FAILED}


@login_required
def survey_import(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """Upload a file of responses; the imports made so far."""
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    form = ImportForm(request.POST or None, request.FILES or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        response_import = imports.start(
            survey,
            form.cleaned_data["wave"],
            form.cleaned_data["file"],
            request.user,
            get_language(),
        )
        return redirect(
            "survey_import_preview", survey.evaluation_id, survey.pk, response_import.pk
        )
    for under_way in survey.imports.filter(status__in=imports.UNDER_WAY):
        imports.notice_stopped(under_way)
    return render(
        request,
        "surveys/import.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "form": form,
            "has_waves": survey.waves.exists(),
            "imports": survey.imports.select_related("wave", "created_by")[:50],
            "may_edit": True,
        },
    )


@login_required
def survey_import_preview(
    request: HttpRequest, evaluation_id: int, survey_id: int, import_id: int
) -> HttpResponse:
    """The file as understood, its problems, the corrections, and the import itself;
    once imported, how it went."""
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    response_import = get_object_or_404(survey.imports.select_related("wave"), pk=import_id)
    imports.notice_stopped(response_import)
    editable = response_import.status in EDITABLE
    if request.method == "POST" and editable:
        response_import.options = imports.read_corrections(request.POST, response_import.options)
        response_import.save(update_fields=["options"])
        if request.POST.get("action") == "import":
            return _import(request, response_import)
        return redirect(request.path)
    preview, error = None, ""
    if editable:
        try:
            with response_import.file.open("rb") as file:
                preview = imports.check(
                    survey, file, response_import.file_name, response_import.options
                )
        except Unreadable as unreadable:
            error = str(unreadable)
    keys = imports.SurveyKeys(list(survey.questions.all()))
    return render(
        request,
        "surveys/import_preview.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "response_import": response_import,
            "editable": editable,
            "preview": preview,
            "error": error,
            "targets": keys.choices(get_language()),
            "fixes": _fixes(keys, preview),
            "rows": _rows(survey, preview),
            **reading_context(preview),
            "failed_problems": [imports.Problem(*line) for line in response_import.problems],
            "same_file": imports.same_file_imported(response_import).select_related("created_by"),
            "may_edit": True,
        },
    )


def _import(request, response_import: ResponseImport) -> HttpResponse:
    survey = response_import.survey
    try:
        with response_import.file.open("rb") as file:
            preview = imports.check(
                survey, file, response_import.file_name, response_import.options
            )
    except Unreadable as unreadable:
        messages.error(request, str(unreadable))
        return redirect(request.path)
    if preview.problem_count:
        messages.error(request, _("Correct the problems listed first: nothing was imported."))
    elif imports.same_file_imported(response_import).exists() and not request.POST.get("again"):
        messages.error(
            request,
            _("This file was imported already: tick the box to import it again, or leave it."),
        )
    else:
        imports.queue(response_import)
        response_import.refresh_from_db()
        if response_import.status == ResponseImport.Status.IMPORTED:
            messages.success(
                request,
                ngettext(
                    "%(count)s response was imported.",
                    "%(count)s responses were imported.",
                    response_import.imported_rows,
                )
                % {"count": count(response_import.imported_rows)},
            )
    return redirect(request.path)


def _fixes(keys: imports.SurveyKeys, preview) -> list[dict]:
    """A line per value that matched no option, with the options to choose from."""
    if preview is None:
        return []
    language = get_language()
    lines = []
    for code, counter in preview.unmatched.items():
        question = keys.questions[code]
        options = [
            (str(option["value"]), pick(option.get("label"), language).text)
            for option in question.options
        ]
        for written, times in counter.most_common(50):
            lines.append(
                {
                    "number": len(lines),
                    "code": code,
                    "written": written,
                    "times": times,
                    "options": options,
                }
            )
    return lines


def _rows(survey, preview) -> list:
    if preview is None:
        return []
    language = get_language()
    return [
        (number, imports.understood(survey, answers, language))
        for number, answers, _language in preview.first_rows
    ]


@login_required
def survey_import_template(
    request: HttpRequest, evaluation_id: int, survey_id: int
) -> HttpResponse:
    """An empty workbook to fill in with answers and import."""
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    response = HttpResponse(
        exports.import_template(survey, get_language()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-template.xlsx"'
    return response


@login_required
@require_POST
def survey_import_undo(
    request: HttpRequest, evaluation_id: int, survey_id: int, import_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    response_import = get_object_or_404(survey.imports, pk=import_id)
    try:
        removed = imports.undo(response_import, request.user)
    except imports.NotUndone:
        messages.error(request, _("Only an import that is in can be undone."))
    else:
        messages.success(
            request,
            ngettext(
                "The import was undone: %(count)s response was removed.",
                "The import was undone: %(count)s responses were removed.",
                removed,
            )
            % {"count": count(removed)},
        )
    return redirect("survey_import", survey.evaluation_id, survey.pk)
