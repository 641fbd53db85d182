"""A network's figures across the enterprises that share them: indicators and question-bank
items several enterprises measure under the same framework codes, by group, region and
country and over periods, and where one enterprise stands among its peers.

Plain functions over plain values (see `analysis.load_network` for where they come
from). Enterprises are known only by a key that names nothing; every figure goes through
`disclosure` before it is returned, so that a hidden figure is None wherever it is read
(a page, an export, a report).
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from vises.analysis import disclosure

BREAKDOWNS = ("group", "region", "country")
BANDS = 4  # quarters


@dataclass(frozen=True)
class Place:
    """Where an enterprise sits, as the breakdowns read it."""

    group: str
    region: str
    country: str


@dataclass(frozen=True)
class IndicatorValue:
    """One enterprise's value of a framework indicator for one period."""

    enterprise: Hashable
    code: str
    period: str
    number: float
    target: float | None = None
    direction: str = "higher_is_better"

    @property
    def reaches_target(self) -> bool | None:
        """Whether the value reaches its target; None without a target or a direction."""
        if self.target is None or self.direction not in ("higher_is_better", "lower_is_better"):
            return None
        if self.direction == "higher_is_better":
            return self.number >= self.target
        return self.number <= self.target


@dataclass
class Spread:
    """The distribution of an indicator's values in one row (a category, a period, or all
    enterprises); every figure None when the row is hidden."""

    key: str | None
    shown: bool
    enterprises: int | None = None
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None
    reaching_target: float | None = None  # a share, among values with a target


@dataclass
class IndicatorResult:
    code: str
    total: Spread
    breakdowns: dict[str, list[Spread]]
    periods: list[Spread]

    @property
    def hidden_count(self) -> int:
        rows = [row for rows in self.breakdowns.values() for row in rows] + self.periods
        return sum(not row.shown for row in rows)


@dataclass
class Distribution:
    """Answers to one item in one row: counts of each option (pooled, each respondent
    counting once) and shares where each enterprise counts the same. A hidden figure is
    None."""

    key: str | None
    shown: bool
    enterprises: int | None = None
    respondents: int | None = None
    counts: list[int | None] = field(default_factory=list)
    shares: list[float | None] = field(default_factory=list)
    equal_shares: list[float | None] = field(default_factory=list)


@dataclass
class ItemResult:
    code: str
    options: list[str]
    total: Distribution
    breakdowns: dict[str, list[Distribution]]
    periods: list[Distribution]

    @property
    def hidden_count(self) -> int:
        rows = [row for rows in self.breakdowns.values() for row in rows] + self.periods
        return sum(count is None for row in rows for count in row.counts)


# Indicators -----------------------------------------------------------------------------


def _spread(key, values: Sequence[IndicatorValue], shown: bool) -> Spread:
    if not shown:
        return Spread(key, False)
    numbers = np.array([value.number for value in values], dtype=float)
    lower, middle, upper = np.percentile(numbers, [25, 50, 75])
    judged = [value.reaches_target for value in values if value.reaches_target is not None]
    return Spread(
        key,
        True,
        enterprises=len(values),
        median=float(middle),
        lower_quartile=float(lower),
        upper_quartile=float(upper),
        reaching_target=sum(judged) / len(judged) if judged else None,
    )


def latest_values(values: Iterable[IndicatorValue]) -> dict[str, dict[Hashable, IndicatorValue]]:
    """Each indicator's latest value of each enterprise, by code."""
    latest: dict[str, dict[Hashable, IndicatorValue]] = defaultdict(dict)
    for value in values:
        known = latest[value.code].get(value.enterprise)
        if known is None or value.period > known.period:
            latest[value.code][value.enterprise] = value
    return latest


