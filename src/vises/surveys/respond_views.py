"""Respondent pages (no account: a public link or an invitation code), and the team's
page for typing in answers given on paper.

Respondent pages set no cookie but the session: no messages framework, no language
cookie; the chosen language is kept with the respondent's progress in the session.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views import csrf

from vises.access import rules
from vises.multilingual import pick
from vises.surveys import answers as answer_rules
from vises.surveys import responding
from vises.surveys.models import Response, Survey, Wave
from vises.surveys.responding import Refusal

SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")


def _survey(public_token: str, with_enterprise: bool = False) -> Survey:
    """The survey of a public link; with its enterprise for the first page, which names it
    (the other pages do not: reading it costs every request)."""
    survey = responding.survey_by_token(public_token, with_enterprise)
    if survey is None:
        raise Http404("No survey has this link.")
    return survey


def _render(request, template, context, language, status=200) -> HttpResponse:
    """Render a respondent page in the respondent's language, without touching the
    language cookie."""
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, template, context, status=status)
    response.headers["Content-Language"] = language
    return response


def _page_language(request, survey: Survey | None) -> str:
    if survey is None:
        return translation.get_language()[:2]
    state = request.session.get(responding.session_key(survey)) or {}
    if state.get("language") in responding.survey_languages(survey):
        return state["language"]
    return responding.preferred_language(
        survey, request.headers.get("Accept-Language", ""), translation.get_language()
    )


def _refused(request, survey: Survey | None, refusal: Refusal) -> HttpResponse:
    language = _page_language(request, survey)
    with translation.override(language):
        title = pick(survey.title, language) if survey is not None else ""
    return _render(
        request,
        "surveys/respond/refused.html",
        {
            "survey": survey if refusal.reason != "unknown" else None,
            "title": title,
            "refusal": refusal,
            "public_link_open": bool(survey and survey.public_link_open),
        },
        language,
        status=refusal.status,
    )


def _languages(survey: Survey, first: str) -> list[dict]:
    codes = responding.survey_languages(survey)
    codes = [first] + [code for code in codes if code != first]
    return [
        {"code": code, "name": get_language_info(code)["name_local"].capitalize()} for code in codes
    ]


def _start(request, survey: Survey, wave: Wave, invitation=None) -> HttpResponse:
    """The first page: who asks, why, the consent, and the language to answer in."""
    language = _page_language(request, survey)
    with translation.override(language):
        return _start_page(request, survey, wave, invitation, language)


def _start_page(request, survey, wave, invitation, language) -> HttpResponse:
    error = consent_error = ""
    consent = pick(survey.consent, language)
    # Agreeing is its own act (a box to tick), never implied by the choice of a language.
    consented = request.POST.get("@consent") == "yes" or not consent.text
    if request.method == "POST":
        chosen = request.POST.get("@language", "")
        if not consented:
            consent_error = _(
                "To start, tick the box to say you agree. "
                "If you do not agree, you can close this page."
            )
        elif chosen in responding.survey_languages(survey):
            state = responding.new_state(chosen, wave, invitation)
            request.session[responding.session_key(survey)] = state
            responding.save_draft(state)
            return redirect("survey_respond_page", survey.public_token, state["page"])
        else:
            error = _("Choose the language you want to answer in.")
    return _render(
        request,
        "surveys/respond/start.html",
        {
            "survey": survey,
            "enterprise": survey.evaluation.enterprise,
            "title": pick(survey.title, language),
            "intro": pick(survey.intro, language),
            "consent": consent,
            "consented": consented and request.method == "POST",
            "consent_error": consent_error,
            "languages": _languages(survey, language),
            "resumed": bool(invitation and invitation.draft.get("answers")),
            "error": error,
        },
        language,
    )


def respond_start(request: HttpRequest, public_token: str) -> HttpResponse:
    """The public link."""
    survey = _survey(public_token, with_enterprise=True)
    wave = responding.public_link_state(survey)
    if isinstance(wave, Refusal):
        return _refused(request, survey, wave)
    return _start(request, survey, wave)


def respond_code(request: HttpRequest, code: str) -> HttpResponse:
    """The short link printed on an invitation slip: starts or resumes that response."""
    invitation = responding.find_invitation(code)
    state = responding.invitation_state(invitation)
    survey = invitation.wave.survey if invitation is not None else None
    if isinstance(state, Refusal):
        return _refused(request, survey, state)
    return _start(request, survey, invitation.wave, invitation)


def code_entry(request: HttpRequest) -> HttpResponse:
    """A form to type the code written on a slip."""
    language = translation.get_language()[:2]
    typed, error = "", ""
    if request.method == "POST":
        typed = request.POST.get("code", "")[:40]
        code = responding.normalise_code(typed)
        if not code:
            error = _("Type the code written on your slip.")
        elif responding.find_invitation(code) is None:
            error = _(
                "We do not know this code. Check that you typed it as it is written on your slip."
            )
        else:
            return redirect("survey_respond_code", code)
    return _render(request, "surveys/respond/code.html", {"typed": typed, "error": error}, language)


def respond_page(request: HttpRequest, public_token: str, page: int) -> HttpResponse:
    """One section of the survey; the last one stores the response."""
    survey = _survey(public_token)
    # Errors and notices are worded before the page renders: in the respondent's language.
    with translation.override(_page_language(request, survey)):
        return _respond_page(request, survey, page)


def _respond_page(request: HttpRequest, survey: Survey, page: int) -> HttpResponse:
    key = responding.session_key(survey)
    state = request.session.get(key)
    if not state or state.get("done"):
        if state and state.get("done"):
            return redirect("survey_respond_thanks", survey.public_token)
        return _refused(request, survey, responding.refusal("expired"))
    wave = next((w for w in responding.respondent_waves(survey) if w.pk == state.get("wave")), None)
    if wave is None:
        request.session.pop(key, None)
        return _refused(request, survey, responding.refusal("expired"))
    open_state = responding.wave_state([wave])
    if isinstance(open_state, Refusal):
        return _refused(request, survey, open_state)

    pages = responding.respondent_pages(survey)
    if not pages:
        return _refused(request, survey, responding.refusal("not_yet_open"))
    visible = responding.visible_pages(pages, state["answers"])
    notice = ""
    if page not in visible or page > state.get("reached", 1):
        # A page number typed or tampered with: show where the respondent really is.
        current = state.get("page", 1)
        page = current if current in visible else visible[0]
        state["page"] = page
        request.session[key] = state
        notice = _("That page cannot be shown yet: here is where you are in the survey.")
        return _show_page(request, survey, pages, page, state, {}, notice=notice)
    if request.method != "POST":
        if state.get("page") != page:  # the session is written only when it changes
            state["page"] = page
            request.session[key] = state
        return _show_page(request, survey, pages, page, state, {})

    if request.POST.get("@nav") == "back":
        responding.keep_typed(pages, page, request.POST, state)
        previous = responding.previous_page(pages, page, state["answers"])
        state["page"] = previous or page
        request.session[key] = state
        responding.save_draft(state)
        if previous is None:
            return redirect(_start_url(survey, state))
        return redirect("survey_respond_page", survey.public_token, previous)

    displayed = set(request.POST.getlist("@shown"))
    errors = responding.read_page(pages, page, request.POST, state)
    request.session[key] = state
    responding.save_draft(state)
    if errors:
        return _show_page(request, survey, pages, page, state, errors)
    appeared = [
        question
        for question in responding.shown_questions(pages, page, state["answers"])
        if question.code not in displayed and question.code not in state["answers"]
    ]
    if appeared:
        notice = _("Your answers open more questions on this page: please look at them.")
        return _show_page(request, survey, pages, page, state, {}, notice=notice)
    following = responding.next_page(pages, page, state["answers"])
    if following is not None:
        state["page"] = following
        state["reached"] = max(state.get("reached", 1), following)
        request.session[key] = state
        responding.save_draft(state)
        return redirect("survey_respond_page", survey.public_token, following)
    return _submit(request, survey, pages, wave, state)


def _start_url(survey: Survey, state: dict) -> str:
    if state.get("invitation"):
        from vises.surveys.models import Invitation

        invitation = Invitation.objects.filter(pk=state["invitation"]).first()
        if invitation is not None:
            return reverse("survey_respond_code", args=[invitation.code])
    return reverse("survey_respond", args=[survey.public_token])


def _submit(request, survey: Survey, pages, wave: Wave, state: dict) -> HttpResponse:
    key = responding.session_key(survey)
    try:
        stored = responding.store_response(
            survey,
            wave,
            state["answers"],
            language=state["language"],
            submission_key=state["submission_key"],
            questions=responding.all_questions(pages),
            invitation_id=state.get("invitation"),
            via_public_link=bool(state.get("via_public_link")),
        )
    except responding.NotStored as not_stored:
        if not_stored.refusal is not None:
            if not_stored.refusal.reason in {"used", "unknown"}:
                request.session.pop(key, None)
            return _refused(request, survey, not_stored.refusal)
        # An answer that no longer holds (the survey changed meanwhile, or a page was
        # skipped by hand): show the first page that needs it.
        errors = not_stored.errors
        page = next(
            n
            for n, (_section, questions) in enumerate(pages, start=1)
            if any(question.code in errors for question in questions)
        )
        state["page"] = page
        request.session[key] = state
        return _show_page(request, survey, pages, page, state, errors)
    request.session[key] = {
        "done": True,
        "language": state["language"],
        "response_code": stored.response_code or "",
    }
    return redirect("survey_respond_thanks", survey.public_token)


def _show_page(request, survey, pages, page, state, errors, notice=""):
    language = state["language"]
    section, _questions = pages[page - 1]
    values = responding.page_values(pages, page, state)
    shown = responding.shown_questions(pages, page, state["answers"])
    # Questions with an error show too, whatever the answers kept say.
    shown_codes = {q.code for q in shown} | set(errors)
    shown = [q for q in pages[page - 1][1] if q.code in shown_codes]
    place, total = responding.progress(pages, page, state["answers"])
    with translation.override(language):
        texts = responding.respondent_texts(survey, language)
        questions = responding.question_views(shown, language, values, errors, texts)
    is_last = responding.next_page(pages, page, state["answers"]) is None
    return _render(
        request,
        "surveys/respond/page.html",
        {
            "survey": survey,
            "title": pick(survey.title, language),
            "section_title": pick(section.title, language),
            "questions": questions,
            "has_errors": bool(errors),
            "place": place,
            "total": total,
            "is_last": is_last,
            "notice": notice,
            "action": reverse("survey_respond_page", args=[survey.public_token, page]),
        },
        language,
    )


def respond_thanks(request: HttpRequest, public_token: str) -> HttpResponse:
    survey = _survey(public_token)
    language = _page_language(request, survey)
    state = request.session.get(responding.session_key(survey)) or {}
    return _render(
        request,
        "surveys/respond/thanks.html",
        {
            "survey": survey,
            "title": pick(survey.title, language),
            "thanks": pick(survey.thanks, language),
            "done": bool(state.get("done")),
            "response_code": _grouped(state.get("response_code") or ""),
        },
        language,
    )


def _grouped(code: str) -> str:
    """A code in groups of five, easier to copy by hand: 7KQ2M-X9BRT."""
    return "-".join(code[i : i + 5] for i in range(0, len(code), 5))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid session: on respondent pages, the session ended
    (the CSRF token lives in it); elsewhere, Django's usual page."""
    if request.path.startswith("/s/"):
        return _render(
            request,
            "surveys/respond/refused.html",
            {"survey": None, "refusal": responding.refusal("expired"), "title": ""},
            translation.get_language()[:2],
            status=403,
        )
    return csrf.csrf_failure(request, reason)


