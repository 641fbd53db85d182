"""Statistics of the survey analysis: describing answers, scoring multi-item scales, and
comparing two waves of a survey (say before and after) with the test that suits the kind
of answer.

Plain functions over plain data, with no Django, so that the analysis can be tested and
reused without a database. Small surveys are normal here, not errors: every function
accepts empty, single and constant inputs, and says "no result" with None rather than
with NaN or infinity, which would leak into pages and exports."""

import dataclasses
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
#
# Every comparison tests the quantity that its sentence reports: the share of an answer (or
# of a scale's top-2 box) with a test of shares, a mean with a t test, the whole ordinal
# scale with a rank test. With linked waves the test is paired when at least MIN_ANSWERS
# respondents answered both times, and runs on all answers as independent waves otherwise.

ALPHA = 0.05

# Cohen's usual thresholds of a small, medium and large effect, per effect size.
EFFECT_THRESHOLDS = {
    "cohens_h": (0.2, 0.5, 0.8),
    "hedges_g": (0.2, 0.5, 0.8),
    "cohens_dz": (0.2, 0.5, 0.8),
    "rank_biserial": (0.1, 0.3, 0.5),
    "cramers_v": (0.1, 0.3, 0.5),  # two waves: one degree of freedom in the smaller margin
    "cohens_g": (0.05, 0.15, 0.25),
}


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two waves: the test run ("chi_square", "fisher_exact",
    "mcnemar", "stuart_maxwell", "mann_whitney", "wilcoxon", "welch_t", "paired_t"), or ""
    and the reason why none was. Effect sizes with a direction are positive when the second
    wave is higher. `compared` is how many comparisons were made together (the options of
    a question): p_value is then Holm-adjusted for them."""

    test: str
    paired: bool
    n_first: int  # answers in the first wave (pairs when paired: n_first == n_second)
    n_second: int
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_name: str  # "cohens_h", "cramers_v", "cohens_g", "rank_biserial", "hedges_g"...
    # "" when a test ran; else "too_few", "no_variation" (every answer the same in both
    # waves, or no paired answer changed) or "no_spread" (each wave's answers, or each
    # paired difference, all equal but not to each other: a sure difference t cannot test)
    reason: str
    compared: int = 1

    @property
    def significant(self) -> bool:
        """Whether the difference is unlikely to be chance: p below 5 % on enough answers."""
        return (
            self.p_value is not None
            and self.p_value < ALPHA
            and min(self.n_first, self.n_second) >= MIN_ANSWERS
        )

    @property
    def effect_label(self) -> str:
        """ "negligible", "small", "medium" or "large" by the usual thresholds, or ""."""
        return effect_label(self.effect_name, self.effect_size)


def effect_label(name: str, size: float | None) -> str:
    if size is None or name not in EFFECT_THRESHOLDS:
        return ""
    small, medium, large = EFFECT_THRESHOLDS[name]
    size = abs(size)
    if size >= large:
        return "large"
    if size >= medium:
        return "medium"
    return "small" if size >= small else "negligible"


def _not_run(reason: str, sizes: tuple[int, int], paired: bool) -> Comparison:
    return Comparison("", paired, *sizes, None, None, None, "", reason)


def _ran(test, paired, sizes, statistic, p_value, effect_name, effect) -> Comparison:
    return Comparison(
        test, paired, *sizes, _finite(statistic), _finite(p_value), _finite(effect), effect_name, ""
    )


def enough_pairs(pairs) -> bool:
    """Whether linked answers are enough for a paired test (else the waves are compared
    as independent, over all their answers)."""
    return pairs is not None and len(pairs) >= MIN_ANSWERS


def holm(comparisons: Sequence[Comparison]) -> list[Comparison]:
    """The comparisons with their p-values adjusted by Holm's method for having been made
    together (the options of one question), so that the chance that any of them is called
    a difference by chance alone stays under 5 %. (Written out rather than taken from
    statsmodels, whose multipletests runs the garbage collector on every call: a third
    of a second, for each question of a page.)"""
    tested = [index for index, c in enumerate(comparisons) if c.p_value is not None]
    if len(tested) < 2:
        return list(comparisons)
    p_values = np.array([comparisons[index].p_value for index in tested])
    order = np.argsort(p_values, kind="stable")
    # The k-th smallest p times the m - k + 1 tests left, kept increasing, at most 1.
    stepped = np.maximum.accumulate(p_values[order] * (len(order) - np.arange(len(order))))
    adjusted = np.empty_like(p_values)
    adjusted[order] = np.minimum(stepped, 1.0)
    shown = list(comparisons)
    for index, p_value in zip(tested, adjusted, strict=True):
        shown[index] = dataclasses.replace(
            shown[index], p_value=float(p_value), compared=len(tested)
        )
    return shown


# Shares


def share_interval(hits: int, n: int) -> tuple[float, float] | None:
    """The 95 % Wilson interval of a share of hits out of n, in percent, or None when n is 0."""
    if n <= 0:
        return None
    # Wilson's score interval, written out: SciPy's binomtest(...).proportion_ci gives the
    # same, but first computes a p-value that costs a millisecond per thousand answers.
    z = stats.norm.ppf(0.975)
    share = hits / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


def _cohens_h(share_first: float, share_second: float) -> float:
    """Cohen's h between two proportions (0 to 1), positive when the second is higher."""
    return 2 * math.asin(math.sqrt(share_second)) - 2 * math.asin(math.sqrt(share_first))


