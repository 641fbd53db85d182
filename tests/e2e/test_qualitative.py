"""Issue 17: from step 2 of the journey, the team uploads a Word interview, begins its
codebook from the framework, codes one passage by selecting it with the mouse and two more
by their lines with the keyboard alone, and reads them under their code; axe passes on each
page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible
from tests.qualitative.conftest import INTERVIEW, docx_bytes
from vises.qualitative.models import Excerpt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_team_uploads_an_interview_and_codes_two_passages(
    page: Page, world, sign_in, tmp_path: Path
):
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(
        text="How does the workshop build trust?", themes=["individuals"], is_main=True
    )
    evaluation.plan_rows.create(question=question, methods=["interview"])
    transcript = tmp_path / "Awa interview.docx"
    transcript.write_bytes(docx_bytes(INTERVIEW))

    sign_in(page, world.user("enterprise_member").email)
    page.get_by_role("link", name="Impact 2026").first.click()
    page.get_by_role("link", name="Interviews for “How does the workshop build trust?”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualitative material")
    assert_accessible(page)

    page.get_by_role("link", name="Open the codebook").click()
    page.get_by_role(
        "button", name="Add the framework's themes and the evaluative questions"
    ).click()
    expect(page.get_by_role("link", name="Individuals", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_role("link", name=re.compile("Add a document.*Interviews")).click()
    expect(page.get_by_label("Method")).to_have_value("interview")
    page.get_by_label("Title").fill("Interview with Awa")
    page.get_by_label("Pseudonym").fill("Awa")
    page.get_by_label("Transcript or notes file").set_input_files(str(transcript))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview with Awa")
    expect(page.locator("#line-5 .line-text")).to_have_text(INTERVIEW[3])
    assert_accessible(page)

    # With the mouse: from the start of a word of line 3 to the end of the line.
    line = page.locator("#line-3 .line-text")
    words = "Avant, je n'osais pas parler en groupe."
    line.scroll_into_view_if_needed()
    left, top, width, height = line.evaluate(
        """(element, words) => {
            const text = element.firstChild;
            const start = text.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + words.length);
            const box = range.getClientRects()[0];
            return [box.left, box.top, box.width, box.height];
        }""",
        words,
    )
    page.mouse.move(left + 1, top + height / 2)
    page.mouse.down()
    page.mouse.move(left + width - 1, top + height / 2, steps=8)
    page.mouse.up()
    selected = page.evaluate("() => window.getSelection().toString()")
    expect(page.locator("#selection")).to_contain_text(selected.strip()[:30])
    form = page.locator("#code-form")
    expect(form.get_by_label("From line")).to_have_value("3")
    form.get_by_label("Individuals").check()
    form.get_by_role("button", name="Code the passage").click()
    expect(page.get_by_text("The passage (line 3) was coded: Individuals.")).to_be_visible()
    excerpt = Excerpt.objects.get()
    assert excerpt.text == selected.strip()
    assert excerpt.text.startswith("Avant, je n'osais")
    expect(page.locator("#line-3 .margin")).to_contain_text("Individuals")
    assert_accessible(page)

    # With the keyboard: lines 4 and 5, a new code named on the way.
    form.get_by_label("From line").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    form.get_by_label("Or a new code").focus()
    page.keyboard.type("Speaking up")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The passage (lines 4–5) was coded: Speaking up.")).to_be_visible()
    assert Excerpt.objects.count() == 2

    # A second passage with the keyboard alone: line 2, an existing code ticked with Space.
    form.get_by_label("From line").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    form.get_by_label("Speaking up").focus()
    page.keyboard.press("Space")
    form.get_by_label("To line").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The passage (line 2) was coded: Speaking up.")).to_be_visible()
    assert Excerpt.objects.count() == 3
    expect(page.locator("#line-2 .margin")).to_contain_text("Speaking up")

    page.locator("#passages-heading ~ article").filter(has_text="Maintenant").get_by_role(
        "link", name="Speaking up"
    ).click()
    expect(page.get_by_role("heading", level=2).first).to_have_text("2 passages")
    expect(page.locator("blockquote")).to_have_count(2)
    expect(page.locator("blockquote").nth(1)).to_contain_text("Maintenant je prends la parole")
    assert_accessible(page)
