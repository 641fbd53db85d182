"""The product's charts, defined once and drawn the same in the page (inline SVG), the PDF
(SVG) and the DOCX (PNG).

A `Chart` is plain, frozen data: what to show, in which language, with which unit. `svg()`
and `png()` draw it with matplotlib's object-oriented API (no pyplot: the server is
threaded), in the Okabe-Ito colour-blind-safe palette, with text kept as text in the SVG.
"""

import hashlib
import io
import math
import re
import textwrap
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from django.core.cache import cache
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from vises.analysis.rounding import rounded

NBSP = "\u00a0"
MINUS = "\u2212"

WIDTH = 6.5  # inches: an A4 page with 2.3 cm margins
LABEL_WRAP = 28  # characters per line of a category label
PERIOD_WRAP = 14
TITLE_WRAP = 56
SOURCE_WRAP = 100

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW, BLACK = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
# Bars: one series is blue; two read as a lighter then a darker blue (also in greyscale),
# a third is orange and hatched so that it does not merge with the light blue in greyscale.
BAR_STYLES = {
    1: ((BLUE, ""),),
    2: ((SKY, ""), (BLUE, "")),
    3: ((SKY, ""), (BLUE, ""), (ORANGE, "////")),
}
# Lines: distinct hues, and distinct markers for greyscale.
LINE_STYLES = ((BLUE, "o"), (ORANGE, "s"), (GREEN, "D"))

INK = "#222222"  # labels and values
MUTED = "#595959"  # source, hidden slots, reference lines: 7:1 on white
GRID = "#DDDDDD"

TITLE_PT = 13
TEXT_PT = 10
SMALL_PT = 9

STYLE = {
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": TEXT_PT,
    "text.color": INK,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": SMALL_PT + 0.5,
    "ytick.labelsize": TEXT_PT,
    "hatch.color": "white",
    "hatch.linewidth": 1.2,
    "axes.unicode_minus": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "vises-chart",
}

# Matplotlib keeps its settings in one process-wide dictionary; rc_context changes it for
# the duration of the drawing, so two threads must not draw at the same time.
_drawing = threading.Lock()


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    language: str = "en"
    unit: str = ""
    decimals: int = 0
    value_axis: str = ""
    source: str = ""
    reference_lines: tuple[tuple[str, float], ...] = ()
    hidden_label: str = ""
    description: str = ""


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """`value` as the reader of `language` writes it, in Django's formats for that
    language: 1,234.5 (en), 1.234,5 (nl), 1 234,5 (fr, with a no-break space); rounded
    half away from zero; a typographic minus."""
    value = rounded(value, decimals)
    with translation.override(language):
        text = number_format(abs(value), decimals, use_l10n=True, force_grouping=True)
    return (MINUS if value < 0 else "") + text


def format_value(value: float, chart: Chart) -> str:
    """A value with the chart's unit: "41.5%" (en), "41,5%" (nl), "41,5 %" (fr), "12 h"."""
    number = format_number(value, chart.language, chart.decimals)
    if not chart.unit:
        return number
    if chart.unit == "%" and chart.language != "fr":
        return number + "%"
    return number + NBSP + chart.unit


def height_for(chart: Chart) -> float:
    """The figure's height in inches: bars grow with categories times series (and with
    category labels long enough to wrap); lines keep a fixed plot area."""
    title_lines = len(_wrap(chart.title, TITLE_WRAP))
    source_lines = len(_wrap(chart.source, SOURCE_WRAP)) if chart.source else 0
    top = 0.25 + 0.24 * title_lines
    if len(chart.series) > 1:
        top += 0.3  # the legend
    if chart.kind == "bars" and chart.reference_lines:
        top += 0.22  # reference labels above the plot
    bottom = 0.55 + (0.25 if chart.value_axis else 0) + 0.18 * source_lines
    if chart.kind == "bars":
        per_series = 0.2
        plot = 0
        for category in chart.categories:
            label_lines = len(_wrap(category, LABEL_WRAP))
            plot += max(per_series * len(chart.series) + 0.14, 0.17 * label_lines + 0.08)
        plot = max(plot, 0.6)
    else:
        label_lines = max((len(_wrap(c, PERIOD_WRAP)) for c in chart.categories), default=1)
        hidden_lines = max(
            (sum(_value(s, i) is None for s in chart.series) for i in range(len(chart.categories))),
            default=0,
        )
        plot = 2.6 + 0.16 * (label_lines - 1) + 0.16 * hidden_lines
    return round(top + plot + bottom, 2)