def compare_shares(first, second, pairs=None) -> Comparison:
    """Compare the share of respondents giving an answer (or a scale's top-2 box) in two
    waves; first and second hold one boolean per answer (True: they gave it), pairs the
    (before, after) booleans of respondents linked across the waves.

    Paired, when there are enough pairs: McNemar's exact test (a binomial test on the pairs
    that changed one way or the other; statistic the fewer of the two). Independent:
    Fisher's exact test on the 2x2 table when an expected count is below 5, else the
    chi-square test with Yates' correction. The effect is Cohen's h between the two shares,
    positive when the second wave's is higher."""
    if enough_pairs(pairs):
        pairs = np.asarray(pairs, dtype=bool).reshape(-1, 2)
        sizes = (len(pairs), len(pairs))
        lost = int((pairs[:, 0] & ~pairs[:, 1]).sum())
        gained = int((~pairs[:, 0] & pairs[:, 1]).sum())
        effect = _cohens_h(pairs[:, 0].mean(), pairs[:, 1].mean())
        # Nobody moved: the two shares are equal (p = 1).
        p_value = stats.binomtest(gained, lost + gained, 0.5).pvalue if lost + gained else 1.0
        return _ran("mcnemar", True, sizes, min(lost, gained), p_value, "cohens_h", effect)
    first, second = np.asarray(first, dtype=bool), np.asarray(second, dtype=bool)
    sizes = (first.size, second.size)
    if min(sizes) < MIN_ANSWERS:
        return _not_run("too_few", sizes, paired=False)
    table = np.array([[w.sum(), w.size - w.sum()] for w in (first, second)])
    effect = _cohens_h(first.mean(), second.mean())
    # A column of zeros (everyone or nobody gave the answer) leaves chi-square undefined;
    # Fisher's test then says what it is: no difference at all (p = 1).
    if (table.sum(axis=0) == 0).any() or (stats.contingency.expected_freq(table) < 5).any():
        result = stats.fisher_exact(table)
        return _ran(
            "fisher_exact", False, sizes, result.statistic, result.pvalue, "cohens_h", effect
        )
    result = stats.chi2_contingency(table)
    return _ran("chi_square", False, sizes, result.statistic, result.pvalue, "cohens_h", effect)


def compare_categories(first, second, pairs=None) -> Comparison:
    """Compare how the answers to a single choice spread over its categories in two waves
    (sequences of labels; None is missing), without a direction: are they distributed
    differently?

    Independent waves: the table of the two waves against the categories seen in either,
    tested with Fisher's exact test when it is 2x2 with an expected count below 5, else
    with the chi-square test (Yates' correction on 2x2 tables, as SciPy does by default);
    the effect is Cramér's V. Paired waves (enough pairs of (before, after) labels): with
    two categories McNemar's exact test, effect Cohen's g = |b/(b+c) - 0.5|; with more, the
    Stuart-Maxwell test of marginal homogeneity (statsmodels), over the categories some
    respondent moved into or out of (the others' shares cannot have changed)."""
    pairs = _label_pairs(pairs) if pairs is not None else None
    if enough_pairs(pairs):
        return _paired_categories(pairs)
    first, second = _labels(first), _labels(second)
    sizes = (len(first), len(second))
    if min(sizes) < MIN_ANSWERS:
        return _not_run("too_few", sizes, paired=False)
    categories = sorted(set(first) | set(second), key=str)
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


def _paired_categories(pairs: list[tuple]) -> Comparison:
    sizes = (len(pairs), len(pairs))
    categories = sorted({label for pair in pairs for label in pair}, key=str)
    index = {label: position for position, label in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)), dtype=int)
    for before, after in pairs:
        table[index[before], index[after]] += 1
    moved = table - np.diag(np.diag(table))
    active = (moved.sum(axis=0) + moved.sum(axis=1)) > 0
    if not active.any():
        return _not_run("no_variation", sizes, paired=True)
    table = table[np.ix_(active, active)]
    if len(table) == 2:
        b, c = int(table[0, 1]), int(table[1, 0])
        p_value = stats.binomtest(b, b + c, 0.5).pvalue
        return _ran("mcnemar", True, sizes, min(b, c), p_value, "cohens_g", abs(b / (b + c) - 0.5))
    from statsmodels.stats.contingency_tables import SquareTable

    # People who moved only within separate groups of answers (a <-> b, c <-> d) make the
    # covariance singular: statsmodels warns and gives no p, which the sentence then omits.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = SquareTable(table, shift_zeros=False).homogeneity(method="stuart_maxwell")
    return _ran("stuart_maxwell", True, sizes, result.statistic, result.pvalue, "", None)


