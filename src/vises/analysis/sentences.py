"""Figures told in plain sentences, in the reader's language (the active one): the change
of a question between two waves, and how we know it.

A change sentence says the two figures, then the direction of the difference as it is
(the sign of the effect, not of the rounded figures) and whether it is likely to be
chance by the test of those very figures; "nothing changed" only when the answers are
the same in both waves."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vises.analysis.results import Change, Item
from vises.analysis.rounding import rounded
from vises.analysis.statistics import MIN_ANSWERS, Comparison
from vises.multilingual import pick
from vises.surveys.answers import OTHER

TEST_NAMES = {
    "chi_square": gettext_lazy("the chi-square test"),
    "fisher_exact": gettext_lazy("Fisher’s exact test"),
    "mcnemar": gettext_lazy("McNemar’s test"),
    "stuart_maxwell": gettext_lazy("the Stuart-Maxwell test"),
    "mann_whitney": gettext_lazy("the Mann-Whitney test"),
    "wilcoxon": gettext_lazy("the Wilcoxon signed-rank test"),
    "welch_t": gettext_lazy("Welch’s t test"),
    "paired_t": gettext_lazy("the paired t test"),
}
EFFECT_NAMES = {
    "cohens_h": "Cohen’s h",
    "cohens_g": "Cohen’s g",
    "cramers_v": "Cramér’s V",
    "hedges_g": "Hedges’ g",
    "cohens_dz": "Cohen’s dz",
    "rank_biserial": gettext_lazy("rank-biserial correlation"),
}
EFFECT_LABELS = {
    "negligible": gettext_lazy("negligible"),
    "small": gettext_lazy("small"),
    "medium": gettext_lazy("medium"),
    "large": gettext_lazy("large"),
}


def number(value: float, decimals: int = 1) -> str:
    """A number as the reader writes it, rounded half away from zero, without useless
    decimals ("12", "12,5")."""
    value = rounded(value, decimals)
    if value == rounded(value):
        decimals = 0
    return number_format(value, decimals)


def count(value: int) -> str:
    """How many, as the reader of the active language writes it: 1,200 (en), 1.200 (nl),
    1 200 (fr, with a no-break space). Every count put into a sentence, a table or a key
    figure is written by this function; years and codes are not counts."""
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def percent(value: float, decimals: int = 0) -> str:
    # Translators: a percentage; French puts a no-break space before the sign.
    return _("%(number)s%%") % {"number": number_format(rounded(value, decimals), decimals)}


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


def _pair(before: float, after: float, shown, decimals: int) -> tuple[str, str]:
    """The two figures as shown, with as many more decimals (up to two) as it takes for
    different figures not to read the same."""
    for more in range(3):
        pair = shown(before, decimals + more), shown(after, decimals + more)
        if before == after or pair[0] != pair[1]:
            return pair
    return pair


def change_sentence(change: Change, item: Item | None) -> str:
    """Sentences on the change between two waves: the two figures, which is higher and
    whether that is likely to be chance; for a scale, its whole answers compared too; over
    whom the comparison was made. Or why nothing can be concluded."""
    comparison = change.comparison
    waves = {"first": change.first, "second": change.second}
    if comparison.reason == "too_few":
        return _(
            "There are too few answers to conclude: %(n_first)s at %(first)s and %(n_second)s "
            "at %(second)s (at least %(minimum)s are needed in each)."
        ) % {
            **waves,
            "n_first": count(comparison.n_first),
            "n_second": count(comparison.n_second),
            "minimum": count(MIN_ANSWERS),
        }
    if change.before is None or change.after is None:
        return ""
    identical = (change.overall or comparison).reason == "no_variation"
    if identical or comparison.reason == "no_variation":
        if (change.overall or comparison).paired:
            said = _(
                "Every person gave the same answer at %(first)s and at %(second)s: nothing changed."
            )
        else:
            said = _("Every answer is the same at %(first)s and at %(second)s: nothing changed.")
        return said % waves
    if comparison.reason == "no_spread":
        return _no_spread(change, waves)
    parts = [_figures(change, item, waves), _verdict(change, waves)]
    overall = change.overall
    # Stuart-Maxwell has no p when people moved within separate groups of answers only.
    if overall is not None and not overall.reason and overall.p_value is not None:
        parts.append(_overall(overall, waves))
    parts.append(_whom(change))
    return " ".join(part for part in parts if part)


def _figures(change: Change, item: Item | None, waves: dict) -> str:
    if change.measure == "mean":
        before, after = _pair(change.before, change.after, number, 1)
        return _("At %(second)s, the average is %(after)s; at %(first)s, %(before)s.") % {
            **waves,
            "before": before,
            "after": after,
        }
    before, after = _pair(change.before, change.after, percent, 0)
    if change.measure == "top_box":
        answers = top_box_answers(item)
    else:
        answers = _("“%(answer)s”") % {"answer": answer_label(item, change.value)}
    if item is not None and item.kind == "multiple_choice":
        said = _("At %(second)s, %(after)s choose %(answers)s; at %(first)s, %(before)s.")
    else:
        said = _("At %(second)s, %(after)s answer %(answers)s; at %(first)s, %(before)s.")
    return said % {**waves, "before": before, "after": after, "answers": answers}


def _verdict(change: Change, waves: dict) -> str:
    """Which figure is higher (the sign of the difference itself) and whether that is
    likely to be chance, by the test of these figures."""
    likely = change.comparison.significant
    if change.after == change.before:
        if change.measure == "mean":
            return _("The average is the same at both times.")
        return _("This share is the same at both times.")
    higher = change.after > change.before
    if change.measure == "mean":
        if higher:
            said = (
                _(
                    "The average is higher at %(second)s than at %(first)s, and the "
                    "difference is unlikely to be chance."
                )
                if likely
                else _(
                    "The average is higher at %(second)s than at %(first)s, but the "
                    "difference could be chance."
                )
            )
        else:
            said = (
                _(
                    "The average is lower at %(second)s than at %(first)s, and the "
                    "difference is unlikely to be chance."
                )
                if likely
                else _(
                    "The average is lower at %(second)s than at %(first)s, but the "
                    "difference could be chance."
                )
            )
    elif higher:
        said = (
            _(
                "This share is higher at %(second)s than at %(first)s, and the difference "
                "is unlikely to be chance."
            )
            if likely
            else _(
                "This share is higher at %(second)s than at %(first)s, but the difference "
                "could be chance."
            )
        )
    else:
        said = (
            _(
                "This share is lower at %(second)s than at %(first)s, and the difference "
                "is unlikely to be chance."
            )
            if likely
            else _(
                "This share is lower at %(second)s than at %(first)s, but the difference "
                "could be chance."
            )
        )
    return said % waves


def _overall(overall: Comparison, waves: dict) -> str:
    """The whole answers compared: a scale's (higher or lower?), a choice's (spread
    differently?)."""
    likely = overall.significant
    if overall.effect_name != "rank_biserial":
        if likely:
            said = _(
                "Taken together, the answers are spread differently at %(second)s than at "
                "%(first)s, and this is unlikely to be chance."
            )
        else:
            said = _(
                "Taken together, the answers at %(second)s and at %(first)s differ no more "
                "than chance could explain."
            )
    elif not overall.effect_size:
        said = _(
            "Over the whole scale, answers are neither higher nor lower at %(second)s than "
            "at %(first)s."
        )
    elif overall.effect_size > 0:
        said = (
            _(
                "Over the whole scale, answers are higher at %(second)s than at %(first)s, "
                "and this is unlikely to be chance."
            )
            if likely
            else _(
                "Over the whole scale, answers are higher at %(second)s than at %(first)s, "
                "but this could be chance."
            )
        )
    else:
        said = (
            _(
                "Over the whole scale, answers are lower at %(second)s than at %(first)s, "
                "and this is unlikely to be chance."
            )
            if likely
            else _(
                "Over the whole scale, answers are lower at %(second)s than at %(first)s, "
                "but this could be chance."
            )
        )
    return said % waves


def _whom(change: Change) -> str:
    if change.comparison.paired:
        return _("Compared over the %(count)s respondents who answered both times.") % {
            "count": count(change.comparison.n_first)
        }
    if change.linked is not None:
        return _(
            "Compared over all answers (people who answered both times: %(count)s, too few "
            "to compare them one by one)."
        ) % {"count": count(change.linked)}
    return ""


def _no_spread(change: Change, waves: dict) -> str:
    """Every answer equal within each wave (or every person's answer moved by the same
    amount): the difference is certain, and no test is needed to say it."""
    if change.comparison.paired:
        difference = number(abs(change.after - change.before))
        if change.after > change.before:
            said = _(
                "Every person’s answer is %(difference)s higher at %(second)s than at %(first)s."
            )
        else:
            said = _(
                "Every person’s answer is %(difference)s lower at %(second)s than at %(first)s."
            )
        return said % {**waves, "difference": difference}
    before, after = _pair(change.before, change.after, number, 1)
    return _("Every answer is %(before)s at %(first)s and %(after)s at %(second)s.") % {
        **waves,
        "before": before,
        "after": after,
    }


# How we know ----------------------------------------------------------------------------


def how_we_know(change: Change) -> str:
    """How the change was tested, in plain words: the test, over how many answers, its p
    with what it means, the size of the difference with its label, and the margin of
    error of each figure. Empty when no test ran (the change sentence says why)."""
    comparison = change.comparison
    if comparison.reason or comparison.p_value is None:
        return ""
    details = _test_details(comparison, change)
    if change.before_interval and change.after_interval:
        shown = percent if change.measure != "mean" else number
        low_before, high_before = (shown(value) for value in change.before_interval)
        low_after, high_after = (shown(value) for value in change.after_interval)
        details.append(
            _(
                "margin of error (%(level)s): %(after_low)s to %(after_high)s at %(second)s, "
                "%(before_low)s to %(before_high)s at %(first)s"
            )
            % {
                "level": percent(95),
                "first": change.first,
                "second": change.second,
                "before_low": low_before,
                "before_high": high_before,
                "after_low": low_after,
                "after_high": high_after,
            }
        )
    said = _("How we know: %(details)s.") % {"details": _listed(details)}
    overall = change.overall
    if overall is not None and not overall.reason and overall.p_value is not None:
        more = _listed(_test_details(overall, change))
        if overall.effect_name == "rank_biserial":
            said += " " + _("For the whole scale: %(details)s.") % {"details": more}
        else:
            said += " " + _("For all the answers together: %(details)s.") % {"details": more}
    return said


def _listed(details: list[str]) -> str:
    said = details[0]
    for detail in details[1:]:
        # Translators: two details of how we know, one after the other; French puts a
        # no-break space before the semicolon.
        said = _("%(details)s; %(detail)s") % {"details": said, "detail": detail}
    return said


def _test_details(comparison: Comparison, change: Change) -> list[str]:
    test = TEST_NAMES[comparison.test]
    if comparison.paired:
        over = _("%(test)s on the %(count)s people who answered both times") % {
            "test": test,
            "count": count(comparison.n_first),
        }
    else:
        over = _("%(test)s on %(n_first)s answers at %(first)s and %(n_second)s at %(second)s") % {
            "test": test,
            "n_first": count(comparison.n_first),
            "n_second": count(comparison.n_second),
            "first": change.first,
            "second": change.second,
        }
    details = [over, _chance(comparison.p_value)]
    if comparison.compared > 1:
        details.append(
            _("%(count)s answers compared, p adjusted for it (Holm’s method)")
            % {"count": count(comparison.compared)}
        )
    if comparison.effect_label:
        details.append(
            _("size of the difference: %(label)s (%(measure)s %(size)s)")
            % {
                "label": EFFECT_LABELS[comparison.effect_label],
                "measure": EFFECT_NAMES[comparison.effect_name],
                "size": number(comparison.effect_size, 2),
            }
        )
    return details


def _chance(p_value: float) -> str:
    """p, and what it means in words."""
    times = rounded(100 * p_value)
    if times < 1:
        return _(
            "p < %(p)s (if nothing had changed, a difference this large would appear by "
            "chance less than once in 100)"
        ) % {"p": number_format(0.01, 2)}
    return ngettext(
        "p = %(p)s (if nothing had changed, a difference this large would appear by chance "
        "about %(times)s time in 100)",
        "p = %(p)s (if nothing had changed, a difference this large would appear by chance "
        "about %(times)s times in 100)",
        int(times),
    ) % {"p": _p(p_value), "times": number(times, 0)}


def _p(p_value: float) -> str:
    """p with enough decimals that a p under 5 % never reads as 0.05."""
    decimals = 2 if p_value >= 0.1 else 3
    if p_value != 0.05 and rounded(p_value, decimals) == 0.05:
        decimals = 4
    # No trailing zeros: 0.08, not 0.080.
    while decimals and rounded(p_value, decimals - 1) == rounded(p_value, decimals):
        decimals -= 1
    return number(p_value, decimals)
