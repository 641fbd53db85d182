"""The change sentences: they say the figures their test compared, the direction those
figures really took, and a claim of "unlikely to be chance" only when that test says so
on enough answers; every p-value is checked against SciPy (and statsmodels) directly."""

import warnings

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable
from statsmodels.stats.multitest import multipletests

from tests.analysis.reference import reference_p
from vises.analysis import results, sentences
from vises.analysis.results import Dataset, Item, Option
from vises.analysis.rounding import rounded
from vises.analysis.statistics import MIN_ANSWERS

AGREE = tuple(
    Option(str(value), {"en": label, "fr": label, "nl": label})
    for value, label in enumerate(
        ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"], start=1
    )
)
SCALE = Item("q", "scale", AGREE)
RATING = Item("q", "rating_0_10", tuple(Option(str(n), {}) for n in range(11)))
NUMBER = Item("q", "number")
CHOICE = Item("q", "single_choice", tuple(Option(v, {"en": v.title()}) for v in ("a", "b", "c")))
TOPICS = Item("q", "multiple_choice", tuple(Option(v, {"en": v.title()}) for v in ("a", "b", "c")))


def compared(item, entry, exit_, keys=None):
    answers = [{"q": value} for value in entry + exit_]
    waves = ["entry"] * len(entry) + ["exit"] * len(exit_)
    data = Dataset([item], answers, waves, keys, wave_order=["entry", "exit"])
    return results.change(data, "q", "entry", "exit")


def said(change, item, language="en"):
    with translation.override(language):
        return sentences.change_sentence(change, item), sentences.how_we_know(change)


def linked_keys(count_before, count_after):
    """Keys linking the first min(count) answers of each wave, the others alone."""
    return [f"p{n}" for n in range(count_before)] + [f"p{n}" for n in range(count_after)]


# The cases, with their expected words ------------------------------------------


def test_agreeing_more_often_while_answers_went_down_says_both_as_tested():
    entry, exit_ = [5] * 30 + [3] * 70, [4] * 40 + [1] * 60
    change = compared(SCALE, entry, exit_)
    top_box = stats.chi2_contingency([[30, 70], [40, 60]]).pvalue
    whole = stats.mannwhitneyu(entry, exit_)
    assert change.comparison.p_value == pytest.approx(top_box) and top_box > 0.05
    assert change.overall.p_value == pytest.approx(whole.pvalue) and whole.pvalue < 1e-7
    sentence, how = said(change, SCALE)
    assert sentence == (
        "At exit, 40% answer “Agree” or “Strongly agree”; at entry, 30%. "
        "This share is higher at exit than at entry, but the difference could be chance. "
        "Over the whole scale, answers are lower at exit than at entry, and this is "
        "unlikely to be chance."
    )
    assert how.startswith(
        "How we know: the chi-square test on 100 answers at entry and 100 at exit"
    )
    assert "p = 0.18" in how and "size of the difference: small (Cohen’s h 0.21)" in how
    wilson = stats.binomtest(40, 100).proportion_ci(method="wilson")
    low, high = rounded(100 * wilson.low), rounded(100 * wilson.high)
    assert f"margin of error (95%): {low:.0f}% to {high:.0f}% at exit" in how
    assert "For the whole scale: the Mann-Whitney test" in how
    assert "medium (rank-biserial correlation -0.44)" in how


def test_the_same_case_reads_true_in_french_and_dutch():
    change = compared(SCALE, [5] * 30 + [3] * 70, [4] * 40 + [1] * 60)
    french, how = said(change, SCALE, "fr")
    assert (
        "Cette part est plus élevée à «\xa0exit\xa0» qu’à «\xa0entry\xa0», mais l’écart " in french
    )
    assert "pourrait être dû au hasard" in french
    assert (
        "Sur toute l’échelle, les réponses sont plus basses à «\xa0exit\xa0» qu’à «\xa0entry\xa0»."
        " Cela a peu de chances d’être dû au hasard." in french
    )
    assert "marge d’erreur (95\xa0%)\xa0: de 31\xa0% à 50\xa0%" in how
    dutch, how = said(change, SCALE, "nl")
    assert (
        "Dit aandeel is hoger bij ‘exit’ dan bij ‘entry’, maar het verschil kan toeval zijn."
        in dutch
    )
    assert (
        "zijn de antwoorden lager bij ‘exit’ dan bij ‘entry’. Dat is waarschijnlijk geen toeval."
        in dutch
    )
    assert "foutenmarge (95%): 31% tot 50% bij ‘exit’" in how


