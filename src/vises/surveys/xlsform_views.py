"""Surveys in and out as XLSForm, from the survey pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from vises.access import rules
from vises.analysis.sentences import count

from . import xlsform

SHOWN_SKIPPED = 50


class XLSFormForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm (.xlsx)"),
        help_text=gettext_lazy(
            "A form written for ODK or KoBoToolbox: its questions, groups, choices and "
            "conditions become a new survey; what cannot be carried over is listed."
        ),
    )


@login_required
def survey_import_xlsform(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Make a new survey from an XLSForm."""
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = XLSFormForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = xlsform.import_survey(
                evaluation, form.cleaned_data["file"], request.user, get_language()
            )
        except xlsform.XLSFormError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "The survey was made with %(count)s question.",
                    "The survey was made with %(count)s questions.",
                    result.questions,
                )
                % {"count": count(result.questions)},
            )
            for item in result.skipped[:SHOWN_SKIPPED]:
                messages.warning(
                    request,
                    _("Not carried over: %(sheet)s row %(row)s %(name)s: %(reason)s")
                    % {
                        "sheet": item.sheet,
                        "row": item.row,
                        "name": item.name,
                        "reason": item.reason,
                    },
                )
            return redirect("survey_detail", evaluation.pk, result.survey.pk)
    return render(request, "surveys/import_xlsform.html", {"evaluation": evaluation, "form": form})


@login_required
def survey_xlsform(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The survey as an XLSForm, for ODK or KoBoToolbox."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    response = HttpResponse(
        xlsform.export_survey(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-xlsform.xlsx"'
    return response
