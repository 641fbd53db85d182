"""The one-page infographic of a report, for social networks and print: a 1080 x 1080
square with the enterprise's name and the report's title on a band of the report's colour,
three to six key figures, one quote and the evaluation period.

The figures come from the composed document only (its key figures first, then reached
targets and the top-2 box of its first chart when there are fewer than three), never made
up. `png()` and `svg()` draw the same design with matplotlib, under the conventions of
`charts`: object-oriented API, the drawing lock, DejaVu Sans, text kept as text in the SVG,
and the same bytes for the same document.
"""

import dataclasses
import io
import itertools
import re
from functools import lru_cache

import matplotlib
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from vises.reports import charts

from .compose import Block, Document

SIZE = 1080  # pixels: the square of social networks
DPI = 72  # drawn at 72 dots per inch, a point is a pixel of the 1080 px image
MARGIN = 72
WIDTH = SIZE - 2 * MARGIN
FONT = "DejaVu Sans"
NBSP = "\u00a0"
ELLIPSIS = "\u2026"

WHITE, BLACK = "#FFFFFF", "#000000"
INK, MUTED, RULE = charts.INK, charts.MUTED, "#BBBBBB"

# Sizes in pixels at 1080 px; nothing is smaller than 24 px.
NAME_PX = 30
# (size, lines): a title in two lines of 48 px rather than three of 56 px.
TITLE_FITS = ((56, 2), (48, 2), (48, 3), (42, 3), (36, 3))
LABEL_FITS = ((26, 3), (24, 3))
FOOTER_PX = 24
EMPTY_PX = 36
VALUE_MIN_PX = 40
# From roomy to dense: the size of the values, then the (size, most lines) of the quote,
# tried until the whole quote fits: a short quote is set large, a long one smaller.
DENSITIES = (
    (96, ((40, 3), (36, 4), (32, 5))),
    (80, ((32, 5), (30, 5))),
    (64, ((28, 5),)),
)
LEADING = 1.25  # line height, in font sizes
GAP = 56  # between the figures and the quote
QUOTE_X = MARGIN + 60  # the quote's text, right of its bar and opening mark
FOOTER_RULE = SIZE - 88  # the rule above the footer line

FIGURES_AT_LEAST, FIGURES_AT_MOST = 3, 6
COLUMNS = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}
QUOTATION_MARKS = {
    "fr": (f"«{NBSP}", f"{NBSP}»"),
    "en": ("\u201c", "\u201d"),
    "nl": ("\u201c", "\u201d"),
}

STYLE = {**charts.STYLE, "svg.hashsalt": "vises-infographic"}


@dataclasses.dataclass(frozen=True)
class Content:
    """What the infographic says, in the report's language."""

    language: str
    colour: str
    enterprise: str
    title: str
    figures: tuple[tuple[str, str], ...]
    quote: str  # without quotation marks
    quote_language: str
    footer: str
    empty: str  # said instead of the figures when there are none
    description: str


def png(document: Document, size_px: int = SIZE) -> bytes:
    """The infographic as a square PNG image of `size_px` pixels."""
    content = gather(document)
    buffer = io.BytesIO()
    # The charts' lock: rc_context changes matplotlib's process-wide settings.
    with charts._drawing, matplotlib.rc_context(STYLE):
        figure = _draw(content)
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=DPI * size_px / SIZE, metadata={"Software": None})
    return buffer.getvalue()


def svg(document: Document) -> str:
    """The infographic as a standalone SVG document of 1080 x 1080 pixels, its text kept as
    text, named by the report's title and described by its figures and quote in words."""
    content = gather(document)
    buffer = io.StringIO()
    with charts._drawing, matplotlib.rc_context(STYLE):
        figure = _draw(content)
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _accessible(buffer.getvalue(), content)


# What it says -----------------------------------------------------------------------------


