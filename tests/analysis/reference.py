"""The tests a change sentence must agree with, computed straight from SciPy and
statsmodels, apart from the product's code."""

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

from vises.analysis.statistics import MIN_ANSWERS


def reference_p(kind, entry, exit_, linked, top=(4, 5), order=None):
    """The p-value of the figure a sentence tells and its difference (after - before, as a
    proportion for shares), computed here straight from SciPy (and Holm's method from
    statsmodels); (None, None) when no test can run. The first `linked` answers of each
    wave are the same people's, in the same order; `top` holds a scale's top-2 box, `order`
    a choice's answers in the question's order (else alphabetical)."""
    paired = linked is not None and linked >= MIN_ANSWERS
    if paired:
        entry, exit_ = entry[:linked], exit_[:linked]
    if min(len(entry), len(exit_)) < MIN_ANSWERS:
        return None, None
    if kind in ("rating", "number"):
        before, after = np.array(entry, float), np.array(exit_, float)
        if paired:
            if np.ptp(after - before) == 0:
                return None, None
            return stats.ttest_rel(after, before).pvalue, after.mean() - before.mean()
        if np.ptp(before) == 0 and np.ptp(after) == 0:
            return None, None
        return stats.ttest_ind(after, before, equal_var=False).pvalue, after.mean() - before.mean()
    if kind == "scale":
        options = [[value in top] for value in entry], [[value in top] for value in exit_]
        answers = [True]
    elif kind == "choice":
        answers = sorted(set(entry) | set(exit_), key=order.index if order else None)
        options = (
            [[value == a for a in answers] for value in entry],
            [[value == a for a in answers] for value in exit_],
        )
        if len(answers) <= 2:
            answers, options = (
                answers[:1],
                ([r[:1] for r in options[0]], [r[:1] for r in options[1]]),
            )
    else:
        answers = sorted(
            {a for chosen in entry + exit_ for a in chosen}, key=order.index if order else None
        )
        options = (
            [[a in value for a in answers] for value in entry],
            [[a in value for a in answers] for value in exit_],
        )
    before, after = np.array(options[0], bool), np.array(options[1], bool)
    p_values, shifts = [], []
    for j in range(len(answers)):
        b, a = before[:, j], after[:, j]
        shifts.append(a.mean() - b.mean())
        if paired:
            lost, gained = int((b & ~a).sum()), int((~b & a).sum())
            p_values.append(stats.binomtest(gained, lost + gained).pvalue if lost + gained else 1.0)
            continue
        table = np.array([[b.sum(), b.size - b.sum()], [a.sum(), a.size - a.sum()]])
        if (table.sum(axis=0) == 0).any() or (stats.contingency.expected_freq(table) < 5).any():
            p_values.append(stats.fisher_exact(table).pvalue)
        else:
            p_values.append(stats.chi2_contingency(table).pvalue)
    if len(p_values) > 1:
        p_values = list(multipletests(p_values, method="holm")[1])
    told = int(np.argmax(np.abs(shifts)))
    return p_values[told], shifts[told]
