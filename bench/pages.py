"""Time the pages that draw charts, as their first reader meets them and as the next one
does: an evaluative question's findings page and a published report page (issue 15).

Run as `python -m bench.pages [OUTPUT.json]` with DJANGO_SETTINGS_MODULE=bench.settings and
VISES_DATA_DIR set to a throwaway directory: it migrates a fresh SQLite database there and
loads the demo. Then, with Django's test client in this one process:

* `constant`: the bench's constant page (bench/urls.py), the baseline, best of REPETITIONS;
* `findings_first`: the findings page of the demo's evaluative question with the most survey
  results, as its enterprise admin, the first time (no chart drawn yet, in this process or
  in the shared cache). The page is sent without its charts: each is left to be fetched
  (htmx) once the page is shown. The process has drawn other charts before, as a server
  that has been up for a while has: loading the charting library is not counted;
* `findings_charts`: the time to fetch, one after the other, the charts that first view
  left to be fetched (each is drawn then), and `findings_charts_count` how many;
* `findings_next`: the same page again, best of REPETITIONS (every chart comes from the
  cache);
* `published_first` and `published_next`: the same for the demo's published report with the
  most charts, read by an anonymous visitor through its public link.

Prints (or writes to OUTPUT.json) these times in seconds, with the question and report.
"""

import json
import re
import sys
import time
from pathlib import Path

import django

REPETITIONS = 5


def timed_get(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def charts_left(client, url: str) -> tuple[float, list[str]]:
    """The time of a GET of the page, and the charts it left to be fetched."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed, re.findall(r'hx-get="(/charts/[^"]+)"', response.text)


def fetch_all(client, urls: list[str]) -> float:
    """The time to fetch each URL in turn, each answered with a drawn chart."""
    start = time.perf_counter()
    for url in urls:
        if "<svg" not in client.get(url).text:
            raise RuntimeError(f"{url} gave no chart")
    return time.perf_counter() - start


def best_get(client, url: str) -> float:
    return min(timed_get(client, url) for _ in range(REPETITIONS))


def richest_question():
    """The evaluative question whose findings show the most survey results."""
    from bench.reports import richest_evaluation
    from vises.interpretation import evidence

    evaluation = richest_evaluation()
    minimum = evidence.small_group_minimum()

    def charts(question) -> int:
        found = evidence.question_evidence(
            evaluation, question, minimum, with_open_answers=False, known={}
        )
        return sum(entry.chart is not None for entry in found["survey_results"])

    return evaluation, max(evaluation.questions.all(), key=charts)


def measure() -> dict:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from vises.reports import charts
    from vises.reports.models import Report

    anonymous = Client()
    evaluation, question = richest_question()
    admin = Client()
    admin.force_login(evaluation.created_by)
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    other = evaluation.questions.exclude(pk=question.pk).first() or question
    timed_get(admin, reverse("evaluation_question_findings", args=[evaluation.pk, other.pk]))
    cache.clear()
    charts.svg.cache_clear()
    published = Report.objects.filter(public_token__isnull=False).order_by("-pk").first()
    if published is None:
        raise RuntimeError("the demo published no report")
    public = reverse("report_public", args=[published.public_token])
    findings_first, left = charts_left(admin, findings)
    findings_charts = fetch_all(admin, left)
    return {
        "constant": best_get(anonymous, "/bench/constant/"),
        "findings_first": findings_first,
        "findings_charts": findings_charts,
        "findings_charts_count": len(left),
        "findings_next": best_get(admin, findings),
        "published_first": timed_get(anonymous, public),
        "published_next": best_get(anonymous, public),
        "question": str(question),
        "report": str(published),
    }


def main(output: Path | None) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from bench.queries import FAST_TEST_SETTINGS

    django.setup()
    with override_settings(**FAST_TEST_SETTINGS, ALLOWED_HOSTS=["*"]):
        from vises.demo import data

        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        data.load()
        measured = measure()
    text = json.dumps(measured, indent=1)
    if output:
        output.write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
