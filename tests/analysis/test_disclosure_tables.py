"""Figures across enterprises: thresholds, dominance, and tables of counts protected so
that no hidden cell comes back by subtracting shown cells from shown totals."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vises.analysis import disclosure

RULES = disclosure.Thresholds(enterprises=3, respondents=5, dominance=0.8)


def test_a_figure_from_two_enterprises_or_four_respondents_is_sensitive():
    assert disclosure.sensitive({"a": 10, "b": 10}, RULES)
    assert disclosure.sensitive({"a": 2, "b": 1, "c": 1}, RULES)
    assert not disclosure.sensitive({"a": 2, "b": 2, "c": 1}, RULES)
    assert not disclosure.sensitive({}, RULES)


def test_an_enterprise_holding_more_than_the_dominance_share_makes_a_figure_sensitive():
    assert disclosure.sensitive({"a": 81, "b": 10, "c": 9}, RULES)
    assert not disclosure.sensitive({"a": 80, "b": 10, "c": 10}, RULES)
    relaxed = disclosure.Thresholds(dominance=0.9)
    assert not disclosure.sensitive({"a": 81, "b": 10, "c": 9}, relaxed)


def test_figures_of_enterprises_count_enterprises_not_respondents():
    three = {"a": 1, "b": 1, "c": 1}
    assert not disclosure.sensitive(three, RULES, respondents=False)
    assert disclosure.sensitive({"a": 1, "b": 1}, RULES, respondents=False)


def _people(*counts):
    """Contributions of distinct enterprises (one key per count)."""
    return {f"e{index}": count for index, count in enumerate(counts) if count}


def test_a_small_row_is_hidden_with_another_so_the_column_totals_give_nothing_back():
    cells = [
        [_people(5, 5, 5), _people(4, 4, 4)],
        [_people(6, 6, 6), _people(5, 5, 5)],
        [_people(1), _people(1)],  # one enterprise only
    ]
    hiding = disclosure.suppressed(cells, RULES)
    assert {(2, 0), (2, 1), (2, 2)} <= hiding
    assert any(i in (0, 1) for i, _j in hiding), "a second row must be hidden too"
    assert (3, 2) not in hiding, "the grand total stays shown"
    _assert_nothing_recoverable(cells, hiding)


def test_a_bridge_between_two_hidden_cycles_is_closed_even_through_an_empty_cell():
    # Rows 0 and 2 hide columns 0 and 2, rows 1 and 3 hide columns 1 and 3, and one cell
    # of one enterprise joins row 3 to column 2; every cell that could close the cycle is
    # empty. Found by the property test below.
    cells = [
        [{"a": 1}, {}, {"b": 1, "c": 3}, {}],
        [{}, {"a": 1, "b": 2}, {}, {"a": 0, "c": 3}],
        [{"a": 0, "b": 1, "c": 3}, {}, {"a": 1}, {}],
        [{}, {"a": 0, "c": 2}, {"a": 1}, {"a": 0, "b": 1, "c": 0, "d": 1}],
    ]
    hiding = disclosure.suppressed(cells, RULES)
    assert (3, 2) in hiding
    _assert_nothing_recoverable(cells, hiding)


def test_linked_breakdowns_hide_the_same_totals():
    by_region = [[_people(5, 5, 5)], [_people(1)]]
    by_group = [[_people(5, 5, 5, 1)]]
    results = disclosure.suppressed_together([by_region, by_group], RULES)
    totals = [
        {j for i, j in hiding if i == len(table)}
        for table, hiding in zip([by_region, by_group], results, strict=True)
    ]
    assert totals[0] == totals[1]


def _values(cells):
    grid = disclosure.with_totals(cells)
    return [[sum(entry.values()) for entry in row] for row in grid]


def _lines(rows, columns):
    yield from ([(i, j) for j in range(columns)] for i in range(rows))
    yield from ([(i, j) for i in range(rows)] for j in range(columns))


def _assert_nothing_recoverable(cells, hiding):
    values = _values(cells)
    rows, columns = len(values), len(values[0])
    grid = disclosure.with_totals(cells)
    for position in itertools.product(range(rows), range(columns)):
        i, j = position
        if disclosure.sensitive(grid[i][j], RULES):
            assert position in hiding, f"sensitive {position} is shown"
    # Every subtraction of shown cells from a shown total, in every row and column
    # (the margins included): what it gives must be shown already.
    for line in _lines(rows, columns):
        total, parts = line[-1], line[:-1]
        for unknown in line:
            others = [p for p in line if p != unknown]
            if any(p in hiding for p in others):
                continue
            if unknown == total:
                recovered = sum(values[i][j] for i, j in parts)
            else:
                recovered = values[total[0]][total[1]] - sum(
                    values[i][j] for i, j in parts if (i, j) != unknown
                )
            assert recovered == values[unknown[0]][unknown[1]]
            assert unknown not in hiding, f"{unknown} = a shown total minus shown cells"
        hidden_here = [p for p in line if p in hiding]
        if hidden_here and total not in hiding:
            together = disclosure.combined(grid[i][j] for i, j in hidden_here)
            assert not disclosure.sensitive(together, RULES), f"the hidden sum of {line}"
    # And no combination of rows and columns either: a hidden entry is worked out
    # exactly when its column in the system of the table's equations (restricted to the
    # hidden entries) is not spanned by the others.
    hidden = sorted(hiding)
    if not hidden:
        return
    equations = []
    for line in _lines(rows, columns):
        equation = [0.0] * len(hidden)
        for position in line:
            if position in hiding:
                equation[hidden.index(position)] = -1.0 if position == line[-1] else 1.0
        equations.append(equation)
    system = np.array(equations)
    rank = np.linalg.matrix_rank(system)
    for index, position in enumerate(hidden):
        without = np.delete(system, index, axis=1)
        assert np.linalg.matrix_rank(without) == rank, (
            f"{position} is worked out by combining rows and columns"
        )


contribution = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(0, 12), max_size=4
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda columns: st.lists(
            st.lists(contribution, min_size=columns, max_size=columns), min_size=1, max_size=6
        )
    )
)
def test_no_hidden_cell_of_any_table_is_recoverable(cells):
    _assert_nothing_recoverable(cells, disclosure.suppressed(cells, RULES))
