"""The team's pages for building surveys: thin views over `builder`. The team edits, the
evaluation's coaches read; everything goes through the access rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.evaluations import parts
from vises.frameworks import browse
from vises.multilingual import pick

from . import builder, distribution, responding
from .forms import ConditionForm, QuestionForm, SectionForm, SettingsForm, SurveyForm, WaveForm
from .models import Question, Response, Survey


def _types(evaluation) -> list[dict]:
    return evaluation.framework_version.document.get("stakeholder_types", [])


def _type_name(evaluation, code: str) -> str:
    return next((pick(t["name"]).text for t in _types(evaluation) if t["code"] == code), code)


# Surveys -------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    surveys = evaluation.surveys.annotate(
        question_count=Count("questions", distinct=True),
        wave_count=Count("waves", distinct=True),
    )
    responses = dict(
        Response.objects.filter(wave__survey__evaluation=evaluation)
        .values_list("wave__survey")
        .annotate(count=Count("id"))
    )
    names = builder.language_names()
    rows = [
        {
            "survey": survey,
            "title": pick(survey.title),
            "stakeholders": _type_name(evaluation, survey.stakeholder_type)
            if survey.stakeholder_type
            else "",
            "languages": [names.get(code, code) for code in survey.languages],
            "responses": responses.get(survey.pk, 0),
        }
        for survey in surveys
    ]
    return render(
        request,
        "surveys/survey_list.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
            "administers": rules.may_read_responses(request.user, evaluation),
        },
    )


@login_required
def survey_create(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = SurveyForm(request.POST or None, types=_types(evaluation))
    if form.is_valid():
        survey = builder.create_survey(
            evaluation,
            request.user,
            title=form.title(),
            languages=form.cleaned_data["languages"],
            stakeholder_type=form.cleaned_data["stakeholder_type"],
        )
        messages.success(request, _("The survey is created: add its questions."))
        return redirect("survey_detail", evaluation.pk, survey.pk)
    return render(request, "surveys/survey_form.html", {"evaluation": evaluation, "form": form})


def _collection(request, survey: Survey) -> dict:
    """Whether respondents can answer through the survey's link now, the link and its QR
    code, and, when the link is open but takes no answer, why, in the team's words."""
    state = responding.public_link_state(survey)
    path = reverse("survey_respond", args=[survey.public_token])
    link = request.build_absolute_uri(path)
    taking = not isinstance(state, responding.Refusal)
    problem = ""
    if not taking and survey.public_link_open:
        since = date_format(state.since, "DATE_FORMAT") if state.since else ""
        if state.reason == "not_yet_open" and since:
            problem = _("no wave is open today; the next one opens on %(date)s.") % {"date": since}
        elif state.reason == "closed":
            problem = _("its last wave closed on %(date)s: add a wave to collect again.") % {
                "date": since
            }
        elif state.reason == "quota_reached":
            problem = _("it has reached its quota of %(quota)s responses.") % {
                "quota": survey.quota
            }
        else:
            problem = _("no wave is open today: add one.")
    return {
        "taking": taking,
        "wave": state if taking else None,
        "problem": problem,
        "path": path,
        "link": link,
        # segno writes the drawing; nothing of the user's goes into it but the link.
        "qr": mark_safe(distribution.qr_svg(link)) if taking else "",  # noqa: S308
        "has_waves": survey.waves.exists(),
        "first_wave_weeks": builder.FIRST_WAVE_WEEKS,
    }


