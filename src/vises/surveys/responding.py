"""Answering a survey: whether it takes answers now, the pages a respondent goes through,
and storing a response whole.

The rules of an answer live in `answers.py`; this module only walks respondents through
the pages and keeps their answers until the end. A respondent's progress is a plain dict
(the "state") kept in their session, and for invitation codes also on the invitation's
draft, so that the code resumes it on another day or device.
"""

import contextlib
import dataclasses
import datetime
import hmac
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from vises.multilingual import pick
from vises.surveys import answers as rules
from vises.surveys.models import CODE_ALPHABET, Invitation, Question, Response, Survey, Wave

SESSION_PREFIX = "vises.survey."
# What is kept of a field typed but not checked (the respondent went back): enough to
# show it again and say it is too long, not a store for arbitrary uploads.
RAW_TEXT_LIMIT = 2 * rules.LONG_TEXT_MAX
RAW_VALUES_LIMIT = 40


def new_submission_key() -> str:
    return secrets.token_hex(16)


# Whether a survey takes answers -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why answers are not taken: shown on a page of its own with `status`."""

    reason: str  # closed, not_yet_open, quota_reached, link_closed, used, unknown, expired
    status: int
    since: datetime.date | None = None


CLOSED_STATUS = {
    "closed": 410,
    "quota_reached": 410,
    "used": 410,
    "not_yet_open": 403,
    "link_closed": 403,
    "unknown": 404,
    "expired": 400,
}


def refusal(reason: str, since: datetime.date | None = None) -> Refusal:
    return Refusal(reason, CLOSED_STATUS[reason], since)


def today() -> datetime.date:
    """Today where the enterprises are (settings.TIME_ZONE)."""
    return timezone.localdate()


def wave_state(waves, on: datetime.date | None = None) -> Wave | Refusal:
    """The wave open on that day (the latest opened if several), or why none is."""
    on = on or today()
    waves = list(waves)
    open_now = [wave for wave in waves if wave.opens_on <= on <= wave.closes_on]
    if open_now:
        return max(open_now, key=lambda wave: (wave.opens_on, wave.pk))
    closed = [wave.closes_on for wave in waves if wave.closes_on < on]
    later = [wave.opens_on for wave in waves if wave.opens_on > on]
    if later:
        return refusal("not_yet_open", min(later))
    if closed:
        return refusal("closed", max(closed))
    return refusal("not_yet_open")


def public_responses(survey: Survey) -> int:
    return Response.objects.filter(wave__survey=survey, via_public_link=True).count()


def public_link_state(survey: Survey) -> Wave | Refusal:
    """The wave the public link answers into, or why it takes no answer now."""
    if not survey.public_link_open:
        return refusal("link_closed")
    wave = wave_state(respondent_waves(survey))
    if isinstance(wave, Refusal):
        return wave
    if survey.quota is not None and public_responses(survey) >= survey.quota:
        return refusal("quota_reached")
    return wave


def normalise_code(typed: str) -> str:
    """A code as stored: capitals, without the spaces and dashes people type."""
    return "".join(ch for ch in (typed or "").upper() if ch not in " -\u00a0\t")