def test_equal_top_box_shares_claim_no_difference():
    change = compared(SCALE, [5] * 30 + [3] * 70, [4] * 30 + [2] * 70)
    sentence, _how = said(change, SCALE)
    assert sentence.startswith(
        "At exit, 30% answer “Agree” or “Strongly agree”; at entry, 30%. "
        "This share is the same at both times."
    )
    assert "difference is unlikely to be chance" not in sentence
    assert "answers are lower at exit" in sentence  # the whole scale did go down


def test_a_rating_whose_mean_rose_says_higher_as_the_t_test_of_the_mean_says():
    entry, exit_ = [5] * 50, [4] * 40 + [10] * 10  # mean 5 then 5.2; most answers lower
    change = compared(RATING, entry, exit_)
    with warnings.catch_warnings():  # SciPy warns that the entry answers are all equal
        warnings.simplefilter("ignore", RuntimeWarning)
        welch = stats.ttest_ind(exit_, entry, equal_var=False)
    assert change.comparison.test == "welch_t"
    assert change.comparison.p_value == pytest.approx(welch.pvalue)
    sentence, how = said(change, RATING)
    assert sentence == (
        "At exit, the average is 5.2; at entry, 5. "
        "The average is higher at exit than at entry, but the difference could be chance."
    )
    assert "Welch’s t test on 50 answers at entry and 50 at exit" in how


def test_a_paired_top_box_of_65_then_70_percent_could_be_chance_in_dutch():
    # 20 people: 13 agree at entry, 14 at exit; 3 came to agree and 2 stopped.
    entry = [4] * 11 + [4, 4] + [2, 2, 2] + [2] * 4
    exit_ = [4] * 11 + [2, 2] + [4, 4, 4] + [2] * 4
    change = compared(SCALE, entry, exit_, linked_keys(20, 20))
    mcnemar = stats.binomtest(3, 5).pvalue
    assert (change.comparison.test, change.comparison.p_value) == (
        "mcnemar",
        pytest.approx(mcnemar),
    )
    sentence, how = said(change, SCALE, "nl")
    assert "Bij ‘exit’ antwoordt 70% ‘Agree’ of ‘Strongly agree’; bij ‘entry’ 65%." in sentence
    assert (
        "Dit aandeel is hoger bij ‘exit’ dan bij ‘entry’, maar het verschil kan toeval zijn."
        in sentence
    )
    assert "Vergeleken over de 20 personen die beide keren hebben geantwoord." in sentence
    assert "de toets van McNemar op de 20 personen die beide keren antwoordden" in how


def test_constant_but_different_waves_say_what_each_answered_not_nothing_changed():
    for item in (NUMBER, RATING):
        sentence, how = said(compared(item, [5] * 15, [7] * 15), item)
        assert sentence == "Every answer is 5 at entry and 7 at exit."
        assert how == ""
    everyone_gained_one = compared(NUMBER, list(range(15)), list(range(1, 16)), linked_keys(15, 15))
    sentence, _how = said(everyone_gained_one, NUMBER)
    assert sentence == "Every person’s answer is 1 higher at exit than at entry."
    assert "nothing changed" not in sentence


def test_nothing_changed_only_when_every_answer_is_the_same():
    sentence, _how = said(compared(NUMBER, [5] * 12, [5] * 12), NUMBER)
    assert sentence == "Every answer is the same at entry and at exit: nothing changed."
    paired = compared(SCALE, [1, 2, 3, 4, 5] * 3, [1, 2, 3, 4, 5] * 3, linked_keys(15, 15))
    sentence, _how = said(paired, SCALE)
    assert sentence == "Every person gave the same answer at entry and at exit: nothing changed."