# Drawn charts are shared by every app server and worker through Django's cache, keyed by
# the chart's data and by this module's code, so a new way of drawing never serves an old
# drawing.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def cache_key(chart: Chart, kind: str) -> str:
    data = hashlib.sha256(f"{_DRAWING} {matplotlib.__version__} {chart!r}".encode()).hexdigest()
    return f"vises:chart:{kind}:{data}"


@lru_cache(maxsize=256)
def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element that scales to its container, named for
    assistive technologies by its title and described by `chart.description`. Its ids
    derive from the chart, so two charts on one page never share one, and the same chart
    always gives the same text. Drawn once for every server that asks."""
    return cache.get_or_set(cache_key(chart, "svg"), lambda: draw_svg(chart))


def drawn_markup(chart: Chart) -> SafeString | None:
    """The chart's <svg> for a template if a server drew it already, without drawing it;
    safe as `svg_markup` is."""
    drawing = cache.get(cache_key(chart, "svg"))
    return None if drawing is None else mark_safe(drawing)  # noqa: S308


def later(chart: Chart) -> str:
    """A token for the chart's drawing, to be fetched by `drawing_of(token)` from any server
    once the page that shows it has been sent: a page need not wait for its charts.

    The chart's data are kept in the shared cache under the token. The token is a keyed
    hash (SECRET_KEY) of the chart: nobody can make one for data they guess, and holding
    one names nothing else."""
    token = salted_hmac(_LATER, cache_key(chart, "svg"), algorithm="sha256").hexdigest()[:40]
    cache.add(f"vises:chart:later:{token}", chart)
    return token


_LATER = "vises.reports.charts.later"
TOKEN = re.compile(r"[0-9a-f]{40}")


def drawing_of(token: str) -> str | None:
    """The SVG of the chart a page named by `later`, drawn now if no server drew it yet;
    None for a token unknown or forgotten (the cache may drop any entry)."""
    chart = cache.get(f"vises:chart:later:{token}") if TOKEN.fullmatch(token) else None
    return svg(chart) if isinstance(chart, Chart) else None


def svg_markup(chart: Chart | None) -> SafeString | str:
    """The chart's <svg> to put in a template as it is ("" without a chart). Safe: the
    chart module escapes every text it writes into the drawing."""
    return mark_safe(svg(chart)) if chart else ""  # noqa: S308


def draw_svg(chart: Chart) -> str:
    """The drawing `svg()` keeps: made anew on each call."""
    buffer = io.StringIO()
    with _drawing, matplotlib.rc_context(STYLE):
        figure = _draw(chart)
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue(), chart)


def png(chart: Chart, dpi: int = 200) -> bytes:
    """The same drawing as a PNG image, WIDTH x height_for(chart) inches at `dpi`."""
    buffer = io.BytesIO()
    with _drawing, matplotlib.rc_context(STYLE):
        figure = _draw(chart)
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _draw(chart: Chart) -> Figure:
    if chart.kind not in ("bars", "lines"):
        raise ValueError(f"Unknown chart kind {chart.kind!r}: use 'bars' or 'lines'.")
    if len(chart.series) > 3:
        raise ValueError(f"{chart.title!r} has {len(chart.series)} series: a chart shows 1 to 3.")
    for series in chart.series:
        if len(series.values) != len(chart.categories):
            raise ValueError(
                f"Series {series.name!r} of {chart.title!r} has {len(series.values)} values "
                f"for {len(chart.categories)} categories."
            )
    figure = Figure(figsize=(WIDTH, height_for(chart)), layout="constrained")
    figure.get_layout_engine().set(w_pad=0.08, h_pad=0.08, hspace=0, wspace=0)
    axes = figure.add_subplot()
    if chart.kind == "bars":
        _draw_bars(chart, axes)
    else:
        _draw_lines(chart, axes)

    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_axisbelow(True)
    figure.suptitle(
        "\n".join(_wrap(chart.title, TITLE_WRAP)),
        x=0.012,
        ha="left",
        fontsize=TITLE_PT,
        fontweight="bold",
    )
    if len(chart.series) > 1:
        # Above the plot, under the title, so that it never covers a bar or a line.
        above_references = chart.kind == "bars" and bool(chart.reference_lines)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0.004, 1),
            bbox_transform=blended_transform_factory(figure.transFigure, axes.transAxes),
            borderaxespad=1.7 if above_references else 0.4 if chart.kind == "bars" else 1.0,
            borderpad=0,
            ncols=len(chart.series),
            frameon=False,
            fontsize=TEXT_PT,
            handlelength=1.4,
            handleheight=1.1,
        )
    if chart.source:
        figure.supxlabel(
            "\n".join(_wrap(chart.source, SOURCE_WRAP)),
            x=0.012,
            ha="left",
            fontsize=SMALL_PT,
            color=MUTED,
        )
    return figure


def _draw_bars(chart: Chart, axes) -> None:
    count = len(chart.series)
    slot = 0.8 / max(count, 1)
    values = [v for s in chart.series for v in s.values if v is not None]
    for index, (series, (colour, hatch)) in enumerate(
        zip(chart.series, BAR_STYLES.get(count, ()), strict=False)
    ):
        offset = (index - (count - 1) / 2) * slot
        positions = [i + offset for i in range(len(chart.categories))]
        widths = [_value(series, i) for i in range(len(chart.categories))]
        axes.barh(
            positions,
            [0 if w is None else w for w in widths],
            height=slot * 0.9,
            color=colour,
            hatch=hatch or None,
            linewidth=0,
            label=series.name or None,
        )
        for y, width in zip(positions, widths, strict=True):
            if width is None:
                axes.annotate(
                    chart.hidden_label,
                    (0, y),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left",
                    fontsize=SMALL_PT,
                    fontstyle="italic",
                    color=MUTED,
                )
            else:
                axes.annotate(
                    format_value(width, chart),
                    (width, y),
                    xytext=(4 if width >= 0 else -4, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left" if width >= 0 else "right",
                    fontsize=TEXT_PT,
                    color=INK,
                )

    axes.set_yticks(
        range(len(chart.categories)),
        ["\n".join(_wrap(c, LABEL_WRAP)) for c in chart.categories],
    )
    axes.set_ylim(len(chart.categories) - 0.5, -0.5)  # first category on top
    axes.tick_params(axis="y", length=0, pad=6)
    axes.tick_params(axis="x", length=0, pad=4)
    axes.spines["bottom"].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.xaxis.grid(True, color=GRID, linewidth=0.8)
    _value_limits(chart, axes, "x", values)
    if chart.value_axis:
        axes.set_xlabel(chart.value_axis, fontsize=TEXT_PT, labelpad=6)

    to_top = blended_transform_factory(axes.transData, axes.transAxes)
    for label, value in chart.reference_lines:
        axes.axvline(value, color=MUTED, linewidth=1.2, linestyle=(0, (4, 3)), zorder=3)
        axes.annotate(
            f"{label} ({format_value(value, chart)})",
            (value, 1),
            xycoords=to_top,
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=SMALL_PT,
            color=MUTED,
        )


def _draw_lines(chart: Chart, axes) -> None:
    positions = range(len(chart.categories))
    values = [v for s in chart.series for v in s.values if v is not None]
    for index, series in enumerate(chart.series):
        colour, marker = LINE_STYLES[index]
        ys = [_value(series, i) for i in positions]
        axes.plot(
            list(positions),
            [math.nan if y is None else y for y in ys],
            color=colour,
            marker=marker,
            markersize=6.5,
            linewidth=2,
            label=series.name or None,
            zorder=4,
            clip_on=False,
        )
    _value_limits(chart, axes, "y", values)
    low, high = axes.get_ylim()
    if len(chart.series) == 1:
        for x in positions:
            y = _value(chart.series[0], x)
            if y is not None:
                # Above the point, unless a reference line runs just above it.
                below = any(0 <= ref - y <= 0.09 * (high - low) for _, ref in chart.reference_lines)
                axes.annotate(
                    format_value(y, chart),
                    (x, y),
                    xytext=(0, -9 if below else 8),
                    textcoords="offset points",
                    ha="center",
                    va="top" if below else "bottom",
                    fontsize=TEXT_PT,
                    color=INK,
                    zorder=5,
                )

    # Hidden values are named under their period, out of the way of the lines.
    period_labels = ["\n".join(_wrap(c, PERIOD_WRAP)) for c in chart.categories]
    label_lines = max((label.count("\n") + 1 for label in period_labels), default=1)
    under_ticks = blended_transform_factory(axes.transData, axes.transAxes)
    for x in positions:
        missing = [s for s in chart.series if _value(s, x) is None]
        if missing and chart.hidden_label:
            several = len(chart.series) > 1
            axes.annotate(
                "\n".join(
                    f"{s.name}: {chart.hidden_label}" if several and s.name else chart.hidden_label
                    for s in missing
                ),
                (x, 0),
                xycoords=under_ticks,
                xytext=(0, -(8 + 1.25 * TEXT_PT * label_lines)),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=SMALL_PT,
                fontstyle="italic",
                color=MUTED,
            )

    axes.set_xticks(list(positions), period_labels)
    axes.set_xlim(-0.4, len(chart.categories) - 0.6)
    axes.tick_params(axis="x", length=0, pad=6)
    axes.tick_params(axis="y", length=0, pad=4)
    axes.spines["left"].set_visible(False)
    axes.spines["bottom"].set_color(MUTED)
    axes.yaxis.grid(True, color=GRID, linewidth=0.8)
    if chart.value_axis:
        axes.set_ylabel(chart.value_axis, fontsize=TEXT_PT, labelpad=6)

    to_right = blended_transform_factory(axes.transAxes, axes.transData)
    placed: list[float] = []
    for label, value in sorted(chart.reference_lines, key=lambda line: line[1]):
        axes.axhline(value, color=MUTED, linewidth=1.2, linestyle=(0, (4, 3)), zorder=3)
        # Labels of close reference lines are pushed apart so that they stay readable.
        offset = 0.0
        if placed and (value - placed[-1]) / (high - low) < 0.07:
            offset = 11.0
        placed.append(value)
        axes.annotate(
            f"{label} ({format_value(value, chart)})",
            (1, value),
            xycoords=to_right,
            xytext=(6, offset),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=SMALL_PT,
            color=MUTED,
        )


def _value(series: Series, index: int) -> float | None:
    return series.values[index] if index < len(series.values) else None


def _value_limits(chart: Chart, axes, axis: str, values: list[float]) -> None:
    """Shares on 0-100; other values from zero to a little above the largest value or
    reference line, so that the labels at the end of the bars fit. Ticks in the chart's
    language."""
    set_limits = axes.set_xlim if axis == "x" else axes.set_ylim
    (axes.xaxis if axis == "x" else axes.yaxis).set_major_formatter(_tick_formatter(chart))
    if chart.unit == "%":
        set_limits(min([0, *values]), 100)
        (axes.xaxis if axis == "x" else axes.yaxis).set_ticks(range(0, 101, 20))
        return
    everything = values + [value for _, value in chart.reference_lines]
    low, high = min([0, *everything]), max([0, *everything])
    if low == high:  # nothing to scale on: an empty frame without numbers
        set_limits(0, 1)
        (axes.xaxis if axis == "x" else axes.yaxis).set_ticks([0, 0.25, 0.5, 0.75, 1], [""] * 5)
        return
    span = high - low
    set_limits(low - (0.08 * span if low < 0 else 0), high + 0.08 * span)


def _tick_formatter(chart: Chart) -> FuncFormatter:
    def tick(value, _position):
        for decimals in range(4):
            if abs(value - round(value, decimals)) < 1e-9:
                return format_number(value, chart.language, decimals)
        return format_number(value, chart.language, 3)

    return FuncFormatter(tick)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


def _inline(document: str, chart: Chart) -> str:
    """Matplotlib's standalone SVG document as an element for an HTML page."""
    prefix = "chart-" + hashlib.sha256(repr(chart).encode()).hexdigest()[:12]
    document = document[document.index("<svg") :]
    document = re.sub(r"<metadata>.*?</metadata>\s*", "", document, flags=re.S)
    referenced = {match[2] for match in _REFERENCE.finditer(document)}

    def rename_id(match: re.Match) -> str:
        return f'id="{prefix}-{match[1]}"' if match[1] in referenced else ""

    document = _ID.sub(rename_id, document)
    document = _REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", document)
    document = re.sub(r"<(\w+) >", r"<\1>", document)
    document = without_inline_styles(document)

    opening_end = document.index(">") + 1
    opening = document[:opening_end]
    opening = re.sub(r'\s(width|height)="[^"]*"', "", opening)
    opening = opening.replace(
        "<svg",
        f'<svg width="100%" class="chart-svg" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc"',
        1,
    )
    return (
        opening
        + f'\n <title id="{prefix}-title">{_escape(chart.title)}</title>'
        + f'\n <desc id="{prefix}-desc">{_escape(chart.description)}</desc>'
        + document[opening_end:]
    ).strip()


_STYLE_ELEMENT = re.compile(r"\s*<defs>\s*<style[^>]*>(.*?)</style>\s*</defs>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def without_inline_styles(document: str) -> str:
    """Matplotlib's SVG with its styles as presentation attributes (fill="...",
    font-size="..."), which the page's Content-Security-Policy allows, unlike style
    attributes and <style> elements. Matplotlib only writes properties that SVG also
    takes as attributes; its one <style> rule (for every element) moves to the root,
    whence the elements inherit it."""

    def attributes(declarations: str) -> str:
        pairs = (d.split(":", 1) for d in declarations.split(";") if ":" in d)
        return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)

    rule = _STYLE_ELEMENT.search(document)
    if rule:
        document = _STYLE_ELEMENT.sub("", document, count=1)
        declarations = re.sub(r"^\s*\*\s*\{|\}\s*$", "", rule[1])
        document = document.replace("<svg", "<svg" + attributes(declarations), 1)
    return _STYLE_ATTRIBUTE.sub(lambda match: attributes(match[1]), document)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