def _detail_page(request, survey: Survey, refusal: str = "", status: int = 200):
    evaluation = survey.evaluation
    document = evaluation.framework_version.document
    may_edit = rules.may_edit_evaluation(request.user, evaluation)
    questions = builder.ordered_questions(survey)
    by_code = {question.code: question for question in questions}
    numbers = {question.code: number for number, question in enumerate(questions, start=1)}
    theme_names = {code: pick(t["name"]).text for code, t in browse.themes(document).items()}
    names = builder.language_names()
    kinds = dict(Question.Kind.choices)
    scales = dict(builder.scale_choices(evaluation))
    sections = list(survey.sections.all())
    entries = []
    for section in sections:
        items = []
        for question in (q for q in questions if q.section_id == section.pk):
            kind = str(kinds.get(question.kind, question.kind))
            if question.scale:
                kind = f"{kind}: {scales.get(question.scale, question.scale)}"
            items.append(
                {
                    "question": question,
                    "number": numbers[question.code],
                    "text": pick(question.text),
                    "kind": kind,
                    "condition": builder.describe_condition(question.condition, by_code, numbers),
                    "themes": [theme_names.get(code, code) for code in question.themes],
                    "indicators": [
                        builder.indicator_name(i, document) for i in question.indicators.all()
                    ],
                    "missing": [
                        names[code]
                        for code in builder.question_missing_languages(question, survey.languages)
                    ],
                }
            )
        entries.append(
            {
                "section": section,
                "title": pick(section.title),
                "questions": items,
                "form": SectionForm(
                    languages=survey.languages,
                    initial_title=section.title,
                    prefix=f"section-{section.pk}",
                )
                if may_edit
                else None,
            }
        )
    missing = builder.missing_texts(survey, questions)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "title": pick(survey.title),
            "stakeholders": _type_name(evaluation, survey.stakeholder_type)
            if survey.stakeholder_type
            else "",
            "language_names": [names.get(code, code) for code in survey.languages],
            "sections": entries,
            "missing": [(names.get(code, code), items) for code, items in missing.items()],
            "other_address": [
                {**hint, "language": names.get(hint["language"], hint["language"])}
                for hint in builder.other_address_form(survey, questions)
            ],
            "has_answers": builder.has_answers(survey),
            "waves": list(survey.waves.all()),
            "may_edit": may_edit,
            "refusal": refusal,
            "new_section_form": SectionForm(languages=survey.languages, prefix="new-section")
            if may_edit
            else None,
            "newer_versions": list(survey.newer_versions.all()),
            "collection": _collection(request, survey),
        },
        status=status,
    )


