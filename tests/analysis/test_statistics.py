"""The statistics of the survey analysis, checked against SciPy called directly, against
examples worked by hand, and on the small or odd inputs that real surveys produce."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from vises.analysis.statistics import (
    MIN_ANSWERS,
    Comparison,
    Numbers,
    compare_categories,
    compare_numbers,
    compare_ordinal,
    describe_numbers,
    holm,
    median,
    score_scale,
    share_interval,
)

TIGHT = 1e-9


def assert_no_nan_or_inf(result):
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if isinstance(value, float):
            assert math.isfinite(value), f"{field.name} is {value}"


def assert_not_run(result: Comparison, reason: str):
    assert result.reason == reason
    assert result.test == ""
    assert result.effect_name == ""
    assert (result.statistic, result.p_value, result.effect_size) == (None, None, None)
    assert not result.significant


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


# describe_numbers and median


def test_describe_numbers_worked_by_hand():
    # [2, 4, 4, 4, 5, 5, 7, 9]: sum 40, n 8, mean 5.
    # Squared deviations 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; variance 32 / 7 = 4.571428...,
    # SD = sqrt(4.571428...) = 2.138089935...
    # Standard error 2.138089935 / sqrt(8) = 0.755928946; t(0.975, 7) = 2.364624251...
    # Half-width 2.364624251 * 0.755928946 = 1.787487918; CI [3.212512082, 6.787487918].
    # Median: middle values 4 and 5, so 4.5.
    numbers = describe_numbers([2, 4, 4, 4, 5, 5, 7, 9])
    assert numbers.n == 8
    assert numbers.mean == 5.0
    assert numbers.median == 4.5
    assert numbers.sd == pytest.approx(2.138089935, abs=1e-9)
    assert numbers.ci_low == pytest.approx(3.212512082, abs=1e-9)
    assert numbers.ci_high == pytest.approx(6.787487918, abs=1e-9)
    assert (numbers.minimum, numbers.maximum) == (2.0, 9.0)


def test_describe_numbers_agrees_with_scipy(rng):
    values = rng.normal(50, 12, size=37)
    numbers = describe_numbers(values)
    low, high = stats.t.interval(0.95, 36, loc=values.mean(), scale=stats.sem(values))
    assert numbers.n == 37
    assert numbers.mean == pytest.approx(values.mean(), abs=TIGHT)
    assert numbers.sd == pytest.approx(np.std(values, ddof=1), abs=TIGHT)
    assert numbers.ci_low == pytest.approx(low, abs=TIGHT)
    assert numbers.ci_high == pytest.approx(high, abs=TIGHT)
    assert numbers.median == pytest.approx(np.median(values), abs=TIGHT)


def test_describe_no_numbers_is_all_none():
    nothing = Numbers(0, None, None, None, None, None, None, None)
    assert describe_numbers([]) == describe_numbers(np.array([])) == nothing


def test_describe_one_number_has_no_spread():
    numbers = describe_numbers([3.5])
    assert (numbers.n, numbers.mean, numbers.median) == (1, 3.5, 3.5)
    assert (numbers.minimum, numbers.maximum) == (3.5, 3.5)
    assert (numbers.sd, numbers.ci_low, numbers.ci_high) == (None, None, None)


def test_describe_equal_numbers_collapses_the_interval_on_the_mean():
    numbers = describe_numbers([4, 4, 4])
    assert (numbers.mean, numbers.sd, numbers.ci_low, numbers.ci_high) == (4.0, 0.0, 4.0, 4.0)
    # numpy's mean of three 0.1 is 0.10000000000000002, a hair above the maximum.
    numbers = describe_numbers([0.1, 0.1, 0.1])
    assert (numbers.mean, numbers.sd, numbers.ci_low, numbers.ci_high) == (0.1, 0.0, 0.1, 0.1)


def test_median():
    assert median([]) is None
    assert median([7]) == 7.0
    assert median([3, 1, 2]) == 2.0
    assert median(np.array([4, 1, 3, 2])) == 2.5


@given(
    st.lists(st.one_of(st.integers(-1000, 1000), st.floats(-1e9, 1e9, allow_nan=False)), min_size=1)
)
def test_describe_numbers_mean_lies_within_range_and_interval(values):
    numbers = describe_numbers(values)
    assert_no_nan_or_inf(numbers)
    assert numbers.n == len(values)
    assert numbers.minimum <= numbers.mean <= numbers.maximum
    assert numbers.minimum <= numbers.median <= numbers.maximum
    if numbers.n >= 2:
        assert numbers.ci_low <= numbers.mean <= numbers.ci_high
    else:
        assert numbers.ci_low is None and numbers.ci_high is None


# score_scale


def test_score_scale_worked_by_hand():
    # Three items answered from 1 to 5, the third reversed: v counts as 1 + 5 - v = 6 - v.
    # At least ceil(0.5 * 3) = 2 answers are needed.
    items = np.array(
        [
            [4, 5, 2],  # 4, 5 and 6 - 2 = 4: (4 + 5 + 4) / 3 = 4.333...
            [np.nan, 3, np.nan],  # one answer of the two needed: no score
            [1, np.nan, 5],  # 1 and 6 - 5 = 1: (1 + 1) / 2 = 1
            [np.nan, np.nan, np.nan],  # nothing answered
        ]
    )
    scores = score_scale(items, [False, False, True], low=1, high=5)
    assert scores[0] == pytest.approx(13 / 3, abs=TIGHT)
    assert math.isnan(scores[1])
    assert scores[2] == 1.0
    assert math.isnan(scores[3])


def test_score_scale_needs_the_rounded_share_of_items():
    # 0.14 * 50 is 7.000000000000001 in floating point: still 7 answers needed, not 8.
    items = np.full((2, 50), np.nan)
    items[0, :7] = 3
    items[1, :6] = 3
    scores = score_scale(items, [False] * 50, low=1, high=5, min_answered=0.14)
    assert scores[0] == 3.0
    assert math.isnan(scores[1])


def test_score_scale_matches_a_row_by_row_reading(rng):
    items = rng.integers(0, 11, size=(10_000, 6)).astype(float)
    items[rng.random(items.shape) < 0.4] = np.nan
    reversed_items = [False, True, False, False, True, False]
    scores = score_scale(items, reversed_items, low=0, high=10, min_answered=0.5)
    for row, score in zip(items[:500], scores[:500], strict=True):
        answers = [10 - v if flip else v for v, flip in zip(row, reversed_items, strict=True)]
        answered = [v for v in answers if not math.isnan(v)]
        if len(answered) >= 3:
            assert score == pytest.approx(sum(answered) / len(answered), abs=TIGHT)
        else:
            assert math.isnan(score)
    assert scores.shape == (10_000,)


def test_score_scale_refuses_items_that_do_not_match_the_reversals():
    with pytest.raises(ValueError):
        score_scale(np.ones((3, 2)), [False, False, True], low=1, high=5)


# compare_categories


def test_chi_square_on_more_categories_agrees_with_scipy():
    first = ["yes"] * 12 + ["no"] * 20 + ["unsure"] * 8
    second = ["yes"] * 25 + ["no"] * 10 + ["unsure"] * 5 + ["never"] * 3
    result = compare_categories(first, second)
    # Columns in label order: never, no, unsure, yes.
    table = np.array([[0, 20, 8, 12], [3, 10, 5, 25]])
    expected = stats.chi2_contingency(table)
    assert (result.test, result.paired, result.reason) == ("chi_square", False, "")
    assert (result.n_first, result.n_second) == (40, 43)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    # Cramér's V = sqrt(chi2 / (n (min(rows, columns) - 1))), uncorrected chi-square.
    chi2 = stats.chi2_contingency(table, correction=False).statistic
    assert result.effect_name == "cramers_v"
    assert result.effect_size == pytest.approx(math.sqrt(chi2 / 83), abs=TIGHT)
    assert result.significant


def test_chi_square_on_2x2_uses_yates_like_scipy():
    first = ["a"] * 15 + ["b"] * 15
    second = ["a"] * 24 + ["b"] * 6
    result = compare_categories(first, second)
    table = np.array([[15, 15], [24, 6]])
    expected = stats.chi2_contingency(table)  # Yates' correction by default on 2x2
    assert result.test == "chi_square"
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    assert result.statistic < stats.chi2_contingency(table, correction=False).statistic


def test_fisher_exact_worked_by_hand():
    # First wave: no 9, yes 1; second wave: no 3, yes 7. Totals: 10 and 10 per wave; no 12,
    # yes 8, N 20. Expected "yes" per wave 8 * 10 / 20 = 4 < 5, so Fisher's exact test.
    # Given the margins, the first wave's "yes" count k has the probability
    # C(10, k) C(10, 8 - k) / C(20, 8), out of C(20, 8) = 125970:
    #   k:      0     1     2      3      4      5     6     7   8
    #   ways:  45  1200  9450  30240  44100  30240  9450  1200  45
    # Two-sided p: the tables as or less likely than the observed k = 1:
    # (45 + 1200 + 1200 + 45) / 125970 = 2490 / 125970 = 0.0197666...
    # Odds ratio (9 * 7) / (1 * 3) = 21; phi = |9 * 7 - 1 * 3| / sqrt(10 * 10 * 12 * 8)
    # = 60 / 97.97959 = 0.6123724.
    result = compare_categories(["no"] * 9 + ["yes"], ["no"] * 3 + ["yes"] * 7)
    assert (result.test, result.paired) == ("fisher_exact", False)
    assert result.p_value == pytest.approx(2490 / 125970, abs=TIGHT)
    assert result.statistic == pytest.approx(21.0, abs=TIGHT)
    assert result.effect_size == pytest.approx(60 / math.sqrt(9600), abs=TIGHT)
    assert result.significant
    expected = stats.fisher_exact([[9, 1], [3, 7]])
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


def test_fisher_exact_with_an_empty_cell_has_no_odds_ratio():
    # Table [[10, 0], [2, 8]]: odds ratio 10 * 8 / (0 * 2) is infinite, so None, while the
    # p-value stands. Expected "b" per wave 8 * 10 / 20 = 4 < 5, so Fisher's test.
    result = compare_categories(["a"] * 10, ["a"] * 2 + ["b"] * 8)
    assert result.test == "fisher_exact"
    assert result.statistic is None
    assert result.p_value == pytest.approx(stats.fisher_exact([[10, 0], [2, 8]]).pvalue, abs=TIGHT)
    assert_no_nan_or_inf(result)


def test_a_category_seen_in_one_wave_only_is_a_column():
    first = ["a"] * 10 + ["b"] * 10
    second = ["a"] * 10 + ["b"] * 5 + ["c"] * 10
    result = compare_categories(first, second)
    expected = stats.chi2_contingency([[10, 10, 0], [10, 5, 10]])
    assert result.test == "chi_square"
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


def test_mcnemar_worked_by_hand():
    # 20 respondents: 8 moved from no to yes (b), 2 from yes to no (c), 10 did not move.
    # Exact test: b ~ Binomial(b + c = 10, 0.5); two-sided p = 2 P(X <= 2)
    # = 2 (1 + 10 + 45) / 1024 = 112 / 1024 = 0.109375.
    # Cohen's g = |8 / 10 - 0.5| = 0.3. Statistic min(b, c) = 2.
    pairs = [("no", "yes")] * 8 + [("yes", "no")] * 2 + [("yes", "yes")] * 5 + [("no", "no")] * 5
    result = compare_categories([], [], pairs=pairs)
    assert (result.test, result.paired, result.reason) == ("mcnemar", True, "")
    assert (result.n_first, result.n_second) == (20, 20)
    assert result.statistic == 2.0
    assert result.p_value == pytest.approx(0.109375, abs=TIGHT)
    assert result.p_value == pytest.approx(stats.binomtest(8, 10).pvalue, abs=TIGHT)
    assert (result.effect_name, result.effect_size) == ("cohens_g", pytest.approx(0.3))
    assert not result.significant


def test_paired_categories_beyond_two_test_marginal_homogeneity_as_statsmodels_does():
    from statsmodels.stats.contingency_tables import SquareTable

    pairs = [("low", "high")] * 6 + [("mid", "high")] * 4 + [("low", "mid")] * 5
    pairs += [("low", "low")] * 3 + [("high", "low")] * 2
    result = compare_categories([], [], pairs=pairs)
    # Rows before, columns after, in the order high, low, mid.
    table = [[0, 2, 0], [6, 3, 5], [4, 0, 0]]
    expected = SquareTable(np.array(table), shift_zeros=False).homogeneity(method="stuart_maxwell")
    assert (result.test, result.paired) == ("stuart_maxwell", True)
    assert (result.n_first, result.n_second) == (20, 20)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    assert result.significant


def test_paired_categories_nobody_moved_into_or_out_of_are_left_out_of_the_test():
    from statsmodels.stats.contingency_tables import SquareTable

    # Nobody left or joined "c": with it, the covariance matrix would be singular.
    pairs = [("a", "b")] * 7 + [("b", "a")] * 2 + [("b", "d")] * 3 + [("c", "c")] * 6
    result = compare_categories([], [], pairs=pairs)
    expected = SquareTable(
        np.array([[0, 7, 0], [2, 0, 3], [0, 0, 0]]), shift_zeros=False
    ).homogeneity()
    assert result.test == "stuart_maxwell"
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


def test_too_few_pairs_compare_the_waves_as_independent():
    pairs = [("a", "b")] * (MIN_ANSWERS - 1)
    result = compare_categories(["a", "b"] * 10, ["b"] * 20, pairs=pairs)
    assert (result.test, result.paired) == ("chi_square", False)
    assert (result.n_first, result.n_second) == (20, 20)


def test_missing_labels_are_dropped():
    first = ["a", None, float("nan")] + ["a"] * 9 + ["b"] * 9
    second = ["a"] * 9 + ["b"] * 9 + [None]
    result = compare_categories(first, second)
    assert (result.n_first, result.n_second) == (19, 18)
    expected = stats.chi2_contingency([[10, 9], [9, 9]])
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    pairs = [("a", "b")] * 9 + [("b", "a")] * 3 + [(None, "a"), ("a", float("nan"))]
    assert compare_categories([], [], pairs=pairs).n_first == 12


def test_categories_that_never_vary_are_not_tested():
    same = compare_categories(["yes"] * 12, ["yes"] * 15)
    assert_not_run(same, "no_variation")
    assert (same.n_first, same.n_second, same.paired) == (12, 15, False)
    assert_not_run(compare_categories([], [], pairs=[("yes", "yes")] * 12), "no_variation")
    unchanged = [("yes", "yes")] * 6 + [("no", "no")] * 6
    assert_not_run(compare_categories([], [], pairs=unchanged), "no_variation")


def test_categories_constant_in_one_wave_are_tested():
    result = compare_categories(["yes"] * 20, ["yes"] * 10 + ["no"] * 10)
    assert result.test == "chi_square"
    expected = stats.chi2_contingency([[0, 20], [10, 10]])
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


@pytest.mark.parametrize(
    ("first", "second", "pairs"),
    [
        ([], [], None),
        (["a"], ["b"], None),
        (["a", "b"] * 4 + ["a"], ["a", "b"] * 10, None),
        ([], [], []),
        ([], [], [("a", "b")] * (MIN_ANSWERS - 1)),
    ],
)
def test_too_few_categories_are_not_tested(first, second, pairs):
    # Too few pairs: the waves' own answers are compared, and they are too few too.
    result = compare_categories(first, second, pairs=pairs)
    assert_not_run(result, "too_few")
    assert not result.paired
    assert (result.n_first, result.n_second) == (len(first), len(second))


# compare_ordinal


def test_mann_whitney_with_ties_agrees_with_scipy(rng):
    first = rng.integers(1, 6, size=40)
    second = np.minimum(rng.integers(1, 6, size=35) + 1, 5)
    result = compare_ordinal(first, second)
    expected = stats.mannwhitneyu(first, second)
    assert (result.test, result.paired, result.reason) == ("mann_whitney", False, "")
    assert (result.n_first, result.n_second) == (40, 35)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    rank_biserial = 1 - 2 * expected.statistic / (40 * 35)
    assert result.effect_name == "rank_biserial"
    assert result.effect_size == pytest.approx(rank_biserial, abs=TIGHT)
    assert result.effect_size > 0  # the second wave was shifted up


def test_rank_biserial_worked_by_hand():
    # Ratings 0..9 in the first wave; a 5 and nine 10s in the second.
    # U of the first wave counts the pairs it wins, ties halved: against the 5, it wins
    # with 6, 7, 8, 9 (4) and ties once (0.5); against each 10 it never wins. U = 4.5.
    # r = 1 - 2 U / (n1 n2) = 1 - 9 / 100 = 0.91: the second wave is much higher.
    first = list(range(10))
    second = [5] + [10] * 9
    result = compare_ordinal(first, second)
    assert result.statistic == 4.5
    assert result.effect_size == pytest.approx(0.91, abs=TIGHT)
    assert result.p_value == pytest.approx(stats.mannwhitneyu(first, second).pvalue, abs=TIGHT)
    assert result.significant
    # Swapping the waves turns the sign.
    assert compare_ordinal(second, first).effect_size == pytest.approx(-0.91, abs=TIGHT)


def test_wilcoxon_of_many_pairs_with_ties_and_zeros_agrees_with_scipy(rng):
    before = rng.integers(0, 11, size=80)
    after = np.clip(before + rng.integers(-2, 4, size=80), 0, 10)
    result = compare_ordinal([], [], pairs=list(zip(before, after, strict=True)))
    expected = stats.wilcoxon(after, before, method="asymptotic")
    assert (result.test, result.paired, result.reason) == ("wilcoxon", True, "")
    assert (result.n_first, result.n_second) == (80, 80)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


def test_wilcoxon_of_few_pairs_with_ties_is_exact_as_scipys_permutation_test():
    # 10 pairs with ties: the normal approximation says 0.039, the exact test (every
    # assignment of signs) 0.057; the demo case was 0.045 against 0.0625.
    differences = [1, -1, -1, 2, 1, 3, 2, 1, 1, 1]
    pairs = [(3, 3 + d) for d in differences]
    result = compare_ordinal([], [], pairs=pairs)
    permutation = stats.wilcoxon(differences, method=stats.PermutationMethod(n_resamples=np.inf))
    assert result.p_value == pytest.approx(permutation.pvalue, abs=TIGHT)
    assert stats.wilcoxon(differences, method="asymptotic").pvalue < 0.05
    assert not result.significant


def test_matched_pairs_rank_biserial_worked_by_hand():
    # Differences after - before: +1 +1 +2 -1 +3 0 0 +2 +1 +1. The two zeros are dropped.
    # Ranks of the 8 absolute differences: five 1s share ranks 1..5 (3 each), two 2s share
    # 6 and 7 (6.5 each), the 3 is rank 8; total 36. T- = 3 (the -1), T+ = 36 - 3 = 33.
    # r = (33 - 3) / 36 = 0.8333...; statistic min(T+, T-) = 3.
    differences = [1, 1, 2, -1, 3, 0, 0, 2, 1, 1]
    pairs = [(3, 3 + d) for d in differences]
    result = compare_ordinal([], [], pairs=pairs)
    assert result.statistic == 3.0
    assert result.effect_size == pytest.approx(30 / 36, abs=TIGHT)
    # Ties and zeros: exact, every assignment of signs to the 8 nonzero differences.
    changes = [d for d in differences if d]
    exact = stats.wilcoxon(changes, method=stats.PermutationMethod(n_resamples=np.inf))
    assert result.p_value == pytest.approx(exact.pvalue, abs=TIGHT)


def test_ordinal_answers_that_never_vary_are_not_tested():
    assert_not_run(compare_ordinal([3] * 10, [3] * 12), "no_variation")
    assert_not_run(compare_ordinal([], [], pairs=[(1, 1), (4, 4)] * 6), "no_variation")


def test_ordinal_answers_constant_in_each_wave_but_different_are_tested():
    result = compare_ordinal([1] * 10, [5] * 12)
    expected = stats.mannwhitneyu([1] * 10, [5] * 12)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    assert result.effect_size == 1.0
    assert_no_nan_or_inf(result)


def test_missing_ordinal_answers_are_dropped():
    first = [1, 2, 3, None, float("nan")] * 3
    second = [2, 3, 4, None] * 3
    result = compare_ordinal(first, second)
    assert (result.n_first, result.n_second) == (9, 9)
    assert result.reason == "too_few"
    result = compare_ordinal(first * 2, second * 2)
    expected = stats.mannwhitneyu([1, 2, 3] * 6, [2, 3, 4] * 6)
    assert (result.n_first, result.n_second) == (18, 18)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


# With ties or zeros in 13 pairs or fewer, SciPy's Wilcoxon runs an exhaustive permutation
# test, which takes about a third of a second.
@settings(deadline=None)
@given(
    st.lists(st.integers(1, 5), max_size=30),
    st.lists(st.integers(1, 5), max_size=30),
    st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), max_size=30),
)
def test_ordinal_p_value_is_none_or_a_probability(first, second, pairs):
    for result in (compare_ordinal(first, second), compare_ordinal([], [], pairs=pairs)):
        assert_no_nan_or_inf(result)
        assert result.p_value is None or 0 <= result.p_value <= 1
        assert result.effect_size is None or -1 <= result.effect_size <= 1
        assert (result.p_value is None) == (result.reason != "")


# compare_numbers


def test_welch_t_agrees_with_scipy(rng):
    first = rng.normal(20, 4, size=25)
    second = rng.normal(23, 9, size=31)
    result = compare_numbers(first, second)
    expected = stats.ttest_ind(second, first, equal_var=False)
    assert (result.test, result.paired, result.reason) == ("welch_t", False, "")
    assert (result.n_first, result.n_second) == (25, 31)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)


def test_hedges_g_worked_by_hand():
    # First wave 1, 2, 3, 4, 5 twice: mean 3, squared deviations 2 * (4 + 1 + 0 + 1 + 4) = 20,
    # variance 20 / 9. Second wave 3..7 twice: mean 5, same variance.
    # Pooled SD = sqrt((9 * 20/9 + 9 * 20/9) / 18) = sqrt(20/9) = 1.490712; d = 2 / 1.490712
    # = 1.341641. Correction 1 - 3 / (4 * 20 - 9) = 68 / 71; g = 1.341641 * 68 / 71 = 1.284952.
    # Welch's t = (5 - 3) / sqrt(20/9 / 10 + 20/9 / 10) = 2 / (2 / 3) = 3.
    result = compare_numbers([1, 2, 3, 4, 5] * 2, [3, 4, 5, 6, 7] * 2)
    assert result.effect_name == "hedges_g"
    assert result.effect_size == pytest.approx(2 / math.sqrt(20 / 9) * 68 / 71, abs=TIGHT)
    assert result.effect_size == pytest.approx(1.284952, abs=1e-6)
    assert result.statistic == pytest.approx(3.0, abs=TIGHT)
    assert compare_numbers([3, 4, 5, 6, 7] * 2, [1, 2, 3, 4, 5] * 2).statistic == pytest.approx(
        -3.0, abs=TIGHT
    )


def test_paired_t_agrees_with_scipy(rng):
    before = rng.normal(10, 3, size=22)
    after = before + rng.normal(0.8, 1.5, size=22)
    result = compare_numbers([], [], pairs=list(zip(before, after, strict=True)))
    expected = stats.ttest_rel(after, before)
    differences = after - before
    assert (result.test, result.paired, result.reason) == ("paired_t", True, "")
    assert (result.n_first, result.n_second) == (22, 22)
    assert result.statistic == pytest.approx(expected.statistic, abs=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    assert result.effect_name == "cohens_dz"
    assert result.effect_size == pytest.approx(
        differences.mean() / differences.std(ddof=1), abs=TIGHT
    )


def test_cohens_dz_worked_by_hand():
    # Differences 1, 2, 3, 1, 2, 3, 1, 2, 3, 2: mean 2, squared deviations sum 6, SD
    # sqrt(6 / 9) = 0.816497; dz = 2 / 0.816497 = 2.449490; t = dz * sqrt(10) = 7.745967.
    pairs = [(10, 10 + d) for d in [1, 2, 3, 1, 2, 3, 1, 2, 3, 2]]
    result = compare_numbers([], [], pairs=pairs)
    assert result.effect_size == pytest.approx(2 / math.sqrt(6 / 9), abs=TIGHT)
    assert result.statistic == pytest.approx(2 / math.sqrt(6 / 9) * math.sqrt(10), abs=TIGHT)


def test_numbers_constant_in_one_wave_are_tested():
    # SciPy warns of precision loss on a constant wave, so the expected values are by hand.
    # Second wave 5..14: mean 9.5, variance (10 * 10 - 1) / 12 * 10 / 9 = 9.1666...; the
    # first wave (all 7) adds no variance, so t = (9.5 - 7) / sqrt(9.1666 / 10) = 2.611165
    # and Welch's degrees of freedom reduce to 10 - 1 = 9.
    result = compare_numbers([7] * 10, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
    t = 2.5 / math.sqrt(99 / 12 * 10 / 9 / 10)
    assert result.test == "welch_t"
    assert result.statistic == pytest.approx(t, abs=TIGHT)
    assert result.p_value == pytest.approx(2 * stats.t.sf(t, 9), abs=TIGHT)
    assert_no_nan_or_inf(result)


def test_numbers_without_spread_are_not_tested():
    assert_not_run(compare_numbers([4] * 10, [4] * 10), "no_variation")
    # Constant but different waves: t would be a difference over a zero spread, while
    # the difference is certain; nothing changed is not what happened.
    assert_not_run(compare_numbers([4] * 10, [6] * 10), "no_spread")
    assert_not_run(compare_numbers([], [], pairs=[(2, 2), (5, 5)] * 5), "no_variation")
    # Everyone gained exactly 1: the differences have no spread either.
    assert_not_run(compare_numbers([], [], pairs=[(2, 3), (5, 6)] * 5), "no_spread")


def test_nearly_identical_numbers_give_finite_results_without_warnings():
    # SciPy warns of precision loss here; the suite runs these with warnings as errors.
    result = compare_numbers([1.0] * 9 + [1.0000000001], [1.0] * 10)
    assert result.test == "welch_t"
    assert_no_nan_or_inf(result)


def test_missing_numbers_are_dropped():
    first = [1.5, None, float("nan"), 2.5, float("inf")] + [3.0, 4.0] * 5
    result = compare_numbers(first, [2.0, 5.0] * 5)
    assert (result.n_first, result.n_second) == (12, 10)
    expected = stats.ttest_ind([2.0, 5.0] * 5, [1.5, 2.5] + [3.0, 4.0] * 5, equal_var=False)
    assert result.p_value == pytest.approx(expected.pvalue, abs=TIGHT)
    pairs = [(1, 2), (2, 2), (None, 3), (3, float("nan"))] * 5
    assert compare_numbers([], [], pairs=pairs).n_first == 10


@pytest.mark.parametrize("compare", [compare_ordinal, compare_numbers])
@pytest.mark.parametrize(
    ("first", "second", "pairs"),
    [
        ([], [], None),
        ([3], [4], None),
        ([1, 2, 3] * 3, [1, 2, 3] * 4, None),
        ([None] * 20, [1, 2] * 10, None),
        ([], [], []),
        ([], [], [(1, 2)]),
        ([], [], [(1, 2), (2, 4)] * 4 + [(1, None)] * 2),
    ],
)
def test_too_few_answers_are_not_tested(compare, first, second, pairs):
    # Too few pairs: the waves' own answers are compared, and they are too few too.
    result = compare(first, second, pairs=pairs)
    assert_not_run(result, "too_few")
    assert not result.paired
    n_first = sum(value is not None for value in first)
    assert (result.n_first, result.n_second) == (n_first, len(second))


def test_significant_means_p_below_five_percent():
    def comparison(p_value):
        return Comparison("welch_t", False, 10, 10, 1.0, p_value, 0.1, "hedges_g", "")

    assert comparison(0.049).significant
    assert not comparison(0.05).significant
    assert not comparison(None).significant


def test_holms_adjustment_agrees_with_statsmodels(rng):
    from statsmodels.stats.multitest import multipletests

    for size in (2, 3, 7):
        p_values = rng.uniform(0, 0.2, size).tolist() + [None]
        tested = [
            Comparison("chi_square", False, 20, 20, 1.0, p, 0.1, "cohens_h", "") for p in p_values
        ]
        adjusted = holm(tested)
        expected = multipletests(p_values[:-1], method="holm")[1]
        assert [c.p_value for c in adjusted[:-1]] == pytest.approx(expected.tolist(), abs=TIGHT)
        assert all(c.compared == size for c in adjusted[:-1])
        assert adjusted[-1].p_value is None and adjusted[-1].compared == 1


@pytest.mark.parametrize(("hits", "n"), [(0, 10), (3, 10), (10, 10), (51, 120), (4321, 5000)])
def test_share_intervals_are_wilsons_as_scipy_computes_them(hits, n):
    expected = stats.binomtest(hits, n).proportion_ci(0.95, method="wilson")
    low, high = share_interval(hits, n)
    assert (low, high) == pytest.approx((100 * expected.low, 100 * expected.high), abs=1e-9)
    assert share_interval(0, 0) is None
