"""The team's side of collection: handing out codes, following responses, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.analysis.sentences import count
from vises.worker import reasons

from . import builder, distribution, exports, responses
from .forms import CodesForm, EmailForm, ErasureCodeForm, RemovalForm
from .models import Response


def _wave_to_distribute(request, evaluation_id, survey_id, wave_id):
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    return survey.evaluation, survey, get_object_or_404(survey.waves, pk=wave_id)


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
                request, _("%(count)s codes are ready to print.") % {"count": count(len(made))}
            )
            return redirect("survey_slips", evaluation.pk, survey.pk, wave.pk)
        if email_form.is_valid():
            sent = distribution.send_by_email(
                wave, email_form.cleaned_data["addresses"], email_form.cleaned_data["language"]
            )
            messages.success(
                request, _("%(count)s invitations were sent.") % {"count": count(sent)}
            )
            return redirect("survey_invitations", evaluation.pk, survey.pk, wave.pk)
    except distribution.DistributionError as error:
        messages.error(request, str(error))
    counts = wave.invitations.aggregate(
        created=Count("id"),
        used=Count("id", filter=Q(used_at__isnull=False)),
        emailed=Count("id", filter=Q(emailed_at__isnull=False)),
        unsent=Count("id", filter=~Q(email_error="")),
    )
    last_unsent = wave.invitations.exclude(email_error="").last()
    return render(
        request,
        "surveys/invitations.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "wave": wave,
            **counts,
            "unsent_reason": reasons.reason(last_unsent.email_error) if last_unsent else "",
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
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    evaluation = survey.evaluation
    administers = rules.may_read_responses(request.user, evaluation)
    page, columns, table = None, [], []
    if administers:
        stored = Response.objects.filter(wave__survey=survey).select_related("wave")
        page = Paginator(stored.order_by("-submitted_at", "-id"), 50).get_page(
            request.GET.get("page")
        )
        columns = exports.columns(builder.ordered_questions(survey))
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
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    response = get_object_or_404(Response, wave__survey=survey, pk=response_id)
    form = RemovalForm(request.POST)
    if form.is_valid():
        responses.remove(response, form.cleaned_data["reason"], request.user)
        messages.success(request, _("The response was removed; the history keeps it."))
    else:
        messages.error(request, _("Say why the response is removed: nothing was removed."))
    return redirect("survey_responses", survey.evaluation_id, survey.pk)


@login_required
def survey_response_erase(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Erase a respondent's answers at their request: the admin types the code they give,
    sees what it leads to, and confirms."""
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    form = ErasureCodeForm(request.POST or None)
    found = []
    if form.is_valid():
        try:
            found = responses.responses_to_erase(evaluation, form.cleaned_data["code"])
        except responses.NothingToErase as nothing:
            form.add_error("code", str(nothing))
        else:
            if request.POST.get("confirm"):
                erased = responses.erase(evaluation, found, request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s response erased for good, with its quotes; the history "
                        "keeps only that it was erased. The results no longer count it.",
                        "%(count)s responses erased for good, with their quotes; the history "
                        "keeps only that they were erased. The results no longer count them.",
                        erased,
                    )
                    % {"count": count(erased)},
                )
                return redirect("survey_list", evaluation.pk)
    return render(
        request,
        "surveys/response_erase.html",
        {"evaluation": evaluation, "form": form, "found": found},
    )


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def survey_responses_csv(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    return _download(
        exports.as_csv(survey), "text/csv; charset=utf-8", f"survey-{survey.pk}-responses.csv"
    )


@login_required
def survey_responses_xlsx(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_administer(request.user, evaluation_id, survey_id)
    return _download(
        exports.as_xlsx(survey, get_language()),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"survey-{survey.pk}-responses.xlsx",
    )
