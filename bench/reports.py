"""Time the rendering of a report of at least 10 charts as PDF and as DOCX (issue 7),
and what one chart costs inside the PDF, against the charting library saving the same
charts alone.

Run as `python -m bench.reports [OUTPUT.json]` with DJANGO_SETTINGS_MODULE=vises.settings and
VISES_DATA_DIR set to a throwaway directory: it migrates a fresh SQLite database there and
loads the demo. Then, through the product's own functions:

* It takes the demo's evaluation with the most survey results (charts of its evaluative
  questions; the most responses among equals): today Les Ateliers du Rebond's 2025
  evaluation, 7 results from 250 responses in two waves.
* Its enterprise admin ties 3 more survey questions of the trainees' questionnaire (TIED)
  to the indicator TIED_INDICATOR of its question on access to employment, as a team does
  in the survey builder, which brings that question 3 more charts.
* She makes a funders report in French and keeps its two evaluative questions' sections
  (REPORT_SECTIONS): the funders template's other sections (summary, indicators, method,
  SSE practices, improvement) start a page each and hold no chart, and with them the same
  report is longer. Each chart, with its sentence and data table, fills most of a page.
* Each question's findings show every question of the surveys its plan gathers, so the
  report's size follows the demo: the run reports its pages (the PDF read back with
  `pdfinfo`, of poppler-utils) and charts (counted in the composed blocks) beside the
  times, and fails if it holds fewer than MIN_CHARTS charts. The times are compared with
  the charts drawn alone in the same run, so a bigger demo changes the figures, not the
  ratios.
  The PDF and the DOCX are left as report.pdf and report.docx in VISES_DATA_DIR.

Measured, best of REPETITIONS after one warm-up, with time.perf_counter:

* `pdf`: `rendering.pdf(document)` of a fresh `compose(report)`, the charts' caches (the
  process's and the shared one) emptied first, so that the charts are really drawn; the
  compose is not timed (its best time is `compose`);
* `docx`: `rendering.docx(document)` of a fresh compose (its charts are drawn as PNG);
* `chart_in_pdf`: one chart's cost inside the PDF: the PDF of a document holding only that
  chart's block (the report's cover, then the chart with its sentence and data table),
  minus the PDF of the same document whose block has no chart (`with_chart` and
  `without_chart`, rendered in turns, the cache cleared before each). The chart is the
  first of the report's commonest shape (a five-point scale by wave);
* `chart_alone`: that chart saved alone as SVG by matplotlib, `charts.draw_svg`
  (drawing the figure, saving it and making it an inline element, without the cache);
* `charts_alone`: the sum of the same for each of the report's charts.

Prints (or writes to OUTPUT.json) these times in seconds, with "evaluation", "pages",
"charts", "pdf_bytes" and "docx_bytes".
"""

import dataclasses
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import django

MIN_CHARTS = 10
REPETITIONS = 3
# Survey questions about finding work, tied by the team to the employment question.
TIED = ("cv_up_to_date", "job_interviews_count", "job_hours")
TIED_INDICATOR = "employment_exits_rate"
REPORT_TITLE = "Nos parcours d'insertion en 2025 : ce que disent les salariés"
REPORT_LANGUAGE = "fr"
REPORT_SECTIONS = ("question",)


# The report ----------------------------------------------------------------------------------


def survey_results(evaluation) -> int:
    """How many charts the evaluation's evaluative questions show from its surveys."""
    from vises.interpretation import evidence

    known: dict = {}
    minimum = evidence.small_group_minimum()
    return sum(
        entry.chart is not None
        for question in evaluation.questions.all()
        for entry in evidence.question_evidence(
            evaluation, question, minimum, with_open_answers=False, known=known
        )["survey_results"]
    )


def richest_evaluation():
    """The evaluation with the most survey results, then the most responses."""
    from django.db.models import Count

    from vises.evaluations.models import Evaluation

    evaluations = Evaluation.objects.annotate(
        responses=Count("surveys__waves__responses", distinct=True)
    ).filter(responses__gt=0)
    return max(evaluations, key=lambda e: (survey_results(e), e.responses))


def make_report(evaluation):
    """Tie TIED to the evaluation's TIED_INDICATOR, then make the funders report with
    only its REPORT_SECTIONS, as the evaluation's creator (its enterprise admin)."""
    from vises.evaluations.models import PlanIndicator
    from vises.reports import builder
    from vises.surveys import builder as survey_builder
    from vises.surveys.models import Question

    author = evaluation.created_by
    indicator = PlanIndicator.objects.get(plan_row__evaluation=evaluation, code=TIED_INDICATOR)
    for code in TIED:
        question = Question.objects.filter(survey__evaluation=evaluation, code=code).first()
        if question is None:
            raise RuntimeError(f"no survey of {evaluation} asks the question {code!r}")
        survey_builder.update_question(
            question, author, indicators=[*question.indicators.all(), indicator]
        )
    report = builder.create_report(
        evaluation, author, audience="funders", language=REPORT_LANGUAGE, title=REPORT_TITLE
    )
    for section in report.sections.exclude(kind__in=REPORT_SECTIONS):
        builder.remove_section(section, author)
    return report


