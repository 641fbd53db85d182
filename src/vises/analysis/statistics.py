"""Statistics of the survey analysis: describing answers, scoring multi-item scales, and
comparing two waves of a survey (say before and after) with the test that suits the kind
of answer.

Plain functions over plain data, with no Django, so that the analysis can be tested and
reused without a database. Small surveys are normal here, not errors: every function
accepts empty, single and constant inputs, and says "no result" with None rather than
with NaN or infinity, which would leak into pages and exports."""

import math
import warnings
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_ANSWERS = 10  # per wave (or pairs when paired): below it, no test is run


def _finite(value) -> float | None:
    """The value as a float, or None when it is missing, NaN or infinite."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _numbers(values) -> np.ndarray:
    """The finite numbers among values, as a 1-D float array (None becomes NaN, then goes)."""
    array = np.asarray(values, dtype=float).ravel()
    return array[np.isfinite(array)]


def _number_pairs(pairs) -> np.ndarray:
    """The (before, after) pairs whose two answers are finite numbers, as an (n, 2) array."""
    array = np.asarray(pairs, dtype=float).reshape(-1, 2)
    return array[np.isfinite(array).all(axis=1)]


def _is_missing(label) -> bool:
    return label is None or (isinstance(label, float) and math.isnan(label))


def _labels(values: Iterable) -> list:
    return [label for label in values if not _is_missing(label)]


def _label_pairs(pairs: Iterable) -> list[tuple]:
    return [
        (before, after)
        for before, after in pairs
        if not _is_missing(before) and not _is_missing(after)
    ]


@contextmanager
def _quiet_scipy():
    """Silence SciPy's warnings about data it still handles, such as the precision loss on
    nearly identical values: the caller gets the numbers, and the warnings would otherwise
    fill the logs (or fail a test run with -W error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


# Describing numbers


@dataclass(frozen=True)
class Numbers:
    """What a table of results shows about one set of numeric answers."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None  # sample SD (ddof=1); None when n < 2
    ci_low: float | None  # 95% CI of the mean, Student t; None when n < 2
    ci_high: float | None
    minimum: float | None
    maximum: float | None


def median(values) -> float | None:
    """The median of the numbers, or None when there are none."""
    array = _numbers(values)
    return float(np.median(array)) if array.size else None


def describe_numbers(values) -> Numbers:
    """Count, mean, median, sample SD, 95% confidence interval of the mean (Student t),
    minimum and maximum of numbers whose missing ones were removed. Whatever cannot be
    computed from so few numbers is None; equal numbers have SD 0 and a CI reduced to
    their mean."""
    array = _numbers(values)
    n = int(array.size)
    if n == 0:
        return Numbers(0, None, None, None, None, None, None, None)
    lowest, highest = float(array.min()), float(array.max())
    # Numbers near the float limit overflow a sum: they are then averaged scaled down.
    scale = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        if not (math.isfinite(array.sum()) and math.isfinite(float(np.square(array).sum()))):
            scale = max(abs(lowest), abs(highest))
            array = array / scale
        # Rounding can put the mean of nearly equal numbers a hair outside their range.
        mean = float(np.clip(array.mean() * scale, lowest, highest))
        middle = float(np.median(array)) * scale
        sd = ci_low = ci_high = None
        if n >= 2:
            sd = 0.0 if lowest == highest else _finite(array.std(ddof=1) * scale)
            if sd is not None:
                half_width = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
                ci_low, ci_high = _finite(mean - half_width), _finite(mean + half_width)
    return Numbers(n, mean, middle, sd, ci_low, ci_high, lowest, highest)


def score_scale(
    items: np.ndarray,
    reversed_items: Sequence[bool],
    low: float,
    high: float,
    min_answered: float = 0.5,
) -> np.ndarray:
    """The score of each respondent on a scale of several items answered from low to high:
    the mean of the answered items, a reversed item's answer v counting as low + high - v.
    A respondent who answered fewer than ceil(min_answered x items) of them has no score
    (NaN), since a mean of one or two items would not measure the same thing.

    items holds one row per respondent and one column per item, NaN where unanswered."""
    items = np.asarray(items, dtype=float)
    if items.ndim != 2 or items.shape[1] != len(reversed_items):
        raise ValueError("items needs one column per entry of reversed_items")
    flipped = np.where(np.asarray(reversed_items, dtype=bool), low + high - items, items)
    answered = ~np.isnan(items)
    counts = answered.sum(axis=1)
    # Rounded first: 0.14 * 50 is 7.000000000000001, and 7 answers of 50 items are enough.
    needed = max(math.ceil(round(min_answered * items.shape[1], 9)), 1)
    totals = np.where(answered, flipped, 0.0).sum(axis=1)
    scores = np.full(items.shape[0], np.nan)
    enough = counts >= needed
    scores[enough] = totals[enough] / counts[enough]
    return scores


# Comparing two waves


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two waves: the test run ("chi_square", "fisher_exact",
    "mcnemar", "mann_whitney", "wilcoxon", "welch_t", "paired_t"), or "" and the reason
    why none was. Effect sizes with a direction are positive when the second wave is
    higher."""

    test: str
    paired: bool
    n_first: int  # answers in the first wave (pairs when paired: n_first == n_second)
    n_second: int
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_name: str  # "cramers_v", "cohens_g", "rank_biserial", "hedges_g", "cohens_dz", ""
    reason: str  # "" when a test ran, else "too_few" or "no_variation"

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


def _not_run(reason: str, sizes: tuple[int, int], paired: bool) -> Comparison:
    return Comparison("", paired, *sizes, None, None, None, "", reason)


def _ran(test, paired, sizes, statistic, p_value, effect_name, effect) -> Comparison:
    return Comparison(
        test, paired, *sizes, _finite(statistic), _finite(p_value), _finite(effect), effect_name, ""
    )


def compare_categories(first, second, pairs=None) -> Comparison:
    """Compare the categories chosen in two waves (sequences of labels; None is missing).

    Independent waves: a table of the two waves against the categories seen in either,
    tested with Fisher's exact test when it is 2x2 with an expected count below 5, else
    with the chi-square test (Yates' correction on 2x2 tables, as SciPy does by default).
    The statistic is the odds ratio for Fisher, chi-square otherwise; the effect is
    Cramér's V (phi on 2x2 tables), from the uncorrected chi-square.

    Paired waves, pairs being (before, after) labels of the same respondents, first and
    second then unused: McNemar's exact test (a binomial test on the b and c pairs that
    changed one way or the other; statistic min(b, c), effect Cohen's g = |b/(b+c) - 0.5|)
    when there are two categories. With more, the before and after answers are compared
    as independent waves (paired=False): the Stuart-Maxwell test would respect the pairing
    but is rarely worth its explanation on survey pages, and ignoring the pairing errs on
    the prudent side (larger p-values)."""
    if pairs is not None:
        pairs = _label_pairs(pairs)
        sizes = (len(pairs), len(pairs))
        if len(pairs) < MIN_ANSWERS:
            return _not_run("too_few", sizes, paired=True)
        categories = sorted({label for pair in pairs for label in pair})
        if len(categories) < 2:
            return _not_run("no_variation", sizes, paired=True)
        if len(categories) == 2:
            return _mcnemar(pairs, categories)
        first, second = zip(*pairs, strict=True)
    first, second = _labels(first), _labels(second)
    sizes = (len(first), len(second))
    if min(sizes) < MIN_ANSWERS:
        return _not_run("too_few", sizes, paired=False)
    categories = sorted(set(first) | set(second))
    if len(categories) < 2:
        return _not_run("no_variation", sizes, paired=False)
    table = np.array([[wave.count(label) for label in categories] for wave in (first, second)])
    cramers_v = stats.contingency.association(table, method="cramer")
    if table.shape == (2, 2) and (stats.contingency.expected_freq(table) < 5).any():
        result = stats.fisher_exact(table)
        test = "fisher_exact"
    else:
        result = stats.chi2_contingency(table)
        test = "chi_square"
    return _ran(test, False, sizes, result.statistic, result.pvalue, "cramers_v", cramers_v)


def _mcnemar(pairs: list[tuple], categories: list) -> Comparison:
    one, other = categories
    b = pairs.count((one, other))
    c = pairs.count((other, one))
    sizes = (len(pairs), len(pairs))
    if b + c == 0:
        return _not_run("no_variation", sizes, paired=True)
    p_value = stats.binomtest(b, b + c, 0.5).pvalue
    return _ran("mcnemar", True, sizes, min(b, c), p_value, "cohens_g", abs(b / (b + c) - 0.5))


def compare_ordinal(first, second, pairs=None) -> Comparison:
    """Compare ordinal answers of two waves (scale values 1..5, ratings 0..10...).

    Independent waves: the two-sided Mann-Whitney U test (statistic U of the first wave),
    with the rank-biserial correlation 1 - 2U/(n1 n2). Paired waves, pairs being (before,
    after) answers of the same respondents, first and second then unused: the Wilcoxon
    signed-rank test on after - before, zero differences dropped (SciPy's default; exact
    without ties, the normal approximation with tie correction otherwise), with
    the matched-pairs rank-biserial correlation (T+ - T-) / (T+ + T-) over the ranks of
    the nonzero differences. Both correlations are positive when the second wave is
    higher."""
    if pairs is not None:
        pairs = _number_pairs(pairs)
        sizes = (len(pairs), len(pairs))
        if len(pairs) < MIN_ANSWERS:
            return _not_run("too_few", sizes, paired=True)
        differences = pairs[:, 1] - pairs[:, 0]
        changes = differences[differences != 0]
        if changes.size == 0:
            return _not_run("no_variation", sizes, paired=True)
        # With ties or zero differences SciPy's default turns to a permutation test that
        # takes a third of a second for a dozen pairs; the normal approximation with its
        # tie correction is the textbook choice there, and instant.
        exact = changes.size == differences.size and np.unique(np.abs(changes)).size == changes.size
        with _quiet_scipy():
            result = stats.wilcoxon(differences, method="auto" if exact else "asymptotic")
        ranks = stats.rankdata(np.abs(changes))
        rank_biserial = (ranks[changes > 0].sum() - ranks[changes < 0].sum()) / ranks.sum()
        return _ran(
            "wilcoxon", True, sizes, result.statistic, result.pvalue, "rank_biserial", rank_biserial
        )
    first, second = _numbers(first), _numbers(second)
    sizes = (first.size, second.size)
    if min(sizes) < MIN_ANSWERS:
        return _not_run("too_few", sizes, paired=False)
    if np.ptp(np.concatenate([first, second])) == 0:
        return _not_run("no_variation", sizes, paired=False)
    with _quiet_scipy():
        result = stats.mannwhitneyu(first, second)
    rank_biserial = 1 - 2 * result.statistic / (first.size * second.size)
    return _ran(
        "mann_whitney",
        False,
        sizes,
        result.statistic,
        result.pvalue,
        "rank_biserial",
        rank_biserial,
    )


def compare_numbers(first, second, pairs=None) -> Comparison:
    """Compare numeric answers of two waves (amounts, hours, counts...).

    Independent waves: Welch's t test, which does not assume equal variances, with Hedges'
    g (the mean difference over the pooled SD, times 1 - 3 / (4 (n1 + n2) - 9) to correct
    its bias in small samples). Paired waves, pairs being (before, after) answers of the
    same respondents, first and second then unused: the paired t test on after - before,
    with Cohen's dz = mean / SD of the differences. The t statistic and the effect are
    positive when the second wave is higher.

    When the answers vary within neither wave, or the paired differences are all equal, t
    is undefined (a difference over a zero spread): the reason is then "no_variation", as
    when nothing varies at all."""
    if pairs is not None:
        pairs = _number_pairs(pairs)
        sizes = (len(pairs), len(pairs))
        if len(pairs) < MIN_ANSWERS:
            return _not_run("too_few", sizes, paired=True)
        differences = pairs[:, 1] - pairs[:, 0]
        if np.ptp(differences) == 0:
            return _not_run("no_variation", sizes, paired=True)
        with _quiet_scipy():
            result = stats.ttest_rel(pairs[:, 1], pairs[:, 0])
        cohens_dz = differences.mean() / differences.std(ddof=1)
        return _ran(
            "paired_t", True, sizes, result.statistic, result.pvalue, "cohens_dz", cohens_dz
        )
    first, second = _numbers(first), _numbers(second)
    n_first, n_second = sizes = (first.size, second.size)
    if min(sizes) < MIN_ANSWERS:
        return _not_run("too_few", sizes, paired=False)
    if np.ptp(first) == 0 and np.ptp(second) == 0:
        return _not_run("no_variation", sizes, paired=False)
    with _quiet_scipy():
        result = stats.ttest_ind(second, first, equal_var=False)
    pooled_variance = ((n_first - 1) * first.var(ddof=1) + (n_second - 1) * second.var(ddof=1)) / (
        n_first + n_second - 2
    )
    correction = 1 - 3 / (4 * (n_first + n_second) - 9)
    hedges_g = correction * (second.mean() - first.mean()) / math.sqrt(pooled_variance)
    return _ran("welch_t", False, sizes, result.statistic, result.pvalue, "hedges_g", hedges_g)