def find_invitation(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if not code or len(code) > 12 or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return (
        Invitation.objects.select_related("wave__survey__evaluation__enterprise")
        .filter(code=code)
        .first()
    )


def invitation_state(invitation: Invitation | None) -> Invitation | Refusal:
    """The invitation if it may be answered today, or why not."""
    if invitation is None:
        return refusal("unknown")
    if invitation.used_at:
        return refusal("used")
    wave = wave_state([invitation.wave])
    return wave if isinstance(wave, Refusal) else invitation


# Language ---------------------------------------------------------------------------------


def survey_languages(survey: Survey) -> list[str]:
    known = dict(settings.LANGUAGES)
    return [code for code in survey.languages if code in known] or [settings.LANGUAGE_CODE]


def preferred_language(survey: Survey, accept_language: str, current: str = "") -> str:
    """The survey's language the browser asks for first, else the current interface
    language if the survey offers it, else the survey's first language."""
    offered = survey_languages(survey)
    for language, _quality in parse_accept_lang_header(accept_language or ""):
        if language[:2].lower() in offered:
            return language[:2].lower()
    return current[:2] if current[:2] in offered else offered[0]


# Pages ------------------------------------------------------------------------------------


def sections_with_questions(survey: Survey) -> list[tuple]:
    """The survey's pages in order: (section, its questions); sections without a question
    are no page. One query: the questions with their sections, in the sections' order."""
    questions = survey.questions.select_related("section").order_by(
        "section__position", "section_id", "position", "id"
    )
    pages = []
    for question in questions:
        if not pages or pages[-1][0].pk != question.section_id:
            pages.append((question.section, []))
        pages[-1][1].append(question)
    return pages


# Every respondent request looks its survey up by the public token, and the last page
# looks up its wave and its submission key. These queries are compiled once per thread and
# database, then run with each value: compiling one cost the ORM as much CPU as running it.
# A thread keeps its own, since the compiler holds its connection.
_COMPILED = threading.local()
_STAND_INS = {str: "\x00value", int: -7_346_019_283_516}  # stand for the value looked up


def _first(model: type[Model], query: Callable[..., QuerySet], value: str | int):
    """query(value).first(), its objects selected with it included, without compiling it
    again: `query` filters `model` on a unique field equal to its one argument."""
    using = router.db_for_read(model)
    queries = _COMPILED.__dict__.setdefault("queries", {})
    compiled = queries.get((query, using))
    if compiled is None:
        stand_in = _STAND_INS[type(value)]
        compiler = query(stand_in).query.get_compiler(using)
        sql, params = compiler.as_sql()
        select, fields = compiler.select, compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        compiled = queries[(query, using)] = (
            sql,
            list(params),
            list(params).index(stand_in),
            compiler,
            compiler.get_converters([column for column, _sql, _alias in select]),
            (start, end),
            [column.target.attname for column, _sql, _alias in select[start:end]],
            get_related_populators(compiler.klass_info, select, using),
        )
    sql, params, at, compiler, converters, (start, end), names, related = compiled
    params = [*params[:at], value, *params[at + 1 :]]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchmany(1)
    if not rows:
        return None
    row = next(iter(compiler.apply_converters(rows, converters))) if converters else rows[0]
    found = model.from_db(using, names, row[start:end])
    for populator in related:
        populator.populate(row, found)
    return found


def _survey(public_token: str) -> QuerySet:
    return Survey.objects.filter(public_token=public_token)


def _survey_with_enterprise(public_token: str) -> QuerySet:
    return Survey.objects.select_related("evaluation__enterprise").filter(public_token=public_token)


def survey_by_token(public_token: str, with_enterprise: bool = False) -> Survey | None:
    """The survey of a public link, with its evaluation and enterprise if asked."""
    return _first(Survey, _survey_with_enterprise if with_enterprise else _survey, public_token)


def _wave_with_survey(pk: int) -> QuerySet:
    return Wave.objects.select_related("survey").filter(pk=pk)


def _response(submission_key: str) -> QuerySet:
    return Response.objects.filter(submission_key=submission_key)


# What respondent requests read of the surveys being answered (their pages, their waves,
# their questions' texts in each language), kept in each process by survey and revision: a
# respondent request reads the survey's row (with its revision) anyway, and the rest only
# when it changed. Kept values are read, never changed, by the respondent views.
_KEPT: OrderedDict[tuple[int, str, str], list | dict] = OrderedDict()
KEPT = 320  # 64 surveys' pages, waves and question texts in three languages
_KEPT_LOCK = threading.Lock()  # a threaded server shares them between its threads


def _kept(survey: Survey, what: str, read) -> list | dict:
    """read(survey), once per revision of the survey: any change to the survey, its
    sections, its questions or its waves draws a new revision (models.py). The survey must
    be read before what is kept, so that nothing is kept under a newer revision than its
    own."""
    key = (survey.pk, survey.revision, what)
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
        if kept is not None:
            _KEPT.move_to_end(key)
            return kept
    kept = read(survey)
    with _KEPT_LOCK:
        _KEPT[key] = kept
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return kept


def respondent_pages(survey: Survey) -> list[tuple]:
    """sections_with_questions(survey), read once per revision of the survey."""
    return _kept(survey, "pages", sections_with_questions)


def respondent_waves(survey: Survey) -> list[Wave]:
    """The survey's waves, read once per revision of the survey."""
    return _kept(survey, "waves", lambda survey: list(survey.waves.all()))


def all_questions(pages) -> list[Question]:
    return [question for _section, questions in pages for question in questions]


def earlier_answers(pages, number: int, answers: dict) -> dict:
    """The answers given on the pages before page `number` (1-based)."""
    codes = set()
    for _section, questions in pages[: number - 1]:
        for question in questions:
            codes |= {question.code, rules.other_key(question.code)}
    return {code: value for code, value in answers.items() if code in codes}


def shown_questions(pages, number: int, answers: dict) -> list[Question]:
    """The questions of page `number` that show, given the answers so far."""
    _section, questions = pages[number - 1]
    known = earlier_answers(pages, number, answers)
    page_codes = {q.code for q in questions} | {rules.other_key(q.code) for q in questions}
    known.update({code: value for code, value in answers.items() if code in page_codes})
    return [question for question in questions if rules.is_shown(question, known)]


def visible_pages(pages, answers: dict) -> list[int]:
    """Numbers of the pages with at least one question to show: the others are skipped.
    As shown_questions of each page, the answers known growing page by page rather than
    gathered again for each (every respondent request asks this, some twice or thrice)."""
    visible, codes = [], set()
    for number, (_section, questions) in enumerate(pages, start=1):
        for question in questions:
            codes |= {question.code, rules.other_key(question.code)}
        known = {code: value for code, value in answers.items() if code in codes}
        if any(rules.is_shown(question, known) for question in questions):
            visible.append(number)
    return visible


def next_page(pages, number: int, answers: dict) -> int | None:
    return next((n for n in visible_pages(pages, answers) if n > number), None)


def previous_page(pages, number: int, answers: dict) -> int | None:
    return next((n for n in reversed(visible_pages(pages, answers)) if n < number), None)


def progress(pages, number: int, answers: dict) -> tuple[int, int]:
    """(this page's place, how many pages) among the pages that show."""
    visible = visible_pages(pages, answers)
    place = sum(1 for n in visible if n <= number)
    return max(place, 1), max(len(visible), 1)


def raw_page(questions, data) -> dict:
    """What was typed for these questions, unchecked and bounded, to show it again."""
    raw = {}
    for question in questions:
        for key in (question.code, rules.other_key(question.code)):
            values = data.getlist(key) if hasattr(data, "getlist") else data.get(key, [])
            values = [str(value)[:RAW_TEXT_LIMIT] for value in values[:RAW_VALUES_LIMIT]]
            if any(value.strip() for value in values):
                raw[key] = values
    return raw


def answers_as_raw(questions, answers: dict) -> dict:
    """Stored answers written back as form values."""
    raw = {}
    for question in questions:
        value = answers.get(question.code)
        if value is None:
            continue
        raw[question.code] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        other = answers.get(rules.other_key(question.code))
        if other:
            raw[rules.other_key(question.code)] = [other]
    return raw


def read_page(pages, number: int, data, state: dict) -> dict:
    """Check page `number` as posted; keep its answers in `state` if there is no error.

    Returns the errors by question code. Questions hidden by their condition are
    dropped whatever was sent; so are answers kept from an earlier pass through the page
    for questions now hidden."""
    _section, questions = pages[number - 1]
    known = earlier_answers(pages, number, state["answers"])
    page, errors = rules.clean_page(questions, data, known)
    state.setdefault("raw", {})
    if errors:
        state["raw"][str(number)] = raw_page(questions, data)
        return errors
    for question in questions:
        state["answers"].pop(question.code, None)
        state["answers"].pop(rules.other_key(question.code), None)
    state["answers"].update(page)
    state["raw"].pop(str(number), None)
    return {}


def keep_typed(pages, number: int, data, state: dict) -> None:
    """Keep what was typed on the page, unchecked (the respondent goes back)."""
    _section, questions = pages[number - 1]
    state.setdefault("raw", {})[str(number)] = raw_page(questions, data)


def page_values(pages, number: int, state: dict) -> dict:
    """What to show in the page's fields: what was typed last, or the answers kept."""
    raw = (state.get("raw") or {}).get(str(number))
    if raw is not None:
        return raw
    _section, questions = pages[number - 1]
    return answers_as_raw(questions, state["answers"])


# Showing a question ------------------------------------------------------------------------


def question_texts(question: Question, language: str) -> dict:
    """What of one question shows the same to everyone answering in `language` (the active
    language too, for the word "Other"): its texts, its choices, its field's limits."""
    text, help_text = pick(question.text, language), pick(question.help, language)
    choices = []
    if question.kind in {"single_choice", "multiple_choice", "scale"}:
        for index, option in enumerate(question.options):
            label = pick(option.get("label"), language)
            choices.append(
                {
                    "value": str(option["value"]),
                    "label": label.text or str(option["value"]),
                    "lang": label.language if label.is_fallback and label.text else "",
                    "id": f"q-{question.code}" if index == 0 else f"q-{question.code}:{index}",
                }
            )
        if question.allow_other and question.kind != "scale":
            choices.append(
                {
                    "value": rules.OTHER,
                    "label": _("Other"),
                    "lang": "",
                    "id": f"q-{question.code}:other-choice",
                    "other": True,
                }
            )
    elif question.kind == "rating_0_10":
        choices = [
            {
                "value": str(n),
                "label": str(n),
                "lang": "",
                "id": f"q-{question.code}" if n == 0 else f"q-{question.code}:{n}",
            }
            for n in range(11)
        ]
    if choices:
        choices[0]["id"] = f"q-{question.code}"
    described = [
        f"q-{question.code}:{part}"
        for part, present in (
            ("help", bool(help_text.text)),
            ("hint", question.kind in {"rating_0_10", "number", "date"}),
        )
        if present
    ]
    return {
        "described": described,
        "code": question.code,
        "kind": question.kind,
        "name": question.code,
        "other_name": rules.other_key(question.code),
        "id": f"q-{question.code}",
        "text": text.text or question.code,
        "text_lang": text.language if text.is_fallback and text.text else "",
        "help": help_text.text,
        "help_lang": help_text.language if help_text.is_fallback and help_text.text else "",
        "required": question.required,
        "choices": choices,
        "grouped": bool(choices),
        "multiple": question.kind == "multiple_choice",
        "maxlength": rules.SHORT_TEXT_MAX if question.kind == "short_text" else None,
        "minimum": question.minimum,
        "maximum": question.maximum,
        "integer_only": question.integer_only,
        "conditional": bool((question.condition or {}).get("rules")),
    }


def question_view(
    question: Question, language: str, values=(), other: str = "", error="", texts=None
):
    """What the tag `question_field` (templatetags/answering.py) needs to show one question
    for answering: its texts in `language` (`texts`, if given, are its question_texts), the
    values of its choices that are checked (`chosen`), and its error."""
    texts = texts or question_texts(question, language)
    values = [str(value) for value in values]
    described = [*texts["described"], f"q-{question.code}:error"] if error else texts["described"]
    return {
        **texts,
        "describedby": " ".join(described),
        "chosen": set(values),
        "value": values[0] if values and not texts["choices"] else "",
        "other": other,
        "error": error,
    }


def question_views(questions, language: str, values: dict, errors: dict, texts=None) -> list:
    """question_view of each question; `texts` gives their question_texts by code (from
    respondent_texts), else they are made now."""
    texts = texts or {}
    views = []
    for question in questions:
        other = values.get(rules.other_key(question.code)) or [""]
        views.append(
            question_view(
                question,
                language,
                values.get(question.code, []),
                other[0] if other else "",
                errors.get(question.code, ""),
                texts.get(question.code),
            )
        )
    return views


def respondent_texts(survey: Survey, language: str) -> dict[str, dict]:
    """question_texts of every question of the survey in `language`, by code: made once
    per revision of the survey and language, not for every page shown."""

    def read(survey: Survey) -> dict[str, dict]:
        with translation.override(language):
            questions = all_questions(respondent_pages(survey))
            return {question.code: question_texts(question, language) for question in questions}

    return _kept(survey, f"texts {language}", read)


# Keeping progress ------------------------------------------------------------------------


def session_key(survey: Survey) -> str:
    return f"{SESSION_PREFIX}{survey.pk}"


def new_state(language: str, wave: Wave, invitation: Invitation | None = None) -> dict:
    """A respondent's progress from the first page; resumed from the invitation's draft
    if it holds one."""
    draft = (invitation.draft if invitation else None) or {}
    return {
        "language": language,
        "wave": wave.pk,
        "invitation": invitation.pk if invitation else None,
        "via_public_link": invitation is None,
        "submission_key": draft.get("submission_key") or new_submission_key(),
        "answers": dict(draft.get("answers") or {}),
        "raw": dict(draft.get("raw") or {}),
        "page": int(draft.get("page") or 1),
        "reached": int(draft.get("reached") or draft.get("page") or 1),
    }


def save_draft(state: dict) -> None:
    """Keep the progress on the invitation, while it is not used."""
    if not state.get("invitation"):
        return
    draft = {
        key: state[key]
        for key in ("submission_key", "answers", "raw", "page", "reached", "language")
    }
    Invitation.objects.filter(pk=state["invitation"], used_at__isnull=True).update(draft=draft)


# Storing a response --------------------------------------------------------------------


class NotStored(Exception):
    """The response was not stored; `refusal` says why, or `errors` by question code."""

    def __init__(self, refusal: Refusal | None = None, errors: dict | None = None):
        super().__init__(refusal.reason if refusal else "invalid")
        self.refusal = refusal
        self.errors = errors or {}


def derived_respondent_key(invitation: Invitation) -> str:
    """The pseudonym that links one respondent's answers across waves: derived from the
    random key their invitations share, never from a code."""
    if not invitation.respondent_key:
        invitation.respondent_key = secrets.token_hex(16)
        Invitation.objects.filter(pk=invitation.pk).update(respondent_key=invitation.respondent_key)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"respondent:{invitation.respondent_key}".encode(), "sha256"
    )
    return digest.hexdigest()[:32]


