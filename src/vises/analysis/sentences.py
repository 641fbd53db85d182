"""Figures told in one plain sentence, in the reader's language (the active one)."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vises.analysis.results import Change, Item
from vises.analysis.statistics import MIN_ANSWERS
from vises.multilingual import pick
from vises.surveys.answers import OTHER


def number(value: float, decimals: int = 1) -> str:
    """A number as the reader writes it, without useless decimals ("12", "12,5")."""
    if round(value, decimals) == round(value):
        decimals = 0
    return number_format(round(value, decimals), decimals)


def percent(value: float) -> str:
    # Translators: a percentage; French puts a no-break space before the sign.
    return _("%(number)s%%") % {"number": number_format(round(value), 0)}


NBSP = "\u00a0"
# A figure, then spaces, then a unit sign: "21 %", "1 200 €" as people type them.
_SPACE_BEFORE_SIGN = re.compile(r"(?<=\d)[ \u202f]+(?=[%‰€$£°])")


def with_unit(number: str, unit: str) -> str:
    """A figure and its unit joined by a no-break space, so that no line ends between
    them, in any language and any format (page, PDF, DOCX)."""
    if not unit:
        return number
    if unit == "%":
        # Translators: a percentage; French puts a no-break space before the sign.
        return _("%(number)s%%") % {"number": number}
    return f"{number}{NBSP}{unit}"


def units_kept_together(text: str) -> str:
    """A text with a no-break space between each figure and the unit sign after it: the
    team types ordinary spaces ("31 % des sorties")."""
    return _SPACE_BEFORE_SIGN.sub(NBSP, text)


def labelled(label: str, value: str) -> str:
    # Translators: a label and its value; French puts a no-break space before the colon.
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def answer_label(item: Item, value: str) -> str:
    if value == OTHER:
        return _("Other")
    option = next((option for option in item.options if option.value == value), None)
    return (pick(option.label).text if option else "") or value


def top_box_answers(item: Item) -> str:
    labels = [answer_label(item, value) for value in item.top_values]
    # Translators: the two highest answers of a scale, e.g. “Agree” or “Strongly agree”.
    return _("“%(first)s” or “%(second)s”") % {"first": labels[0], "second": labels[-1]}


def change_sentence(change: Change, item: Item | None) -> str:
    """One sentence on the change between two waves: what moved, how much, and whether
    it is likely to be chance; or why nothing can be concluded."""
    comparison = change.comparison
    waves = {"first": change.first, "second": change.second}
    if comparison.reason == "too_few":
        return _(
            "There are too few answers to conclude: %(n_first)s at %(first)s and %(n_second)s "
            "at %(second)s (at least %(minimum)s are needed in each)."
        ) % {
            **waves,
            "n_first": comparison.n_first,
            "n_second": comparison.n_second,
            "minimum": MIN_ANSWERS,
        }
    if comparison.reason == "no_variation":
        return (
            _("Every answer is the same at %(first)s and at %(second)s: nothing changed.") % waves
        )
    if change.before is None or change.after is None:
        return ""
    finding = _finding(change, item, waves)
    if comparison.significant:
        # Translators: %(finding)s is a sentence such as "Respondents agree more often...".
        sentence = _("%(finding)s; this difference is unlikely to be chance.")
    else:
        sentence = _("%(finding)s; this difference could be chance.")
    sentence %= {"finding": finding}
    if comparison.paired:
        sentence += " " + _("Compared over the %(count)s respondents who answered both times.") % {
            "count": comparison.n_first
        }
    return sentence


def _finding(change: Change, item: Item | None, waves: dict) -> str:
    before, after = change.before, change.after
    if change.measure == "mean":
        values = {**waves, "before": number(before), "after": number(after)}
        if round(after, 1) > round(before, 1):
            return (
                _("The average is higher at %(second)s (%(after)s) than at %(first)s (%(before)s)")
                % values
            )
        if round(after, 1) < round(before, 1):
            return (
                _("The average is lower at %(second)s (%(after)s) than at %(first)s (%(before)s)")
                % values
            )
        return (
            _("The average is the same at %(second)s (%(after)s) as at %(first)s (%(before)s)")
            % values
        )
    values = {**waves, "before": percent(before), "after": percent(after)}
    if change.measure == "top_box":
        values["answers"] = top_box_answers(item)
    else:
        values["answers"] = _("“%(answer)s”") % {"answer": answer_label(item, change.value)}
    if round(after) > round(before):
        return (
            _(
                "Respondents answer %(answers)s more often at %(second)s (%(after)s) "
                "than at %(first)s (%(before)s)"
            )
            % values
        )
    if round(after) < round(before):
        return (
            _(
                "Respondents answer %(answers)s less often at %(second)s (%(after)s) "
                "than at %(first)s (%(before)s)"
            )
            % values
        )
    return (
        _(
            "Respondents answer %(answers)s as often at %(second)s (%(after)s) "
            "as at %(first)s (%(before)s)"
        )
        % values
    )
