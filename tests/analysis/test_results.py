"""Survey results computed from plain answers: counts, shares, top-2 box, breakdowns with
small groups hidden, scale scores and the change between waves."""

import math

import numpy as np
import pytest
from scipy import stats

from vises.analysis import results
from vises.analysis.results import Dataset, Item, Option, ScaleRule

AGREE = tuple(Option(str(value), {"en": label}) for value, label in enumerate("ABCDE", start=1))
GENDER = (Option("woman", {"en": "Woman"}), Option("man", {"en": "Man"}))


def item(code, kind, options=(), **more):
    return Item(code=code, kind=kind, options=options, **more)


ITEMS = [
    item("gender", "single_choice", GENDER, allow_other=True),
    item("skills", "scale", AGREE),
    item("hours", "number"),
    item("kids", "single_choice", (Option("yes", {}), Option("no", {}))),
    item(
        "kids_count",
        "number",
        condition={
            "combine": "all",
            "rules": [{"question": "kids", "op": "equals", "value": "yes"}],
        },
    ),
    item("topics", "multiple_choice", (Option("a", {}), Option("b", {}))),
    item("say", "long_text"),
]


def test_counts_shares_and_top_box_of_a_scale():
    answers = [{"skills": value} for value in [1, 2, 4, 4, 5, 5, 5]] + [{}]
    data = Dataset(ITEMS, answers, ["entry"] * 8)
    result = results.result(data, "skills")
    assert (result.answered, result.missing) == (7, 1)
    assert [(c.value, c.count) for c in result.counts] == [
        ("1", 1),
        ("2", 1),
        ("3", 0),
        ("4", 2),
        ("5", 3),
    ]
    assert result.counts[4].share == pytest.approx(100 * 3 / 7)
    assert result.top_box == pytest.approx(100 * 5 / 7)  # 4s and 5s
    assert result.numbers.mean == pytest.approx(26 / 7)
    assert result.numbers.median == 4


def test_a_question_hidden_by_its_condition_is_not_missing():
    answers = [
        {"kids": "yes", "kids_count": 2},
        {"kids": "yes"},  # shown, left blank: missing
        {"kids": "no"},  # not shown: not missing
    ]
    result = results.result(Dataset(ITEMS, answers, ["w"] * 3), "kids_count")
    assert (result.answered, result.missing) == (1, 1)


def test_other_answers_and_open_texts_are_listed_with_their_response():
    answers = [
        {"gender": "_other", "gender.other": "Non-binary", "say": "Great team"},
        {"gender": "woman", "say": "  "},
        {"topics": ["a", "b"]},
        {"topics": ["b"]},
    ]
    data = Dataset(ITEMS, answers, ["w"] * 4)
    assert results.result(data, "gender").texts == ((0, "Non-binary"),)
    assert [(c.value, c.count) for c in results.result(data, "gender").counts] == [
        ("woman", 1),
        ("man", 0),
        ("_other", 1),
    ]
    assert results.result(data, "say").texts == ((0, "Great team"),)
    topics = results.result(data, "topics")
    assert topics.answered == 2 and [c.count for c in topics.counts] == [1, 2]


def test_open_answers_are_searched_by_every_word_whatever_case_and_accents():
    texts = [(0, "Une équipe à l'écoute"), (1, "Trop de bruit"), (2, "L'EQUIPE m'a aidé")]
    assert results.matching_texts(texts, "equipe") == [texts[0], texts[2]]
    assert results.matching_texts(texts, "équipe aidé") == [texts[2]]
    assert results.matching_texts(texts, "  ") == texts
    assert results.matching_texts(texts, "absent") == []


def test_a_question_nobody_answered_gives_no_figure_and_no_nan():
    data = Dataset(ITEMS, [{}, {}], ["w", "w"])
    for code in ("skills", "hours", "gender", "topics", "say"):
        result = results.result(data, code)
        assert result.answered == 0
        assert all(c.share is None for c in result.counts)
        if result.numbers is not None:
            assert result.numbers.mean is None and result.numbers.sd is None


def test_breakdown_by_a_single_choice_hides_small_groups_and_their_complement():
    answers = [{"gender": "woman", "skills": 5}] * 12 + [{"gender": "man", "skills": 1}] * 3
    data = Dataset(ITEMS, answers, ["w"] * 15)
    shown = results.breakdown(data, "skills", "gender")
    assert [(g.label, g.answered, g.top_box) for g in shown.groups] == [
        ("woman", 12, 100.0),
        ("man", 3, 0.0),
        ("_other", 0, None),
    ]
    hidden = results.breakdown(data, "skills", "gender", minimum=5)
    # Men (3) are too few; women are hidden too, or their figure would give the men's away
    # from the overall result.
    assert [(g.label, g.hidden) for g in hidden.groups] == [
        ("woman", True),
        ("man", True),
        ("_other", False),
    ]
    assert hidden.groups[0].counts == () and hidden.groups[0].top_box is None