def gather(document: Document) -> Content:
    """The texts of the infographic, from the composed document, in the report's language."""
    report = document.report
    language = report.language
    with translation.override(language):
        figures = key_figures(document)
        quote = next((b for b in document.blocks if b.kind == "quote" and b.text.strip()), None)
        # Line breaks and runs of spaces become one space; no-break spaces stay.
        quote_text = re.sub(r"[ \t\r\n]+", " ", quote.text).strip() if quote else ""
        quote_language = (quote.lang or language) if quote else language
        evaluation = report.evaluation
        footer = _("Evaluation period: %(start)s – %(end)s") % {
            "start": date_format(evaluation.period_start, "YEAR_MONTH_FORMAT"),
            "end": date_format(evaluation.period_end, "YEAR_MONTH_FORMAT"),
        }
        empty = _("No figures yet")
        said = [_sentence(report.title), _sentence(evaluation.enterprise.name)]
        if figures:
            said.append(
                _("Key figures: %(figures)s.")
                % {"figures": "; ".join(f"{value} {label}" for value, label in figures)}
            )
        else:
            said.append(_sentence(empty))
        if quote_text:
            said.append(_("Quote: %(quote)s") % {"quote": quoted(quote_text, quote_language)})
        said += [_sentence(footer), "VISES."]
        return Content(
            language=language,
            colour=_colour(report.colour),
            enterprise=evaluation.enterprise.name,
            title=report.title,
            figures=tuple(figures),
            quote=quote_text,
            quote_language=quote_language,
            footer=footer,
            empty=empty,
            description=" ".join(said),
        )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ELLIPSIS)) else f"{text}."


def key_figures(document: Document) -> list[tuple[str, str]]:
    """Three to six (value, label) pairs: the document's key figures; when there are fewer
    than three, the latest value of the indicators whose target is reached, then the top-2
    box of the first chart, unless the figures already say it. Fewer when the document
    holds fewer: nothing is made up."""
    block = next((b for b in document.blocks if b.kind == "figures"), None)
    figures = [(str(value), str(label)) for value, label in (block.figures if block else [])]
    said = {text for figure in figures for text in figure}
    with translation.override(document.report.language):
        for value, subject, label in itertools.chain(
            _reached_indicators(document.blocks), _top_box(document)
        ):
            if len(figures) >= FIGURES_AT_LEAST:
                break
            # An indicator computed from a chart's question gives the same share twice.
            if value in said or subject in said:
                continue
            figures.append((value, label))
            said |= {value, subject}
    return figures[:FIGURES_AT_MOST]


_LATEST = re.compile(r"^(?P<value>.+) \((?P<period>[^()]*)\)$")


def _reached_indicators(blocks: list[Block]):
    """(latest value, name, label) of each indicator whose target is reached, from the
    document's indicator tables."""
    from vises.analysis import indicators
    from vises.interpretation.evidence import STATUS_LABELS

    header = [_("Indicator"), _("Baseline"), _("Target"), _("Latest value"), _("Status")]
    reached = str(STATUS_LABELS[indicators.REACHED])
    for block in blocks:
        if block.kind != "table" or not block.table or block.table.get("header") != header:
            continue
        for name, _baseline, _target, latest, status in block.table["rows"]:
            match = _LATEST.match(latest)
            if status == reached and match:
                label = _("%(indicator)s: target reached") % {"indicator": name}
                yield match["value"], name, label


def _top_box(document: Document):
    """(share, question, label) of the answers in the top-2 box of the document's first
    chart, when it shows a scale question of the evaluation's surveys: for the last group
    shown (the last wave, usually)."""
    from vises.analysis import sentences
    from vises.analysis.results import Item
    from vises.multilingual import pick
    from vises.surveys.models import Question

    chart = next((b.chart for b in document.blocks if b.kind == "chart" and b.chart), None)
    if chart is None or chart.unit != "%" or not document.report.evaluation_id:
        return
    asked = Question.objects.filter(
        survey__evaluation_id=document.report.evaluation_id, kind="scale"
    ).order_by("survey_id", "pk")
    for question in asked:
        item = Item.from_question(question)
        labels = tuple(sentences.answer_label(item, value) for value in item.values)
        if (pick(item.text).text or item.code) != chart.title or labels != chart.categories:
            continue
        top = [item.values.index(value) for value in item.top_values]
        for series in reversed(chart.series):
            shares = [series.values[index] for index in top]
            if None in shares:
                continue
            label = {
                "question": chart.title.rstrip(" .:"),
                "answers": sentences.top_box_answers(item),
            }
            if len(chart.series) > 1 and series.name:
                label["wave"] = series.name
                text = _("%(question)s (%(answers)s, %(wave)s)") % label
            else:
                text = _("%(question)s (%(answers)s)") % label
            yield sentences.percent(sum(shares)), chart.title, text
            return
        return