def test_linked_waves_nobody_answered_twice_are_compared_over_all_answers():
    rng = np.random.default_rng(7)
    entry, exit_ = rng.integers(1, 6, 150).tolist(), rng.integers(1, 6, 150).tolist()
    keys = [f"a{n}" for n in range(150)] + [f"b{n}" for n in range(150)]
    sentence, how = said(compared(SCALE, entry, exit_, keys), SCALE)
    assert "too few answers" not in sentence
    assert sentence.endswith(
        "Compared over all answers (people who answered both times: 0, too few to compare "
        "them one by one)."
    )
    assert "on 150 answers at entry and 150 at exit" in how


def test_paired_answers_of_three_choices_are_tested_for_marginal_homogeneity():
    pairs = [("a", "b")] * 9 + [("b", "c")] * 6 + [("c", "a")] * 1 + [("a", "a")] * 10
    entry, exit_ = [a for a, _b in pairs], [b for _a, b in pairs]
    change = compared(CHOICE, entry, exit_, linked_keys(26, 26))
    table = np.array([[10, 9, 0], [0, 0, 6], [1, 0, 0]])
    expected = SquareTable(table, shift_zeros=False).homogeneity(method="stuart_maxwell")
    assert change.overall.test == "stuart_maxwell"
    assert change.overall.p_value == pytest.approx(expected.pvalue)
    sentence, how = said(change, CHOICE)
    assert "Taken together, the answers " in sentence
    assert "For all the answers together: the Stuart-Maxwell test on the 26 people" in how
    assert "3 answers compared, p adjusted for it (Holm’s method)" in how


def test_each_answer_of_a_multiple_choice_is_compared_and_the_one_that_moved_most_told():
    entry = [["a"]] * 14 + [["b"]] * 6
    exit_ = [["a"]] * 4 + [["b", "c"]] * 16
    change = compared(TOPICS, entry, exit_)
    raw = [
        stats.chi2_contingency([[14, 6], [4, 16]]).pvalue,
        stats.chi2_contingency([[6, 14], [16, 4]]).pvalue,
        stats.chi2_contingency([[0, 20], [16, 4]]).pvalue,
    ]
    holm = multipletests(raw, method="holm")[1]
    assert change.value == "c" and change.comparison.p_value == pytest.approx(holm[2])
    sentence, _how = said(change, TOPICS)
    assert sentence.startswith("At exit, 80% choose “C”; at entry, 0%. This share is higher")
    assert "the difference is unlikely to be chance" in sentence


def test_too_few_answers_make_no_claim():
    sentence, how = said(compared(SCALE, [5] * 9, [1] * 30), SCALE)
    assert sentence.startswith("There are too few answers to conclude: 9 at entry and 30 at exit")
    assert how == ""


def test_percentages_round_half_away_from_zero():
    with translation.override("en"):
        assert sentences.percent(100 * 51 / 120) == "43%"
        assert sentences.percent(-42.5) == "-43%"
        assert sentences.number(2.675, 2) == "2.68"
        assert sentences.number(-0.04) == "0"


def test_different_shares_that_round_alike_show_a_decimal():
    # 203 of 600 (33.83 %) then 201 of 600 (33.5 %): both would show 34 %.
    change = compared(SCALE, [5] * 203 + [1] * 397, [5] * 201 + [1] * 399)
    sentence, _how = said(change, SCALE)
    assert sentence.startswith(
        "At exit, 33.5% answer “Agree” or “Strongly agree”; at entry, 33.8%."
    )
    assert "This share is lower at exit" in sentence


# Properties over random datasets -------------------------------------------------------

KINDS = {"scale": SCALE, "rating": RATING, "number": NUMBER, "choice": CHOICE, "topics": TOPICS}


def _values(kind, lean):
    """Answers of the kind; `lean` (0, 1 or 2) pushes them up, so that waves differ."""
    if kind == "scale":
        return st.integers(1, 5).map(lambda v: min(v + lean, 5))
    if kind == "rating":
        return st.integers(0, 10).map(lambda v: min(v + 2 * lean, 10))
    if kind == "number":
        return st.sampled_from([0, 1, 2, 2.5, 3, 4, 10]).map(lambda v: v + lean)
    answers = ["a", "b", "c"] + ["c"] * 3 * lean
    if kind == "choice":
        return st.sampled_from(answers)
    return st.lists(st.sampled_from(answers), min_size=1, max_size=3, unique=True)


