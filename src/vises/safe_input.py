"""Values typed by people, checked at the door so that whatever is stored can be shown,
computed on and exported.

Numbers are finite, within ±10^15, with at most 15 significant digits and 15 decimals
(what a spreadsheet and a float keep exactly). They are read as people write them: a
comma or a point for decimals, spaces between thousands, a typographic minus, digits of
other scripts such as the Arabic-Indic ١٢. A long or oddly written text is refused by its
length and form before anything converts it, so that "1e1000000" (ten characters) costs
no more than "12".

Texts lose their control characters (all but tab and line breaks), which no page needs and
which spreadsheets and XML refuse. Every model of the project is cleaned so before it is
saved (`clean_before_saving`), whichever form or import the text came from.
"""

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

LIMIT = 10**15
DIGITS = 15  # significant digits, and decimals
LONGEST = 100  # characters of a number as typed: nothing longer is even looked at

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exponent>[+-]?\d+))?")
# A number written with ASCII digits and a decimal point or comma, and nothing else: all
# the cleaning below does to it is to make the comma a point.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?")
# Thousands separators people type, removed; the decimal comma and Arabic decimal sign
# become points; the typographic minus a hyphen.
_SPACES = {ord(c): None for c in " \u00a0\u202f\u2009\u066c"}
_SIGNS = {ord(","): ".", ord("\u066b"): ".", ord("\u2212"): "-"}
# Control characters but tab, line feed and carriage return; lone surrogates and the two
# non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a one-line text may not hold: every control character, and the Unicode line and
# paragraph separators.
_ONE_LINE_BREAKER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Refused(ValueError):
    """A number that cannot be stored; the message says why, in the reader's language."""


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(char)) if not char.isascii() and char.isdecimal() else char
        for char in text
    )


def _not_a_number() -> Refused:
    return Refused(_("Give a number, such as 12 or 3.5."))


def _too_large() -> Refused:
    limit = number_format(LIMIT, force_grouping=True)
    return Refused(_("Give a number between -%(limit)s and %(limit)s.") % {"limit": limit})


def _too_precise() -> Refused:
    return Refused(
        _("Give a number with at most %(digits)s significant digits and %(digits)s decimals.")
        % {"digits": DIGITS}
    )


def read_number(text: str) -> Decimal:
    """The number written in `text`, within the limits above (-0 is 0); raises Refused."""
    if len(text) > LONGEST:
        raise _too_large() if text.strip().lstrip("+-").isdigit() else _not_a_number()
    if PLAIN_NUMBER.fullmatch(text):
        written = text.replace(",", ".")  # as below, quicker (an import reads many such)
    else:
        written = _ascii_digits(clean_text(text).strip().translate(_SPACES).translate(_SIGNS))
        match = _NUMBER.fullmatch(written)
        if match is None:
            raise _not_a_number()
        exponent = match["exponent"]
        if exponent and len(exponent.lstrip("+-").lstrip("0")) > 3:
            raise _too_precise() if exponent.startswith("-") else _too_large()
    number = Decimal(written)
    if number.is_zero():
        return Decimal(0)
    if abs(number) > LIMIT:
        raise _too_large()
    sign, digits, places = number.normalize().as_tuple()
    if len(digits) > DIGITS or -places > DIGITS:
        raise _too_precise()
    return number


def number_problem(value) -> str:
    """Why a stored number breaks the rules above ("" when it keeps them): "not_finite",
    "too_large" or "too_precise"."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return ""
    if isinstance(value, int):
        return "too_large" if abs(value) > LIMIT else ""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return "not_finite"
    if not number.is_finite():
        return "not_finite"
    if abs(number) > LIMIT:
        return "too_large"
    if isinstance(value, Decimal) and not number.is_zero():
        sign, digits, places = number.normalize().as_tuple()
        if len(digits) > DIGITS or -places > DIGITS:
            return "too_precise"
    return ""


def usable_number(value) -> float | None:
    """A stored answer as a float to compute on, or None when it is not a number or breaks
    the rules (a legacy 401-digit integer, say): it then counts as unanswered."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = read_number(value)
        except Refused:
            return None
    if not isinstance(value, int | float | Decimal) or number_problem(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def refuse_control_characters(value: str) -> None:
    """Validator of a one-line text such as a name: refuses every control character, line
    breaks and tabs included, which would break an e-mail subject or a table's cell."""
    if _ONE_LINE_BREAKER.search(value):
        raise ValidationError(
            _("Write it on one line, without line breaks, tabs or other control characters.")
        )


def clean_text(text: str) -> str:
    """The text without control characters (tab and line breaks stay)."""
    if text.isprintable():  # holds none: the quick answer for most texts
        return text
    return _CONTROL.sub("", text)


def clean_stored(value):
    """A stored value (a text, or JSON of lists and maps) with every text cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_stored(item) for item in value)
    if isinstance(value, dict):
        return {clean_stored(key): clean_stored(item) for key, item in value.items()}
    return value


def clean_before_saving(sender, instance, **kwargs) -> None:
    """pre_save receiver: the texts of a model of the project cleaned, field by field."""
    if not sender.__module__.startswith("vises."):
        return
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField", "JSONField"):
            value = getattr(instance, field.attname)
            if value is not None:
                setattr(instance, field.attname, clean_stored(value))


def _stored(value, path: str):
    """(path, problem) of each text with control characters and each number breaking the
    rules inside a stored value."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            yield path, "control"
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _stored(item, f"{path} › {index + 1}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _stored(key, path)
            yield from _stored(item, f"{path} › {key}")
    elif number_problem(value):
        yield path, number_problem(value)


def stored_problems():
    """(model label, primary key, field › key, problem) of every stored value of the
    project that breaks the rules above: "control", "not_finite", "too_large" or
    "too_precise"."""
    from django.apps import apps

    kinds = ("CharField", "TextField", "JSONField", "DecimalField", "FloatField")
    for model in apps.get_models():
        if not model.__module__.startswith("vises."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.get_internal_type() in kinds]
        if not fields:
            continue
        for pk, *values in model.objects.values_list("pk", *fields).iterator():
            for name, value in zip(fields, values, strict=True):
                for path, problem in _stored(value, name):
                    yield model._meta.label, pk, path, problem
