import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from PIL import Image

from vises.reports import charts
from vises.reports.charts import WIDTH, Chart, Series, format_number, height_for, png, svg

REPO_ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"

ANSWERS = (
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree with the statement as it is written",
    "Disagree",
    "Strongly disagree",
    "No opinion",
)


def grouped(**changes) -> Chart:
    fields = {
        "kind": "bars",
        "title": "I feel confident speaking in front of a group",
        "categories": ANSWERS,
        "series": (
            Series("Entry", (12.0, 41.5, 20.0, None, 5.0, 21.5)),
            Series("Exit", (30.0, 45.0, 10.0, 8.0, 7.0, None)),
        ),
        "unit": "%",
        "decimals": 1,
        "value_axis": "Share of respondents (%)",
        "source": "Survey of trainees, entry n = 41, exit n = 39",
        "reference_lines": (("Target", 80.0),),
        "hidden_label": "n < 5",
        "description": "At exit, 45% of trainees agree, against 41.5% at entry.",
    }
    return Chart(**{**fields, **changes})


def employment(**changes) -> Chart:
    fields = {
        "kind": "lines",
        "title": "Trainees in employment six months after exit",
        "categories": ("2021", "2022", "2023", "2024", "2025"),
        "series": (Series("", (38.0, 44.5, None, 61.0, 66.0)),),
        "unit": "%",
        "decimals": 1,
        "value_axis": "Share of trainees (%)",
        "source": "Follow-up survey",
        "reference_lines": (("Baseline", 38.0), ("Target", 70.0)),
        "hidden_label": "n < 5",
        "description": "Employment rose from 38% to 66%.",
    }
    return Chart(**{**fields, **changes})


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(svg(chart))


