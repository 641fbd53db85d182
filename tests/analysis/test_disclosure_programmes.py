"""A network's figures and its programmes' (cohorts of its enterprises, overlapping or
not, covering it or not) read side by side: no combination of the figures shown in the
network's view and in every programme's (a cell of one minus the same cell of another,
a total minus shown rows, the network minus several programmes...) gives a figure made
of fewer than 3 enterprises or 5 respondents, or dominated by one enterprise."""

from collections import Counter
from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vises.analysis import aggregates, disclosure

RULES = disclosure.Thresholds(enterprises=3, respondents=5, dominance=0.8)


def _views(rows, programmes, parent=None):
    """What each view hides of the breakdown `rows` (each row a list of (enterprise,
    [count per option])) and, with `parent` (each row's coarser row: regions in
    countries), of the coarser breakdown too: the network's first, then each
    programme's, as the aggregated results decide it."""
    options = len(rows[0][0][1])
    coarse = _coarse(rows, parent)

    def tables(members):
        return [
            [
                [{e: counts[j] for e, counts in row if e in members} for j in range(options)]
                for row in breakdown
            ]
            for breakdown in ([rows] if coarse is None else [rows, coarse])
        ]

    nested = [] if parent is None else [(0, 1, parent)]
    everyone = {e for row in rows for e, _counts in row}
    network = disclosure.suppressed_together(tables(everyone), RULES, nested=nested)
    parts = aggregates._parts_of(sorted(everyone), programmes)
    shared = disclosure.suppressed_in_programmes(
        [tables(part) for part in parts], network, RULES, nested=nested
    )
    return [network] + [network if everyone <= set(p) else shared for p in programmes]


def _coarse(rows, parent):
    if parent is None:
        return None
    return [
        [entry for r, row in enumerate(rows) if parent[r] == c for entry in row]
        for c in range(max(parent) + 1)
    ]


def _recoverable(rows, programmes, hidings, parent=None):
    """Every figure of a set of enterprises' answers that some combination of the shown
    entries of all views gives, as its contributions, found by trying every set of
    answer counts (enterprise, option) the views cannot tell apart."""
    options = len(rows[0][0][1])
    variables = [(e, j) for row in rows for e, _counts in row for j in range(options)]
    value = {(e, j): counts[j] for row in rows for e, counts in row for j in range(options)}
    breakdowns = [rows] if parent is None else [rows, _coarse(rows, parent)]
    everyone = {e for row in rows for e, _counts in row}
    functionals = []
    for members, hiding in zip([everyone, *map(set, programmes)], hidings, strict=True):
        for breakdown, hidden in zip(breakdowns, hiding, strict=True):
            row_of = {e: i for i, row in enumerate(breakdown) for e, _counts in row}
            for i, j in product(range(len(breakdown) + 1), range(options + 1)):
                if (i, j) in hidden:
                    continue
                entry = [
                    float(e in members and i in (row_of[e], len(breakdown)) and j in (o, options))
                    for e, o in variables
                ]
                if any(entry):
                    functionals.append(entry)
    shown = np.array(functionals).reshape(-1, len(variables))
    # What no shown figure sees: directions the answers could move in unnoticed.
    _u, singular, vt = np.linalg.svd(shown)
    rank = int((singular > 1e-9).sum())
    free = vt[rank:].T
    # Answer counts with the same column are always added together: one unknown.
    groups: dict[tuple, list] = {}
    for index, column in enumerate(shown.T):
        groups.setdefault(tuple(column), []).append(index)
    members = list(groups.values())
    assert len(members) <= 16, "too many unknowns to try every set"
    moved = np.array([free[indices].sum(axis=0) for indices in members])
    found = []
    for chosen in product((0, 1), repeat=len(members)):
        if not any(chosen):
            continue
        if free.shape[1] and np.abs(np.array(chosen) @ moved).max() > 1e-6:
            continue  # some unseen move changes it: not recoverable
        contributions = Counter()
        for take, indices in zip(chosen, members, strict=True):
            if take:
                for index in indices:
                    contributions[variables[index][0]] += value[variables[index]]
        found.append(contributions)
    return found


def test_a_programme_of_all_but_one_enterprise_gives_it_away_by_the_network_total():
    """Ten enterprises in two regions, a programme of nine: the network's total minus
    the programme's is the tenth enterprise's answers."""
    rows = [
        [(f"a{n}", [2, 3]) for n in range(5)],
        [(f"b{n}", [3, 2]) for n in range(5)],
    ]
    programme = {e for row in rows for e, _c in row} - {"b4"}
    hidings = _views(rows, [programme])
    for figure in _recoverable(rows, [programme], hidings):
        assert not disclosure.sensitive(figure, RULES), figure
    # The programme gives way: its totals of region b (and what protects them) hide.
    assert (1, 2) in hidings[1][0] and (2, 2) in hidings[1][0]
    assert hidings[0] == [set()]


def test_two_disjoint_programmes_and_one_enterprise_outside_both():
    """The network minus both programmes would be the one enterprise in neither."""
    rows = [[(f"a{n}", [2, 2]) for n in range(6)], [(f"b{n}", [3, 1]) for n in range(7)]]
    first, second = {"a0", "a1", "a2", "b0", "b1", "b2"}, {"a3", "a4", "b3", "b4", "b5", "b6"}
    hidings = _views(rows, [first, second])
    for figure in _recoverable(rows, [first, second], hidings):
        assert not disclosure.sensitive(figure, RULES), figure


def test_a_programme_inside_another_differing_by_one_enterprise():
    rows = [[(f"a{n}", [2, 3]) for n in range(6)], [(f"b{n}", [3, 3]) for n in range(6)]]
    larger = {e for row in rows for e, _c in row} - {"a0", "b0", "b1"}
    smaller = larger - {"a5"}
    hidings = _views(rows, [larger, smaller])
    for figure in _recoverable(rows, [larger, smaller], hidings):
        assert not disclosure.sensitive(figure, RULES), figure


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 1), min_size=1, max_size=3),  # each region's country
    st.integers(1, 2),  # options
    st.integers(1, 3),  # programmes
    st.booleans(),  # whether the countries are shown too
    st.data(),
)
def test_no_combination_of_the_views_gives_away_a_figure_the_rules_hide(
    countries, options, count, by_country, data
):
    rows = []
    for r in range(len(countries)):
        size = data.draw(st.integers(1, 4 if options == 1 else 3))
        answers = st.lists(st.integers(0, 4), min_size=options, max_size=options)
        rows.append([(f"r{r}e{n}", data.draw(answers)) for n in range(size)])
    everyone = sorted(e for row in rows for e, _c in row)
    programmes = [
        set(data.draw(st.lists(st.sampled_from(everyone), unique=True))) for _ in range(count)
    ]
    keys = sorted(set(countries))
    parent = [keys.index(c) for c in countries] if by_country else None
    hidings = _views(rows, programmes, parent)
    for figure in _recoverable(rows, programmes, hidings, parent):
        assert not disclosure.sensitive(figure, RULES), (figure, hidings)