def test_breakdown_by_wave_of_a_number_gives_means_per_wave():
    answers = [{"hours": h} for h in (10, 20, 30)] + [{"hours": h} for h in (40, 50)]
    data = Dataset(ITEMS, answers, ["entry"] * 3 + ["exit"] * 2)
    groups = results.breakdown(data, "hours", "wave").groups
    assert [(g.label, g.answered, g.numbers.mean) for g in groups] == [
        ("entry", 3, 20.0),
        ("exit", 2, 45.0),
    ]
    assert results.groupings(data) == ["wave", "gender", "kids"]


def test_scale_scores_turn_reversed_items_round_and_need_half_the_items():
    items = [item(f"sw{n}", "scale", AGREE, bank_code=f"self_worth_{n}") for n in (1, 2, 3, 4)]
    rule = ScaleRule(
        "self_worth",
        {},
        (
            ("self_worth_1", False),
            ("self_worth_2", True),
            ("self_worth_3", False),
            ("self_worth_4", True),
        ),
        1,
        5,
    )
    answers = [
        {"sw1": 5, "sw2": 1, "sw3": 4, "sw4": 2},  # (5 + 5 + 4 + 4) / 4 = 4.5
        {"sw1": 2, "sw2": 5},  # half the items: (2 + 1) / 2 = 1.5
        {"sw1": 3},  # a quarter: no score
    ]
    scores = results.scale_scores(Dataset(items, answers, ["w"] * 3), rule)
    assert scores[:2].tolist() == [4.5, 1.5] and math.isnan(scores[2])
    assert results.scale_scores(Dataset(items[:3], answers, ["w"] * 3), rule) is None


def test_change_of_a_scale_tests_its_top_box_and_its_whole_answers_as_scipy_does():
    rng = np.random.default_rng(3)
    entry = rng.integers(1, 6, 40).tolist()
    exit_ = np.clip(rng.integers(1, 6, 35) + 1, 1, 5).tolist()
    answers = [{"skills": v} for v in entry] + [{"skills": v} for v in exit_]
    data = Dataset(ITEMS, answers, ["entry"] * 40 + ["exit"] * 35)
    change = results.change(data, "skills", "entry", "exit")
    top = [sum(v >= 4 for v in entry), sum(v >= 4 for v in exit_)]
    table = [[top[0], 40 - top[0]], [top[1], 35 - top[1]]]
    assert change.measure == "top_box"
    assert (change.comparison.test, change.comparison.paired) == ("chi_square", False)
    assert change.comparison.p_value == pytest.approx(stats.chi2_contingency(table).pvalue)
    assert change.before == pytest.approx(100 * top[0] / 40)
    assert change.after == pytest.approx(100 * top[1] / 35)
    wilson = stats.binomtest(top[1], 35).proportion_ci(method="wilson")
    assert change.after_interval == pytest.approx((100 * wilson.low, 100 * wilson.high))
    assert change.overall.test == "mann_whitney"
    assert change.overall.p_value == pytest.approx(stats.mannwhitneyu(entry, exit_).pvalue)


def test_linked_respondents_are_compared_in_pairs_and_shares_are_theirs():
    before = [1, 2, 2, 3, 3, 3, 2, 1, 2, 3, 4, 2]
    after = [3, 4, 2, 4, 5, 3, 4, 2, 4, 4, 5, 4]
    answers = [{"skills": v} for v in before] + [{"skills": v} for v in after]
    answers.append({"skills": 5})  # answered at exit only: not in a pair
    keys = [f"r{n}" for n in range(12)] * 2 + ["lonely"]
    data = Dataset(ITEMS, answers, ["entry"] * 12 + ["exit"] * 13, keys)
    change = results.change(data, "skills", "entry", "exit")
    assert (change.comparison.test, change.comparison.paired) == ("mcnemar", True)
    assert change.comparison.n_first == change.linked == 12
    assert change.before == pytest.approx(100 * 1 / 12)
    assert change.after == pytest.approx(100 * 8 / 12)
    # 7 moved into the top-2 box, nobody out of it: McNemar's exact test.
    assert change.comparison.p_value == pytest.approx(stats.binomtest(7, 7).pvalue)
    assert (change.overall.test, change.overall.paired) == ("wilcoxon", True)


def test_linked_waves_with_too_few_links_compare_all_answers_as_independent():
    rng = np.random.default_rng(5)
    entry, exit_ = rng.integers(1, 6, 150).tolist(), rng.integers(2, 6, 150).tolist()
    answers = [{"skills": v} for v in entry + exit_]
    keys = [f"a{n}" for n in range(150)] + [f"b{n}" for n in range(150)]  # nobody in both
    data = Dataset(ITEMS, answers, ["entry"] * 150 + ["exit"] * 150, keys)
    change = results.change(data, "skills", "entry", "exit")
    assert change.linked == 0
    assert not change.comparison.paired and change.comparison.reason == ""
    assert (change.comparison.n_first, change.comparison.n_second) == (150, 150)
    assert change.overall.p_value == pytest.approx(stats.mannwhitneyu(entry, exit_).pvalue)


