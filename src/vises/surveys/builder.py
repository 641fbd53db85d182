"""Building a survey: its sections and questions, their languages, conditions and ties to
the plan, its waves, and the rule that protects collected answers.

Once a survey has a response, only changes that keep earlier answers meaningful are
allowed: adding questions, fixing texts, tying questions to themes and indicators. A
change of type, code, scale or option values, or removing an answered question, is
refused with `NeedsNewVersion`; `new_version` copies the survey to make it there.

Every change is kept in the evaluation's history (part "surveys").
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises.evaluations.models import Change, Evaluation, PlanIndicator
from vises.multilingual import pick

from . import answers
from .models import Question, Response, Section, Survey, Wave

LANGUAGES = [code for code, _name in settings.LANGUAGES]
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_RULES = 3

OPERATOR_LABELS = {
    "equals": gettext_lazy("is"),
    "not_equals": gettext_lazy("is not"),
    "one_of": gettext_lazy("is one of"),
    "contains": gettext_lazy("includes"),
    "answered": gettext_lazy("is answered"),
    "not_answered": gettext_lazy("is not answered"),
    "greater_than": gettext_lazy("is more than"),
    "less_than": gettext_lazy("is less than"),
    "at_least": gettext_lazy("is at least"),
    "at_most": gettext_lazy("is at most"),
}
VALUELESS_OPERATORS = {"answered", "not_answered"}
NUMBER_KINDS = {"number", "rating_0_10", "scale"}
CHOICE_KINDS = {"single_choice", "multiple_choice", "scale"}
# The framework's bank answer types, as survey question types.
BANK_TYPES = {
    "short_text": ("short_text", {}),
    "long_text": ("long_text", {}),
    "integer": ("number", {"integer_only": True}),
    "number": ("number", {}),
    "yes_no": ("single_choice", {}),
    "rating_0_10": ("rating_0_10", {}),
    "date": ("date", {}),
}


class Refused(ValueError):
    """A change the builder does not make; the message says why, in the reader's language."""


class NeedsNewVersion(Refused):
    """A change that would make the answers already collected meaningless."""


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


# Reading -------------------------------------------------------------------------------


def ordered_questions(survey: Survey) -> list[Question]:
    """The survey's questions in the order respondents meet them."""
    return list(
        survey.questions.select_related("section")
        .prefetch_related("indicators")
        .order_by("section__position", "section_id", "position", "id")
    )


def has_answers(survey: Survey) -> bool:
    return Response.objects.filter(wave__survey=survey).exists()


def question_has_answers(question: Question) -> bool:
    return Response.objects.filter(
        wave__survey_id=question.survey_id, answers__has_key=question.code
    ).exists()


def _texts_missing(texts: dict | None, languages: list[str], needed: bool) -> list[str]:
    """The offered languages a text lacks; an optional text is only missing somewhere once
    it is written in another language."""
    texts = texts or {}
    if not needed and not any((texts.get(code) or "").strip() for code in languages):
        return []
    return [code for code in languages if not (texts.get(code) or "").strip()]


def question_missing_languages(question: Question, languages: list[str]) -> list[str]:
    """Offered languages in which some text of the question (its wording, help or an
    option's label) is not written."""
    missing = set(_texts_missing(question.text, languages, True))
    missing |= set(_texts_missing(question.help, languages, False))
    for option in question.options or []:
        missing |= set(_texts_missing(option.get("label"), languages, True))
    return [code for code in languages if code in missing]


def missing_texts(survey: Survey, questions: list[Question] | None = None) -> dict[str, list]:
    """Every text missing in each offered language, named as the builder shows it."""
    languages = survey.languages
    questions = ordered_questions(survey) if questions is None else questions
    missing = {code: [] for code in languages}

    def note(texts, what, needed=False):
        for code in _texts_missing(texts, languages, needed):
            missing[code].append(what)

    note(survey.title, _("Title of the survey"), needed=True)
    note(survey.intro, _("Introduction"))
    note(survey.consent, _("Consent"))
    note(survey.thanks, _("Thank-you message"))
    for number, section in enumerate(survey.sections.all(), start=1):
        note(section.title, _("Title of section %(number)s") % {"number": number})
    for number, question in enumerate(questions, start=1):
        name = _("Question %(number)s (%(code)s)") % {"number": number, "code": question.code}
        note(question.text, name, needed=True)
        note(question.help, _("Help of question %(number)s") % {"number": number})
        for option in question.options or []:
            label = pick(option.get("label")).text or str(option.get("value"))
            note(
                option.get("label"),
                _("Option “%(option)s” of question %(number)s")
                % {"option": label, "number": number},
                needed=True,
            )
    return {code: items for code, items in missing.items() if items}


# Respondent pages say "vous" and "u" (docs/terms.md); these words are the other form.
OTHER_ADDRESS_FORM = {
    "fr": re.compile(r"\b(tu|toi|ton|ta|tes|t'|te)\b", re.IGNORECASE),
    "nl": re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE),
}


