"""What may be shown of a figure outside the people it is about: the one module that
decides it, asked by every page, report, chart, sentence, indicator and export.

Within one enterprise (`hidden`, `may_show`): a group of fewer than `minimum`
respondents is hidden from coaches, interpretation guests, report readers and the public
(an empty group reveals nothing and stays shown). Hiding one group among others whose
total is known would be undone by a subtraction, so more groups are hidden, the smallest
first, until the hidden ones hold at least `minimum` respondents together. A `minimum` of
0 (the team's own view) shows everything.

The same rule keeps researchers from singling out an enterprise by its group and region:
`regions_to_coarsen` says where the country stands for the region.

Across enterprises (`Thresholds`, `sensitive`, `suppressed`, `suppressed_together`): a
network's aggregated figures show nothing made from fewer than 3 enterprises or 5
respondents, nor a figure one enterprise dominates (holding more than a set share of its
respondents). A table of counts with its totals is then protected against subtraction:
more cells are hidden until no hidden cell, nor any sensitive sum of hidden cells, can be
worked out from the shown cells and totals of its rows, its columns and the margins.
Breakdowns nested in one another (regions in countries) are protected across the
hierarchy too: no hidden region comes back from its country's row minus its shown
regions (`suppressed_together`, `nested`). The figures of a network's programmes (cohorts
of its enterprises, overlapping or not) are protected against the network's and against
one another's: no subtraction across the views gives away the enterprises outside one
(`suppressed_in_programmes`).
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import countOf


def hidden(sizes: Sequence[int], minimum: int) -> set[int]:
    """The positions of the groups (given by their numbers of respondents) whose figures
    may not be shown."""
    if minimum <= 0:
        return set()
    small = {index for index, size in enumerate(sizes) if 0 < size < minimum}
    if not small:
        return small
    others = sorted(
        (size, index) for index, size in enumerate(sizes) if index not in small and size > 0
    )
    together = sum(sizes[index] for index in small)
    for size, index in others:
        if together >= minimum:
            break
        small.add(index)
        together += size
    return small


def may_show(size: int, minimum: int) -> bool:
    """Whether a figure about one group of `size` respondents, standing alone (a total, a
    single wave, an indicator's value), may be shown."""
    return not hidden([size], minimum)


# Fewest enterprises a figure or a description may stand for outside their network's team.
ENTERPRISE_MINIMUM = 3


def regions_to_coarsen(
    places: Iterable[tuple[str, str, str]], minimum: int = ENTERPRISE_MINIMUM
) -> set[tuple[str, str]]:
    """The (group, region) pairs whose region must give way to its country, given the
    (group, country, region) of each enterprise a reader sees, once each.

    A group and a region shared by fewer than `minimum` of those enterprises would single
    them out. Within a group and a country, the regions so hidden must together hold
    `minimum` enterprises too, or the one left would be found by elimination: more regions
    give way, the smallest first, by the rule of `hidden`."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for group, country, region in places:
        regions = counts.setdefault((group, country), {})
        regions[region] = regions.get(region, 0) + 1
    coarse = set()
    for (group, _country), regions in counts.items():
        names = list(regions)
        for index in hidden([regions[name] for name in names], minimum):
            coarse.add((group, names[index]))
    return coarse


# Across enterprises ---------------------------------------------------------------------

# Who contributed to a figure: each enterprise (any key that does not name it) with its
# number of respondents, or 1 for a figure of enterprises (an indicator's value).
Contributions = Mapping[Hashable, int]


@dataclass(frozen=True)
class Thresholds:
    """The rules of figures across enterprises (settings VISES_AGGREGATE_*)."""

    enterprises: int = ENTERPRISE_MINIMUM
    respondents: int = 5
    # The largest share of a figure's respondents one enterprise may hold.
    dominance: float = 0.8


def sensitive(contributions: Contributions, thresholds: Thresholds, *, respondents=True) -> bool:
    """Whether a figure made of these contributions may not be shown: it comes from
    fewer enterprises or (when `respondents`) fewer respondents than the thresholds, or
    one enterprise holds more than the dominance share of its respondents. A figure about
    nobody reveals nothing and may be shown."""
    # Counted by built-ins (contributions are never negative): this runs for every entry
    # of every table, each holding up to thousands of enterprises.
    counts = contributions.values()
    total = sum(counts)
    if not total:
        return False
    if len(counts) - countOf(counts, 0) < thresholds.enterprises:
        return True
    if respondents and total < thresholds.respondents:
        return True
    return respondents and max(counts) > thresholds.dominance * total


def enough_peers(count: int, thresholds: Thresholds) -> bool:
    """Whether a comparison among `count` other enterprises may be shown at all."""
    return count >= thresholds.enterprises


def combined(parts: Iterable[Contributions]) -> Counter:
    """The contributions of a figure made of several others (a total, a sum)."""
    together = Counter()
    for part in parts:
        if together.keys().isdisjoint(part):
            # Parts of other enterprises (the rows of a breakdown): a union, made in C.
            dict.update(together, part)
        else:
            together.update(part)
    return together


def with_totals(cells: Sequence[Sequence[Contributions]]) -> list[list[Contributions]]:
    """The table with a total at the end of each row, and a row of totals at the bottom
    (its last entry, the grand total). The cells are the caller's, read and not copied."""
    columns = len(cells[0]) if cells else 0
    grid = [[*row, combined(row)] for row in cells]
    grid.append([combined(row[j] for row in grid) for j in range(columns + 1)])
    return grid


def suppressed(
    cells: Sequence[Sequence[Contributions]],
    thresholds: Thresholds,
    *,
    respondents: bool = True,
    forced: Iterable[tuple[int, int]] = (),
    kept: Iterable[tuple[int, int]] = (),
) -> set[tuple[int, int]]:
    """The positions (row, column) not to show of a table of counts and its totals, as laid
    out by `with_totals`: row `len(cells)` holds the column totals, column
    `len(cells[0])` the row totals. Entries in `kept` are never hidden to protect others:
    the reader knows them anyway (see `suppressed_in_programmes`).

    Sensitive entries are hidden first, with those in `forced` (hidden elsewhere); then
    more, the least informative first (inner cells before totals, small before large),
    until in every row and column the hidden entries are none or several, together not
    sensitive when the line's total shows, and none of them can be worked out by combining
    rows and columns (in the graph of rows and columns joined by hidden entries, no hidden
    entry is a bridge: each lies on a cycle, so any value added to it can be taken off
    the others around the cycle without changing a shown figure).
    """
    if not cells:
        return set()
    grid = with_totals(cells)
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    size = {
        (i, j): sum(grid[i][j].values())
        for i in range(last_row + 1)
        for j in range(last_column + 1)
    }
    hiding = {
        position
        for position in size
        if sensitive(grid[position[0]][position[1]], thresholds, respondents=respondents)
    }
    hiding |= set(forced)

    def cost(position):
        i, j = position
        return (i == last_row, j == last_column, size[position], position)

    kept = set(kept)

    def candidates(positions):
        shown = [p for p in positions if p not in hiding and p not in kept and size[p] > 0]
        return min(shown, key=cost) if shown else None

    lines = [[(i, j) for j in range(last_column + 1)] for i in range(last_row + 1)]
    lines += [[(i, j) for i in range(last_row + 1)] for j in range(last_column + 1)]

    while True:
        addition = None
        for line in lines:
            hidden_here = [p for p in line if p in hiding]
            if not hidden_here:
                continue
            total = line[-1]
            together = combined(grid[i][j] for i, j in hidden_here)
            if len(hidden_here) == 1 or (
                total not in hiding and sensitive(together, thresholds, respondents=respondents)
            ):
                addition = candidates(line)
                if addition:
                    break
        if addition is None:
            addition = _bridge_breaker(hiding, size, cost, last_row, last_column, kept)
        if addition is None:
            return hiding
        hiding.add(addition)


def _bridge_breaker(hiding, size, cost, last_row, last_column, kept):
    """A shown entry whose hiding puts a hidden bridge on a cycle, the cheapest, or None
    when no hidden entry is a bridge.

    An empty entry is hidden only when no entry with respondents can close the cycle: its
    zero is then no longer known to the reader, which is what keeps the bridge's value
    from being worked out (rows 0 and 2 hiding columns 0 and 2, rows 1 and 3 hiding
    columns 1 and 3, and one entry joining row 3 to column 2, all others empty).
    """
    for allow_empty in (False, True):
        for bridge in sorted(hiding):
            row_side, column_side = _sides_without(bridge, hiding)
            if ("c", bridge[1]) in row_side:
                continue  # another path joins its row and column: not a bridge
            options = [
                (i, j)
                for i in range(last_row + 1)
                for j in range(last_column + 1)
                if (i, j) not in hiding
                and (i, j) not in kept
                and (allow_empty or size[(i, j)] > 0)
                and (
                    (("r", i) in row_side and ("c", j) in column_side)
                    or (("r", i) in column_side and ("c", j) in row_side)
                )
            ]
            if options:
                return min(options, key=cost)
    return None


def _sides_without(edge, hiding) -> tuple[set, set]:
    """The rows and columns reachable from the edge's row, and from its column, through
    hidden entries other than the edge itself."""
    neighbours: dict[tuple, list] = {}
    for i, j in hiding:
        if (i, j) == edge:
            continue
        neighbours.setdefault(("r", i), []).append(("c", j))
        neighbours.setdefault(("c", j), []).append(("r", i))

    def reach(start):
        seen, todo = {start}, [start]
        while todo:
            for node in neighbours.get(todo.pop(), []):
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
        return seen

    return reach(("r", edge[0])), reach(("c", edge[1]))


def suppressed_together(
    tables: Sequence[Sequence[Sequence[Contributions]]],
    thresholds: Thresholds,
    *,
    respondents: bool = True,
    nested: Iterable[tuple[int, int, Sequence[int]]] = (),
    forced: Sequence[Iterable[tuple[int, int]]] = (),
    kept: Sequence[Iterable[tuple[int, int]]] = (),
) -> list[set[tuple[int, int]]]:
    """`suppressed` for several breakdowns of the same figures (by group, by region...):
    their rows of totals are the same figures, so a total hidden in one is hidden in all,
    and each is protected again until they agree.

    `nested` lists the breakdowns whose rows add up to another's, as (fine, coarse,
    parent): row i of table `fine` (a region) is part of row `parent[i]` of table `coarse`
    (its country). A reader switching views could take a country's row minus the shown
    rows of its regions and find a hidden region. So each country is protected as a table
    of its own: its regions as rows, the country's row as their totals. Within it, a
    hidden region is joined by another hidden region of that country, the smallest
    first; the country's row is hidden only when no other region of it is left to hide
    (a hidden country row forces another hidden country, so it costs more). What one
    table hides is forced on the others, until they all agree.

    `forced` and `kept` give, table by table, entries hidden from the start and entries
    never hidden to protect others (as `suppressed` reads them).
    """
    tables = [list(table) for table in tables]
    nested = [(fine, coarse, list(parent)) for fine, coarse, parent in nested]
    kept = [set(entries) for entries in kept] or [set() for _table in tables]
    forced = [set(entries) for entries in forced] or [set() for _table in tables]
    results: list[set[tuple[int, int]] | None] = [None for _table in tables]
    # A table (or a country's table) is protected again only when what is forced on it
    # is not hidden already: a protection holding the forced entries stays one.
    countries: dict[tuple[int, int], set[tuple[int, int]]] = {}
    while True:
        for k, table in enumerate(tables):
            if results[k] is None or not forced[k] <= results[k]:
                results[k] = suppressed(
                    table, thresholds, respondents=respondents, forced=forced[k], kept=kept[k]
                )
        wanted = [set(hiding) for hiding in results]
        hidden_totals = {
            j
            for table, hiding in zip(tables, results, strict=True)
            for i, j in hiding
            if i == len(table)
        }
        for k, table in enumerate(tables):
            wanted[k] |= {(len(table), j) for j in hidden_totals}
        for fine, coarse, parent in nested:
            for whole, members in enumerate(_parts(len(tables[fine]), parent)):
                if not members:
                    continue
                cells = [tables[fine][i] for i in members]
                columns = len(cells[0]) + 1
                inside = {
                    (r, j)
                    for r, i in enumerate(members)
                    for j in range(columns)
                    if (i, j) in results[fine]
                }
                inside |= {
                    (len(members), j) for j in range(columns) if (whole, j) in results[coarse]
                }
                if not inside:
                    continue  # nothing hidden in this country: nothing to work out
                known = countries.get((fine, whole))
                if known is None or not inside <= known:
                    known = countries[(fine, whole)] = suppressed(
                        cells,
                        thresholds,
                        respondents=respondents,
                        forced=inside,
                        kept=_country_entries(kept[fine], kept[coarse], members, whole, columns),
                    )
                for r, j in known:
                    if r < len(members):
                        wanted[fine].add((members[r], j))
                    else:
                        wanted[coarse].add((whole, j))
        if all(want <= hiding for want, hiding in zip(wanted, results, strict=True)):
            return results
        forced = wanted


def suppressed_in_programmes(
    parts: Sequence[Sequence[Sequence[Sequence[Contributions]]]],
    network_hiding: Sequence[set[tuple[int, int]]],
    thresholds: Thresholds,
    *,
    respondents: bool = True,
    nested: Iterable[tuple[int, int, Sequence[int]]] = (),
) -> list[set[tuple[int, int]]]:
    """What every programme's view hides, given the network's tables as `parts`: the
    tables (laid out as the network's, rows of nobody included) of each set of enterprises
    that belong to the same programmes (the parts are disjoint, and each programme is a
    union of them), and what the network's own view hides (`suppressed_together` of the
    network's tables, unchanged by the programmes: the smaller views give way).

    A reader of the network's view and of every programme's could subtract one from the
    other (the network minus a programme, a programme minus another, the network minus
    several) and find the figures of the enterprises outside. So all programmes hide the
    same entries: those the network hides, and those that protect each part as if it
    were shown on its own, until the parts agree. Every entry a programme shows is then a
    sum of entries each part would show under its own protection; the parts are made of
    different enterprises, so no combination of their figures singles out one the rules
    hide (a sum of figures the rules let through is one they let through).

    The network shows more than the programmes: the entries it shows and they hide are
    forced on each part holding anyone there, so that each part protects them too and a
    difference of the network's entry and a programme's stays unknown; and an entry the
    network shows where a single part holds anyone is that part's figure, which the
    reader knows: the part may not hide it to protect another (`kept`). The property test
    (tests/analysis/test_disclosure_programmes.py) tries every combination of the views.
    """
    nested = list(nested)
    hiding = [set(entries) for entries in network_hiding]
    grids = [[with_totals(table) for table in tables] for tables in parts]
    positive = [
        [
            {
                (i, j)
                for i, row in enumerate(grid)
                for j, cell in enumerate(row)
                if any(cell.values())
            }
            for grid in grids_of_part
        ]
        for grids_of_part in grids
    ]
    kept = [
        [
            {
                entry
                for entry in positive[p][k]
                if entry not in hiding[k]
                and not any(entry in positive[o][k] for o in range(len(parts)) if o != p)
            }
            for k in range(len(hiding))
        ]
        for p in range(len(parts))
    ]
    while True:
        wanted = [set(entries) for entries in hiding]
        for p, tables in enumerate(parts):
            found = suppressed_together(
                tables,
                thresholds,
                respondents=respondents,
                nested=nested,
                forced=[
                    (entries - by_network) & mine
                    for entries, by_network, mine in zip(
                        hiding, network_hiding, positive[p], strict=True
                    )
                ],
                kept=kept[p],
            )
            for want, entries in zip(wanted, found, strict=True):
                want |= entries
        if wanted == hiding:
            return hiding
        hiding = wanted


def _country_entries(fine_kept, coarse_kept, members, whole, columns) -> set:
    """The kept entries of one country's table: its regions' rows, then its own row."""
    entries = {(r, j) for r, i in enumerate(members) for j in range(columns) if (i, j) in fine_kept}
    return entries | {(len(members), j) for j in range(columns) if (whole, j) in coarse_kept}


def _parts(rows: int, parent: Sequence[int]) -> list[list[int]]:
    """The positions of the rows that make up each row of the coarser table, in order."""
    parts: list[list[int]] = [[] for _ in range(max(parent, default=-1) + 1)]
    for index in range(rows):
        parts[parent[index]].append(index)
    return parts