# Ordinal answers


def _signed_rank_exact_p(changes: np.ndarray) -> float:
    """The exact two-sided p-value of the Wilcoxon signed-rank test on nonzero differences,
    ties included: every one of the 2^n sign assignments counted, as a permutation test
    does, through the distribution of the sum of the (mid)ranks given a plus sign."""
    ranks = stats.rankdata(np.abs(changes))
    doubled = np.rint(2 * ranks).astype(int)  # midranks are halves: doubled, integers
    counts = np.zeros(doubled.sum() + 1)
    counts[0] = 1.0
    for rank in doubled:
        counts[rank:] += counts[:-rank].copy()
    distribution = counts / counts.sum()
    observed = int(doubled[changes > 0].sum())
    centre = doubled.sum() / 2
    totals = np.arange(counts.size)
    extreme = np.abs(totals - centre) >= abs(observed - centre) - 1e-9
    return float(min(1.0, distribution[extreme].sum()))


EXACT_PAIRS = 50  # paired ordinal answers up to this many nonzero differences: exact p


def compare_ordinal(first, second, pairs=None) -> Comparison:
    """Compare ordinal answers of two waves as a whole (scale values 1..5...): are they
    higher overall?

    Independent waves: the two-sided Mann-Whitney U test (statistic U of the first wave),
    with the rank-biserial correlation 1 - 2U/(n1 n2). Paired waves (enough pairs of
    (before, after) answers): the Wilcoxon signed-rank test on after - before, zero
    differences dropped, exact (every sign assignment, ties included) up to EXACT_PAIRS
    changed answers and with the normal approximation beyond, with the matched-pairs
    rank-biserial correlation (T+ - T-) / (T+ + T-). Both correlations are positive when
    the second wave is higher."""
    pairs = _number_pairs(pairs) if pairs is not None else None
    if enough_pairs(pairs):
        sizes = (len(pairs), len(pairs))
        differences = pairs[:, 1] - pairs[:, 0]
        changes = differences[differences != 0]
        if changes.size == 0:
            return _not_run("no_variation", sizes, paired=True)
        ranks = stats.rankdata(np.abs(changes))
        plus, minus = ranks[changes > 0].sum(), ranks[changes < 0].sum()
        rank_biserial = (plus - minus) / ranks.sum()
        if changes.size <= EXACT_PAIRS:
            p_value = _signed_rank_exact_p(changes)
        else:
            with _quiet_scipy():
                p_value = stats.wilcoxon(changes, method="asymptotic").pvalue
        return _ran(
            "wilcoxon", True, sizes, min(plus, minus), p_value, "rank_biserial", rank_biserial
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


# Means


def compare_numbers(first, second, pairs=None) -> Comparison:
    """Compare the mean of numeric answers (amounts, hours, ratings...) in two waves.

    Independent waves: Welch's t test, which does not assume equal variances, with Hedges'
    g (the mean difference over the pooled SD, times 1 - 3 / (4 (n1 + n2) - 9) to correct
    its bias in small samples). Paired waves (enough pairs of (before, after) answers): the
    paired t test on after - before, with Cohen's dz = mean / SD of the differences. The t
    statistic and the effect are positive when the second wave is higher.

    When every answer is the same in both waves, or every paired difference is zero, the
    reason is "no_variation": nothing changed. When each wave's answers (or the paired
    differences) are all equal but not to each other, t is undefined (a difference over a
    zero spread) while the difference is certain: the reason is "no_spread"."""
    pairs = _number_pairs(pairs) if pairs is not None else None
    if enough_pairs(pairs):
        sizes = (len(pairs), len(pairs))
        differences = pairs[:, 1] - pairs[:, 0]
        if np.ptp(differences) == 0:
            shift = float(differences[0])
            reason = "no_spread" if shift else "no_variation"
            return _not_run(reason, sizes, paired=True)
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
        shift = float(second[0] - first[0])
        reason = "no_spread" if shift else "no_variation"
        return _not_run(reason, sizes, paired=False)
    with _quiet_scipy():
        result = stats.ttest_ind(second, first, equal_var=False)
    pooled_variance = ((n_first - 1) * first.var(ddof=1) + (n_second - 1) * second.var(ddof=1)) / (
        n_first + n_second - 2
    )
    correction = 1 - 3 / (4 * (n_first + n_second) - 9)
    hedges_g = correction * (second.mean() - first.mean()) / math.sqrt(pooled_variance)
    return _ran("welch_t", False, sizes, result.statistic, result.pvalue, "hedges_g", hedges_g)