def texts(root: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def shown(root: ET.Element) -> str:
    """Every text drawn, in order, as one line (wrapped labels read across their lines)."""
    return " ".join(texts(root))


def test_svg_is_an_inline_image_named_by_its_title_and_described():
    document = svg(grouped())
    root = ET.fromstring(document)

    assert document.startswith("<svg")
    assert "<?xml" not in document and "DOCTYPE" not in document
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    width, height = (float(size) for size in root.get("viewBox").split()[2:])
    assert (width, height) == pytest.approx((WIDTH * 72, height_for(grouped()) * 72))
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {element.get("id"): element for element in root.iter()}
    assert by_id[title_id].tag == f"{SVG}title"
    assert by_id[title_id].text == "I feel confident speaking in front of a group"
    assert by_id[desc_id].tag == f"{SVG}desc"
    assert by_id[desc_id].text == "At exit, 45% of trainees agree, against 41.5% at entry."


def test_svg_writes_labels_axis_source_and_legend_as_text():
    root = parse(grouped())

    drawn = shown(root)
    for answer in ANSWERS:
        assert answer in drawn
    assert "I feel confident speaking in front of a group" in drawn
    assert "Share of respondents (%)" in texts(root)
    assert "Survey of trainees, entry n = 41, exit n = 39" in texts(root)
    assert {"Entry", "Exit"} <= set(texts(root))
    assert "Target (80.0%)" in texts(root)
    assert {"0", "20", "40", "60", "80", "100"} <= set(texts(root))
    # Text stays text, in DejaVu Sans: no glyph outlines.
    assert all("DejaVu Sans" in text.get("font-family") for text in root.iter(f"{SVG}text"))
    assert "DejaVuSans-" not in svg(grouped())


def test_svg_has_no_style_the_page_policy_would_refuse():
    chart = grouped(reference_lines=(("Target", 80.0),))
    document = svg(chart)
    assert " style=" not in document
    assert "<style" not in document
    root = parse(chart)
    assert root.get("stroke-linejoin") == "round"
    assert all(path.get("fill") or path.get("stroke") for path in root.iter(f"{SVG}path"))


def test_long_answer_labels_wrap_at_about_28_characters():
    lines = texts(parse(grouped()))

    assert "Neither agree nor disagree" in lines
    assert "with the statement as it is" in lines
    assert "written" in lines
    assert all(len(line) <= 28 for line in lines if line in ANSWERS[2])


@pytest.mark.parametrize(
    ("language", "decimals", "expected", "foreign"),
    [
        ("fr", 1, ["12,0\u00a0%", "41,5\u00a0%", "45,0\u00a0%"], ["41.5%", "41,5%"]),
        ("nl", 1, ["12,0%", "41,5%", "45,0%"], ["41.5%", "41,5\u00a0%"]),
        ("en", 1, ["12.0%", "41.5%", "45.0%"], ["41,5%", "41,5\u00a0%"]),
        ("fr", 0, ["12\u00a0%", "42\u00a0%", "45\u00a0%"], ["42%"]),
        ("en", 0, ["12%", "42%", "45%"], ["42\u00a0%"]),
    ],
)
def test_value_labels_are_written_as_the_reader_writes_numbers(
    language, decimals, expected, foreign
):
    values = texts(parse(grouped(language=language, decimals=decimals)))

    for label in expected:
        assert label in values
    for label in foreign:
        assert label not in values


def test_values_with_another_unit_carry_it_after_a_no_break_space():
    hours = grouped(
        unit="h",
        language="fr",
        decimals=1,
        series=(Series("", (1500.0, 12.5, 3.0, 4.0, 5.0, 6.0)),),
        reference_lines=(),
    )

    values = texts(parse(hours))

    assert f"1{NBSP}500,0{NBSP}h" in values
    assert f"12,5{NBSP}h" in values
    assert "1 500" in " ".join(values).replace(NBSP, " ")  # the axis, grouped too


def test_the_same_chart_always_gives_the_same_svg():
    first = svg.__wrapped__(grouped())
    second = svg.__wrapped__(grouped())

    assert first == second
    assert "<metadata" not in first and "dc:date" not in first
    assert svg(grouped()) is svg(grouped())  # cached


def test_two_charts_on_one_page_never_share_an_id():
    page = [parse(grouped()), parse(grouped(language="fr")), parse(employment())]

    ids = [element.get("id") for root in page for element in root.iter() if element.get("id")]

    assert len(ids) == len(set(ids))
    assert len(ids) >= 3 * 3  # title, desc and a clip path each


@pytest.mark.parametrize("chart", [grouped(), employment()], ids=["bars", "lines"])
def test_every_reference_inside_the_svg_points_to_its_own_element(chart):
    document = svg(chart)
    root = ET.fromstring(document)

    ids = {element.get("id") for element in root.iter() if element.get("id")}
    references = set(re.findall(r'(?:href="#|url\(#)([^")]+)', document))

    assert references
    assert references <= ids


def test_a_hidden_value_leaves_an_empty_slot_with_the_hidden_label():
    root = parse(grouped())

    assert texts(root).count("n < 5") == 2
    assert texts(root).count("n < 5") == sum(
        value is None for series in grouped().series for value in series.values
    )


def test_a_chart_with_nothing_to_show_draws_only_hidden_labels():
    empty_bars = Chart(
        kind="bars",
        title="Too few answers",
        categories=("Yes", "No"),
        series=(Series("", (None, None)),),
        hidden_label="Fewer than 5 answers",
    )
    empty_lines = Chart(
        kind="lines",
        title="Too few answers",
        categories=("2024",),
        series=(Series("", (None,)),),
        hidden_label="Fewer than 5 answers",
    )

    assert texts(parse(empty_bars)).count("Fewer than 5 answers") == 2
    assert texts(parse(empty_lines)).count("Fewer than 5 answers") == 1
    assert Image.open(io.BytesIO(png(empty_bars, dpi=50))).size[0] == round(WIDTH * 50)


def test_a_legend_only_when_there_are_several_series():
    alone = grouped(series=(Series("All trainees", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)),))

    assert "All trainees" not in texts(parse(alone))
    assert "Entry" in texts(parse(grouped()))


def test_lines_mark_every_value_and_label_reference_lines_at_the_right():
    chart = employment()
    root = parse(chart)

    markers = list(root.iter(f"{SVG}use"))
    assert len(markers) == 4  # one per known value, none for the hidden one
    assert "Baseline (38.0%)" in texts(root)
    assert "Target (70.0%)" in texts(root)
    assert {"38.0%", "44.5%", "61.0%", "66.0%"} <= set(texts(root))
    assert "n < 5" in texts(root)
    assert all(period in texts(root) for period in chart.categories)
    target = next(text for text in root.iter(f"{SVG}text") if text.text == "Target (70.0%)")
    last_period = next(text for text in root.iter(f"{SVG}text") if text.text == "2025")
    assert float(target.get("x")) > float(last_period.get("x"))


def test_several_lines_name_the_series_whose_value_is_hidden():
    chart = employment(
        series=(
            Series("Women", (30.0, 40.0, None, 50.0, 60.0)),
            Series("Men", (35.0, 45.0, 55.0, 65.0, 75.0)),
        )
    )

    assert "Women: n < 5" in texts(parse(chart))
    assert {"Women", "Men"} <= set(texts(parse(chart)))