def quoted(text: str, language: str) -> str:
    """The text between the quotation marks of `language`: « » with no-break spaces in
    French, “ ” in English and Dutch."""
    opening, closing = _marks(language)
    return f"{opening}{text}{closing}"


def _marks(language: str) -> tuple[str, str]:
    return QUOTATION_MARKS.get(language[:2], QUOTATION_MARKS["en"])


# Colours -----------------------------------------------------------------------------------


def _colour(colour: str) -> str:
    return colour.upper() if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour or "") else charts.BLUE


def luminance(colour: str) -> float:
    """The WCAG 2 relative luminance of a "#RRGGBB" colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """White or black, whichever contrasts better with `colour` (at least 4.5:1 whenever
    one of them can)."""
    return WHITE if contrast(colour, WHITE) >= contrast(colour, BLACK) else BLACK


def accent(colour: str) -> str:
    """The report's colour for the big values and the quote's bar when it stands out on
    white like large text must (3:1), otherwise the text colour."""
    return colour if contrast(colour, WHITE) >= 3 else INK


# Measuring and fitting text -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Font:
    size: float
    weight: str = "normal"
    style: str = "normal"

    @property
    def properties(self) -> FontProperties:
        return FontProperties(family=FONT, size=self.size, weight=self.weight, style=self.style)


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(SIZE, SIZE, DPI)


@lru_cache(maxsize=4096)
def width(text: str, font: Font) -> float:
    """The width of a line of text in pixels of the 1080 px image."""
    return _renderer().get_text_width_height_descent(text, font.properties, ismath=False)[0]


def wrap(text: str, font: Font, limit: float) -> list[str]:
    """The text in lines no wider than `limit`, broken at spaces (not at no-break spaces)
    and never right after a word of one or two letters ("à", "de", "a"); a word too long
    for a line alone is cut with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in _units(text):
        candidate = f"{line} {word}" if line else word
        if width(candidate, font) <= limit:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and width(word, font) > limit:
            cut = next(
                (i for i in range(len(word) - 1, 0, -1) if width(word[:i] + "-", font) <= limit),
                1,
            )
            lines.append(word[:cut] + "-")
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _units(text: str) -> list[str]:
    """The words of the text, a short word kept with the next one."""
    units: list[str] = []
    for word in filter(None, text.split(" ")):
        if (
            units
            and len(re.sub(r"\W", "", units[-1].rpartition(" ")[2])) <= 2
            and re.search(r"\w", units[-1].rpartition(" ")[2])
        ):
            units[-1] += " " + word
        else:
            units.append(word)
    return units