def other_address_form(survey: Survey, questions: list[Question] | None = None) -> list[dict]:
    """The survey's texts that address the respondent otherwise than its pages do ("je"
    beside "u", "tu" beside "vous"): {"language", "what", "word"} for each, in the order
    the builder shows them. A hint for the team, never a refusal."""
    questions = ordered_questions(survey) if questions is None else questions
    found = []

    def check(texts, what):
        for language, pattern in OTHER_ADDRESS_FORM.items():
            text = (texts or {}).get(language) or ""
            if language in survey.languages and (match := pattern.search(text)):
                found.append({"language": language, "what": what, "word": match.group(0)})

    check(survey.title, _("Title of the survey"))
    check(survey.intro, _("Introduction"))
    check(survey.consent, _("Consent"))
    check(survey.thanks, _("Thank-you message"))
    for number, section in enumerate(survey.sections.all(), start=1):
        check(section.title, _("Title of section %(number)s") % {"number": number})
    for number, question in enumerate(questions, start=1):
        check(
            question.text,
            _("Question %(number)s (%(code)s)") % {"number": number, "code": question.code},
        )
        check(question.help, _("Help of question %(number)s") % {"number": number})
    return found


def bank_items(evaluation: Evaluation, stakeholder_type: str, query: str = "") -> list[dict]:
    """The framework's question-bank items for a stakeholder type (all items when the survey
    names none) whose text in the reader's language holds every word of the query."""
    document = evaluation.framework_version.document
    scales = {scale["code"]: scale for scale in document.get("answer_scales", [])}
    words = _folded(query).split()
    items = []
    for item in document.get("question_bank", {}).get("items", []):
        if stakeholder_type and stakeholder_type not in item.get("stakeholder_types", []):
            continue
        text = pick(item["text"]).text
        if not all(word in _folded(f"{text} {item['code']}") for word in words):
            continue
        scale = scales.get(item.get("answer_scale", ""))
        items.append(
            {
                "code": item["code"],
                "text": text,
                "answer": pick(scale["name"]).text
                if scale
                else str(_bank_type_label(item.get("answer_type", ""))),
                "themes": item.get("themes", []),
            }
        )
    return items


def _bank_type_label(answer_type: str):
    kind, extra = BANK_TYPES.get(answer_type, ("short_text", {}))
    if answer_type == "yes_no":
        return _("Yes or no")
    if extra.get("integer_only"):
        return _("Whole number")
    return Question.Kind(kind).label


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def scale_choices(evaluation: Evaluation) -> list[tuple[str, str]]:
    return [
        (scale["code"], pick(scale["name"]).text)
        for scale in evaluation.framework_version.document.get("answer_scales", [])
    ]


def scale_options(evaluation: Evaluation, code: str) -> list[dict]:
    """A framework answer scale's options, with their numbers and multilingual labels."""
    for scale in evaluation.framework_version.document.get("answer_scales", []):
        if scale["code"] == code:
            return [{"value": o["value"], "label": dict(o["label"])} for o in scale["options"]]
    raise Refused(_("The framework has no answer scale “%(code)s”.") % {"code": code})


def theme_choices(evaluation: Evaluation) -> list:
    schema = evaluation.framework_version.document["schema"]
    return [
        (
            pick(dimension["name"]).text,
            [(theme["code"], pick(theme["name"]).text) for theme in dimension["themes"]],
        )
        for dimension in schema["dimensions"]
    ]


def plan_indicators(evaluation: Evaluation):
    """The indicators of the evaluation's collection plan a question may feed."""
    return PlanIndicator.objects.filter(plan_row__evaluation=evaluation).select_related(
        "plan_row__question"
    )


def indicator_name(indicator: PlanIndicator, document: dict) -> str:
    for spec in document.get("indicators", []):
        if spec["code"] == indicator.code:
            return pick(spec["name"]).text
    return indicator.name or indicator.code


# Codes ---------------------------------------------------------------------------------


def code_from(text: str, taken, fallback: str = "question") -> str:
    """A code (lower-case letters, digits, underscores, starting with a letter) made from a
    text, not among `taken`."""
    base = slugify(text or "").replace("-", "_")[:40].strip("_")
    if not base or not base[0].isalpha():
        base = f"{fallback}_{base}".strip("_") if base else fallback
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def check_code(survey: Survey, code: str, question: Question | None = None) -> None:
    if not CODE_PATTERN.match(code or "") or len(code) > 60:
        raise Refused(
            _(
                "A code is made of lower-case letters, digits and underscores, and starts with "
                "a letter, such as works_now."
            )
        )
    others = survey.questions.exclude(pk=question.pk) if question and question.pk else None
    if (others if others is not None else survey.questions).filter(code=code).exists():
        raise Refused(
            _("Another question of this survey has the code “%(code)s”.") % {"code": code}
        )


