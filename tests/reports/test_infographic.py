"""The one-page infographic of a report, read back as its readers get it: a 1080 px square
PNG and an SVG document with the enterprise's name and colour, the report's title, its key
figures, one quote and the evaluation period."""

import dataclasses
import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from tests.interpretation.conftest import answered, evaluation, from_survey, survey  # noqa: F401
from vises.interpretation import quotes
from vises.reports import builder, compose, infographic
from vises.reports.compose import Block, Document
from vises.reports.models import Report
from vises.surveys.models import Response

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"
WHY = "J'ai retrouvé confiance grâce à l'équipe."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def quoted(evaluation, answered, world):  # noqa: F811 (the fixtures imported above)
    """The evaluative question's quote, from the open answer of a trainee."""
    question = evaluation.questions.get()
    given = Response.objects.get(answers__has_key="why")
    quotes.choose(
        question,
        world.user("enterprise_admin"),
        response_id=str(given.pk),
        survey_question_id=str(answered.questions.get(code="why").pk),
    )
    return question


def report_of(evaluation, language="fr", title="Rapport d'impact 2026", colour="#0072B2"):  # noqa: F811
    return builder.create_report(
        evaluation, None, audience="funders", language=language, title=title, colour=colour
    )


def document_of(evaluation, blocks, language="en", title="Impact report", colour="#0072B2"):  # noqa: F811
    """A document made by hand, for what a composed report rarely holds."""
    report = Report(evaluation=evaluation, language=language, title=title, colour=colour)
    return Document(report, title, "", blocks, {})


def read_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def read_svg(text: str) -> ET.Element:
    return ET.fromstring(text.encode())


def drawn(root: ET.Element) -> str:
    """Every text drawn in the SVG, line after line."""
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _count, colour in image.getcolors(maxcolors=1080 * 1080)}


def fills(root: ET.Element, text: str) -> set[str]:
    """The colours of the drawn lines that hold `text` (black when not said, as in SVG)."""
    colours = set()
    for element in root.iter(f"{SVG}text"):
        if text in "".join(element.itertext()):
            fill = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", element.get("style", ""))
            colours.add(fill.group(1).upper() if fill else "#000000")
    return colours


def test_png_is_a_1080_px_square_with_the_report_colour_as_its_band(evaluation, quoted):  # noqa: F811
    document = compose.compose(report_of(evaluation, colour="#009E73"))

    image = read_png(infographic.png(document))

    assert image.size == (1080, 1080)
    assert image.getpixel((20, 20)) == rgb("#009E73")
    assert image.getpixel((1060, 100)) == rgb("#009E73")
    assert image.getpixel((540, 1070)) == (255, 255, 255)


def test_png_can_be_made_smaller(evaluation):  # noqa: F811
    document = compose.compose(report_of(evaluation))

    assert read_png(infographic.png(document, size_px=540)).size == (540, 540)


def test_svg_names_the_enterprise_the_title_each_figure_and_the_quote(evaluation, quoted):  # noqa: F811
    report = report_of(evaluation)
    document = compose.compose(report)
    figures = infographic.key_figures(document)

    root = read_svg(infographic.svg(document))
    said = drawn(root)
    description = root.find(f"{SVG}desc").text

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Rapport d'impact 2026"
    assert report.evaluation.enterprise.name in said
    assert "Rapport d'impact 2026" in said
    assert figures[0] == ("22", "réponses")
    for value, label in figures:
        assert value in said
        assert value in description and label in description
        for word in words(label):
            assert word in said
    for word in words(WHY):
        assert word in said
        assert word in description
    assert "VISES" in said
    assert "2026" in said.split("VISES")[0]  # the evaluation period, in the footer


def test_french_quote_is_between_guillemets_with_no_break_spaces(evaluation, quoted):  # noqa: F811
    document = compose.compose(report_of(evaluation))

    said = drawn(read_svg(infographic.svg(document)))

    assert f"«{NBSP}J'ai retrouvé" in said
    assert f"l'équipe.{NBSP}»" in said


@pytest.mark.parametrize(
    ("language", "opening", "closing"), [("en", "“", "”"), ("nl", "“", "”"), ("fr", "«", "»")]
)
def test_quote_takes_the_quotation_marks_of_its_language(evaluation, language, opening, closing):  # noqa: F811
    blocks = [
        Block("figures", figures=[("12", "answers"), ("2", "surveys"), ("3/4", "targets")]),
        Block("quote", text="Ik voel me er thuis.", lang=language),
    ]

    said = drawn(read_svg(infographic.svg(document_of(evaluation, blocks))))

    assert re.search(f"{opening}{NBSP}?Ik voel me er thuis.{NBSP}?{closing}", said)