@st.composite
def datasets(draw):
    kind = draw(st.sampled_from(sorted(KINDS)))
    sizes = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    entry = draw(st.lists(_values(kind, 0), min_size=sizes[0], max_size=sizes[0]))
    lean = draw(st.integers(0, 2))
    exit_ = draw(st.lists(_values(kind, lean), min_size=sizes[1], max_size=sizes[1]))
    linked = draw(st.integers(0, min(len(entry), len(exit_)))) if draw(st.booleans()) else None
    keys = None
    if linked is not None:
        keys = [f"p{n}" if n < linked else f"e{n}" for n in range(len(entry))]
        keys += [f"p{n}" if n < linked else f"x{n}" for n in range(len(exit_))]
    return kind, entry, exit_, keys, linked


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_a_sentence_says_the_direction_of_its_effect_and_claims_what_its_test_shows(case):
    kind, entry, exit_, keys, linked = case
    item = KINDS[kind]
    change = compared(item, entry, exit_, keys)
    sentence, how = said(change, item)
    claims = "the difference is unlikely to be chance" in sentence
    doubts = "the difference could be chance" in sentence
    event(f"{kind}: {'claims' if claims else 'doubts' if doubts else 'no test'}")
    p_value, shift = reference_p(kind, entry, exit_, linked)
    if p_value is None:
        assert not claims and not doubts
        assert change.comparison.p_value is None
        return
    assert change.comparison.p_value == pytest.approx(p_value, abs=1e-9)
    assert claims == (p_value < 0.05 and shift != 0)
    assert (change.after - change.before) == pytest.approx(
        100 * shift if kind in ("scale", "choice", "topics") else shift
    )
    effect = change.comparison.effect_size
    if "is higher at exit than at entry" in sentence.split(". Over")[0]:
        assert change.after > change.before and (effect is None or effect > 0)
    elif "is lower at exit than at entry" in sentence.split(". Over")[0]:
        assert change.after < change.before and (effect is None or effect < 0)
    elif "the same at both times" in sentence:
        assert change.after == change.before and not effect
    else:
        assert "nothing changed" in sentence
    if "nothing changed" in sentence:
        paired = linked is not None and linked >= MIN_ANSWERS
        if paired:
            assert entry[:linked] == exit_[:linked]
        else:
            assert len(set(map(repr, entry + exit_))) == 1
    overall = change.overall
    if overall is not None and overall.effect_name == "rank_biserial" and not overall.reason:
        if "answers are higher at exit" in sentence:
            assert overall.effect_size > 0
        if "answers are lower at exit" in sentence:
            assert overall.effect_size < 0
        claims_overall = (
            "answers are higher at exit than at entry, and this is unlikely" in sentence
        )
        claims_overall |= (
            "answers are lower at exit than at entry, and this is unlikely" in sentence
        )
        assert claims_overall == (overall.p_value < 0.05)
    if claims or doubts:
        assert how.startswith("How we know: ")


def test_paired_moves_within_separate_answers_claim_nothing_about_the_whole():
    # People moved between a and b, and between c and d, never across: Stuart-Maxwell's
    # covariance is singular and gives no p; no sentence on the whole distribution then.
    four = Item("q", "single_choice", tuple(Option(v, {"en": v}) for v in "abcd"))
    pairs = [("a", "b")] * 6 + [("b", "a")] * 2 + [("c", "d")] * 5 + [("d", "c")] * 3
    entry, exit_ = [a for a, _b in pairs], [b for _a, b in pairs]
    change = compared(four, entry, exit_, linked_keys(16, 16))
    assert change.overall.test == "stuart_maxwell" and change.overall.p_value is None
    sentence, how = said(change, four)
    assert "Taken together" not in sentence and "For all the answers together" not in how
    assert "Compared over the 16 respondents who answered both times." in sentence