def test_answers_outside_a_scales_options_are_counted_nowhere():
    answers = [{"skills": v} for v in [1, 2, 3] * 4 + [9] * 8] + [{"skills": 5}] * 12
    data = Dataset(ITEMS, answers, ["entry"] * 20 + ["exit"] * 12)
    assert results.result(data, "skills").answered == 24
    change = results.change(data, "skills", "entry", "exit")
    assert (change.comparison.n_first, change.comparison.n_second) == (12, 12)
    assert (change.before, change.after) == (0.0, 100.0)
    expected = stats.mannwhitneyu([1, 2, 3] * 4, [5] * 12).pvalue
    assert change.overall.p_value == pytest.approx(expected)


def test_each_option_of_a_multiple_choice_is_compared_with_holms_correction():
    from statsmodels.stats.multitest import multipletests

    entry = [["a"]] * 12 + [["a", "b"]] * 3 + [["b"]] * 5
    exit_ = [["b"]] * 14 + [["a", "b"]] * 4 + [["a"]] * 2
    answers = [{"topics": chosen} for chosen in entry + exit_]
    data = Dataset(ITEMS, answers, ["entry"] * 20 + ["exit"] * 20)
    change = results.change(data, "topics", "entry", "exit")
    # a: 15 of 20 then 6 of 20; b: 8 of 20 then 18 of 20. b moved most.
    tables = {"a": [[15, 5], [6, 14]], "b": [[8, 12], [18, 2]]}
    raw = []
    for table in tables.values():
        test = stats.fisher_exact if (stats.contingency.expected_freq(table) < 5).any() else None
        raw.append(test(table).pvalue if test else stats.chi2_contingency(table).pvalue)
    adjusted = multipletests(raw, method="holm")[1]
    assert (change.value, change.before, change.after) == ("b", 40.0, 90.0)
    assert change.comparison.compared == 2
    assert change.comparison.p_value == pytest.approx(adjusted[1])


def test_paired_single_choice_of_three_answers_tests_marginal_homogeneity():
    before = ["woman"] * 6 + ["man"] * 6 + ["_other"] * 2
    after = ["man"] * 6 + ["woman"] * 4 + ["_other"] * 4
    answers = [{"gender": v} for v in before + after]
    keys = [f"r{n}" for n in range(14)] * 2
    data = Dataset(ITEMS, answers, ["entry"] * 14 + ["exit"] * 14, keys)
    change = results.change(data, "gender", "entry", "exit")
    assert change.comparison.test == "mcnemar" and change.comparison.compared == 3
    assert (change.overall.test, change.overall.paired) == ("stuart_maxwell", True)


def test_change_of_a_choice_names_the_answer_that_moved_most():
    answers = (
        [{"kids": "yes"}] * 4
        + [{"kids": "no"}] * 16
        + [{"kids": "yes"}] * 15
        + [{"kids": "no"}] * 5
    )
    data = Dataset(ITEMS, answers, ["entry"] * 20 + ["exit"] * 20)
    change = results.change(data, "kids", "entry", "exit")
    assert change.comparison.test == "chi_square"
    assert (change.value, change.before, change.after) == ("yes", 20.0, 75.0)
    table = [[4, 16], [15, 5]]
    # Two answers: the share of one is the complement of the other's; one test, unadjusted.
    assert change.comparison.compared == 1
    assert change.comparison.p_value == pytest.approx(stats.chi2_contingency(table)[1])


def test_too_few_answers_in_a_wave_runs_no_test():
    answers = [{"hours": 5}] * 4 + [{"hours": 8}] * 30
    data = Dataset(ITEMS, answers, ["entry"] * 4 + ["exit"] * 30)
    change = results.change(data, "hours", "entry", "exit")
    assert change.comparison.reason == "too_few" and change.comparison.p_value is None
    assert (change.before, change.after) == (5.0, 8.0)


def test_analyse_computes_every_result_breakdown_and_change():
    answers = [{"gender": "woman", "skills": 4, "hours": 3, "kids": "no"}] * 20
    data = Dataset(ITEMS, answers, ["entry"] * 10 + ["exit"] * 10)
    analysis = results.analyse(data, minimum=5)
    assert set(analysis.results) == {item.code for item in ITEMS}
    assert ("skills", "gender") in analysis.breakdowns and (
        "say",
        "wave",
    ) not in analysis.breakdowns
    assert analysis.changes["skills"].overall.reason == "no_variation"
    assert "topics" in analysis.changes and "say" not in analysis.changes