def indicator_results(
    values: Iterable[IndicatorValue],
    places: Mapping[Hashable, Place],
    thresholds: disclosure.Thresholds,
    *,
    programmes: Sequence[Collection[Hashable]] = (),
    within: Collection[Hashable] | None = None,
) -> list[IndicatorResult]:
    """Every indicator enough enterprises measure, with its spread (latest value of each
    enterprise) over all of them, by each breakdown and period by period.

    With `within` (the enterprises of one of the network's `programmes`, each given by
    its enterprises), the spreads are those of its enterprises, protected against the
    network's figures and every other programme's (`disclosure.suppressed_in_programmes`):
    `places` and `values` stay the whole network's."""
    values = list(values)
    per_period: dict[str, dict[str, list[IndicatorValue]]] = defaultdict(lambda: defaultdict(list))
    for value in values:
        per_period[value.code][value.period].append(value)
    results = []
    for code, latest in sorted(latest_values(values).items()):
        everyone = list(latest.values())
        if disclosure.sensitive({v.enterprise: 1 for v in everyone}, thresholds, respondents=False):
            continue
        keys = {name: sorted({getattr(places[e], name) for e in latest}) for name in BREAKDOWNS}
        members = {
            name: [
                [v for v in everyone if getattr(places[v.enterprise], name) == key]
                for key in keys[name]
            ]
            for name in BREAKDOWNS
        }
        tables = [
            [[{v.enterprise: 1 for v in row}] for row in members[name]] for name in BREAKDOWNS
        ]
        nested = _regions_in_countries(keys["region"], keys["country"], latest, places)
        hidden = disclosure.suppressed_together(
            tables, thresholds, respondents=False, nested=nested
        )
        periods = sorted(per_period[code].items())
        period_hidden = [
            disclosure.sensitive({v.enterprise: 1 for v in rows}, thresholds, respondents=False)
            for _period, rows in periods
        ]
        if within is not None and not set(latest) <= set(within):
            parts = _parts_of(latest, programmes)
            hidden = disclosure.suppressed_in_programmes(
                [
                    [[[_part_cell(row, part)] for row in members[name]] for name in BREAKDOWNS]
                    for part in parts
                ],
                hidden,
                thresholds,
                respondents=False,
                nested=nested,
            )
            # A period stands alone (no total adds the periods up): what the views show of
            # it is made of the parts' figures of that period, each of which must pass.
            period_hidden = [
                hiding
                or any(
                    disclosure.sensitive(_part_cell(rows, part), thresholds, respondents=False)
                    for part in parts
                )
                for hiding, (_period, rows) in zip(period_hidden, periods, strict=True)
            ]
            if (len(keys["group"]), 0) in hidden[0]:
                continue
            members = {
                name: [[v for v in row if v.enterprise in within] for row in rows]
                for name, rows in members.items()
            }
            periods = [
                (period, [v for v in rows if v.enterprise in within]) for period, rows in periods
            ]
            everyone = [v for v in everyone if v.enterprise in within]
        if not everyone:
            continue
        breakdowns = {
            name: [
                _spread(key, row, (index, 0) not in hiding)
                for index, (key, row) in enumerate(zip(keys[name], members[name], strict=True))
                if row
            ]
            for name, hiding in zip(BREAKDOWNS, hidden, strict=True)
        }
        spreads = [
            _spread(period, rows, not hiding)
            for (period, rows), hiding in zip(periods, period_hidden, strict=True)
            if rows
        ]
        results.append(IndicatorResult(code, _spread(None, everyone, True), breakdowns, spreads))
    return results


def _part_cell(values: Iterable[IndicatorValue], part: Collection[Hashable]) -> dict:
    """The contributions of the values of a part's enterprises: one each."""
    return {value.enterprise: 1 for value in values if value.enterprise in part}


def _parts_of(enterprises: Iterable[Hashable], programmes) -> list[set]:
    """The enterprises grouped by the programmes they belong to: disjoint parts, each
    programme (and the network) a union of them."""
    parts: dict[tuple, set] = defaultdict(set)
    for enterprise in enterprises:
        parts[tuple(enterprise in programme for programme in programmes)].add(enterprise)
    return [parts[signature] for signature in sorted(parts)]


# Question-bank items ----------------------------------------------------------------------


# Answers to an item: (enterprise, period) -> how many respondents chose each option.
Tally = dict[tuple[Hashable, str], Mapping[str, int]]


def tally(
    responses: Iterable[tuple[Hashable, str, Mapping, Mapping[str, str]]],
    options: Mapping[str, Sequence[str]],
) -> dict[str, Tally]:
    """Count the answers of (enterprise, period, answers, {question code: item code})
    rows to each item whose options are given, by enterprise and period. An answer that
    is not one of the item's options is left out."""
    allowed = {item: set(values) for item, values in options.items()}
    counts: dict[str, Tally] = defaultdict(lambda: defaultdict(Counter))
    for enterprise, period, answers, items in responses:
        for question, item in items.items():
            answer = answers.get(question)
            if answer is None or item not in allowed:
                continue
            answer = str(answer)
            if answer in allowed[item]:
                counts[item][(enterprise, period)][answer] += 1
    return counts