# Paper answers, typed in by the team ---------------------------------------------------


@login_required
def survey_paper_entry(request: HttpRequest, evaluation_id: int, survey_id: int) -> HttpResponse:
    """The whole survey on one page, to type in the answers of one paper sheet."""
    survey = rules.get_survey_to_edit(request.user, evaluation_id, survey_id)
    evaluation = survey.evaluation
    languages = responding.survey_languages(survey)
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("@language") if data.get("@language") in languages else languages[0]
    waves = list(survey.waves.all())
    pages = responding.sections_with_questions(survey)
    questions = responding.all_questions(pages)
    wave = next((w for w in waves if str(w.pk) == data.get("@wave")), None)
    values, errors, form_error = {}, {}, ""
    key = data.get("@key", "")
    if not SUBMISSION_KEY.match(key):
        key = responding.new_submission_key()
    if request.method == "POST":
        values = responding.raw_page(questions, request.POST)
        answers, errors = answer_rules.clean_page(questions, request.POST, {})
        if wave is None:
            form_error = _("Choose the wave these answers belong to.")
        elif not errors:
            try:
                stored = responding.store_response(
                    survey,
                    wave,
                    answers,
                    language=language,
                    submission_key=key,
                    questions=questions,
                    source=Response.Source.PAPER,
                    entered_by=request.user,
                    check_open=False,
                )
            except responding.NotStored as not_stored:
                errors = not_stored.errors
            else:
                if stored.already_stored:
                    messages.warning(
                        request,
                        _(
                            "This sheet was already saved (wave %(wave)s): sending it again "
                            "added nothing. Type in the next one."
                        )
                        % {"wave": stored.wave.label},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "The answers of this sheet are saved (wave %(wave)s), with the "
                            "response code %(code)s: write it on the sheet if the respondent "
                            "may ask for their answers to be erased. Type in the next one."
                        )
                        % {"wave": wave.label, "code": _grouped(stored.response_code or "")},
                    )
                query = urlencode({"@language": language, "@wave": wave.pk})
                return redirect(f"{request.path}?{query}")
        if errors and not form_error:
            form_error = _("Some answers need checking: see the questions marked below.")
    with translation.override(language):
        sections = [
            {
                "title": pick(section.title, language),
                "questions": responding.question_views(section_questions, language, values, errors),
            }
            for section, section_questions in pages
        ]
        title = pick(survey.title, language)
    return render(
        request,
        "surveys/respond/paper_entry.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "title": title,
            "language": language,
            "language_choices": [
                (code, get_language_info(code)["name_local"].capitalize()) for code in languages
            ],
            "waves": waves,
            "wave": wave or _wave_to_offer(waves),
            "sections": sections,
            "submission_key": key,
            "form_error": form_error,
            "errors": errors,
        },
    )


def _wave_to_offer(waves: list[Wave]) -> Wave | None:
    """The wave open today, else the last one."""
    open_wave = responding.wave_state(waves) if waves else None
    return open_wave if isinstance(open_wave, Wave) else (waves[-1] if waves else None)
