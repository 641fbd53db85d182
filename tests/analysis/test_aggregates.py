"""Figures across the enterprises that share them: spreads of indicators, pooled answer
distributions, position among peers, each protected by the disclosure rules."""

from collections import Counter

from vises.analysis import aggregates, disclosure

RULES = disclosure.Thresholds()
BE_WAL = aggregates.Place("integration", "BE-WAL", "BE")
BE_BRU = aggregates.Place("integration", "BE-BRU", "BE")
FR_HDF = aggregates.Place("collective_service", "FR-HDF", "FR")


def _value(enterprise, number, period="2026", target=None):
    return aggregates.IndicatorValue(enterprise, "people_supported", period, number, target)


def test_an_indicator_shows_its_spread_from_three_enterprises_and_hides_a_lone_group():
    places = {"a": BE_WAL, "b": BE_WAL, "c": BE_WAL, "d": FR_HDF}
    values = [_value("a", 10, target=12), _value("b", 20, target=12), _value("c", 30)]
    values += [_value("d", 40, target=50), _value("a", 5, period="2025")]
    (result,) = aggregates.indicator_results(values, places, RULES)
    assert result.total.enterprises == 4
    assert result.total.median == 25  # the latest value of each: 10, 20, 30, 40
    assert (result.total.lower_quartile, result.total.upper_quartile) == (17.5, 32.5)
    assert result.total.reaching_target == 1 / 3  # b of a, b, d
    by_country = {row.key: row for row in result.breakdowns["country"]}
    # France holds one enterprise; Belgium would give it back from the total.
    assert not by_country["FR"].shown and by_country["FR"].median is None
    assert not by_country["BE"].shown
    periods = {row.key: row for row in result.periods}
    assert not periods["2025"].shown and periods["2026"].shown


def test_an_indicator_of_two_enterprises_is_not_listed():
    places = {"a": BE_WAL, "b": BE_WAL}
    assert aggregates.indicator_results([_value("a", 1), _value("b", 2)], places, RULES) == []


def _answers(**per_enterprise):
    """{item: {(enterprise, year): Counter}} for the item "confidence"."""
    return {
        "confidence": {
            (enterprise, "2026"): Counter(answers) for enterprise, answers in per_enterprise.items()
        }
    }


def test_pooled_shares_count_each_respondent_and_equal_shares_each_enterprise():
    places = {"a": BE_WAL, "b": BE_WAL, "c": BE_WAL}
    counts = _answers(a={"1": 8, "2": 2}, b={"1": 1, "2": 4}, c={"1": 2, "2": 3})
    (result,) = aggregates.item_results(counts, {"confidence": ["1", "2"]}, places, RULES)
    assert result.total.respondents == 20 and result.total.enterprises == 3
    assert result.total.counts == [11, 9]
    assert result.total.shares == [11 / 20, 9 / 20]
    assert result.total.equal_shares == [(0.8 + 0.2 + 0.4) / 3, (0.2 + 0.8 + 0.6) / 3]


def test_a_cell_one_enterprise_dominates_is_hidden_and_so_is_another_of_its_row():
    places = {"a": BE_WAL, "b": BE_WAL, "c": BE_WAL}
    # Of the 20 who chose "1", 18 answered in enterprise a.
    counts = _answers(a={"1": 18, "2": 2}, b={"1": 1, "2": 5}, c={"1": 1, "2": 5})
    (result,) = aggregates.item_results(counts, {"confidence": ["1", "2"]}, places, RULES)
    assert result.total.counts[0] is None
    assert result.total.counts[1] is None, "the row total would give the hidden cell back"
    assert result.total.respondents == 32
    assert result.total.equal_shares == [None, None]


def test_answers_in_two_enterprises_make_no_figure():
    places = {"a": BE_WAL, "b": BE_WAL}
    counts = _answers(a={"1": 50}, b={"2": 50})
    assert aggregates.item_results(counts, {"confidence": ["1", "2"]}, places, RULES) == []


def test_a_tally_counts_only_the_items_options():
    rows = [
        ("a", "2026", {"q1": 1, "q2": "x"}, {"q1": "confidence"}),
        ("a", "2026", {"q1": "7"}, {"q1": "confidence"}),
        ("b", "2025", {"q9": "2"}, {"q9": "confidence"}),
    ]
    counts = aggregates.tally(rows, {"confidence": ["1", "2"]})
    assert counts["confidence"] == {
        ("a", "2026"): Counter({"1": 1}),
        ("b", "2025"): Counter({"2": 1}),
    }


def test_a_band_needs_enough_peers_and_counts_quarters_from_the_lowest():
    assert aggregates.band(5, [1, 2], RULES) is None
    assert aggregates.band(0, [1, 2, 3, 4], RULES) == 0
    assert aggregates.band(2.5, [1, 2, 3, 4], RULES) == 2
    assert aggregates.band(9, [1, 2, 3, 4], RULES) == 3


def test_peer_positions_compare_within_the_group_and_optionally_the_country():
    places = {"me": BE_WAL, "b": BE_BRU, "c": BE_WAL, "d": BE_WAL, "e": FR_HDF}
    values = [_value("me", 100), _value("b", 1), _value("c", 2), _value("d", 3)]
    values.append(_value("e", 1000))
    (position,) = aggregates.peer_positions(values, places, "me", RULES)
    assert position.band == 3
    fr = aggregates.Place("integration", "FR-HDF", "FR")
    places["b"] = fr
    (position,) = aggregates.peer_positions(values, places, "me", RULES, same_country=True)
    assert position.band is None  # two Belgian peers only