def parse_options(text: str, languages: list[str], previous: list[dict] | None = None) -> list:
    """Options from one line each, labels in the offered languages separated by "|".

    A line may start with its value in square brackets, as the builder shows existing
    options: "[yes] Oui | Ja". A line without one gets a value made from its first label,
    kept from then on."""
    previous_values = {str(option["value"]) for option in previous or []}
    options, taken = [], set(previous_values)
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value = ""
        match = re.match(r"^\[([^\]]*)\]\s*(.*)$", line)
        if match:
            value, line = match.group(1).strip(), match.group(2)
        labels = [label.strip() for label in line.split("|")]
        label = {
            code: labels[index]
            for index, code in enumerate(languages)
            if index < len(labels) and labels[index]
        }
        if not label:
            raise Refused(_("Each option needs a label: “%(line)s”.") % {"line": line})
        if value:
            if not CODE_PATTERN.match(value):
                raise Refused(
                    _(
                        "“%(value)s” cannot be an option's value: use lower-case letters, digits "
                        "and underscores."
                    )
                    % {"value": value}
                )
            if value in {str(o["value"]) for o in options}:
                raise Refused(_("Two options have the value “%(value)s”.") % {"value": value})
        else:
            value = code_from(next(iter(label.values())), taken, fallback="option")
        taken.add(value)
        options.append({"value": value, "label": label})
    return options


def options_text(options: list[dict], languages: list[str]) -> str:
    """Options as the builder's text box shows them: "[value] label | label"."""
    return "\n".join(
        f"[{option['value']}] "
        + " | ".join((option.get("label") or {}).get(code, "") for code in languages).rstrip(" |")
        for option in options
    )


# History -------------------------------------------------------------------------------


def _title(survey: Survey) -> dict:
    return {**survey.title, "version": survey.version} if survey.version > 1 else survey.title


def survey_snapshot(survey: Survey) -> dict:
    return {
        "survey": _title(survey),
        "stakeholder_type": survey.stakeholder_type,
        "languages": list(survey.languages),
        "intro": survey.intro,
        "consent": survey.consent,
        "thanks": survey.thanks,
        "link_waves": survey.link_waves,
        "public_link_open": survey.public_link_open,
        "quota": survey.quota,
    }


def section_snapshot(section: Section) -> dict:
    return {"survey": _title(section.survey), "section": section.title}


def question_snapshot(question: Question) -> dict:
    return {
        "survey": _title(question.survey),
        "code": question.code,
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "options": [option.get("label", {}) for option in question.options or []],
        "allow_other": question.allow_other,
        "scale": question.scale,
        "minimum": None if question.minimum is None else format(question.minimum.normalize(), "f"),
        "maximum": None if question.maximum is None else format(question.maximum.normalize(), "f"),
        "integer_only": question.integer_only,
        "themes": list(question.themes),
        "indicators": sorted(str(i) for i in question.indicators.all()) if question.pk else [],
        "condition": question.condition or {},
        "section": question.section.title,
    }


def wave_snapshot(wave: Wave) -> dict:
    return {
        "survey": _title(wave.survey),
        "wave": wave.label,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat(),
    }


def _record(survey: Survey, before, after, user) -> None:
    Change.record(survey.evaluation_id, "surveys", before, after, user)


SNAPSHOT_LABELS = {
    "survey": gettext_lazy("survey"),
    "stakeholder_type": gettext_lazy("stakeholders asked"),
    "languages": gettext_lazy("languages"),
    "intro": gettext_lazy("introduction"),
    "consent": gettext_lazy("consent"),
    "thanks": gettext_lazy("thank-you message"),
    "link_waves": gettext_lazy("link the waves of one respondent"),
    "public_link_open": gettext_lazy("public link open"),
    "quota": gettext_lazy("response quota"),
    "section": gettext_lazy("section"),
    "code": gettext_lazy("code"),
    "kind": gettext_lazy("type of answer"),
    "text": gettext_lazy("question"),
    "help": gettext_lazy("help text"),
    "required": gettext_lazy("required"),
    "options": gettext_lazy("options"),
    "allow_other": gettext_lazy("offer “other, specify”"),
    "scale": gettext_lazy("answer scale"),
    "minimum": gettext_lazy("minimum"),
    "maximum": gettext_lazy("maximum"),
    "integer_only": gettext_lazy("whole numbers only"),
    "themes": gettext_lazy("themes"),
    "indicators": gettext_lazy("indicators"),
    "condition": gettext_lazy("shown if"),
    "position": gettext_lazy("place in the survey"),
    "wave": gettext_lazy("wave"),
    "opens_on": gettext_lazy("opens on"),
    "closes_on": gettext_lazy("closes on"),
}


