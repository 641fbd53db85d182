"""The team's side of collection: handing out codes, following responses, exports."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules

from . import distribution, exports, responses
from .models import Response


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("How many codes?"), min_value=1, max_value=distribution.MAX_CODES
    )


class EmailForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One a line. They are used to send the codes, never kept."),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the message"))

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [(code, names[code]) for code in languages]

    def clean_addresses(self):
        addresses = [
            line.strip() for line in self.cleaned_data["addresses"].splitlines() if line.strip()
        ]
        wrong = []
        for address in addresses:
            try:
                forms.EmailField().clean(address)
            except forms.ValidationError:
                wrong.append(address)
        if wrong:
            raise forms.ValidationError(
                _("These are not email addresses: %(wrong)s") % {"wrong": ", ".join(wrong)}
            )
        if len(addresses) > distribution.MAX_CODES:
            raise forms.ValidationError(
                _("Give at most %(max)s addresses at a time.") % {"max": distribution.MAX_CODES}
            )
        return addresses


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why remove this response?"),
        max_length=500,
        help_text=gettext_lazy("For example: a test, or the same person answered twice."),
    )


def _wave_to_distribute(request, evaluation_id, survey_id, wave_id):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    survey = get_object_or_404(evaluation.surveys, pk=survey_id)
    return evaluation, survey, get_object_or_404(survey.waves, pk=wave_id)


@login_required
def survey_invitations(
    request: HttpRequest, evaluation_id: int, survey_id: int, wave_id: int
) -> HttpResponse:
    """A wave's codes: how many were given and used, and making more."""
    evaluation, survey, wave = _wave_to_distribute(request, evaluation_id, survey_id, wave_id)
    codes_form = CodesForm(request.POST if "count" in request.POST else None)
    email_form = EmailForm(
        request.POST if "addresses" in request.POST else None, languages=survey.languages
    )
    try:
        if codes_form.is_valid():
            made = distribution.generate(wave, codes_form.cleaned_data["count"])
            messages.success(
                request, _("%(count)s codes are ready to print.") % {"count": len(made)}
            )
            return redirect("survey_slips", evaluation.pk, survey.pk, wave.pk)
        if email_form.is_valid():
            sent = distribution.send_by_email(
                wave, email_form.cleaned_data["addresses"], email_form.cleaned_data["language"]
            )
            messages.success(request, _("%(count)s invitations were sent.") % {"count": sent})
            return redirect("survey_invitations", evaluation.pk, survey.pk, wave.pk)
    except distribution.DistributionError as error:
        messages.error(request, str(error))
    invitations = wave.invitations.all()
    return render(
        request,
        "surveys/invitations.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "wave": wave,
            "created": invitations.count(),
            "used": invitations.filter(used_at__isnull=False).count(),
            "emailed": invitations.filter(emailed_at__isnull=False).count(),
            "codes_form": codes_form,
            "email_form": email_form,
            "may_edit": True,
        },
    )


@login_required
def survey_slips(
    request: HttpRequest, evaluation_id: int, survey_id: int, wave_id: int
) -> HttpResponse:
    """The wave's unused, unsent codes as a sheet of slips to print and cut."""
    evaluation, survey, wave = _wave_to_distribute(request, evaluation_id, survey_id, wave_id)
    unused = wave.invitations.filter(used_at__isnull=True, emailed_at__isnull=True)
    return render(
        request,
        "surveys/slips.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "wave": wave,
            "slips": distribution.slips(unused),
        },
    )


@login_required
def survey_responses(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """How many answered, per wave and per day; the responses themselves for admins."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    survey = get_object_or_404(evaluation.surveys, pk=survey_id)
    administers = rules.administers_evaluation(request.user, evaluation)
    page, columns, table = None, [], []
    if administers:
        stored = Response.objects.filter(wave__survey=survey).select_related("wave")
        page = Paginator(stored.order_by("-submitted_at", "-id"), 50).get_page(
            request.GET.get("page")
        )
        columns = exports.columns(exports.ordered_questions(survey))
        table = [(r, [column.value(r.answers) for column in columns]) for r in page]
    return render(
        request,
        "surveys/responses.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "waves": responses.counts_by_wave(survey),
            "days": responses.counts_by_day(survey),
            "administers": administers,
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
            "page": page,
            "columns": columns,
            "table": table,
            "removal_form": RemovalForm(),
        },
    )


@login_required
@require_POST
def survey_response_remove(
    request: HttpRequest, evaluation_id: int, survey_id: int, response_id: int
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    survey = get_object_or_404(evaluation.surveys, pk=survey_id)
    response = get_object_or_404(Response, wave__survey=survey, pk=response_id)
    form = RemovalForm(request.POST)
    if form.is_valid():
        responses.remove(response, form.cleaned_data["reason"], request.user)
        messages.success(request, _("The response was removed; the history keeps it."))
    else:
        messages.error(request, _("Say why the response is removed: nothing was removed."))
    return redirect("survey_responses", evaluation.pk, survey.pk)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def survey_responses_csv(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    survey = get_object_or_404(evaluation.surveys, pk=survey_id)
    return _download(
        exports.as_csv(survey), "text/csv; charset=utf-8", f"survey-{survey.pk}-responses.csv"
    )


@login_required
def survey_responses_xlsx(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    survey = get_object_or_404(evaluation.surveys, pk=survey_id)
    return _download(
        exports.as_xlsx(survey, get_language()),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"survey-{survey.pk}-responses.xlsx",
    )