def _cells(matrix: np.ndarray, members: np.ndarray, enterprises: np.ndarray) -> list[dict]:
    """The contributions of each option's count in a row of `members` (indices into the
    object array `enterprises`), from the enterprises x options `matrix`: who answered it,
    how often."""
    keys = enterprises[members]
    cells = []
    for column in matrix[members].T:
        answered = np.flatnonzero(column)
        cells.append(dict(zip(keys[answered].tolist(), column[answered].tolist(), strict=True)))
    return cells


def _distribution(key, options, matrix, members, hiding, index) -> Distribution:
    """Row `index` of a protected table, made of the `members` rows of `matrix`
    (enterprises x options): its counts, pooled shares, and shares where each enterprise
    counts the same."""
    total_column = len(options)
    if (index, total_column) in hiding:
        return Distribution(
            key,
            False,
            counts=[None] * len(options),
            shares=[None] * len(options),
            equal_shares=[None] * len(options),
        )
    rows = matrix[members]
    sizes = rows.sum(axis=1)
    answering = sizes > 0
    respondents = int(sizes.sum())
    counts = [
        None if (index, j) in hiding else count for j, count in enumerate(rows.sum(axis=0).tolist())
    ]
    # Each enterprise's shares, summed one after the other in the enterprises' order.
    enterprise_shares = (rows[answering] / sizes[answering, None]).T.tolist()
    equal = [
        None
        if counts[j] is None or not enterprise_shares[j]
        else sum(enterprise_shares[j]) / len(enterprise_shares[j])
        for j in range(len(options))
    ]
    return Distribution(
        key,
        True,
        enterprises=int(answering.sum()),
        respondents=respondents,
        counts=counts,
        shares=[None if count is None else count / respondents for count in counts],
        equal_shares=equal,
    )


def item_results(
    counts: Mapping[str, Tally],
    options: Mapping[str, Sequence[str]],
    places: Mapping[Hashable, Place],
    thresholds: disclosure.Thresholds,
    *,
    programmes: Sequence[Collection[Hashable]] = (),
    within: Collection[Hashable] | None = None,
) -> list[ItemResult]:
    """Every item answered in enough enterprises, with its answer distribution over all
    respondents, by each breakdown and period by period, protected together.

    With `within`, the distributions are those of one programme's enterprises, protected
    as `indicator_results` says."""
    results = []
    # Each enterprise's key in each breakdown as a number (its position among the sorted
    # keys), read once for every item.
    index_of = {enterprise: index for index, enterprise in enumerate(places)}
    place_keys = {
        name: sorted({getattr(place, name) for place in places.values()}) for name in BREAKDOWNS
    }
    place_codes = {
        name: np.array(
            [keys.index(getattr(place, name)) for place in places.values()], dtype=np.intp
        )
        for name, keys in place_keys.items()
    }
    for code, answers in sorted(counts.items()):
        values = list(options[code])
        # The answers as an enterprises x periods x options array, enterprises in the
        # order they first come, so that every sum runs in the same order.
        enterprises = list(dict.fromkeys(map(itemgetter(0), answers)))
        periods = sorted({period for _enterprise, period in answers})
        row_of = {enterprise: index for index, enterprise in enumerate(enterprises)}
        period_of = {period: index for index, period in enumerate(periods)}
        cube = np.zeros((len(enterprises), len(periods), len(values)), dtype=np.int64)
        present = np.zeros((len(enterprises), len(periods)), dtype=bool)
        for (enterprise, period), counter in answers.items():
            i, p = row_of[enterprise], period_of[period]
            present[i, p] = True
            cube[i, p] = [counter.get(option, 0) for option in values]
        per_enterprise = cube.sum(axis=1)
        keys = np.fromiter(enterprises, dtype=object, count=len(enterprises))
        at = np.fromiter(map(index_of.__getitem__, enterprises), np.intp, len(enterprises))
        rows: dict[str, dict] = {
            name: _rows_by(place_codes[name][at], place_keys[name]) for name in BREAKDOWNS
        }
        rows["period"] = {period: np.flatnonzero(present[:, p]) for p, period in enumerate(periods)}
        names = [*BREAKDOWNS, "period"]

        nested = _regions_in_countries(rows["region"], rows["country"], enterprises, places)
        hidden = disclosure.suppressed_together(
            _item_tables(rows, cube, per_enterprise, keys), thresholds, nested=nested
        )
        everyone = np.arange(len(enterprises))
        if within is not None and not set(enterprises) <= set(within):
            inside = np.fromiter((e in within for e in enterprises), dtype=bool, count=len(keys))
            parts = [
                np.fromiter((e in part for e in enterprises), dtype=bool, count=len(keys))
                for part in _parts_of(enterprises, programmes)
            ]
            hidden = disclosure.suppressed_in_programmes(
                [
                    _item_tables(_restricted(rows, part), cube, per_enterprise, keys)
                    for part in parts
                ],
                hidden,
                thresholds,
                nested=nested,
            )
            rows = _restricted(rows, inside)
            everyone = np.flatnonzero(inside)
        total_row = len(rows["group"])
        if (total_row, len(values)) in hidden[0] or not len(everyone):
            continue
        total = _distribution(
            None,
            values,
            per_enterprise,
            everyone,
            {(0, j) for i, j in hidden[0] if i == total_row},
            0,
        )
        if not total.respondents:
            continue
        tables_rows = {}
        for name, hiding in zip(names, hidden, strict=True):
            tables_rows[name] = [
                _distribution(
                    key,
                    values,
                    cube[:, index] if name == "period" else per_enterprise,
                    members,
                    hiding,
                    index,
                )
                for index, (key, members) in enumerate(rows[name].items())
                if len(members)
            ]
        results.append(
            ItemResult(
                code,
                values,
                total,
                {name: tables_rows[name] for name in BREAKDOWNS},
                tables_rows["period"],
            )
        )
    return results


