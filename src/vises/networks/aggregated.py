"""The network's aggregated results as people read them: tables of figures with their
labels in the reader's language, the same for the page and the exports. Every figure
comes from `analysis.aggregates`, hence through `analysis.disclosure`: a hidden figure is
HIDDEN here, whatever shows it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises.accounts.models import Country, EnterpriseGroup, Region
from vises.analysis import aggregates, load_network
from vises.analysis.rounding import rounded
from vises.multilingual import pick

HIDDEN = "hidden"
BREAKDOWNS = {
    "region": gettext_lazy("By region"),
    "country": gettext_lazy("By country"),
    "group": gettext_lazy("By enterprise group"),
}
PLACE_LABELS = {"group": EnterpriseGroup, "region": Region, "country": Country}


@dataclass
class Column:
    label: str
    kind: str  # "count", "number", "percent", or "answer" (a share with its count)


@dataclass
class Row:
    label: str
    values: list
    total: bool = False
    key: str = ""  # the region, country, group or period the row is about; "" for a total


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    @property
    def hidden_count(self) -> int:
        return sum(value is HIDDEN for row in self.rows for value in row.values)

    def lines(self) -> list[tuple[Row, list[tuple]]]:
        """Each row with its figures paired with their column's kind."""
        kinds = [column.kind for column in self.columns]
        return [(row, list(zip(row.values, kinds, strict=True))) for row in self.rows]


@dataclass
class Section:
    """One indicator or item: its name, what it measures, its tables."""

    kind: str  # "indicator" or "item"
    code: str
    title: str
    note: str
    tables: list[Table]


@dataclass
class Results:
    enterprises: int  # sharing aggregated figures
    by: str
    sections: list[Section]

    @property
    def indicators(self) -> list[Section]:
        return [section for section in self.sections if section.kind == "indicator"]

    @property
    def items(self) -> list[Section]:
        return [section for section in self.sections if section.kind == "item"]

    @property
    def hidden_count(self) -> int:
        return sum(table.hidden_count for section in self.sections for table in section.tables)


def place_label(breakdown: str, key: str) -> str:
    choices = PLACE_LABELS.get(breakdown)
    try:
        return str(choices(key).label) if choices else key
    except ValueError:
        return key


def _figure(value):
    return HIDDEN if value is None else value


def _indicator_row(label, spread: aggregates.Spread, total=False) -> Row:
    key = "" if total else (spread.key or "")
    if not spread.shown:
        return Row(label, [HIDDEN] * 5, total, key)
    return Row(
        label,
        [
            spread.enterprises,
            spread.lower_quartile,
            spread.median,
            spread.upper_quartile,
            spread.reaching_target,
        ],
        total,
        key,
    )


def _indicator_section(result: aggregates.IndicatorResult, by: str, documents) -> Section:
    definition = _definition(documents, "indicators", result.code)
    columns = [
        Column(_("Enterprises"), "count"),
        Column(_("Lower quartile"), "number"),
        Column(_("Median"), "number"),
        Column(_("Upper quartile"), "number"),
        Column(_("Share reaching its target"), "percent"),
    ]
    latest = Table(
        _("Latest value of each enterprise, %(breakdown)s")
        % {"breakdown": str(BREAKDOWNS[by]).lower()},
        columns,
        [_indicator_row(place_label(by, s.key), s) for s in result.breakdowns[by]]
        + [_indicator_row(_("All enterprises"), result.total, total=True)],
    )
    periods = Table(
        _("Over the periods"),
        columns,
        [_indicator_row(spread.key, spread) for spread in result.periods],
    )
    unit = pick(definition.get("unit")).text
    return Section(
        "indicator",
        result.code,
        pick(definition.get("name")).text or result.code,
        unit and _("Unit: %(unit)s") % {"unit": unit},
        [latest, periods],
    )