@pytest.mark.parametrize("dpi", [100, 200])
def test_png_opens_at_the_size_of_the_drawing(dpi):
    image = Image.open(io.BytesIO(png(grouped(), dpi=dpi)))

    assert image.format == "PNG"
    assert image.size == (round(WIDTH * dpi), round(height_for(grouped()) * dpi))


def test_height_grows_with_categories_and_series():
    one = grouped(categories=ANSWERS[:2], series=(Series("", (1.0, 2.0)),))
    two_series = grouped(categories=ANSWERS[:2])
    more_categories = grouped(categories=ANSWERS[:2] * 6, series=(Series("", (1.0,) * 12),))

    assert height_for(one) < height_for(two_series)
    assert height_for(one) < height_for(more_categories)
    assert 2 < height_for(one) < height_for(more_categories) < 10


def test_twelve_categories_and_three_series_show_every_label():
    categories = tuple(f"Reason number {number} for joining" for number in range(12))
    chart = grouped(
        categories=categories,
        series=tuple(
            Series(name, tuple(float(n + offset) for n in range(12)))
            for name, offset in (("Entry", 0), ("Middle", 20), ("Exit", 40))
        ),
    )

    drawn = shown(parse(chart))

    assert all(category in drawn for category in categories)
    assert "51.0%" in drawn  # Exit, last reason
    assert {"Entry", "Middle", "Exit"} <= set(texts(parse(chart)))
    # The third series is hatched, so that it does not merge with the first in greyscale.
    assert parse(chart).find(f".//{SVG}pattern") is not None
    assert parse(grouped()).find(f".//{SVG}pattern") is None


def test_grouped_bars_and_lines_draw_in_the_okabe_ito_palette(tmp_path):
    bars_file = tmp_path / "grouped.png"
    lines_file = tmp_path / "lines.png"
    bars_file.write_bytes(png(grouped(), dpi=100))
    lines_file.write_bytes(png(employment(), dpi=100))

    bars = Image.open(bars_file).convert("RGB")
    lines = Image.open(lines_file).convert("RGB")
    bar_colours = {colour for _, colour in bars.getcolors(1_000_000)}
    line_colours = {colour for _, colour in lines.getcolors(1_000_000)}

    sky, blue = (0x56, 0xB4, 0xE9), (0x00, 0x72, 0xB2)
    assert {sky, blue} <= bar_colours
    assert blue in line_colours

    # The two waves also read apart in greyscale.
    def grey(colour):
        return Image.new("RGB", (1, 1), colour).convert("L").getpixel((0, 0))

    assert grey(sky) - grey(blue) > 40


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (grouped(kind="pie"), "Unknown chart kind 'pie'"),
        (
            grouped(series=tuple(Series(str(n), (1.0,) * 6) for n in range(4))),
            "has 4 series: a chart shows 1 to 3",
        ),
        (
            grouped(series=(Series("Entry", (1.0, 2.0)),)),
            "Series 'Entry' of 'I feel confident speaking in front of a group' has 2 values "
            "for 6 categories",
        ),
    ],
    ids=["kind", "series", "values"],
)
def test_a_chart_that_cannot_be_drawn_is_refused_with_the_reason(chart, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        svg(chart)


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (1234.5, "en", 1, "1,234.5"),
        (1234.5, "nl", 1, "1.234,5"),
        (1234.5, "fr", 1, f"1{NBSP}234,5"),
        (-2.5, "en", 1, "\u22122.5"),
        (-0.04, "fr", 1, "0,0"),
    ],
)
def test_numbers_are_written_in_the_reader_s_language(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


def test_a_chart_is_drawn_once_for_every_server_that_asks():
    """The drawing goes to the cache every app server and worker share: another process,
    with nothing in its own memory and unable to draw, serves it from there."""
    chart = grouped(title="Drawn once for all")
    cache.delete(charts.cache_key(chart, "svg"))
    drawn = svg(chart)
    assert cache.get(charts.cache_key(chart, "svg")) == drawn

    another_server = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        f"settings.CACHES['default']['LOCATION'] = {settings.CACHES['default']['LOCATION']!r}\n"
        "from vises.reports import charts\n"
        "from tests.reports.test_charts import grouped\n"
        "charts._svg = None  # drawing would fail here\n"
        "sys.stdout.write(charts.svg(grouped(title='Drawn once for all')))\n"
    )
    served = subprocess.run(
        [sys.executable, "-c", another_server],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "vises.settings"},
    )
    assert served.stdout == drawn
