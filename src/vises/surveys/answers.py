"""The rules a response must follow: which questions show given earlier answers, and what
each type of question accepts. Plain functions on questions and answers, used by the
respondent pages, paper entry and imports alike, so that every stored response obeys
the same rules.

Answers are a flat map from question code to value: a choice's value (text), a list of
them, a whole number for scales and ratings, a number, a text, or an ISO date (typed as
day/month/year, or sent as ISO by a browser's date field). "Other,
specify" stores its text under `<code>.other`.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

from vises import safe_input

OTHER = "_other"
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000

CHOICE_KINDS = {"single_choice", "multiple_choice", "scale"}
NUMBER_OPERATORS = {
    "greater_than": lambda a, b: a > b,
    "less_than": lambda a, b: a < b,
    "at_least": lambda a, b: a >= b,
    "at_most": lambda a, b: a <= b,
}
OPERATORS = {"equals", "not_equals", "one_of", "contains", "answered", "not_answered"} | set(
    NUMBER_OPERATORS
)


class Refused(ValueError):
    """An answer a question cannot take; the message says why, in the reader's language."""


def other_key(code: str) -> str:
    return f"{code}.other"


def _answered(value) -> bool:
    return value not in (None, "", [])


def _as_number(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _rule_holds(rule: dict, answers: dict) -> bool:
    value = answers.get(rule.get("question"))
    operator, expected = rule.get("op"), rule.get("value")
    if operator == "answered":
        return _answered(value)
    if operator == "not_answered":
        return not _answered(value)
    if not _answered(value):
        return False
    if operator == "contains":
        return isinstance(value, list) and str(expected) in value
    if operator == "equals":
        return str(value) == str(expected)
    if operator == "not_equals":
        return str(value) != str(expected)
    if operator == "one_of":
        chosen = value if isinstance(value, list) else [value]
        return bool({str(v) for v in chosen} & {str(e) for e in expected or []})
    compare = NUMBER_OPERATORS.get(operator)
    left, right = _as_number(value), _as_number(expected)
    return bool(compare and left is not None and right is not None and compare(left, right))


def is_shown(question, answers: dict) -> bool:
    """Whether the question shows, given the answers to the questions before it."""
    rules = (question.condition or {}).get("rules") or []
    if not rules:
        return True
    results = (_rule_holds(rule, answers) for rule in rules)
    return any(results) if question.condition.get("combine") == "any" else all(results)


def _option_values(question) -> list[str]:
    return [str(option["value"]) for option in question.options]


def parse(question, raw: list[str], other_text: str = ""):
    """The stored value for what a form sent for one question (a list of strings, as
    `QueryDict.getlist` gives), None if unanswered; raises Refused."""
    texts = [safe_input.clean_text(text).strip() for text in raw if text is not None]
    texts = [text for text in texts if text]
    kind = question.kind
    if not texts:
        return None
    if kind == "multiple_choice":
        allowed = set(_option_values(question)) | ({OTHER} if question.allow_other else set())
        if not set(texts) <= allowed:
            raise Refused(_("Choose among the options shown."))
        chosen = [v for v in [*_option_values(question), OTHER] if v in texts]
        if OTHER in chosen and not other_text.strip():
            raise Refused(_("Say what the other answer is."))
        return chosen
    if len(texts) > 1:
        raise Refused(_("Give one answer only."))
    text = texts[0]
    if kind == "single_choice":
        allowed = set(_option_values(question)) | ({OTHER} if question.allow_other else set())
        if text not in allowed:
            raise Refused(_("Choose among the options shown."))
        if text == OTHER and not other_text.strip():
            raise Refused(_("Say what the other answer is."))
        return text
    if kind == "scale":
        if text not in _option_values(question):
            raise Refused(_("Choose among the options shown."))
        return int(text)
    if kind == "rating_0_10":
        if text not in {str(n) for n in range(11)}:
            raise Refused(_("Choose a number from 0 to 10."))
        return int(text)
    if kind == "number":
        return parse_number(question, text)
    if kind == "date":
        day = _parse_date(text)
        if day is None:
            raise Refused(_("Give a date as day/month/year, such as 31/03/2026."))
        return day.isoformat()
    limit = SHORT_TEXT_MAX if kind == "short_text" else LONG_TEXT_MAX
    if len(text) > limit:
        # Imported here: the sentences import this module's OTHER.
        from vises.analysis.sentences import count

        raise Refused(
            _("Keep it under %(limit)s characters (this is %(length)s).")
            % {"limit": count(limit), "length": count(len(text))}
        )
    return text


# Day first, as people write dates in France and Belgium and as the paper form asks.
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def _parse_date(text: str) -> datetime.date | None:
    """A date typed as day/month/year (31/03/2026, 31-3-2026, 31.03.2026), or the ISO date
    a browser's date field sends (2026-03-31); None if it is no real day."""
    try:
        if match := DAY_MONTH_YEAR.match(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def parse_number(question, text: str):
    """The answer to a number question for `text`, stripped of spaces; raises Refused."""
    try:
        number = safe_input.read_number(text)
    except safe_input.Refused as refusal:
        raise Refused(str(refusal)) from None
    return number_answer(question, number)


def number_text(number) -> str:
    """A question's bound as people write it, in the reader's language: "60" and "1,5" in
    French rather than the stored "60.0000" and "1.5000"."""
    number = Decimal(str(number))
    return formats.number_format(number, max(0, -number.normalize().as_tuple().exponent))


def number_answer(question, number: Decimal):
    """The answer to a number question for a number `read_number` accepts (an int, or a
    float with decimals); raises Refused when the question's rules refuse it."""
    if question.integer_only and number != number.to_integral_value():
        raise Refused(_("Give a whole number."))
    if question.minimum is not None and number < question.minimum:
        raise Refused(
            _("Give a number of at least %(minimum)s.") % {"minimum": number_text(question.minimum)}
        )
    if question.maximum is not None and number > question.maximum:
        raise Refused(
            _("Give a number of at most %(maximum)s.") % {"maximum": number_text(question.maximum)}
        )
    return int(number) if number == number.to_integral_value() else float(number)


def clean_page(questions, data, answers: dict) -> tuple[dict, dict]:
    """Read one page of answers from `data` (a QueryDict or a dict of lists).

    `answers` holds what was answered on earlier pages; questions hidden by their
    condition are dropped whatever was sent. Returns the page's answers and the errors
    by question code; the answers are only to be kept if there is no error.
    """
    known = dict(answers)
    page, errors = {}, {}
    for question in questions:
        for key in (question.code, other_key(question.code)):
            known.pop(key, None)
        if not is_shown(question, known):
            continue
        raw = (
            data.getlist(question.code) if hasattr(data, "getlist") else data.get(question.code, [])
        )
        other = data.get(other_key(question.code), "")
        other = (other[0] if other else "") if isinstance(other, list) else other
        other = safe_input.clean_text(other or "")
        try:
            value = parse(question, raw, other)
        except Refused as refusal:
            errors[question.code] = str(refusal)
            continue
        if value is None:
            if question.required:
                errors[question.code] = _("Please answer this question.")
            continue
        page[question.code] = known[question.code] = value
        if value == OTHER or (isinstance(value, list) and OTHER in value):
            page[other_key(question.code)] = known[other_key(question.code)] = other.strip()[
                :SHORT_TEXT_MAX
            ]
    return page, errors


def clean_response(questions, answers: dict) -> tuple[dict, dict]:
    """Check a whole response against every question, in order: what a stored response
    holds. Answers to hidden or unknown questions are dropped; errors are by code."""
    data = {}
    for question in questions:
        value = answers.get(question.code)
        if value is None:
            continue
        data[question.code] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if other_key(question.code) in answers:
            data[other_key(question.code)] = [answers[other_key(question.code)]]
    return clean_page(questions, data, {})