def _item_row(label, distribution: aggregates.Distribution, total=False, equal=False) -> Row:
    key = "" if total else (distribution.key or "")
    if not distribution.shown:
        return Row(label, [HIDDEN] * (2 + len(distribution.counts)), total, key)
    shares = distribution.equal_shares if equal else distribution.shares
    answers = [
        HIDDEN if share is None else (None if equal else count, share)
        for count, share in zip(distribution.counts, shares, strict=True)
    ]
    return Row(label, [distribution.respondents, distribution.enterprises, *answers], total, key)


def _item_section(result: aggregates.ItemResult, by: str, labels, documents) -> Section:
    definition = _definition(documents, "question_bank", result.code)
    columns = [Column(_("Respondents"), "count"), Column(_("Enterprises"), "count")] + [
        Column(pick(labels.get(value)).text or value, "answer") for value in result.options
    ]
    pooled = Table(
        _("Answers, %(breakdown)s") % {"breakdown": str(BREAKDOWNS[by]).lower()},
        columns,
        [_item_row(place_label(by, d.key), d) for d in result.breakdowns[by]]
        + [
            _item_row(_("All respondents"), result.total, total=True),
            _item_row(_("All enterprises, each counting the same"), result.total, True, True),
        ],
    )
    periods = Table(
        _("Over the years"),
        columns,
        [_item_row(distribution.key, distribution) for distribution in result.periods],
    )
    return Section(
        "item",
        result.code,
        pick(definition.get("text")).text or result.code,
        "",
        [pooled, periods],
    )


def _definition(documents, section: str, code: str) -> dict:
    """The indicator or item of that code in the newest framework version defining it."""
    for document in documents:
        entries = document.get(section, [])
        if isinstance(entries, dict):
            entries = entries.get("items", [])
        for entry in entries:
            if entry.get("code") == code:
                return entry
    return {}


def network_results(network, by: str = "region", programme=None) -> Results:
    """The network's aggregated results (of one programme's enterprises, if given) broken
    down `by` region, country or group."""
    by = by if by in BREAKDOWNS else "region"
    data = load_network.network_data(network, programme=programme)
    rules = load_network.thresholds()
    views = {"programmes": data.programmes, "within": data.within}
    indicators = aggregates.indicator_results(data.indicator_values, data.places, rules, **views)
    items = aggregates.item_results(
        data.item_counts, data.item_options, data.places, rules, **views
    )
    return Results(
        len(data.places) if data.within is None else len(data.within),
        by,
        [_indicator_section(result, by, data.documents) for result in indicators]
        + [
            _item_section(result, by, data.option_labels.get(result.code, {}), data.documents)
            for result in items
        ],
    )


def export_rows(results: Results) -> list[list]:
    """Every table as rows of a spreadsheet: what, which table, the row, then the
    figures; a hidden figure is written as such, never as a number."""
    hidden = _("hidden")
    rows = [[_("Indicator or item"), _("Table"), _("Row"), _("Figure"), _("Value")]]
    for section in results.sections:
        for table in section.tables:
            for row in table.rows:
                for column, value in zip(table.columns, row.values, strict=True):
                    if column.kind == "answer" and value is not HIDDEN:
                        count, share = value
                        if count is not None:
                            rows.append(
                                [section.title, table.caption, row.label, column.label, count]
                            )
                        rows.append(
                            [
                                section.title,
                                table.caption,
                                row.label,
                                f"{column.label} (%)",
                                rounded(share * 100, 1),
                            ]
                        )
                        continue
                    if value is HIDDEN:
                        shown = hidden
                    elif value is None:
                        continue
                    elif column.kind == "percent":
                        shown = rounded(value * 100, 1)
                    elif column.kind == "number":
                        shown = rounded(value, 2)
                    else:
                        shown = value
                    label = f"{column.label} (%)" if column.kind == "percent" else column.label
                    rows.append([section.title, table.caption, row.label, label, shown])
    return rows
