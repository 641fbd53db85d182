"""The findings and results pages are sent without waiting for charts no server drew yet:
each such chart is drawn once the page is sent, fetched by the browser (htmx) and put in
its place. Its words and data table are in the page from the start."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.interpretation.conftest import LATER_CHART, as_shown
from vises.reports import charts


@pytest.fixture
def nothing_drawn():
    """No chart drawn yet, in this process or in the shared cache."""
    cache.clear()
    charts.svg.cache_clear()


def findings(client, evaluation) -> str:
    question = evaluation.questions.get()
    url = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.text


def chart_urls(page: str) -> list[str]:
    return [later[1] for later in LATER_CHART.finditer(page)]


def test_the_first_view_draws_no_chart_and_names_each_in_words_and_a_table(
    client, world, evaluation, answered, nothing_drawn
):
    client.force_login(world.user("enterprise_member"))
    page = findings(client, evaluation)
    assert "<svg" not in page
    assert len(chart_urls(page)) == 2  # the bank item and the group question
    assert page.count("The chart is being drawn.") == 2
    assert page.count("The chart in words") == 2
    assert page.count('<table class="table compact data-table">') == 2
    assert "htmx" in page  # the script that fetches them

    shown = as_shown(client, page)
    assert shown.count('class="chart-svg"') == 2 and 'role="img"' in shown
    assert "chart-later" not in shown

    # The next reader gets them drawn in the page.
    again = findings(client, evaluation)
    assert again.count('class="chart-svg"') == 2 and "chart-later" not in again


def test_a_chart_is_drawn_once_for_every_server(client, world, evaluation, answered, nothing_drawn):
    client.force_login(world.user("enterprise_member"))
    url = chart_urls(findings(client, evaluation))[0]
    first = client.get(url)
    assert first.text.startswith("<svg") and "private" in first.headers["Cache-Control"]
    # Another server: its own memory is empty, the shared cache holds the drawing.
    charts.svg.cache_clear()
    assert findings(client, evaluation).count('class="chart-svg"') == 1
    assert client.get(url).text == first.text


def test_the_results_page_also_leaves_its_charts_to_be_fetched(
    client, world, evaluation, answered, nothing_drawn
):
    client.force_login(world.user("enterprise_member"))
    url = reverse("survey_results", args=[evaluation.pk, answered.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert chart_urls(page) and "<svg" not in page
    assert "chart-later" not in as_shown(client, page)


def test_a_forgotten_chart_asks_to_reload_the_page(
    client, world, evaluation, answered, nothing_drawn
):
    client.force_login(world.user("enterprise_member"))
    url = chart_urls(findings(client, evaluation))[0]
    cache.clear()
    forgotten = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert forgotten.status_code == 200
    assert "This chart is no longer kept. Reload the page to see it." in forgotten.text
    assert "<svg" not in forgotten.text


def test_a_token_cannot_be_made_from_guessed_data(
    client, world, evaluation, answered, nothing_drawn
):
    """The token is a keyed hash: someone who guesses a chart's data and hashes them as
    the cache does learns nothing, drawn or not."""
    client.force_login(world.user("enterprise_member"))
    as_shown(client, findings(client, evaluation))
    client.logout()
    # What someone could compute from guessed data: the hash the shared cache keys by.
    hashes = [charts.cache_key(chart, "svg").rsplit(":", 1)[1] for chart in page_charts(evaluation)]
    assert hashes
    for digest in hashes:
        for token in (digest[:40], digest[-40:]):
            answer = client.get(reverse("chart_drawing", args=[token]))
            assert answer.status_code == 200 and "<svg" not in answer.text
    assert client.get(reverse("chart_drawing", args=["not-a-token"])).status_code == 200


def page_charts(evaluation):
    from vises.interpretation import evidence

    question = evaluation.questions.get()
    found = evidence.question_evidence(
        evaluation, question, evidence.small_group_minimum(), with_open_answers=True
    )
    return [entry.chart for entry in found["survey_results"] if entry.chart]
