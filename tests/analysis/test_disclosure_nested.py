"""Breakdowns nested in one another (regions in countries), shown on separate views: no
hidden region comes back from its country's row minus the shown rows of its regions, nor
from any other subtraction across the two views."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vises.analysis import aggregates, disclosure

RULES = disclosure.Thresholds(enterprises=3, respondents=5, dominance=0.8)

# Brussels and Wallonia in Belgium, Hauts-de-France and Grand Est in France.
PLACES = {
    **{f"wal{n}": aggregates.Place("integration", "BE-WAL", "BE") for n in range(4)},
    "vlg": aggregates.Place("integration", "BE-VLG", "BE"),
    **{f"hdf{n}": aggregates.Place("integration", "FR-HDF", "FR") for n in range(2)},
    **{f"ges{n}": aggregates.Place("integration", "FR-GES", "FR") for n in range(3)},
}


def _grid(cells):
    return [[sum(entry.values()) for entry in row] for row in disclosure.with_totals(cells)]


def _entries(tables, parent):
    """Every entry of the region view (table 0) and the country view (table 1), with the
    equations that hold between them: each table's rows and columns, and each country's
    row equal to the sum of its regions' rows."""
    entries = [(t, i, j) for t, table in enumerate(tables) for i, j in np.ndindex(*table.shape)]
    equations = []
    for t, table in enumerate(tables):
        rows, columns = table.shape
        for i in range(rows):
            equations.append([((t, i, j), 1) for j in range(columns - 1)] + [((t, i, -1), -1)])
        for j in range(columns):
            equations.append([((t, i, j), 1) for i in range(rows - 1)] + [((t, -1, j), -1)])
    regions, countries = tables
    for country in range(countries.shape[0] - 1):
        for j in range(countries.shape[1]):
            inside = [i for i, p in enumerate(parent) if p == country]
            equations.append([((0, i, j), 1) for i in inside] + [((1, country, j), -1)])
    # The grand totals are the same figure on both views.
    for j in range(regions.shape[1]):
        equations.append([((0, -1, j), 1), ((1, -1, j), -1)])

    def normal(entry):
        t, i, j = entry
        shape = tables[t].shape
        return t, i % shape[0], j % shape[1]

    return entries, [[(normal(e), c) for e, c in equation] for equation in equations]


def _assert_nothing_recoverable(tables, hidings, parent):
    """Every subtraction of shown entries from a shown total across the two views
    (a country's row minus its shown regions, the total minus the shown countries or
    regions, a row's total minus its shown cells) leaves at least two hidden entries; and
    no combination of them works out a hidden entry (its column in the equations,
    restricted to hidden entries, is spanned by the others)."""
    tables = [np.array(table) for table in tables]
    entries, equations = _entries(tables, parent)
    hidden = [e for e in entries if (e[1], e[2]) in hidings[e[0]]]
    for equation in equations:
        unknown = [entry for entry, _c in equation if entry in hidden]
        assert len(unknown) != 1, f"{unknown[0]} is a shown total minus shown entries"
    if not hidden:
        return
    system = np.array([[dict(eq).get(entry, 0) for entry in hidden] for eq in equations])
    rank = np.linalg.matrix_rank(system)
    for index, entry in enumerate(hidden):
        without = np.delete(system, index, axis=1)
        assert np.linalg.matrix_rank(without) == rank, f"{entry} is worked out across views"


def _views(rows_of, parent, counts):
    """The region and country tables of `counts` ({enterprise: [count per option]})."""
    by_region = [
        [{e: counts[e][j] for e in row} for j in range(len(counts[row[0]]))] for row in rows_of
    ]
    by_country = []
    for country in range(max(parent) + 1):
        members = [e for r, row in enumerate(rows_of) if parent[r] == country for e in row]
        by_country.append(
            [{e: counts[e][j] for e in members} for j in range(len(counts[members[0]]))]
        )
    return by_region, by_country