def _item_tables(rows: dict[str, dict], cube, per_enterprise, keys) -> list:
    """The tables of contributions of an item's answers, one per breakdown and then the
    periods, as `disclosure.suppressed_together` reads them."""
    return [
        [
            _cells(cube[:, p] if name == "period" else per_enterprise, members, keys)
            for p, members in enumerate(table.values())
        ]
        for name, table in rows.items()
    ]


def _restricted(rows: dict[str, dict], mask: np.ndarray) -> dict[str, dict]:
    """The rows of every table (all their keys kept, so that positions stay the same)
    holding only the enterprises of `mask`."""
    return {
        name: {key: members[mask[members]] for key, members in table.items()}
        for name, table in rows.items()
    }


def _regions_in_countries(regions, countries, enterprises, places) -> list:
    """The nesting of the region breakdown (BREAKDOWNS[1]) in the country breakdown
    (BREAKDOWNS[2]), as `disclosure.suppressed_together` reads it: the country row of
    each region row. Nothing when a region lies in several countries (a place the accounts
    do not allow), since its rows then add up to no country's."""
    country_of: dict[str, set[str]] = defaultdict(set)
    for enterprise in enterprises:
        country_of[places[enterprise].region].add(places[enterprise].country)
    if any(len(found) != 1 for found in country_of.values()):
        return []
    position = {country: index for index, country in enumerate(countries)}
    parent = [position[next(iter(country_of[region]))] for region in regions]
    return [(BREAKDOWNS.index("region"), BREAKDOWNS.index("country"), parent)]


def _rows_by(codes: np.ndarray, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """The positions of the enterprises under each key (`codes` gives each one's key
    by its position in `keys`), keys sorted, positions in order."""
    order = np.argsort(codes, kind="stable")
    found, starts = np.unique(codes[order], return_index=True)
    return {
        keys[key]: members
        for key, members in zip(found.tolist(), np.split(order, starts[1:]), strict=True)
    }


# Position among peers -------------------------------------------------------------------


def band(own: float, peers: Sequence[float], thresholds: disclosure.Thresholds) -> int | None:
    """The quarter (0, the lowest, to 3, the highest) where `own` falls among the peers'
    values, or None when the peers are too few to say it without revealing them."""
    if not disclosure.enough_peers(len(peers), thresholds):
        return None
    below = sum(value < own for value in peers) + sum(value == own for value in peers) / 2
    return min(BANDS - 1, int(below / len(peers) * BANDS))


@dataclass
class Position:
    code: str
    band: int | None  # None: too few peers
    direction: str


def peer_positions(
    values: Iterable[IndicatorValue],
    places: Mapping[Hashable, Place],
    enterprise: Hashable,
    thresholds: disclosure.Thresholds,
    *,
    same_country: bool = False,
) -> list[Position]:
    """For each indicator the enterprise shares, its quarter among the other enterprises
    of its group (and country, if asked) that share the same indicator, latest values
    compared; no other enterprise's name or value."""
    mine = places[enterprise]

    def comparable(other) -> bool:
        place = places[other]
        return (
            other != enterprise
            and place.group == mine.group
            and (not same_country or place.country == mine.country)
        )

    positions = []
    for code, latest in sorted(latest_values(values).items()):
        own = latest.get(enterprise)
        if own is None:
            continue
        peers = [value.number for other, value in latest.items() if comparable(other)]
        positions.append(Position(code, band(own.number, peers, thresholds), own.direction))
    return positions