def test_text_on_a_light_colour_is_dark_and_on_a_dark_colour_white(evaluation):  # noqa: F811
    yellow = document_of(evaluation, [], title="Bright", colour="#F0E442")
    blue = document_of(evaluation, [], title="Deep", colour="#0072B2")

    assert fills(read_svg(infographic.svg(yellow)), "Bright") == {"#000000"}
    assert fills(read_svg(infographic.svg(blue)), "Deep") == {"#FFFFFF"}
    # In the image, the band holds the title's black (or white) strokes and no white
    # (or black) at all.
    on_yellow = colours(read_png(infographic.png(yellow)).crop((0, 0, 1080, 200)))
    on_blue = colours(read_png(infographic.png(blue)).crop((0, 0, 1080, 200)))
    assert (0, 0, 0) in on_yellow and (255, 255, 255) not in on_yellow
    assert (255, 255, 255) in on_blue and (0, 0, 0) not in on_blue
    assert infographic.contrast("#F0E442", "#000000") >= 4.5
    assert infographic.contrast("#0072B2", "#FFFFFF") >= 4.5


def test_a_document_without_figures_or_quote_draws_and_says_so(evaluation):  # noqa: F811
    document = document_of(evaluation, [Block("paragraph", text="Nothing measured yet.")])

    root = read_svg(infographic.svg(document))
    image = read_png(infographic.png(document))

    assert "No figures yet" in drawn(root)
    assert "No figures yet" in root.find(f"{SVG}desc").text
    assert image.size == (1080, 1080)


def test_too_few_figures_are_completed_from_the_document_never_invented(evaluation, answered):  # noqa: F811
    report = report_of(evaluation, language="en", title="Impact 2026")
    composed = compose.compose(report)

    def keeping(*kinds):
        blocks = [block for block in composed.blocks if block.kind in kinds]
        return Document(report, composed.title, "", blocks, {})

    # All 10 trainees at exit answer 3 or 4 of 4: the confident share (target 60%) is
    # reached, and the first chart's top-2 box at exit is 100%, the same share, said once.
    with_tables = keeping("table", "chart")
    assert infographic.key_figures(with_tables) == [("100%", "Confident share: target reached")]
    said = drawn(read_svg(infographic.svg(with_tables)))
    for word in ["100%", "Confident", "share", "target", "reached"]:
        assert word in said
    assert infographic.key_figures(keeping("chart")) == [
        ("100%", "I feel confident (“Agree” or “Strongly agree”, Sortie)")
    ]
    # A chart of another question than a scale of the surveys gives nothing.
    chart = next(block for block in composed.blocks if block.kind == "chart")
    other = Block("chart", chart=dataclasses.replace(chart.chart, title="Where do you work?"))
    nothing = Document(report, composed.title, "", [other], {})
    assert infographic.key_figures(nothing) == []
    assert "No figures yet" in drawn(read_svg(infographic.svg(nothing)))


def test_no_text_is_under_24_px_and_long_texts_stay_inside(evaluation):  # noqa: F811
    long = "an exceptionally long label about the participation of volunteers in governance"
    blocks = [
        Block("figures", figures=[(str(n * 1234), f"{long} {n}") for n in range(1, 7)]),
        Block("quote", text=" ".join(["We learnt a lot together this year."] * 20), lang="en"),
    ]
    document = document_of(
        evaluation, blocks, title=" ".join(["A report with a very long title"] * 6)
    )

    root = read_svg(infographic.svg(document))
    image = read_png(infographic.png(document))

    sizes = [
        float(re.search(r"([\d.]+)px", element.get("style")).group(1))
        for element in root.iter(f"{SVG}text")
    ]
    assert min(sizes) >= 24
    said = drawn(root)
    assert "…" in said and said.count("together") < 20  # the quote is shortened
    assert "”" in said  # and still closed
    # Nothing reaches the side margins: they hold only the band's colour and white.
    band = image.getpixel((5, 5))
    for side in ((0, 0, 40, 1080), (1040, 0, 1080, 1080)):
        assert colours(image.crop(side)) <= {band, (255, 255, 255)}


def test_the_same_document_gives_the_same_files(evaluation, quoted):  # noqa: F811
    document = compose.compose(report_of(evaluation))

    assert infographic.svg(document) == infographic.svg(document)
    assert infographic.png(document) == infographic.png(document)
