"""Chromium, enforcing the pages' Content-Security-Policy, refuses nothing on the main pages:
sign-in, home, the journey, the portrait (htmx), findings and results with charts, a
survey's pages for a respondent, a report and its public page."""

import datetime

import pytest
from django.urls import resolve, reverse
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_survey_results import survey_to_open
from tests.surveys.respondent_helpers import make_survey, start_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs in every page before its own scripts, outside the page's policy.
LISTEN = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__refused.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


class Refusals:
    """The policy violations Chromium reports, in the console and as events."""

    def __init__(self, context: BrowserContext):
        self.console: list[str] = []
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def assert_none(self, page: Page):
        page.wait_for_load_state("load")
        events = page.evaluate("window.__refused || []")
        assert not events and not self.console, f"{page.url}: {events} {self.console}"


@pytest.fixture
def refusals(context: BrowserContext) -> Refusals:
    return Refusals(context)


def answered_survey(world):
    """A survey of the evaluation, open, with enough answers for its charts to show."""
    from vises.surveys import builder
    from vises.surveys.models import Response

    evaluation, survey = survey_to_open(world)
    wave = builder.open_survey(survey, None, datetime.date.today())
    for number in range(8):
        Response.objects.create(
            wave=wave,
            answers={"useful": "yes" if number % 3 else "no", "why": f"Raison {number}."},
            language="fr",
            submission_key=f"key-{number}",
        )
    return evaluation, survey


def test_sign_in_home_and_the_journey_refuse_nothing(page: Page, world, sign_in, refusals):
    resolve("/")
    evaluation = make_evaluation(world.enterprise)
    page.goto("/accounts/login/")
    refusals.assert_none(page)
    sign_in(page, world.user("enterprise_admin").email)
    refusals.assert_none(page)
    for path in ["", "portrait/", "questions/", "stakeholders/", "plan/", "improvement/"]:
        page.goto(f"/evaluations/{evaluation.pk}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        refusals.assert_none(page)

    # The portrait saves itself through htmx, a script of our own files.
    page.goto(f"/evaluations/{evaluation.pk}/portrait/")
    page.locator("main form textarea").first.fill("Nous réparons des vélos.")
    expect(page.locator("#autosave-status")).not_to_be_empty(timeout=10_000)
    refusals.assert_none(page)


def test_the_scripts_moved_to_files_still_print_and_say_when_offline(
    page: Page, world, sign_in, refusals
):
    resolve("/")
    evaluation = make_evaluation(world.enterprise)
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    sign_in(page, world.user("enterprise_admin").email)
    page.goto(f"/evaluations/{evaluation.pk}/plan/")
    page.get_by_role("button", name="Print the plan").click()
    assert page.evaluate("window.printed") == 1

    page.goto(f"/evaluations/{evaluation.pk}/portrait/")
    autosave = reverse("evaluation_portrait_autosave", args=[evaluation.pk])
    page.route(f"**{autosave}", lambda route: route.abort())
    page.locator("main form textarea").first.fill("Nous réparons des vélos.")
    expect(page.locator("#autosave-status")).to_contain_text("Could not save automatically")
    refusals.assert_none(page)


def test_findings_results_and_reports_with_charts_refuse_nothing(
    page: Page, world, sign_in, refusals
):
    from vises.reports import builder

    resolve("/")
    evaluation, survey = answered_survey(world)
    question = evaluation.questions.get()
    report = builder.create_report(
        evaluation, None, audience="funders", language="en", title="Our year"
    )
    sign_in(page, world.user("enterprise_admin").email)

    page.goto(reverse("survey_results", args=[evaluation.pk, survey.pk]))
    expect(page.locator("svg.chart-svg").first).to_be_visible()
    refusals.assert_none(page)

    page.goto(reverse("evaluation_question_findings", args=[evaluation.pk, question.pk]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    refusals.assert_none(page)

    page.goto(reverse("survey_detail", args=[evaluation.pk, survey.pk]))
    expect(page.locator("#collection .qr svg")).to_be_visible()
    refusals.assert_none(page)

    page.goto(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
    cover = page.locator(".report-cover").first
    expect(cover).to_be_visible()
    # The report's stylesheet applied: its cover carries the accent colour's border.
    assert cover.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    refusals.assert_none(page)

    builder.publish(report, None)
    report.refresh_from_db()
    page.goto(reverse("report_public", args=[report.public_token]))
    expect(page.locator(".report-cover").first).to_be_visible()
    assert cover.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    refusals.assert_none(page)


def test_a_respondent_answers_without_any_refusal(page: Page, world, refusals):
    survey = make_survey(world.enterprise)
    page.goto(start_url(survey))
    refusals.assert_none(page)
    page.locator("button[value=en]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    refusals.assert_none(page)


def test_charts_not_drawn_yet_arrive_in_the_page_and_refuse_nothing(
    page: Page, world, sign_in, refusals
):
    """With no chart drawn yet, the results page is sent with a place for each chart;
    htmx fetches each drawing and puts it there."""
    from django.core.cache import cache

    from vises.reports import charts

    resolve("/")
    evaluation, survey = answered_survey(world)
    cache.clear()
    charts.svg.cache_clear()
    sign_in(page, world.user("enterprise_admin").email)

    page.goto(reverse("survey_results", args=[evaluation.pk, survey.pk]))
    expect(page.locator("svg.chart-svg").first).to_be_visible()
    expect(page.locator(".chart-later")).to_have_count(0)
    assert page.locator("svg.chart-svg").count() >= 1
    refusals.assert_none(page)