def store_response(
    survey: Survey,
    wave: Wave,
    answers: dict,
    *,
    language: str,
    submission_key: str,
    questions=None,
    invitation_id: int | None = None,
    via_public_link: bool = False,
    source: str = Response.Source.ONLINE,
    entered_by=None,
    check_open: bool = True,
) -> Response:
    """Store one response whole, or nothing (raises NotStored).

    Every answer is checked again against every question. A submission key already
    stored means this response is already in: it is returned, nothing is added, and its
    `already_stored` is true (false for a response stored now), so the person who sent it
    twice can be told. The invitation, if any, is marked used in the same transaction."""
    questions = (
        list(questions) if questions is not None else all_questions(sections_with_questions(survey))
    )
    # The wave and its survey as stored now: respondent pages hold them from the survey's
    # revision, and no response goes into a wave closed, or through a link closed, by any
    # means meanwhile.
    current = _first(Wave, _wave_with_survey, wave.pk) if check_open or via_public_link else None
    if via_public_link and current is not None:
        survey = current.survey
    quota = via_public_link and survey.quota is not None
    # A transaction where rows are locked (an invitation is used once, a quota counts the
    # responses; within a caller's, for its savepoint); otherwise the INSERT is atomic
    # alone, and a submission key stored meanwhile fails it (IntegrityError, below).
    atomic = invitation_id or quota or transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if atomic else contextlib.nullcontext():
            existing = _first(Response, _response, submission_key)
            if existing is not None:
                existing.already_stored = True
                return existing
            invitation = None
            if invitation_id:
                invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
                if invitation is None or invitation.wave_id != wave.pk:
                    raise NotStored(refusal("unknown"))
                if invitation.used_at:
                    raise NotStored(refusal("used"))
            if check_open:
                state = wave_state([current] if current is not None else [])
                if isinstance(state, Refusal):
                    raise NotStored(state)
            if via_public_link:
                if quota:  # so that two last answers cannot both pass it
                    survey = Survey.objects.select_for_update().get(pk=survey.pk)
                state = public_link_state(survey)
                if isinstance(state, Refusal):
                    raise NotStored(state)
            cleaned, errors = rules.clean_response(questions, answers)
            if errors:
                raise NotStored(errors=errors)
            response = Response.objects.create(
                wave=wave,
                answers=cleaned,
                language=language[:2],
                source=source,
                respondent_key=(
                    derived_respondent_key(invitation)
                    if invitation is not None and survey.link_waves
                    else ""
                ),
                via_public_link=via_public_link,
                submission_key=submission_key,
                entered_by=entered_by,
            )
            if invitation is not None:
                # Answered: the address kept for reminders is forgotten with the draft.
                invitation.used_at = timezone.now()
                invitation.draft = {}
                invitation.email = invitation.language = ""
                invitation.save(update_fields=["used_at", "draft", "email", "language"])
            response.already_stored = False
            return response
    except IntegrityError:
        # The same submission, stored meanwhile by a concurrent request.
        existing = _first(Response, _response, submission_key)
        if existing is None:
            raise
        existing.already_stored = True
        return existing