def balanced(text: str, font: Font, limit: float) -> list[str]:
    """The text in as few lines as `wrap` gives, of even lengths: a title never ends with
    a word alone on its last line."""
    lines = wrap(text, font, limit)
    if len(lines) < 2:
        return lines
    low = min(limit, max(width(word, font) for word in text.split(" ") if word))
    high = limit
    while high - low > 2:
        middle = (low + high) / 2
        if len(wrap(text, font, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, high)


def shorten(text: str, font: Font, limit: float, lines: int, dress=lambda t: t) -> list[str]:
    """`dress(text)` in at most `lines` lines, the text cut at a word boundary with an
    ellipsis when it is too long."""
    wrapped = wrap(dress(text), font, limit)
    if len(wrapped) <= lines:
        return wrapped
    words = text.split(" ")
    low, high = 1, len(words) - 1  # the most words that fit lie in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if len(wrap(dress(_cut(words, middle)), font, limit)) <= lines:
            low = middle
        else:
            high = middle - 1
    return wrap(dress(_cut(words, low)), font, limit)[:lines]


def _cut(words: list[str], count: int) -> str:
    return " ".join(words[:count]).rstrip(" ,;:.!?-–—" + NBSP) + ELLIPSIS


def fit(text: str, fits, limit: float, weight="normal", style="normal"):
    """The text at the first (size, lines) of `fits` it holds in, and its lines; at the
    last one, shortened."""
    for size, lines in fits:
        font = Font(size, weight, style)
        if len(wrap(text, font, limit)) <= lines:
            return font, balanced(text, font, limit)
    size, lines = fits[-1]
    font = Font(size, weight, style)
    return font, shorten(text, font, limit, lines)


def _height(font: Font, count: int) -> float:
    """The height of `count` lines, from the top of the capitals to the bottom of the
    descenders."""
    return (count - 1) * LEADING * font.size + font.size if count else 0


# Drawing ------------------------------------------------------------------------------


@dataclasses.dataclass
class _Cell:
    value: str
    value_lines: list[str]
    value_font: Font
    label_font: Font
    label_lines: list[str]


def _draw(content: Content) -> Figure:
    figure = Figure(figsize=(SIZE / DPI, SIZE / DPI), dpi=DPI, facecolor=WHITE)
    highlight = accent(content.colour)

    def put(x, baseline, text, font, colour=INK, ha="left"):
        figure.text(
            x / SIZE,
            1 - baseline / SIZE,
            text,
            fontsize=font.size,
            fontweight=font.weight,
            fontstyle=font.style,
            family=FONT,
            color=colour,
            ha=ha,
            va="baseline",
            parse_math=False,
        )

    def put_lines(x, top, lines, font, colour=INK, ha="left"):
        for index, line in enumerate(lines):
            put(x, top + 0.77 * font.size + index * LEADING * font.size, line, font, colour, ha)

    # The band: the enterprise's name and the report's title.
    on_band = text_on(content.colour)
    name_font = Font(NAME_PX)
    name = shorten(content.enterprise, name_font, WIDTH, 1)
    title_font, title = fit(content.title, TITLE_FITS, WIDTH, weight="bold")
    top = 60
    title_top = top + NAME_PX + 20
    band = title_top + _height(title_font, len(title)) + 56
    figure.patches.append(
        Rectangle(
            (0, 1 - band / SIZE),
            1,
            band / SIZE,
            transform=figure.transFigure,
            facecolor=content.colour,
            edgecolor="none",
            linewidth=0,
        )
    )
    put_lines(MARGIN, top, name, name_font, on_band)
    put_lines(MARGIN, title_top, title, title_font, on_band)

    # The footer: the evaluation period, and the product's name.
    footer_font = Font(FOOTER_PX)
    brand_font = Font(FOOTER_PX, "bold")
    brand = "VISES"
    footer = shorten(content.footer, footer_font, WIDTH - width(brand, brand_font) - 32, 1)
    figure.add_artist(
        Line2D(
            [MARGIN / SIZE, 1 - MARGIN / SIZE],
            [1 - FOOTER_RULE / SIZE] * 2,
            transform=figure.transFigure,
            color=RULE,
            linewidth=1.5,
        )
    )
    footer_top = FOOTER_RULE + 30
    put_lines(MARGIN, footer_top, footer, footer_font, MUTED)
    put_lines(SIZE - MARGIN, footer_top, [brand], brand_font, INK, ha="right")

    # Between them: the figures, then the quote, spread evenly.
    space_top, space_bottom = band + 56, FOOTER_RULE - 48
    space = space_bottom - space_top
    rows, figures_height, quote_font, quote = _plan(content, space)
    quote_height = _height(quote_font, len(quote)) if quote else 0
    used = figures_height + quote_height + (GAP if quote else 0)
    slack = max(0.0, space - used)
    # A little more air above the figures than between them and the quote.
    y = space_top + (slack / 3 if quote else slack / 2)
    if rows:
        _draw_rows(rows, y, put_lines, highlight)
    else:
        put_lines(SIZE / 2, y, [content.empty], Font(EMPTY_PX, style="italic"), MUTED, "center")
    if quote:
        y += figures_height + GAP + slack / 3
        figure.patches.append(
            Rectangle(
                (MARGIN / SIZE, 1 - (y + quote_height + 6) / SIZE),
                8 / SIZE,
                (quote_height + 12) / SIZE,
                transform=figure.transFigure,
                facecolor=highlight,
                edgecolor="none",
                linewidth=0,
            )
        )
        # The opening mark hangs left of the text, so that the lines align on letters.
        opening = _marks(content.quote_language)[0]
        put_lines(QUOTE_X - width(opening, quote_font), y, quote[:1], quote_font, INK)
        put_lines(QUOTE_X, y + LEADING * quote_font.size, quote[1:], quote_font, INK)
    return figure


def _plan(content: Content, space: float):
    """The figures' rows and the quote's lines that fit in `space` pixels: the roomiest
    layout that shows the whole quote, or else the one that shows most of it. The quote's
    opening mark hangs in the margin, outside the measure."""
    opening, closing = _marks(content.quote_language)

    def dress(text):
        return text + closing

    limit = SIZE - MARGIN - QUOTE_X
    best = None
    for value_px, quote_sizes in DENSITIES:
        rows = _figure_rows(content.figures, value_px)
        figures_height = _rows_height(rows) if rows else EMPTY_PX
        if not content.quote:
            return rows, figures_height, None, []
        room = space - figures_height - GAP
        for size, lines in quote_sizes:
            font = Font(size, style="italic")
            most = min(lines, int((room - size) // (LEADING * size)) + 1)
            if most < 1:
                continue
            if len(wrap(dress(content.quote), font, limit)) <= most:
                lines = balanced(dress(content.quote), font, limit)
                return rows, figures_height, font, [opening + lines[0], *lines[1:]]
            lines = shorten(content.quote, font, limit, most, dress)
            if best is None or len("".join(lines)) > len("".join(best[3])):
                best = (rows, figures_height, font, [opening + lines[0], *lines[1:]])
    return best or (rows, figures_height, None, [])


def _figure_rows(figures, value_px: int) -> list[list[_Cell]]:
    """The figures in rows of a grid (3, 2 + 2, 3 + 2 or 3 + 3), every value at one size,
    as large as fits its cell, and every label at one size."""
    if not figures:
        return []
    columns = COLUMNS[len(figures)]
    cell = WIDTH / columns - 40
    if len(figures) <= columns:
        value_px = round(value_px * 1.1)  # one row: more room
    while value_px > VALUE_MIN_PX and any(
        width(value, Font(value_px, "bold")) > cell for value, _label in figures
    ):
        value_px -= 4
    value_font = Font(value_px, "bold")
    label_fits = next(
        (
            [(size, lines)]
            for size, lines in LABEL_FITS
            if all(len(wrap(label, Font(size), cell)) <= lines for _value, label in figures)
        ),
        LABEL_FITS[-1:],
    )
    cells = [
        _Cell(value, wrap(value, value_font, cell), value_font, *fit(label, label_fits, cell))
        for value, label in figures
    ]
    return [cells[start : start + columns] for start in range(0, len(cells), columns)]


def _row_height(row: list[_Cell]) -> float:
    return max(
        _height(c.value_font, len(c.value_lines)) + 18 + _height(c.label_font, len(c.label_lines))
        for c in row
    )


def _rows_height(rows) -> float:
    return sum(_row_height(row) for row in rows) + 48 * (len(rows) - 1)


def _draw_rows(rows, top: float, put_lines, highlight: str) -> None:
    columns = len(rows[0])
    cell = WIDTH / columns
    for row in rows:
        # A shorter last row is centred under the first.
        left = MARGIN + (columns - len(row)) * cell / 2
        value_height = max(_height(c.value_font, len(c.value_lines)) for c in row)
        for index, item in enumerate(row):
            centre = left + (index + 0.5) * cell
            put_lines(centre, top, item.value_lines, item.value_font, highlight, "center")
            put_lines(
                centre, top + value_height + 18, item.label_lines, item.label_font, INK, "center"
            )
        top += _row_height(row) + 48


# The SVG document ---------------------------------------------------------------------------


def _accessible(document: str, content: Content) -> str:
    """Matplotlib's SVG, without its metadata, sized in pixels, named by the report's title
    and described in words for assistive technologies."""
    document = re.sub(r"<metadata>.*?</metadata>\s*", "", document, flags=re.S)
    start = document.index("<svg")
    end = document.index(">", start) + 1
    opening = document[start:end]
    opening = re.sub(r'\swidth="[^"]*"', f' width="{SIZE}"', opening, count=1)
    opening = re.sub(r'\sheight="[^"]*"', f' height="{SIZE}"', opening, count=1)
    opening = opening.replace(
        "<svg",
        f'<svg role="img" aria-labelledby="infographic-title infographic-desc" '
        f'xml:lang="{content.language}"',
        1,
    )
    return (
        document[:start]
        + opening
        + f'\n <title id="infographic-title">{_escape(content.title)}</title>'
        + f'\n <desc id="infographic-desc">{_escape(content.description)}</desc>'
        + document[end:]
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
