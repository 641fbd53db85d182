"""Issue 17: the way a team member follows by clicking, from the home page to a report: step 2's
interviews, a passage coded, the passage kept as a quote on its question's findings, and
the quote in the report's preview and in its PDF, the real name replaced by its pseudonym."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_reports import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "How does the workshop build trust?"
TEXT = "\n".join(
    [
        "Interviewer: How did you come to the workshop?",
        "Through the local mission, where Awa Diallo told me about it.",
        "Before, I did not dare to speak in a group.",
        "Now Awa Diallo says I speak up at every meeting.",
    ]
)
QUOTED = "Now Ama says I speak up at every meeting."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def material_world(world):
    """An evaluation whose plan gathers interviews for its question, one transcript of
    them, its codebook begun from the framework, and a pseudonym for the real name it holds."""
    from vises.qualitative import codebook, material, pseudonyms
    from vises.qualitative.models import Document

    member = world.user("enterprise_member")
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(text=QUESTION, themes=["individuals"], is_main=True)
    row = evaluation.plan_rows.create(question=question, methods=["interview"])
    material.add(
        Document(
            evaluation=evaluation,
            plan_row=row,
            method="interview",
            title="Interview with a trainee",
            pseudonym="Ama",
            text=TEXT,
        ),
        member,
    )
    with translation.override("en"):
        codebook.seed(evaluation, member)
    pseudonyms.add(evaluation, member, real_name="Awa Diallo", pseudonym="Ama")
    return evaluation


def test_a_coded_passage_becomes_a_quote_of_the_findings_and_of_the_report(
    page: Page, world, sign_in
):
    from vises.interpretation.models import Quote
    from vises.reports.models import Rendition

    material_world(world)
    sign_in(page, world.user("enterprise_member").email)

    # From the home page to step 2's interviews, then the transcript.
    page.get_by_role("link", name="Impact 2026").first.click()
    page.get_by_role("link", name=f"Interviews for “{QUESTION}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualitative material")
    page.get_by_role("link", name="Interview with a trainee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview with a trainee")

    # Line 4 coded under its theme, by its lines.
    form = page.locator("#code-form")
    form.get_by_label("From line").fill("4")
    form.get_by_label("To line").fill("4")
    form.get_by_label("Individuals").check()
    form.get_by_role("button", name="Code the passage").click()
    expect(page.get_by_text("The passage (line 4) was coded: Individuals.")).to_be_visible()
    expect(page.locator("#line-4 .margin")).to_contain_text("Individuals")
    assert_accessible(page)

    # The question's findings, from the transcript: the code, its passage, kept as a quote.
    page.get_by_role("link", name=QUESTION, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    material = page.locator("#material")
    expect(material.get_by_role("heading", level=3)).to_contain_text("Individuals")
    expect(material.get_by_role("heading", level=3)).to_contain_text("1 passage, 1 document")
    expect(material.locator("blockquote")).to_have_text(TEXT.split("\n")[3])
    material.get_by_role("button", name="Keep as a quote").click()
    expect(page.get_by_text("The passage is kept as a quote.")).to_be_visible()
    quote = Quote.objects.get()
    quoted = page.locator(f"#quote-{quote.pk}")
    expect(quoted.locator("blockquote")).to_have_text(TEXT.split("\n")[3])
    # The team reads what is stored, warned that it still names someone.
    expect(quoted).to_contain_text("Still names someone of your pseudonymisation list: Awa Diallo")
    expect(quoted.locator("figcaption")).to_contain_text("Interviews · Ama")
    expect(material.get_by_text("Kept as a quote")).to_be_visible()
    assert_accessible(page)

    # A report, composed and rendered: the quote in it, under its pseudonym.
    page.locator("nav").get_by_role("link", name="Reports", exact=True).click()
    new = page.get_by_role("region", name="Make a report")
    new.get_by_label("Title").fill("Our impact report")
    new.get_by_role("button", name="Make the report").click()
    preview = page.locator(".report-preview")
    expect(preview.locator("blockquote.report-quote")).to_have_text(QUOTED)
    expect(preview).not_to_contain_text("Awa Diallo")
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    files = page.locator("#renditions-list li")
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Ready"), timeout=3 * TIMEOUT_MS)
    rendition = Rendition.objects.get()
    assert rendition.status == "done", rendition.error
    text = pdf_text(rendition.file.path)
    assert QUOTED in text
    assert "Awa Diallo" not in text