def readable(evaluation: Evaluation, content: dict) -> list[tuple[str, str]]:
    """(label, value) rows of a survey snapshot in the reader's language, for the history."""
    from vises.frameworks import browse

    document = evaluation.framework_version.document
    names = {
        "kind": dict(Question.Kind.choices),
        "themes": {code: pick(t["name"]).text for code, t in browse.themes(document).items()},
        "stakeholder_type": {
            t["code"]: pick(t["name"]).text for t in document.get("stakeholder_types", [])
        },
        "languages": language_names(),
        "scale": dict(scale_choices(evaluation)),
    }
    rows = []
    for key, value in content.items():
        label = str(SNAPSHOT_LABELS.get(key, key)).capitalize()
        rows.append((label, _shown(key, value, names.get(key, {}))))
    return rows


def _shown(key: str, value, names: dict) -> str:
    if key == "survey" and isinstance(value, dict):
        title = pick({k: v for k, v in value.items() if k != "version"}).text
        if "version" in value:
            return _("%(title)s (version %(version)s)") % {
                "title": title,
                "version": value["version"],
            }
        return title or "–"
    if key == "condition":
        return describe_condition(value, {}) or "–"
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return pick(value).text or "–"
    if isinstance(value, list):
        return ", ".join(
            pick(item).text if isinstance(item, dict) else str(names.get(item, item))
            for item in value
        )
    return str(names.get(value, value))


# Surveys -------------------------------------------------------------------------------


@transaction.atomic
def create_survey(
    evaluation: Evaluation, user, *, title: dict, languages: list[str], stakeholder_type: str = ""
) -> Survey:
    """A new survey with one empty section, ready for questions."""
    if not languages:
        raise Refused(_("Offer the survey in at least one language."))
    survey = Survey.objects.create(
        evaluation=evaluation,
        title=title,
        languages=[code for code in LANGUAGES if code in languages],
        stakeholder_type=stakeholder_type,
        created_by=user,
    )
    Section.objects.create(survey=survey, position=0)
    _record(survey, None, survey_snapshot(survey), user)
    return survey


SETTINGS_FIELDS = [
    "title",
    "languages",
    "intro",
    "consent",
    "thanks",
    "link_waves",
    "public_link_open",
    "quota",
]


@transaction.atomic
def update_settings(survey: Survey, user, **values) -> Survey:
    before = survey_snapshot(survey)
    if "languages" in values:
        if not values["languages"]:
            raise Refused(_("Offer the survey in at least one language."))
        values["languages"] = [code for code in LANGUAGES if code in values["languages"]]
    for field, value in values.items():
        if field not in SETTINGS_FIELDS:
            raise ValueError(field)
        setattr(survey, field, value)
    survey.save()
    _record(survey, before, survey_snapshot(survey), user)
    return survey


@transaction.atomic
def new_version(survey: Survey, user) -> Survey:
    """A copy of the survey to change freely: the same sections, questions, texts,
    conditions and indicators, without its waves and responses, its public link closed."""
    copy = Survey.objects.create(
        evaluation=survey.evaluation,
        title=dict(survey.title),
        stakeholder_type=survey.stakeholder_type,
        languages=list(survey.languages),
        intro=dict(survey.intro),
        consent=dict(survey.consent),
        thanks=dict(survey.thanks),
        link_waves=survey.link_waves,
        public_link_open=False,
        quota=survey.quota,
        version=survey.version + 1,
        based_on=survey,
        created_by=user,
    )
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            survey=copy, title=dict(section.title), position=section.position
        )
    for question in ordered_questions(survey):
        indicators = list(question.indicators.all())
        question_copy = Question.objects.create(
            survey=copy,
            section=sections[question.section_id],
            position=question.position,
            code=question.code,
            kind=question.kind,
            text=dict(question.text),
            help=dict(question.help),
            required=question.required,
            options=[dict(option) for option in question.options],
            allow_other=question.allow_other,
            scale=question.scale,
            minimum=question.minimum,
            maximum=question.maximum,
            integer_only=question.integer_only,
            bank_code=question.bank_code,
            themes=list(question.themes),
            condition=dict(question.condition),
        )
        question_copy.indicators.set(indicators)
    _record(copy, None, survey_snapshot(copy), user)
    return copy


# Sections ------------------------------------------------------------------------------


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def add_section(survey: Survey, user, title: dict) -> Section:
    last = survey.sections.aggregate(last=Max("position"))["last"]
    section = Section.objects.create(
        survey=survey, title=title, position=0 if last is None else last + 1
    )
    _record(survey, None, section_snapshot(section), user)
    return section


@transaction.atomic
def rename_section(section: Section, user, title: dict) -> Section:
    before = section_snapshot(section)
    section.title = title
    section.save(update_fields=["title"])
    _record(section.survey, before, section_snapshot(section), user)
    return section


@transaction.atomic
def remove_section(section: Section, user) -> None:
    survey = section.survey
    if section.questions.exists():
        raise Refused(_("Move or remove the questions of this section first."))
    if survey.sections.count() == 1:
        raise Refused(_("A survey keeps at least one section."))
    _record(survey, section_snapshot(section), None, user)
    section.delete()
    _renumber(list(survey.sections.all()))