def pdf_pages(path: Path) -> int:
    """The number of pages of the PDF, as poppler's pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


def check_report(report, folder: Path) -> dict:
    """Render the report once, keep its files in `folder`, and raise unless it has at least
    MIN_CHARTS charts."""
    from vises.reports import compose, rendering

    document = compose.compose(report)
    charts = sum(block.kind == "chart" for block in document.blocks)
    pdf, docx = folder / "report.pdf", folder / "report.docx"
    pdf.write_bytes(rendering.pdf(document))
    docx.write_bytes(rendering.docx(document))
    pages = pdf_pages(pdf)
    if charts < MIN_CHARTS:
        raise RuntimeError(f"the report has {charts} charts, fewer than {MIN_CHARTS}")
    return {
        "pages": pages,
        "charts": charts,
        "pdf_bytes": pdf.stat().st_size,
        "docx_bytes": docx.stat().st_size,
    }


# Timing ----------------------------------------------------------------------------------------


def best_time(function, *args) -> float:
    """The best of REPETITIONS timed calls after a warm-up; `function` returns its own time,
    so that it can leave its preparation out."""
    function(*args)
    return min(function(*args) for _ in range(REPETITIONS))


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def forget_drawings() -> None:
    """Empty both of the charts' caches (the process's and the one servers share), so that
    the charts are really drawn."""
    from django.core.cache import cache

    from vises.reports import charts

    charts.svg.cache_clear()
    cache.clear()


def fresh_document(report):
    """The report composed anew, with the charts' caches empty."""
    from vises.reports import compose

    forget_drawings()
    return compose.compose(report)


def render_pdf(document) -> float:
    from vises.reports import rendering

    forget_drawings()
    return timed(rendering.pdf, document)


def chart_in_pdf(document, block) -> tuple[float, float]:
    """The best PDF times of the document holding only `block`, with and without its
    chart, rendered in turns so that any drift hits both."""
    with_chart = dataclasses.replace(document, blocks=[block])
    without_chart = dataclasses.replace(document, blocks=[dataclasses.replace(block, chart=None)])
    render_pdf(with_chart)  # warm-up
    render_pdf(without_chart)
    times = [(render_pdf(with_chart), render_pdf(without_chart)) for _ in range(REPETITIONS)]
    return min(w for w, _ in times), min(o for _, o in times)


def commonest_chart(blocks):
    """The first chart block of the commonest shape (categories x series)."""
    shapes = Counter((len(b.chart.categories), len(b.chart.series)) for b in blocks)
    shape = shapes.most_common(1)[0][0]
    return next(b for b in blocks if (len(b.chart.categories), len(b.chart.series)) == shape)


def measure(report) -> dict:
    """The times of the module's docstring, in seconds, and the title of the chart."""
    from vises.reports import charts, compose, rendering

    measured = {
        "compose": best_time(lambda: timed(fresh_document, report)),
        "pdf": best_time(lambda: render_pdf(fresh_document(report))),
        "docx": best_time(lambda: timed(rendering.docx, fresh_document(report))),
    }
    document = compose.compose(report)
    blocks = [block for block in document.blocks if block.kind == "chart"]
    block = commonest_chart(blocks)
    with_chart, without_chart = chart_in_pdf(document, block)
    draw_alone = charts.draw_svg
    measured.update(
        chart=block.chart.title,
        with_chart=with_chart,
        without_chart=without_chart,
        chart_in_pdf=with_chart - without_chart,
        chart_alone=best_time(timed, draw_alone, block.chart),
        charts_alone=sum(best_time(timed, draw_alone, b.chart) for b in blocks),
    )
    return measured


def main(output: Path | None) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from vises.demo import data

    call_command("migrate", interactive=False, verbosity=0)
    data.load()
    evaluation = richest_evaluation()
    report = make_report(evaluation)
    measured = {
        "evaluation": f"{evaluation.enterprise.name}: {evaluation.title}",
        **check_report(report, settings.DATA_DIR),
        **measure(report),
    }
    print(
        f"{measured['evaluation']}, {measured['pages']} pages, {measured['charts']} charts: "
        f"PDF {measured['pdf']:.2f} s, DOCX {measured['docx']:.2f} s, the {measured['charts']} "
        f"charts alone {measured['charts_alone']:.2f} s; one chart in the PDF "
        f"{measured['chart_in_pdf']:.3f} s, alone {measured['chart_alone']:.3f} s",
        file=sys.stderr,
    )
    if output is None:
        print(json.dumps(measured))
    else:
        output.write_text(json.dumps(measured) + "\n")


if __name__ == "__main__":
    django.setup()
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