@login_required
def survey_detail(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The builder: sections and questions in order, with what is missing in each language."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    return _detail_page(request, survey)


@login_required
def survey_settings(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    form = SettingsForm(request.POST or None, instance=survey)
    if form.is_valid():
        builder.update_settings(survey, request.user, **form.values())
        messages.success(request, _("Your changes were saved."))
        return redirect("survey_detail", survey.evaluation_id, survey.pk)
    return render(
        request,
        "surveys/settings_form.html",
        {"evaluation": survey.evaluation, "survey": survey, "form": form},
    )


@login_required
@require_POST
def survey_new_version(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    copy = builder.new_version(survey, request.user)
    messages.success(
        request,
        _(
            "Version %(version)s is a copy of the survey without its waves and answers: change "
            "it freely, then add its waves."
        )
        % {"version": copy.version},
    )
    return redirect("survey_detail", survey.evaluation_id, copy.pk)


def _to_collection(survey: Survey) -> HttpResponse:
    url = reverse("survey_detail", args=[survey.evaluation_id, survey.pk])
    return redirect(f"{url}#collection")


@login_required
@require_POST
def survey_open(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """Open the survey to respondents: its public link, and its first wave if it has none."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    try:
        made = builder.open_survey(survey, request.user, responding.today())
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
        return _to_collection(survey)
    if made:
        messages.success(
            request,
            _(
                "The survey is open. Its first wave, “%(label)s”, takes answers until "
                "%(date)s; change its dates under Waves."
            )
            % {"label": made.label, "date": date_format(made.closes_on, "DATE_FORMAT")},
        )
    else:
        messages.success(request, _("The survey's link is open."))
    return _to_collection(survey)


@login_required
@require_POST
def survey_close(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    builder.close_survey(survey, request.user)
    messages.success(
        request, _("The survey is closed: its link takes no more answers. Answers are kept.")
    )
    return _to_collection(survey)


# Sections ------------------------------------------------------------------------------


@login_required
@require_POST
def survey_section_add(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    form = SectionForm(request.POST, languages=survey.languages, prefix="new-section")
    if form.is_valid():
        builder.add_section(survey, request.user, form.title())
        messages.success(request, _("The section was added."))
    return redirect("survey_detail", survey.evaluation_id, survey.pk)


@login_required
@require_POST
def survey_section_edit(
    request: HttpRequest, evaluation_id: int, survey_id: int, section_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    section = get_object_or_404(survey.sections, pk=section_id)
    form = SectionForm(request.POST, languages=survey.languages, prefix=f"section-{section.pk}")
    if form.is_valid():
        builder.rename_section(section, request.user, form.title())
        messages.success(request, _("The section was renamed."))
    return redirect("survey_detail", survey.evaluation_id, survey.pk)


@login_required
@require_POST
def survey_section_remove(
    request: HttpRequest, evaluation_id: int, survey_id: int, section_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    section = get_object_or_404(survey.sections, pk=section_id)
    try:
        builder.remove_section(section, request.user)
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The section was removed."))
    return redirect("survey_detail", survey.evaluation_id, survey.pk)


@login_required
@require_POST
def survey_section_move(
    request: HttpRequest, evaluation_id: int, survey_id: int, section_id: int
) -> HttpResponse:
    """One page earlier or later, with its questions: buttons, no script needed."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    section = get_object_or_404(survey.sections, pk=section_id)
    section.survey = survey
    try:
        builder.move_section(section, request.user, request.POST.get("direction", ""))
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
    url = reverse("survey_detail", args=[survey.evaluation_id, survey.pk])
    return redirect(f"{url}#section-{section.pk}")


# Questions -----------------------------------------------------------------------------


def _question_page(request, survey, form, question=None, section=None, refusal="", conflict=None):
    return render(
        request,
        "surveys/question_form.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "form": form,
            "question": question,
            "section": section,
            "refusal": refusal,
            **(conflict or {}),
        },
    )


@login_required
def survey_question_add(
    request: HttpRequest, evaluation_id: int, survey_id: int, section_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    section = get_object_or_404(survey.sections, pk=section_id)
    form = QuestionForm(request.POST or None, survey=survey)
    if form.is_valid():
        try:
            question = builder.add_question(
                section, request.user, indicators=form.cleaned_data["indicators"], **form.values()
            )
        except builder.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Question “%(code)s” was added.") % {"code": question.code})
            return redirect("survey_detail", survey.evaluation_id, survey.pk)
    return _question_page(request, survey, form, section=section)


def _question(survey, question_id: int) -> Question:
    return get_object_or_404(survey.questions.select_related("section"), pk=question_id)


@login_required
def survey_question_edit(
    request: HttpRequest, evaluation_id: int, survey_id: int, survey_question_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    question = _question(survey, survey_question_id)
    question.survey = survey
    form = QuestionForm(
        request.POST or None,
        survey=survey,
        question=question,
        locked=builder.has_answers(survey),
    )
    form.fields["seen"].initial = parts.fingerprint(builder.question_snapshot(question))
    refusal, conflict = "", {}
    if form.is_valid():
        conflict = _question_conflict(form, survey, question)
    if form.is_valid() and not conflict:
        try:
            builder.update_question(
                question, request.user, indicators=form.cleaned_data["indicators"], **form.values()
            )
        except builder.NeedsNewVersion as error:
            refusal = str(error)
        except builder.Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("survey_detail", survey.evaluation_id, survey.pk)
        question.refresh_from_db()
    return _question_page(
        request, survey, form, question=question, refusal=refusal, conflict=conflict
    )


def _question_conflict(form, survey, question) -> dict:
    """Nothing if the question is still as the form showed it; otherwise who saved it
    meanwhile and what it holds now. The next save goes through."""
    now = builder.question_snapshot(question)
    if not parts.changed_since_opened(form.cleaned_data.get("seen", ""), now):
        return {}
    form.data = form.data.copy()
    form.data["seen"] = parts.fingerprint(now)
    change = parts.saved_as(survey.evaluation, "surveys", now)
    return {
        "conflict": {"updated_by": change.user, "updated_at": change.at} if change else True,
        "conflict_rows": builder.readable(survey.evaluation, now),
    }


@login_required
@require_POST
def survey_question_remove(
    request: HttpRequest, evaluation_id: int, survey_id: int, survey_question_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    question = _question(survey, survey_question_id)
    question.survey = survey
    try:
        builder.remove_question(question, request.user)
    except builder.NeedsNewVersion as refusal:
        return _detail_page(request, survey, refusal=str(refusal), status=409)
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Question “%(code)s” was removed.") % {"code": question.code})
    return redirect("survey_detail", survey.evaluation_id, survey.pk)


@login_required
@require_POST
def survey_question_move(
    request: HttpRequest, evaluation_id: int, survey_id: int, survey_question_id: int
) -> HttpResponse:
    """Up or down in its section, or to another section: buttons, no script needed."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    question = _question(survey, survey_question_id)
    question.survey = survey
    section = None
    if request.POST.get("section", "").isdigit():
        section = get_object_or_404(survey.sections, pk=int(request.POST["section"]))
    try:
        builder.move_question(
            question, request.user, direction=request.POST.get("direction", ""), section=section
        )
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
    url = reverse("survey_detail", args=[survey.evaluation_id, survey.pk])
    return redirect(f"{url}#question-{question.pk}")


@login_required
def survey_question_condition(
    request: HttpRequest, evaluation_id: int, survey_id: int, survey_question_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    question = _question(survey, survey_question_id)
    question.survey = survey
    earlier = builder.questions_before(question)
    form = ConditionForm(request.POST or None, question=question, earlier=earlier)
    if form.is_valid():
        try:
            builder.set_condition(
                question, request.user, form.cleaned_data["combine"], form.rules()
            )
        except builder.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The condition was saved."))
            return redirect("survey_detail", survey.evaluation_id, survey.pk)
    choices = [
        {
            "question": other,
            "text": pick(other.text),
            "options": [(o["value"], pick(o.get("label")).text) for o in other.options],
        }
        for other in earlier
    ]
    return render(
        request,
        "surveys/condition_form.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "question": question,
            "text": pick(question.text),
            "form": form,
            "earlier": choices,
        },
    )


# Question bank -------------------------------------------------------------------------


@login_required
def survey_bank(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The framework's question bank for the survey's stakeholders, searchable."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    query = request.GET.get("q", "")[:200]
    taken = set(survey.questions.values_list("code", flat=True))
    items = builder.bank_items(survey.evaluation, survey.stakeholder_type, query)
    document = survey.evaluation.framework_version.document
    theme_names = {code: pick(t["name"]).text for code, t in browse.themes(document).items()}
    return render(
        request,
        "surveys/bank.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "query": query,
            "items": [
                {
                    **item,
                    "taken": item["code"] in taken,
                    "theme_names": [theme_names.get(code, code) for code in item["themes"]],
                }
                for item in items
            ],
            "sections": [(s, pick(s.title)) for s in survey.sections.all()],
            "chosen_section": request.GET.get("section", ""),
            "stakeholders": _type_name(survey.evaluation, survey.stakeholder_type)
            if survey.stakeholder_type
            else "",
        },
    )


@login_required
@require_POST
def survey_bank_add(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    section_id = request.POST.get("section", "")
    section = (
        get_object_or_404(survey.sections, pk=int(section_id))
        if section_id.isdigit()
        else survey.sections.last()
    )
    codes = request.POST.getlist("code")
    added = []
    for code in codes:
        try:
            added.append(builder.add_from_bank(section, request.user, code))
        except builder.Refused as refusal:
            messages.error(request, str(refusal))
    if added:
        messages.success(
            request,
            _("Added from the question bank: %(codes)s.")
            % {"codes": ", ".join(question.code for question in added)},
        )
        # Back to the builder, where the first of them now stands.
        url = reverse("survey_detail", args=[survey.evaluation_id, survey.pk])
        return redirect(f"{url}#question-{added[0].pk}")
    if not codes:
        messages.error(request, _("Choose at least one item of the question bank."))
    url = reverse("survey_bank", args=[survey.evaluation_id, survey.pk])
    return redirect(f"{url}?section={section.pk}")


# Waves ---------------------------------------------------------------------------------


@login_required
def survey_waves(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The waves of a survey; the team adds them here, the coach reads them."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    may_edit = rules.may_edit_evaluation(request.user, survey.evaluation)
    form = None
    if may_edit:
        form = WaveForm(request.POST or None)
        if form.is_valid():
            wave = form.save(commit=False)
            wave.survey = survey
            builder.save_wave(wave, request.user)
            messages.success(request, _("The wave “%(label)s” was added.") % {"label": wave.label})
            return redirect("survey_waves", survey.evaluation_id, survey.pk)
    elif request.method == "POST":
        rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    waves = survey.waves.annotate(response_count=Count("responses"))
    return render(
        request,
        "surveys/waves.html",
        {
            "evaluation": survey.evaluation,
            "survey": survey,
            "title": pick(survey.title),
            "waves": waves,
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
def survey_wave_edit(
    request: HttpRequest, evaluation_id: int, survey_id: int, wave_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    wave = get_object_or_404(survey.waves, pk=wave_id)
    wave.survey = survey
    before = builder.wave_snapshot(wave)
    form = WaveForm(request.POST or None, instance=wave)
    if form.is_valid():
        builder.save_wave(form.save(commit=False), request.user, before=before)
        messages.success(request, _("Your changes were saved."))
        return redirect("survey_waves", survey.evaluation_id, survey.pk)
    return render(
        request,
        "surveys/wave_form.html",
        {"evaluation": survey.evaluation, "survey": survey, "wave": wave, "form": form},
    )


@login_required
@require_POST
def survey_wave_remove(
    request: HttpRequest, evaluation_id: int, survey_id: int, wave_id: int
) -> HttpResponse:
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    wave = get_object_or_404(survey.waves, pk=wave_id)
    wave.survey = survey
    try:
        builder.remove_wave(wave, request.user)
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The wave was removed."))
    return redirect("survey_waves", survey.evaluation_id, survey.pk)


# Paper ---------------------------------------------------------------------------------


@login_required
def survey_paper(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The survey to print, in one of its languages, with boxes to tick and fill in."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    language = request.GET.get("language", "")
    if language not in survey.languages:
        # The reader's own language when the survey offers it, else its first one.
        reader = translation.get_language()[:2]
        offered = survey.languages or [reader]
        language = reader if reader in offered else offered[0]
    with translation.override(language):
        return render(request, "surveys/paper.html", builder.paper(survey, language))