@transaction.atomic
def move_section(section: Section, user, direction: str) -> Section:
    """Move a section, with its questions, one page earlier or later. Refused when a
    condition would then use a later question."""
    survey = section.survey
    sections = list(survey.sections.order_by("position", "id"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        return section
    sections[index], sections[other] = sections[other], sections[index]
    _renumber(sections)
    _check_conditions(survey)
    _record(
        survey,
        {**section_snapshot(section), "position": index + 1},
        {**section_snapshot(section), "position": other + 1},
        user,
    )
    return section


# Questions -----------------------------------------------------------------------------

QUESTION_FIELDS = [
    "code",
    "kind",
    "text",
    "help",
    "required",
    "options",
    "allow_other",
    "scale",
    "minimum",
    "maximum",
    "integer_only",
    "themes",
]


def _normalise(question: Question, evaluation: Evaluation) -> None:
    """Keep only what the question's type uses, and check it is complete."""
    kind = question.kind
    if kind not in Question.Kind.values:
        raise Refused(_("Choose a type of answer."))
    if kind == "scale":
        if not question.scale:
            raise Refused(_("Choose the answer scale."))
        question.options = scale_options(evaluation, question.scale)
    else:
        question.scale = ""
    if kind in ("single_choice", "multiple_choice"):
        if len(question.options) < 2:
            raise Refused(_("Give at least two options, one a line."))
    elif kind != "scale":
        question.options = []
    if kind not in ("single_choice", "multiple_choice"):
        question.allow_other = False
    if kind == "number":
        if (
            question.minimum is not None
            and question.maximum is not None
            and question.maximum < question.minimum
        ):
            raise Refused(_("The maximum is below the minimum."))
    else:
        question.minimum = question.maximum = None
        question.integer_only = False
    if not any((text or "").strip() for text in question.text.values()):
        raise Refused(_("Write the question in at least one language."))


def _check_conditions(survey: Survey) -> None:
    """Every condition uses earlier questions only (after a move, for instance)."""
    seen = set()
    for question in ordered_questions(survey):
        for rule in (question.condition or {}).get("rules") or []:
            if rule.get("question") not in seen:
                raise Refused(
                    _(
                        "Question “%(code)s” would come before the question its condition "
                        "uses (“%(used)s”): change that condition first."
                    )
                    % {"code": question.code, "used": rule.get("question")}
                )
        seen.add(question.code)


@transaction.atomic
def add_question(section: Section, user, indicators=(), **fields) -> Question:
    """A question written by the team, at the end of the section."""
    survey = section.survey
    taken = set(survey.questions.values_list("code", flat=True))
    if not fields.get("code"):
        texts = fields.get("text") or {}
        first = next((texts[c] for c in survey.languages if texts.get(c)), pick(texts).text)
        fields["code"] = code_from(first, taken)
    question = Question(survey=survey, section=section, **fields)
    check_code(survey, question.code)
    _normalise(question, survey.evaluation)
    last = section.questions.aggregate(last=Max("position"))["last"]
    question.position = 0 if last is None else last + 1
    question.save()
    question.indicators.set(indicators)
    _record(survey, None, question_snapshot(question), user)
    return question


def locked_changes(question: Question, values: dict) -> list[str]:
    """What in `values` would change the meaning of the question's answers: its type,
    code, scale, or the values of its options (options may be added or relabelled)."""
    changes = []
    if values.get("kind", question.kind) != question.kind:
        changes.append(_("its type"))
    if values.get("code", question.code) != question.code:
        changes.append(_("its code"))
    if values.get("scale", question.scale) != question.scale:
        changes.append(_("its scale"))
    if "options" in values and question.kind in ("single_choice", "multiple_choice"):
        kept = {str(option["value"]) for option in values["options"]}
        if not {str(option["value"]) for option in question.options} <= kept:
            changes.append(_("the values of its options"))
    if question.allow_other and values.get("allow_other") is False:
        changes.append(_("its “other, specify” option"))
    return changes


@transaction.atomic
def update_question(question: Question, user, indicators=None, **values) -> Question:
    """Change a question. Once the survey has answers, a change of type, code, scale or
    option values is refused with NeedsNewVersion."""
    survey = question.survey
    before = question_snapshot(question)
    if has_answers(survey):
        changes = locked_changes(question, values)
        if changes:
            raise NeedsNewVersion(
                _(
                    "This survey already has answers: changing %(changes)s would make them "
                    "meaningless. Create a new version of the survey to make this change."
                )
                % {"changes": _(", ").join(changes)}
            )
    old_code = question.code
    for field, value in values.items():
        if field not in QUESTION_FIELDS:
            raise ValueError(field)
        setattr(question, field, value)
    check_code(survey, question.code, question)
    _normalise(question, survey.evaluation)
    question.save()
    if old_code != question.code:
        _rename_in_conditions(survey, old_code, question.code)
    if indicators is not None:
        question.indicators.set(indicators)
    _record(survey, before, question_snapshot(question), user)
    return question


def _rename_in_conditions(survey: Survey, old: str, new: str) -> None:
    for other in survey.questions.exclude(condition={}):
        rules = (other.condition or {}).get("rules") or []
        if any(rule.get("question") == old for rule in rules):
            for rule in rules:
                if rule.get("question") == old:
                    rule["question"] = new
            other.save(update_fields=["condition"])


@transaction.atomic
def remove_question(question: Question, user) -> None:
    survey = question.survey
    if question_has_answers(question):
        raise NeedsNewVersion(
            _(
                "Question “%(code)s” already has answers: removing it would lose them. Create a "
                "new version of the survey to leave it out."
            )
            % {"code": question.code}
        )
    users = [
        other.code
        for other in survey.questions.exclude(pk=question.pk)
        if any(r.get("question") == question.code for r in (other.condition or {}).get("rules", []))
    ]
    if users:
        raise Refused(
            _("The condition of %(codes)s uses this question: change it first.")
            % {"codes": ", ".join(users)}
        )
    _record(survey, question_snapshot(question), None, user)
    section = question.section
    question.delete()
    _renumber(list(section.questions.order_by("position", "id")))


@transaction.atomic
def add_from_bank(section: Section, user, code: str) -> Question:
    """A question-bank item of the framework, with its code, texts in every language,
    themes and its answer scale or type, so its results compare across enterprises."""
    survey = section.survey
    document = survey.evaluation.framework_version.document
    item = next(
        (i for i in document.get("question_bank", {}).get("items", []) if i["code"] == code), None
    )
    if item is None:
        raise Refused(_("The framework's question bank has no item “%(code)s”.") % {"code": code})
    if survey.questions.filter(code=code).exists():
        raise Refused(_("“%(code)s” is already in this survey.") % {"code": code})
    fields = {"options": [], "scale": ""}
    if item.get("answer_scale"):
        fields.update(kind="scale", scale=item["answer_scale"])
    else:
        kind, extra = BANK_TYPES.get(item.get("answer_type", ""), ("short_text", {}))
        fields.update(kind=kind, **extra)
        if item.get("answer_type") == "yes_no":
            fields["options"] = yes_no_options()
    question = Question(
        survey=survey,
        section=section,
        code=code,
        bank_code=code,
        text=dict(item["text"]),
        themes=list(item.get("themes", [])),
        **fields,
    )
    _normalise(question, survey.evaluation)
    last = section.questions.aggregate(last=Max("position"))["last"]
    question.position = 0 if last is None else last + 1
    question.save()
    _record(survey, None, question_snapshot(question), user)
    return question


def yes_no_options() -> list[dict]:
    options = []
    for value, word in (("yes", "Yes"), ("no", "No")):
        label = {}
        for code in LANGUAGES:
            with translation.override(code):
                label[code] = _(word)
        options.append({"value": value, "label": label})
    return options


@transaction.atomic
def move_question(question: Question, user, direction: str = "", section: Section | None = None):
    """Move a question one place up or down in its section, or to the end of another
    section. Refused when a condition would then use a later question."""
    survey = question.survey
    before = {**question_snapshot(question), "position": _position_of(question)}
    if section is not None and section.pk != question.section_id:
        old_section = question.section
        last = section.questions.aggregate(last=Max("position"))["last"]
        question.section = section
        question.position = 0 if last is None else last + 1
        question.save(update_fields=["section", "position"])
        _renumber(list(old_section.questions.order_by("position", "id")))
    elif direction in ("up", "down"):
        siblings = list(question.section.questions.order_by("position", "id"))
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return question
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)
    else:
        return question
    _check_conditions(survey)
    question.refresh_from_db()
    _record(
        survey, before, {**question_snapshot(question), "position": _position_of(question)}, user
    )
    return question


def _position_of(question: Question) -> int:
    codes = [q.code for q in ordered_questions(question.survey)]
    return codes.index(question.code) + 1


# Conditions ----------------------------------------------------------------------------


def questions_before(question: Question) -> list[Question]:
    earlier = []
    for other in ordered_questions(question.survey):
        if other.pk == question.pk:
            break
        earlier.append(other)
    return earlier


def _rule_value(target: Question, operator: str, raw):
    """The value a rule compares with, from what the builder typed: option values or
    labels for choices, numbers for numeric questions."""
    if operator in VALUELESS_OPERATORS:
        return None
    texts = raw if isinstance(raw, list) else str(raw or "").split(",")
    texts = [str(t).strip() for t in texts if str(t).strip()]
    if not texts:
        raise Refused(_("Give the answer the condition compares with."))
    if operator != "one_of" and len(texts) > 1:
        texts = [", ".join(texts)] if target.kind not in CHOICE_KINDS else texts
        if len(texts) > 1:
            raise Refused(_("Give one answer, or use “is one of”."))
    if operator in answers.NUMBER_OPERATORS and target.kind not in NUMBER_KINDS:
        raise Refused(
            _("“%(operator)s” compares numbers: question “%(code)s” does not take a number.")
            % {"operator": OPERATOR_LABELS[operator], "code": target.code}
        )
    if operator == "contains" and target.kind != "multiple_choice":
        raise Refused(_("“includes” is for multiple-choice questions; use “is” instead."))
    if target.kind in CHOICE_KINDS:
        by_label = {}
        for option in target.options:
            for label in (option.get("label") or {}).values():
                by_label[_folded(label)] = str(option["value"])
            by_label[_folded(str(option["value"]))] = str(option["value"])
        if target.allow_other:
            by_label[_folded(answers.OTHER)] = answers.OTHER
        values = []
        for text in texts:
            value = by_label.get(_folded(text))
            if value is None:
                raise Refused(
                    _("“%(value)s” is not an option of question “%(code)s”.")
                    % {"value": text, "code": target.code}
                )
            values.append(int(value) if target.kind == "scale" else value)
        texts = values
    elif operator in answers.NUMBER_OPERATORS or target.kind in NUMBER_KINDS:
        numbers = [answers._as_number(str(t).replace(",", ".")) for t in texts]
        if any(n is None for n in numbers):
            raise Refused(_("Compare the answer with a number, such as 3."))
        texts = [int(n) if n == n.to_integral_value() else float(n) for n in numbers]
    return texts if operator == "one_of" else texts[0]


def check_condition(question: Question, combine: str, rules: list[dict]) -> dict:
    """A condition ready to store, on questions that come before this one; raises Refused
    saying what is wrong."""
    rules = [rule for rule in rules if rule.get("question")]
    if not rules:
        return {}
    if len(rules) > MAX_RULES:
        raise Refused(_("A condition has at most %(count)s rules.") % {"count": MAX_RULES})
    if combine not in ("all", "any"):
        raise Refused(_("Say whether all rules or any of them must hold."))
    earlier = {other.code: other for other in questions_before(question)}
    codes = set(question.survey.questions.values_list("code", flat=True))
    stored = []
    for rule in rules:
        code, operator = rule.get("question"), rule.get("op")
        if code == question.code:
            raise Refused(_("A question cannot be shown depending on its own answer."))
        if code not in earlier:
            if code in codes:
                raise Refused(
                    _(
                        "Question “%(code)s” comes after this one: a condition can only use "
                        "questions asked before."
                    )
                    % {"code": code}
                )
            raise Refused(_("This survey has no question “%(code)s”.") % {"code": code})
        if operator not in answers.OPERATORS:
            raise Refused(_("Choose how the answer is compared."))
        value = _rule_value(earlier[code], operator, rule.get("value"))
        stored.append(
            {"question": code, "op": operator}
            if operator in VALUELESS_OPERATORS
            else {"question": code, "op": operator, "value": value}
        )
    return {"combine": combine, "rules": stored}


@transaction.atomic
def set_condition(question: Question, user, combine: str, rules: list[dict]) -> Question:
    before = question_snapshot(question)
    question.condition = check_condition(question, combine, rules)
    question.save(update_fields=["condition"])
    _record(question.survey, before, question_snapshot(question), user)
    return question


def _value_text(target: Question | None, value, language: str | None = None) -> str:
    labels = {}
    if target is not None:
        labels = {str(o["value"]): pick(o.get("label"), language).text for o in target.options}
        if target.allow_other:
            with translation.override(language or translation.get_language()):
                labels[answers.OTHER] = _("Other")
    values = value if isinstance(value, list) else [value]
    with translation.override(language or translation.get_language()):
        # Translators: an answer quoted in a condition, with your language's quotation marks.
        quoted = [_("“%(answer)s”") % {"answer": labels.get(str(v), v)} for v in values]
    return ", ".join(quoted)


def describe_condition(condition: dict, questions: dict, numbers: dict | None = None) -> str:
    """A show-if condition as the builder reads it: "question 3 (works) is “Yes” and ..."."""
    rules = (condition or {}).get("rules") or []
    numbers = numbers or {}
    parts = []
    for rule in rules:
        code = rule.get("question")
        target = questions.get(code)
        name = (
            _("question %(number)s (%(code)s)") % {"number": numbers[code], "code": code}
            if code in numbers
            else code
        )
        operator = str(OPERATOR_LABELS.get(rule.get("op"), rule.get("op")))
        if rule.get("op") in VALUELESS_OPERATORS:
            parts.append(f"{name} {operator}")
        else:
            parts.append(f"{name} {operator} {_value_text(target, rule.get('value'))}")
    joiner = _(" or ") if (condition or {}).get("combine") == "any" else _(" and ")
    return joiner.join(parts)


def paper_instruction(condition: dict, questions: dict, numbers: dict, language: str) -> str:
    """A show-if condition as a paper respondent reads it, in `language`: "Answer only if
    you answered “Yes” to question 3."."""
    rules = (condition or {}).get("rules") or []
    if not rules:
        return ""
    with translation.override(language):
        parts = []
        for rule in rules:
            code, operator = rule.get("question"), rule.get("op")
            values = {
                "number": numbers.get(code, code),
                "value": _value_text(questions.get(code), rule.get("value"), language),
            }
            # Translators: each of these completes "Answer only if %(conditions)s."; several
            # are joined by " and " or " or ", so each must be a whole clause on its own.
            templates = {
                "equals": _("you answered %(value)s to question %(number)s"),
                "not_equals": _("you did not answer %(value)s to question %(number)s"),
                "one_of": _("you answered one of %(value)s to question %(number)s"),
                "contains": _("you ticked %(value)s at question %(number)s"),
                "answered": _("you answered question %(number)s"),
                "not_answered": _("you left question %(number)s blank"),
                "greater_than": _("your answer to question %(number)s is more than %(value)s"),
                "less_than": _("your answer to question %(number)s is less than %(value)s"),
                "at_least": _("your answer to question %(number)s is at least %(value)s"),
                "at_most": _("your answer to question %(number)s is at most %(value)s"),
            }
            parts.append(templates.get(operator, "") % values)
        joiner = _(" or ") if condition.get("combine") == "any" else _(" and ")
        # Translators: an instruction on the paper survey; %(conditions)s is one or more of
        # the clauses above ("you answered “Yes” to question 3").
        return _("Answer only if %(conditions)s.") % {"conditions": joiner.join(parts)}


# Waves ---------------------------------------------------------------------------------


@transaction.atomic
def save_wave(wave: Wave, user, before: dict | None = None) -> Wave:
    if wave.closes_on < wave.opens_on:
        raise Refused(_("The wave closes before it opens."))
    wave.save()
    _record(wave.survey, before, wave_snapshot(wave), user)
    return wave


@transaction.atomic
def remove_wave(wave: Wave, user) -> None:
    if wave.responses.exists():
        raise Refused(
            _("The wave “%(label)s” has responses: it cannot be removed.") % {"label": wave.label}
        )
    _record(wave.survey, wave_snapshot(wave), None, user)
    wave.delete()


# Opening and closing -------------------------------------------------------------------

# How long the first wave, made when a survey opens without one, takes answers.
FIRST_WAVE_WEEKS = 8


@transaction.atomic
def open_survey(survey: Survey, user, today: datetime.date) -> Wave | None:
    """Let respondents answer through the survey's public link. A survey without a wave
    gets its first one, from `today` for `FIRST_WAVE_WEEKS` weeks; the wave made, if any,
    is returned. Each change goes to the history."""
    if not survey.questions.exists():
        raise Refused(_("Add at least one question before opening the survey."))
    made = None
    if not survey.waves.exists():
        made = save_wave(
            Wave(
                survey=survey,
                label=_("Wave 1"),
                opens_on=today,
                closes_on=today + datetime.timedelta(weeks=FIRST_WAVE_WEEKS),
            ),
            user,
        )
    if not survey.public_link_open:
        update_settings(survey, user, public_link_open=True)
    return made


@transaction.atomic
def close_survey(survey: Survey, user) -> None:
    """Stop the public link taking answers; waves, codes and answers stay as they are."""
    if survey.public_link_open:
        update_settings(survey, user, public_link_open=False)


# Paper ---------------------------------------------------------------------------------


def _plain(number) -> str:
    return "" if number is None else format(number.normalize(), "f")


def paper(survey: Survey, language: str) -> dict:
    """What the paper version prints, in `language`: every section and question in order,
    numbered, with their options and the conditions written as instructions."""
    questions = ordered_questions(survey)
    by_code = {question.code: question for question in questions}
    numbers = {question.code: number for number, question in enumerate(questions, start=1)}
    sections = []
    for section in survey.sections.all():
        items = []
        for question in (q for q in questions if q.section_id == section.pk):
            items.append(
                {
                    "question": question,
                    "number": numbers[question.code],
                    "text": pick(question.text, language).text,
                    "help": pick(question.help, language).text,
                    "options": [
                        pick(option.get("label"), language).text or str(option["value"])
                        for option in question.options
                    ],
                    "instruction": paper_instruction(
                        question.condition, by_code, numbers, language
                    ),
                    "minimum": _plain(question.minimum),
                    "maximum": _plain(question.maximum),
                }
            )
        sections.append({"title": pick(section.title, language).text, "questions": items})
    return {
        "survey": survey,
        "enterprise": survey.evaluation.enterprise,
        "language": language,
        "languages": [(code, language_names()[code]) for code in survey.languages],
        "title": pick(survey.title, language).text,
        "intro": pick(survey.intro, language).text,
        "consent": pick(survey.consent, language).text,
        "thanks": pick(survey.thanks, language).text,
        "sections": sections,
        # The star beside a required question is explained once, above the questions.
        "has_required": any(question.required for question in questions),
        "ratings": range(11),
    }