def test_a_country_minus_its_shown_regions_does_not_give_back_a_hidden_region():
    """Flanders (one enterprise) and Hauts-de-France (two) are hidden by region; by
    country, Belgium minus Wallonia would give Flanders back."""
    values = [
        aggregates.IndicatorValue(e, "people_supported", "2026", n) for n, e in enumerate(PLACES)
    ]
    (result,) = aggregates.indicator_results(values, PLACES, disclosure.Thresholds())
    regions = {row.key: row for row in result.breakdowns["region"]}
    countries = {row.key: row for row in result.breakdowns["country"]}
    assert not regions["BE-VLG"].shown and not regions["FR-HDF"].shown
    for country, inside in (("BE", ("BE-VLG", "BE-WAL")), ("FR", ("FR-GES", "FR-HDF"))):
        shown = [regions[key].enterprises for key in inside if regions[key].shown]
        hidden = [key for key in inside if not regions[key].shown]
        if countries[country].shown:
            assert len(hidden) != 1, (
                f"{country} minus its shown regions gives {hidden[0]}: "
                f"{countries[country].enterprises - sum(shown)} enterprise(s)"
            )
    rows_of = [[e for e in PLACES if PLACES[e].region == r] for r in sorted(regions)]
    parent = [sorted(countries).index(PLACES[row[0]].country) for row in rows_of]
    tables = _views(rows_of, parent, {e: [1] for e in PLACES})
    hidings = [
        {(i, j) for i, row in enumerate(result.breakdowns[name]) if not row.shown for j in (0, 1)}
        | (
            {(len(rows_of if name == "region" else countries), j) for j in (0, 1)}
            if not result.total.shown
            else set()
        )
        for name in ("region", "country")
    ]
    _assert_nothing_recoverable([_grid(t) for t in tables], hidings, parent)


def test_answer_counts_by_region_and_by_country_give_back_no_hidden_region():
    answers = {e: [2, 2, 3, 3] for e in PLACES}
    counts = {
        "confidence": {
            (e, "2026"): {str(j + 1): n for j, n in enumerate(answers[e])} for e in PLACES
        }
    }
    (result,) = aggregates.item_results(
        counts, {"confidence": ["1", "2", "3", "4"]}, PLACES, disclosure.Thresholds()
    )
    regions = result.breakdowns["region"]
    countries = result.breakdowns["country"]
    rows_of = [[e for e in PLACES if PLACES[e].region == row.key] for row in regions]
    keys = [row.key for row in countries]
    parent = [keys.index(PLACES[row[0]].country) for row in rows_of]
    tables = _views(rows_of, parent, answers)

    def hiding(rows):
        found = set()
        for i, row in enumerate(rows):
            found |= {(i, j) for j, count in enumerate(row.counts) if count is None}
            if not row.shown:
                found.add((i, 4))
        found |= {(len(rows), j) for j, count in enumerate(result.total.counts) if count is None}
        return found

    _assert_nothing_recoverable(
        [_grid(t) for t in tables], [hiding(regions), hiding(countries)], parent
    )


contribution = st.integers(0, 6)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2), min_size=1, max_size=7),  # each region's country
    st.integers(1, 3),  # options
    st.data(),
)
def test_no_hidden_entry_comes_back_across_nested_views(countries, columns, data):
    parent_keys = sorted(set(countries))
    parent = [parent_keys.index(c) for c in countries]
    rows_of = []
    counts = {}
    for r in range(len(countries)):
        size = data.draw(st.integers(1, 4))
        row = [f"r{r}e{n}" for n in range(size)]
        for e in row:
            counts[e] = data.draw(st.lists(contribution, min_size=columns, max_size=columns))
        rows_of.append(row)
    by_region, by_country = _views(rows_of, parent, counts)
    hidings = disclosure.suppressed_together(
        [by_region, by_country], RULES, nested=[(0, 1, parent)]
    )
    _assert_nothing_recoverable([_grid(by_region), _grid(by_country)], hidings, parent)
